"""The trainer panel before a session: trainee, starting state, time factor, scenario plan.

The starting state is the plant's steady state or a stored snapshot; "Save snapshot" keeps
the plant as it is now under a name. Scenarios come from the field simulator's list. Start
puts the plant in the starting state (a second or so, frozen meanwhile) and starts the
session; every engine call runs as an asyncio task and what went wrong is said in words.
"""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hmi.i18n.retranslate import is_language_change
from hmi.local_time import local_time
from hmi.training.access import start_state_text
from hmi.training.data import Tasks
from hmi.training.plan import PlanTable
from hmi.view_parts import note
from tags.security.permissions import User
from tags.training.control import RunningTraining, TrainingControl
from tags.training.engine import SessionSetup
from tags.training.store import STEADY_STATE, SnapshotInfo

MAX_FACTOR = 1000.0


class SetupView(QWidget):
    started = Signal(object)
    """The session that just started (RunningTraining)."""

    def __init__(
        self, control: TrainingControl, trainer: User, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("trainingSetup")
        self.control = control
        self.trainer = trainer
        self.tasks = Tasks()
        self.destroyed.connect(self.tasks.cancel)
        self.snapshots: list[SnapshotInfo] = []
        self.trainee = QComboBox()
        self.trainee.setEditable(True)
        self.trainee.setCurrentText("")
        self.trainee.setMinimumWidth(220)
        line = self.trainee.lineEdit()
        assert line is not None
        self.name = QLineEdit()
        self.state = QComboBox()
        self.state.setMinimumWidth(320)
        self.snapshot_name = QLineEdit()
        self.snapshot_button = QPushButton()
        self.snapshot_button.clicked.connect(self.save_snapshot)
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self.delete_snapshot)
        self.state.currentIndexChanged.connect(lambda _index: self._enable_delete())
        self.factor = QDoubleSpinBox()
        self.factor.setRange(0.1, MAX_FACTOR)
        self.factor.setDecimals(1)
        self.factor.setValue(1.0)
        self.factor.setSuffix(" ×")
        self.factor.setMinimumWidth(110)
        self.plan = PlanTable()
        self.start_button = QPushButton()
        self.start_button.setObjectName("trainingStart")
        self.start_button.clicked.connect(self.start_session)
        self.message = QLabel("")
        self.message.setObjectName("trainingMessage")
        self.message.setWordWrap(True)
        self.labels = [QLabel() for _ in range(4)]
        """The form's labels: trainee, session name, starting state, time factor."""
        self.trainee_note = note("")
        self.factor_note = note("")
        self.plan_title = QLabel()
        self._layout()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        line = self.trainee.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("user name of the trainee"))
        self.name.setPlaceholderText(self.tr("optional, e.g. 'night shift pump trips'"))
        self.snapshot_name.setPlaceholderText(self.tr("name of a new snapshot"))
        self.snapshot_button.setText(self.tr("Save snapshot"))
        self.snapshot_button.setToolTip(
            self.tr("Keep the plant as it is now, to start sessions from it")
        )
        self.delete_button.setText(self.tr("Delete snapshot"))
        self.delete_button.setToolTip(
            self.tr("Remove the chosen snapshot (sessions keep its name)")
        )
        self.factor.setToolTip(
            self.tr("Plant seconds per second: 10 × runs an hour of plant in 6 min")
        )
        self.start_button.setText(self.tr("Start session"))
        names = (self.tr("Trainee"), self.tr("Session name"), self.tr("Starting state"),
                 self.tr("Time factor"))  # fmt: skip
        for label, name in zip(self.labels, names, strict=True):
            label.setText(name)
        self.trainee_note.setText(self.tr("logs in at the console under this name"))
        self.factor_note.setText(
            self.tr("plant seconds per second; plan times are session seconds")
        )
        self.plan_title.setText(self.tr("Scenario plan"))
        self._show_states()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def _layout(self) -> None:
        form = QFormLayout()
        trainee = QHBoxLayout()
        trainee.addWidget(self.trainee)
        trainee.addWidget(self.trainee_note, 1)
        form.addRow(self.labels[0], trainee)
        form.addRow(self.labels[1], self.name)
        state = QHBoxLayout()
        state.addWidget(self.state)
        state.addWidget(self.delete_button)
        state.addSpacing(12)
        state.addWidget(self.snapshot_name, 1)
        state.addWidget(self.snapshot_button)
        form.addRow(self.labels[2], state)
        factor = QHBoxLayout()
        factor.addWidget(self.factor)
        factor.addWidget(self.factor_note, 1)
        form.addRow(self.labels[3], factor)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.plan_title.setObjectName("sectionTitle")
        layout.addWidget(self.plan_title)
        layout.addWidget(self.plan, 1)
        row = QHBoxLayout()
        row.addWidget(self.start_button)
        row.addWidget(self.message, 1)
        layout.addLayout(row)

    # loading -------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()

    def reload(self) -> asyncio.Future[None]:
        """Read the scenarios and the snapshots again (a task)."""
        return self.tasks.start(self._load())

    async def _load(self) -> None:
        control = self.control
        reason = control.unavailable()
        if reason:
            self.message.setText(self.tr("{reason}: no training.").format(reason=reason))
            self.start_button.setEnabled(False)
            return
        try:
            scenarios = await control.scenarios()
            self.snapshots = await control.snapshots()
            names = await control.trainees()
        except Exception as exc:  # the server unreachable, its store away: said in words
            self.message.setText(
                self.tr("The training set-up is not readable now: {error}").format(error=exc)
            )
            return
        self.start_button.setEnabled(True)
        self._show_trainees(names)
        if not self.plan.scenarios:
            self.plan.set_scenarios(scenarios)
        self._show_states()

    def _show_trainees(self, names: list[str]) -> None:
        typed = self.trainee.currentText()
        self.trainee.clear()
        self.trainee.addItems(names)
        self.trainee.setCurrentText(typed)

    def _show_states(self, chosen: str | None = None) -> None:
        chosen = chosen if chosen is not None else self.state.currentData()
        self.state.clear()
        self.state.addItem(self.tr("Steady state (the plant as it starts)"), None)
        day = self.tr("dd MMM HH:mm")
        for shot in self.snapshots:
            when = local_time(shot.time, day)
            shown = self.tr("Snapshot '{name}' ({when}, {user})")
            self.state.addItem(shown.format(name=shot.name, when=when, user=shot.user), shot.name)
        index = self.state.findData(chosen) if chosen else 0
        self.state.setCurrentIndex(max(index, 0))
        self._enable_delete()

    def _enable_delete(self) -> None:
        self.delete_button.setEnabled(bool(self.state.currentData()))

    # actions -------------------------------------------------------------------------------

    def setup(self) -> SessionSetup:
        """What the trainer picked (ValueError saying what is missing or wrong)."""
        trainee = self.trainee.currentText().strip()
        if not trainee:
            raise ValueError(self.tr("Pick a trainee: the user name the trainee logs in with."))
        snapshot = self.state.currentData()
        return SessionSetup(
            trainee, self.plan.plan(), self.factor.value(),
            str(snapshot) if snapshot else None, self.name.text().strip(),
        )  # fmt: skip

    def save_snapshot(self) -> asyncio.Future[SnapshotInfo | None]:
        """Keep the plant's present state under the typed name (a task)."""
        return self.tasks.start(self._save_snapshot(self.snapshot_name.text().strip()))

    async def _save_snapshot(self, name: str) -> SnapshotInfo | None:
        if not name:
            self.message.setText(self.tr("A snapshot needs a name."))
            return None
        self.snapshot_button.setEnabled(False)
        try:
            info = await self.control.save_snapshot(name, self.trainer)
        except Exception as exc:  # said in words: a name taken, the simulator gone
            self.message.setText(self.tr("Snapshot not saved: {error}").format(error=exc))
            return None
        finally:
            self.snapshot_button.setEnabled(True)
        self.snapshot_name.clear()
        self.snapshots = await self.control.snapshots()
        self._show_states(info.name)
        self.message.setText(
            self.tr("Snapshot '{name}' saved: sessions can start from it.").format(name=info.name)
        )
        return info

    def delete_snapshot(self) -> asyncio.Future[str | None]:
        """Remove the chosen snapshot (a task)."""
        return self.tasks.start(self._delete_snapshot(self.state.currentData()))

    async def _delete_snapshot(self, name: object) -> str | None:
        if not name:
            return None
        try:
            self.snapshots = await self.control.delete_snapshot(str(name), self.trainer)
        except Exception as exc:  # said in words: already gone, the file unreadable
            self.message.setText(self.tr("Snapshot not deleted: {error}").format(error=exc))
            return None
        self._show_states(None)
        self.message.setText(self.tr("Snapshot '{name}' deleted.").format(name=name))
        return str(name)

    def start_session(self) -> asyncio.Future[RunningTraining | None]:
        """Start a session with what is picked (a task; ``started`` when it runs)."""
        return self.tasks.start(self._start())

    async def _start(self) -> RunningTraining | None:
        try:
            setup = self.setup()
        except ValueError as exc:
            self.message.setText(str(exc))
            return None
        state = start_state_text(
            STEADY_STATE if setup.snapshot is None else f"snapshot {setup.snapshot}"
        )
        self.message.setText(
            self.tr("Putting the plant in its starting state ({state})…").format(state=state)
        )
        self.start_button.setEnabled(False)
        try:
            session = await self.control.start(self.trainer, setup)
        except Exception as exc:  # TrainingError, PermissionDenied: the reason in words
            self.message.setText(self.tr("Not started: {error}").format(error=exc))
            return None
        finally:
            self.start_button.setEnabled(True)
        self.message.setText("")
        self.started.emit(session)
        return session
