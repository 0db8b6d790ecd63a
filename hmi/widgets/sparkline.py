"""Sparkline: a short trend of one tag, kept in the widget from the bridge's samples.

No axes: the last few minutes as a one-pixel line over the tag's normal band, on a fixed
vertical span (the analog indicator's), so noise stays small and an upset shows as a
departure from the band. What happened before the screen opened comes from one history
query for the whole screen (``prefill``). Samples are thinned to a few hundred per window; Bad
samples leave a gap; the end of the line is where the newest sample is.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFontMetricsF, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from hmi.quality_display import DisplayState
from hmi.widgets.base import BoundWidget
from hmi.widgets.context import DisplayContext
from hmi.widgets.paint import colors, paint_alarm_marker, paint_bad
from hmi.widgets.scale import band_of, display_span, limits
from tags.model import TagSample

POINTS_PER_WINDOW = 300
JUMP_BACK_S = 5.0
"""A sample this much older than the line's end means time went back (a replay seek)."""
_DOT = Qt.PenStyle.DotLine


class Sparkline(BoundWidget):
    def __init__(
        self,
        ctx: DisplayContext,
        tag: str,
        *,
        minutes: float = 10.0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, {"pv": tag}, parent)
        self.window_s = minutes * 60.0
        self._min_step = self.window_s / POINTS_PER_WINDOW
        self.history: deque[tuple[float, float | None]] = deque(maxlen=POINTS_PER_WINDOW * 2)
        """(time, value or None for a gap), oldest first."""
        self.on_jump: Callable[[Sparkline], None] | None = None
        """Called when the line had to start again (its history may fill it)."""
        pv = self.points.get("pv")
        self.span = display_span(pv.tag) if pv else (0.0, 1.0)
        if pv is not None:
            ctx.bridge.watch(tag, self._on_history, owner=self)
        self.bind()

    def _on_history(self, _name: str, sample: TagSample) -> None:
        value = sample.value
        bad = sample.quality.is_bad or not isinstance(value, int | float)
        t = sample.source_time
        history = self.history
        if history:
            last_t, last_v = history[-1]
            if t < last_t - JUMP_BACK_S or t - last_t > self.window_s / 4:
                history.clear()  # a seek in a replay, or minutes of silence: start again
                if self.on_jump is not None:
                    self.on_jump(self)
            elif t < last_t or (t - last_t < self._min_step and (last_v is None) == bad):
                return
        history.append((t, None if bad else float(value)))  # type: ignore[arg-type]
        while history and history[0][0] < t - self.window_s:
            history.popleft()
        if not self._pending:
            self._pending = True
            self._bridge.repaint_later(self)

    def restart(self) -> None:
        """Forget the line (its time jumped); history and new samples fill it again."""
        self.history.clear()
        if not self._pending:
            self._pending = True
            self._bridge.repaint_later(self)

    def prefill(self, times: Sequence[float], values: Sequence[float]) -> None:
        """History from before the first live sample (NaN: a gap), e.g. the screen's one
        history query when it opens, so the line does not start empty."""
        history = self.history
        first = history[0][0] if history else math.inf
        older: list[tuple[float, float | None]] = []
        for t, v in zip(times, values, strict=True):
            if t >= first:
                break
            gap = math.isnan(v)
            if older and t - older[-1][0] < self._min_step and (older[-1][1] is None) == gap:
                continue
            older.append((t, None if gap else v))
        room = (history.maxlen or 0) - len(history)
        if not older or room <= 0:
            return
        history.extendleft(reversed(older[-room:]))
        if not self._pending:
            self._pending = True
            self._bridge.repaint_later(self)

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        c = colors()
        pv = self.points["pv"]
        area = rect.adjusted(2, 3, -3, -3)
        lo, hi = self.span
        span = hi - lo or 1.0

        def y_of(v: float) -> float:
            f = (v - lo) / span
            return area.bottom() - min(1.0, max(0.0, f)) * area.height()

        painter.fillRect(area, c["scale_track"])
        band = band_of(pv.tag)
        if band is not None:
            top, bottom = y_of(band[1]), y_of(band[0])
            painter.fillRect(QRectF(area.left(), top, area.width(), bottom - top), c["normal_band"])
        painter.setPen(QPen(c["border"], 1, _DOT))
        for limit in limits(pv.tag, None):
            if lo < limit.value < hi:
                y = y_of(limit.value)
                painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
        history = self.history
        if history:
            end = history[-1][0]
            x_scale = area.width() / self.window_s
            greyed = pv.state is not DisplayState.NORMAL
            painter.setPen(QPen(c["stale"] if greyed else c["trend"], 1))
            line: list[QPointF] = []
            for t, v in history:
                if v is None:
                    if len(line) > 1:
                        painter.drawPolyline(QPolygonF(line))
                    line = []
                    continue
                line.append(QPointF(area.right() - (end - t) * x_scale, y_of(v)))
            if len(line) > 1:
                painter.drawPolyline(QPolygonF(line))
            if line and history[-1][1] is not None:
                painter.setBrush(QBrush(c["trend"]))
                painter.drawEllipse(line[-1], 2.0, 2.0)
        fh = QFontMetricsF(painter.font()).height()
        if pv.state is DisplayState.BAD:
            w = QFontMetricsF(painter.font()).horizontalAdvance(pv.text) + 8
            paint_bad(painter, QRectF(area.right() - w, area.top(), w, fh), pv.text)
        alarm = self.shown_alarm
        if alarm is not None:
            size = min(fh, area.height() - 2)
            paint_alarm_marker(
                painter, QPointF(area.left() + size / 2 + 1, area.top() + size / 2 + 1), size, alarm
            )
        painter.setPen(QPen(c["border"], 1))
        painter.setBrush(QBrush())
        painter.drawRect(area)
