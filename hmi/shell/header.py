"""The header banner, always visible: project, DEMO marker, mode, the user (log in/out, lock
state) and a clock on the first row; back/forward and the navigation on the second.

In REPLAY the whole banner changes colour, the mode reads REPLAY in large type and the clock
shows the time in the recording (framed, the wall time in its tooltip); "Back to live" is on
the replay bar below. Live, the "Replay…" button opens a recording.

While a training session runs (the runtime's mode is TRAINING), the banner changes colour
too, the mode reads TRAINING and a framed marker beside it names the trainee and the session
time: the plant shown is the simulator's.
"Training…" (trainer panel) shows only for users who may train, on the simulated plant.

On a console of a control room's server a marker beside the mode says whether the server is
online; while it is unreachable it reads "Server unreachable since HH:MM:SS" (in the colour
of Bad values: the values are not current) with the link's reason in its tooltip. The
trainer panel there drives the server's training engine; Replay plays the shared store's
history (``--store``), and without a store its button says so, disabled.

While any value is forced a framed button beside the mode reads "N forced"; it opens the
forced-values list (as Ctrl+Shift+F does). It is hidden while nothing is forced.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import (
    QCoreApplication,
    QDateTime,
    QEvent,
    QLocale,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from hmi.forcing.access import forces_of
from hmi.forcing.forced_list import SHORTCUT
from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.i18n.retranslate import is_language_change
from hmi.shell.screen import ScreenSpec, screen_title
from hmi.shell.screen_menu import ScreenMenu, shown_as_buttons
from hmi.shell.session import Session
from hmi.shell.user_menu import UserMenu
from hmi.subscriptions import Coalesced
from hmi.training.access import marker_text, marker_tooltip, refusal
from tags.console_runtime import ConsoleRuntime
from tags.i18n.descriptions import project_name
from tags.mode import Mode

SERVER_CHECK_MS = 250
"""How often the server marker looks at the link (values turn Bad by the link itself)."""
REPLAY_ON_A_SERVER = QT_TRANSLATE_NOOP(
    "Header",
    "Replay: this console of a control room's server reads no shared store: start it with "
    "--store URL (the store's read-only role) to replay the shared history",
)
MODE_NAMES = {
    Mode.LIVE: QT_TRANSLATE_NOOP("Header", "LIVE"),
    Mode.SIMULATION: QT_TRANSLATE_NOOP("Header", "SIMULATION"),
    Mode.REPLAY: QT_TRANSLATE_NOOP("Header", "REPLAY"),
    Mode.TRAINING: QT_TRANSLATE_NOOP("Header", "TRAINING"),
}
"""The mode as the banner reads it (the style keys on ``Mode.value``, never on this)."""


def translate(text: str) -> str:
    """A text of the header's context in the current language."""
    return QCoreApplication.translate("Header", text)


def replay_refusal(runtime: ConsoleRuntime) -> str:
    """Why this console cannot open a replay at all ("" when it can): a console of a server
    replays the shared store's history, so it needs one."""
    if runtime.server is not None and not runtime.stores.is_postgresql:
        return translate(REPLAY_ON_A_SERVER)
    return ""


def clock_text(seconds: float) -> str:
    """A time as the header's clock shows it, in the language's format (translators choose
    it: "dd MMM HH:mm:ss" reads 07 Dec 13:05:09, Chinese 12月7日 13:05:09)."""
    when = QDateTime.fromMSecsSinceEpoch(round(seconds * 1000))
    return QLocale().toString(when, QCoreApplication.translate("Header", "dd MMM HH:mm:ss"))


def label(text: str, name: str) -> QLabel:
    widget = QLabel(text)
    widget.setObjectName(name)
    return widget


