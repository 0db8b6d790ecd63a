"""Predictive warnings: tags whose trend reaches an alarm limit soon, in their own calm list.

They are advice, never alarms: no priority marker, no colour, no horn, nothing to
acknowledge; each one leaves the list by itself when its trend turns or its alarm takes over
(tags/analytics/prediction.py). Warnings are grouped per unit as the shift report groups them
(tags/analytics/issue_groups.py): sixty cells of a series heading for one limit are one line.
``WarningLine`` is the same advice as one line of a faceplate.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.i18n.retranslate import is_language_change
from hmi.subscriptions import Coalesced
from hmi.view_parts import list_table
from tags.analytics.issue_groups import WarningGroup, group_warnings
from tags.analytics.prediction import PredictiveWarning
from tags.console_runtime import PredictionSource

COLUMNS = (
    QT_TRANSLATE_NOOP("WarningList", "Predicted"), QT_TRANSLATE_NOOP("WarningList", "Limit"),
    QT_TRANSLATE_NOOP("WarningList", "Trend"), QT_TRANSLATE_NOOP("WarningList", "Confidence"),
    QT_TRANSLATE_NOOP("WarningList", "Since"), QT_TRANSLATE_NOOP("WarningList", "Area"),
)  # fmt: skip
REFRESH_MS = 250
LISTED_IN_TIP = 20
"""Warnings of a group its tooltip lists."""
NBSP = "\u00a0"


def limit_text(w: PredictiveWarning) -> str:
    unit = f" {w.unit}" if w.unit else ""
    return f"{w.kind.value.upper()} {w.limit:g}{unit}"


def trend_text(w: PredictiveWarning) -> str:
    unit = f" {w.unit}" if w.unit else ""
    return f"{w.rate_per_minute:+.3g}{unit}/min"


def line_text(w: PredictiveWarning) -> str:
    """A warning as one sentence (the faceplate's line)."""
    line = QCoreApplication.translate(
        "WarningLine",
        "Predicted: {text} ({limit} limit; trend {trend}; confidence {confidence}). Advice, "
        "not an alarm.",
    )
    return line.format(text=w.text, limit=w.kind.value.upper(),
                       trend=trend_text(w).replace(" ", NBSP),
                       confidence=f"{w.confidence:.2f}")  # fmt: skip


class WarningList(QWidget):
    """The standing predictive warnings per unit, the soonest first; double-click opens the
    tag (a group's soonest)."""

    def __init__(
        self,
        predictor: PredictionSource,
        time_text: Callable[[float], str],
        open_tag: Callable[[str], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("warningList")
        self.predictor = predictor
        self.time_text = time_text
        self.open_tag = open_tag
        self.warnings: list[PredictiveWarning] = []
        self.groups: list[WarningGroup] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        widths = ((1, 110), (2, 120), (3, 100), (4, 80), (5, 60))
        self.table = list_table("warningTable", COLUMNS, stretch=0, widths=widths)
        self.table.cellDoubleClicked.connect(self._open)
        layout.addWidget(self.table, 1)
        self.empty = QLabel()
        self.empty.setObjectName("quietNote")
        layout.addWidget(self.empty)
        self._listener = Coalesced(self, predictor.subscribe, self.refresh, REFRESH_MS)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [QCoreApplication.translate("WarningList", c) for c in COLUMNS]
        )
        self.empty.setText(
            self.tr("No predictive warnings: no measurement is heading for a limit.")
        )
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def refresh(self) -> None:
        """Show the predictor's warnings now."""
        self.warnings = self.predictor.warnings()
        self.groups = group_warnings(self.warnings)
        table = self.table
        table.setRowCount(len(self.groups))
        for row, group in enumerate(self.groups):
            w = group.warnings[0]
            cells = (group.text, limit_text(w), trend_text(w), f"{w.confidence:.2f}",
                     self.time_text(w.since), w.area)  # fmt: skip
            tip = _tip(group)
            for column, text in enumerate(cells):
                item = table.item(row, column)
                if item is None:
                    item = QTableWidgetItem()
                    if column in (2, 3):
                        item.setTextAlignment(
                            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                        )
                    table.setItem(row, column, item)
                if item.text() != text:
                    item.setText(text)
                if item.toolTip() != tip:
                    item.setToolTip(tip)
                item.setData(Qt.ItemDataRole.UserRole, w.tag)
        self.empty.setVisible(not self.warnings)

    def texts(self) -> list[str]:
        """The lines as shown (one per unit and limit)."""
        return [g.text for g in self.groups]

    def _open(self, row: int, _column: int) -> None:
        if self.open_tag is not None and 0 <= row < len(self.groups):
            self.open_tag(self.groups[row].warnings[0].tag)


def _tip(group: WarningGroup) -> str:
    """A group's warnings one per line (the first LISTED_IN_TIP), empty for a single one."""
    if group.count == 1:
        return ""
    lines = [w.text for w in group.warnings[:LISTED_IN_TIP]]
    if group.count > LISTED_IN_TIP:
        more = QCoreApplication.translate("WarningList", "... and {count} more")
        lines.append(more.format(count=group.count - LISTED_IN_TIP))
    return "\n".join(lines)


class WarningLine(QLabel):
    """A faceplate's line: the predictive warning of its tags, while there is one."""

    def __init__(self, predictor: PredictionSource, tags: Sequence[str], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("predictionLine")
        self.setWordWrap(True)
        self.predictor = predictor
        self.tags = list(tags)
        self._listener = Coalesced(self, predictor.subscribe, self.refresh, 0)
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.refresh()
        super().changeEvent(event)

    def warning(self) -> PredictiveWarning | None:
        for name in self.tags:
            found = self.predictor.warning_for(name)
            if found is not None:
                return found
        return None

    def refresh(self) -> None:
        found = self.warning()
        text = "" if found is None else line_text(found)
        if text != self.text():
            self.setText(text)
        self.setHidden(found is None)
