"""A line of text that says a state and styles itself by it (the stylesheet's ``state``
property), read again once a second."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from hmi.i18n.retranslate import is_language_change

StateText = tuple[str, str]
"""(state, text): the state names the style (e.g. "ok", "behind"), the text is shown."""


class StateLine(QLabel):
    """Shows ``read()`` and restyles when its state changes."""

    def __init__(
        self, read: Callable[[], StateText], name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._read = read
        self.setObjectName(name)
        self.setWordWrap(True)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(1000)
        self.refresh()

    def refresh(self) -> None:
        state, text = self._read()
        if self.property("state") != state:
            self.setProperty("state", state)
            self.style().unpolish(self)
            self.style().polish(self)
        self.setText(text)

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.refresh()
        super().changeEvent(event)
