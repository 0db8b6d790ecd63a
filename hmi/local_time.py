"""Times shown to people in the console's locale: Qt's date patterns (``dd MMM HH:mm``), so a
pattern a translator chose (``M月d日 HH:mm``) and the month names follow the language."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QLocale


def local_time(seconds: float, pattern: str) -> str:
    """``seconds`` (since the epoch) in local time, as ``pattern`` in the current locale."""
    when = QDateTime.fromMSecsSinceEpoch(round(seconds * 1000))
    return QLocale().toString(when, pattern)
