"""Ctrl+K: find any tag by name or description and open its faceplate."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from tags.model import TagDef

MAX_SHOWN = 200


class TagSearch(QDialog):
    def __init__(
        self,
        tags: dict[str, TagDef],
        open_faceplate: Callable[[str], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Find a tag")
        self.resize(640, 420)
        self._tags = sorted(tags.values(), key=lambda t: t.name)
        self._open = open_faceplate
        self.query = QLineEdit(placeholderText="tag name or description, e.g. dens sp")
        self.results = QListWidget()
        self.query.textChanged.connect(self.search)
        self.query.returnPressed.connect(self.choose)
        self.results.itemActivated.connect(lambda _: self.choose())
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.results)
        self.search("")

    def search(self, text: str) -> None:
        words = text.lower().split()
        self.results.clear()
        for tag in self._tags:
            haystack = f"{tag.name} {tag.description}".lower()
            if all(w in haystack for w in words):
                item = QListWidgetItem(f"{tag.name}    {tag.description}")
                item.setData(Qt.ItemDataRole.UserRole, tag.name)
                self.results.addItem(item)
                if self.results.count() >= MAX_SHOWN:
                    break
        if self.results.count():
            self.results.setCurrentRow(0)

    def choose(self) -> None:
        item = self.results.currentItem()
        if item is not None:
            self._open(str(item.data(Qt.ItemDataRole.UserRole)))
            self.accept()
