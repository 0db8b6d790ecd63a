"""Ctrl+K: find any tag by name or description and open its faceplate.

The results are a virtual list (positions into a TagIndex, no item per row): every match is
listed, however many of 50,000 tags match.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QListView, QVBoxLayout, QWidget

from hmi.tag_index import TagIndex
from tags.model import TagDef

Index = QModelIndex | QPersistentModelIndex


class MatchesModel(QAbstractListModel):
    """The tags a search found: "NAME    description" per row, the name as UserRole."""

    def __init__(self, index: TagIndex, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._index = index
        self._rows: list[int] = []

    def set_rows(self, rows: list[int]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def name_at(self, row: int) -> str:
        return self._index.tags[self._rows[row]].name

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        tag = self._index.tags[self._rows[index.row()]]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{tag.name}    {tag.description}"
        if role == Qt.ItemDataRole.UserRole:
            return tag.name
        return None


class TagSearch(QDialog):
    def __init__(
        self,
        tags: Mapping[str, TagDef],
        open_faceplate: Callable[[str], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Find a tag")
        self.resize(640, 420)
        self._index = TagIndex(tags.values())
        self._open = open_faceplate
        self.query = QLineEdit(placeholderText="tag name or description, e.g. dens sp")
        self.matches = MatchesModel(self._index, self)
        self.results = QListView()
        self.results.setModel(self.matches)
        self.results.setUniformItemSizes(True)  # no per-row size query over 50,000 rows
        self.query.textChanged.connect(self.search)
        self.query.returnPressed.connect(self.choose)
        self.results.activated.connect(lambda _: self.choose())
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.results)
        self.search("")

    def search(self, text: str) -> None:
        self.matches.set_rows(self._index.words(text))
        if self.matches.rowCount():
            self.results.setCurrentIndex(self.matches.index(0))

    def choose(self) -> None:
        index = self.results.currentIndex()
        if index.isValid():
            self._open(self.matches.name_at(index.row()))
            self.accept()
