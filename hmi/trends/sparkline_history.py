"""The history a screen's sparklines start with: one query for all of them when the screen
opens, and again for those whose time jumped (a seek in a replay, a link back after minutes)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from hmi.trends.history import TrendSource
from hmi.widgets.sparkline import Sparkline
from tags.clock import Clock

log = logging.getLogger(__name__)

PIXELS = 300


class SparklineHistory:
    """Fills the sparklines of one screen from history, in one query per occasion."""

    def __init__(self, sparklines: Sequence[Sparkline], source: TrendSource, clock: Clock):
        self.source = source
        self.clock = clock
        self.fetches = 0
        self._pending: set[Sparkline] = set()
        self._tasks: set[asyncio.Future[None]] = set()
        for sparkline in sparklines:
            sparkline.on_jump = self.request
        self.request(*sparklines)

    def request(self, *sparklines: Sparkline) -> None:
        """Fill these soon (requests in the same loop turn share one query)."""
        if not self._pending:
            task = asyncio.ensure_future(self._fill())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        self._pending.update(sparklines)

    @property
    def busy(self) -> bool:
        return bool(self._pending) or any(not t.done() for t in self._tasks)

    def cancel(self) -> None:
        self._pending.clear()
        for task in list(self._tasks):
            task.cancel()

    async def _fill(self) -> None:
        await asyncio.sleep(0)  # the other requests of this turn (a seek moves every line)
        sparklines, self._pending = list(self._pending), set()
        if not sparklines:
            return
        now = self.clock.now()
        window = max(s.window_s for s in sparklines)
        tags = sorted({s.points["pv"].name for s in sparklines if "pv" in s.points})
        self.fetches += 1
        try:
            trends = await self.source.trends(tags, now - window, now, PIXELS)
        except Exception as exc:  # a screen without its sparklines' past is still a screen
            log.info("sparklines start empty: %s", exc)
            return
        by_tag = {trend.tag: trend.points() for trend in trends}
        for sparkline in sparklines:
            pv = sparkline.points.get("pv")
            if pv is None or pv.name not in by_tag:
                continue
            times, values = by_tag[pv.name]
            start = now - sparkline.window_s
            kept = [(t, v) for t, v in zip(times, values, strict=True) if start <= t <= now]
            sparkline.prefill([t for t, _ in kept], [v for _, v in kept])
