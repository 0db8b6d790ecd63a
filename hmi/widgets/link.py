"""A button to another display (ISA-101: any display in at most three actions)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget


class ScreenLink(QPushButton):
    def __init__(
        self,
        label: str,
        screen: str,
        open_screen: Callable[[str], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"{label}  ▸", parent)
        self.setObjectName("screenLink")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(f"open the {label} display")
        self.target_screen = screen
        self.clicked.connect(lambda _=False: open_screen(screen))

    def set_pixel_size(self, px: int) -> None:
        """Font size for a scaled screen (set through the widget's own stylesheet, which
        wins over the application's)."""
        self.setStyleSheet(f"font-size: {px}px;")
