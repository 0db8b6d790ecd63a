"""The trainer panel during a session: session time, the upsets (planned and live) with what
has started, a Start / Stop button for every scenario, and End session.

Refreshed twice a second while shown. Upset starts and stops and the end run as asyncio
tasks; the button asked is disabled until its call returns, and a refusal is said in words.
"""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QCoreApplication, QEvent, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.i18n.retranslate import is_language_change
from hmi.scenario_titles import scenario_title
from hmi.training.access import clock_text, session_title, start_state_text
from hmi.training.data import Tasks
from hmi.view_parts import read_only_table, section, set_cell, set_header_labels, set_section
from tags.i18n.descriptions import scenario_description, scenario_expected
from tags.training.control import RunningTraining
from tags.training.engine import UpsetState
from tags.training.store import SessionInfo

REFRESH_MS = 500
UPSET_COLUMNS = (
    QT_TRANSLATE_NOOP("RunningView", "Upset"),
    QT_TRANSLATE_NOOP("RunningView", "Area"),
    QT_TRANSLATE_NOOP("RunningView", "Planned"),
    QT_TRANSLATE_NOOP("RunningView", "By"),
    QT_TRANSLATE_NOOP("RunningView", "State"),
)
UPSET_WIDTHS = (70, 150, 80, 190)
"""Area, Planned, By, State ('running since 1234 s' fits); the upset takes the rest."""
SCENARIO_COLUMNS = (
    QT_TRANSLATE_NOOP("RunningView", "Scenario"),
    QT_TRANSLATE_NOOP("RunningView", "Area"),
    QT_TRANSLATE_NOOP("RunningView", "Title"),
    QT_TRANSLATE_NOOP("RunningView", "State"),
    "",
)
SOURCES = {
    "plan": QT_TRANSLATE_NOOP("RunningView", "plan"),
    "trainer": QT_TRANSLATE_NOOP("RunningView", "trainer"),
}
BUTTON_WIDTH = 90


def upset_state(upset: UpsetState) -> str:
    """'waiting', 'running since 12 s', 'ran 12–40 s'."""
    if upset.started is None:
        return QCoreApplication.translate("RunningView", "waiting")
    if upset.stopped is None:
        return QCoreApplication.translate("RunningView", "running since {start} s").format(
            start=f"{upset.started:.0f}"
        )
    return QCoreApplication.translate("RunningView", "ran {start}–{stop} s").format(
        start=f"{upset.started:.0f}", stop=f"{upset.stopped:.0f}"
    )


def planned(upset: UpsetState) -> str:
    if upset.planned_at is None:
        return QCoreApplication.translate("RunningView", "live")
    if upset.planned_stop is None:
        return QCoreApplication.translate("RunningView", "at {start} s").format(
            start=f"{upset.planned_at:g}"
        )
    return QCoreApplication.translate("RunningView", "at {start} s to {stop} s").format(
        start=f"{upset.planned_at:g}", stop=f"{upset.planned_stop:g}"
    )


