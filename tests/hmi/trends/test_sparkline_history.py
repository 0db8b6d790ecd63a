"""Sparklines start with the history from before their screen opened (one query per screen)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hmi.canvas.builder import Canvas, canvas_screen
from hmi.canvas.elements import layout, sparkline
from hmi.shell.app import Console
from hmi.widgets.sparkline import Sparkline
from tags.config.project import load_project
from tests.paths import DEMO_PROJECT, DEMO_RECORDING, SIGNALS_PROJECT
from tests.waiting import recorded, until

TAG = "TST.GEN.SINE"


@pytest.mark.slow
def test_a_screen_opened_later_shows_the_minutes_before_it_in_its_sparklines(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    screens = [
        canvas_screen("first", "First", 2, layout([])),
        canvas_screen("spark", "Spark", 2, layout([sparkline(10, 10, 300, 40, TAG)])),
    ]
    console = Console(load_project(SIGNALS_PROJECT), tmp_path, screens)
    window = qloop.run_until_complete(console.start())
    try:
        assert console.runtime.historian is not None
        qloop.run_until_complete(recorded(console.runtime.historian, TAG, count=3, span=2.0))
        opened = time.time()
        page = window.open_screen("spark")
        canvas = page if isinstance(page, Canvas) else page.findChild(Canvas)
        assert canvas is not None and canvas.history is not None
        line = canvas.findChild(Sparkline)
        assert line is not None
        history = canvas.history
        qloop.run_until_complete(until(lambda: not history.busy))
        assert history.fetches == 1
        times = [t for t, _ in line.history]
        assert times == sorted(times)
        assert times[0] < opened - 1.5, "the line starts before the screen was opened"
        assert sum(1 for t, v in line.history if v is not None and t < opened) >= 2
    finally:
        qloop.run_until_complete(console.stop())


@pytest.mark.slow
def test_after_a_seek_in_a_replay_the_sparklines_show_the_minutes_before_the_new_position(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    from screens import all_screens

    project = load_project(DEMO_PROJECT)
    console = Console(project, tmp_path, all_screens(), replay=DEMO_RECORDING)
    window = qloop.run_until_complete(console.start())
    try:
        bar = window.replay_bar
        assert bar is not None
        page = window.open_screen("overview")
        canvas = page if isinstance(page, Canvas) else page.findChild(Canvas)
        assert canvas is not None and canvas.history is not None
        history = canvas.history
        qloop.run_until_complete(until(lambda: not history.busy))
        start = console.runtime.db.clock.now()
        qloop.run_until_complete(bar.seek(start + 480))  # 8 minutes into the shift
        lines = [w for w in canvas.findChildren(Sparkline) if w.points.get("pv")]
        assert lines

        def skipped_minutes_shown() -> bool:
            return not history.busy and all(
                any(start + 120 < t < start + 420 for t, v in line.history if v is not None)
                for line in lines
            )

        qloop.run_until_complete(until(skipped_minutes_shown))  # the next look at the clock
        assert history.fetches >= 2
        for line in lines:
            times = [t for t, v in line.history if v is not None]
            assert times, line.points["pv"].name
            assert times[0] < start + 480 - 300, "five minutes and more before the position"
            assert any(start + 120 < t < start + 420 for t in times), "the minutes skipped"
            assert times[-1] <= start + 481
    finally:
        qloop.run_until_complete(console.stop())
