"""ISA-101 moving analog indicator: label and value over a scale with the normal band,
the alarm limits (from the tag's AlarmDefs), a setpoint marker (from a second tag) and the
value pointer. Alarm: priority frame around the value and the priority marker beside it.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFontMetricsF, QPainter
from PySide6.QtWidgets import QWidget

from hmi.quality_display import DisplayState
from hmi.widgets.base import BoundWidget
from hmi.widgets.context import DisplayContext
from hmi.widgets.paint import (
    ELIDE,
    LEFT,
    RIGHT,
    colors,
    paint_alarm_frame,
    paint_alarm_marker,
    paint_bad,
    paint_override,
)
from hmi.widgets.scale import (
    ScaleView,
    band_of,
    display_span,
    limits,
    paint_horizontal,
    setpoint_tag_of,
)


class AnalogIndicator(BoundWidget):
    def __init__(
        self,
        ctx: DisplayContext,
        tag: str,
        *,
        setpoint: str | None = None,
        label: str = "",
        span: tuple[float, float] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        tags = {"pv": tag}
        pv_def = ctx.bridge.tag(tag)
        if setpoint is None and pv_def is not None:
            setpoint = setpoint_tag_of(pv_def)  # deviation alarms are drawn around it
        if setpoint:
            tags["sp"] = setpoint
        super().__init__(ctx, tags, parent)
        self.label = label
        pv = self.points.get("pv")
        self.span = span or (display_span(pv.tag) if pv else (0.0, 100.0))
        self.paints_override = True
        self.bind()

    def scale_view(self) -> ScaleView:
        """What the scale shows now (engineering units)."""
        pv = self.points["pv"]
        sp = self.points.get("sp")
        setpoint = sp.number if sp is not None else None
        greyed = pv.state is not DisplayState.NORMAL
        return ScaleView(
            self.span[0],
            self.span[1],
            band_of(pv.tag),
            limits(pv.tag, setpoint),
            pv.number,
            setpoint,
            greyed,
        )

    def value_text(self) -> str:
        return self.points["pv"].with_unit()

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        c = colors()
        pv = self.points["pv"]
        metrics = QFontMetricsF(painter.font())
        fh = metrics.height()
        row = QRectF(rect.left() + 2, rect.top() + 1, rect.width() - 4, fh + 4)
        marker = fh + 2
        text = self.value_text()
        box_w = max(metrics.horizontalAdvance(text), metrics.horizontalAdvance("00000.0")) + 10
        box = QRectF(row.right() - marker - box_w, row.top(), box_w, row.height())
        word = self.override_marker
        badge = row.height() if word else 0.0
        if word:  # between the label and the value, never over either
            paint_override(painter, QPointF(box.left() - badge - 2, row.top() + 2), badge - 4,
                           word)  # fmt: skip
        painter.setPen(c["text_dim"])
        label_rect = QRectF(
            row.left(), row.top(), box.left() - badge - row.left() - 4, row.height()
        )
        painter.drawText(
            label_rect, LEFT, metrics.elidedText(self.label, ELIDE, label_rect.width())
        )
        alarm = self.alarm
        if pv.state is DisplayState.BAD:
            paint_bad(painter, box, pv.text)
        else:
            painter.setPen(c.state(pv.state))
            painter.drawText(box.adjusted(0, 0, -5, 0), RIGHT, text)
        if alarm is not None:
            paint_alarm_frame(painter, box, alarm)
            center = QPointF(row.right() - marker / 2 + 1, row.center().y())
            paint_alarm_marker(painter, center, marker - 2, alarm)
        rest = rect.bottom() - row.bottom()
        track_h = max(4.0, rest * 0.28)
        track = QRectF(
            rect.left() + 8, row.bottom() + rest * 0.34, rect.width() - 16 - marker, track_h
        )
        paint_horizontal(painter, track, self.scale_view())
