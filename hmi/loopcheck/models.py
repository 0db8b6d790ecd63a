"""The loop-check view's tables: the areas with their progress, and the loops (a virtual
model over the loops shown: no widget per row, however many thousand loops there are)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QColor

from hmi.alarms.table import Index
from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.rows_model import RowsModel
from tags.i18n.descriptions import description_of
from tags.loopcheck.book import AreaProgress, LoopState, LoopStatus
from tags.loopcheck.checklist import Loop
from tags.loopcheck.record import LoopRecord
from tags.loopcheck.sheets import when

AREA_COLUMNS = (
    QT_TRANSLATE_NOOP("LoopCheck", "Area"),
    QT_TRANSLATE_NOOP("LoopCheck", "Loops"),
    QT_TRANSLATE_NOOP("LoopCheck", "Checked"),
    QT_TRANSLATE_NOOP("LoopCheck", "Failed"),
    QT_TRANSLATE_NOOP("LoopCheck", "Not yet"),
)
LOOP_COLUMNS = (
    QT_TRANSLATE_NOOP("LoopCheck", "Tag"),
    QT_TRANSLATE_NOOP("LoopCheck", "Description"),
    QT_TRANSLATE_NOOP("LoopCheck", "Area"),
    QT_TRANSLATE_NOOP("LoopCheck", "Type"),
    QT_TRANSLATE_NOOP("LoopCheck", "Status"),
    QT_TRANSLATE_NOOP("LoopCheck", "Last by"),
    QT_TRANSLATE_NOOP("LoopCheck", "Last at"),
)
STATUS_NAMES = {
    LoopStatus.NOT_CHECKED: QT_TRANSLATE_NOOP("LoopCheck", "not yet"),
    LoopStatus.IN_PROGRESS: QT_TRANSLATE_NOOP("LoopCheck", "in progress"),
    LoopStatus.CHECKED: QT_TRANSLATE_NOOP("LoopCheck", "checked"),
    LoopStatus.FAILED: QT_TRANSLATE_NOOP("LoopCheck", "failed"),
}


def status_text(status: LoopStatus) -> str:
    """A loop's status in the console's language."""
    return QCoreApplication.translate("LoopCheck", STATUS_NAMES[status])


def point_text(loop: Loop, record: LoopRecord) -> str:
    """'50 %: seen 30.4 °C, expected 30.0 ± 0.6 °C' (with the note, if any), translated."""
    tolerance = f" ± {loop.format(record.tolerance)}" if loop.analog else ""
    text = QCoreApplication.translate(
        "LoopCheck", "{point}: seen {seen}, expected {expected}"
    ).format(
        point=loop.point_label(record.point),
        seen=loop.format(record.seen),
        expected=f"{loop.format(record.expected)}{tolerance}",
    )
    return f"{text} ({record.note})" if record.note else text


def note_text(state: LoopState) -> str:
    """Why the loop failed (the note, or the points out of tolerance); else empty."""
    bad = [r for r in state.points.values() if not r.passed]
    if bad:
        return "; ".join(point_text(state.loop, r) for r in bad)
    return state.note


def progress_text(p: AreaProgress) -> str:
    """'12 checked, 1 failed, 30 not yet, of 43' in the console's language."""
    return QCoreApplication.translate(
        "LoopCheck", "{checked} checked, {failed} failed, {not_yet} not yet, of {total}"
    ).format(checked=p.checked, failed=p.failed, not_yet=p.not_yet, total=p.total)


FAILED_COLOUR = QColor("#c5221f")
"""Colour only for the abnormal: a failed loop (ISA-101)."""


class AreasModel(RowsModel[AreaProgress]):
    """One row per area, then the whole plant."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(AREA_COLUMNS, parent, context="LoopCheck")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        a = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            area = a.area or QCoreApplication.translate("LoopCheck", "All areas")
            return (area, a.total, a.checked, a.failed, a.not_yet)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 3 and a.failed:
            return FAILED_COLOUR
        return None


class LoopsModel(RowsModel[LoopState]):
    """The loops shown (filtered by the view), one row each."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(LOOP_COLUMNS, parent, context="LoopCheck")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        state = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            loop, last = state.loop, state.last
            return (
                loop.tag, description_of(loop), loop.area, loop.kind,
                status_text(state.status),
                last.user if last else "", when(last.at) if last else "",
            )[index.column()]  # fmt: skip
        if role == Qt.ItemDataRole.ForegroundRole and state.status is LoopStatus.FAILED:
            return FAILED_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole and state.note:
            return note_text(state)
        return None

    def row_of(self, tag: str) -> int | None:
        return next((i for i, s in enumerate(self.rows) if s.loop.tag == tag), None)


def shown(states: Sequence[LoopState], area: str, status: str, text: str) -> list[LoopState]:
    """The loops of ``area`` ("" all) in ``status`` (its value, "" any) whose tag or
    description holds ``text`` (any case)."""
    needle = text.strip().lower()
    return [
        s for s in states
        if (not area or s.loop.area == area) and (not status or s.status.value == status)
        and (not needle or needle in s.loop.tag.lower() or needle in s.loop.description.lower())
    ]  # fmt: skip
