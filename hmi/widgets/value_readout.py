"""ValueReadout: one tag's value with its quality, painted directly.

Repaints only when the shown text or state changes, and never changes its size, so a screen
of thousands of readouts costs little and no layout is redone. A BoundWidget: the per-sample
work happens in its plain-Python point, the tooltip is built when asked, and a readout bound
to a tag the project does not know shows a configuration marker.

On process screens a readout also carries a label, the tag's alarm state (priority frame and
marker, when its context has an AlarmStatus) and opens the tag's faceplate when clicked.
A forced (overridden) value is framed in the text colour with its badge ("F") beside it,
where there is room; the badge never covers the value.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from hmi.quality_display import DisplayState, Shown
from hmi.shell.theme import palette
from hmi.widgets.base import BoundWidget, Point
from hmi.widgets.context import DisplayContext
from hmi.widgets.paint import colors as shared_colors
from hmi.widgets.paint import font as shared_font
from hmi.widgets.paint import paint_alarm_frame, paint_alarm_marker, paint_bad, paint_override


class ValueReadout(BoundWidget):
    def __init__(
        self,
        ctx: DisplayContext,
        tag_name: str,
        *,
        unit: bool = True,
        chars: int = 9,
        parent: QWidget | None = None,
        label: str = "",
    ) -> None:
        super().__init__(ctx, {"pv": tag_name}, parent)
        self.tag_name = tag_name
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._colors = _colors()
        self.label = label
        self.unit = unit
        self._chars = chars
        self._marked = ctx.alarms is not None
        """A column for the alarm marker (when the context shows alarm state)."""
        self._font: QFont | None = None
        self._state: DisplayState | None = None
        metrics = QFontMetrics(self.font())
        label_w = metrics.horizontalAdvance(label) + 8 if label else 0
        marker_w = metrics.height() + 2 if self._marked else 0
        self._size = QSize(
            label_w + marker_w + metrics.horizontalAdvance("0" * chars) + 8, metrics.height() + 4
        )
        self._config_error = Shown("CFG?", DisplayState.BAD, self.config_error)
        self.bind()

    def set_pixel_size(self, px: int) -> None:
        """Paint with this font size (in pixels) instead of the widget's font; for screens
        that scale (the stylesheet's font would override ``setFont``)."""
        self.px = px
        self._font = shared_font(px)
        self.update()

    def point_changed(self, point: Point) -> None:
        state = point.shown.state
        if state is not self._state:
            self._state = state
            self.setProperty("state", state.value)
        super().point_changed(point)

    @property
    def shown(self) -> Shown:
        """The text, display state and tooltip on screen now."""
        point = self.points.get("pv")
        if point is None:
            return self._config_error
        state = point.shown.state
        if state is DisplayState.BAD:
            text = point.text  # the quality code, translated by show()
        else:
            text = point.with_unit() if self.unit else point.text
        return Shown(text, state, point.shown.tooltip, point.shown.marker)

    def sizeHint(self) -> QSize:
        return self._size

    def paintEvent(self, event: QPaintEvent) -> None:
        self._pending = False
        if self.label or self._marked:
            self._paint_labelled()
            return
        painter = QPainter(self)
        if self._font is not None:
            painter.setFont(self._font)
        colors = self._colors
        shown = self.shown
        rect = self.rect()
        if shown.state is DisplayState.BAD:
            painter.fillRect(rect, colors["bad_fill"])
            painter.setPen(colors["bad"])
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        else:
            painter.fillRect(rect, colors["background"])
        painter.setPen(colors[shown.state.color_name])
        painter.drawText(rect.adjusted(3, 0, -3, 0), _ALIGN, shown.text)
        if shown.marker:
            box = QRectF(rect)
            text_w = QFontMetrics(painter.font()).horizontalAdvance(shown.text)
            room = box.width() - text_w - 6
            room = room if room >= box.height() else 0
            self._paint_override(painter, box, shown.marker, box.left() + 2, room)
        painter.end()

    def _paint_labelled(self) -> None:
        """Label on the left, the value right-aligned, the alarm marker between them."""
        painter = QPainter(self)
        if self._font is not None:
            painter.setFont(self._font)
        colors = shared_colors()
        shown = self.shown
        rect = QRectF(self.rect())
        painter.fillRect(rect, colors["background"])
        metrics = QFontMetrics(painter.font())
        fh = metrics.height()
        value_w: float = (
            max(metrics.horizontalAdvance("0" * self._chars), metrics.horizontalAdvance(shown.text))
            + 10
        )
        value_w = min(rect.width() * 0.8, value_w)
        box = QRectF(rect.right() - value_w, rect.top(), value_w, rect.height())
        marker = fh + 2 if self._marked else 0
        badge = rect.height() + 2 if shown.marker else 0
        if self.label:
            painter.setPen(colors["text_dim"])
            label = QRectF(
                rect.left() + 2, rect.top(), box.left() - marker - badge - rect.left() - 4,
                rect.height(),
            )  # fmt: skip
            text = metrics.elidedText(self.label, Qt.TextElideMode.ElideRight, int(label.width()))
            painter.drawText(label, _LEFT, text)
        if shown.state is DisplayState.BAD:
            paint_bad(painter, box, shown.text)
        else:
            painter.setPen(colors[shown.state.color_name])
            painter.drawText(box.adjusted(3, 0, -4, 0), _ALIGN, shown.text)
        if shown.marker:
            left = box.left() - marker - badge
            room = box.left() - marker - rect.left()
            if room < badge and marker and self.alarm is None:  # the free marker column
                left, room = box.left() - marker, marker + 2
            self._paint_override(painter, box, shown.marker, left, room)
        if self.alarm is not None:
            paint_alarm_frame(painter, box, self.alarm)
            center = QPointF(box.left() - marker / 2 - 1, box.center().y())
            paint_alarm_marker(painter, center, min(fh, rect.height() - 2), self.alarm)
        painter.end()

    @staticmethod
    def _paint_override(
        painter: QPainter, box: QRectF, word: str, left: float, room: float
    ) -> None:
        """An overridden value: the value box framed in the text colour, and the badge at
        ``left`` when ``room`` (pixels free beside the value) takes it; never over the value."""
        painter.save()
        painter.setPen(QPen(shared_colors()["text"], 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(box.adjusted(0.75, 0.75, -0.75, -0.75))
        painter.restore()
        side = min(box.height() - 4, room - 2)
        if side >= 9:
            paint_override(painter, QPointF(left, box.top() + (box.height() - side) / 2), side,
                           word)  # fmt: skip


_ALIGN = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


@functools.cache
def _colors() -> dict[str, QColor]:
    names = ["background", "bad", "bad_fill"] + [s.color_name for s in DisplayState]
    return {name: palette().color(name) for name in names}
