"""The audit viewer: for supervisors and up only, records with filters, and the verify result
at the top — intact or tampered."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hmi.diagnostics.audit_view import AuditButton, AuditView
from tags.clock import ManualClock
from tags.security.audit import AuditRecord, AuditTrail
from tags.security.permissions import PermissionDenied, User
from tests.hmi.alarms.alarm_plant import OPERATOR, SUPERVISOR, VIEWER


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def trail(tmp_path: Path, clock: ManualClock) -> Iterator[AuditTrail]:
    with AuditTrail(tmp_path / "audit.db", clock, workstation="ws1") as audit:
        for i, who in enumerate(["olga", "olga", "sam", "olga"]):
            clock.advance(60)
            audit.append("write", user=who, tag=f"CWP.FIC{i}.SP", old=i, new=i + 1, unit="m³/h",
                         reason="step", result="confirmed", latency_ms=42.0)  # fmt: skip
        clock.advance(60)
        audit.append("login", user="sam", result="ok")
        yield audit


def view_for(qtbot: QtBot, trail: AuditTrail, clock: ManualClock, user: User) -> AuditView:
    view = AuditView(trail, user, now=clock.now)
    qtbot.addWidget(view)
    return view


@pytest.mark.slow
@pytest.mark.parametrize("user", [None, VIEWER, OPERATOR])
def test_below_supervisor_the_viewer_is_refused(
    qtbot: QtBot, trail: AuditTrail, clock: ManualClock, user: User | None
) -> None:
    with pytest.raises(PermissionDenied, match=r"may not view the audit trail|no user"):
        AuditView(trail, user, now=clock.now)
    button = AuditButton(trail, lambda: user, now=clock.now)
    qtbot.addWidget(button)
    assert not button.isEnabled()
    assert button.open_view() is None


def test_a_supervisor_sees_the_records_and_an_intact_chain(
    qtbot: QtBot, trail: AuditTrail, clock: ManualClock
) -> None:
    view = view_for(qtbot, trail, clock, SUPERVISOR)
    assert view.verify_label.text() == "Verified: audit trail intact: 5 records"
    assert view.verify_label.property("ok") is True
    assert [r.seq for r in view.model.records] == [5, 4, 3, 2, 1]
    row = [view.model.index(1, c).data() for c in range(view.model.columnCount())]
    assert row[2:12] == ["olga", "ws1", "write", "CWP.FIC3.SP", "3", "4", "m³/h", "step",
                         "confirmed", "42 ms"]  # fmt: skip


def test_a_write_intent_shows_its_outcome_or_that_it_is_unknown(
    qtbot: QtBot, trail: AuditTrail, clock: ManualClock
) -> None:
    def record(action: str, result: str = "", ref: int | None = None) -> AuditRecord:
        return trail.append(action, user="olga", tag="CWP.FIC9.SP", old=1, new=2,
                            reason="step", result=result, ref=ref)  # fmt: skip

    done = record("write_intent")
    record("write", "confirmed: read-back matches", done.seq)
    lost = record("write_intent")  # the writer died before recording the outcome
    view = view_for(qtbot, trail, clock, SUPERVISOR)
    shown = {r.seq: view.model.index(i, 10).data() for i, r in enumerate(view.model.records)}
    assert shown[done.seq] == f"confirmed: read-back matches (record {done.seq + 1})"
    assert shown[lost.seq] == "outcome unknown"


def test_the_records_filter_by_user_action_tag_and_period(
    qtbot: QtBot, trail: AuditTrail, clock: ManualClock
) -> None:
    view = view_for(qtbot, trail, clock, SUPERVISOR)
    view.user.setText("olga")
    assert [r.seq for r in view.search()] == [4, 2, 1]
    view.user.setText("")
    view.action.setCurrentText("login")
    assert [r.seq for r in view.search()] == [5]
    view.action.setCurrentText("")
    view.tag.setText("CWP.FIC2.SP")
    assert [r.user for r in view.search()] == ["sam"]
    view.tag.setText("")
    clock.advance(2 * 86400)
    assert view.search() == []  # the last 24 h
    view.period.setCurrentText("All")
    assert len(view.search()) == 5
    assert view.status.text() == "5 records, newest first"


def test_a_tampered_trail_is_shown_prominently(
    qtbot: QtBot, tmp_path: Path, trail: AuditTrail, clock: ManualClock
) -> None:
    with closing(sqlite3.connect(tmp_path / "audit.db")) as db, db:
        db.execute("DROP TRIGGER audit_no_update")
        db.execute("UPDATE audit SET new = '99' WHERE seq = 3")
    view = view_for(qtbot, trail, clock, SUPERVISOR)
    assert view.verify_label.text() == (
        "AUDIT TRAIL TAMPERED — record 3: MAC mismatch (altered or forged: not signed with the key)"
    )
    assert view.verify_label.property("ok") is False
    assert view.verified is not None and view.verified.first_bad_seq == 3


@pytest.mark.slow
def test_screenshot_of_the_audit_viewer(
    qtbot: QtBot, tmp_path: Path, trail: AuditTrail, clock: ManualClock, screenshot_dir: Path
) -> None:
    from PySide6.QtWidgets import QApplication

    from hmi.shell.theme import apply_theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app)
    with closing(sqlite3.connect(tmp_path / "audit.db")) as db, db:
        db.execute("DROP TRIGGER audit_no_update")
        db.execute("UPDATE audit SET new = '99' WHERE seq = 3")
    view = view_for(qtbot, trail, clock, SUPERVISOR)
    view.resize(1300, 420)
    view.show()
    qtbot.waitExposed(view)
    assert view.grab().save(str(screenshot_dir / "audit_viewer_tampered.png"))
