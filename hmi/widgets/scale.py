"""The ISA-101 scale shared by the analog indicator, the tank and the KPI tile.

A light track over the display span, the normal band as a darker stripe, alarm limits as
ticks (long for HIHI/LOLO, short for HI/LO), a hollow triangle for the setpoint and a filled
pointer for the value; a value off the span is pinned to the end as an arrow. Limits come
from the tag's AlarmDefs (deviation alarms around the setpoint's value), the band and the
default span from the tag's configuration, so no number lives in a screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPen, QPolygonF

from hmi.widgets.paint import colors
from tags.model import AlarmKind, TagDef

_ABSOLUTE = {AlarmKind.HIHI: 1, AlarmKind.HI: 1, AlarmKind.LO: -1, AlarmKind.LOLO: -1}
_DEVIATION = {
    AlarmKind.DEVIATION_HIHI: 1,
    AlarmKind.DEVIATION_HI: 1,
    AlarmKind.DEVIATION_LO: -1,
    AlarmKind.DEVIATION_LOLO: -1,
}
_MAJOR = {AlarmKind.HIHI, AlarmKind.LOLO, AlarmKind.DEVIATION_HIHI, AlarmKind.DEVIATION_LOLO}
_SHORT = {"hihi": "HH", "hi": "H", "lo": "L", "lolo": "LL"}


@dataclass(frozen=True)
class Limit:
    value: float
    major: bool
    """HIHI/LOLO (long tick) rather than HI/LO."""
    label: str = ""
    """The alarm kind as operators name it: HH, H, L, LL (deviation limits too)."""


def setpoint_tag_of(tag: TagDef) -> str | None:
    """The setpoint a deviation alarm of the tag refers to."""
    for alarm in tag.alarms:
        if alarm.kind in _DEVIATION and alarm.setpoint_tag:
            return alarm.setpoint_tag
    return None


def limits(tag: TagDef, setpoint: float | None) -> list[Limit]:
    """Absolute alarm limits, and deviation limits around the setpoint when known."""
    found: list[Limit] = []
    for alarm in tag.alarms:
        if alarm.limit is None:
            continue
        label = _SHORT.get(alarm.kind.value.removeprefix("dev_"), "")
        if alarm.kind in _ABSOLUTE:
            found.append(Limit(alarm.limit, alarm.kind in _MAJOR, label))
        elif alarm.kind in _DEVIATION and setpoint is not None:
            value = setpoint + _DEVIATION[alarm.kind] * alarm.limit
            found.append(Limit(value, alarm.kind in _MAJOR, label))
    return found


def limit_of(tag: TagDef, kind: str) -> float | None:
    """The limit of the tag's alarm of one kind ("hi", "lolo", ...), if configured."""
    for alarm in tag.alarms:
        if alarm.kind.value == kind and alarm.limit is not None:
            return alarm.limit
    return None


def display_span(tag: TagDef) -> tuple[float, float]:
    """Normal band and alarm limits with a margin, inside the engineering range."""
    lo_eng = tag.eng_low if tag.eng_low is not None else 0.0
    hi_eng = tag.eng_high if tag.eng_high is not None else 100.0
    marks = [v for v in (tag.normal_low, tag.normal_high) if v is not None]
    marks += [lim.value for lim in limits(tag, None)]
    if tag.normal_low is not None and tag.normal_high is not None:
        middle = (tag.normal_low + tag.normal_high) / 2
        for alarm in tag.alarms:
            if alarm.kind in _DEVIATION and alarm.limit is not None:
                marks += [middle - alarm.limit, middle + alarm.limit]
    if len(marks) < 2 or max(marks) <= min(marks):
        return lo_eng, hi_eng
    lo, hi = min(marks), max(marks)
    pad = (hi - lo) * 0.3
    return max(lo_eng, lo - pad), min(hi_eng, hi + pad)


@dataclass
class ScaleView:
    """Everything a scale shows, in engineering units."""

    lo: float
    hi: float
    band: tuple[float, float] | None
    limits: list[Limit]
    value: float | None
    setpoint: float | None
    greyed: bool = False
    """The value is uncertain or stale: the pointer is drawn hollow."""

    def fraction(self, v: float) -> float:
        span = self.hi - self.lo
        return 0.0 if span <= 0 else (v - self.lo) / span


