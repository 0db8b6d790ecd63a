"""Ctrl+K: find a display or a tag by name or description; a display opens, a tag opens its
faceplate. Displays are listed first (there are few), then tags."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from hmi.shell.screen import ScreenSpec
from tags.model import TagDef

MAX_SHOWN = 200
SCREEN = "screen"
TAG = "tag"


class TagSearch(QDialog):
    def __init__(
        self,
        tags: dict[str, TagDef],
        open_faceplate: Callable[[str], object],
        parent: QWidget | None = None,
        *,
        screens: Sequence[ScreenSpec] = (),
        open_screen: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Find a display or a tag" if screens else "Find a tag")
        self.resize(640, 420)
        self._tags = sorted(tags.values(), key=lambda t: t.name)
        self._screens = list(screens) if open_screen is not None else []
        self._open = open_faceplate
        self._open_screen = open_screen
        hint = "display, tag name or description, e.g. dens sp" if self._screens else (
            "tag name or description, e.g. dens sp")  # fmt: skip
        self.query = QLineEdit(placeholderText=hint)
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
        for spec in self._screens:
            haystack = f"{spec.title} {spec.key} {spec.area} {spec.shortcut}".lower()
            if words and all(w in haystack for w in words):
                where = f"  ·  {spec.area}" if spec.area else ""
                key = f"  ({spec.shortcut})" if spec.shortcut else ""
                self._add(f"▣ {spec.title}{key}    display L{spec.level}{where}", SCREEN, spec.key)
        for tag in self._tags:
            haystack = f"{tag.name} {tag.description}".lower()
            if all(w in haystack for w in words):
                self._add(f"{tag.name}    {tag.description}", TAG, tag.name)
                if self.results.count() >= MAX_SHOWN:
                    break
        if self.results.count():
            self.results.setCurrentRow(0)

    def _add(self, text: str, kind: str, name: str) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, (kind, name))
        self.results.addItem(item)

    def choose(self) -> None:
        item = self.results.currentItem()
        if item is None:
            return
        kind, name = item.data(Qt.ItemDataRole.UserRole)
        if kind == SCREEN and self._open_screen is not None:
            self._open_screen(str(name))
        else:
            self._open(str(name))
        self.accept()
