"""The screen menu: every display of the project by level and area, for projects with more
displays than function keys (the header shows a button for each one that has a key)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.i18n.retranslate import is_language_change
from hmi.shell.screen import ScreenSpec, screen_title

MAX_BUTTONS = 12
"""Up to this many displays each get a header button; past it only those with a key do."""
LEVELS = {
    1: QT_TRANSLATE_NOOP("ScreenMenu", "Overview"),
    2: QT_TRANSLATE_NOOP("ScreenMenu", "Areas"),
    3: QT_TRANSLATE_NOOP("ScreenMenu", "Details"),
    4: QT_TRANSLATE_NOOP("ScreenMenu", "Diagnostics"),
}


def shown_as_buttons(screens: Sequence[ScreenSpec]) -> list[ScreenSpec]:
    """The displays that get a header button: all of up to MAX_BUTTONS, else those with a
    function key."""
    if len(screens) <= MAX_BUTTONS:
        return list(screens)
    return [s for s in screens if s.shortcut]


def entry_text(spec: ScreenSpec) -> str:
    title = screen_title(spec)
    return f"{title}\t{spec.shortcut}" if spec.shortcut else title


class ScreenMenu(QToolButton):
    """ "Screens ▾": a menu of all displays, per ISA-101 level, each level's grouped by area
    (the plant-wide ones first)."""

    def __init__(
        self,
        screens: Sequence[ScreenSpec],
        open_screen: Callable[[str], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("screenMenu")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu_ = QMenu(self)
        self.setMenu(self.menu_)
        self.sections: dict[int, QAction] = {}
        self.entries: list[tuple[QAction, ScreenSpec]] = []
        for level in LEVELS:
            specs = [s for s in screens if s.level == level]
            if not specs:
                continue
            self.sections[level] = self.menu_.addSection("")
            areas = sorted(dict.fromkeys(s.area for s in specs), key=lambda a: a != "")
            for area in areas:
                target = self.menu_ if len(areas) == 1 or not area else self.menu_.addMenu(area)
                for spec in (s for s in specs if s.area == area):
                    action = target.addAction("")
                    action.setData(spec.key)
                    self.entries.append((action, spec))
                    action.triggered.connect(lambda _=False, key=spec.key: open_screen(key))
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setText(self.tr("Screens ▾"))
        self.setToolTip(self.tr("All displays by level and area (Ctrl+K: find a display or a tag)"))
        for level, section in self.sections.items():
            name = QCoreApplication.translate("ScreenMenu", LEVELS[level])
            section.setText(f"L{level}  {name}")
        for action, spec in self.entries:
            action.setText(entry_text(spec))

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def keys(self) -> list[str]:
        """The keys of every display in the menu, in menu order."""
        found: list[str] = []
        for action in self.menu_.actions():
            menu = action.menu()
            actions = menu.actions() if isinstance(menu, QMenu) else [action]
            found += [str(a.data()) for a in actions if a.data()]
        return found
