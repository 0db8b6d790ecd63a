"""What an analytics display shows in a console that does not run the plant analytics."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


def analytics_missing(what: str, *, on_server: bool = False) -> QWidget:
    """A page saying why ``what`` is not shown (``on_server``: a console of a control room's
    server, whose analytics run on the server)."""
    page = QWidget()
    layout = QVBoxLayout(page)
    why = (
        "run on the control room's server; this console shows its predictive warnings on "
        "the faceplates, and this display only on a standalone console or beside the server"
        if on_server
        else "this console does not run (they start with the operator console, not with the "
        "command-line tools)"
    )
    note = QLabel(f"{what} come from the plant analytics, which {why}.")
    note.setObjectName("analyticsMissing")
    note.setWordWrap(True)
    note.setAlignment(Qt.AlignmentFlag.AlignCenter)
    layout.addWidget(note)
    return page
