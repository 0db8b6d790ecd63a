"""What a view still shows in English once the console is in Chinese: every visible text of a
widget tree (labels, buttons, group titles, tab and header texts, tool tips, placeholders,
window titles) with an English word left in it.

Tag names (``AREA.UNIT.POINT``), engineering units, numbers and the few abbreviations an
operator reads as they are (PV, SP, OP, PDF, CSV ...) are not English words; anything else of
three or more Latin letters is. A translated view gives an empty list; a missing ``tr()`` or an
untranslated entry shows up here with where it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QTabWidget,
    QWidget,
)

from tests.english_words import english_words


def _model_texts(model: QAbstractItemModel | None, rows: int = 20) -> Iterator[str]:
    if model is None:
        return
    top = QModelIndex()
    try:
        columns = model.columnCount(top)
    except TypeError:  # a list model (a QListWidget's) keeps its one column private
        columns = 1
    for section in range(columns):
        yield str(model.headerData(section, Qt.Orientation.Horizontal) or "")
    for row in range(min(rows, model.rowCount(top))):
        for column in range(columns):
            value = model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
            if isinstance(value, str):
                yield value


def shown_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) of every text a visible widget under ``root`` shows."""
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        where = f"{type(widget).__name__}({widget.objectName() or ''})"
        texts: list[str] = [widget.toolTip(), widget.windowTitle() if widget.isWindow() else ""]
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QGroupBox):
            texts.append(widget.title())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        if isinstance(widget, QListWidget):  # its model's counts are private in PySide
            texts += [widget.item(i).text() for i in range(min(20, widget.count()))]
        elif isinstance(widget, QAbstractItemView):
            texts += list(_model_texts(widget.model()))
        for text in texts:
            if text:
                yield where, text


def english_left(root: QWidget, units: Iterable[str] = ()) -> list[str]:
    """``where: text`` of every shown text with an English word left in it."""
    units = tuple(units)
    return [
        f"{where}: {text!r}"
        for where, text in shown_texts(root)
        if english_words(re.sub(r"<[^>]+>", " ", text), units)
    ]
