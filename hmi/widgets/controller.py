"""Controller block: a loop's PV, SP, OP and mode in one frame; a click opens the loop's
faceplate (through its PV tag). A mode other than AUTO is shown inverted (dark box), since
it is abnormal; an alarm frames the PV and shows its priority marker in the title row.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QWidget

from hmi.quality_display import DisplayState
from hmi.widgets.base import BoundWidget, Point
from hmi.widgets.context import DisplayContext
from hmi.widgets.paint import (
    CENTER,
    ELIDE,
    LEFT,
    RIGHT,
    colors,
    font,
    paint_alarm_frame,
    paint_alarm_marker,
    paint_bad,
)
from hmi.widgets.words import widget_word

NORMAL_MODES = frozenset({"AUTO", "CAS"})
ROWS = (("pv", "PV"), ("sp", "SP"), ("op", "OP"))


class ControllerBlock(BoundWidget):
    def __init__(
        self,
        ctx: DisplayContext,
        *,
        pv: str,
        sp: str | None = None,
        op: str | None = None,
        mode: str | None = None,
        label: str = "",
        parent: QWidget | None = None,
    ) -> None:
        tags = {"pv": pv}
        tags.update({r: n for r, n in (("sp", sp), ("op", op), ("mode", mode)) if n})
        super().__init__(ctx, tags, parent)
        self.label = label
        self.bind()

    @property
    def mode_text(self) -> str:
        mode = self.points.get("mode")
        return "" if mode is None else mode.text

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        c = colors()
        metrics = QFontMetricsF(painter.font())
        fh = metrics.height()
        frame = rect.adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(c["equipment_on"], 1))
        painter.drawRect(frame)
        title = QRectF(rect.left() + 6, rect.top() + 2, rect.width() - 12, fh + 2)
        painter.setFont(font(painter.font().pixelSize(), True))
        painter.setPen(c["text"])
        marker = fh
        title_w = title.width() - marker - 4
        painter.drawText(title, LEFT, metrics.elidedText(self.label, ELIDE, title_w))
        painter.setFont(font(painter.font().pixelSize()))
        alarm = self.alarm
        if alarm is not None:
            center = QPointF(title.right() - marker / 2, title.center().y())
            paint_alarm_marker(painter, center, marker - 1, alarm)
        row_h = (rect.height() - title.height() - 6) / 4
        y = title.bottom() + 2
        name_w = metrics.horizontalAdvance("PV") + 12
        for role, name in ROWS:
            row = QRectF(rect.left() + 6, y, rect.width() - 12, row_h)
            point = self.points.get(role)
            if point is not None:
                painter.setPen(c["text_dim"])
                painter.drawText(row, LEFT, name)
                box = row.adjusted(name_w, 1, 0, -1)
                self._paint_value(painter, box, point)
                if role == "pv" and alarm is not None:
                    paint_alarm_frame(painter, box, alarm)
            y += row_h
        mode = self.points.get("mode")
        if mode is not None:
            row = QRectF(rect.left() + 6, y, rect.width() - 12, row_h)
            painter.setPen(c["text_dim"])
            painter.drawText(row, LEFT, widget_word("MODE"))
            box = row.adjusted(name_w + metrics.horizontalAdvance("DE"), 1, 0, -1)
            if mode.state is DisplayState.BAD:
                paint_bad(painter, box, mode.text)
            elif mode.text.upper() in NORMAL_MODES:
                painter.setPen(c.state(mode.state))
                painter.drawText(box.adjusted(0, 0, -4, 0), RIGHT, widget_word(mode.text))
            else:  # MAN: abnormal, shown inverted
                word = widget_word(mode.text)
                w = metrics.horizontalAdvance(word) + 12
                inv = QRectF(box.right() - w, box.top(), w, box.height())
                painter.fillRect(inv, c["equipment_on"])
                painter.setPen(c["equipment_off"])
                painter.drawText(inv, CENTER, word)

    def _paint_value(self, painter: QPainter, box: QRectF, point: Point) -> None:
        c = colors()
        if point.state is DisplayState.BAD:
            paint_bad(painter, box, point.text)
            return
        text = point.with_unit()
        painter.setPen(c.state(point.state))
        painter.drawText(box.adjusted(0, 0, -4, 0), RIGHT, text)
