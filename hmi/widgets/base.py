"""BoundWidget: what every widget that shows a tag's value shares.

Per-sample work happens in plain-Python ``Point`` objects (one per bound tag; attribute
access on Qt wrappers is slow): they keep the latest sample, how it shows
(``hmi.quality_display``, its age by the database's clock) and the tag's alarm, and ask for
a repaint only when something visible changed, through the bridge's ``repaint_later``. The
widget paints itself and never changes its own size. Every watch (samples and alarm state)
ends with the widget. A click opens the faceplate of the widget's main tag; a binding to a
tag the project does not know shows a configuration marker instead of the widget.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QEvent, QRectF, Qt
from PySide6.QtGui import QFontInfo, QHelpEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QToolTip, QWidget

from hmi.alarms.status import TagAlarm
from hmi.alarms.watch import watch_alarms
from hmi.i18n.retranslate import is_language_change
from hmi.quality_display import DisplayState, Shown, show
from hmi.widgets.context import DisplayContext
from hmi.widgets.paint import (
    colors,
    font,
    most_urgent,
    paint_config_error,
    paint_override,
    worst,
)
from tags.i18n import catalogue
from tags.i18n.descriptions import description_of
from tags.model import Quality, TagDef, TagSample, Value

_GOOD = Quality.GOOD
_NORMAL = DisplayState.NORMAL
WAITING = Shown("WAIT", DisplayState.BAD, "waiting for first data")


class Point:
    """One bound tag: latest value, its display text and state, and its alarm."""

    __slots__ = (
        "alarm",
        "clock",
        "name",
        "number",
        "owner",
        "sample",
        "shown",
        "tag",
        "text",
        "value",
    )

    def __init__(self, owner: BoundWidget, tag: TagDef) -> None:
        self.owner = owner
        self.clock = owner._bridge.db.clock
        self.sample: TagSample | None = None
        self.tag = tag
        self.name = tag.name
        self.shown = WAITING
        self.text = WAITING.text
        self.value: Value = None
        self.number: float | None = None
        """The value as a number for graphics; None when Bad or not numeric."""
        self.alarm: TagAlarm | None = None

    @property
    def state(self) -> DisplayState:
        return self.shown.state

    def with_unit(self) -> str:
        """The text with the engineering unit (a Bad value stays a code without unit)."""
        unit = self.tag.unit
        if not unit or self.number is None:
            return self.text
        if self.shown.state is _NORMAL or self.sample is None:
            return f"{self.text} {unit}"
        return show(self.tag, self.sample, self.clock.now(), unit=True).text

    def on_sample(self, _name: str, sample: TagSample) -> None:
        value = sample.value
        self.value = value
        self.sample = sample
        if sample.quality is _GOOD and self.shown.state is _NORMAL and not self.shown.marker:
            # fast path: Good stays Good, only the text can change
            text = self.tag.format_value(value)
            self.number = float(value) if isinstance(value, int | float) else None
            if text != self.text:
                self.text = text
                self.owner.point_changed(self)
            return
        new = show(self.tag, sample, self.clock.now())
        bad = new.state is DisplayState.BAD
        self.number = None if bad or not isinstance(value, int | float) else float(value)
        if new == self.shown and new.text == self.text:
            return
        self.shown = new
        self.text = new.text
        self.owner.point_changed(self)

    def reshow(self) -> None:
        """Make the text again from the last sample (a state's name in another language)."""
        if self.sample is not None:
            self.text = ""
            self.on_sample(self.name, self.sample)


class BoundWidget(QWidget):
    """Base of the process widgets; subclasses implement ``paint`` and call ``bind()``
    at the end of their ``__init__``."""

    def __init__(
        self,
        ctx: DisplayContext,
        tags: Mapping[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._bridge = ctx.bridge
        self._pending = False
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.px = QFontInfo(self.font()).pixelSize()
        """Base font size in pixels (set by the canvas as it scales; the stylesheet's font
        does not apply to painted text)."""
        self.points: dict[str, Point] = {}
        self.unknown: list[str] = []
        self.main_tag = next(iter(tags.values()), "")
        self.paints_override = False
        """True for a widget that places the override badge itself (else: its corner)."""
        self.show_alarm = True
        """False for a secondary view of a tag (a trend, a line) whose alarm another widget
        on the same display annunciates: an alarm is shown once per display."""

        for role, name in tags.items():
            tag = ctx.bridge.tag(name)
            if tag is None:
                self.unknown.append(name)
            else:
                self.points[role] = Point(self, tag)
        self._by_name: dict[str, list[Point]] = {}
        for point in self.points.values():
            self._by_name.setdefault(point.name, []).append(point)
        if self.unknown:
            self.setProperty("state", "config")
        elif self.main_tag and ctx.open_faceplate is not None:
            self.setCursor(Qt.CursorShape.PointingHandCursor)

    def bind(self) -> None:
        """Start the watches (samples and alarms); they end when the widget is destroyed."""
        bridge = self._bridge
        for point in self.points.values():
            bridge.watch(point.name, point.on_sample, owner=self)
        alarms = self.ctx.alarms
        if alarms is None:
            return
        for name, points in self._by_name.items():
            for point in points:
                point.alarm = alarms.of(name)
        watch_alarms(alarms, list(self._by_name), self._on_alarm, owner=self)

    # state ---------------------------------------------------------------------------------

    def point(self, role: str) -> Point | None:
        return self.points.get(role)

    @property
    def config_error(self) -> str:
        """Why the widget cannot show its tags (empty when it can)."""
        return ", ".join(catalogue.text("tag.unknown", tag=n) for n in self.unknown)

    @property
    def quality_state(self) -> DisplayState:
        """The least trustworthy quality among the bound tags (BAD for a config error)."""
        if self.unknown:
            return DisplayState.BAD
        return worst([p.shown.state for p in self.points.values()])

    @property
    def override_marker(self) -> str:
        """The override marker of the bound tags ("FORCED", "SIM" ...; the main tag's first;
        "" when every value is the field's)."""
        for point in self.points.values():
            if point.shown.marker:
                return point.shown.marker
        return ""

    @property
    def alarm(self) -> TagAlarm | None:
        """The most urgent alarm among the bound tags."""
        return most_urgent([p.alarm for p in self.points.values()])

    def set_pixel_size(self, px: int) -> None:
        """The base font size for painting (the canvas calls this when it rescales)."""
        if px != self.px:
            self.px = px
            self.update()

    @property
    def shown_alarm(self) -> TagAlarm | None:
        """The alarm this widget draws (None when another widget shows it)."""
        return self.alarm if self.show_alarm else None

    # changes -------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):  # state names and quality words are in the language
            for point in self.points.values():
                point.reshow()
            self.update()
        super().changeEvent(event)

    def point_changed(self, point: Point) -> None:
        """A bound tag's shown text or state changed (called from the bridge flush)."""
        if not self._pending:
            self._pending = True
            self._bridge.repaint_later(self)

    def _on_alarm(self, name: str) -> None:
        assert self.ctx.alarms is not None  # watched only when there is one
        alarm = self.ctx.alarms.of(name)
        for point in self._by_name.get(name, ()):
            point.alarm = alarm
        self.update()  # alarm changes are rare and come outside the bridge's flush

    # Qt ------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        self._pending = False
        painter = QPainter(self)
        rect = QRectF(self.rect())
        painter.fillRect(rect, colors()["background"])
        painter.setFont(font(self.px))
        if self.unknown:
            paint_config_error(painter, rect)
        else:
            self.paint(painter, rect)
            word = "" if self.paints_override else self.override_marker
            if word:
                paint_override(painter, rect.topLeft(), min(rect.height(), self.px * 1.3), word)
        painter.end()

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        raise NotImplementedError

    def tooltip_text(self) -> str:
        """Tag, description, quality and alarm of each bound tag (built when asked)."""
        if self.unknown:
            return QCoreApplication.translate("BoundWidget", "configuration error: {why}").format(
                why=self.config_error
            )
        lines: list[str] = []
        for point in self.points.values():
            tag = point.tag
            line = f"{tag.name}: {point.with_unit()}"
            odd = point.state is not _NORMAL or point.shown.marker
            detail = point.shown.tooltip if odd else description_of(tag)
            if detail:
                line += f" — {detail}"
            if point.alarm is not None:
                a = point.alarm
                ack = (
                    QCoreApplication.translate("BoundWidget", "unacknowledged")
                    if a.unacknowledged
                    else QCoreApplication.translate("BoundWidget", "acknowledged")
                )
                line += "\n    " + QCoreApplication.translate(
                    "BoundWidget", "alarm {kind}, priority {priority}, {ack}"
                ).format(kind=a.label, priority=int(a.priority), ack=ack)
            lines.append(line)
        return "\n".join(lines)

    def faceplate_tag(self, x: float, y: float) -> str:
        """The tag whose faceplate a click at (x, y) opens ('' for none)."""
        return "" if self.unknown else self.main_tag

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            QToolTip.showText(event.globalPos(), self.tooltip_text(), self)
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or not self.rect().contains(
            event.position().toPoint()
        ):
            return
        open_faceplate = self.ctx.open_faceplate
        if open_faceplate is None:
            return
        tag = self.faceplate_tag(event.position().x(), event.position().y())
        if tag:
            open_faceplate(tag)


def text_color(point: Point | None) -> str:
    """The palette name for a point's value text."""
    return "value" if point is None else point.shown.state.color_name
