"""QApplication + qasync loop: start-up and orderly shutdown of the console.

One thread: asyncio runs inside the Qt event loop (qasync). The window closing sets an
asyncio event; the async clean-up (drivers, files) then runs while the loop still runs.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

os.environ.setdefault("QT_API", "pyside6")

import qasync
from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QApplication

from hmi.alarm_navigation import ScreenForTag
from hmi.alarm_status import AlarmStatus
from hmi.bridge import TagBridge
from hmi.gui_gc import GuiThreadCollector
from hmi.screen import ScreenSpec
from hmi.shell import MainWindow
from hmi.theme import apply_theme
from tags.config import Project, load_project
from tags.problems import ConfigError
from tags.runtime import Runtime

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
    ):
        """``replay``: play this recording (``replay_range`` of it) instead of reading the
        field (REPLAY mode)."""
        self.runtime = Runtime(project, data_dir, replay=replay, replay_range=replay_range,
                               analytics=True)  # fmt: skip
        self.screens = screens
        self.screen_for_tag = screen_for_tag
        self.bridge: TagBridge | None = None
        self.alarm_status: AlarmStatus | None = None
        self._unlisten: Callable[[], None] | None = None
        self.window: MainWindow | None = None
        self.collector: GuiThreadCollector | None = None

    async def start(self) -> MainWindow:
        """Build the window (if not yet built) and start the drivers."""
        window = self.window or self.build()
        await self.runtime.start()
        return window

    def build(self) -> MainWindow:
        """The window on the tag database, before any driver runs: it can be shown at once
        (values say WAIT until their first sample) while the field connects."""
        app = QApplication.instance()
        if isinstance(app, QApplication):  # shutdown is ours: async clean-up must still run
            app.setQuitOnLastWindowClosed(False)
            if not app.styleSheet():
                apply_theme(app)
        self.collector = GuiThreadCollector()
        self.bridge = TagBridge(self.runtime.db)
        self.alarm_status = AlarmStatus()
        self.alarm_status.attach(self.runtime.alarms)
        self._unlisten = self.runtime.alarms.add_listener(self.alarm_status.refresh)
        self.window = MainWindow(
            self.runtime, self.bridge, self.screens, self.alarm_status, self.screen_for_tag
        )
        return self.window

    async def stop(self) -> None:
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = None
            # delete the window and its dialogs now, while the loop and the data still exist
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if self._unlisten is not None:
            self._unlisten()
            self._unlisten = None
        if self.bridge is not None:
            self.bridge.close()
            self.bridge = None
        await self.runtime.stop()  # the worker threads end here
        if self.collector is not None:
            self.collector.stop()
            self.collector = None


async def _run(app: QApplication, console: Console) -> int:
    closed = asyncio.Event()
    app.lastWindowClosed.connect(closed.set)
    window = console.build()
    window.restore_layout()
    window.show()
    await asyncio.sleep(0.05)  # painted before the drivers and the field simulator start
    await console.start()
    signal.signal(signal.SIGINT, lambda *_: window.close())
    signal.signal(signal.SIGTERM, lambda *_: window.close())
    wake = QTimer()  # lets Python run its signal handlers while Qt waits
    wake.start(200)
    wake.timeout.connect(lambda: None)
    try:
        await closed.wait()
    finally:
        wake.stop()
        await console.stop()
    return 0


def run_console(
    project_path: Path,
    data_dir: Path,
    screens: Sequence[ScreenSpec],
    screen_for_tag: ScreenForTag | None = None,
    *,
    replay: Path | None = None,
    replay_range: tuple[float | None, float | None] = (None, None),
) -> int:
    """Open the console on a project; print every problem and return 1 if it won't load.
    ``screen_for_tag``: where an alarm in the banner leads (else to the tag's faceplate);
    ``replay``: a recording to play instead of the field, ``replay_range`` of it."""
    try:
        project = load_project(project_path)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 1
    app = make_app()
    console = Console(
        project, data_dir, screens, screen_for_tag, replay=replay, replay_range=replay_range
    )
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        return runner.run(_run(app, console))
