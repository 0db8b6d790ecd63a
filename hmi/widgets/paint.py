"""Painting shared by the process widgets: palette colours, alarm markers, quality frames.

One look everywhere: an alarm is colour + shape + priority number (``paint_alarm_marker``);
a Bad value is a magenta-framed code, never a number (``paint_bad``); an unknown tag is a
dashed magenta "CFG?" box (``paint_config_error``); a value held over the field's (forced,
substituted) carries a small outlined badge with its marker's letter (``paint_override``).
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QPolygonF

from hmi.alarms.status import TagAlarm
from hmi.quality_display import DisplayState, badge_letter
from hmi.shell.theme import palette
from hmi.widgets.words import quality_word
from tags.model import Priority

MARKER_SHAPES: dict[Priority, str] = {
    Priority.CRITICAL: "diamond",
    Priority.HIGH: "square",
    Priority.MEDIUM: "triangle",
    Priority.LOW: "inverted triangle",
}
"""The shape of each priority's marker (its colour is ``priority_<n>``, its number inside)."""

_STATE_ORDER = {
    DisplayState.NORMAL: 0,
    DisplayState.UNCERTAIN: 1,
    DisplayState.STALE: 2,
    DisplayState.BAD: 3,
}

CENTER = Qt.AlignmentFlag.AlignCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ELIDE = Qt.TextElideMode.ElideRight


class Colors:
    """Palette colours as attributes-by-name, pens and brushes made once."""

    def __init__(self) -> None:
        self._colors: dict[str, QColor] = {}

    def __getitem__(self, name: str) -> QColor:
        color = self._colors.get(name)
        if color is None:
            color = self._colors[name] = palette().color(name)
        return color

    def state(self, state: DisplayState) -> QColor:
        """The text colour of a display state (value, uncertain, stale, bad)."""
        return self[state.color_name]

    def priority(self, priority: Priority) -> QColor:
        return self[f"priority_{int(priority)}"]


@functools.cache
def colors() -> Colors:
    return Colors()


def worst(states: list[DisplayState]) -> DisplayState:
    """The least trustworthy of several display states."""
    return max(states, key=_STATE_ORDER.__getitem__) if states else DisplayState.NORMAL


def most_urgent(alarms: list[TagAlarm | None]) -> TagAlarm | None:
    """The alarm to show: highest priority, unacknowledged before acknowledged."""
    found = [a for a in alarms if a is not None]
    if not found:
        return None
    return min(found, key=lambda a: (int(a.priority), not a.unacknowledged, not a.active))


@functools.lru_cache(maxsize=64)
def font(pixel_size: int, bold: bool = False, scale: float = 1.0) -> QFont:
    """The console font at a pixel size (times ``scale``)."""
    f = QFont()
    f.setPixelSize(max(6, round(pixel_size * scale)))
    f.setBold(bold)
    return f


def _marker_polygon(shape: str, c: QPointF, r: float) -> QPolygonF:
    x, y = c.x(), c.y()
    if shape == "diamond":
        points = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
    elif shape == "square":
        s = r * 0.82
        points = [(x - s, y - s), (x + s, y - s), (x + s, y + s), (x - s, y + s)]
    elif shape == "triangle":
        points = [(x, y - r), (x + r, y + r * 0.8), (x - r, y + r * 0.8)]
    else:  # inverted triangle
        points = [(x - r, y - r * 0.8), (x + r, y - r * 0.8), (x, y + r)]
    return QPolygonF([QPointF(px, py) for px, py in points])


def paint_alarm_marker(
    painter: QPainter, center: QPointF, size: float, alarm: TagAlarm, *, dim: bool = False
) -> None:
    """The priority's shape in its colour with the number inside. Unacknowledged: a heavy
    outline; returned to normal but unacknowledged: hollow (outline only). ``dim``: the
    marker of a zero count in a legend (grey outline, no colour)."""
    c = colors()
    shape = MARKER_SHAPES[alarm.priority]
    radius = size / 2
    polygon = _marker_polygon(shape, center, radius)
    number = str(int(alarm.priority))
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    if dim:
        painter.setPen(QPen(c["text_dim"], 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        text_color = c["text_dim"]
    elif not alarm.active:
        painter.setPen(QPen(c.priority(alarm.priority), max(2.0, size / 9)))
        painter.setBrush(QBrush(c["background"]))
        text_color = c["text"]
    else:
        width = max(2.0, size / 8) if alarm.unacknowledged else 1.0
        painter.setPen(QPen(c["text"], width))
        painter.setBrush(QBrush(c.priority(alarm.priority)))
        text_color = c[f"priority_{int(alarm.priority)}_text"]
    painter.drawPolygon(polygon)
    f = font(round(size * 0.62), True)
    painter.setFont(f)
    painter.setPen(text_color)
    box = QRectF(center.x() - radius, center.y() - radius, size, size)
    if shape == "triangle":
        box.translate(0, radius * 0.18)
    elif shape == "inverted triangle":
        box.translate(0, -radius * 0.22)
    painter.drawText(box, CENTER, number)
    painter.restore()


def paint_alarm_frame(painter: QPainter, rect: QRectF, alarm: TagAlarm) -> None:
    """A frame in the priority colour around a value that is in alarm."""
    pen = QPen(colors().priority(alarm.priority), 2)
    if not alarm.active:
        pen.setStyle(Qt.PenStyle.DashLine)
    painter.save()
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(rect.adjusted(1, 1, -1, -1))
    painter.restore()


def paint_bad(painter: QPainter, rect: QRectF, code: str) -> None:
    """A Bad value: magenta frame on a pale fill with the quality code (as ``show`` gives it,
    in the console's language), never a number."""
    c = colors()
    painter.save()
    painter.fillRect(rect, c["bad_fill"])
    painter.setPen(QPen(c["bad"], 1))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))
    painter.drawText(rect, CENTER, code)
    painter.restore()


def paint_config_error(painter: QPainter, rect: QRectF) -> None:
    """A binding to a tag the project does not know: dashed magenta box, "CFG?"."""
    c = colors()
    painter.save()
    painter.fillRect(rect, c["bad_fill"])
    pen = QPen(c["bad"], 2)
    pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(rect.adjusted(1, 1, -1, -1))
    painter.drawText(rect, CENTER, quality_word("CFG?"))
    painter.restore()


def paint_override(painter: QPainter, corner: QPointF, height: float, word: str) -> QRectF:
    """An override badge (forced: "F", simulated: "S"): the letter in bold, on the
    background, in a double outline of the text colour; calm, no colour of its own. Its
    top-left at ``corner``, ``height`` pixels square; the rectangle painted is returned."""
    c = colors()
    side = max(9.0, height)
    box = QRectF(corner.x(), corner.y(), side, side)
    painter.save()
    painter.fillRect(box, c["background"])
    painter.setPen(QPen(c["text"], max(1.5, side / 9)))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(box.adjusted(0.5, 0.5, -0.5, -0.5))
    painter.setFont(font(round(side * 0.72), True))
    painter.setPen(c["text"])
    painter.drawText(box, CENTER, badge_letter(quality_word(word)))
    painter.restore()
    return box
