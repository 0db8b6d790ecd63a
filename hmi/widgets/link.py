"""A button to another display (ISA-101: any display in at most three actions)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QPushButton, QWidget

from hmi.i18n.retranslate import is_language_change
from hmi.widgets.context import DisplayContext


class ScreenLink(QPushButton):
    def __init__(
        self,
        ctx: DisplayContext,
        label: str,
        screen: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"{label}  ▸", parent)
        self.setObjectName("screenLink")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.label = label
        self.target_screen = screen
        self.retranslate_ui()
        open_screen = ctx.open_screen
        if open_screen is None:
            self.setEnabled(False)  # no navigation where it stands
        else:
            self.clicked.connect(lambda _=False: open_screen(screen))

    def retranslate_ui(self) -> None:
        self.setToolTip(self.tr("open the {screen} display").format(screen=self.label))

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def set_pixel_size(self, px: int) -> None:
        """Font size for a scaled screen (set through the widget's own stylesheet, which
        wins over the application's)."""
        self.setStyleSheet(f"font-size: {px}px;")
