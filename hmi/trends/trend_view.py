"""The trend display: up to eight pens from the historian, live or back in time.

History comes as decimated ranges (one min/max/first/last bucket per pixel of the plot),
fetched again a moment after every zoom or pan, always off the GUI thread (the historian's
reader thread) and never more than one query in flight. Live, the view follows the clock
once a second and draws the newest samples from the bridge until the next fetch covers them.
Panning or zooming by hand pauses live; Resume jumps back to now.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from hmi.bridge import TagBridge
from hmi.i18n.retranslate import is_language_change
from hmi.quality_display import show
from hmi.trends.controls import TagPicker, TrendToolbar, span_text
from hmi.trends.data import PenSeries, value_range
from hmi.trends.fetch import HistoryFetcher, Query
from hmi.trends.history import TrendSource
from hmi.trends.markers import ActionMarkers, Actions
from hmi.trends.pens import Pen, PenError, PenList, PenSet, PenSetStore, fit_scale
from hmi.trends.plot import TrendPlot
from hmi.trends.table import CURSOR, NOW, PenTable
from tags.history.store import Trend
from tags.i18n.catalogue import text
from tags.model import TagSample
from tags.subscription import Subscription

LIVE_MS = 1000
JUMP = 10.0
"""Seconds the clock may move between two ticks before the trend fetches again (replay)."""
DEFAULT_SPAN = 600.0


class TrendView(QWidget):
    fetched = Signal()
    """A history fetch finished (or failed: see ``message``)."""

    def __init__(
        self,
        bridge: TagBridge,
        source: TrendSource | None,
        data_dir: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.source = source
        self.clock = bridge.db.clock
        self.pens = PenList()
        self.pen_sets = PenSetStore.in_folder(data_dir)
        self.export_dir = data_dir / "exports"
        self.span = DEFAULT_SPAN
        self.live = True
        self.message = (
            "" if source is not None else self.tr("no history on this console: live only")
        )
        self.resolution = 0.0
        self.series = PenSeries()
        """Per pen: history, then live samples (``series(name)``: times, values)."""
        self._watches: dict[str, Subscription] = {}
        self._exports: set[asyncio.Future[None]] = set()
        self._last_now = self.clock.now()
        self.markers: ActionMarkers | None = None
        """Operator actions over the plot (in replay: ``show_actions``)."""

        self.history = HistoryFetcher(source, self._query, self._deliver, self)
        self.toolbar = TrendToolbar(self)
        self.plot = TrendPlot()
        self.table = PenTable()
        self.picker = TagPicker(bridge)
        self.chart = QWidget()
        chart = QVBoxLayout(self.chart)
        chart.setContentsMargins(0, 0, 0, 0)
        chart.addWidget(self.plot, 1)
        chart.addWidget(self.table)
        body = QSplitter()
        body.addWidget(self.chart)
        body.addWidget(self.picker)
        body.setStretchFactor(0, 1)
        body.setSizes([1200, 420])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.toolbar)
        layout.addWidget(body, 1)
        self._connect()
        self._timer = QTimer(self, interval=LIVE_MS)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        self.destroyed.connect(lambda *_: self.history.cancel())
        self.toolbar.show_pen_sets(self._pen_set_names())
        self.set_span(self.span)

    def _connect(self) -> None:
        bar = self.toolbar
        bar.preset_chosen.connect(self.set_span)
        bar.step.connect(self.step)
        bar.live_toggled.connect(lambda live: self.resume() if live else self.pause())
        bar.cursor_toggled.connect(self.show_cursor)
        bar.remove_pen.connect(self._remove_selected)
        bar.fit_scales.connect(self.fit_scales)
        bar.save_set.connect(lambda name: self._try(self.save_pen_set, name))
        bar.load_set.connect(lambda name: self._try(self.load_pen_set, name))
        bar.delete_set.connect(lambda name: self._try(self.delete_pen_set, name))
        bar.export_csv.connect(lambda: self.toolbar.ask_path(self, "csv", self._export_csv_later))
        bar.export_png.connect(lambda: self.toolbar.ask_path(self, "png", self.export_png))
        bar.picker_toggled.connect(self.picker.setVisible)
        self.picker.chosen.connect(lambda name: self._try(self.add_pen, name))
        self.plot.range_changed.connect(self._on_range)
        self.plot.user_moved.connect(self._on_user_moved)
        self.plot.cursor_moved.connect(self._show_cursor_values)
        self.table.pen_selected.connect(self.select_pen)
        self.table.scale_edited.connect(self.set_scale)
        self.table.visibility_changed.connect(self.plot.set_visible)

    # pens ----------------------------------------------------------------------------------

    def add_pen(self, name: str, scale: tuple[float, float] | None = None) -> Pen:
        """Put a tag on the trend (PenError: unknown, text, already there, eight already)."""
        tag = self.bridge.tag(name)
        if tag is None:
            raise PenError(text("tag.unknown", tag=name))
        pen = self.pens.add(tag, scale)
        self.plot.add_pen(pen)
        self.series.add(name)
        self._watches[name] = self.bridge.watch(name, self._on_change, owner=self)
        self._pens_changed()
        self.history.forget()
        self.history.request()
        return pen

    def remove_pen(self, name: str) -> None:
        self.pens.remove(name)
        self.plot.remove_pen(name)
        self._watches.pop(name).close()
        self.series.remove(name)
        self._pens_changed()

    def clear_pens(self) -> None:
        for name in self.pens.names():
            self.remove_pen(name)

    def select_pen(self, name: str) -> None:
        """The pen whose scale the axis shows (drawn above the others)."""
        self.pens.select(name)
        self.plot.select(self.pens.selected)
        self.table.select(name)

    def set_scale(self, name: str, low: float, high: float) -> None:
        pen = self.pens.get(name)
        if pen is None:
            return
        try:
            pen.set_scale(low, high)
        except PenError as exc:
            self._say(str(exc))
        self._pens_changed()
        self.plot.redraw(name)

    def _pens_changed(self) -> None:
        self.table.show_pens(self.pens.pens, self.pens.selected)
        self.plot.select(self.pens.selected)
        self.toolbar.pen_count(len(self.pens))
        for name in self.pens.names():
            self._on_sample(name, self.bridge.sample(name))
        self._show_cursor_values()

    def _remove_selected(self) -> None:
        if self.pens.selected is not None:
            self.remove_pen(self.pens.selected.name)

    # time range ----------------------------------------------------------------------------

    def set_span(self, seconds: float) -> None:
        """Show ``seconds`` up to now (live) or up to the end of the view (paused)."""
        self.span = seconds
        self.toolbar.mark_preset(seconds)
        end = self.clock.now() if self.live else self.plot.x_range()[1]
        self.plot.set_x_range(end - seconds, end)

    def pause(self) -> None:
        self.live = False
        self.toolbar.show_live(False)
        self._status()

    def resume(self) -> None:
        self.live = True
        self.toolbar.show_live(True)
        now = self.clock.now()
        self.plot.set_x_range(now - self.span, now)
        self._status()

    def step(self, direction: int) -> None:
        """Move back (-1) or forward (+1) by half the span; forward past now goes live."""
        start, end = self.plot.x_range()
        shift = direction * (end - start) / 2
        if end + shift >= self.clock.now():
            self.resume()
            return
        self.pause()
        self.plot.set_x_range(start + shift, end + shift)

    def _on_user_moved(self) -> None:
        if self.live:
            self.pause()
        start, end = self.plot.x_range()
        self.span = end - start
        self.toolbar.mark_preset(self.span)

    def _on_range(self, start: float, end: float) -> None:
        self._status()
        now = self.clock.now()
        if self.history.needs(start, end, self.plot.pixels(), live=self.live, now=now):
            self.history.request()

    def tick(self) -> None:
        """Follow the clock (every second while live)."""
        now = self.clock.now()
        self._follow_jumps(now)
        if self.live:
            before = self.plot.x_range()
            self._draw_all(draw=False)
            self.plot.set_x_range(now - self.span, now)
            if self.plot.x_range() == before:  # the clock stood still: draw the new samples
                self.plot.redraw()
        self._notice()

    def _follow_jumps(self, now: float) -> None:
        """A replay that jumps (back, or far ahead) makes what was fetched wrong for the new
        moment: drop the live samples and fetch again."""
        jumped = now < self._last_now or now > self._last_now + JUMP
        self._last_now = now
        if jumped and len(self.pens):
            for name in self.pens.names():
                self.series.add(name)
            self.history.forget()
            self.history.request()

    def show_actions(self, actions: Actions) -> ActionMarkers:
        """Mark the operator actions ``actions(start, end)`` gives for the visible range."""
        self.markers = self.markers or ActionMarkers(self.plot, actions)
        return self.markers

    # history -------------------------------------------------------------------------------

    def _query(self) -> Query | None:
        """The visible range at the plot's pixel width, for every pen."""
        if not len(self.pens):
            return None
        start, end = self.plot.x_range()
        return tuple(self.pens.names()), start, end, self.plot.pixels()

    def _deliver(self, trends: Sequence[Trend]) -> None:
        for trend in trends:
            self.series.history(trend)
            self.resolution = trend.resolution
        self._auto_scale()
        self._draw_all()
        self._status()
        self.fetched.emit()

    def _auto_scale(self) -> None:
        """Pens whose project gives no scale take it from their first data."""
        fitted = [p.name for p in self.pens.pens if p.auto_scale and self._fit(p)]
        if fitted:
            self._pens_changed()

    def fit_scales(self) -> None:
        """Every pen's scale around what it shows now (the operator's "fit")."""
        for pen in self.pens.pens:
            self._fit(pen, visible=True)
        self._pens_changed()
        self.plot.redraw()

    def _fit(self, pen: Pen, *, visible: bool = False) -> bool:
        found = value_range(*self.series(pen.name), *(self.plot.x_range() if visible else ()))
        if found is not None:
            pen.set_scale(*fit_scale(*found))
        return found is not None

    def _draw_all(self, *, draw: bool = True) -> None:
        now = self.clock.now()
        hold = now if self.live else min(now, self.plot.x_range()[1])
        for name in self.pens.names():
            self.plot.set_data(name, *self.series(name), hold_until=hold, draw=draw)
        if self.plot.cursor.isVisible():
            self._show_cursor_values()

    def _on_change(self, name: str, sample: TagSample) -> None:
        if name in self._watches:  # not the current value handed over at watch()
            self.series.live(name, sample)
        self._on_sample(name, sample)

    def _on_sample(self, name: str, sample: TagSample) -> None:
        pen = self.pens.get(name)
        if pen is None:
            return
        shown = show(pen.tag, sample, self.clock.now())
        self.table.set_cell(name, NOW, shown.text, shown.state)
        self.table.set_marker(name, shown.marker, shown.tooltip if shown.marker else "")

    # cursor --------------------------------------------------------------------------------

    def show_cursor(self, on: bool = True) -> None:
        if on:
            self.plot.show_cursor()
        else:
            self.plot.hide_cursor()
            for pen in self.pens.pens:
                self.table.show_reading(pen, None)
        self.toolbar.show_cursor_state(on)

    def _show_cursor_values(self, *_: object) -> None:
        if not self.plot.cursor.isVisible():
            return
        t = self.plot.cursor_at
        for pen in self.pens.pens:
            self.table.show_reading(pen, self.plot.value_at(pen.name, t))
        self.toolbar.show_cursor_time(t)
        self._status()

    def cursor_text(self, name: str) -> str:
        return self.table.text(name, CURSOR)

    # pen sets ------------------------------------------------------------------------------

    def _pen_set_names(self) -> list[str]:
        try:
            return self.pen_sets.names()
        except PenError as exc:
            self._say(str(exc))
            return []

    def save_pen_set(self, name: str) -> None:
        self.pen_sets.save(PenSet.of(name.strip(), self.pens, self.span))
        self.toolbar.show_pen_sets(self._pen_set_names(), current=name.strip())
        self._say(self.tr("pen set '{name}' saved").format(name=name.strip()))

    def delete_pen_set(self, name: str) -> None:
        self.pen_sets.delete(name)
        self.toolbar.show_pen_sets(self._pen_set_names())

    def load_pen_set(self, name: str) -> list[str]:
        """Show a saved pen set live; the names of its tags this project does not know."""
        pen_set = self.pen_sets.load(name)
        self.clear_pens()
        missing = []
        for tag, low, high in pen_set.pens:
            try:
                self.add_pen(tag, (low, high))
            except PenError:
                missing.append(tag)
        self.live = True
        self.toolbar.show_live(True)
        self.set_span(pen_set.span)
        if missing:
            self._say(
                self.tr("pen set '{name}': not in this project: {tags}").format(
                    name=name, tags=", ".join(missing)
                )
            )
        return missing

    # export --------------------------------------------------------------------------------

    def visible_range(self) -> tuple[float, float]:
        start, end = self.plot.x_range()
        return start, min(end, self.clock.now() + 0.001)

    async def export_csv(self, path: Path) -> int:
        """The visible range of every pen to CSV through the historian's export; rows."""
        if self.source is None:
            raise PenError(self.tr("no history on this console: nothing to export"))
        start, end = self.visible_range()
        rows = await self.source.export_csv(path, self.pens.names(), start, end)
        self._say(self.tr("exported {rows} rows to {path}").format(rows=rows, path=path))
        return rows

    def _export_csv_later(self, path: Path) -> None:
        async def run() -> None:
            try:
                await self.export_csv(path)
            except (PenError, KeyError, OSError, RuntimeError) as exc:
                self._say(self.tr("export failed: {why}").format(why=exc))

        self._exports.add(task := asyncio.ensure_future(run()))
        task.add_done_callback(self._exports.discard)

    def export_png(self, path: Path) -> bool:
        """The plot and the pen table as they are on screen."""
        saved = bool(self.chart.grab().save(str(path)))
        shown = self.tr("saved {path}") if saved else self.tr("could not save {path}")
        self._say(shown.format(path=path))
        return saved

    # status --------------------------------------------------------------------------------

    def stop(self) -> None:
        """Stop following the clock and drop a query in flight (before the loop ends)."""
        self._timer.stop()
        self.history.stop()

    def _try(self, action: Callable[[str], object], name: str) -> None:
        """Run an operator's action; a refusal goes to the status line."""
        try:
            action(name)
        except (PenError, KeyError, OSError) as exc:
            self._say(str(exc).strip("'\""))

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            if self.source is None:
                self.message = self.tr("no history on this console: live only")
            self._status()
        super().changeEvent(event)

    def _say(self, text: str) -> None:
        self.message = text
        self._status()

    def _notice(self) -> None:
        """A history that cannot be read, or that is behind, is said on the plot itself."""
        if self.history.error:
            self.plot.show_notice(self.history.error, "bad")
            return
        behind = self.source.behind() if self.source is not None else ""
        if behind and len(self.pens):
            self.plot.show_notice(
                self.tr("{behind}; the newest part is live values only").format(behind=behind),
                "warn",
            )
        else:
            self.plot.show_notice("")

    def _status(self) -> None:
        self._notice()
        start, end = self.plot.x_range()
        self.toolbar.show_status(
            live=self.live,
            start=start,
            end=end,
            span=span_text(end - start),
            resolution=self.resolution,
            loading=self.history.loading,
            message=self.message or self.history.error,
        )
