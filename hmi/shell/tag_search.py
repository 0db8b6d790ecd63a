"""Ctrl+K: find a display or a tag by name or description; a display opens, a tag opens its
faceplate. Displays are listed first (there are few), then tags.

The results are a virtual list (the matching displays, then positions into a TagIndex; no item
per row): every match is listed, however many of 50,000 tags match. A tag whose value is held
over the field's (forced ...) reads with its marker framed after the name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QDialog, QLineEdit, QListView, QVBoxLayout, QWidget

from hmi.i18n.retranslate import is_language_change
from hmi.quality_display import override_word
from hmi.shell.screen import ScreenSpec, screen_title
from hmi.tag_index import TagIndex
from tags.i18n.descriptions import description_of
from tags.model import TagDef, TagSample

Index = QModelIndex | QPersistentModelIndex
SCREEN = "screen"
TAG = "tag"


def screen_text(spec: ScreenSpec) -> str:
    """How a display reads in the results: title, function key, level and area."""
    where = f"  ·  {spec.area}" if spec.area else ""
    key = f"  ({spec.shortcut})" if spec.shortcut else ""
    kind = QCoreApplication.translate("TagSearch", "display L{level}").format(level=spec.level)
    return f"▣ {screen_title(spec)}{key}    {kind}{where}"


def _searched(spec: ScreenSpec) -> str:
    """What a search for a display looks in: its title in both languages, key, area, key."""
    return f"{screen_title(spec)} {spec.title} {spec.key} {spec.area} {spec.shortcut}".lower()


class MatchesModel(QAbstractListModel):
    """What a search found: the displays first, then the tags ("NAME    description");
    UserRole is (kind, name)."""

    def __init__(
        self,
        index: TagIndex,
        parent: QWidget | None = None,
        sample_of: Callable[[str], TagSample | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._index = index
        self._sample_of = sample_of
        self._screens: list[ScreenSpec] = []
        self._rows: list[int] = []

    def set_rows(self, screens: list[ScreenSpec], rows: list[int]) -> None:
        self.beginResetModel()
        self._screens = screens
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._screens) + len(self._rows)

    def choice_at(self, row: int) -> tuple[str, str]:
        """(SCREEN, key) or (TAG, name) of a row."""
        if row < len(self._screens):
            return SCREEN, self._screens[row].key
        return TAG, self._index.tags[self._rows[row - len(self._screens)]].name

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = index.row()
        if role == Qt.ItemDataRole.UserRole:
            return self.choice_at(row)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if row < len(self._screens):
            return screen_text(self._screens[row])
        tag = self._index.tags[self._rows[row - len(self._screens)]]
        word = override_word(self._sample_of(tag.name)) if self._sample_of else ""
        marker = f"  [{word}]" if word else ""
        return f"{tag.name}{marker}    {description_of(tag)}"


class TagSearch(QDialog):
    def __init__(
        self,
        tags: Mapping[str, TagDef],
        open_faceplate: Callable[[str], object],
        parent: QWidget | None = None,
        *,
        screens: Sequence[ScreenSpec] = (),
        open_screen: Callable[[str], object] | None = None,
        sample_of: Callable[[str], TagSample | None] | None = None,
    ) -> None:
        """``sample_of``: a tag's sample now (to mark forced tags in the results)."""
        super().__init__(parent)
        self.resize(640, 420)
        self._index = TagIndex(tags.values())
        self._screens = list(screens) if open_screen is not None else []
        self._open = open_faceplate
        self._open_screen = open_screen
        self.query = QLineEdit()
        self.matches = MatchesModel(self._index, self, sample_of)
        self.results = QListView()
        self.results.setModel(self.matches)
        self.results.setUniformItemSizes(True)  # no per-row size query over 50,000 rows
        self.query.textChanged.connect(self.search)
        self.query.returnPressed.connect(self.choose)
        self.results.activated.connect(lambda _: self.choose())
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.results)
        self.retranslate_ui()
        self.search("")

    def retranslate_ui(self) -> None:
        if self._screens:
            self.setWindowTitle(self.tr("Find a display or a tag"))
            self.query.setPlaceholderText(self.tr("display, tag name or description, e.g. dens sp"))
        else:
            self.setWindowTitle(self.tr("Find a tag"))
            self.query.setPlaceholderText(self.tr("tag name or description, e.g. dens sp"))
        self.search(self.query.text())

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def search(self, text: str) -> None:
        words = text.lower().split()
        screens = [
            spec for spec in self._screens if words and all(w in _searched(spec) for w in words)
        ]
        self.matches.set_rows(screens, self._index.words(text))
        if self.matches.rowCount():
            self.results.setCurrentIndex(self.matches.index(0))

    def choose(self) -> None:
        index = self.results.currentIndex()
        if not index.isValid():
            return
        kind, name = self.matches.choice_at(index.row())
        if kind == SCREEN and self._open_screen is not None:
            self._open_screen(name)
        else:
            self._open(name)
        self.accept()
