"""The screen menu: every display of the project by level and area, for projects with more
displays than function keys (the header shows a button for each one that has a key)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from hmi.shell.screen import ScreenSpec

MAX_BUTTONS = 12
"""Up to this many displays each get a header button; past it only those with a key do."""
LEVELS = {1: "Overview", 2: "Areas", 3: "Details", 4: "Diagnostics"}


def shown_as_buttons(screens: Sequence[ScreenSpec]) -> list[ScreenSpec]:
    """The displays that get a header button: all of up to MAX_BUTTONS, else those with a
    function key."""
    if len(screens) <= MAX_BUTTONS:
        return list(screens)
    return [s for s in screens if s.shortcut]


def entry_text(spec: ScreenSpec) -> str:
    return f"{spec.title}\t{spec.shortcut}" if spec.shortcut else spec.title


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
        self.setText("Screens ▾")
        self.setToolTip("All displays by level and area (Ctrl+K: find a display or a tag)")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu_ = QMenu(self)
        self.setMenu(self.menu_)
        for level, name in LEVELS.items():
            specs = [s for s in screens if s.level == level]
            if not specs:
                continue
            self.menu_.addSection(f"L{level}  {name}")
            areas = sorted(dict.fromkeys(s.area for s in specs), key=lambda a: a != "")
            for area in areas:
                target = self.menu_ if len(areas) == 1 or not area else self.menu_.addMenu(area)
                for spec in (s for s in specs if s.area == area):
                    action = target.addAction(entry_text(spec))
                    action.setData(spec.key)
                    action.triggered.connect(lambda _=False, key=spec.key: open_screen(key))

    def keys(self) -> list[str]:
        """The keys of every display in the menu, in menu order."""
        found: list[str] = []
        for action in self.menu_.actions():
            menu = action.menu()
            actions = menu.actions() if isinstance(menu, QMenu) else [action]
            found += [str(a.data()) for a in actions if a.data()]
        return found
