"""The pen table under a trend: colour and visibility, tag, value at the cursor, value now,
unit and the pen's scale (editable, in engineering units). Selecting a row selects the pen
whose scale the plot's axis shows. A pen whose tag is forced now reads "[FORCED]" after its
name."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.i18n.retranslate import is_language_change
from hmi.quality_display import DisplayState
from hmi.shell.theme import palette
from hmi.trends.pens import Pen
from hmi.widgets.words import quality_word
from tags.i18n.descriptions import description_of

COLUMNS = (
    "",
    QT_TRANSLATE_NOOP("PenTable", "Tag"),
    QT_TRANSLATE_NOOP("PenTable", "Description"),
    QT_TRANSLATE_NOOP("PenTable", "At cursor"),
    QT_TRANSLATE_NOOP("PenTable", "Now"),
    QT_TRANSLATE_NOOP("PenTable", "Unit"),
    QT_TRANSLATE_NOOP("PenTable", "Scale low"),
    QT_TRANSLATE_NOOP("PenTable", "Scale high"),
)
SWATCH, TAG, DESCRIPTION, CURSOR, NOW, UNIT, LOW, HIGH = range(len(COLUMNS))
WIDTHS = (34, 200, 260, 100, 100, 60, 90, 90)
_READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class PenTable(QTableWidget):
    pen_selected = Signal(str)
    scale_edited = Signal(str, float, float)
    visibility_changed = Signal(str, bool)

    def __init__(self) -> None:
        super().__init__(0, len(COLUMNS))
        self.setObjectName("penTable")
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(22)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        header = self.horizontalHeader()
        for column, width in enumerate(WIDTHS):
            self.setColumnWidth(column, width)
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self.setFixedHeight(24 + 8 * 22 + 4)
        self._filling = False
        self._pens: list[Pen] = []
        self._markers: dict[str, str] = {}
        self.itemSelectionChanged.connect(self._on_selection)
        self.itemChanged.connect(self._on_item_changed)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Headers, tooltips and descriptions in the current language."""
        self.setHorizontalHeaderLabels([self.tr(c) if c else "" for c in COLUMNS])
        if self._pens:
            selected = self.selectedIndexes()
            row = selected[0].row() if selected else -1
            values = {}
            for r, p in enumerate(self._pens):
                for c in (CURSOR, NOW):
                    cell = self.item(r, c)
                    if cell is not None:
                        values[p.name, c] = (cell.text(), cell.foreground())
            self.show_pens(self._pens, self._pens[row] if row >= 0 else None)
            for (name, column), (text, brush) in values.items():
                cell = self.item(self.row_of(name), column)
                if cell is not None:
                    cell.setText(text)
                    cell.setForeground(brush)
            markers, self._markers = self._markers, {}
            for name, marker in markers.items():
                self.set_marker(name, marker)

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def show_pens(self, pens: list[Pen], selected: Pen | None) -> None:
        self._filling = True
        self._pens = list(pens)
        self.setRowCount(len(pens))
        colors = palette()
        for row, pen in enumerate(pens):
            tag = pen.tag
            swatch = QTableWidgetItem()
            swatch.setFlags(_READ_ONLY | Qt.ItemFlag.ItemIsUserCheckable)
            swatch.setData(Qt.ItemDataRole.DecorationRole, colors.color(pen.color))
            swatch.setCheckState(Qt.CheckState.Checked if pen.visible else Qt.CheckState.Unchecked)
            swatch.setToolTip(self.tr("show or hide this pen"))
            self.setItem(row, SWATCH, swatch)
            texts = {TAG: tag.name, DESCRIPTION: description_of(tag), UNIT: tag.unit}
            for column, text in texts.items():
                self.setItem(row, column, _item(text))
            for column in (CURSOR, NOW):
                self.setItem(row, column, _item("", right=True))
            name_item = self.item(row, TAG)
            if name_item is not None:
                name_item.setForeground(colors.color(pen.color))
            for column, value in ((LOW, pen.low), (HIGH, pen.high)):
                item = _item(tag.format_value(float(value)), right=True)
                item.setFlags(_READ_ONLY | Qt.ItemFlag.ItemIsEditable)
                item.setToolTip(self.tr("double-click to change the pen's scale"))
                self.setItem(row, column, item)
        if selected is not None and selected in pens:
            self.selectRow(pens.index(selected))
        self._filling = False

    def select(self, name: str) -> None:
        """Mark the pen's row selected (without announcing it again)."""
        row = self.row_of(name)
        if row >= 0:
            self._filling = True
            self.selectRow(row)
            self._filling = False

    def row_of(self, name: str) -> int:
        return next((i for i, p in enumerate(self._pens) if p.name == name), -1)

    def set_cell(self, name: str, column: int, text: str, state: DisplayState) -> None:
        """Show a value (at the cursor or now) in the display state's colour."""
        row = self.row_of(name)
        item = self.item(row, column) if row >= 0 else None
        if item is None:
            return
        if item.text() != text:
            item.setText(text)
        item.setForeground(palette().color(state.color_name))

    def set_marker(self, name: str, marker: str, tooltip: str = "") -> None:
        """Mark the pen's tag as held over the field's value now (FORCED ..., framed after the
        name, in bold; "" for a field value)."""
        row = self.row_of(name)
        item = self.item(row, TAG) if row >= 0 else None
        if item is None:
            return
        self._markers[name] = marker
        text = f"{name}  [{quality_word(marker)}]" if marker else name
        if item.text() != text:
            item.setText(text)
            font = item.font()
            font.setBold(bool(marker))
            item.setFont(font)
            item.setToolTip(tooltip)

    def marker(self, name: str) -> str:
        """The override marker on the pen's tag now ("" for a field value)."""
        return self._markers.get(name, "") if self.row_of(name) >= 0 else ""

    def show_reading(self, pen: Pen, value: float | None) -> None:
        """The pen's value at the cursor: NaN is Bad there, None no data (or no cursor)."""
        if value is None:
            self.set_cell(pen.name, CURSOR, "", DisplayState.NORMAL)
        elif math.isnan(value):
            self.set_cell(pen.name, CURSOR, "BAD", DisplayState.BAD)
        else:
            self.set_cell(pen.name, CURSOR, pen.tag.format_value(value), DisplayState.NORMAL)

    def text(self, name: str, column: int) -> str:
        row = self.row_of(name)
        item = self.item(row, column) if row >= 0 else None
        return item.text() if item is not None else ""

    def _on_selection(self) -> None:
        rows = {i.row() for i in self.selectedIndexes()}
        if len(rows) == 1 and not self._filling:
            self.pen_selected.emit(self._pens[rows.pop()].name)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        pen = self._pens[item.row()]
        if item.column() == SWATCH:
            self.visibility_changed.emit(pen.name, item.checkState() == Qt.CheckState.Checked)
            return
        if item.column() not in (LOW, HIGH):
            return
        try:
            value = float(item.text().replace(",", "."))
        except ValueError:
            value = math.nan
        low, high = (value, pen.high) if item.column() == LOW else (pen.low, value)
        self.scale_edited.emit(pen.name, low, high)


def _item(text: str, *, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(_READ_ONLY)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item
