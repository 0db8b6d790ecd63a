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

KEPT = frozenset(
    """PV SP OP CV MV AUTO MAN CAS HH HI LO LL ROC DEV OPC UA TCP MQTT CSV PDF PNG SQL ID OK UTC
    CPU RSS KPI ISA EEMUA SCO2 EMM CWP AHF DMC TIC FIC LIC DIC PID UF OF CO2 NH3 H2 SEO2 MCC
    PLC DCS Modbus Sparkplug Ctrl Alt Shift Esc Enter Tab Del PgUp PgDn Left Right kA kV kW kWh
    MW MWh MPa kPa bar rpm mm min max Nm ppm mg""".split()  # noqa: SIM905
)
"""Abbreviations, key names and units read as they are in any language."""
TAG = re.compile(r"\b[A-Z][A-Z0-9_]*(?:\.[A-Za-z0-9_*?]+)+\b")
WORD = re.compile(r"[A-Za-z]{3,}[0-9]*")
"""A word with the digits it ends in, so formulas such as SCO2 or SEO2 meet KEPT whole."""


def english_words(text: str, units: Iterable[str] = ()) -> list[str]:
    """The English words of ``text`` (tag names, units and KEPT words taken out)."""
    kept = KEPT | frozenset(units)
    rest = TAG.sub(" ", text)
    for unit in sorted(units, key=len, reverse=True):
        if unit:
            rest = rest.replace(unit, " ")
    return [w for w in WORD.findall(rest) if w not in kept]


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
