"""Columns of a listing in a terminal, where a Chinese character takes two columns."""

from __future__ import annotations

import unicodedata


def width(cell: str) -> int:
    """How many terminal columns ``cell`` takes (wide and full-width characters two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in cell)


def pad(cell: str, columns: int) -> str:
    """``cell`` filled with spaces to ``columns`` terminal columns (as ``str.ljust`` for
    Latin text; a longer cell is left as it is)."""
    return cell + " " * max(0, columns - width(cell))
