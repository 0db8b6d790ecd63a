"""The scenario plan a trainer writes before a session: one row per upset, with the scenario
(from the field simulator's list), its start and an optional stop in session seconds.

A stop of 0 shows as "—": the upset then runs until the trainer stops it or the session
ends. ``plan()`` gives the rows as PlannedUpsets, or ValueError naming the row at fault.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.i18n.retranslate import is_language_change
from hmi.scenario_titles import scenario_title
from hmi.view_parts import note, set_header_labels
from tags.i18n.descriptions import scenario_description, scenario_expected
from tags.training.plan import PlannedUpset

if TYPE_CHECKING:
    from tags.training.control import ScenarioFacts

COLUMNS = (
    QT_TRANSLATE_NOOP("PlanTable", "Scenario"),
    QT_TRANSLATE_NOOP("PlanTable", "Start (s)"),
    QT_TRANSLATE_NOOP("PlanTable", "Stop (s)"),
)
MAX_SECONDS = 24 * 3600.0
NO_STOP = "—"


def _seconds(value: float, special: str = "") -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(0.0, MAX_SECONDS)
    spin.setDecimals(1)
    spin.setSingleStep(10.0)
    spin.setValue(value)
    spin.setSuffix(" s")
    if special:
        spin.setSpecialValueText(special)
    return spin


class PlanTable(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scenarios: list[ScenarioFacts] = []
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("trainingPlan")
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(1, 110)
        self.table.setColumnWidth(2, 110)
        self.table.currentCellChanged.connect(lambda *_: self._describe())
        self.about = note("")
        self.about.setWordWrap(True)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(lambda: self.remove_row(self.table.currentRow()))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.about)
        layout.addLayout(buttons)
        self._enable()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        set_header_labels(self.table, "PlanTable", COLUMNS)
        self.add_button.setText(self.tr("Add upset"))
        self.add_button.setToolTip(
            self.tr("Another upset of the plan (the first scenario, at 0 s)")
        )
        self.remove_button.setText(self.tr("Remove upset"))
        self.remove_button.setToolTip(self.tr("Remove the selected upset from the plan"))
        for row in range(self.table.rowCount()):
            self._spin(row, 2).setToolTip(self._no_stop_tip())
            combo = self._combo(row)
            self._fill(combo, combo.currentData())
        self._describe()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def _no_stop_tip(self) -> str:
        return self.tr("{none}: runs until the trainer stops it or the session ends").format(
            none=NO_STOP
        )

    def set_scenarios(self, scenarios: Sequence[ScenarioFacts]) -> None:
        """The scenarios a row may pick (the field simulator's list); rows keep their pick."""
        self.scenarios = list(scenarios)
        for row in range(self.table.rowCount()):
            combo = self._combo(row)
            chosen = combo.currentData()
            self._fill(combo, chosen)
        self._enable()

    def _fill(self, combo: QComboBox, chosen: str | None) -> None:
        combo.clear()
        for info in self.scenarios:
            title = scenario_title(info.name, info.title)
            combo.addItem(f"{title}  ({info.name}, {info.area})", info.name)
            expected = self.tr("Expected: {alarms}").format(alarms=scenario_expected(info))
            tip = f"{scenario_description(info)}\n\n{expected}"
            combo.setItemData(combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        index = combo.findData(chosen) if chosen else 0
        combo.setCurrentIndex(max(index, 0))

    def add_row(
        self, scenario: str | None = None, at: float = 0.0, stop: float | None = None
    ) -> int:
        """A new row (the first scenario at 0 s unless given); its index."""
        row = self.table.rowCount()
        self.table.insertRow(row)
        combo = QComboBox()
        self._fill(combo, scenario)
        combo.currentIndexChanged.connect(lambda *_: self._describe())
        self.table.setCellWidget(row, 0, combo)
        self.table.setCellWidget(row, 1, _seconds(at))
        stop_spin = _seconds(stop or 0.0, NO_STOP)
        stop_spin.setToolTip(self._no_stop_tip())
        self.table.setCellWidget(row, 2, stop_spin)
        self.table.selectRow(row)
        self._enable()
        return row

    def remove_row(self, row: int) -> None:
        if 0 <= row < self.table.rowCount():
            self.table.removeRow(row)
        self._enable()
        self._describe()

    def _describe(self) -> None:
        """What the selected row's scenario does and which alarms it brings, under the table."""
        combo = self.table.cellWidget(self.table.currentRow(), 0)  # None while rows change
        name = combo.currentData() if isinstance(combo, QComboBox) else None
        info = next((s for s in self.scenarios if s.name == name), None)
        if info is None:
            self.about.setText("")
            return
        self.about.setText(
            self.tr(
                "{title} ({area}, unfolds in about {minutes} min): {description} Expected: {alarms}"
            ).format(
                title=scenario_title(info.name, info.title),
                area=info.area,
                minutes=f"{info.duration_s / 60:.0f}",
                description=scenario_description(info),
                alarms=scenario_expected(info),
            )
        )

    def clear(self) -> None:
        self.table.setRowCount(0)
        self._enable()
        self._describe()

    def _enable(self) -> None:
        self.add_button.setEnabled(bool(self.scenarios))
        self.remove_button.setEnabled(self.table.rowCount() > 0)

    def _combo(self, row: int) -> QComboBox:
        widget = self.table.cellWidget(row, 0)
        assert isinstance(widget, QComboBox)
        return widget

    def _spin(self, row: int, column: int) -> QDoubleSpinBox:
        widget = self.table.cellWidget(row, column)
        assert isinstance(widget, QDoubleSpinBox)
        return widget

    def plan(self) -> tuple[PlannedUpset, ...]:
        """The rows as a plan, in start order (ValueError: which row is wrong, and why)."""
        upsets = []
        for row in range(self.table.rowCount()):
            name = self._combo(row).currentData()
            if not name:
                raise ValueError(self.tr("upset {row}: pick a scenario").format(row=row + 1))
            at, stop = self._spin(row, 1).value(), self._spin(row, 2).value()
            try:
                upsets.append(PlannedUpset(str(name), at, stop if stop > 0.0 else None))
            except ValueError as exc:
                problem = self.tr("upset {row}: {problem}").format(row=row + 1, problem=exc)
                raise ValueError(problem) from None
        return tuple(sorted(upsets, key=lambda u: u.at))
