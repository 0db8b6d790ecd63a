"""The replay bar's timeline: the recorded range with what happened in it, and a position
the operator drags to seek.

Three lanes over the track: alarms (each priority's shape, colour and number, the most urgent
drawn on top), operator actions (ack A, shelve S, write W as dark discs), and bookmarks
(violet flags) with other events (screen visits D, upsets U, grey). Alarm floods shade the
whole track. Every marker has a tooltip; a press or a drag anywhere asks to seek there.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QToolTip, QWidget

from hmi.alarms.status import TagAlarm
from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.local_time import local_time
from hmi.widgets.paint import CENTER, colors, font, paint_alarm_marker
from tags.model import Priority
from tags.replay.timeline import EventKind, Period, TimelineEvent

MARGIN = 10
AXIS = 15
"""Height of the time labels above the track."""
LANES = (EventKind.ALARM,), (EventKind.ACK, EventKind.SHELVE, EventKind.WRITE)
LETTERS = {
    EventKind.ACK: QT_TRANSLATE_NOOP("ReplayTimeline", "A"),
    EventKind.SHELVE: QT_TRANSLATE_NOOP("ReplayTimeline", "S"),
    EventKind.WRITE: QT_TRANSLATE_NOOP("ReplayTimeline", "W"),
    EventKind.SCREEN: QT_TRANSLATE_NOOP("ReplayTimeline", "D"),
    EventKind.UPSET: QT_TRANSLATE_NOOP("ReplayTimeline", "U"),
    EventKind.CLEAR: QT_TRANSLATE_NOOP("ReplayTimeline", "C"),
}
"""Each marker's letter, marked: translated where painted (a single Latin letter stays
legible in the disc; the legend names it in the language)."""
KIND_NAMES = {
    EventKind.ACK: QT_TRANSLATE_NOOP("ReplayTimeline", "ack"),
    EventKind.CLEAR: QT_TRANSLATE_NOOP("ReplayTimeline", "clear"),
    EventKind.SHELVE: QT_TRANSLATE_NOOP("ReplayTimeline", "shelve"),
    EventKind.WRITE: QT_TRANSLATE_NOOP("ReplayTimeline", "write"),
    EventKind.SCREEN: QT_TRANSLATE_NOOP("ReplayTimeline", "screen"),
    EventKind.UPSET: QT_TRANSLATE_NOOP("ReplayTimeline", "upset"),
}
STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200,
         86400)  # fmt: skip
LEGEND = QT_TRANSLATE_NOOP(
    "ReplayTimeline",
    "Markers: alarms by priority · A ack · S shelve · W write · D screen · U upset · "
    "flag: bookmark · grey band: alarm flood",
)
HIT = 6.0
"""How near (pixels) the mouse must be to a marker for its tooltip."""


@dataclass(frozen=True)
class Placed:
    """One marker where it is drawn: its lane (0 alarms, 1 actions, 2 bookmarks and events)."""

    event: TimelineEvent
    lane: int
    x: float


def lane_of(kind: EventKind) -> int:
    for lane, kinds in enumerate(LANES):
        if kind in kinds:
            return lane
    return 2


def tooltip_text(event: TimelineEvent) -> str:
    when = datetime.fromtimestamp(event.time).strftime("%H:%M:%S")
    who = f" — {event.user}" if event.user else ""
    if event.kind is EventKind.ALARM:
        what = QCoreApplication.translate("ReplayTimeline", "alarm P{priority}").format(
            priority=event.priority
        )
    else:
        kind = KIND_NAMES.get(event.kind)
        what = QCoreApplication.translate("ReplayTimeline", kind) if kind else event.kind.value
    return f"{when}  {what}: {event.text}{who}"


class ReplayTimeline(QWidget):
    seek_requested = Signal(float)
    """The operator pressed or dragged to this time (recording seconds)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("replayTimeline")
        self.setMouseTracking(True)
        self.setMinimumHeight(AXIS + 54)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.start, self.end = 0.0, 1.0
        self.position = 0.0
        self.events: list[TimelineEvent] = []
        self.periods: list[Period] = []
        self.dragging = False
        self._times: list[float] = []

    def sizeHint(self) -> QSize:
        return QSize(800, AXIS + 54)

    # data ----------------------------------------------------------------------------------

    def set_range(self, start: float, end: float) -> None:
        self.start, self.end = start, max(end, start + 1e-3)
        self.update()

    def set_events(self, events: Iterable[TimelineEvent], periods: Iterable[Period]) -> None:
        """Markers to show (in any order) and periods to shade (floods)."""
        self.events = sorted(events, key=lambda e: (e.time, -lane_of(e.kind), -e.priority))
        self._times = [e.time for e in self.events]
        self.periods = list(periods)
        self.update()

    def set_position(self, t: float) -> None:
        """Where the replay is (ignored while the operator drags)."""
        if self.dragging:
            return
        before = round(self.x_of(self.position))
        self.position = t
        if round(self.x_of(t)) != before:
            self.update()

    # geometry ------------------------------------------------------------------------------

    def track(self) -> QRectF:
        return QRectF(MARGIN, AXIS, max(self.width() - 2 * MARGIN, 1), self.height() - AXIS - 2)

    def x_of(self, t: float) -> float:
        track = self.track()
        return track.left() + (t - self.start) / (self.end - self.start) * track.width()

    def time_at(self, x: float) -> float:
        track = self.track()
        share = min(max((x - track.left()) / track.width(), 0.0), 1.0)
        return self.start + share * (self.end - self.start)

    def lane_y(self, lane: int) -> float:
        track = self.track()
        return track.top() + track.height() * (lane + 0.5) / 3

    def placed(self) -> list[Placed]:
        """Every marker in the range with its lane and x (what is painted)."""
        lo = bisect.bisect_left(self._times, self.start)
        hi = bisect.bisect_right(self._times, self.end)
        return [Placed(e, lane_of(e.kind), self.x_of(e.time)) for e in self.events[lo:hi]]

    def marker_at(self, x: float, y: float) -> TimelineEvent | Period | None:
        """The marker (or flood) under the mouse, for its tooltip."""
        lane = int((y - self.track().top()) / (self.track().height() / 3))
        near = [p for p in self.placed() if p.lane == lane and abs(p.x - x) <= HIT]
        if near:
            return min(near, key=lambda p: (abs(p.x - x), p.event.priority or 9)).event
        t = self.time_at(x)
        return next((p for p in self.periods if p.start <= t <= p.end), None)

    # painting ------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        c = colors()
        painter = QPainter(self)
        track = self.track()
        painter.fillRect(track, c["timeline_track"])
        for period in self.periods:
            left, right = self.x_of(period.start), self.x_of(period.end)
            shade = QRectF(left, track.top(), max(right - left, 2.0), track.height())
            painter.fillRect(shade.intersected(track), c["timeline_flood"])
        painter.setPen(QPen(c["border"], 1))
        painter.drawRect(track)
        for lane in (1, 2):
            y = track.top() + track.height() * lane / 3
            painter.setPen(QPen(c["panel_alt"], 1))
            painter.drawLine(QPointF(track.left() + 1, y), QPointF(track.right() - 1, y))
        self._paint_axis(painter, track)
        placed = self.placed()
        alarms = sorted((p for p in placed if p.lane == 0), key=lambda p: -p.event.priority)
        for item in alarms:
            alarm = TagAlarm(Priority(item.event.priority or 4), False, True, "")
            paint_alarm_marker(painter, QPointF(item.x, self.lane_y(0)), 15, alarm)
        for item in placed:
            if item.lane == 1:
                self._paint_disc(painter, item, c["timeline_action"], c["panel"])
            elif item.lane == 2 and item.event.kind is EventKind.BOOKMARK:
                self._paint_flag(painter, item)
            elif item.lane == 2:
                self._paint_disc(painter, item, c["timeline_event"], c["panel"])
        self._paint_position(painter, track)
        painter.end()

    def _paint_axis(self, painter: QPainter, track: QRectF) -> None:
        c = colors()
        span = self.end - self.start
        step = next((s for s in STEPS if track.width() * s / span >= 90), STEPS[-1])
        first = (int(self.start) // step + 1) * step
        painter.setFont(font(11))
        day = QCoreApplication.translate("ReplayTimeline", "dd MMM")
        pattern = "HH:mm:ss" if step < 60 else "HH:mm" if step < 86400 else day
        t = float(first)
        while t <= self.end:
            x = self.x_of(t)
            painter.setPen(QPen(c["border"], 1))
            painter.drawLine(QPointF(x, track.top()), QPointF(x, track.bottom()))
            painter.setPen(c["text_dim"])
            text = local_time(t, pattern)
            left = min(max(x - 40, 0.0), self.width() - 80.0)  # a label never leaves the bar
            painter.drawText(QRectF(left, 0, 80, AXIS - 1), CENTER, text)
            t += step

    def _paint_disc(self, painter: QPainter, item: Placed, fill: QColor, text: QColor) -> None:
        y = self.lane_y(item.lane)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(fill))
        painter.drawEllipse(QPointF(item.x, y), 6.5, 6.5)
        painter.setPen(text)
        painter.setFont(font(9, True))
        marked = LETTERS.get(item.event.kind)
        letter = QCoreApplication.translate("ReplayTimeline", marked) if marked else "•"
        painter.drawText(QRectF(item.x - 7, y - 7, 14, 14), CENTER, letter)
        painter.restore()

    def _paint_flag(self, painter: QPainter, item: Placed) -> None:
        c = colors()
        y = self.lane_y(2)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(c["timeline_bookmark"], 2))
        painter.drawLine(QPointF(item.x, y - 8), QPointF(item.x, y + 8))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(c["timeline_bookmark"]))
        flag = [QPointF(item.x, y - 8), QPointF(item.x + 10, y - 4), QPointF(item.x, y)]
        painter.drawPolygon(QPolygonF(flag))
        painter.restore()

    def _paint_position(self, painter: QPainter, track: QRectF) -> None:
        c = colors()
        x = self.x_of(min(max(self.position, self.start), self.end))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(c["timeline_position"], 2))
        painter.drawLine(QPointF(x, track.top() - 2), QPointF(x, track.bottom()))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(c["timeline_position"]))
        head = [QPointF(x - 6, track.top() - 7), QPointF(x + 6, track.top() - 7),
                QPointF(x, track.top())]  # fmt: skip
        painter.drawPolygon(QPolygonF(head))
        painter.restore()

    # mouse ---------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() is Qt.MouseButton.LeftButton:
            self.dragging = True
            self._drag_to(event.position().x())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        x, y = event.position().x(), event.position().y()
        if self.dragging:
            self._drag_to(x)
            return
        found = self.marker_at(x, y)
        if isinstance(found, TimelineEvent):
            text = tooltip_text(found)
        elif isinstance(found, Period):
            text = found.text or self.tr("period")
        else:
            when = datetime.fromtimestamp(self.time_at(x)).strftime("%H:%M:%S")
            there = self.tr("{time} — click or drag to go there").format(time=when)
            text = f"{there}\n{QCoreApplication.translate('ReplayTimeline', LEGEND)}"
        QToolTip.showText(event.globalPosition().toPoint(), text, self)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.dragging and event.button() is Qt.MouseButton.LeftButton:
            self._drag_to(event.position().x())
            self.dragging = False

    def _drag_to(self, x: float) -> None:
        t = self.time_at(x)
        self.position = t
        self.update()
        self.seek_requested.emit(t)
