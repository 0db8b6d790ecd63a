"""Alarm counts of one area for the overview: per priority its marker (shape + number) and
how many of the area's tags stand in alarm at that priority, and how many are not yet
acknowledged. Zero counts are drawn as grey outlines, so colour appears only when an alarm
stands. A click opens the area's display.

Not a BoundWidget: it shows how many tags stand in alarm, never a tag's value, so it watches
alarm state only (no samples for a whole area's tags).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QFontInfo, QFontMetricsF, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from hmi.alarms.status import TagAlarm
from hmi.alarms.watch import watch_alarms
from hmi.i18n.retranslate import is_language_change
from hmi.widgets.context import DisplayContext
from hmi.widgets.paint import LEFT, colors, font, paint_alarm_marker
from tags.model import Priority


class AlarmCounts(QWidget):
    def __init__(
        self,
        ctx: DisplayContext,
        tags: Iterable[str],
        *,
        screen: str = "",
        title: Callable[[], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self._open_screen = ctx.open_screen
        self.target_screen = screen
        self._title = title or (lambda: screen)
        """The name of the screen it opens, in the current language (the tooltip's)."""
        self._current: dict[str, TagAlarm] = {}
        self.px = QFontInfo(self.font()).pixelSize()
        alarms = self._alarms = ctx.alarms
        if alarms is not None:
            names = list(tags)
            for name in names:
                alarm = alarms.of(name)
                if alarm is not None:
                    self._current[name] = alarm
            watch_alarms(alarms, names, self._on_alarm, owner=self)
        if screen and self._open_screen is not None:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setToolTip(self.tr("open the {screen} display").format(screen=self._title()))

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event) and self.toolTip():
            self.retranslate_ui()
        super().changeEvent(event)

    def set_pixel_size(self, px: int) -> None:
        self.px = px
        self.update()

    def _on_alarm(self, name: str) -> None:
        assert self._alarms is not None  # watched only when there is one
        alarm = self._alarms.of(name)
        if alarm is None:
            self._current.pop(name, None)
        else:
            self._current[name] = alarm
        self.update()

    def counts(self) -> dict[Priority, int]:
        """Tags in alarm per priority (each tag counted at its most urgent alarm)."""
        result = dict.fromkeys(Priority, 0)
        for alarm in self._current.values():
            result[alarm.priority] += 1
        return result

    def unacknowledged(self) -> int:
        return sum(1 for a in self._current.values() if a.unacknowledged)

    def paintEvent(self, event: QPaintEvent) -> None:
        c = colors()
        painter = QPainter(self)
        rect = QRectF(self.rect())
        painter.fillRect(rect, c["background"])
        base = self.px
        painter.setFont(font(base))
        metrics = QFontMetricsF(painter.font())
        size = min(rect.height() - 6, metrics.height() * 1.2)
        x = rect.left() + 4
        cy = rect.center().y()
        counts = self.counts()
        slot = metrics.horizontalAdvance("000") + size + 12
        for priority in Priority:
            n = counts[priority]
            shown = TagAlarm(priority, False, True, "")
            paint_alarm_marker(painter, QPointF(x + size / 2, cy), size, shown, dim=n == 0)
            painter.setFont(font(base, n > 0))
            painter.setPen(c["text"] if n else c["text_dim"])
            painter.drawText(
                QRectF(x + size + 4, rect.top(), slot - size - 4, rect.height()), LEFT, str(n)
            )
            x += slot
        unacked = self.unacknowledged()
        painter.setFont(font(base, unacked > 0))
        painter.setPen(c["text"] if unacked else c["text_dim"])
        painter.drawText(
            QRectF(x + 4, rect.top(), rect.right() - x - 4, rect.height()),
            LEFT,
            self.tr("{count} unack").format(count=unacked),
        )
        painter.end()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.target_screen and self._open_screen:
            self._open_screen(self.target_screen)
