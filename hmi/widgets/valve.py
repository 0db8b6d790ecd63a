"""Control valve: bow-tie with actuator, filled dark when open, hollow when closed, its
position (%) under it; "MAN" when the mode tag says manual.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFontMetricsF, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from hmi.quality_display import DisplayState
from hmi.widgets.base import BoundWidget
from hmi.widgets.context import DisplayContext
from hmi.widgets.paint import CENTER, colors, paint_alarm_frame, paint_alarm_marker, paint_bad
from hmi.widgets.pump import MANUAL_TEXTS
from hmi.widgets.words import widget_word

CLOSED_BELOW = 1.0
"""Position (%) at or below which the valve is drawn closed (hollow)."""


class Valve(BoundWidget):
    def __init__(
        self,
        ctx: DisplayContext,
        position: str,
        *,
        mode: str | None = None,
        label: str = "",
        vertical: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        tags = {"pos": position}
        if mode:
            tags["mode"] = mode
        super().__init__(ctx, tags, parent)
        self.label = label
        self.vertical = vertical
        self.bind()

    @property
    def is_open(self) -> bool | None:
        """Open, closed, or None when the position is not known."""
        pos = self.points.get("pos")
        if pos is None or pos.number is None:
            return None
        return pos.number > CLOSED_BELOW

    @property
    def manual(self) -> bool:
        mode = self.points.get("mode")
        return mode is not None and mode.text.upper() in MANUAL_TEXTS

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        c = colors()
        fh = QFontMetricsF(painter.font()).height()
        pos = self.points["pos"]
        sym_h = rect.height() - 2 * fh - 4
        s = min(rect.width() * 0.8, sym_h)
        sym = QRectF(rect.center().x() - s / 2, rect.top() + 1, s, sym_h)
        greyed = pos.state is not DisplayState.NORMAL
        self._paint_symbol(painter, sym, greyed)
        text_rect = QRectF(rect.left(), sym.bottom() + 1, rect.width(), fh + 2)
        if pos.state is DisplayState.BAD:
            paint_bad(painter, text_rect.adjusted(4, 0, -4, 0), pos.text)
        else:
            painter.setPen(c.state(pos.state))
            painter.drawText(text_rect, CENTER, pos.with_unit())
        alarm = self.alarm
        if alarm is not None:
            paint_alarm_frame(painter, text_rect.adjusted(4, 0, -4, 0), alarm)
            size = max(10.0, fh * 0.95)
            paint_alarm_marker(
                painter,
                QPointF(rect.right() - size / 2 - 1, rect.top() + size / 2 + 1),
                size,
                alarm,
            )
        painter.setPen(c["text"])
        label = f"{self.label} {widget_word('MAN')}" if self.manual else self.label
        painter.drawText(text_rect.translated(0, fh + 1), CENTER, label)

    def _paint_symbol(self, painter: QPainter, sym: QRectF, greyed: bool) -> None:
        c = colors()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        body_h = sym.height() * 0.62
        body = QRectF(sym.left(), sym.bottom() - body_h, sym.width(), body_h)
        cx, cy = body.center().x(), body.center().y()
        if self.vertical:
            half = min(body.width(), body.height()) / 2
            poly = [
                (cx - half, body.top()),
                (cx + half, body.top()),
                (cx - half, body.bottom()),
                (cx + half, body.bottom()),
            ]
        else:
            poly = [
                (body.left(), body.top()),
                (body.right(), body.bottom()),
                (body.right(), body.top()),
                (body.left(), body.bottom()),
            ]
        pen = QPen(c["stale"] if greyed else c["equipment_on"], 1.5)
        if greyed:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        is_open = self.is_open
        painter.setBrush(
            QBrush(c["equipment_on"] if is_open and not greyed else c["equipment_off"])
        )
        painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in poly]))
        # actuator: stem and dome
        top = sym.top() + 1
        painter.drawLine(QPointF(cx, cy), QPointF(cx, top + sym.height() * 0.22))
        dome = QRectF(cx - body.width() * 0.28, top, body.width() * 0.56, sym.height() * 0.26)
        painter.setBrush(QBrush(c["equipment_off"]))
        painter.drawChord(dome.adjusted(0, 0, 0, dome.height()), 0, 180 * 16)
        painter.restore()
