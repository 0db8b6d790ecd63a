"""The trainer panel: a window of its own, for the trainer's screen, beside the console the
trainee works at (Ctrl+T or "Training…" in the header, for supervisors and above on the
simulated plant).

"Session" sets a session up (trainee, starting state, time factor, scenario plan) and, once
started, follows it (session time, upsets, live Start / Stop of every scenario, End
session). "Sessions" lists the stored sessions with the debrief of the chosen one, its PDF,
its replay on the console and the comparison with another session of the same plan.

The panel acts as the trainer who opened it, whoever is logged in at the console later: the
trainee logs in there under their own name, so their actions are theirs in the record.
Closing the panel leaves a running session running (the header still says TRAINING).

On a console of a control room the panel drives the server's training engine
(``runtime.training``: requests checked and audited there, the session on the server's
simulator, followed through the server's training state): the same panel, one code path.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from hmi.analytics.report_list import open_with_desktop
from hmi.i18n.retranslate import is_language_change
from hmi.role_names import role_name
from hmi.training.access import session_title
from hmi.training.running import RunningView
from hmi.training.sessions import SessionsView
from hmi.training.setup import SetupView
from tags.console_runtime import ConsoleRuntime
from tags.i18n.descriptions import project_name
from tags.security.permissions import User
from tags.training.control import RunningTraining
from tags.training.store import SessionInfo

FOLLOW_MS = 1000
"""How often a shown panel looks for a session started or ended elsewhere (another
trainer's console of the same server)."""


class TrainerPanel(QWidget):
    replay_requested = Signal(object, object)
    """(ReplayRequest, list of TimelineEvent): a stored session to replay on the console."""

    def __init__(
        self,
        runtime: ConsoleRuntime,
        trainer: User,
        *,
        current_screen: Callable[[], str] = lambda: "",
        open_file: Callable[[Path], object] = open_with_desktop,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("trainerPanel")
        self.runtime = runtime
        self.current_screen = current_screen
        self.resize(1180, 860)
        self.who = QLabel("")
        self.who.setObjectName("trainerWho")
        self.who.setWordWrap(True)
        self.setup = SetupView(runtime.training, trainer)
        self.setup.started.connect(self._started)
        self.running = RunningView()
        self.running.ended.connect(self._ended)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.setup)
        self.stack.addWidget(self.running)
        self.sessions = SessionsView(runtime, open_file=open_file)
        self.sessions.replay_requested.connect(self.replay_requested)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("trainerTabs")
        self.tabs.addTab(self.stack, "")
        self.tabs.addTab(self.sessions, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.who)
        layout.addWidget(self.tabs, 1)
        self._follow = QTimer(self)
        self._follow.setInterval(FOLLOW_MS)
        self._follow.timeout.connect(self.follow)
        self.set_trainer(trainer)

    @property
    def trainer(self) -> User:
        return self.setup.trainer

    def set_trainer(self, trainer: User) -> None:
        """The trainer the panel acts as (whoever opened it last)."""
        self.setup.trainer = trainer
        self.runtime.training.act_as(trainer)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        trainer = self.setup.trainer
        self.tabs.setTabText(0, self.tr("Session"))
        self.tabs.setTabText(1, self.tr("Sessions"))
        project = project_name(self.runtime.project)
        self.setWindowTitle(
            self.tr("Trainer — {project} — {name}").format(project=project, name=trainer.name)
        )
        self.who.setText(
            self.tr(
                "Trainer <b>{name}</b> ({role}). Keep this window on the trainer's screen: the "
                "trainee works at the console, logged in under their own name."
            ).format(name=trainer.name, role=role_name(trainer.role.value))
        )

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    @property
    def session(self) -> RunningTraining | None:
        return self.runtime.training.running()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        session = self.session
        if session is not None and self.running.session is not session:
            self.running.show_session(session)
        self.stack.setCurrentWidget(self.running if session is not None else self.setup)
        self._follow.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self._follow.stop()
        super().hideEvent(event)

    def follow(self) -> None:
        """A session started or ended elsewhere (another trainer at another console of the
        same server) is shown here too."""
        session = self.session
        if session is not None and self.running.session is not session:
            self.running.show_session(session)
            self.stack.setCurrentWidget(self.running)
            return
        shown = self.running.session
        if session is None and shown is not None and shown.ended:
            self.running.session = None
            self.stack.setCurrentWidget(self.setup)
            self.setup.message.setText(
                self.tr("{title} was ended elsewhere: its debrief is under Sessions.").format(
                    title=session_title(shown.info)
                )
            )

    def _started(self, session: RunningTraining) -> None:
        screen = self.current_screen()
        if screen:
            session.record_screen(screen)  # where the trainee is as the session begins
        self.running.show_session(session)
        self.stack.setCurrentWidget(self.running)

    def _ended(self, info: SessionInfo) -> None:
        self.stack.setCurrentWidget(self.setup)
        self.setup.message.setText(
            self.tr("{title} ended after {seconds} s: its debrief is under Sessions.").format(
                title=session_title(info), seconds=round((info.end or info.start) - info.start)
            )
        )
        self.tabs.setCurrentWidget(self.sessions)
        self.sessions.reload(choose=info.id)

    def close_panel(self) -> None:
        """The console window goes: stop the panel's tasks and timers."""
        self._follow.stop()
        for view in (self.setup, self.running, self.sessions):
            view.tasks.cancel()
        self.close()
