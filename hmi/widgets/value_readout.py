"""ValueReadout: one tag's value with its quality, painted directly.

Repaints only when the shown text or state changes, and never changes its size, so a screen
of thousands of readouts costs little and no layout is redone. The per-sample work happens
in a plain Python binding object (attribute access on Qt wrappers is slow). A readout bound
to a tag the project does not know shows a configuration marker.

On process screens a readout also carries a label, the tag's alarm state (priority frame and
marker, from AlarmStatus) and opens the tag's faceplate when clicked.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from hmi.alarms.status import AlarmStatus, TagAlarm
from hmi.alarms.watch import watch_alarms
from hmi.bridge import TagBridge
from hmi.quality_display import DisplayState, Shown, show
from hmi.shell.theme import palette
from hmi.widgets.paint import colors as shared_colors
from hmi.widgets.paint import font as shared_font
from hmi.widgets.paint import paint_alarm_frame, paint_alarm_marker, paint_bad
from tags.model import Quality, TagDef, TagSample

_NORMAL = DisplayState.NORMAL
_GOOD = Quality.GOOD


class _Binding:
    """What the readout shows, updated from samples without touching Qt until a repaint."""

    __slots__ = ("bridge", "shown", "tag", "text", "unit", "widget")

    def __init__(self, widget: ValueReadout, bridge: TagBridge, tag: TagDef, unit: bool):
        self.widget = widget
        self.bridge = bridge
        self.tag = tag
        self.unit = f" {tag.unit}" if unit and tag.unit else ""
        self.shown = Shown("----", DisplayState.BAD, "")
        self.text = self.shown.text

    def on_sample(self, _name: str, sample: TagSample) -> None:
        if sample.quality is _GOOD and self.shown.state is _NORMAL:
            # fast path: a Good value stays Good; only the text can change
            text = self.tag.format_value(sample.value) + self.unit
            if text != self.text:
                self.text = text
                self.bridge.repaint_later(self.widget)
            return
        shown = self.shown
        new = show(self.tag, sample, self.bridge.db.clock.now(), unit=bool(self.unit))
        if new.state is shown.state and new.tooltip == shown.tooltip and new.text == self.text:
            return
        if new.tooltip != shown.tooltip:
            self.widget.setToolTip(f"{self.tag.name}\n{new.tooltip}")
        if new.state is not shown.state:
            self.widget.setProperty("state", new.state.value)
        self.shown = new
        self.text = new.text
        self.bridge.repaint_later(self.widget)


class ValueReadout(QWidget):
    def __init__(
        self,
        bridge: TagBridge,
        tag_name: str,
        *,
        unit: bool = True,
        chars: int = 9,
        parent: QWidget | None = None,
        label: str = "",
        alarms: AlarmStatus | None = None,
        open_faceplate: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.tag_name = tag_name
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        # opaque: a repaint never has to repaint the parent's (styled) background first
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self._colors = _colors()
        self.label = label
        self._chars = chars
        self._alarms = alarms
        self.alarm: TagAlarm | None = None
        """The tag's most urgent alarm (when the readout follows an AlarmStatus)."""
        self._open_faceplate = open_faceplate
        self._font: QFont | None = None
        metrics = QFontMetrics(self.font())
        label_w = metrics.horizontalAdvance(label) + 8 if label else 0
        marker_w = metrics.height() + 2 if alarms is not None else 0
        self._size = QSize(
            label_w + marker_w + metrics.horizontalAdvance("0" * chars) + 8, metrics.height() + 4
        )
        tag = bridge.tag(tag_name)
        self._binding: _Binding | None = None
        if tag is None:
            self._config_error = Shown("CFG?", DisplayState.BAD, f"unknown tag '{tag_name}'")
            self.setToolTip(f"{tag_name}\nconfiguration error: unknown tag")
            self.setProperty("state", "config")
            return
        self._binding = _Binding(self, bridge, tag, unit)
        bridge.watch(tag_name, self._binding.on_sample, owner=self)
        if alarms is not None:
            self.alarm = alarms.of(tag_name)
            watch_alarms(alarms, [tag_name], self._on_alarm, owner=self)
        if open_faceplate is not None:
            self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_pixel_size(self, px: int) -> None:
        """Paint with this font size (in pixels) instead of the widget's font; for screens
        that scale (the stylesheet's font would override ``setFont``)."""
        self._font = shared_font(px)
        self.update()

    def _on_alarm(self, name: str) -> None:
        assert self._alarms is not None
        self.alarm = self._alarms.of(name)
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if (
            event.button() == Qt.MouseButton.LeftButton
            and self._open_faceplate is not None
            and self._binding is not None
        ):
            self._open_faceplate(self.tag_name)

    @property
    def shown(self) -> Shown:
        """The text, display state and tooltip on screen now."""
        binding = self._binding
        if binding is None:
            return self._config_error
        return Shown(binding.text, binding.shown.state, binding.shown.tooltip)

    def sizeHint(self) -> QSize:
        return self._size

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.label or self._alarms is not None:
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
        marker = fh + 2 if self._alarms is not None else 0
        if self.label:
            painter.setPen(colors["text_dim"])
            label = QRectF(
                rect.left() + 2, rect.top(), box.left() - marker - rect.left() - 4, rect.height()
            )
            text = metrics.elidedText(self.label, Qt.TextElideMode.ElideRight, int(label.width()))
            painter.drawText(label, _LEFT, text)
        if shown.state is DisplayState.BAD:
            paint_bad(painter, box, shown.text)
        else:
            painter.setPen(colors[shown.state.color_name])
            painter.drawText(box.adjusted(3, 0, -4, 0), _ALIGN, shown.text)
        if self.alarm is not None:
            paint_alarm_frame(painter, box, self.alarm)
            center = QPointF(box.left() - marker / 2 - 1, box.center().y())
            paint_alarm_marker(painter, center, min(fh, rect.height() - 2), self.alarm)
        painter.end()


_ALIGN = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


@functools.cache
def _colors() -> dict[str, QColor]:
    names = ["background", "bad", "bad_fill"] + [s.color_name for s in DisplayState]
    return {name: palette().color(name) for name in names}
