"""Tank or sump: vessel outline with the level as a grey fill, the level value inside, and a
narrow scale beside it with the normal band, alarm limits and the setpoint.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QBrush, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QWidget

from hmi.quality_display import DisplayState
from hmi.widgets.base import BoundWidget
from hmi.widgets.context import DisplayContext
from hmi.widgets.paint import CENTER, colors, paint_alarm_frame, paint_alarm_marker, paint_bad
from hmi.widgets.scale import ScaleView, band_of, limits, paint_vertical


class Tank(BoundWidget):
    def __init__(
        self,
        ctx: DisplayContext,
        level: str,
        *,
        setpoint: str | None = None,
        label: str = "",
        cone: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        tags = {"pv": level}
        if setpoint:
            tags["sp"] = setpoint
        super().__init__(ctx, tags, parent)
        self.label = label
        self.cone = cone
        self.bind()

    def fill_fraction(self) -> float | None:
        """The level as a fraction of the tag's range (None when not known)."""
        pv = self.points["pv"]
        if pv.number is None:
            return None
        lo = pv.tag.eng_low if pv.tag.eng_low is not None else 0.0
        hi = pv.tag.eng_high if pv.tag.eng_high is not None else 100.0
        f = (pv.number - lo) / (hi - lo) if hi > lo else 0.0
        return min(1.0, max(0.0, f))

    def _outline(self, vessel: QRectF) -> QPainterPath:
        path = QPainterPath()
        if self.cone:
            cone_h = vessel.height() * 0.25
            mid = vessel.center().x()
            path.moveTo(vessel.topLeft())
            path.lineTo(vessel.right(), vessel.top())
            path.lineTo(vessel.right(), vessel.bottom() - cone_h)
            path.lineTo(mid + vessel.width() * 0.12, vessel.bottom())
            path.lineTo(mid - vessel.width() * 0.12, vessel.bottom())
            path.lineTo(vessel.left(), vessel.bottom() - cone_h)
            path.closeSubpath()
        else:
            path.addRect(vessel)
        return path

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        c = colors()
        fh = QFontMetricsF(painter.font()).height()
        pv = self.points["pv"]
        scale_w = max(6.0, rect.width() * 0.08)
        label_h = fh + 4 if self.label else 1
        painter.setPen(c["text"])
        painter.drawText(QRectF(rect.left(), rect.top(), rect.width(), fh), CENTER, self.label)
        vessel = QRectF(
            rect.left() + 2,
            rect.top() + label_h,
            rect.width() - scale_w - 14,
            rect.height() - label_h - 2,
        )
        outline = self._outline(vessel)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.fillPath(outline, QBrush(c["equipment_off"]))
        fraction = self.fill_fraction()
        if fraction is not None:
            painter.setClipPath(outline)
            top = vessel.bottom() - fraction * vessel.height()
            level = c["stale"] if pv.state is not DisplayState.NORMAL else c["level"]
            painter.fillRect(
                QRectF(vessel.left(), top, vessel.width(), vessel.bottom() - top), level
            )
            painter.setClipping(False)
        painter.setPen(QPen(c["equipment_on"], 1.5))
        painter.setBrush(QBrush())
        painter.drawPath(outline)
        painter.restore()
        box = QRectF(vessel.left() + 4, vessel.top() + 4, vessel.width() - 8, fh + 4)
        if pv.state is DisplayState.BAD:
            paint_bad(painter, box, pv.text)
        else:
            painter.fillRect(box, c["equipment_off"])
            painter.setPen(c.state(pv.state))
            painter.drawText(box, CENTER, pv.with_unit())
        alarm = self.alarm
        if alarm is not None:
            paint_alarm_frame(painter, box, alarm)
            size = max(10.0, fh * 0.95)
            paint_alarm_marker(
                painter, QPointF(box.center().x(), box.bottom() + size * 0.7), size, alarm
            )
        sp = self.points.get("sp")
        lo = pv.tag.eng_low if pv.tag.eng_low is not None else 0.0
        hi = pv.tag.eng_high if pv.tag.eng_high is not None else 100.0
        setpoint = sp.number if sp is not None else None
        view = ScaleView(lo, hi, band_of(pv.tag), limits(pv.tag, setpoint), pv.number, setpoint)
        track = QRectF(vessel.right() + 5, vessel.top(), scale_w, vessel.height())
        paint_vertical(painter, track, view)
