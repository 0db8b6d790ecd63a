"""Unacknowledged alarms per priority on the header's navigation buttons.

A button whose screen belongs to an area shows, after its title, a marker (shape + colour +
number) and the count for every priority that has unacknowledged alarms in that area; the
alarm summary's button shows the totals. No alarms: no markers, the button stays grey.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QFontMetrics, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QPushButton

from hmi.alarms.status import TagAlarm
from hmi.alarms.table import priority_name
from hmi.i18n.retranslate import is_language_change
from hmi.subscriptions import Coalesced
from hmi.widgets.paint import LEFT, colors, font, paint_alarm_marker
from tags.alarms.engine import AlarmEngine
from tags.model import Priority

REFRESH_MS = 200
"""A burst of alarm changes becomes one repaint of the buttons this long after the first."""
MARKER = 16
TEXT_PX = 12
GAP = 6
"""Space between the button's title and the first marker."""


def counts_pixmap(counts: Mapping[Priority, int]) -> QPixmap:
    """Marker and count for each priority with a count (empty picture when all are 0)."""
    shown = [(p, n) for p, n in sorted(counts.items()) if n > 0]
    f = font(TEXT_PX, True)
    metrics = QFontMetrics(f)
    widths = [MARKER + 3 + metrics.horizontalAdvance(str(n)) + 4 for _, n in shown]
    pixmap = QPixmap(max(GAP + sum(widths), 1), MARKER + 2)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setFont(f)
    x = float(GAP)
    for (priority, n), width in zip(shown, widths, strict=True):
        center = QPointF(x + MARKER / 2, (MARKER + 2) / 2)
        paint_alarm_marker(painter, center, MARKER, TagAlarm(priority, True, True, ""))
        painter.setPen(colors()["text"])
        painter.drawText(QRectF(x + MARKER + 3, 0, width, MARKER + 2), LEFT, str(n))
        x += width
    painter.end()
    return pixmap


def counts_text(counts: Mapping[Priority, int]) -> str:
    parts = [f"{n} {priority_name(p)}" for p, n in sorted(counts.items()) if n > 0]
    if not parts:
        return QCoreApplication.translate("AreaAlarmCounts", "no unacknowledged alarms")
    return QCoreApplication.translate("AreaAlarmCounts", "{counts} unacknowledged").format(
        counts=", ".join(parts)
    )


class AreaAlarmCounts(QObject):
    """Keeps the navigation buttons' counts up to date from ``engine.counts()``."""

    def __init__(
        self,
        engine: AlarmEngine,
        buttons: Mapping[str, QPushButton],
        areas: Mapping[str, str],
        *,
        totals: Iterable[str] = (),
        parent: QObject | None = None,
    ) -> None:
        """``areas``: screen key -> its area; ``totals``: screen keys that show all areas."""
        super().__init__(parent)
        self.engine = engine
        self.buttons = {k: b for k, b in buttons.items() if areas.get(k) or k in set(totals)}
        self.areas = dict(areas)
        self.totals = set(totals)
        self._tips = {k: b.toolTip() for k, b in self.buttons.items()}
        self.shown: dict[str, dict[Priority, int]] = {}
        for button in self.buttons.values():
            button.setLayoutDirection(Qt.LayoutDirection.RightToLeft)  # markers after the title
            button.installEventFilter(self)
        self._listener = Coalesced(self, engine.subscribe, self.refresh, REFRESH_MS)
        self.refresh()

    def refresh(self) -> None:
        per_area = {a: dict(c.unacknowledged) for a, c in self.engine.counts().items()}
        for key, button in self.buttons.items():
            if key in self.totals:
                counts = dict.fromkeys(Priority, 0)
                for area_counts in per_area.values():
                    for priority, n in area_counts.items():
                        counts[priority] += n
            else:
                counts = per_area.get(self.areas[key], dict.fromkeys(Priority, 0))
            if self.shown.get(key) == counts:
                continue
            self.shown[key] = counts
            pixmap = counts_pixmap(counts)
            button.setIcon(QIcon(pixmap) if any(counts.values()) else QIcon())
            button.setIconSize(QSize(pixmap.width(), pixmap.height()))
            button.setToolTip(f"{self._tips[key]}\n{counts_text(counts)}")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A language change: the tooltips again in the new language (after the shell has
        given the buttons theirs)."""
        if is_language_change(event) and isinstance(watched, QPushButton):
            key = next((k for k, b in self.buttons.items() if b is watched), None)
            if key is not None:
                QTimer.singleShot(0, lambda k=key: self._retranslate(k))
        return False

    def _retranslate(self, key: str) -> None:
        button = self.buttons[key]
        tip = button.toolTip().split("\n", 1)[0]
        self._tips[key] = tip
        counts = self.shown.get(key)
        if counts is not None:
            button.setToolTip(f"{tip}\n{counts_text(counts)}")

    def close(self) -> None:
        self._listener.close()
