"""Instrument health: measurements that can't be trusted and why, the worst first.

Faults (a Bad or out-of-range reading) say so in the console's colour for values that can't
be trusted (as a Bad value does) and in words; warnings (frozen, stuck at a range end,
Uncertain) and advisories (noisy, intermittent quality) stay grey. Issues are grouped per
unit as the shift report groups them (tags/analytics/issue_groups.py): sixty dead cells of a
series are one line, their names in its tooltip. The order is the engine's: severity, then
kind, then since when (tags/analytics/instrument_health.py).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.i18n.retranslate import is_language_change
from hmi.shell.theme import palette
from hmi.subscriptions import Coalesced
from hmi.view_parts import list_table
from tags.analytics.instrument_health import Check, InstrumentIssue, Severity
from tags.analytics.issue_groups import IssueGroup, group_issues
from tags.console_runtime import HealthSource

CONTEXT = "HealthList"
COLUMNS = (
    QT_TRANSLATE_NOOP("HealthList", "Severity"), QT_TRANSLATE_NOOP("HealthList", "Instrument"),
    QT_TRANSLATE_NOOP("HealthList", "Problem"), QT_TRANSLATE_NOOP("HealthList", "Detail"),
    QT_TRANSLATE_NOOP("HealthList", "Since"), QT_TRANSLATE_NOOP("HealthList", "Area"),
)  # fmt: skip
LISTED_IN_TIP = 20
"""Names of a group's instruments its tooltip lists."""
SEVERITY_TEXT = {Severity.FAULT: QT_TRANSLATE_NOOP("HealthList", "Fault"),
                 Severity.WARNING: QT_TRANSLATE_NOOP("HealthList", "Warning"),
                 Severity.ADVISORY: QT_TRANSLATE_NOOP("HealthList", "Advisory")}  # fmt: skip
CHECK_TEXT = {Check.OUT_OF_RANGE: QT_TRANSLATE_NOOP("HealthList", "out of range"),
              Check.BAD_QUALITY: QT_TRANSLATE_NOOP("HealthList", "bad quality"),
              Check.FROZEN: QT_TRANSLATE_NOOP("HealthList", "frozen"),
              Check.STUCK_AT_LIMIT: QT_TRANSLATE_NOOP("HealthList", "stuck at limit"),
              Check.NOISY: QT_TRANSLATE_NOOP("HealthList", "noisy")}  # fmt: skip
"""The problems' names (the engine's values) as shown."""


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def severity_text(severity: Severity) -> str:
    return _tr(SEVERITY_TEXT[severity])


def check_text(check: Check) -> str:
    return _tr(CHECK_TEXT.get(check, check.value))


REFRESH_MS = 250


class HealthList(QWidget):
    """The standing instrument issues, one line per unit and problem; double-click opens the
    faceplate of the line's (first) instrument."""

    def __init__(
        self,
        health: HealthSource,
        time_text: Callable[[float], str],
        open_tag: Callable[[str], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("healthList")
        self.health = health
        self.time_text = time_text
        self.open_tag = open_tag
        self.issues: list[InstrumentIssue] = []
        self.groups: list[IssueGroup] = []
        self._fault = QBrush(palette().color("bad"))
        self._plain = QBrush(palette().color("text"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        widths = ((0, 80), (1, 190), (2, 110), (4, 80), (5, 60))
        self.table = list_table("healthTable", COLUMNS, stretch=3, widths=widths)
        self.table.cellDoubleClicked.connect(self._open)
        layout.addWidget(self.table, 1)
        self.count = QLabel("")
        self.count.setObjectName("quietNote")
        layout.addWidget(self.count)
        self._listener = Coalesced(self, health.subscribe, self.refresh, REFRESH_MS)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.table.setHorizontalHeaderLabels([_tr(c) for c in COLUMNS])
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def refresh(self) -> None:
        """Show the engine's standing issues now, grouped per unit."""
        self.issues = self.health.issues()
        self.groups = group_issues((issue, None) for issue in self.issues)
        table = self.table
        table.setRowCount(len(self.groups))
        for row, group in enumerate(self.groups):
            many = f" ({group.count})" if group.count > 1 else ""
            cells = (severity_text(group.severity), f"{group.name}{many}", check_text(group.check),
                     group.detail, self.time_text(group.since), group.area)  # fmt: skip
            tip = _tip(group)
            for column, text in enumerate(cells):
                item = table.item(row, column)
                if item is None:
                    item = QTableWidgetItem()
                    table.setItem(row, column, item)
                if item.text() != text:
                    item.setText(text)
                if item.toolTip() != tip:
                    item.setToolTip(tip)
            self._mark(row, group.severity is Severity.FAULT)
        total = len(self.health.names)
        tags = len({i.tag for i in self.issues})
        grouped = len(self.groups) < len(self.issues)
        lines = ""
        if grouped:
            lines = (
                self.tr(", shown as 1 line per unit")
                if len(self.groups) == 1
                else self.tr(", shown as {count} lines per unit").format(count=len(self.groups))
            )
        self.count.setText(
            self.tr("{issues} issues on {tags} of {total} measurements checked").format(
                issues=len(self.issues), tags=tags, total=total) + lines
            if self.issues
            else self.tr("All {total} measurements checked look healthy.").format(total=total)
        )  # fmt: skip

    def _mark(self, row: int, fault: bool) -> None:
        item = self.table.item(row, 0)
        assert item is not None
        if bool(item.data(Qt.ItemDataRole.UserRole)) == fault and item.font().bold() == fault:
            return
        item.setData(Qt.ItemDataRole.UserRole, fault)
        item.setForeground(self._fault if fault else self._plain)
        font = QFont(item.font())
        font.setBold(fault)
        item.setFont(font)

    def rows(self) -> list[tuple[str, str, str]]:
        """(severity, instrument or group, problem) per line, as shown."""
        return [(severity_text(g.severity), g.name, check_text(g.check)) for g in self.groups]

    def _open(self, row: int, _column: int) -> None:
        if self.open_tag is not None and 0 <= row < len(self.groups):
            self.open_tag(self.groups[row].tags[0])


def _tip(group: IssueGroup) -> str:
    """A group's instruments by name (the first LISTED_IN_TIP), empty for a single one."""
    if group.count == 1:
        return ""
    names = ", ".join(group.tags[:LISTED_IN_TIP])
    if group.count > LISTED_IN_TIP:
        more = QCoreApplication.translate(
            "HealthList", "{count} instruments: {names} and {more} more"
        )
        return more.format(count=group.count, names=names, more=group.count - LISTED_IN_TIP)
    return QCoreApplication.translate("HealthList", "{count} instruments: {names}").format(
        count=group.count, names=names
    )
