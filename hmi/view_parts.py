"""Small widgets the console's views share: section titles, quiet notes, and read-only
tables: lists with one stretching column, and tables filled cell by cell (a cell's text is
only set when it changed, so a refresh twice a second costs no relayout)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)


def translated(context: str, texts: Iterable[str]) -> list[str]:
    """``texts`` (marked with QT_TRANSLATE_NOOP under ``context``) in the current language."""
    return [QCoreApplication.translate(context, t) if t else t for t in texts]


def set_header_labels(table: QTableWidget, context: str, columns: Sequence[str]) -> None:
    """A table's column titles, translated (again after a change of language)."""
    table.setHorizontalHeaderLabels(translated(context, columns))


def note(text: str) -> QLabel:
    """Secondary text in the quiet grey."""
    label = QLabel(text)
    label.setObjectName("quietNote")
    return label


def section(text: str, hint: str = "") -> QWidget:
    """A section title with a quiet note beside it (``set_section`` changes both)."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 4, 0, 0)
    title = QLabel(text)
    title.setObjectName("sectionTitle")
    layout.addWidget(title)
    hint_label = note(hint)
    hint_label.setVisible(bool(hint))
    layout.addWidget(hint_label)
    layout.addStretch(1)
    return row


def set_section(row: QWidget, text: str, hint: str = "") -> None:
    """New texts for a ``section`` (a change of language)."""
    title = row.findChild(QLabel, "sectionTitle")
    hint_label = row.findChild(QLabel, "quietNote")
    if title is not None:
        title.setText(text)
    if hint_label is not None:
        hint_label.setText(hint)
        hint_label.setVisible(bool(hint))


def read_only_table(columns: Sequence[str], name: str, *, select: bool = False) -> QTableWidget:
    """A table nobody edits; ``select``: whole rows can be chosen (one at a time)."""
    table = QTableWidget(0, len(columns))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(columns))
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    if select:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    else:
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return table


def set_cell(
    table: QTableWidget, row: int, column: int, text: str, tip: str = "", *, strong: bool = False
) -> QTableWidgetItem:
    """Put ``text`` in a cell (bold when ``strong``: a finding, never a colour)."""
    item = table.item(row, column)
    if item is None:
        item = QTableWidgetItem()
        table.setItem(row, column, item)
    if item.text() != text:
        item.setText(text)
    if tip and item.toolTip() != tip:
        item.setToolTip(tip)
    if item.font().bold() != strong:
        font = QFont(item.font())
        font.setBold(strong)
        item.setFont(font)
    return item


def cells(table: QTableWidget, row: int) -> list[str]:
    """The texts of a row (tests, and whoever reads the table back)."""
    found = (table.item(row, c) for c in range(table.columnCount()))
    return [item.text() if item is not None else "" for item in found]


def fit_rows(table: QTableWidget) -> None:
    """Make the table exactly as tall as its rows (a short list of figures never scrolls)."""
    rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
    frame = 2 * table.frameWidth()
    table.setFixedHeight(table.horizontalHeader().sizeHint().height() + rows + frame)


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
