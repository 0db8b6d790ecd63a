"""Where trends get their history, and the one-hour history the faceplate can reuse.

``history_source(runtime)`` gives a TrendSource: the runtime's historian, the shared store a
console of a server reads, or in replay the reader of the recording being played (the
runtime's, stopped with it). Every query runs
on the historian's reader thread, so the GUI thread only awaits it. ``HistoryFeed`` is the
small API for the faceplate's mini trend: one tag's last hour from history, kept current
from the bridge.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal

from hmi.bridge import TagBridge
from hmi.trends.data import EMPTY, Array, LiveTail, join, steps, trend_arrays
from tags.console_runtime import ConsoleRuntime
from tags.history.export import export
from tags.history.historian import Historian
from tags.history.store import HistoryStore, Trend
from tags.model import TagSample


class TrendSource(Protocol):
    """What a trend needs from history (times in POSIX seconds, ranges ``[start, end)``)."""

    async def trends(
        self, tags: Sequence[str], start: float, end: float, pixels: int
    ) -> list[Trend]:
        """One decimated range per tag: at most one min/max/first/last bucket per pixel."""
        ...

    async def export_csv(self, path: Path, tags: Sequence[str], start: float, end: float) -> int:
        """The samples of ``tags`` in the range to a CSV file; the rows written."""
        ...

    def behind(self) -> str:
        """Why the newest history is not in the store yet ("" when it is)."""
        ...


class HistorianSource:
    """A TrendSource over a Historian (queries on its reader thread)."""

    def __init__(self, historian: Historian) -> None:
        self.historian = historian

    def behind(self) -> str:
        behind = self.historian.behind
        return str(behind) if behind is not None else ""

    async def trends(
        self, tags: Sequence[str], start: float, end: float, pixels: int
    ) -> list[Trend]:
        names = list(tags)
        return await self.historian.query(
            lambda store: [store.trend(n, start, end, pixels) for n in names]
        )

    async def export_csv(self, path: Path, tags: Sequence[str], start: float, end: float) -> int:
        """Wide CSV (one value and one quality column per pen), like a spreadsheet expects."""

        def run(store: HistoryStore) -> int:
            known = set(store.tag_names())
            names = [n for n in tags if n in known]
            if not names:
                raise KeyError("none of the pens has recorded history")
            return export(store, path, names, start, end, layout="wide")

        return await self.historian.query(run)


class ReplaySource(HistorianSource):
    """The recording being replayed, up to the replay position: a trend shows the shift as
    it was at that moment, never what comes after it."""

    def __init__(self, historian: Historian, now: Callable[[], float]) -> None:
        super().__init__(historian)
        self.now = now

    async def trends(
        self, tags: Sequence[str], start: float, end: float, pixels: int
    ) -> list[Trend]:
        return await super().trends(tags, start, min(end, self.now() + 0.001), pixels)


def history_source(runtime: ConsoleRuntime) -> TrendSource | None:
    """The runtime's history: its historian, the recording in replay, None without history.

    In replay the recording's one read-only reader serves everything on the console, and it
    answers up to the replay position only.
    """
    if runtime.historian is not None:
        return HistorianSource(runtime.historian)
    if runtime.shared_history is not None:  # a console of a server: the shared store, read
        return HistorianSource(runtime.shared_history)
    if runtime.recording is None:
        return None
    return ReplaySource(runtime.recording.history, runtime.db.clock.now)


class HistoryFeed(QObject):
    """One tag's recent history for a small trend: fetched once, then kept current from the
    bridge. ``series()`` gives (times, values) as held steps with NaN at Bad quality, ready for
    ``PlotDataItem.setData(*feed.series(), connect="finite")``; ``changed`` says when.

    The faceplate's mini trend: ``HistoryFeed(bridge, history_source(runtime), tag,
    seconds=3600, parent=self)`` and ``feed.changed.connect(...)``.
    """

    changed = Signal()

    def __init__(
        self,
        bridge: TagBridge,
        source: TrendSource | None,
        tag: str,
        *,
        seconds: float = 3600.0,
        pixels: int = 300,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.tag = tag
        self.seconds = seconds
        self._clock = bridge.db.clock
        self._history: tuple[Array, Array] = (EMPTY, EMPTY)
        self._fetched_until = -math.inf
        self._tail = LiveTail()
        self._task: asyncio.Future[None] | None = None
        self.error = ""
        """Why there is no history (empty when the fetch worked or is still running)."""
        if source is not None:
            now = self._clock.now()
            self._task = asyncio.ensure_future(self._fetch(source, now - seconds, now, pixels))
        else:
            self.error = QCoreApplication.translate("TrendHistory", "no history on this console")
        self._watching = False
        bridge.watch(tag, self._on_sample, owner=self)
        self._watching = True  # the current value given at watch() is history's to show
        self.destroyed.connect(lambda *_: self.cancel())

    async def _fetch(self, source: TrendSource, start: float, end: float, pixels: int) -> None:
        try:
            (trend,) = await source.trends([self.tag], start, end, pixels)
        except Exception as exc:  # history trouble must not break a faceplate
            self.error = QCoreApplication.translate(
                "TrendHistory", "history not available: {why}"
            ).format(why=exc)
            return
        self._history = trend_arrays(trend)
        xs = self._history[0]
        self._fetched_until = float(xs[-1]) if len(xs) else -math.inf
        self.changed.emit()

    @property
    def loading(self) -> bool:
        return self._task is not None and not self._task.done()

    def cancel(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()

    def _on_sample(self, _name: str, sample: TagSample) -> None:
        if not self._watching:
            return
        self._tail.add(sample)
        self.changed.emit()

    def points(self) -> tuple[Array, Array]:
        """History then live points over the last ``seconds``, starting with the value held
        at its start (not yet as steps)."""
        start = self._clock.now() - self.seconds
        xs, ys = join([self._history, self._tail.after(self._fetched_until)])
        first = max(int(np.searchsorted(xs, start, side="right")) - 1, 0)
        xs, ys = xs[first:].copy(), ys[first:]
        if len(xs) and xs[0] < start:
            xs[0] = start
        return xs, ys

    def series(self) -> tuple[Array, Array]:
        xs, ys = self.points()
        return steps(xs, ys, hold_until=self._clock.now())


def on_change(feed: HistoryFeed, draw: Callable[[Array, Array], object]) -> None:
    """Call ``draw(times, values)`` with the feed's series now and after each change."""
    feed.changed.connect(lambda: draw(*feed.series()))
    draw(*feed.series())
