"""The trend display on a real historian: pens, decimated queries of the visible range,
Bad-quality breaks, the cursor, live and paused, CSV and PNG export, pen sets; and the
history feed the faceplate's mini trend can use."""

from __future__ import annotations

import asyncio
import csv
import gc
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import shiboken6
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from hmi.bridge import TagBridge
from hmi.shell.theme import apply_theme
from hmi.trends.history import HistorianSource, HistoryFeed, on_change
from hmi.trends.pens import PenError
from hmi.trends.trend_view import TrendView
from tags.address import parse_address
from tags.clock import ManualClock
from tags.database import TagDatabase
from tags.history.historian import Historian
from tags.history.sqlite_store import SqliteHistoryStore
from tags.history.store import Record, Trend
from tags.history.store_factory import sqlite_factory
from tags.model import DataType, Quality, TagDef, TagSample
from tests.waiting import GENEROUS, wait_until

T0 = 1_749_945_600.0
NOW = T0 + 3600.0
BAD_FROM, BAD_UNTIL = NOW - 400.0, NOW - 300.0


def tag(name: str, data_type: DataType = DataType.FLOAT, **fields: object) -> TagDef:
    source = f"sim://memory/{name}"
    return TagDef(name, source, parse_address(source), data_type, area="TST", **fields)  # type: ignore[arg-type]


TAGS = {
    t.name: t
    for t in [
        tag("TST.FLOW", unit="m³/h", eng_low=0.0, eng_high=100.0, display_format=".1f"),
        tag("TST.TEMP", unit="°C", display_format=".1f"),
        tag("TST.TEXT", DataType.STRING),
        *(tag(f"TST.P{i}", eng_low=0.0, eng_high=10.0) for i in range(1, 9)),
    ]
}


def flow(t: float) -> float:
    return round(50.0 + 20.0 * math.sin((t - T0) / 300.0), 3)


def history() -> list[Record]:
    records: list[Record] = []
    for k in range(360):  # an hour at 10 s
        t = T0 + 10.0 * k
        if BAD_FROM <= t < BAD_UNTIL:
            quality = Quality.BAD_NOT_CONNECTED if t == BAD_FROM else None
            if quality is not None:
                records.append(("TST.FLOW", TagSample(None, quality, t, t, "plc down")))
        else:
            records.append(("TST.FLOW", TagSample(flow(t), Quality.GOOD, t, t)))
        records.append(("TST.TEMP", TagSample(20.0 + k / 36.0, Quality.GOOD, t, t)))
    return records


@pytest.fixture(autouse=True)
def collect_on_this_thread() -> Iterator[None]:
    """Qt objects left to the cyclic garbage collector may be destroyed on whatever thread
    runs it next (a historian thread), where Qt cannot stop their timers: collect here."""
    gc.collect()
    yield
    gc.collect()


class SpySource(HistorianSource):
    """The historian's source, remembering every query."""

    def __init__(self, historian: Historian) -> None:
        super().__init__(historian)
        self.calls: list[tuple[tuple[str, ...], float, float, int]] = []

    async def trends(
        self, tags: Sequence[str], start: float, end: float, pixels: int
    ) -> list[Trend]:
        self.calls.append((tuple(tags), start, end, pixels))
        return await super().trends(tags, start, end, pixels)


@dataclass
class Bench:
    view: TrendView
    db: TagDatabase
    bridge: TagBridge
    clock: ManualClock
    source: SpySource
    historian: Historian
    loop: asyncio.AbstractEventLoop
    data: Path

    def wait(self, condition: Callable[[], bool], timeout: float = GENEROUS) -> None:
        """Wait inside the asyncio loop (qtbot.wait* would run Qt events outside it)."""
        wait_until(self.loop, condition, timeout)

    def fetched(self, action: Callable[[], object]) -> None:
        """Do something and wait for the history fetch it causes."""
        before = len(self.source.calls)
        action()
        self.wait(lambda: len(self.source.calls) > before and not self.view.history.loading)


