"""The trend's controls: time presets, back/forward, live/pause, cursor, pen sets, export,
a status line that always says LIVE or PAUSED and what range is shown; and the tag picker."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hmi.bridge import TagBridge
from hmi.diagnostics.tag_browser import TagBrowser
from hmi.i18n.retranslate import is_language_change

PRESETS = (("10 min", 600.0), ("1 h", 3600.0), ("8 h", 28800.0), ("24 h", 86400.0),
           ("7 d", 604800.0))  # fmt: skip
HIDDEN_PICKER_COLUMNS = (1, 2, 5, 6)
"""Description, area, quality and time: the picker shows tag, value and unit."""
PICKER_WIDTHS = {3: 90, 4: 60}


def span_text(seconds: float) -> str:
    for label, preset in PRESETS:
        if abs(seconds - preset) < 0.5:
            return label
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    if seconds < 172800:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"


def time_text(t: float, span: float) -> str:
    moment = datetime.fromtimestamp(t)
    return moment.strftime("%d.%m. %H:%M:%S" if span >= 43200 else "%H:%M:%S")


def _button(text: str = "", *, checkable: bool = False) -> QPushButton:
    """A toolbar button (its texts come from ``retranslate_ui``)."""
    button = QPushButton(text)
    button.setCheckable(checkable)
    return button


class TrendToolbar(QWidget):
    preset_chosen = Signal(float)
    step = Signal(int)
    live_toggled = Signal(bool)
    cursor_toggled = Signal(bool)
    remove_pen = Signal()
    fit_scales = Signal()
    picker_toggled = Signal(bool)
    save_set = Signal(str)
    load_set = Signal(str)
    delete_set = Signal(str)
    export_csv = Signal()
    export_png = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presets: dict[float, QPushButton] = {}
        group = QButtonGroup(self)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        for label, seconds in PRESETS:
            button = _button(label, checkable=True)
            button.clicked.connect(lambda _=False, s=seconds: self.preset_chosen.emit(s))
            group.addButton(button)
            self.presets[seconds] = button
            top.addWidget(button)
        group.setExclusive(False)
        self.back = _button("◀")
        self.forward = _button("▶")
        self.back.clicked.connect(lambda: self.step.emit(-1))
        self.forward.clicked.connect(lambda: self.step.emit(1))
        self._paused = False
        self.live = _button()
        self.live.setObjectName("trendLive")
        self.live.clicked.connect(lambda: self.live_toggled.emit(self._paused))
        self.cursor_button = _button(checkable=True)
        self.cursor_button.toggled.connect(self.cursor_toggled.emit)
        self.status = QLabel()
        self.status.setObjectName("trendStatus")
        for widget in (self.back, self.forward, self.live, self.cursor_button):
            top.addWidget(widget)
        top.addWidget(self.status, 1)

        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        self.remove = _button()
        self.remove.clicked.connect(self.remove_pen.emit)
        self.fit = _button()
        self.fit.clicked.connect(self.fit_scales.emit)
        self.picker = _button(checkable=True)
        self.picker.setChecked(True)
        self.picker.toggled.connect(self.picker_toggled.emit)
        self.count = QLabel()
        self.sets = QComboBox()
        self.sets.setEditable(True)
        self.sets.setMinimumWidth(200)
        self.sets.activated.connect(lambda i: self.load_set.emit(self.sets.itemText(i)))
        self.save = _button()
        self.save.clicked.connect(lambda: self.save_set.emit(self.sets.currentText()))
        self.delete = _button()
        self.delete.clicked.connect(lambda: self.delete_set.emit(self.sets.currentText()))
        self.csv = _button()
        self.csv.clicked.connect(self.export_csv.emit)
        self.png = _button()
        self.png.clicked.connect(self.export_png.emit)
        bottom.addWidget(self.picker)
        bottom.addWidget(self.remove)
        bottom.addWidget(self.fit)
        bottom.addWidget(self.count)
        bottom.addStretch(1)
        self.sets_label = QLabel()
        bottom.addWidget(self.sets_label)
        bottom.addWidget(self.sets)
        for button in (self.save, self.delete, self.csv, self.png):
            bottom.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(bottom)
        self._cursor_time = ""
        self._pens = 0
        self._status: dict[str, Any] | None = None
        """The last status shown (shown again in a new language)."""
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Every text of the toolbar in the current language (again on a language change)."""
        for label, seconds in PRESETS:
            self.presets[seconds].setToolTip(self.tr("show the last {span}").format(span=label))
        self.back.setToolTip(self.tr("back by half the range (pauses live)"))
        self.forward.setToolTip(self.tr("forward by half the range"))
        self.live.setToolTip(self.tr("stop following the clock (the data keeps coming)"))
        bold = self.live.font()
        bold.setBold(True)
        widest = max(
            self.tr("Resume live"), self.tr("Pause"), key=QFontMetrics(bold).horizontalAdvance
        )
        self.live.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(widest) + 40)
        self.show_live(not self._paused)
        self.cursor_button.setText(self.tr("Cursor"))
        self.cursor_button.setToolTip(self.tr("a cursor with the value of every pen"))
        self.remove.setText(self.tr("Remove pen"))
        self.remove.setToolTip(self.tr("take the selected pen off the trend"))
        self.fit.setText(self.tr("Fit scales"))
        self.fit.setToolTip(self.tr("every pen's scale around what it shows now"))
        self.picker.setText(self.tr("Tags ▸"))
        self.picker.setToolTip(self.tr("show or hide the tag list to add pens"))
        edit = self.sets.lineEdit()
        if edit is not None:
            edit.setPlaceholderText(self.tr("pen set name"))
        self.sets.setToolTip(self.tr("choose a saved pen set, or type a name and Save"))
        self.save.setText(self.tr("Save set"))
        self.save.setToolTip(self.tr("save these pens and range under the name"))
        self.delete.setText(self.tr("Delete set"))
        self.delete.setToolTip(self.tr("delete the named pen set"))
        self.csv.setText(self.tr("Export CSV"))
        self.csv.setToolTip(self.tr("the visible range of every pen, from history"))
        self.png.setText(self.tr("Export PNG"))
        self.png.setToolTip(self.tr("a picture of the trend as shown"))
        self.sets_label.setText(self.tr("Pen set"))
        self.pen_count(self._pens)
        if self._status is not None:
            self.show_status(**self._status)

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def mark_preset(self, span: float) -> None:
        for seconds, button in self.presets.items():
            button.setChecked(abs(seconds - span) < 0.5)

    def show_live(self, live: bool) -> None:
        self._paused = not live
        self.live.setText(self.tr("Resume live") if not live else self.tr("Pause"))
        self.live.setProperty("paused", not live)
        self.live.style().unpolish(self.live)
        self.live.style().polish(self.live)

    def show_cursor_state(self, on: bool) -> None:
        if self.cursor_button.isChecked() != on:
            self.cursor_button.setChecked(on)
        if not on:
            self._cursor_time = ""

    def show_cursor_time(self, t: float) -> None:
        self._cursor_time = datetime.fromtimestamp(t).strftime("%d.%m. %H:%M:%S")

    def pen_count(self, count: int) -> None:
        self._pens = count
        self.count.setText(self.tr("{count} of 8 pens").format(count=count))
        self.remove.setEnabled(count > 0)

    def show_pen_sets(self, names: list[str], current: str = "") -> None:
        self.sets.clear()
        self.sets.addItems(names)
        self.sets.setEditText(current)

    def show_status(
        self,
        *,
        live: bool,
        start: float,
        end: float,
        span: str,
        resolution: float,
        loading: bool,
        message: str,
    ) -> None:
        self._status = {
            "live": live, "start": start, "end": end, "span": span,
            "resolution": resolution, "loading": loading, "message": message,
        }  # fmt: skip
        mode = self.tr("LIVE") if live else self.tr("PAUSED")
        parts = [f"{time_text(start, end - start)} – {time_text(end, end - start)}  ({span})"]
        parts.append(self.tr("loading history…") if loading else _resolution(resolution))
        if self._cursor_time:
            parts.append(self.tr("cursor {time}").format(time=self._cursor_time))
        if message:
            parts.append(message)
        self.status.setText(f"<b>{mode}</b>   " + "   ·   ".join(parts))
        if self.status.property("live") != live:
            self.status.setProperty("live", live)
            self.status.style().unpolish(self.status)
            self.status.style().polish(self.status)

    def ask_path(self, parent: QWidget, suffix: str, done: Callable[[Path], object]) -> None:
        """A save dialog (not blocking the loop) with a time-stamped default name."""
        folder = getattr(parent, "export_dir", Path.home())
        folder.mkdir(parents=True, exist_ok=True)
        name = time.strftime(f"trend-%Y%m%d-%H%M%S.{suffix}")
        title = self.tr("Export trend to {format}").format(format=suffix.upper())
        dialog = QFileDialog(parent, title, str(folder / name))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(suffix)
        dialog.setNameFilter(
            self.tr("{format} files (*.{suffix})").format(format=suffix.upper(), suffix=suffix)
        )
        dialog.fileSelected.connect(lambda path: done(Path(path)))
        dialog.open()


def _resolution(seconds: float) -> str:
    if seconds <= 0:
        return QCoreApplication.translate("TrendToolbar", "every recorded sample")
    return QCoreApplication.translate("TrendToolbar", "min/max per {span}").format(
        span=span_text(seconds)
    )


class TagPicker(QWidget):
    """The tag browser beside the trend: double-click or Add puts the tag on the trend."""

    chosen = Signal(str)

    def __init__(self, bridge: TagBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = TagBrowser(bridge)
        for column in HIDDEN_PICKER_COLUMNS:
            self.browser.table.setColumnHidden(column, True)
        for column, width in PICKER_WIDTHS.items():
            self.browser.table.setColumnWidth(column, width)
        header = self.browser.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.browser.table.doubleClicked.connect(self._choose)
        self.add = _button()
        self.add.clicked.connect(lambda: self._choose(self.browser.table.currentIndex()))
        self.title = title = QLabel()
        title.setObjectName("sectionTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.add)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.add.setText(self.tr("Add to trend"))
        self.add.setToolTip(self.tr("put the selected tag on the trend"))
        self.title.setText(self.tr("Add pens"))

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def _choose(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        self.chosen.emit(self.browser.model.tag_at(index.row()))
