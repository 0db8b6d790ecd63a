"""What an analytics display shows in a console that does not run the plant analytics."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


def analytics_missing(what: str) -> QWidget:
    """A page saying why ``what`` is not shown (a console of a server always shows its
    server's analytics)."""
    page = QWidget()
    layout = QVBoxLayout(page)
    note = QLabel(
        f"{what} come from the plant analytics, which this console does not run (they start "
        "with the operator console, not with the command-line tools)."
    )
    note.setObjectName("analyticsMissing")
    note.setWordWrap(True)
    note.setAlignment(Qt.AlignmentFlag.AlignCenter)
    layout.addWidget(note)
    return page
