"""The forced-values list (Ctrl+Shift+F, or the header's "N forced"): every force in effect
with its value, the field's value held aside, who forced it, why, since and until when. A row
opens the tag's faceplate (double-click, or "Faceplate"); "Release…" asks an engineer for the
reason and releases it. A window of its own, kept up to date as forces come and go."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hmi.forcing.access import force_refusal
from hmi.forcing.force_dialog import ReleaseDialog, value_text
from hmi.subscriptions import Coalesced
from tags.database import TagDatabase
from tags.forcing.force import Force, clock_text
from tags.forcing.source import ForceSource
from tags.security.permissions import User

COLUMNS = ("Tag", "Forced value", "Field value", "By", "Reason", "Since", "Until")
TAG, VALUE, FIELD, BY, REASON, SINCE, UNTIL = range(len(COLUMNS))
WIDTHS = (200, 110, 110, 90, 0, 150, 150)
SHORTCUT = "Ctrl+Shift+F"
_READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def count_text(count: int) -> str:
    """The header's words for the forces in effect ("" for none)."""
    return f"{count} forced" if count else ""


class ForcedList(QDialog):
    def __init__(
        self,
        source: ForceSource,
        db: TagDatabase,
        user: Callable[[], User | None],
        open_faceplate: Callable[[str], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Forced values")
        self.setObjectName("forcedList")
        self.resize(1100, 360)
        self.source = source
        self.db = db
        self._user = user
        self._open_faceplate = open_faceplate
        self.release_dialog: ReleaseDialog | None = None
        self.summary = QLabel()
        self.summary.setObjectName("title")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("forcedTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column, width in enumerate(WIDTHS):
            if width:
                self.table.setColumnWidth(column, width)
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _: self.open_selected())
        self.table.itemSelectionChanged.connect(self.update_actions)
        self.faceplate_button = QPushButton("Faceplate")
        self.faceplate_button.setToolTip("Open the selected tag's faceplate (double-click)")
        self.faceplate_button.clicked.connect(self.open_selected)
        self.release_button = QPushButton("Release…")
        self.release_button.clicked.connect(self.release_selected)
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.faceplate_button)
        buttons.addWidget(self.release_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.forces: list[Force] = []
        self._listener = Coalesced(self, source.subscribe, self.refresh, 0)
        self.refresh()

    def refresh(self) -> None:
        """Show the forces in effect now, keeping the selection by tag."""
        keep = self.selected()
        self.forces = [f for f in self.source.forces() if f.tag in self.db.tags]
        self.summary.setText(
            f"{len(self.forces)} forced value{'s' if len(self.forces) != 1 else ''}"
            if self.forces else "No forced values: every tag shows its field's value"
        )  # fmt: skip
        self.table.setRowCount(len(self.forces))
        for row, force in enumerate(self.forces):
            tag = self.db.tags[force.tag]
            held = self.source.held(force.tag)
            until = "until released" if force.until is None else clock_text(force.until)
            texts = {
                TAG: force.tag,
                VALUE: f"SIM {force.source}" if force.simulated else value_text(tag, force.value),
                FIELD: value_text(tag, held.value) if held is not None else "",
                BY: force.user, REASON: force.reason, SINCE: clock_text(force.since),
                UNTIL: until,
            }  # fmt: skip
            for column, text in texts.items():
                item = QTableWidgetItem(text)
                item.setFlags(_READ_ONLY)
                item.setToolTip(f"{tag.name} — {tag.description}\n{force.text}")
                if column in (VALUE, FIELD):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)  # fmt: skip
                self.table.setItem(row, column, item)
        if keep:
            self.select(keep)
        self.update_actions()

    def select(self, name: str) -> None:
        for row, force in enumerate(self.forces):
            if force.tag == name:
                self.table.selectRow(row)

    def selected(self) -> str:
        rows = {index.row() for index in self.table.selectedIndexes()}
        if len(rows) != 1:
            return ""
        row = rows.pop()
        return self.forces[row].tag if row < len(self.forces) else ""

    def update_actions(self) -> None:
        name = self.selected()
        self.faceplate_button.setEnabled(bool(name))
        refusal = force_refusal(self._user(), self.db.tags[name]) if name else ""
        self.release_button.setEnabled(bool(name) and not refusal)
        self.release_button.setToolTip(refusal or "Release the selected force (with a reason)")

    def open_selected(self) -> None:
        name = self.selected()
        if name:
            self._open_faceplate(name)

    def release_selected(self) -> ReleaseDialog | None:
        name = self.selected()
        if not name:
            return None
        dialog = ReleaseDialog(self.source, self.db, name, self._user(), self)
        dialog.open()
        self.release_dialog = dialog
        return dialog
