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

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hmi.shell.theme import palette
from hmi.subscriptions import Coalesced
from hmi.view_parts import list_table
from tags.analytics.instrument_health import InstrumentIssue, Severity
from tags.analytics.issue_groups import IssueGroup, group_issues
from tags.console_runtime import HealthSource

COLUMNS = ("Severity", "Instrument", "Problem", "Detail", "Since", "Area")
LISTED_IN_TIP = 20
"""Names of a group's instruments its tooltip lists."""
SEVERITY_TEXT = {Severity.FAULT: "Fault", Severity.WARNING: "Warning",
                 Severity.ADVISORY: "Advisory"}  # fmt: skip
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
        self.refresh()

    def refresh(self) -> None:
        """Show the engine's standing issues now, grouped per unit."""
        self.issues = self.health.issues()
        self.groups = group_issues((issue, None) for issue in self.issues)
        table = self.table
        table.setRowCount(len(self.groups))
        for row, group in enumerate(self.groups):
            many = f" ({group.count})" if group.count > 1 else ""
            cells = (SEVERITY_TEXT[group.severity], f"{group.name}{many}", group.check.value,
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
        plural = "s" if len(self.groups) > 1 else ""
        lines = f", shown as {len(self.groups)} line{plural} per unit" if grouped else ""
        self.count.setText(
            f"{len(self.issues)} issues on {tags} of {total} measurements checked{lines}"
            if self.issues else f"All {total} measurements checked look healthy."
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
        return [(SEVERITY_TEXT[g.severity], g.name, g.check.value) for g in self.groups]

    def _open(self, row: int, _column: int) -> None:
        if self.open_tag is not None and 0 <= row < len(self.groups):
            self.open_tag(self.groups[row].tags[0])


def _tip(group: IssueGroup) -> str:
    """A group's instruments by name (the first LISTED_IN_TIP), empty for a single one."""
    if group.count == 1:
        return ""
    names = ", ".join(group.tags[:LISTED_IN_TIP])
    more = f" and {group.count - LISTED_IN_TIP} more" if group.count > LISTED_IN_TIP else ""
    return f"{group.count} instruments: {names}{more}"
