"""The one palette and stylesheet of the console, read from resources/theme/.

Widgets ask for colours by name (``palette().color("bad")``); the stylesheet refers to the
same names as ``@name``. No colour is written anywhere else.
"""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

THEME_DIR = Path(__file__).resolve().parents[2] / "resources" / "theme"


class Palette:
    def __init__(self, colors: dict[str, str]) -> None:
        self._colors = colors

    def hex(self, name: str) -> str:
        try:
            return self._colors[name]
        except KeyError:
            raise KeyError(f"palette.toml has no colour '{name}'") from None

    def color(self, name: str) -> QColor:
        return QColor(self.hex(name))

    def names(self) -> list[str]:
        return sorted(self._colors)


@functools.cache
def palette() -> Palette:
    data = tomllib.loads((THEME_DIR / "palette.toml").read_text(encoding="utf-8"))
    return Palette({k: str(v) for k, v in data["colors"].items()})


def stylesheet() -> str:
    """console.qss with every @name replaced by its palette colour."""
    text = (THEME_DIR / "console.qss").read_text(encoding="utf-8")
    colors = palette()
    return re.sub(r"@([a-z_0-9]+)", lambda m: colors.hex(m.group(1)), text)


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    app.setStyleSheet(stylesheet())
