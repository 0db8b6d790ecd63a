"""The alarm journal view: search by time range, area, priority, tag and text; CSV export.

Searches run on demand (Search, or Enter in a field) against the SQLite journal and show
the newest entries first; the export writes the same selection, oldest first, for a
spreadsheet.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hmi.alarms.table import Index, alarm_table, clock_text, marker_pixmap, priority_text
from hmi.rows_model import RowsModel
from tags.alarms.journal import JournalEntry, JournalStore
from tags.model import Priority, TagDef

ALL = "All"
LIMIT = 2000
RANGES = (("Last hour", 3600.0), ("Last 24 h", 86400.0), ("Last 7 days", 7 * 86400.0),
          ("Last 30 days", 30 * 86400.0), ("Custom", 0.0))  # fmt: skip
COLUMNS = ("Time", "Event", "Priority", "Alarm", "Area", "State", "Value", "Limit", "User",
           "Comment", "Message")  # fmt: skip


class JournalModel(RowsModel[JournalEntry]):
    def __init__(self, tags: Mapping[str, TagDef], parent: QWidget | None = None) -> None:
        super().__init__(COLUMNS, parent)
        self._tags = tags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        e = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            limit = self.limit_text(e)
            return (
                clock_text(e.time, date=True), e.event.value.replace("_", " "),
                priority_text(e.priority), e.alarm, e.area, e.state.label, e.value, limit,
                e.user, e.comment, e.message,
            )[index.column()]  # fmt: skip
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 2:
            return marker_pixmap(e.priority)
        return None

    def limit_text(self, e: JournalEntry) -> str:
        tag = self._tags.get(e.tag)
        if e.limit is None:
            return ""
        if tag is None:
            return f"{e.limit:g}"
        return f"{tag.format_value(float(e.limit))} {tag.unit}".rstrip()


def _qt_time(seconds: float) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(seconds))


class JournalView(QWidget):
    def __init__(
        self,
        journal: JournalStore | None,
        areas: Sequence[str],
        *,
        now: Callable[[], float],
        tags: Mapping[str, TagDef] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self._now = now
        """The engine's clock (in replay the recording's time), never the wall clock."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        grid = QGridLayout()
        layout.addLayout(grid)
        self.range = QComboBox()
        for text, seconds in RANGES:
            self.range.addItem(text, seconds)
        self.range.setCurrentIndex(1)
        self.since = QDateTimeEdit(_qt_time(self._now() - 86400))
        self.until = QDateTimeEdit(_qt_time(self._now() + 60))
        for stamp in (self.since, self.until):
            stamp.setCalendarPopup(True)
            stamp.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.range.currentIndexChanged.connect(self._range_changed)
        self.area = QComboBox()
        self.area.addItems([ALL, *areas])
        self.priority = QComboBox()
        self.priority.addItem(ALL, None)
        for p in Priority:
            self.priority.addItem(marker_pixmap(p), priority_text(p), p)
        self.tag = QLineEdit()
        self.tag.setPlaceholderText("exact tag name")
        self.text = QLineEdit()
        self.text.setPlaceholderText("in message, alarm or comment")
        self.search_button = QPushButton("Search")
        self.search_button.clicked.connect(self.search)
        self.export_button = QPushButton("Export CSV…")
        self.export_button.clicked.connect(self.ask_export)
        for edit in (self.tag, self.text):
            edit.returnPressed.connect(self.search)
        fields: list[tuple[str, QWidget]] = [
            ("Period", self.range), ("From", self.since), ("To", self.until),
            ("Area", self.area), ("Priority", self.priority), ("Tag", self.tag),
            ("Text", self.text),
        ]  # fmt: skip
        for column, (name, widget) in enumerate(fields):
            grid.addWidget(QLabel(name), 0, column)
            grid.addWidget(widget, 1, column)
        grid.addWidget(self.search_button, 1, len(fields))
        grid.addWidget(self.export_button, 1, len(fields) + 1)
        grid.setColumnStretch(6, 1)
        self.model = JournalModel(tags or {}, self)
        self.table = alarm_table(self.model, sortable=False)
        for column, width in enumerate((150, 110, 110, 210, 60, 190, 110, 100, 70, 190)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        self.status = QLabel("")
        self.status.setObjectName("journalStatus")
        layout.addWidget(self.status)
        self._range_changed()
        if journal is None:
            self.setEnabled(False)
            self.status.setText("No alarm journal in this mode")

    def _range_changed(self) -> None:
        custom = float(self.range.currentData()) == 0.0
        self.since.setEnabled(custom)
        self.until.setEnabled(custom)

    def filters(self) -> dict[str, Any]:
        """The search as keyword arguments of ``JournalStore.query``."""
        seconds = float(self.range.currentData())
        found: dict[str, Any] = {}
        if seconds:
            found["since"] = self._now() - seconds
        else:
            found["since"] = float(self.since.dateTime().toSecsSinceEpoch())
            found["until"] = float(self.until.dateTime().toSecsSinceEpoch())
        if self.area.currentText() != ALL:
            found["areas"] = [self.area.currentText()]
        if self.priority.currentData() is not None:
            found["priorities"] = [Priority(self.priority.currentData())]
        if self.tag.text().strip():
            found["tag"] = self.tag.text().strip()
        if self.text.text().strip():
            found["text"] = self.text.text().strip()
        return found

    def search(self) -> list[JournalEntry]:
        if self.journal is None:
            return []
        entries = self.journal.query(**self.filters(), limit=LIMIT)
        self.model.set_rows(entries)
        more = (
            f" (the newest {LIMIT}; narrow the search for older ones)"
            if len(entries) == LIMIT
            else ""
        )
        self.status.setText(f"{len(entries)} entries, newest first{more}")
        return entries

    def ask_export(self) -> QFileDialog:
        dialog = QFileDialog(self, "Export the alarm journal", "alarm-journal.csv", "CSV (*.csv)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("csv")
        dialog.fileSelected.connect(lambda path: self.export_to(Path(path)))
        dialog.open()
        return dialog

    def export_to(self, path: Path) -> int:
        """Write the current search to ``path`` (oldest first); returns the rows written."""
        if self.journal is None:
            return 0
        try:
            count = self.journal.export_csv(path, **self.filters())
        except OSError as exc:
            self.status.setText(f"Export failed: {exc}")
            return 0
        self.status.setText(f"Exported {count} entries to {path}")
        return count
