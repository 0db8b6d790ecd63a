"""A read-only list as a table: whole rows selected, no grid, no row numbers, one column that
takes the spare width. The console's lists (warnings, instruments, reports, scenarios) use it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget


def list_table(
    name: str,
    columns: Sequence[str],
    *,
    stretch: int,
    widths: Iterable[tuple[int, int]] = (),
) -> QTableWidget:
    """``name``: the stylesheet's object name; ``stretch``: the column that takes the spare
    width; ``widths``: (column, pixels) for the others."""
    table = QTableWidget(0, len(columns))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(columns))
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setShowGrid(False)
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    for column, width in widths:
        table.setColumnWidth(column, width)
    return table
