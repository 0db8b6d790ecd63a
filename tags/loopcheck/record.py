"""One entry of a loop's sheet: a value seen at a check point, or the loop marked failed.

Entries are only ever added: re-checking a loop adds new ones, and its sheet shows the
newest while the history keeps every one, with who recorded it and when.
"""

from __future__ import annotations

from dataclasses import dataclass

FAILED_POINT = ""
"""The ``point`` of an entry that marks the whole loop failed (with a note)."""


@dataclass(frozen=True)
class LoopRecord:
    """A value ``seen`` at ``point`` against ``expected`` within ``tolerance`` (``passed``),
    or (``point`` empty) the loop marked failed; ``note`` says why or what was done."""

    tag: str
    point: str
    expected: float | None
    seen: float | None
    tolerance: float | None
    passed: bool
    note: str
    user: str
    at: float
    workstation: str = ""
    id: int | None = None
    """Given by the store, in the order entries were made (None before it is kept)."""

    @property
    def marks_failed(self) -> bool:
        return self.point == FAILED_POINT


def record_from_row(row: tuple[object, ...]) -> LoopRecord:
    """A record from a store's row: id, tag, point, expected, seen, tolerance, passed, note,
    user, at, workstation."""
    id_, tag, point, expected, seen, tolerance, passed, note, user, at, workstation = row
    return LoopRecord(
        str(tag), str(point), _number(expected), _number(seen), _number(tolerance),
        bool(passed), str(note), str(user), float(str(at)), str(workstation or ""),
        int(str(id_)),
    )  # fmt: skip


def _number(value: object) -> float | None:
    return None if value is None else float(str(value))
