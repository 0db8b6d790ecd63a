"""The replay bar's keys and times as people read them: the shortcuts (named in the
console's language, as Qt names keys), times of the recording in the locale, spans."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence

from hmi.local_time import local_time

SHORTCUTS = {
    "play": ("Space",), "back": ("Left",), "forward": ("Right",),
    "long_back": ("Shift+Left",), "long_forward": ("Shift+Right",),
    "previous_alarm": ("Ctrl+Left",), "next_alarm": ("Ctrl+Right",),
    "faster": ("+", "="), "slower": ("-",), "bookmark": ("Ctrl+B",), "start": ("Home",),
    "live": ("Ctrl+Shift+L",),
}  # fmt: skip


def clock_text(t: float, *, date: bool = False) -> str:
    """A time of the recording in the console's locale (with the day when ``date``)."""
    if not date:
        return datetime.fromtimestamp(t).strftime("%H:%M:%S")
    return local_time(t, QCoreApplication.translate("ReplayBar", "dd MMM HH:mm:ss"))


def span_text(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def keys_text(name: str) -> str:
    """The keys of shortcut ``name`` ("Space", in Chinese "空格"), "" for none."""
    native = QKeySequence.SequenceFormat.NativeText
    keys = (QKeySequence(k).toString(native) for k in SHORTCUTS.get(name, ()))
    return QCoreApplication.translate("ReplayBar", " or ").join(keys)
