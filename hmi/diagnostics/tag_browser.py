"""The live tag browser (L4 diagnostics): every tag with value, unit, quality and time.

Search by name or description, filter by area; values update through the bridge. One
``dataChanged`` per flush covers all changed rows, so 5,000 changing tags stay cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
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
from hmi.quality_display import DisplayState, show
from hmi.shell.theme import palette
from tags.model import TagSample

COLUMNS = ("Tag", "Description", "Area", "Value", "Unit", "Quality", "Time")
VALUE, QUALITY, TIME = 3, 5, 6
Index = QModelIndex | QPersistentModelIndex


class TagTableModel(QAbstractTableModel):
    def __init__(self, bridge: TagBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._clock = bridge.db.clock
        self._tags = [bridge.db.tags[n] for n in sorted(bridge.db.tags)]
        self._row = {t.name: i for i, t in enumerate(self._tags)}
        self._samples: dict[str, TagSample] = bridge.db.snapshot()
        self._colors = {s: palette().color(s.color_name) for s in DisplayState}
        bridge.watch_all(self._on_changes, owner=self)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._tags)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def tag_at(self, row: int) -> str:
        return self._tags[row].name

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        tag = self._tags[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == VALUE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if column not in (VALUE, QUALITY, TIME):
            if role == Qt.ItemDataRole.DisplayRole:
                return (tag.name, tag.description, tag.area, "", tag.unit)[column]
            return None
        sample = self._samples[tag.name]
        shown = show(tag, sample, self._clock.now())
        if role == Qt.ItemDataRole.DisplayRole:
            if column == VALUE:
                return shown.text
            if column == QUALITY:
                return sample.quality.label
            return datetime.fromtimestamp(sample.source_time).strftime("%H:%M:%S.%f")[:-3]
        if role == Qt.ItemDataRole.ToolTipRole:
            return shown.tooltip
        if role == Qt.ItemDataRole.ForegroundRole and shown.state is not DisplayState.NORMAL:
            return self._colors[shown.state]
        return None

    def _on_changes(self, changes: Mapping[str, TagSample]) -> None:
        self._samples.update(changes)
        rows = [self._row[n] for n in changes if n in self._row]
        if rows:
            self.dataChanged.emit(self.index(min(rows), VALUE), self.index(max(rows), TIME))


class TagFilter(QSortFilterProxyModel):
    """Text (name or description, case-insensitive, * wildcards) and area filter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._area = ""

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "_text", text.strip().lower()))

    def set_area(self, area: str) -> None:
        self._refilter(lambda: setattr(self, "_area", area))

    def _refilter(self, change: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.10
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        model = self.sourceModel()
        name = str(model.index(row, 0, parent).data())
        if self._area and model.index(row, 2, parent).data() != self._area:
            return False
        if not self._text:
            return True
        description = str(model.index(row, 1, parent).data()).lower()
        parts = [p for p in self._text.split("*") if p]
        haystacks = (name.lower(), description)
        return any(all(p in h for p in parts) for h in haystacks)


class TagBrowser(QWidget):
    """Search box, area filter and the live table."""

    def __init__(self, bridge: TagBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TagTableModel(bridge, self)
        self.proxy = TagFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setDynamicSortFilter(False)  # rows never jump under the operator's eyes
        self.search = QLineEdit(placeholderText="Search tags by name or description (* wildcard)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter_changed)
        self.area = QComboBox()
        self.area.addItem("All areas", "")
        for area in sorted({t.area for t in bridge.db.tags.values()}):
            self.area.addItem(area, area)
        self.area.currentIndexChanged.connect(self._area_changed)
        self.count = QLabel()
        self.table = QTableView()
        self.table.setModel(self.proxy)
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
        self._update_count()

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()

    def _area_changed(self, _index: int) -> None:
        self.proxy.set_area(self.area.currentData())
        self._update_count()

    def _update_count(self) -> None:
        self.count.setText(f"{self.proxy.rowCount()} of {self.model.rowCount()} tags")
