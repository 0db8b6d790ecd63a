"""QApplication + qasync loop: start-up, switching to REPLAY and back, orderly shutdown.

One thread: asyncio runs inside the Qt event loop (qasync). The window closing sets an
asyncio event; the async clean-up (drivers, files) then runs while the loop still runs.
Opening a recording builds a Runtime (replay=path) and a window on it, while the live runtime
goes on reading the field, recording and evaluating alarms (the replay's status bar counts
its unacknowledged alarms); "Back to live" shows the live runtime again. The new window is
shown before the old one closes (the console never has no window), the logged-in user stays,
and the same screen stays open.

With a server chosen (``server``: ``--server URL`` or the project's ``[server]``) the console
runs nothing of the plant itself: its runtime is a client of the control room's server
(tags/control_room/console/client_runtime.py), loaded only then, so a standalone console never
imports the control room's code.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import signal
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_API", "pyside6")

import qasync
from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QApplication

from hmi.alarms.navigation import ScreenForTag
from hmi.alarms.status import AlarmStatus
from hmi.bridge import TagBridge
from hmi.i18n.choice import chosen_language
from hmi.i18n.translators import install_language
from hmi.shell.gui_gc import GuiThreadCollector
from hmi.shell.main_window import MainWindow
from hmi.shell.preload import PRELOAD_AFTER_MS, preload_plotting
from hmi.shell.screen import ScreensOf, ScreenSpec
from hmi.shell.session import Session
from hmi.shell.theme import apply_theme
from tags.config.problems import ConfigError
from tags.config.project import Project, load_project
from tags.console_runtime import ConsoleRuntime
from tags.i18n.language import Language
from tags.mode import Mode
from tags.replay.request import ReplayProblem, ReplayRequest, check_tags, inspect_request
from tags.replay.timeline import TimelineEvent
from tags.runtime import Runtime
from tags.store.url import StoreUrl
from tags.subscription import Subscription
from tags.training.engine import running_session

if TYPE_CHECKING:
    from tags.control_room.console.server_choice import ServerChoice

log = logging.getLogger(__name__)


def make_app() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Operator Console")
    app.setQuitOnLastWindowClosed(False)
    apply_theme(app)
    return app


class Console:
    """A running console: runtime, bridge and main window, with an async shutdown."""

    def __init__(
        self,
        project: Project,
        data_dir: Path,
        screens: Sequence[ScreenSpec],
        screen_for_tag: ScreenForTag | None = None,
        *,
        replay: Path | None = None,
        replay_range: tuple[float | None, float | None] = (None, None),
        events: Iterable[TimelineEvent] = (),
        server: ServerChoice | None = None,
    ):
        """``replay``: play this recording (``replay_range`` of it) instead of reading the
        field (REPLAY mode); ``events``: more markers for the replay bar's timeline (a
        training session's screen visits and upsets); ``server``: show this control room's
        server instead of running the project here."""
        self.project = project
        self.data_dir = data_dir
        self.server = server
        self.events = tuple(events)
        self.runtime = self._runtime(
            None if replay is None else ReplayRequest(replay, *replay_range)
        )
        self.screens = screens
        self.screen_for_tag = screen_for_tag
        self.bridge: TagBridge | None = None
        self.alarm_status: AlarmStatus | None = None
        self._alarm_status_feed: Subscription | None = None
        self.window: MainWindow | None = None
        self.collector: GuiThreadCollector | None = None
        self.switching: asyncio.Future[MainWindow] | None = None
        """The switch to REPLAY or back in progress (started from the window)."""
        self.live: ConsoleRuntime | None = None
        """In REPLAY opened from live: the live runtime, still reading the field, recording
        history and evaluating alarms; "Back to live" shows it again."""
        self._live_watch: Subscription | None = None

    def _runtime(self, request: ReplayRequest | None) -> ConsoleRuntime:
        """A runtime on the live plant (the server's, on a console of a server), or
        replaying ``request``."""
        if request is None and self.server is not None:
            from tags.control_room.console.client_runtime import ClientRuntime

            return ClientRuntime(self.project, self.data_dir, self.server)
        if request is None:
            return Runtime(self.project, self.data_dir, analytics=True)
        return Runtime(self.project, self.data_dir, replay=request.path,
                       replay_range=request.range, replay_label=request.label,
                       analytics=True)  # fmt: skip

    async def start(self) -> MainWindow:
        """Build the window (if not yet built) and start the drivers."""
        window = self.window or self.build()
        await self.runtime.start()
        return window

    def build(self, session: Session | None = None) -> MainWindow:
        """The window on the tag database, before any driver runs: it can be shown at once
        (values say WAIT until their first sample) while the field connects."""
        app = QApplication.instance()
        if isinstance(app, QApplication):  # shutdown is ours: async clean-up must still run
            app.setQuitOnLastWindowClosed(False)
            if not app.styleSheet():
                apply_theme(app)
        self.collector = self.collector or GuiThreadCollector()
        self.bridge = TagBridge(self.runtime.db)
        self.alarm_status = AlarmStatus()
        self.alarm_status.attach(self.runtime.alarms)
        self._alarm_status_feed = self.runtime.alarms.subscribe(self.alarm_status.refresh)
        self.window = MainWindow(
            self.runtime, self.bridge, self.screens, self.alarm_status, self.screen_for_tag,
            session=session, events=self.events,
        )  # fmt: skip
        self.window.replay_requested.connect(self.switch_later)
        self.window.training_replay_requested.connect(self.switch_later)
        self.window.live_requested.connect(lambda: self.switch_later(None))
        return self.window

    # replay --------------------------------------------------------------------------------

    async def open_replay(
        self, request: ReplayRequest, events: Iterable[TimelineEvent] = ()
    ) -> MainWindow:
        """Switch to REPLAY of ``request`` (ReplayProblem, and the console stays as it is,
        when the file cannot be replayed on this project)."""
        stores = self.runtime.stores
        shared = stores.history if stores.is_postgresql else None
        info = await asyncio.to_thread(inspect_request, request, shared)
        check_tags(info, set(self.project.tags), self.project.name)
        return await self._switch(request, tuple(events))

    async def back_to_live(self) -> MainWindow:
        """Leave REPLAY: the live runtime and a window on it."""
        return await self._switch(None, ())

    def switch_later(
        self, request: ReplayRequest | None, events: Iterable[TimelineEvent] = ()
    ) -> asyncio.Future[MainWindow] | None:
        """The window's "Open recording" (a request; ``events``: a training session's, for
        the timeline) or "Back to live" (None) as a task; what went wrong is said in the
        status bar. None while another switch still runs."""
        if self.switching is not None and not self.switching.done():
            return None
        work = self.open_replay(request, events) if request is not None else self.back_to_live()
        self.switching = asyncio.ensure_future(work)
        self.switching.add_done_callback(self._switched)
        return self.switching

    def _switched(self, task: asyncio.Future[MainWindow]) -> None:
        if task.cancelled() or self.window is None:
            return
        error = task.exception()
        if error is not None:
            log.error("switching the console failed: %s", error)
            shown = QCoreApplication.translate("Console", "Not opened: {error}").format(error=error)
            self.window.statusBar().showMessage(shown, 15000)

    async def _switch(
        self, request: ReplayRequest | None, events: tuple[TimelineEvent, ...]
    ) -> MainWindow:
        old = self.window
        session: Session | None = None
        if old is not None:
            session = old.session
            session.setParent(None)  # kept: the user stays logged in across the switch
        previous = self.runtime
        keep_live = request is not None and previous.mode is not Mode.REPLAY and previous.started
        if keep_live:
            await _end_training(previous)
        retired = (old, self._alarm_status_feed, self.bridge, None if keep_live else previous)
        resumed = self.live if request is None else None
        if keep_live:
            self.live = previous
        elif resumed is not None:
            self.live = None
        if resumed is not None:
            self.runtime = resumed
        else:
            self.runtime = self._runtime(request)
        self.events = events
        if session is not None:
            session.runtime = self.runtime
        window = self.build(session)
        if old is not None:
            window.restoreGeometry(old.saveGeometry())
            current = old.current_screen()
            if current in window.specs:
                window.open_screen(current)
            if old.isVisible():
                window.show()
        await self._retire(*retired)
        self._watch_live()
        if resumed is not None:
            return window
        try:
            await self.runtime.start()
        except Exception as exc:
            if request is None:
                raise
            log.exception("the replay of %s did not start", request.path)
            await self._switch(None, ())  # back to live rather than a console on nothing
            raise ReplayProblem(
                QCoreApplication.translate(
                    "Console", "{path}: the replay did not start ({why})"
                ).format(path=request.path, why=exc)
            ) from exc
        return window

    def _watch_live(self) -> None:
        """While replaying, the status bar says how many live alarms wait (none: nothing)."""
        if self._live_watch is not None:
            self._live_watch.close()
            self._live_watch = None
        live = self.live
        if live is None:
            return
        self._live_watch = live.alarms.subscribe(lambda _views: self._show_live(live))
        self._show_live(live)

    def _show_live(self, live: ConsoleRuntime) -> None:
        if self.window is None or self.live is not live:
            return
        waiting = sum(c.total_unacknowledged for c in live.alarms.counts().values())
        bar = self.window.statusBar()
        prefix = QCoreApplication.translate("Console", "LIVE plant:")
        if waiting:
            bar.showMessage(
                QCoreApplication.translate(
                    "Console",
                    "{live} {count} unacknowledged alarm(s) — Back to live (Ctrl+Shift+L) to see "
                    "them",
                ).format(live=prefix, count=waiting)
            )  # fmt: skip
        elif bar.currentMessage().startswith(prefix):
            bar.clearMessage()

    async def _retire(
        self,
        window: MainWindow | None,
        alarm_status_feed: Subscription | None,
        bridge: TagBridge | None,
        runtime: ConsoleRuntime | None,
    ) -> None:
        """Close a window and stop what it showed (the window first, while data exists); a
        training session still running on the runtime ends first, so its record is whole.
        ``runtime`` None: it keeps running (the live one, while a recording is replayed)."""
        if runtime is not None:
            await _end_training(runtime)
        if window is not None:
            window.close()
            window.deleteLater()
            # delete the window and its dialogs now, while the loop and the data still exist
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if alarm_status_feed is not None:
            alarm_status_feed.close()
        if bridge is not None:
            bridge.close()
        if runtime is not None:
            await runtime.stop()  # the worker threads and the files it opened end here

    async def stop(self) -> None:
        if self.switching is not None and not self.switching.done():
            self.switching.cancel()
        retired = (self.window, self._alarm_status_feed, self.bridge, self.runtime)
        self.window, self._alarm_status_feed, self.bridge = None, None, None
        await self._retire(*retired)
        live, self.live = self.live, None
        if self._live_watch is not None:
            self._live_watch.close()
            self._live_watch = None
        if live is not None:
            await self._retire(None, None, None, live)
        if self.collector is not None:
            self.collector.stop()
            self.collector = None


async def _end_training(runtime: ConsoleRuntime) -> None:
    """End a training session still running on ``runtime`` (its record whole)."""
    training = running_session(runtime)
    if training is not None:
        try:
            await training.end()
        except Exception:
            log.exception("the training session did not end cleanly")


async def _run(app: QApplication, console: Console, *, fullscreen: bool = False) -> int:
    closed = asyncio.Event()
    app.lastWindowClosed.connect(closed.set)
    window = console.build()
    window.show_as_console(fullscreen=fullscreen)
    await asyncio.sleep(0.05)  # painted before the drivers and the field simulator start
    await console.start()
    QTimer.singleShot(PRELOAD_AFTER_MS, preload_plotting)  # trends and faceplates open quickly
    signal.signal(signal.SIGINT, lambda *_: _close(console))
    signal.signal(signal.SIGTERM, lambda *_: _close(console))
    wake = QTimer()  # lets Python run its signal handlers while Qt waits
    wake.start(200)
    wake.timeout.connect(lambda: None)
    try:
        await closed.wait()
    finally:
        wake.stop()
        await console.stop()
    return 0


def _close(console: Console) -> None:
    """Close the window the console shows now (a switch to REPLAY or back rebuilds it)."""
    if console.window is not None:
        console.window.close()


def run_console(
    project_path: Path,
    data_dir: Path,
    screens: Sequence[ScreenSpec] | ScreensOf,
    screen_for_tag: ScreenForTag | None = None,
    *,
    replay: Path | None = None,
    replay_range: tuple[float | None, float | None] = (None, None),
    fullscreen: bool = False,
    store: StoreUrl | None = None,
    server: ServerChoice | None = None,
    language: Language | None = None,
) -> int:
    """Open the console on a project; print every problem and return 1 if it won't load.
    ``screens``: the displays, or what gives them for the project once loaded (its
    ``[[screens]]`` and screen files; ConfigError when they have problems);
    ``screen_for_tag``: where an alarm in the banner leads (else to the tag's faceplate);
    ``replay``: a recording to play instead of the field, ``replay_range`` of it;
    ``fullscreen``: fill the screen without window frame (control-room screens);
    ``store``: the store given on the command line (``--store``), instead of the project's;
    ``server``: the control room's server to show (``--server``, or the project's
    ``[server]``), instead of running the project here; ``language``: ``--lang`` (else this
    workstation's kept choice, else its locale)."""
    try:
        project = load_project(project_path)
        if callable(screens):
            screens = screens(project)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 1
    if store is not None:
        project = dataclasses.replace(project, store=store)
    app = make_app()
    install_language(chosen_language(data_dir, language))
    console = Console(
        project, data_dir, screens, screen_for_tag, replay=replay, replay_range=replay_range,
        server=server or project.server,
    )  # fmt: skip
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        return runner.run(_run(app, console, fullscreen=fullscreen))
