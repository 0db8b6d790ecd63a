"""Main window: the header, the screen stack, faceplates, and a status bar with one light per
connection. Screens are built on first visit and kept; back/forward walk the visit history.

In REPLAY the replay bar sits under the header, and trends mark the operator actions of the
recording. "Replay…" (Ctrl+O) and "Back to live" (Ctrl+Shift+L) are asked of whoever runs
the window (``replay_requested``, ``live_requested``: the Console rebuilds the runtime).

"Training…" (Ctrl+T) opens the trainer panel, a window of its own; every screen opened while
a training session runs is recorded in the session, and a stored session's replay is asked
like a recording's (``training_replay_requested``, with the session's events).

"Forced values" (Ctrl+Shift+F, or the header's "N forced") opens the list of forced values,
one window, raised when open again."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QEvent,
    QSettings,
    QTimer,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from hmi.alarms.header import AlarmHeader
from hmi.alarms.navigation import ScreenForTag
from hmi.alarms.status import AlarmStatus
from hmi.bridge import TagBridge
from hmi.diagnostics.connections_view import status_tooltip
from hmi.forcing.access import NO_FORCES, forces_of
from hmi.forcing.forced_list import SHORTCUT as FORCED_LIST_KEY
from hmi.forcing.forced_list import ForcedList
from hmi.i18n.choice import save_language, workstation_settings
from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.i18n.retranslate import is_language_change
from hmi.i18n.translators import install_language
from hmi.replay.bar import ReplayBar
from hmi.replay.open_dialog import OpenRecordingDialog
from hmi.shell.header import Header, label, replay_refusal
from hmi.shell.login_dialog import LoginDialog
from hmi.shell.screen import ScreenContext, ScreenSpec
from hmi.shell.session import Session
from hmi.shell.tag_search import TagSearch
from hmi.training.access import refusal
from tags.console_runtime import ConsoleRuntime
from tags.drivers.base import ConnectionState
from tags.i18n.descriptions import project_name
from tags.i18n.language import Language
from tags.mode import Mode
from tags.replay.timeline import TimelineEvent
from tags.runtime import Runtime

CONNECTION_STATES = {
    ConnectionState.CONNECTING: QT_TRANSLATE_NOOP("MainWindow", "connecting"),
    ConnectionState.CONNECTED: QT_TRANSLATE_NOOP("MainWindow", "connected"),
    ConnectionState.RECONNECTING: QT_TRANSLATE_NOOP("MainWindow", "reconnecting"),
    ConnectionState.FAILED: QT_TRANSLATE_NOOP("MainWindow", "failed"),
    ConnectionState.STOPPED: QT_TRANSLATE_NOOP("MainWindow", "stopped"),
}
"""A connection's state as its light in the status bar reads (the style keys on the value)."""

if TYPE_CHECKING:  # imported on first use: plotting takes a third of a second to load
    from hmi.faceplate.faceplate import Faceplate
    from hmi.training.panel import TrainerPanel


