"""The live tag browser (L4 diagnostics): every tag with value, unit, quality and time.

Search by name or description, filter by area; values update through the bridge. One
``dataChanged`` per flush covers all changed rows, so 5,000 changing tags stay cheap; the model
is virtual (positions into a TagIndex), so 50,000 tags open, sort and filter in milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hmi.bridge import TagBridge
from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.i18n.retranslate import is_language_change
from hmi.local_time import local_time
from hmi.quality_display import DisplayState, override_word, quality_text, show
from hmi.shell.theme import palette
from hmi.tag_index import TagIndex
from tags.i18n.descriptions import description_of
from tags.model import TagSample

COLUMNS = (
    QT_TRANSLATE_NOOP("TagTableModel", "Tag"),
    QT_TRANSLATE_NOOP("TagTableModel", "Description"),
    QT_TRANSLATE_NOOP("TagTableModel", "Area"),
    QT_TRANSLATE_NOOP("TagTableModel", "Value"),
    QT_TRANSLATE_NOOP("TagTableModel", "Unit"),
    QT_TRANSLATE_NOOP("TagTableModel", "Quality"),
    QT_TRANSLATE_NOOP("TagTableModel", "Time"),
)
TAG, VALUE, QUALITY, TIME = 0, 3, 5, 6
Index = QModelIndex | QPersistentModelIndex


class TagTableModel(QAbstractTableModel):
    """Every tag, or those a search leaves, in the order of the sorted column: a virtual
    model (positions into a TagIndex, no item per row), so 50,000 tags open, sort and
    filter in milliseconds."""

    def __init__(self, bridge: TagBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._clock = bridge.db.clock
        self.index_of_tags = TagIndex(bridge.db.tags.values())
        self._tags = self.index_of_tags.tags
        self._order: list[int] = list(range(len(self._tags)))
        """Every position, in the order of the sorted column."""
        self._shown: list[int] = self._order
        """The positions the filter leaves, in that order: row -> position."""
        self._row: dict[str, int] = {}
        """Tag name -> row, for the rows shown (built when first needed)."""
        self._text = ""
        self._area = ""
        self._samples: dict[str, TagSample] = bridge.db.snapshot()
        self._colors = {s: palette().color(s.color_name) for s in DisplayState}
        bridge.watch_all(self._on_changes, owner=self)

    @property
    def total(self) -> int:
        """How many tags there are, shown or not."""
        return len(self._tags)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate("TagTableModel", COLUMNS[section])
        return None

    def retranslate(self) -> None:
        """Titles, descriptions and quality names again, in the language now installed."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._shown:
            last = self.index(len(self._shown) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def tag_at(self, row: int) -> str:
        return self._tags[self._shown[row]].name

    def row_of(self, name: str) -> int | None:
        """The row a tag is shown on (None when the filter hides it)."""
        return self._rows().get(name)

    def set_filter(self, text: str, area: str) -> None:
        """Show the tags whose name or description holds every ``*``-separated part of
        ``text`` (case-insensitive), of ``area`` ("" for all)."""
        self._text, self._area = text, area
        self._refilter()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        positions = range(len(self._tags))
        if column == 0:
            self._order = list(positions)  # the index is in name order already
        else:
            self._order = sorted(positions, key=self._sort_key(column))
        if order == Qt.SortOrder.DescendingOrder:
            self._order.reverse()
        self._apply_filter()
        self.layoutChanged.emit()

    def _sort_key(self, column: int) -> Callable[[int], Any]:
        tags, samples = self._tags, self._samples
        if column == 1:
            return lambda i: self.index_of_tags.descriptions[i]
        if column == 2:
            return lambda i: tags[i].area
        if column == 4:
            return lambda i: tags[i].unit
        if column == QUALITY:
            return lambda i: samples[tags[i].name].quality.label
        if column == TIME:
            return lambda i: samples[tags[i].name].source_time

        def value(i: int) -> tuple[int, float, str]:
            v = samples[tags[i].name].value
            if isinstance(v, int | float) and v == v:  # numbers first, nan and text after
                return (0, float(v), "")
            return (1, 0.0, "" if v is None else str(v))

        return value

    def _refilter(self) -> None:
        self.beginResetModel()
        self._apply_filter()
        self.endResetModel()

    def _apply_filter(self) -> None:
        if self._text.strip("* ") or self._area:
            self._shown = self.index_of_tags.wildcard(self._text, self._area, self._order)
        else:
            self._shown = self._order
        self._row = {}

    def _rows(self) -> dict[str, int]:
        if not self._row and self._shown:
            tags = self._tags
            self._row = {tags[p].name: row for row, p in enumerate(self._shown)}
        return self._row

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        tag = self._tags[self._shown[index.row()]]
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == VALUE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if column == TAG and role == Qt.ItemDataRole.DisplayRole:
            word = override_word(self._samples[tag.name])
            return f"{tag.name}  [{word}]" if word else tag.name
        if column not in (VALUE, QUALITY, TIME):
            if role == Qt.ItemDataRole.DisplayRole:
                return (tag.name, description_of(tag), tag.area, "", tag.unit)[column]
            return None
        sample = self._samples[tag.name]
        shown = show(tag, sample, self._clock.now())
        if role == Qt.ItemDataRole.DisplayRole:
            if column == VALUE:
                return shown.text
            if column == QUALITY:
                return quality_text(sample.quality)
            return local_time(sample.source_time, "HH:mm:ss.zzz")
        if role == Qt.ItemDataRole.ToolTipRole:
            return shown.tooltip
        if role == Qt.ItemDataRole.ForegroundRole and shown.state is not DisplayState.NORMAL:
            return self._colors[shown.state]
        return None

    def _on_changes(self, changes: Mapping[str, TagSample]) -> None:
        """One dataChanged over the changed rows' span (the view repaints only what it
        shows)."""
        self._samples.update(changes)
        if not self._shown:
            return
        rows = self._rows()
        low, high = len(self._shown), -1
        for name in changes:
            row = rows.get(name)
            if row is not None:
                if row < low:
                    low = row
                if row > high:
                    high = row
        if high >= 0:
            self.dataChanged.emit(self.index(low, TAG), self.index(high, TIME))


class TagBrowser(QWidget):
    """Search box, area filter and the live table."""

    def __init__(self, bridge: TagBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TagTableModel(bridge, self)  # sorted once per click: rows never jump
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter_changed)
        self.area = QComboBox()
        self.area.addItem("", "")
        for area in sorted({t.area for t in self.model.index_of_tags.tags}):
            self.area.addItem(area, area)
        self.area.currentIndexChanged.connect(self._area_changed)
        self.count = QLabel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in enumerate((230, 300, 60, 120, 70, 190, 100)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.area)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.search.setPlaceholderText(self.tr("Search tags by name or description (* wildcard)"))
        self.area.setItemText(0, self.tr("All areas"))
        self._update_count()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
            self.model.retranslate()
        super().changeEvent(event)

    def _filter_changed(self, text: str) -> None:
        self.model.set_filter(text, self.area.currentData())
        self._update_count()

    def _area_changed(self, _index: int) -> None:
        self.model.set_filter(self.search.text(), self.area.currentData())
        self._update_count()

    def _update_count(self) -> None:
        self.count.setText(
            self.tr("{shown} of {total} tags").format(
                shown=QLocale().toString(self.model.rowCount()),
                total=QLocale().toString(self.model.total),
            )
        )
