"""The user menu in the header: the console's language (kept for this workstation by whoever
handles ``language_chosen``), switched at once without a restart."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from hmi.i18n.retranslate import is_language_change
from hmi.i18n.translators import installed_language
from tags.i18n.language import Language


class UserMenu(QToolButton):
    language_chosen = Signal(object)
    """A Language the operator picked (not emitted for the one already shown)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userMenu")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu_ = QMenu(self)
        self.setMenu(self.menu_)
        self.language_menu = self.menu_.addMenu("")
        group = QActionGroup(self)
        self.language_actions: dict[Language, QAction] = {}
        for language in Language:  # each language named in itself: found whatever is shown
            action = self.language_menu.addAction(language.native_name)
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, chosen=language: self._choose(chosen))
            group.addAction(action)
            self.language_actions[language] = action
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setText(self.tr("Menu ▾"))
        self.setToolTip(self.tr("User menu: the console's language"))
        self.language_menu.setTitle(self.tr("Language / 语言"))
        self.language_actions[installed_language()].setChecked(True)

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def _choose(self, language: Language) -> None:
        if language is not installed_language():
            self.language_chosen.emit(language)
