"""Process line with flow direction: a polyline with arrows along it.

Bound to a flow (or running) tag, the line is idle (thin, light, no arrows) when the value
is at or below a threshold, dashed when the value is not trustworthy and magenta when Bad.
The widget is masked to the line itself, so it neither hides nor steals clicks from the
widgets its bounding box overlaps. Unbound lines are painted by the canvas with the same
``paint_pipe``.
"""

from __future__ import annotations

import enum
import itertools
import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPaintEvent,
    QPen,
    QPolygonF,
    QRegion,
    QResizeEvent,
)
from PySide6.QtWidgets import QWidget

from hmi.quality_display import DisplayState
from hmi.widgets.base import BoundWidget
from hmi.widgets.context import DisplayContext
from hmi.widgets.paint import colors, paint_alarm_marker, paint_override

MIN_ARROW_SEGMENT = 46.0
"""Segments shorter than this (pixels) get no arrow."""


class Flow(enum.Enum):
    FLOWING = "flowing"
    IDLE = "idle"
    DOUBTFUL = "doubtful"  # uncertain or stale value
    BAD = "bad"
    CONFIG = "config"


def paint_pipe(
    painter: QPainter, points: Sequence[QPointF], width: float, flow: Flow, arrows: bool = True
) -> None:
    """The line through ``points`` and, when flowing, one arrow per long segment."""
    c = colors()
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    color = {
        Flow.FLOWING: c["pipe"],
        Flow.IDLE: c["pipe_idle"],
        Flow.DOUBTFUL: c["stale"],
        Flow.BAD: c["bad"],
        Flow.CONFIG: c["bad"],
    }[flow]
    pen = QPen(color, width if flow is not Flow.IDLE else max(1.0, width * 0.6))
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    if flow in (Flow.DOUBTFUL, Flow.BAD, Flow.CONFIG):
        pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.drawPolyline(QPolygonF(list(points)))
    if arrows and flow is Flow.FLOWING:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(color))
        size = max(5.0, width * 2.4)
        for a, b in itertools.pairwise(points):
            dx, dy = b.x() - a.x(), b.y() - a.y()
            length = math.hypot(dx, dy)
            if length < MIN_ARROW_SEGMENT:
                continue
            ux, uy = dx / length, dy / length
            mx, my = (a.x() + b.x()) / 2 + ux * size / 2, (a.y() + b.y()) / 2 + uy * size / 2
            tri = [
                QPointF(mx, my),
                QPointF(
                    mx - ux * size * 1.4 - uy * size * 0.8, my - uy * size * 1.4 + ux * size * 0.8
                ),
                QPointF(
                    mx - ux * size * 1.4 + uy * size * 0.8, my - uy * size * 1.4 - ux * size * 0.8
                ),
            ]
            painter.drawPolygon(QPolygonF(tri))
    painter.restore()


class Pipe(BoundWidget):
    def __init__(
        self,
        ctx: DisplayContext,
        points: Sequence[tuple[float, float]],
        size: tuple[float, float],
        *,
        flow: str | None = None,
        threshold: float = 0.0,
        arrows: bool = True,
        width: float = 3.0,
        parent: QWidget | None = None,
    ) -> None:
        """``points`` are in the units of ``size`` (the widget's size on the virtual canvas);
        they scale with the widget."""
        super().__init__(ctx, {"flow": flow} if flow else {}, parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)
        self._points = list(points)
        self._size = size
        self.threshold = threshold
        self.arrows = arrows
        self.line_width = width
        self.bind()

    @property
    def flow(self) -> Flow:
        if self.unknown:
            return Flow.CONFIG
        point = self.points.get("flow")
        if point is None:
            return Flow.FLOWING
        if point.state is DisplayState.BAD:
            return Flow.BAD
        if point.number is None:
            return Flow.DOUBTFUL
        if point.number <= self.threshold:
            return Flow.IDLE
        return Flow.DOUBTFUL if point.state is not DisplayState.NORMAL else Flow.FLOWING

    def _scaled(self) -> list[QPointF]:
        sx = self.width() / self._size[0] if self._size[0] else 1.0
        sy = self.height() / self._size[1] if self._size[1] else 1.0
        return [QPointF(x * sx, y * sy) for x, y in self._points]

    def _pen_width(self) -> float:
        sx = self.width() / self._size[0] if self._size[0] else 1.0
        sy = self.height() / self._size[1] if self._size[1] else 1.0
        return max(1.5, self.line_width * min(sx, sy))

    def resizeEvent(self, event: QResizeEvent) -> None:
        path = QPainterPath()
        points = self._scaled()
        if points:
            path.moveTo(points[0])
            for p in points[1:]:
                path.lineTo(p)
        stroker = QPainterPathStroker()
        stroker.setWidth(max(12.0, self._pen_width() * 4))
        outline = stroker.createStroke(path)
        region = QRegion(outline.toFillPolygon().toPolygon())
        alarm_box = self._marker_rect()
        if alarm_box is not None:  # room for the alarm marker and, beside it, an override badge
            region = region.united(alarm_box.toAlignedRect())
            region = region.united(self._badge_rect(alarm_box).toAlignedRect())
        self.setMask(region)
        super().resizeEvent(event)

    def _marker_rect(self) -> QRectF | None:
        points = self._scaled()
        if len(points) < 2 or not self.points:
            return None
        size = max(12.0, float(self.px))
        a, b = points[0], points[1]
        mid = QPointF((a.x() + b.x()) / 2, (a.y() + b.y()) / 2)
        return QRectF(mid.x() + 4, mid.y() - size - 4, size + 2, size + 2)

    @staticmethod
    def _badge_rect(marker: QRectF) -> QRectF:
        """Where a forced or simulated flow's badge goes: beside the alarm marker's place."""
        return marker.translated(marker.width() + 2, 0)

    def set_pixel_size(self, px: int) -> None:
        super().set_pixel_size(px)
        self.resizeEvent(QResizeEvent(self.size(), self.size()))

    def paintEvent(self, event: QPaintEvent) -> None:
        self._pending = False
        painter = QPainter(self)
        paint_pipe(painter, self._scaled(), self._pen_width(), self.flow, self.arrows)
        alarm = self.shown_alarm
        box = self._marker_rect()
        if alarm is not None and box is not None:
            paint_alarm_marker(painter, box.center(), box.width() - 2, alarm)
        word = self.override_marker
        if word and box is not None:
            badge = self._badge_rect(box)
            paint_override(painter, badge.topLeft(), badge.height() - 2, word)
        painter.end()
