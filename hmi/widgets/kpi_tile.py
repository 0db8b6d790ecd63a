"""KPI tile: one key number, large, against its target.

The target band is the tag's normal band unless given; ``limit`` names one of the tag's
alarms ("hi", "lo"...) whose limit is shown with the distance to it; ``reference`` turns
the tile into a margin (value minus reference, e.g. compressor inlet minus the critical
temperature). A scale under the number shows value, band and limits as on an analog
indicator, so the tile reads the same way as the mimic screens.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QWidget

from hmi.quality_display import DisplayState, age_text
from hmi.widgets.base import BoundWidget
from hmi.widgets.context import DisplayContext
from hmi.widgets.paint import (
    ELIDE,
    LEFT,
    colors,
    font,
    paint_alarm_frame,
    paint_alarm_marker,
    paint_bad,
)
from hmi.widgets.scale import Limit, ScaleView, display_span, limit_of, limits, paint_horizontal
from hmi.widgets.words import widget_word

_BOTTOM = Qt.AlignmentFlag.AlignBottom
_DOUBTFUL = {DisplayState.STALE: "STALE", DisplayState.UNCERTAIN: "UNCERTAIN"}
"""The word before the age of a doubtful value (translated by ``widget_word``)."""


class KpiTile(BoundWidget):
    def __init__(
        self,
        ctx: DisplayContext,
        tag: str,
        *,
        label: str,
        target: tuple[float, float] | None = None,
        limit: str = "",
        reference: float | None = None,
        reference_label: str = "",
        unit: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, {"pv": tag}, parent)
        self.label = label
        self.offset = reference or 0.0
        self.reference_label = reference_label
        pv = self.points.get("pv")
        self.unit = unit if unit is not None else (pv.tag.unit if pv else "")
        band = None
        if pv is not None and pv.tag.normal_low is not None and pv.tag.normal_high is not None:
            band = (pv.tag.normal_low, pv.tag.normal_high)
        if target is not None:
            band = target
        off = self.offset
        self.target = None if band is None else (band[0] - off, band[1] - off)
        self.limit_kind = limit
        self.limit = None
        if pv is not None and limit:
            found = limit_of(pv.tag, limit)
            self.limit = None if found is None else found - off
        lo, hi = display_span(pv.tag) if pv else (0.0, 1.0)
        self.span = (lo - off, hi - off)
        self.limits = [Limit(x.value - off, x.major) for x in limits(pv.tag, None)] if pv else []
        self.bind()

    @property
    def value(self) -> float | None:
        """The number shown (after the reference), None when not trustworthy enough."""
        pv = self.points["pv"]
        return None if pv.number is None else pv.number - self.offset

    def value_text(self) -> str:
        """The big number (a Bad value's code instead; a doubtful one greyed, its age below)."""
        pv = self.points["pv"]
        if pv.number is None:
            return pv.text
        return pv.tag.format_value(pv.number - self.offset)

    def target_text(self) -> str:
        """The line under the number: target band, limit and the distance to it; for an
        uncertain or stale value first how old it is."""
        pv = self.points["pv"]
        fmt = pv.tag.format_value
        unit = f" {self.unit}" if self.unit else ""
        parts: list[str] = []
        if pv.state in _DOUBTFUL and pv.sample is not None:
            age = age_text(max(0.0, pv.clock.now() - pv.sample.source_time))
            parts.append(f"{widget_word(_DOUBTFUL[pv.state])} {age}")
        if self.target is not None and self.limit is None:
            band = f"{fmt(self.target[0])}–{fmt(self.target[1])}{unit}"
            parts.append(QCoreApplication.translate("KpiTile", "target {band}").format(band=band))
        if self.limit is not None:
            limit = f"{fmt(self.limit)}{unit}"
            parts.append(QCoreApplication.translate("KpiTile", "limit {limit}").format(limit=limit))
            v = self.value
            if v is not None:
                margin = self.limit - v if self.limit_kind.startswith("hi") else v - self.limit
                parts.append(
                    QCoreApplication.translate("KpiTile", "margin {margin}").format(
                        margin=fmt(margin)
                    )
                )
        if self.reference_label:
            parts.append(self.reference_label)
        return "   ".join(parts)

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        c = colors()
        pv = self.points["pv"]
        base = painter.font().pixelSize()
        fh = QFontMetricsF(painter.font()).height()
        painter.setPen(QPen(c["border"], 1))
        painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))
        inner = rect.adjusted(8, 4, -8, -4)
        title = QRectF(inner.left(), inner.top(), inner.width() - fh - 4, fh + 2)
        painter.setFont(font(base, True))
        painter.setPen(c["text"])
        painter.drawText(
            title, LEFT, QFontMetricsF(painter.font()).elidedText(self.label, ELIDE, title.width())
        )
        alarm = self.alarm
        if alarm is not None:
            paint_alarm_marker(
                painter, QPointF(inner.right() - fh / 2, title.center().y()), fh, alarm
            )
        big = font(base, True, 2.0)
        big_h = QFontMetricsF(big).height()
        value_rect = QRectF(inner.left(), title.bottom() + 1, inner.width(), big_h)
        text = self.value_text()
        painter.setFont(big)
        text_w = QFontMetricsF(big).horizontalAdvance(text)
        unit_w = QFontMetricsF(font(base)).horizontalAdvance(self.unit) + 6
        box = QRectF(value_rect.left(), value_rect.top(), text_w + unit_w + 14, big_h)
        if pv.state is DisplayState.BAD:
            paint_bad(painter, box, pv.text)
        else:
            painter.setPen(c.state(pv.state))
            painter.drawText(value_rect.adjusted(4, 0, 0, 0), LEFT, text)
            painter.setFont(font(base))
            unit_rect = QRectF(
                value_rect.left() + 8 + text_w, value_rect.top(), unit_w, big_h * 0.9
            )
            painter.drawText(unit_rect, Qt.AlignmentFlag.AlignLeft | _BOTTOM, self.unit)
        if alarm is not None:
            paint_alarm_frame(painter, box, alarm)
        painter.setFont(font(base))
        target_rect = QRectF(inner.left(), inner.bottom() - fh, inner.width(), fh)
        painter.setPen(c["text_dim"])
        painter.drawText(target_rect, LEFT, self.target_text())
        scale_top = value_rect.bottom() + 4
        room = target_rect.top() - scale_top
        track = QRectF(
            inner.left() + 4, scale_top + room * 0.3, inner.width() - 8, max(4.0, room * 0.25)
        )
        view = ScaleView(
            self.span[0],
            self.span[1],
            self.target,
            self.limits,
            self.value,
            None,
            pv.state is not DisplayState.NORMAL,
        )
        paint_horizontal(painter, track, view)
