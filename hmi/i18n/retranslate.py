"""The retranslate pattern: a widget sets its texts in ``retranslate_ui`` (called once when
built) and calls it again on Qt's LanguageChange event, which every widget receives when a
translator is installed or removed (hmi/i18n/translators.py):

    class Panel(QFrame):
        def __init__(self) -> None:
            super().__init__()
            self.ok = QPushButton()
            self.retranslate_ui()

        def retranslate_ui(self) -> None:
            self.ok.setText(self.tr("Acknowledge"))

        def changeEvent(self, event: QEvent) -> None:
            if is_language_change(event):
                self.retranslate_ui()
            super().changeEvent(event)

Texts that depend on state (a count, the user) are made by the method that shows the state,
which ``retranslate_ui`` calls again. (Each class overrides changeEvent itself: a Python mixin
deriving from QWidget beside a second Qt base crashes shiboken.)
"""

from __future__ import annotations

from PySide6.QtCore import QEvent


def is_language_change(event: QEvent) -> bool:
    return event.type() == QEvent.Type.LanguageChange
