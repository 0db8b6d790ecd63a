"""AuditTrail listeners: what a training session uses to see writes as they are audited."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tags.clock import ManualClock
from tags.security.audit import AuditRecord, AuditTrail


def test_a_listener_gets_each_appended_record_until_removed(tmp_path: Path) -> None:
    trail = AuditTrail(tmp_path / "audit.db", ManualClock(), workstation="ws1")
    seen: list[AuditRecord] = []
    remove = trail.add_listener(seen.append)
    first = trail.append("write", user="olga", tag="CWP.DMC.DENS.SP", old=1.42, new=1.39)
    remove()
    trail.append("write", user="olga", tag="CWP.DMC.DENS.SP", old=1.39, new=1.40)
    assert seen == [first]
    assert seen[0].old == "1.42" and seen[0].new == "1.39" and seen[0].seq == 1
    remove()  # twice is harmless
    trail.close()


def test_a_failing_listener_is_logged_and_the_record_still_kept(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    trail = AuditTrail(tmp_path / "audit.db", ManualClock(), workstation="ws1")

    def broken(record: AuditRecord) -> None:
        raise RuntimeError("listener broke")

    trail.add_listener(broken)
    with caplog.at_level(logging.ERROR, logger="tags.security.audit"):
        record = trail.append("login", user="olga")
    assert "audit listener" in caplog.text
    assert trail.query() == [record]
    assert trail.verify().ok
    trail.close()
