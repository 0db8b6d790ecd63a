"""The historian's line on the diagnostics screen: recording in grey; behind (how far, how
much, why) with an orange mark while the store is away; back to grey once it caught up."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hmi.diagnostics.history_view import HistoryStateView, history_state
from hmi.shell.theme import apply_theme
from tags.clock import ManualClock
from tags.database import TagDatabase
from tags.history.historian import Historian
from tags.history.store import HistoryStore, Record
from tags.history.store_factory import sqlite_factory
from tags.store.postgres import StoreUnavailable
from tests.tags.history.support import T0, good, memory_tag


def test_without_a_historian_the_line_says_so() -> None:
    assert history_state(None)[0] == "off"


def test_the_line_follows_the_store_away_and_back(
    qapp: QApplication,
    qtbot: QtBot,
    qloop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    screenshot_dir: Path,
) -> None:
    if not qapp.styleSheet():
        apply_theme(qapp)
    clock = ManualClock(T0)
    db = TagDatabase({"A.B.X": memory_tag("A.B.X")}, clock)
    inner = sqlite_factory(tmp_path / "history.db")
    down = [False]

    def factory(readonly: bool) -> HistoryStore:
        store = inner(readonly)

        class Flaky:
            def __getattr__(self, name: str) -> Any:
                return getattr(store, name)

            def append(self, records: Sequence[Record]) -> int:
                if down[0]:
                    raise StoreUnavailable("postgresql://hmi_server@db:5432/scada: refused")
                return store.append(records)

        return Flaky()  # type: ignore[return-value]

    historian = Historian(db, factory, mark_gaps=False)
    qloop.run_until_complete(historian.start(tasks=False))
    view = HistoryStateView(lambda: historian)
    qtbot.addWidget(view)
    view.resize(900, 40)
    view.show()
    db.publish({"A.B.X": good(1.0, T0)})
    qloop.run_until_complete(historian.flush())
    view.refresh()
    assert view.property("state") == "ok"
    assert view.text().startswith("History: recording; 1 samples stored")

    down[0] = True
    for i in range(1, 13):
        clock.advance(1.0)
        db.publish({"A.B.X": good(100.0 + i, T0 + i)})
        qloop.run_until_complete(historian.flush())
    view.refresh()
    assert view.property("state") == "behind"
    assert view.text() == (
        "History: 11 s behind (12 samples waiting): store unreachable: "
        "postgresql://hmi_server@db:5432/scada: refused"
    )
    view.grab().save(str(screenshot_dir / "history-behind.png"))

    down[0] = False
    qloop.run_until_complete(historian.flush())
    view.refresh()
    assert view.property("state") == "ok"
    assert "13 samples stored" in view.text()
    qloop.run_until_complete(historian.stop())


@pytest.mark.parametrize("problem", ["history cannot be opened: disk gone"])
def test_a_historian_that_records_nothing_says_why(
    tmp_path: Path, problem: str, qloop: asyncio.AbstractEventLoop
) -> None:
    db = TagDatabase({"A.B.X": memory_tag("A.B.X")}, ManualClock(T0))
    historian = Historian(db, sqlite_factory(tmp_path / "h.db"))
    historian.problem = problem
    state, text = history_state(historian)
    assert state == "failed" and text.endswith(problem)