class RunningView(QWidget):
    ended = Signal(object)
    """The SessionInfo of the session that just ended."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainingRunning")
        self.session: RunningTraining | None = None
        self.tasks = Tasks()
        self.destroyed.connect(self.tasks.cancel)
        self.elapsed = QLabel("")
        self.elapsed.setObjectName("trainingElapsed")
        self.facts = QLabel("")
        self.facts.setWordWrap(True)
        self.end_button = QPushButton()
        self.end_button.setObjectName("trainingEnd")
        self.end_button.clicked.connect(self.end_session)
        self.upsets = read_only_table(UPSET_COLUMNS, "trainingUpsets")
        self.upsets.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate(UPSET_WIDTHS, start=1):
            self.upsets.setColumnWidth(column, width)
        self.scenarios = read_only_table(SCENARIO_COLUMNS, "trainingScenarios")
        self.scenarios.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.scenarios.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        self.buttons: dict[str, QPushButton] = {}
        self.message = QLabel("")
        self.message.setObjectName("trainingMessage")
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        self.time_label = QLabel()
        top.addWidget(self.time_label)
        top.addWidget(self.elapsed)
        top.addWidget(self.facts, 1)
        top.addWidget(self.end_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        self.upsets_title = section("")
        layout.addWidget(self.upsets_title)
        layout.addWidget(self.upsets, 2)
        self.scenarios_title = section("")
        layout.addWidget(self.scenarios_title)
        layout.addWidget(self.scenarios, 3)
        layout.addWidget(self.message)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.elapsed.setToolTip(self.tr("Session time (the plan's clock): minutes and seconds"))
        self.end_button.setText(self.tr("End session"))
        self.end_button.setToolTip(
            self.tr(
                "Stop the session's upsets and the recording; the plant stays where it is, at "
                "its previous speed"
            )
        )
        self.time_label.setText(self.tr("Session time"))
        set_section(self.upsets_title, self.tr("Upsets of this session"))
        set_section(
            self.scenarios_title, self.tr("Scenarios"), self.tr("start or stop any of them now")
        )
        set_header_labels(self.upsets, "RunningView", UPSET_COLUMNS)
        set_header_labels(self.scenarios, "RunningView", SCENARIO_COLUMNS)
        if self.session is not None:
            self._show_facts(self.session)
            self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def _show_facts(self, session: RunningTraining) -> None:
        info = session.info
        self.facts.setText(
            self.tr(
                "{title}: trainee {trainee}, trainer {trainer}, time factor {factor}, from {start}"
            ).format(
                title=session_title(info),
                trainee=info.trainee,
                trainer=info.trainer,
                factor=f"{info.time_factor:g}",
                start=start_state_text(info.start_state),
            )
        )

    def show_session(self, session: RunningTraining) -> None:
        self.session = session
        self._show_facts(session)
        names = sorted(session.scenarios.values(), key=lambda s: (s.area, s.name))
        self.scenarios.setRowCount(len(names))
        self.buttons.clear()
        for row, scenario in enumerate(names):
            expected = self.tr("Expected: {alarms}").format(alarms=scenario_expected(scenario))
            tip = f"{scenario_description(scenario)}\n\n{expected}"
            set_cell(self.scenarios, row, 0, scenario.name, tip)
            set_cell(self.scenarios, row, 1, scenario.area, tip)
            set_cell(self.scenarios, row, 2, scenario_title(scenario.name, scenario.title), tip)
            button = QPushButton(self.tr("Start"))
            button.setObjectName("upsetButton")
            button.clicked.connect(lambda _=False, name=scenario.name: self.toggle_upset(name))
            self.buttons[scenario.name] = button
            self.scenarios.setCellWidget(row, 4, button)
        self.scenarios.resizeColumnsToContents()
        self.scenarios.setColumnWidth(3, 90)
        self.scenarios.setColumnWidth(4, BUTTON_WIDTH)
        self.scenarios.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.message.setText("")
        self.end_button.setEnabled(True)
        self.refresh()

    def refresh(self) -> None:
        session = self.session
        if session is None:
            return
        if session.ended:  # ended elsewhere (the console closing)
            self.end_button.setEnabled(False)
            self.message.setText(self.tr("The session has ended."))
            return
        self.elapsed.setText(clock_text(session.elapsed()))
        upsets = session.upsets()
        self.upsets.setRowCount(len(upsets))
        for row, upset in enumerate(upsets):
            source = SOURCES.get(upset.source)
            by = QCoreApplication.translate("RunningView", source) if source else upset.source
            cells = (
                f"{scenario_title(upset.scenario, upset.title)} ({upset.scenario})",
                upset.area,
                planned(upset),
                by,
                upset_state(upset),
            )
            for column, text in enumerate(cells):
                set_cell(self.upsets, row, column, text)
        active = set(session.active_upsets())
        for row in range(self.scenarios.rowCount()):
            item = self.scenarios.item(row, 0)
            if item is None:
                continue
            running = item.text() in active
            set_cell(self.scenarios, row, 3, self.tr("ACTIVE") if running else "")
            button = self.buttons[item.text()]
            button.setText(self.tr("Stop") if running else self.tr("Start"))
            button.setProperty("active", running)
            button.style().unpolish(button)
            button.style().polish(button)

    def toggle_upset(self, scenario: str) -> asyncio.Future[UpsetState | None]:
        """Start the scenario now, or stop it if the session runs it (a task)."""
        return self.tasks.start(self._toggle(scenario))

    async def _toggle(self, scenario: str) -> UpsetState | None:
        session = self.session
        if session is None or session.ended:
            return None
        button = self.buttons[scenario]
        button.setEnabled(False)
        stop = scenario in session.active_upsets()
        try:
            if stop:
                upset = await session.stop_upset(scenario)
            else:
                upset = await session.start_upset(scenario)
        except Exception as exc:  # TrainingError: running already, session ended
            self.message.setText(f"{scenario}: {exc}")
            return None
        finally:
            button.setEnabled(True)
        done = (
            self.tr("{title} stopped at {time}.") if stop else self.tr("{title} started at {time}.")
        )
        self.message.setText(
            done.format(
                title=scenario_title(upset.scenario, upset.title),
                time=clock_text(session.elapsed()),
            )
        )
        self.refresh()
        return upset

    def end_session(self) -> asyncio.Future[SessionInfo | None]:
        """End the session (a task; ``ended`` with its info)."""
        return self.tasks.start(self._end())

    async def _end(self) -> SessionInfo | None:
        session = self.session
        if session is None:
            return None
        self.end_button.setEnabled(False)
        self.message.setText(self.tr("Ending the session…"))
        try:
            info = await session.end()
        except Exception as exc:
            self.message.setText(
                self.tr("The session did not end cleanly: {error}").format(error=exc)
            )
            self.end_button.setEnabled(True)
            return None
        self.session = None
        self.ended.emit(info)
        return info

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
        self._timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self._timer.stop()
        super().hideEvent(event)
