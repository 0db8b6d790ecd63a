"""A trend whose history cannot be read says so on the plot instead of staying empty, and
one whose history is behind (the store away, samples spooled) says how far and why."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication

from hmi.bridge import TagBridge
from hmi.shell.theme import apply_theme
from hmi.trends.trend_view import TrendView
from tags.address import parse_address
from tags.clock import ManualClock
from tags.database import TagDatabase
from tags.history.store import Trend
from tags.model import DataType, TagDef
from tests.waiting import wait_until

NOW = 1_749_945_600.0 + 3600.0
SOURCE = "sim://memory/TST.FLOW"
TAGS = {"TST.FLOW": TagDef("TST.FLOW", SOURCE, parse_address(SOURCE), DataType.FLOAT, area="TST")}


class TroubledSource:
    """History that fails while ``error`` is set and is behind while ``late`` is."""

    def __init__(self) -> None:
        self.error = ""
        self.late = ""
        self.calls = 0

    async def trends(
        self, tags: Sequence[str], start: float, end: float, pixels: int
    ) -> list[Trend]:
        self.calls += 1
        if self.error:
            raise RuntimeError(self.error)
        return [Trend(t, start, end, pixels, 0.0, None, ()) for t in tags]

    async def export_csv(self, path: Path, tags: Sequence[str], start: float, end: float) -> int:
        return 0

    def behind(self) -> str:
        return self.late


@pytest.fixture(autouse=True)
def collect_on_this_thread() -> Iterator[None]:
    gc.collect()
    yield
    gc.collect()


@pytest.fixture
def view_and_source(
    qapp: QApplication, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> Iterator[tuple[TrendView, TroubledSource]]:
    if not qapp.styleSheet():
        apply_theme(qapp)
    db = TagDatabase(TAGS, ManualClock(NOW))
    bridge = TagBridge(db)
    source = TroubledSource()
    view = TrendView(bridge, source, tmp_path)
    view.resize(1200, 700)
    view.show()
    yield view, source
    view.stop()
    view.close()
    shiboken6.delete(view)
    bridge.close()


def test_a_failed_history_query_is_said_on_the_plot(
    view_and_source: tuple[TrendView, TroubledSource], qloop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    screenshot_dir: Path,
) -> None:  # fmt: skip
    view, source = view_and_source
    source.error = "postgresql://console@db:5432/scada: connection refused"
    view.add_pen("TST.FLOW")
    wait_until(qloop, lambda: source.calls >= 1 and not view.history.loading)
    notice = view.plot.notice
    assert notice.isVisible()
    assert notice.text() == (
        "history not available: postgresql://console@db:5432/scada: connection refused"
    )
    assert notice.property("kind") == "bad"
    view.grab().save(str(screenshot_dir / "trend-history-failed.png"))
    source.error = ""
    view.history.forget()
    view.history.fetch()
    wait_until(qloop, lambda: source.calls >= 2 and not view.history.loading)
    assert not notice.isVisible()


def test_a_history_behind_is_said_on_the_plot_until_it_caught_up(
    view_and_source: tuple[TrendView, TroubledSource], qloop: asyncio.AbstractEventLoop,
) -> None:  # fmt: skip
    view, source = view_and_source
    view.add_pen("TST.FLOW")
    wait_until(qloop, lambda: source.calls >= 1 and not view.history.loading)
    assert not view.plot.notice.isVisible()
    source.late = "history is 31 s behind (310 samples waiting): store unreachable: refused"
    view.tick()
    assert view.plot.notice.isVisible() and view.plot.notice.property("kind") == "warn"
    assert view.plot.notice.text().startswith("history is 31 s behind")
    source.late = ""
    view.tick()
    assert not view.plot.notice.isVisible()
