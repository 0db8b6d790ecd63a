"""ValueReadout: one tag's value with its quality, painted directly.

Repaints only when the shown text or state changes, and never changes its size, so a screen
of thousands of readouts costs little and no layout is redone. The per-sample work happens
in a plain Python binding object (attribute access on Qt wrappers is slow). A readout bound
to a tag the project does not know shows a configuration marker.
"""

from __future__ import annotations

import functools
import time

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from hmi.bridge import TagBridge
from hmi.quality_display import DisplayState, Shown, show
from hmi.theme import palette
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
        new = show(self.tag, sample, time.time(), unit=bool(self.unit))
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
    ) -> None:
        super().__init__(parent)
        self.tag_name = tag_name
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        # opaque: a repaint never has to repaint the parent's (styled) background first
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self._colors = _colors()
        metrics = QFontMetrics(self.font())
        self._size = QSize(metrics.horizontalAdvance("0" * chars) + 8, metrics.height() + 4)
        tag = bridge.tag(tag_name)
        self._binding: _Binding | None = None
        if tag is None:
            self._config_error = Shown("CFG?", DisplayState.BAD, f"unknown tag '{tag_name}'")
            self.setToolTip(f"{tag_name}\nconfiguration error: unknown tag")
            self.setProperty("state", "config")
            return
        self._binding = _Binding(self, bridge, tag, unit)
        bridge.watch(tag_name, self._binding.on_sample, owner=self)

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
        painter = QPainter(self)
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


_ALIGN = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@functools.cache
def _colors() -> dict[str, QColor]:
    names = ["background", "bad", "bad_fill"] + [s.color_name for s in DisplayState]
    return {name: palette().color(name) for name in names}
