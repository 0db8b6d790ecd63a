"""CO2 near its critical point: where the compressor inlet is, graphically.

A pressure-temperature chart around the critical point with the saturation line (liquid
above it, vapour below it) ending at the critical point, the normal operating box and the
temperature alarm limits of the inlet tag, the measured inlet state as a dot, and a
dimension line giving its temperature margin above the critical temperature: the closer
the dot moves to the line, the nearer the compressor is to two-phase flow.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFontMetricsF, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from hmi.quality_display import DisplayState
from hmi.widgets.base import BoundWidget
from hmi.widgets.context import DisplayContext
from hmi.widgets.paint import (
    CENTER,
    LEFT,
    RIGHT,
    colors,
    font,
    paint_alarm_frame,
    paint_alarm_marker,
    paint_bad,
)
from hmi.widgets.scale import display_span, limits

K0 = 273.15
CO2_CRITICAL_T_C = 304.1282 - K0
CO2_CRITICAL_P_MPA = 7.3773
_SAT = ((-7.0602087, 1.0), (1.9391218, 1.5), (-1.6463597, 2.0), (-3.2995634, 4.0))
"""Span & Wagner (1996) ancillary equation for the CO2 vapour pressure."""


def saturation_pressure(t_c: float) -> float:
    """CO2 vapour pressure (MPa) at ``t_c`` °C, below the critical temperature."""
    tc = CO2_CRITICAL_T_C + K0
    t = t_c + K0
    theta = 1.0 - t / tc
    s = sum(a * theta**e for a, e in _SAT)
    return CO2_CRITICAL_P_MPA * math.exp(tc / t * s)


class CriticalPointChart(BoundWidget):
    def __init__(
        self, ctx: DisplayContext, *, temperature: str, pressure: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, {"t": temperature, "p": pressure}, parent)
        t, p = self.points.get("t"), self.points.get("p")
        t_lo, t_hi = display_span(t.tag) if t else (25.0, 40.0)
        p_lo, p_hi = display_span(p.tag) if p else (6.5, 9.0)
        self.t_span = (min(t_lo, CO2_CRITICAL_T_C - 3.0), max(t_hi, CO2_CRITICAL_T_C + 6.0))
        self.p_span = (min(p_lo, CO2_CRITICAL_P_MPA - 0.6), max(p_hi, CO2_CRITICAL_P_MPA + 0.6))
        self.bind()

    @property
    def margin(self) -> float | None:
        """Inlet temperature minus the critical temperature (K); None when not known."""
        t = self.points.get("t")
        return None if t is None or t.number is None else t.number - CO2_CRITICAL_T_C

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        c = colors()
        base = painter.font().pixelSize()
        metrics = QFontMetricsF(painter.font())
        fh = metrics.height()
        t, p = self.points["t"], self.points["p"]
        head = QRectF(rect.left() + 4, rect.top() + 2, rect.width() - 8, fh + 4)
        self._paint_head(painter, head)
        plot = QRectF(
            rect.left() + metrics.horizontalAdvance("0.00") + 14,
            head.bottom() + 6,
            rect.width() - metrics.horizontalAdvance("0.00") - 26,
            rect.height() - head.height() - 2 * fh - 14,
        )
        (t0, t1), (p0, p1) = self.t_span, self.p_span

        def at(tc: float, mpa: float) -> QPointF:
            x = plot.left() + (tc - t0) / (t1 - t0) * plot.width()
            y = plot.bottom() - (mpa - p0) / (p1 - p0) * plot.height()
            return QPointF(x, y)

        painter.fillRect(plot, c["scale_track"])
        if t.tag.normal_low is not None and p.tag.normal_low is not None:
            a = at(t.tag.normal_low, p.tag.normal_high or p.tag.normal_low)
            b = at(t.tag.normal_high or t.tag.normal_low, p.tag.normal_low)
            painter.fillRect(QRectF(a, b), c["normal_band"])
        painter.setPen(QPen(c["border"], 1))
        painter.drawRect(plot)
        painter.setFont(font(base, False, 0.85))
        small = QFontMetricsF(painter.font())
        painter.setPen(c["text_dim"])
        for k in range(math.ceil(t0), math.floor(t1) + 1):
            if k % 2 == 0:
                x = at(k, p0).x()
                painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 3))
                painter.drawText(
                    QRectF(x - 20, plot.bottom() + 3, 40, small.height()), CENTER, f"{k}"
                )
        step = 0.2 if p1 - p0 > 0.8 else 0.1
        k = math.ceil(p0 / step)
        while k * step <= p1 + 1e-9:
            y = at(t0, k * step).y()
            painter.drawLine(QPointF(plot.left() - 3, y), QPointF(plot.left(), y))
            painter.drawText(
                QRectF(
                    rect.left(),
                    y - small.height() / 2,
                    plot.left() - rect.left() - 5,
                    small.height(),
                ),
                RIGHT,
                f"{k * step:.1f}",
            )
            k += 1
        axis = QRectF(plot.left(), plot.bottom() + 3 + small.height(), plot.width(), small.height())
        painter.drawText(axis, CENTER, self.tr("compressor inlet temperature °C  (pressure MPa)"))
        for limit in limits(t.tag, None):
            if t0 < limit.value < t1:
                x = at(limit.value, p0).x()
                pen = QPen(c["limit_mark"], 2 if limit.major else 1, Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
                painter.setPen(c["text_dim"])
                mark = QRectF(x + 2, plot.bottom() - small.height() - 2, 40, small.height())
                painter.drawText(mark, LEFT, limit.label)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        curve: list[QPointF] = []
        n = 40
        for i in range(n + 1):
            tc = t0 + (CO2_CRITICAL_T_C - t0) * i / n
            ps = saturation_pressure(tc)
            if p0 <= ps <= p1:
                curve.append(at(tc, ps))
        painter.setPen(QPen(c["equipment_on"], 2))
        painter.drawPolyline(QPolygonF(curve))
        cp = at(CO2_CRITICAL_T_C, CO2_CRITICAL_P_MPA)
        painter.setBrush(QBrush(c["equipment_on"]))
        painter.drawEllipse(cp, 4, 4)
        painter.setPen(c["text_dim"])
        painter.drawText(
            QRectF(cp.x() - 150, cp.y() - small.height() - 6, 145, small.height()),
            RIGHT,
            self.tr("critical point"),
        )
        liquid = at(t0 + 0.4, p1)
        painter.drawText(
            QRectF(liquid.x(), liquid.y() + 4, 120, small.height()), LEFT, self.tr("liquid")
        )
        vapour = at(t0 + 0.4, p0)
        painter.drawText(
            QRectF(vapour.x(), vapour.y() - small.height() - 4, 120, small.height()),
            LEFT,
            self.tr("vapour"),
        )
        right = at(t1, p1)
        painter.drawText(
            QRectF(right.x() - 160, right.y() + 4, 154, small.height()),
            RIGHT,
            self.tr("supercritical"),
        )
        painter.setFont(font(base))
        if t.number is None or p.number is None:
            return
        here = at(min(max(t.number, t0), t1), min(max(p.number, p0), p1))
        greyed = t.state is not DisplayState.NORMAL or p.state is not DisplayState.NORMAL
        # dimension line from the critical temperature to the inlet state
        base_pt = QPointF(cp.x(), here.y())
        painter.setPen(QPen(c["text"], 1, Qt.PenStyle.DotLine))
        painter.drawLine(cp, base_pt)
        painter.setPen(QPen(c["text"], 1.5))
        painter.drawLine(base_pt, here)
        margin = self.margin or 0.0
        painter.setFont(font(base, False, 0.85))
        label = QRectF(cp.x() + 4, here.y() - fh - 2, 200, fh)
        painter.drawText(label, LEFT, f"ΔT {margin:+.1f} K")
        painter.setFont(font(base))
        painter.setPen(QPen(c["value"], 1.5))
        painter.setBrush(QBrush(c["background"] if greyed else c["value"]))
        painter.drawEllipse(here, 6, 6)

    def _paint_head(self, painter: QPainter, head: QRectF) -> None:
        c = colors()
        t, p = self.points["t"], self.points["p"]
        fh = QFontMetricsF(painter.font()).height()
        painter.setPen(c["text"])
        x = head.left()
        for point in (t, p):
            text = point.with_unit()
            w = QFontMetricsF(painter.font()).horizontalAdvance(text) + 12
            box = QRectF(x, head.top(), w, head.height())
            if point.state is DisplayState.BAD:
                paint_bad(painter, box, point.text)
            else:
                painter.setPen(c.state(point.state))
                painter.drawText(box, CENTER, text)
            if point.alarm is not None:
                paint_alarm_frame(painter, box, point.alarm)
            x += w + 8
        margin = self.margin
        painter.setPen(c["text"])
        if margin is not None:
            text = self.tr("{margin} K above the critical point ({critical} °C)").format(
                margin=f"{margin:.1f}", critical=f"{CO2_CRITICAL_T_C:.1f}"
            )
            if margin < 0:
                text = self.tr("{margin} K BELOW the critical temperature: two-phase risk").format(
                    margin=f"{-margin:.1f}"
                )
            painter.drawText(
                QRectF(x, head.top(), head.right() - x - fh, head.height()), LEFT, text
            )
        alarm = self.alarm
        if alarm is not None:
            paint_alarm_marker(
                painter, QPointF(head.right() - fh / 2, head.center().y()), fh, alarm
            )
