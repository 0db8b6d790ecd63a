"""What a screen is to the shell: a declaration (key, title, ISA-101 level) and a builder.

Screens live in the ``screens`` package and are handed to the shell by main.py, so the
shell never imports them (screens -> hmi -> tags).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from hmi.alarms.status import AlarmStatus
from hmi.bridge import TagBridge
from hmi.trends.history import TrendSource, history_source
from tags.console_runtime import ConsoleRuntime
from tags.i18n.descriptions import in_language

if TYPE_CHECKING:
    from tags.config.project import Project


@dataclass(frozen=True)
class ScreenContext:
    """What a screen builder may use: the bridge for values, alarm state per tag, the
    runtime for status, and the shell's navigation (screens, faceplates). A
    ``hmi.widgets.context.DisplayContext`` for the canvas and its widgets."""

    bridge: TagBridge
    runtime: ConsoleRuntime
    open_screen: Callable[[str], object]
    alarms: AlarmStatus
    open_faceplate: Callable[[str], object]

    @property
    def history(self) -> TrendSource | None:
        """The runtime's history (in replay the recording), None without one."""
        return history_source(self.runtime)


@dataclass(frozen=True)
class ScreenSpec:
    key: str
    title: str
    level: int
    build: Callable[[ScreenContext], QWidget]
    area: str = ""
    shortcut: str = ""
    title_zh: str = ""
    """The title in Chinese from the project (empty: ``title`` as the screens translate it)."""


def screen_title(spec: ScreenSpec) -> str:
    """A display's title in the current language: the project's ``title_zh`` in Chinese where
    it gives one, else the title as translated in context "Screen" (the built-in screens mark
    theirs with QT_TRANSLATE_NOOP)."""
    return in_language(QCoreApplication.translate("Screen", spec.title), spec.title_zh)


ScreensOf = Callable[["Project"], Sequence[ScreenSpec]]
"""What gives a project's displays once it is loaded (the screens package's
``open_project``): the shell never imports the screens."""
