"""History for a trend's visible range: asked a moment after the last zoom or pan
(debounced), at the plot's pixel width, on the historian's reader thread, one query at a time.
The GUI thread only awaits; a request made while a query runs is served right after it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from hmi.trends.history import TrendSource
from tags.history.store import Trend

DEBOUNCE_MS = 200
"""Quiet time after a zoom or pan before history is fetched for the new range."""

Query = tuple[tuple[str, ...], float, float, int]
"""(tags, start, end, pixels)."""


class HistoryFetcher(QObject):
    def __init__(
        self,
        source: TrendSource | None,
        what: Callable[[], Query | None],
        deliver: Callable[[Sequence[Trend]], None],
        parent: QObject | None = None,
    ) -> None:
        """``what()`` says what to fetch when the time comes (None: nothing); ``deliver``
        gets the trends of a finished query."""
        super().__init__(parent)
        self.source = source
        self._what = what
        self._deliver = deliver
        self.queries: list[Query] = []
        """Every query made, in order."""
        self.covered: tuple[float, float, int] | None = None
        """(start, end, pixels) of the last query that worked."""
        self.loading = False
        self.error = ""
        self._task: asyncio.Future[None] | None = None
        self._again = False
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.fetch)

    def request(self) -> None:
        """Fetch a moment from now (zooming and panning come in bursts)."""
        self._timer.start()

    def forget(self) -> None:
        """The pens changed: the next range check fetches again."""
        self.covered = None

    def needs(self, start: float, end: float, pixels: int, *, live: bool, now: float) -> bool:
        """Whether ``[start, end]`` on ``pixels`` is more than the last query covered. Live,
        the bridge's samples cover the newest part, so history is refreshed only now and then."""
        if self.covered is None:
            return True
        f_start, f_end, f_pixels = self.covered
        width = f_end - f_start
        if f_pixels != pixels or abs((end - start) - width) > 0.01 * width:
            return True
        pixel = width / max(f_pixels, 1)
        if start < f_start - pixel:
            return True
        if live:
            return now - f_end > min(max(10.0, width * 0.05), 120.0)
        return end > f_end + pixel

    def fetch(self) -> None:
        """Query now (or right after the query in flight)."""
        if self.source is None:
            return
        if self.loading:
            self._again = True
            return
        query = self._what()
        if query is None:
            return
        self.queries.append(query)
        self.loading = True
        self._task = asyncio.ensure_future(self._run(self.source, *query))

    async def _run(
        self, source: TrendSource, names: tuple[str, ...], start: float, end: float, pixels: int
    ) -> None:
        try:
            trends = await source.trends(names, start, end, pixels)
        except Exception as exc:  # history trouble must never break the display
            self.error = QCoreApplication.translate(
                "TrendHistory", "history not available: {why}"
            ).format(why=exc)
            trends = []
        else:
            self.error = ""
            self.covered = (start, end, pixels)
        self.loading = False
        self._deliver(trends)
        if self._again:
            self._again = False
            self.request()

    def stop(self) -> None:
        self._timer.stop()
        self.cancel()

    def cancel(self) -> None:
        """Drop the query in flight (its widget is going; touches no Qt object)."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self.loading = False
