"""The trend screen in the console (live history from the runtime's historian) and on the
shipped demo-shift recording, with a screenshot an operator can look at."""

from __future__ import annotations

import asyncio
import gc
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import shiboken6
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hmi.bridge import TagBridge
from hmi.shell.app import Console
from hmi.shell.theme import apply_theme
from hmi.trends.history import HistorianSource, history_source
from hmi.trends.trend_view import TrendView
from screens import trends
from tags.clock import ManualClock
from tags.config.project import load_project
from tags.database import TagDatabase
from tags.history.historian import Historian
from tags.history.store_factory import sqlite_factory
from tests.paths import DEMO_PROJECT, DEMO_RECORDING, SIGNALS_PROJECT
from tests.waiting import recorded, wait_until

SINE = "TST.GEN.SINE"
PENS = ("CWP.DMC.DENS.PV", "CWP.DMC.DENS.SP", "CWP.DMC.DENS.OP", "CWP.MAG.INVENTORY",
        "CWP.FEED.TPH")  # fmt: skip


@pytest.fixture(autouse=True)
def collect_on_this_thread() -> Iterator[None]:
    """Qt objects left to the cyclic garbage collector may be destroyed on whatever thread
    runs it next (a historian thread), where Qt cannot stop their timers: collect here."""
    gc.collect()
    yield
    gc.collect()


@pytest.mark.slow
def test_the_trend_screen_shows_the_console_history_and_live_values(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, screenshot_dir: Path
) -> None:
    console = Console(load_project(SIGNALS_PROJECT), tmp_path, [trends.TRENDS])
    window = qloop.run_until_complete(console.start())
    try:
        view = window.pages["trends"]
        assert isinstance(view, TrendView) and view.source is not None
        window.resize(1600, 900)
        window.show()
        for name in (SINE, "TST.GEN.WALK", "TST.GEN.SQUARE", "TST.FIC1.SP"):
            view.add_pen(name)
        view.set_span(30.0)
        historian = console.runtime.historian
        assert historian is not None
        qloop.run_until_complete(recorded(historian, SINE, count=3))
        view.tick()  # the visible range ends now, after those samples
        calls = len(view.history.queries)
        view.history.forget()
        view.history.fetch()
        wait_until(qloop, lambda: len(view.history.queries) > calls and not view.history.loading)
        xs, _ = view.plot.points(SINE)
        assert len(xs) >= 3 and view.history.error == ""
        wait_until(qloop, lambda: view.table.text(SINE, 4) not in ("", "WAIT"))
        shown = len(xs)
        wait_until(qloop, lambda: more_live_line(view, shown))
        window.grab().save(str(screenshot_dir / "trend_console_live.png"))
    finally:
        qloop.run_until_complete(console.stop())


def more_live_line(view: TrendView, than: int) -> bool:
    """Whether the live line has grown past ``than`` points (following the clock as the
    view's one-second timer does)."""
    view.tick()
    return len(view.plot.points(SINE)[0]) > than


def test_replay_reads_history_from_the_recording(tmp_path: Path) -> None:
    from tags.runtime import Runtime

    recording = tmp_path / "shift.db"
    shutil.copy(DEMO_RECORDING, recording)
    runtime = Runtime(load_project(DEMO_PROJECT), tmp_path, replay=recording)
    source = history_source(runtime)
    assert isinstance(source, HistorianSource)
    again = history_source(runtime)  # one reader of the recording per console
    assert isinstance(again, HistorianSource) and again.historian is source.historian
    runtime.alarm_journal.close()
    runtime.audit.close()
    runtime.users.close()
    asyncio.run(source.historian.stop())


@pytest.mark.slow
def test_screenshot_of_the_trend_on_the_demo_shift_recording(
    qapp: QApplication, qloop: asyncio.AbstractEventLoop, tmp_path: Path, screenshot_dir: Path
) -> None:
    if not qapp.styleSheet():
        apply_theme(qapp)
    recording = tmp_path / "shift.db"
    shutil.copy(DEMO_RECORDING, recording)
    project = load_project(DEMO_PROJECT)
    clock = ManualClock(1_795_890_195.0 + 5.0)  # just after the end of the recording
    db = TagDatabase(project.tags, clock)
    historian = Historian(db, sqlite_factory(recording), mark_gaps=False)
    bridge = TagBridge(db)
    view = TrendView(bridge, HistorianSource(historian), tmp_path)
    try:
        now_values = qloop.run_until_complete(
            historian.query(lambda store: store.values_at(list(db.tags), clock.now()))
        )
        db.publish(now_values)
        bridge.flush()
        view.resize(1600, 820)
        view.show()
        for name in PENS:
            view.add_pen(name)
        wait_until(qloop, lambda: len(view.history.queries) > 0 and not view.history.loading)
        view.select_pen("CWP.DMC.DENS.PV")
        view.set_scale("CWP.DMC.DENS.PV", 1.30, 1.50)
        view.set_scale("CWP.DMC.DENS.SP", 1.30, 1.50)
        view.toolbar.cursor_button.setChecked(True)
        view.plot.show_cursor(1_795_889_595.0 + 300.0)
        view.picker.browser.search.setText("CWP.DMC")
        assert view.cursor_text("CWP.DMC.DENS.PV") != ""
        for name in PENS:
            assert np.isfinite(view.plot.points(name)[1]).sum() >= 5
        view.grab().save(str(screenshot_dir / "trend.png"))
    finally:
        view.stop()
        view.close()
        shiboken6.delete(view)  # now, on this thread (see test_trend.dispose)
        bridge.close()
        qloop.run_until_complete(historian.stop())