class MainWindow(QMainWindow):
    replay_requested = Signal(object)
    """A checked ReplayRequest from the Open recording dialog."""
    live_requested = Signal()
    training_replay_requested = Signal(object, object)
    """(ReplayRequest, list of TimelineEvent): replay a training session's time range."""

    def __init__(
        self,
        runtime: ConsoleRuntime,
        bridge: TagBridge,
        screens: Sequence[ScreenSpec],
        alarms: AlarmStatus | None = None,
        screen_for_tag: ScreenForTag | None = None,
        *,
        session: Session | None = None,
        events: Iterable[TimelineEvent] = (),
    ) -> None:
        """``session``: keep this user (a switch to REPLAY or back); ``events``: extra
        markers for the replay bar's timeline."""
        super().__init__()
        self.runtime = runtime
        self.bridge = bridge
        self.alarms = alarms or AlarmStatus(self)
        self.session = session or Session(runtime, self)
        self.session.setParent(self)
        self.session.expired.connect(self._session_expired)
        self.specs = {s.key: s for s in screens}
        self.pages: dict[str, QWidget] = {}
        self.faceplates: dict[str, Faceplate] = {}
        self.training_panel: TrainerPanel | None = None
        self.forced_list: ForcedList | None = None
        self.login_dialog: LoginDialog | None = None
        """The dialog asking for the password after the server ended the session."""
        self.history: list[str] = []
        self.position = -1
        self.resize(1600, 900)
        self.header = Header(runtime, self.session, screens, self.open_screen)
        self.header.login_requested.connect(self.show_login)
        self.header.logout_requested.connect(self.session.logout)
        self.header.back.clicked.connect(lambda: self.step_history(-1))
        self.header.forward.clicked.connect(lambda: self.step_history(+1))
        self.header.replay_requested.connect(self.open_recording)
        self.header.live_requested.connect(self.live_requested)
        self.header.training_requested.connect(self.open_training)
        self.header.forced_list_requested.connect(self.open_forced_list)
        self.header.user_menu.language_chosen.connect(self.switch_language)
        self.stack = QStackedWidget()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        self.replay_bar: ReplayBar | None = None
        if isinstance(runtime, Runtime) and runtime.mode is Mode.REPLAY:
            self.replay_bar = ReplayBar(runtime, self._user_name)
            self.replay_bar.set_extra_events(events)
            self.replay_bar.live_requested.connect(self.live_requested)
            self.replay_bar.install_shortcuts(self)
            layout.addWidget(self.replay_bar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.lights: dict[str, QLabel] = {}
        self.header.server_changed.connect(lambda _up: self._update_lights())
        self._shortcuts(screens)
        self.alarm_header = AlarmHeader(self, screen_for_tag)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(1000)
        self._tick()
        self.retranslate_ui()
        if screens:
            self.open_screen(screens[0].key)

    def retranslate_ui(self) -> None:
        """The window's own texts in the current language (the header and the dialogs
        follow the same event themselves)."""
        project = project_name(self.runtime.project)
        title = self.tr("{project} — operator console").format(project=project)
        recording = self.runtime.recording
        if recording is not None:
            title += self.tr(" — REPLAY of {file}").format(file=recording.path.name)
        self.setWindowTitle(title)
        self._update_lights()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def switch_language(self, language: Language) -> None:
        """The user menu's choice: the console in ``language`` now (every window retranslates
        itself), kept for this workstation's next start."""
        install_language(language)
        save_language(self.runtime.data_dir, language)

    def _shortcuts(self, screens: Sequence[ScreenSpec]) -> None:
        for spec in screens:
            if spec.shortcut:
                shortcut = QShortcut(QKeySequence(spec.shortcut), self)
                shortcut.activated.connect(lambda key=spec.key: self.open_screen(key))
        QShortcut(QKeySequence("Ctrl+K"), self).activated.connect(self.find_tag)
        QShortcut(QKeySequence("Alt+Left"), self).activated.connect(lambda: self.step_history(-1))
        QShortcut(QKeySequence("Alt+Right"), self).activated.connect(lambda: self.step_history(1))
        QShortcut(QKeySequence("Ctrl+O"), self).activated.connect(self.open_recording)
        QShortcut(QKeySequence("Ctrl+T"), self).activated.connect(self.open_training)
        QShortcut(QKeySequence(FORCED_LIST_KEY), self).activated.connect(self.open_forced_list)

    # navigation ----------------------------------------------------------------------------

    def open_screen(self, key: str, *, record: bool = True) -> QWidget:
        spec = self.specs[key]
        if key not in self.pages:
            ctx = ScreenContext(
                self.bridge, self.runtime, self.open_screen, self.alarms, self.open_faceplate
            )
            page = spec.build(ctx)
            self._mark_actions(page)
            self.pages[key] = page
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(self.pages[key])
        self.header.mark_screen(key)
        training = self.runtime.training.running()
        if training is not None:
            training.record_screen(key)
        if record and (not self.history or self.history[self.position] != key):
            del self.history[self.position + 1 :]
            self.history.append(key)
            self.position = len(self.history) - 1
        return self.pages[key]

    def _mark_actions(self, page: QWidget) -> None:
        """In REPLAY, trends on the page mark the operator actions of the recording."""
        bar = self.replay_bar
        if bar is None:
            return
        from hmi.trends.trend_view import TrendView

        views = [page] if isinstance(page, TrendView) else page.findChildren(TrendView)
        for view in views:
            markers = view.show_actions(bar.operator_actions)
            bar.timeline_changed.connect(markers.refresh)
            bar.moved.connect(markers.refresh)

    def step_history(self, step: int) -> None:
        target = self.position + step
        if 0 <= target < len(self.history):
            self.position = target
            self.open_screen(self.history[target], record=False)

    def current_screen(self) -> str:
        for key, page in self.pages.items():
            if page is self.stack.currentWidget():
                return key
        return ""

    def open_faceplate(self, tag: str) -> Faceplate | None:
        """Show a tag's faceplate (one per tag, raised if already open)."""
        if tag not in self.bridge.db.tags:
            self.statusBar().showMessage(self.tr("unknown tag '{tag}'").format(tag=tag), 5000)
            return None
        faceplate = self.faceplates.get(tag)
        if faceplate is None:
            from hmi.faceplate.faceplate import Faceplate

            faceplate = Faceplate(
                self.bridge, self.runtime.writes, self.alarms, self.session, tag, self
            )
            faceplate.destroyed.connect(lambda *_: self.faceplates.pop(tag, None))
            self.faceplates[tag] = faceplate
        faceplate.show()
        faceplate.raise_()
        return faceplate

    def find_tag(self) -> TagSearch:
        """Ctrl+K: find a display (and open it) or a tag (and open its faceplate)."""
        screens = list(self.specs.values())
        dialog = TagSearch(self.bridge.db.tags, self.open_faceplate, self, screens=screens,
                           open_screen=self.open_screen, sample_of=self.bridge.db.get)  # fmt: skip
        dialog.open()
        return dialog

    def open_forced_list(self) -> ForcedList | None:
        """Ctrl+Shift+F: the forced values (one list per window, raised if open)."""
        source = forces_of(self.runtime)
        if source is None:
            self.statusBar().showMessage(
                self.tr("Forced values: {why}").format(why=NO_FORCES), 8000
            )
            return None
        found = self.forced_list
        if found is None:
            found = ForcedList(source, self.bridge.db, lambda: self.session.user,
                               self.open_faceplate, self)  # fmt: skip
            self.session.changed.connect(found.update_actions)
            self.forced_list = found
        found.show()
        found.raise_()
        found.activateWindow()
        return found

    # window state --------------------------------------------------------------------------

    def settings(self) -> QSettings:
        return workstation_settings(self.runtime.data_dir)

    def restore_layout(self) -> bool:
        """Window geometry and the last screen, as the operator left them on this workstation
        (its data folder); False when no geometry was kept (a first start)."""
        settings = self.settings()
        geometry = settings.value("window/geometry")
        restored = isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)
        last = settings.value("window/screen")
        if isinstance(last, str) and last in self.specs:
            self.open_screen(last)
        return restored

    def show_as_console(self, *, fullscreen: bool = False) -> None:
        """Full screen for a control-room screen; else as the operator left it, and
        maximized on the first start (a console fills its screen)."""
        restored = self.restore_layout()
        if fullscreen:
            self.showFullScreen()
        elif restored:
            self.show()
        else:
            screen = self.screen()
            if screen is not None:  # filled even where no window manager maximizes (bare X)
                self.setGeometry(screen.availableGeometry())
            self.showMaximized()

    def save_layout(self) -> None:
        settings = self.settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/screen", self.current_screen())
        settings.sync()

    # replay --------------------------------------------------------------------------------

    def open_recording(self) -> OpenRecordingDialog | None:
        """Ctrl+O: choose a recording or a range of this console's history to replay (not
        while a training session runs: a replay leaves the live plant)."""
        if self.runtime.mode is Mode.TRAINING:
            self.statusBar().showMessage(self.tr("Replay: end the training session first"), 8000)
            return None
        cannot = replay_refusal(self.runtime)
        if cannot:
            self.statusBar().showMessage(cannot, 8000)
            return None
        stores = self.runtime.stores
        shared = stores.history if stores.is_postgresql else None
        dialog = OpenRecordingDialog(self.runtime.data_dir, parent=self, shared=shared)
        dialog.chosen.connect(self.replay_requested)
        dialog.open()
        return dialog

    def open_training(self) -> TrainerPanel | None:
        """Ctrl+T: the trainer panel, for users who may train (else the reason, in the status
        bar). One panel per window; it acts as the trainer who opened it last."""
        user = self.session.user
        runtime = self.runtime
        reason = refusal(runtime, user)
        if reason or user is None:
            self.statusBar().showMessage(reason, 8000)
            return None
        panel = self.training_panel
        if panel is None:
            from hmi.training.panel import TrainerPanel

            panel = TrainerPanel(runtime, user, current_screen=self.current_screen,
                                 parent=self)  # fmt: skip
            panel.replay_requested.connect(self.training_replay_requested)
            self.training_panel = panel
        else:
            panel.set_trainer(user)
        panel.show()
        panel.raise_()
        panel.activateWindow()
        return panel

    def _user_name(self) -> str:
        owner = self.session.owner
        return owner.name if owner is not None else ""

    # user ----------------------------------------------------------------------------------

    def show_login(self) -> LoginDialog:
        session = self.session
        dialog = LoginDialog(
            session, unlock=session.locked, reason=session.expiry_reason, parent=self
        )
        dialog.open()
        return dialog

    def _session_expired(self, reason: str) -> None:
        """The server ended the session: say so and ask for the password again (once)."""
        self.statusBar().showMessage(
            self.tr("Session ended by the server: {reason}").format(reason=reason), 15000
        )
        if self.login_dialog is None or not self.login_dialog.isVisible():
            self.login_dialog = self.show_login()

    # status --------------------------------------------------------------------------------

    def _tick(self) -> None:
        self.header.tick()
        self.header.show_mode()
        self._update_lights()

    def _update_lights(self) -> None:
        for status in self.runtime.connection_status():
            light = self.lights.get(status.name)
            if light is None:
                light = label("", "connectionLight")
                self.lights[status.name] = light
                self.statusBar().addPermanentWidget(light)
            state = status.state.value
            shown = QCoreApplication.translate("MainWindow", CONNECTION_STATES[status.state])
            light.setText(f"● {status.name}: {shown}")
            light.setToolTip(status_tooltip(status))
            if light.property("state") != state:
                light.setProperty("state", state)
                light.style().unpolish(light)
                light.style().polish(light)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        self._timer.stop()
        self.alarm_header.close()
        if self.replay_bar is not None:
            self.replay_bar.close_bar()
        if self.session.parent() is self:  # not handed on to the next window
            self.session.close()
        for faceplate in list(self.faceplates.values()):
            faceplate.close()
        if self.training_panel is not None:
            self.training_panel.close_panel()
        if self.forced_list is not None:
            self.forced_list.close()
        super().closeEvent(event)
