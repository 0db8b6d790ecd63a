"""What an analytics display shows in a console that does not run the plant analytics."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.i18n.retranslate import is_language_change

CONTEXT = "AnalyticsMissing"
WHAT = (
    QT_TRANSLATE_NOOP("AnalyticsMissing", "Energy figures"),
    QT_TRANSLATE_NOOP(
        "AnalyticsMissing", "Predictive warnings, instrument health and shift reports"
    ),
)
"""What the displays name when they are missing (translated by their English text)."""


class AnalyticsMissing(QWidget):
    """A page saying why ``what`` is not shown."""

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setObjectName("analyticsMissing")
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.note)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        what = QCoreApplication.translate(CONTEXT, self.what)
        self.note.setText(
            self.tr("{what} come from the plant analytics, which this console does not run "
                    "(they start with the operator console, not with the command-line "
                    "tools).").format(what=what)
        )  # fmt: skip

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)


def analytics_missing(what: str) -> QWidget:
    """A page saying why ``what`` is not shown (a console of a server always shows its
    server's analytics)."""
    return AnalyticsMissing(what)
