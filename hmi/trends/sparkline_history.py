"""The history a screen's sparklines start with: one query for all of them when the screen
opens, again for those whose samples jumped in time (a link back after minutes), and for all
of them when the clock jumps (a seek in a replay, back or ahead)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from PySide6.QtCore import QObject, QTimer

from hmi.trends.history import TrendSource
from hmi.widgets.sparkline import Sparkline
from tags.clock import Clock

log = logging.getLogger(__name__)

PIXELS = 300
TICK_MS = 1000
"""How often the clock is looked at for jumps."""
JUMP_BACK_S = 5.0


class SparklineHistory:
    """Fills the sparklines of one screen from history, in one query per occasion."""

    def __init__(
        self, sparklines: Sequence[Sparkline], source: TrendSource, clock: Clock, owner: QObject
    ) -> None:
        """``owner`` (the screen) carries the timer that follows the clock."""
        self.source = source
        self.clock = clock
        self.fetches = 0
        self._sparklines = list(sparklines)
        self._pending: set[Sparkline] = set()
        self._tasks: set[asyncio.Future[None]] = set()
        for sparkline in sparklines:
            sparkline.on_jump = self.request
        self._last_now = clock.now()
        self._jump_s = min(s.window_s for s in sparklines) / 4 if sparklines else 0.0
        """A forward step of the clock longer than this between two looks is a jump: a
        quarter of the shortest line (a replay at 64x moves 64 s a look)."""
        self._timer = QTimer(owner)
        self._timer.timeout.connect(self.follow_clock)
        self._timer.start(TICK_MS)
        self.request(*sparklines)

    def follow_clock(self) -> None:
        """A clock that jumped (a replay seek) leaves every line with the wrong minutes, even
        those whose tag has no new sample yet: start them all again from history."""
        now = self.clock.now()
        jumped = now < self._last_now - JUMP_BACK_S or now > self._last_now + self._jump_s
        self._last_now = now
        if jumped:
            for sparkline in self._sparklines:
                sparkline.restart()
            self.request(*self._sparklines)

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
        self._timer.stop()
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
