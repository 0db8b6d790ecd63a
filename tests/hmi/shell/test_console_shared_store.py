"""The console on the shared PostgreSQL store (a real server started by the tests): its
trend shows the history recorded there before it opened, and what it records itself."""

from __future__ import annotations

import asyncio
import dataclasses
import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hmi.shell.app import Console
from hmi.trends.trend_view import TrendView
from screens import trends
from tags.config.project import load_project
from tags.runtime import Runtime
from tags.store.url import StoreUrl
from tests.paths import SIGNALS_PROJECT
from tests.waiting import recorded, wait_until

SINE = "TST.GEN.SINE"


@pytest.fixture(autouse=True)
def collect_on_this_thread() -> Iterator[None]:
    """Qt objects left to the cyclic collector must go on this thread (see the trend tests)."""
    gc.collect()
    yield
    gc.collect()


@pytest.mark.slow
def test_the_console_on_the_shared_store_trends_the_history_recorded_there(
    qtbot: QtBot,
    qloop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    screenshot_dir: Path,
    pg_url: StoreUrl,
) -> None:
    project = dataclasses.replace(load_project(SIGNALS_PROJECT), store=pg_url)
    earlier = Runtime(project, tmp_path / "server")  # another process recorded before

    async def record_first() -> float:
        await earlier.start()
        try:
            assert earlier.historian is not None
            await recorded(earlier.historian, SINE, count=8, span=1.5)
            return earlier.db.clock.now()
        finally:
            await earlier.stop()

    recorded_until = qloop.run_until_complete(record_first())
    console = Console(project, tmp_path / "console", [trends.TRENDS])
    window = qloop.run_until_complete(console.start())
    try:
        assert console.runtime.stores.is_postgresql
        assert not (tmp_path / "console" / "history.db").exists()
        view = window.pages["trends"]
        assert isinstance(view, TrendView) and view.source is not None
        window.resize(1600, 900)
        window.show()
        view.add_pen(SINE)
        view.add_pen("TST.GEN.WALK")
        view.set_span(15.0)
        historian = console.runtime.historian
        assert historian is not None and historian.problem == ""
        qloop.run_until_complete(recorded(historian, SINE, count=12))
        view.tick()
        calls = len(view.history.queries)
        view.history.forget()
        view.history.fetch()
        wait_until(qloop, lambda: len(view.history.queries) > calls and not view.history.loading)
        xs, _ = view.plot.points(SINE)
        assert view.history.error == ""
        assert any(x <= recorded_until for x in xs), "the history recorded before is shown"
        window.grab().save(str(screenshot_dir / "trend_console_shared_store.png"))
    finally:
        qloop.run_until_complete(console.stop())