@pytest.fixture
def bench(qapp: QApplication, qloop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[Bench]:
    if not qapp.styleSheet():
        apply_theme(qapp)
    clock = ManualClock(NOW)
    db = TagDatabase(TAGS, clock)
    path = tmp_path / "history.db"
    with SqliteHistoryStore(path, durable=False) as store:
        store.append(history())
    historian = Historian(db, sqlite_factory(path), mark_gaps=False)
    source = SpySource(historian)
    bridge = TagBridge(db)
    view = TrendView(bridge, source, tmp_path)
    view.resize(1400, 800)
    view.show()
    yield Bench(view, db, bridge, clock, source, historian, qloop, tmp_path)
    dispose(view)
    bridge.close()
    qloop.run_until_complete(historian.stop())


def dispose(view: TrendView) -> None:
    """Delete a top-level view now, on this thread: left to the garbage collector, it may be
    destroyed on the historian's reader thread, where Qt cannot stop its timers."""
    view.stop()
    view.close()
    shiboken6.delete(view)


@pytest.mark.slow
def test_pens_are_added_from_the_tag_list_and_removed_up_to_eight(bench: Bench) -> None:
    view = bench.view
    picker = view.picker.browser
    picker.search.setText("TST.FLOW")
    view.picker._choose(picker.model.index(0, 0))
    assert view.pens.names() == ["TST.FLOW"]
    for i in range(1, 8):
        view.add_pen(f"TST.P{i}")
    assert view.table.rowCount() == 8
    assert view.toolbar.count.text() == "8 of 8 pens"
    with pytest.raises(PenError, match="at most 8"):
        view.add_pen("TST.P8")
    view.picker.chosen.emit("TST.P8")  # from the picker: refused on the status line
    assert "at most 8" in view.toolbar.status.text()
    view.select_pen("TST.P3")
    view.toolbar.remove.click()
    assert "TST.P3" not in view.pens.names() and view.table.rowCount() == 7
    assert "TST.P3" not in view.plot.curves
    with pytest.raises(PenError, match="text"):
        view.add_pen("TST.TEXT")
    assert bench.bridge.watch_count() == 7 + 1  # one watch a pen + the picker's table


@pytest.mark.slow
def test_a_range_change_asks_for_the_visible_range_at_the_plot_pixel_width(
    bench: Bench,
) -> None:
    view = bench.view
    bench.fetched(lambda: view.add_pen("TST.FLOW"))
    tags, start, end, pixels = bench.source.calls[-1]
    assert tags == ("TST.FLOW",)
    assert (start, end) == pytest.approx((NOW - 600.0, NOW))
    assert pixels == view.plot.pixels() == int(view.plot.view.width())
    assert pixels > 500

    bench.fetched(lambda: view.toolbar.presets[3600.0].click())
    assert bench.source.calls[-1][1:3] == pytest.approx((NOW - 3600.0, NOW))
    assert view.live

    calls = len(bench.source.calls)
    for k in range(5):  # a burst of pans: one query when it settles
        view.plot.set_x_range(T0 + 100.0 * k, T0 + 100.0 * k + 1800.0)
    bench.wait(lambda: len(bench.source.calls) > calls and not view.history.loading)
    assert len(bench.source.calls) == calls + 1
    assert bench.source.calls[-1][1:3] == pytest.approx((T0 + 400.0, T0 + 2200.0))
    ys = view.plot.curves["TST.FLOW"].item.getData()[1]
    assert np.nanmax(ys) == pytest.approx(0.70, abs=0.01)  # 70 m³/h on a 0..100 scale


def test_zooming_by_hand_pauses_live_and_resume_returns_to_now(bench: Bench) -> None:
    view = bench.view
    view.add_pen("TST.FLOW")
    bench.clock.advance(30.0)
    view.tick()
    assert view.plot.x_range() == pytest.approx((NOW + 30.0 - 600.0, NOW + 30.0))
    view.plot.view.scaleBy(x=0.5)  # the mouse wheel
    view.plot.view.sigRangeChangedManually.emit([True, False])
    assert not view.live and "PAUSED" in view.toolbar.status.text()
    assert not any(b.isChecked() for b in view.toolbar.presets.values())
    paused = view.plot.x_range()
    bench.clock.advance(30.0)
    view.tick()
    assert view.plot.x_range() == paused
    view.toolbar.live.click()
    assert view.live and view.plot.x_range()[1] == pytest.approx(NOW + 60.0)
    view.step(-1)
    assert not view.live
    assert view.plot.x_range()[1] == pytest.approx(NOW + 60.0 - 300.0)
    view.step(+1)
    assert view.live


@pytest.mark.slow
def test_bad_quality_breaks_the_line_in_history_and_live(
    bench: Bench, screenshot_dir: Path
) -> None:
    view = bench.view
    view.add_pen("TST.TEMP")
    bench.fetched(lambda: view.add_pen("TST.FLOW"))
    view.select_pen("TST.FLOW")
    view.toolbar.cursor_button.setChecked(True)
    view.plot.cursor.setValue(BAD_FROM + 50.0)
    view.pause()
    view.grab().save(str(screenshot_dir / "trend_bad_quality_gap.png"))
    xs, ys = view.plot.curves["TST.FLOW"].item.getData()
    assert view.plot.curves["TST.FLOW"].item.opts["connect"] == "finite"
    assert np.isnan(ys[(xs == BAD_FROM)]).any()  # the line stops where Bad begins
    assert not np.isfinite(ys[(xs > BAD_FROM) & (xs < BAD_UNTIL)]).any()
    assert np.isfinite(ys[(xs > BAD_UNTIL) & (xs < NOW)]).all()
    bench.clock.advance(5.0)
    t = bench.clock.now()
    bench.db.publish({"TST.FLOW": TagSample(None, Quality.BAD_COMMUNICATION_ERROR, t, t, "x")})
    bench.bridge.flush()
    assert view.table.text("TST.FLOW", 4) == "COMM"
    view.tick()
    times, values = view.series("TST.FLOW")
    assert times[-1] == t and math.isnan(values[-1])


@pytest.mark.slow
def test_the_cursor_shows_each_pen_value_at_its_time(bench: Bench) -> None:
    view = bench.view
    view.add_pen("TST.FLOW")
    bench.fetched(lambda: view.add_pen("TST.TEMP"))
    t = NOW - 295.0  # between two samples: the earlier one is held
    view.toolbar.cursor_button.setChecked(True)
    view.plot.cursor.setValue(t)
    assert view.cursor_text("TST.FLOW") == f"{flow(NOW - 300.0):.1f}"
    assert view.cursor_text("TST.TEMP") == f"{20.0 + 330 / 36.0:.1f}"
    assert "cursor" in view.toolbar.status.text()
    view.plot.cursor.setValue(BAD_FROM + 50.0)
    assert view.cursor_text("TST.FLOW") == "BAD"
    view.toolbar.cursor_button.setChecked(False)
    assert not view.plot.cursor.isVisible() and view.cursor_text("TST.FLOW") == ""


@pytest.mark.slow
def test_a_pen_without_a_configured_scale_takes_it_from_its_data(bench: Bench) -> None:
    view = bench.view
    bench.fetched(lambda: view.add_pen("TST.TEMP"))
    pen = view.pens.get("TST.TEMP")
    assert pen is not None and not pen.auto_scale
    assert 28.0 < pen.low < 28.3 and 29.9 < pen.high < 30.2  # 10 min: 28.3 … 30.0 °C
    view.set_scale("TST.TEMP", 0.0, 50.0)
    assert (pen.low, pen.high) == (0.0, 50.0)
    assert view.table.text("TST.TEMP", 7) == "50.0"
    view.fit_scales()
    assert pen.high < 31.0


@pytest.mark.slow
def test_the_visible_range_exports_to_csv_and_png(bench: Bench) -> None:
    view = bench.view
    view.add_pen("TST.FLOW")
    bench.fetched(lambda: view.add_pen("TST.TEMP"))
    path = bench.data / "trend.csv"
    rows = bench.loop.run_until_complete(view.export_csv(path))
    with path.open(encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    assert table[0] == ["time", "TST.FLOW", "TST.FLOW quality", "TST.TEMP", "TST.TEMP quality"]
    assert rows == len(table) - 1 == 60  # ten minutes at 10 s
    assert f"exported {rows} rows" in view.toolbar.status.text()
    png = bench.data / "trend.png"
    assert view.export_png(png)
    image = QImage(str(png))
    assert image.width() > 800 and image.height() > 400


@pytest.mark.slow
def test_pen_sets_are_saved_by_name_and_loaded(bench: Bench) -> None:
    view = bench.view
    view.add_pen("TST.FLOW")
    view.add_pen("TST.P1", (2.0, 8.0))
    view.set_span(3600.0)
    view.toolbar.sets.setEditText("Flow check")
    view.toolbar.save.click()
    assert (bench.data / "trend_pen_sets.json").exists()
    view.clear_pens()
    view.set_span(600.0)
    assert view.load_pen_set("Flow check") == []
    assert view.pens.names() == ["TST.FLOW", "TST.P1"]
    p1 = view.pens.get("TST.P1")
    assert p1 is not None and (p1.low, p1.high) == (2.0, 8.0)
    assert view.span == 3600.0 and view.toolbar.presets[3600.0].isChecked()
    fresh = TrendView(bench.bridge, bench.source, bench.data)  # another console, same folder
    assert fresh.toolbar.sets.findText("Flow check") >= 0
    dispose(fresh)
    view.pen_sets.save(view.pen_sets.load("Flow check").__class__("Odd", (("NO.SUCH", 0, 1),), 60))
    assert view.load_pen_set("Odd") == ["NO.SUCH"]
    assert "NO.SUCH" in view.toolbar.status.text()


@pytest.mark.slow
def test_live_samples_extend_the_line_before_the_historian_has_them(bench: Bench) -> None:
    view = bench.view
    bench.fetched(lambda: view.add_pen("TST.FLOW"))
    bench.clock.advance(1.0)
    t = bench.clock.now()
    bench.db.publish({"TST.FLOW": TagSample(42.0, Quality.GOOD, t, t)})
    bench.bridge.flush()
    assert view.table.text("TST.FLOW", 4) == "42.0"
    bench.clock.advance(1.0)
    view.tick()
    xs, ys = view.plot.curves["TST.FLOW"].item.getData()
    assert t in xs and xs[-1] == bench.clock.now()  # held to the live edge
    assert ys[-1] == pytest.approx(0.42)


@pytest.mark.slow
def test_history_feed_gives_the_faceplate_its_last_hour(bench: Bench) -> None:
    drawn: list[int] = []
    feed = HistoryFeed(bench.bridge, bench.source, "TST.TEMP", seconds=1800.0, pixels=200)
    on_change(feed, lambda xs, ys: drawn.append(len(xs)))
    bench.wait(lambda: not feed.loading)
    xs, ys = feed.points()
    assert feed.error == "" and len(xs) > 100 and drawn[-1] > 200  # held steps
    assert xs[0] == NOW - 1800.0 and ys[0] == pytest.approx(20.0 + 180 / 36.0)
    assert ys[-1] == pytest.approx(20.0 + 359 / 36.0)
    bench.clock.advance(2.0)
    t = bench.clock.now()
    bench.db.publish({"TST.TEMP": TagSample(31.5, Quality.GOOD, t, t)})
    bench.bridge.flush()
    assert feed.points()[1][-1] == 31.5 and drawn
    shiboken6.delete(feed)
    no_history = HistoryFeed(bench.bridge, None, "TST.TEMP")
    assert no_history.error == "no history on this console"
    shiboken6.delete(no_history)