def _clamp(f: float) -> float:
    return 0.0 if f < 0.0 else 1.0 if f > 1.0 else f


def band_of(tag: TagDef) -> tuple[float, float] | None:
    if tag.normal_low is None or tag.normal_high is None:
        return None
    return tag.normal_low, tag.normal_high


def paint_horizontal(painter: QPainter, track: QRectF, view: ScaleView) -> None:
    """The scale along ``track``; pointer below the track, setpoint above it."""
    c = colors()
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.fillRect(track, c["scale_track"])
    x0, w = track.left(), track.width()
    if view.band is not None:
        a, b = (_clamp(view.fraction(v)) for v in view.band)
        painter.fillRect(
            QRectF(x0 + a * w, track.top(), (b - a) * w, track.height()), c["normal_band"]
        )
    painter.setPen(QPen(c["border"], 1))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(track)
    tick = track.height() * 0.45
    for limit in view.limits:
        f = view.fraction(limit.value)
        if 0.0 <= f <= 1.0:
            x = x0 + f * w
            extra = tick if limit.major else tick * 0.3
            painter.setPen(QPen(c["limit_mark"], 2 if limit.major else 1))
            painter.drawLine(QPointF(x, track.top() - extra), QPointF(x, track.bottom() + extra))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    size = max(5.0, track.height() * 0.9)
    if view.setpoint is not None:
        x = x0 + _clamp(view.fraction(view.setpoint)) * w
        y = track.top() - 1
        tri = QPolygonF(
            [QPointF(x, y), QPointF(x - size * 0.6, y - size), QPointF(x + size * 0.6, y - size)]
        )
        painter.setPen(QPen(c["text"], 1.2))
        painter.setBrush(QBrush(c["background"]))
        painter.drawPolygon(tri)
    if view.value is not None:
        f = view.fraction(view.value)
        x = x0 + _clamp(f) * w
        y = track.bottom() + 1
        painter.setPen(QPen(c["value"], 1.2))
        painter.setBrush(QBrush(c["background"] if view.greyed else c["value"]))
        if 0.0 <= f <= 1.0:
            points = [(x, y), (x - size * 0.65, y + size * 1.1), (x + size * 0.65, y + size * 1.1)]
            painter.drawLine(QPointF(x, track.top()), QPointF(x, track.bottom()))
        else:  # off scale: an arrow pointing out of the end
            d = -1 if f < 0 else 1
            m = track.center().y()
            points = [
                (x + d * size * 0.9, m),
                (x - d * 0.1 * size, m - size),
                (x - d * 0.1 * size, m + size),
            ]
        painter.drawPolygon(QPolygonF([QPointF(px, py) for px, py in points]))
    painter.restore()


def paint_vertical(painter: QPainter, track: QRectF, view: ScaleView) -> None:
    """A narrow vertical scale (tank side): band, limit ticks, setpoint to the right."""
    c = colors()
    painter.save()
    painter.fillRect(track, c["scale_track"])
    y1, h = track.bottom(), track.height()
    if view.band is not None:
        a, b = (_clamp(view.fraction(v)) for v in view.band)
        painter.fillRect(
            QRectF(track.left(), y1 - b * h, track.width(), (b - a) * h), c["normal_band"]
        )
    painter.setPen(QPen(c["border"], 1))
    painter.drawRect(track)
    for limit in view.limits:
        f = view.fraction(limit.value)
        if 0.0 <= f <= 1.0:
            y = y1 - f * h
            extra = track.width() * (0.8 if limit.major else 0.3)
            painter.setPen(QPen(c["limit_mark"], 2 if limit.major else 1))
            painter.drawLine(QPointF(track.left() - extra, y), QPointF(track.right() + extra, y))
    if view.setpoint is not None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        y = y1 - _clamp(view.fraction(view.setpoint)) * h
        x = track.right() + 1
        s = max(5.0, track.width() * 0.9)
        tri = QPolygonF([QPointF(x, y), QPointF(x + s, y - s * 0.6), QPointF(x + s, y + s * 0.6)])
        painter.setPen(QPen(c["text"], 1.2))
        painter.setBrush(QBrush(c["background"]))
        painter.drawPolygon(tri)
    painter.restore()
