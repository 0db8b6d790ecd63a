"""AuditTrail subscriptions: what a training session uses to see writes as they are audited."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tags.clock import ManualClock
from tags.security.audit import AuditRecord, AuditTrail


def test_a_listener_gets_each_appended_record_until_its_subscription_is_closed(
    tmp_path: Path,
) -> None:
    trail = AuditTrail(tmp_path / "audit.db", ManualClock(), workstation="ws1")
    seen: list[AuditRecord] = []
    subscription = trail.subscribe(seen.append)
    first = trail.append("write", user="olga", tag="CWP.DMC.DENS.SP", old=1.42, new=1.39)
    subscription.close()
    trail.append("write", user="olga", tag="CWP.DMC.DENS.SP", old=1.39, new=1.40)
    assert seen == [first]
    assert seen[0].old == "1.42" and seen[0].new == "1.39" and seen[0].seq == 1
    subscription.close()  # twice is harmless
    trail.close()


def test_a_failing_listener_is_logged_and_the_record_still_kept(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    trail = AuditTrail(tmp_path / "audit.db", ManualClock(), workstation="ws1")

    def broken(record: AuditRecord) -> None:
        raise RuntimeError("listener broke")

    trail.subscribe(broken)
    with caplog.at_level(logging.ERROR, logger="tags.security.audit"):
        record = trail.append("login", user="olga")
    assert "audit listener" in caplog.text
    assert trail.query() == [record]
    assert trail.verify().ok
    trail.close()
