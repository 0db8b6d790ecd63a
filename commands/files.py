"""Files the commands read, checked before use: a bad one is one line naming it."""

from __future__ import annotations

from pathlib import Path

from tags.i18n.catalogue import text
from tags.replay.request import ReplayProblem, inspect_recording


def unreadable(history: Path) -> str:
    """Why ``history`` is not a history or recording the commands can read ("" if it is):
    missing, a folder, not SQLite, another SQLite file, or empty."""
    if not history.exists():
        return text("cli.no_history", path=history)
    try:
        inspect_recording(history)
    except ReplayProblem as problem:
        return str(problem)
    return ""
