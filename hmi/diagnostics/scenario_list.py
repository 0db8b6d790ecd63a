"""The field simulator's scenarios for L4 diagnostics (read-only for now).

When the project runs on the simulator, the list shows every upset a trainer can start:
name, area, title, how long it takes to unfold and whether it is active, with the
description and the expected alarms in the tooltip. The scenarios come from the runtime's
embedded field server (asynchronously, on the field server's thread) or from an in-process
plant model; a project on real field devices shows why the list is empty.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.i18n.retranslate import is_language_change
from hmi.scenario_titles import scenario_title
from hmi.view_parts import list_table, set_header_labels
from tags.console_runtime import ConsoleRuntime
from tags.i18n.descriptions import scenario_description, scenario_expected

if TYPE_CHECKING:
    from tags.simulation.scenarios import ScenarioInfo

COLUMNS = (
    QT_TRANSLATE_NOOP("ScenarioList", "Scenario"),
    QT_TRANSLATE_NOOP("ScenarioList", "Area"),
    QT_TRANSLATE_NOOP("ScenarioList", "Title"),
    QT_TRANSLATE_NOOP("ScenarioList", "Unfolds in"),
    QT_TRANSLATE_NOOP("ScenarioList", "State"),
)
REFRESH_MS = 2000


class _PlantScenarios(Protocol):
    def scenarios(self) -> list[ScenarioInfo]: ...
    def active_scenarios(self) -> list[str]: ...


def _in_process_plant(runtime: ConsoleRuntime) -> _PlantScenarios | None:
    """The plant model a ``sim://`` driver runs in process, if any."""
    for driver in runtime.drivers:
        plant = getattr(driver, "plant", None)
        if plant is not None and hasattr(plant, "scenarios"):
            return plant  # type: ignore[no-any-return]
    return None


def _duration(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds >= 60 else f"{seconds:.0f} s"


class ScenarioList(QWidget):
    def __init__(self, runtime: ConsoleRuntime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runtime = runtime
        self.status = QLabel("")
        self.table = list_table("scenarioList", COLUMNS, stretch=2)
        set_header_labels(self.table, "ScenarioList", COLUMNS)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.table)
        self._task: asyncio.Task[None] | None = None
        self._shown: tuple[tuple[str, ...], tuple[str, ...]] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Read the scenarios again (at once from a plant model, else in the background)."""
        plant = _in_process_plant(self.runtime)
        if plant is not None:
            self.show_scenarios(plant.scenarios(), plant.active_scenarios())
            return
        if self.runtime.server is not None:
            self.show_message(
                self.tr(
                    "scenarios run on the control room's server (where the field simulator "
                    "runs): not started from this console"
                )
            )
            return
        if self.runtime.field_server is None:
            self.show_message(self.tr("not running on the field simulator: no scenarios"))
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.show_message(self.tr("scenarios are read while the console runs"))
            return
        if self._task is None or self._task.done():
            self._task = loop.create_task(self._load())

    async def _load(self) -> None:
        server = self.runtime.field_server
        if server is None:
            return
        try:
            scenarios = await server.scenarios()
            active = await server.active_scenarios()
        except RuntimeError as exc:  # the field server stopped meanwhile
            self.show_message(self.tr("field simulator: {error}").format(error=exc))
            return
        self.show_scenarios(scenarios, active)

    def show_message(self, text: str) -> None:
        self._shown = None
        self.status.setText(text)
        self.table.setRowCount(0)

    def show_scenarios(self, scenarios: Sequence[ScenarioInfo], active: Sequence[str]) -> None:
        shown = (tuple(s.name for s in scenarios), tuple(sorted(active)))
        if shown == self._shown:
            return  # nothing changed: no relayout of the table
        self._shown = shown
        running = set(active)
        self.status.setText(
            self.tr(
                "{count} scenarios on the field simulator, {active} active "
                "(started by a trainer; read-only here)"
            ).format(count=len(scenarios), active=len(running))
        )
        self.table.setRowCount(len(scenarios))
        for row, info in enumerate(scenarios):
            cells = (
                info.name,
                info.area,
                scenario_title(info.name, info.title),
                _duration(info.duration_s),
                self.tr("ACTIVE") if info.name in running else "",
            )
            expected = self.tr("Expected: {alarms}").format(alarms=scenario_expected(info))
            for col, content in enumerate(cells):
                item = QTableWidgetItem(content)
                item.setToolTip(f"{scenario_description(info)}\n\n{expected}")
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            set_header_labels(self.table, "ScenarioList", COLUMNS)
            self._shown = None
            self.refresh()
        super().changeEvent(event)

    def names(self) -> list[str]:
        """The scenario names listed now."""
        items = (self.table.item(r, 0) for r in range(self.table.rowCount()))
        return [item.text() for item in items if item is not None]

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()
        self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._timer.stop()
        if self._task is not None and not self._task.done():
            with contextlib.suppress(RuntimeError):
                self._task.cancel()
        super().hideEvent(event)