class Header(QFrame):
    login_requested = Signal()
    logout_requested = Signal()
    replay_requested = Signal()
    """Live: the operator wants to open a recording."""
    live_requested = Signal()
    """In REPLAY: the operator wants to go back to live."""
    training_requested = Signal()
    """A trainer wants the trainer panel."""
    server_changed = Signal(bool)
    """A console of a server: the server became reachable (True) or unreachable (False)."""
    forced_list_requested = Signal()
    """The operator wants the list of forced values."""

    def __init__(
        self,
        runtime: ConsoleRuntime,
        session: Session,
        screens: Sequence[ScreenSpec],
        open_screen: Callable[[str], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        self.session = session
        self.runtime = runtime
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 6, 10, 6)
        outer.setSpacing(4)
        row = QHBoxLayout()
        outer.addLayout(row)
        self.rows = outer
        self.top_row = row
        self.project_title = label(project_name(runtime.project), "title")
        row.addWidget(self.project_title)
        self.demo_marker: QLabel | None = None
        if runtime.project.demo:
            self.demo_marker = label("", "demoMarker")
            row.addWidget(self.demo_marker)
        self.mode = label("", "mode")
        row.addWidget(self.mode)
        self.training_marker = label("", "trainingMarker")
        self.training_marker.setVisible(False)
        row.addWidget(self.training_marker)
        self.forced_button = QPushButton()
        self.forced_button.setObjectName("forcedCount")
        self.forced_button.clicked.connect(self.forced_list_requested)
        self.forced_button.setVisible(False)
        row.addWidget(self.forced_button)
        self.forces = forces_of(runtime)
        if self.forces is not None:
            Coalesced(self, self.forces.subscribe, self.show_forced, 0)
        self.server_state = label("", "serverState")
        self.server_state.setVisible(runtime.server is not None)
        row.addWidget(self.server_state)
        self._server_timer = QTimer(self)
        self._server_timer.timeout.connect(self.show_server)
        if runtime.server is not None:
            self._server_timer.start(SERVER_CHECK_MS)
        self.replay_button = QPushButton()
        self.replay_button.setObjectName("replayButton")
        self.replay_button.clicked.connect(self._replay_clicked)
        row.addWidget(self.replay_button)
        self.training_button = QPushButton()
        self.training_button.setObjectName("trainingButton")
        self.training_button.clicked.connect(self.training_requested)
        row.addWidget(self.training_button)
        self.screen_menu = ScreenMenu(screens, open_screen)
        row.addWidget(self.screen_menu)
        row.addStretch(1)
        nav = QHBoxLayout()  # a row of its own: counts on the buttons never push the user away
        outer.addLayout(nav)
        self.nav_row = nav
        self.back = QPushButton("◀")
        self.forward = QPushButton("▶")
        nav.addWidget(self.back)
        nav.addWidget(self.forward)
        nav.addSpacing(8)
        self.nav_buttons: dict[str, QPushButton] = {}
        self.nav_specs = shown_as_buttons(screens)
        for spec in self.nav_specs:
            button = QPushButton()
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, key=spec.key: open_screen(key))
            self.nav_buttons[spec.key] = button
            nav.addWidget(button)
        nav.addStretch(1)
        self.user_label = label("", "user")
        row.addWidget(self.user_label)
        self.login_button = QPushButton()
        self.login_button.clicked.connect(self.login_requested)
        self.logout_button = QPushButton()
        self.logout_button.clicked.connect(self.logout_requested)
        row.addWidget(self.login_button)
        row.addWidget(self.logout_button)
        self.user_menu = UserMenu()
        row.addWidget(self.user_menu)
        self.clock = label("", "clock")
        row.addWidget(self.clock)
        session.changed.connect(self.show_user)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Every text of the banner in the current language (again on a language change)."""
        self.project_title.setText(project_name(self.runtime.project))
        if self.demo_marker is not None:
            self.demo_marker.setText(self.tr("DEMO"))
            self.demo_marker.setToolTip(
                self.tr("Demo project: simulated plant and demo accounts (see README)")
            )
        self.training_button.setText(self.tr("Training…"))
        self.training_button.setToolTip(
            self.tr("Trainer panel: training sessions on the simulated plant, upsets, debriefs "
                    "(Ctrl+T)")
        )  # fmt: skip
        self.back.setToolTip(self.tr("Back (Alt+Left)"))
        self.forward.setToolTip(self.tr("Forward (Alt+Right)"))
        for spec in self.nav_specs:
            title = screen_title(spec)
            button = self.nav_buttons[spec.key]
            button.setText(title)
            button.setToolTip(f"{title} ({spec.shortcut})" if spec.shortcut else title)
        self.forced_button.setToolTip(
            self.tr("Forced values: open the list ({key})").format(key=SHORTCUT)
        )
        self.show_mode()
        self.show_user()
        self.show_server()
        self.show_forced()
        self.tick()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def show_forced(self) -> None:
        """ "N forced" while any value is forced; hidden otherwise."""
        count = len(self.forces.forces()) if self.forces is not None else 0
        self.forced_button.setText(self.tr("{count} forced").format(count=count) if count else "")
        self.forced_button.setVisible(count > 0)

    def show_server(self) -> None:
        """Online, or unreachable since when (and why, in the tooltip)."""
        server = self.runtime.server
        if server is None:
            return
        since = server.unreachable_since
        if since is None:
            text = self.tr("Server online")
            tip = self.tr("Values, alarms and states from the {where}").format(where=server.where)
        else:
            when = datetime.fromtimestamp(since).strftime("%H:%M:%S")
            text = self.tr("Server unreachable since {when}").format(when=when)
            tip = self.tr(
                "{why}. Every value shows Bad (COMM) until the server's full state arrives "
                "again; {where}"
            ).format(why=server.why_unreachable, where=server.where)
        self.server_state.setText(text)
        self.server_state.setToolTip(tip)
        unreachable = since is not None
        if self.server_state.property("unreachable") != unreachable:
            self.server_state.setProperty("unreachable", unreachable)
            self.server_state.style().unpolish(self.server_state)
            self.server_state.style().polish(self.server_state)
            self.server_changed.emit(not unreachable)

    @property
    def replaying(self) -> bool:
        return self.runtime.mode is Mode.REPLAY

    def show_mode(self) -> None:
        mode = self.runtime.mode
        self.mode.setText(translate(MODE_NAMES[mode]))
        for widget in (self, self.mode, self.clock_if_built()):
            if widget is not None and widget.property("mode") != mode.value:
                widget.setProperty("mode", mode.value)
                widget.setProperty("replay", mode is Mode.REPLAY)
                widget.style().unpolish(widget)
                widget.style().polish(widget)
        recording = self.runtime.recording
        if recording is not None:
            self.mode.setToolTip(
                self.tr("Replaying {name}: values are recorded, not live; writes are refused")
                .format(name=recording.path.name)
            )  # fmt: skip
            self.replay_button.setText(self.tr("Back to live"))
            self.replay_button.setToolTip(
                self.tr("Leave the replay: the plant as it is now (Ctrl+Shift+L)")
            )
            self.replay_button.setVisible(False)  # the replay bar has it, right below
        else:
            self.mode.setToolTip(
                self.tr("TRAINING: a training session runs on the simulated plant")
                if mode is Mode.TRAINING
                else self.tr("{mode}: values from the field as they come").format(
                    mode=translate(MODE_NAMES[mode])
                )
            )
            self.replay_button.setText(self.tr("Replay…"))
            self.replay_button.setToolTip(
                replay_refusal(self.runtime)
                or self.tr("Open a recording, or this console's history by time range (Ctrl+O)")
            )
        self.show_training()

    def show_training(self) -> None:
        """The TRAINING banner and marker while a session runs; "Training…" for trainers."""
        training = self.runtime.mode is Mode.TRAINING
        session = self.runtime.training.running() if training else None
        if session is not None:
            self.training_marker.setText(marker_text(session))
            self.training_marker.setToolTip(marker_tooltip(session))
        self.training_marker.setVisible(training)
        if self.property("training") != training:
            self.setProperty("training", training)
            self.style().unpolish(self)
            self.style().polish(self)
        if not self.replaying:
            cannot = replay_refusal(self.runtime)
            self.replay_button.setEnabled(not training and not cannot)
            if training:
                self.replay_button.setToolTip(
                    self.tr("End the training session first (trainer panel)")
                )
            elif cannot:
                self.replay_button.setToolTip(cannot)
        self.training_button.setVisible(not refusal(self.runtime, self.session.user))

    def clock_if_built(self) -> QLabel | None:
        return getattr(self, "clock", None)

    def _replay_clicked(self) -> None:
        (self.live_requested if self.replaying else self.replay_requested).emit()

    def show_user(self) -> None:
        owner = self.session.owner
        self.logout_button.setText(self.tr("Log out"))
        if owner is None:
            self.user_label.setText(self.tr("not logged in — view only"))
            self.login_button.setText(self.tr("Log in"))
        elif self.session.locked:
            self.user_label.setText(
                self.tr("LOCKED — {name} ({role})").format(name=owner.name, role=owner.role.value)
            )
            self.login_button.setText(self.tr("Unlock"))
        else:
            self.user_label.setText(f"{owner.name} ({owner.role.value})")
            self.login_button.setText(self.tr("Switch user"))
        self.logout_button.setVisible(owner is not None)
        self.show_training()

    def tick(self) -> None:
        """The console's clock, or in REPLAY the time in the recording (the engine's clock)."""
        wall = clock_text(self.runtime.clock.now())
        if self.replaying:
            self.clock.setText(clock_text(self.runtime.db.clock.now()))
            self.clock.setToolTip(
                self.tr("Time in the recording (the time now is {wall})").format(wall=wall)
            )
        else:
            self.clock.setText(wall)
            self.clock.setToolTip("")

    def mark_screen(self, key: str) -> None:
        for other, button in self.nav_buttons.items():
            button.setChecked(other == key)
