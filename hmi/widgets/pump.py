"""Pump/motor: circle and flow triangle, filled dark when running, hollow when stopped,
crossed out when tripped (trip tag set, or commanded to run but not running), with "MAN"
when its mode tag says manual. State text under the symbol, never colour alone.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFontMetricsF, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from hmi.quality_display import DisplayState
from hmi.widgets.base import BoundWidget
from hmi.widgets.context import DisplayContext
from hmi.widgets.paint import CENTER, colors, font, paint_alarm_marker, paint_bad
from hmi.widgets.words import widget_word

MANUAL_TEXTS = frozenset({"MAN", "MANUAL", "LOCAL", "LOC"})


class MotorState(enum.Enum):
    RUNNING = "RUN"
    STOPPED = "STOP"
    TRIPPED = "TRIP"
    UNKNOWN = "?"


def _on(value: object) -> bool:
    return bool(value) if isinstance(value, bool | int | float) else False


class Pump(BoundWidget):
    def __init__(
        self,
        ctx: DisplayContext,
        run: str,
        *,
        cmd: str | None = None,
        trip: str | None = None,
        mode: str | None = None,
        label: str = "",
        facing: str = "right",
        parent: QWidget | None = None,
    ) -> None:
        tags = {"run": run}
        tags.update({r: n for r, n in (("cmd", cmd), ("trip", trip), ("mode", mode)) if n})
        super().__init__(ctx, tags, parent)
        self.label = label
        self.facing = facing
        self.bind()

    @property
    def motor_state(self) -> MotorState:
        run = self.points.get("run")
        if run is None or run.state is DisplayState.BAD:
            return MotorState.UNKNOWN
        trip = self.points.get("trip")
        cmd = self.points.get("cmd")
        if trip is not None and _on(trip.value):
            return MotorState.TRIPPED
        running = _on(run.value)
        if cmd is not None and cmd.state is DisplayState.NORMAL and _on(cmd.value) and not running:
            return MotorState.TRIPPED
        return MotorState.RUNNING if running else MotorState.STOPPED

    @property
    def manual(self) -> bool:
        mode = self.points.get("mode")
        return mode is not None and mode.text.upper() in MANUAL_TEXTS

    @property
    def state_text(self) -> str:
        """What the operator reads under the symbol, e.g. "RUN", "TRIP", "STOP MAN"."""
        run = self.points.get("run")
        if run is not None and run.state is DisplayState.BAD:
            return run.text  # the quality code, translated by show()
        text = widget_word(self.motor_state.value)
        return f"{text} {widget_word('MAN')}" if self.manual else text

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        c = colors()
        metrics = QFontMetricsF(painter.font())
        fh = metrics.height()
        text_h = fh * 2 + 2
        d = min(rect.width() - 4, rect.height() - text_h - 4)
        circle = QRectF(rect.center().x() - d / 2, rect.top() + 2, d, d)
        run = self.points["run"]
        state = self.motor_state
        alarm = self.alarm
        if run.state is DisplayState.BAD:
            paint_bad(painter, circle, run.text)
        else:
            self._paint_symbol(painter, circle, state, run.state is not DisplayState.NORMAL)
        if alarm is not None:
            pen = QPen(c.priority(alarm.priority), 2)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(circle.adjusted(-2, -2, 2, 2))
            size = max(10.0, fh * 0.95)
            paint_alarm_marker(
                painter, QPointF(circle.right() + size * 0.3, circle.top() + size / 2), size, alarm
            )
        painter.setPen(c["text"])
        label_rect = QRectF(rect.left(), circle.bottom() + 2, rect.width(), fh)
        painter.drawText(label_rect, CENTER, self.label)
        painter.setFont(font(painter.font().pixelSize(), state is MotorState.TRIPPED))
        painter.setPen(c["text"] if state is MotorState.TRIPPED or self.manual else c["text_dim"])
        painter.drawText(label_rect.translated(0, fh), CENTER, self.state_text)

    def _paint_symbol(
        self, painter: QPainter, circle: QRectF, state: MotorState, greyed: bool
    ) -> None:
        c = colors()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        running = state is MotorState.RUNNING
        outline = c["stale"] if greyed else c["equipment_on"]
        pen = QPen(outline, 2.5 if state is MotorState.TRIPPED else 1.5)
        if greyed:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(
            QBrush(c["equipment_on"] if running and not greyed else c["equipment_off"])
        )
        painter.drawEllipse(circle)
        r = circle.width() / 2
        cx, cy = circle.center().x(), circle.center().y()
        d = {"right": 1, "left": -1}.get(self.facing, 1)
        tip = QPointF(cx + d * r * 0.62, cy)
        tri = QPolygonF(
            [
                tip,
                QPointF(cx - d * r * 0.42, cy - r * 0.55),
                QPointF(cx - d * r * 0.42, cy + r * 0.55),
            ]
        )
        painter.setPen(QPen(c["equipment_off"] if running else outline, 1.2))
        painter.setBrush(QBrush(c["equipment_off"]) if running else Qt.BrushStyle.NoBrush)
        painter.drawPolygon(tri)
        if state is MotorState.TRIPPED:
            painter.setPen(QPen(c["text"], 2.5))
            k = r * 0.75
            painter.drawLine(QPointF(cx - k, cy - k), QPointF(cx + k, cy + k))
            painter.drawLine(QPointF(cx - k, cy + k), QPointF(cx + k, cy - k))
        painter.restore()
