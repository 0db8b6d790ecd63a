"""The alarm journal view: search by time range, area, priority, tag and text; CSV export.

Searches run on demand (Search, or Enter in a field) against the SQLite journal and show
the newest entries first; the export writes the same selection, oldest first, for a
spreadsheet.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime, QEvent, Qt
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

from hmi.alarms.table import (
    Index,
    alarm_table,
    clock_text,
    marker_pixmap,
    priority_text,
    state_label,
)
from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.i18n.retranslate import is_language_change
from hmi.rows_model import RowsModel
from tags.alarms.journal import JournalEntry, JournalStore
from tags.alarms.state import JournalEvent
from tags.model import Priority, TagDef

CONTEXT = "JournalView"
ALL = QT_TRANSLATE_NOOP("JournalView", "All")
LIMIT = 2000
RANGES = (
    (QT_TRANSLATE_NOOP("JournalView", "Last hour"), 3600.0),
    (QT_TRANSLATE_NOOP("JournalView", "Last 24 h"), 86400.0),
    (QT_TRANSLATE_NOOP("JournalView", "Last 7 days"), 7 * 86400.0),
    (QT_TRANSLATE_NOOP("JournalView", "Last 30 days"), 30 * 86400.0),
    (QT_TRANSLATE_NOOP("JournalView", "Custom"), 0.0),
)
COLUMNS = (
    QT_TRANSLATE_NOOP("JournalView", "Time"),
    QT_TRANSLATE_NOOP("JournalView", "Event"),
    QT_TRANSLATE_NOOP("JournalView", "Priority"),
    QT_TRANSLATE_NOOP("JournalView", "Alarm"),
    QT_TRANSLATE_NOOP("JournalView", "Area"),
    QT_TRANSLATE_NOOP("JournalView", "State"),
    QT_TRANSLATE_NOOP("JournalView", "Value"),
    QT_TRANSLATE_NOOP("JournalView", "Limit"),
    QT_TRANSLATE_NOOP("JournalView", "User"),
    QT_TRANSLATE_NOOP("JournalView", "Comment"),
    QT_TRANSLATE_NOOP("JournalView", "Message"),
)
EVENTS = {
    JournalEvent.ACTIVE: QT_TRANSLATE_NOOP("JournalView", "active"),
    JournalEvent.CLEARED: QT_TRANSLATE_NOOP("JournalView", "cleared"),
    JournalEvent.REALARM: QT_TRANSLATE_NOOP("JournalView", "realarm"),
    JournalEvent.ACK: QT_TRANSLATE_NOOP("JournalView", "ack"),
    JournalEvent.RESET: QT_TRANSLATE_NOOP("JournalView", "reset"),
    JournalEvent.SHELVE: QT_TRANSLATE_NOOP("JournalView", "shelve"),
    JournalEvent.UNSHELVE: QT_TRANSLATE_NOOP("JournalView", "unshelve"),
    JournalEvent.AUTO_UNSHELVE: QT_TRANSLATE_NOOP("JournalView", "auto unshelve"),
    JournalEvent.SUPPRESS: QT_TRANSLATE_NOOP("JournalView", "suppress"),
    JournalEvent.UNSUPPRESS: QT_TRANSLATE_NOOP("JournalView", "unsuppress"),
    JournalEvent.OUT_OF_SERVICE: QT_TRANSLATE_NOOP("JournalView", "out of service"),
    JournalEvent.RETURN_TO_SERVICE: QT_TRANSLATE_NOOP("JournalView", "return to service"),
}
"""The journal's events as the list reads them (English as stored; translated when shown)."""


def translate(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class JournalModel(RowsModel[JournalEntry]):
    def __init__(self, tags: Mapping[str, TagDef], parent: QWidget | None = None) -> None:
        super().__init__(COLUMNS, parent)
        self._tags = tags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        shown = super().headerData(section, orientation, role)
        return translate(shown) if isinstance(shown, str) else shown

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        e = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            limit = self.limit_text(e)
            return (
                clock_text(e.time, date=True), translate(EVENTS[e.event]),
                priority_text(e.priority), e.alarm, e.area, state_label(e.state), e.value, limit,
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
        self.area.addItem(ALL, None)
        for area in areas:
            self.area.addItem(area, area)
        self.priority = QComboBox()
        self.priority.addItem(ALL, None)
        for p in Priority:
            self.priority.addItem(marker_pixmap(p), priority_text(p), p)
        self.tag = QLineEdit()
        self.text = QLineEdit()
        self.search_button = QPushButton()
        self.search_button.clicked.connect(self.search)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.ask_export)
        for edit in (self.tag, self.text):
            edit.returnPressed.connect(self.search)
        fields: list[tuple[str, QWidget]] = [
            (QT_TRANSLATE_NOOP("JournalView", "Period"), self.range),
            (QT_TRANSLATE_NOOP("JournalView", "From"), self.since),
            (QT_TRANSLATE_NOOP("JournalView", "To"), self.until),
            (QT_TRANSLATE_NOOP("JournalView", "Area"), self.area),
            (QT_TRANSLATE_NOOP("JournalView", "Priority"), self.priority),
            (QT_TRANSLATE_NOOP("JournalView", "Tag"), self.tag),
            (QT_TRANSLATE_NOOP("JournalView", "Text"), self.text),
        ]
        self.field_labels: list[tuple[QLabel, str]] = []
        for column, (name, widget) in enumerate(fields):
            title = QLabel()
            self.field_labels.append((title, name))
            grid.addWidget(title, 0, column)
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
        self._entries: int | None = None
        self._status = ""
        """The status line's text in English ("" when it shows the entries found)."""
        if journal is None:
            self.setEnabled(False)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Every text of the journal search in the current language."""
        for index, (text, _seconds) in enumerate(RANGES):
            self.range.setItemText(index, translate(text))
        self.area.setItemText(0, translate(ALL))
        self.priority.setItemText(0, translate(ALL))
        for index, p in enumerate(Priority, start=1):
            self.priority.setItemText(index, priority_text(p))
        self.tag.setPlaceholderText(self.tr("exact tag name"))
        self.text.setPlaceholderText(self.tr("in message, alarm or comment"))
        self.search_button.setText(self.tr("Search"))
        self.export_button.setText(self.tr("Export CSV…"))
        for title, name in self.field_labels:
            title.setText(translate(name))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.model.rows:
            self.model.dataChanged.emit(
                self.model.index(0, 0), self.model.index(len(self.model.rows) - 1, len(COLUMNS) - 1)
            )
        if self.journal is None:
            self.status.setText(self.tr("No alarm journal in this mode"))
        elif self._entries is not None:
            self._show_found(self._entries)

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

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
        if self.area.currentData() is not None:
            found["areas"] = [str(self.area.currentData())]
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
        self._show_found(len(entries))
        return entries

    def _show_found(self, count: int) -> None:
        self._entries = count
        if count == LIMIT:
            self.status.setText(
                self.tr(
                    "{count} entries, newest first (the newest {limit}; narrow the search for "
                    "older ones)"
                ).format(count=count, limit=LIMIT)
            )
        else:
            self.status.setText(self.tr("{count} entries, newest first").format(count=count))

    def ask_export(self) -> QFileDialog:
        dialog = QFileDialog(
            self, self.tr("Export the alarm journal"), "alarm-journal.csv", "CSV (*.csv)"
        )
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
            self.status.setText(self.tr("Export failed: {why}").format(why=exc))
            return 0
        self.status.setText(
            self.tr("Exported {count} entries to {path}").format(count=count, path=path)
        )
        return count
