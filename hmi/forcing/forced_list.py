"""The forced-values list (Ctrl+Shift+F, or the header's "N forced"): every force in effect
with its value, the field's value held aside, who forced it, why, since and until when. A row
opens the tag's faceplate (double-click, or "Faceplate"); "Release…" asks an engineer for the
reason and releases it. A window of its own, kept up to date as forces come and go."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, Qt
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
from hmi.forcing.force_dialog import ReleaseDialog, force_text, value_text
from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.i18n.retranslate import is_language_change
from hmi.subscriptions import Coalesced
from tags.database import TagDatabase
from tags.forcing.force import Force, clock_text
from tags.forcing.source import ForceSource
from tags.i18n.descriptions import description_of
from tags.security.permissions import User

COLUMNS = (
    QT_TRANSLATE_NOOP("ForcedList", "Tag"), QT_TRANSLATE_NOOP("ForcedList", "Forced value"),
    QT_TRANSLATE_NOOP("ForcedList", "Field value"), QT_TRANSLATE_NOOP("ForcedList", "By"),
    QT_TRANSLATE_NOOP("ForcedList", "Reason"), QT_TRANSLATE_NOOP("ForcedList", "Since"),
    QT_TRANSLATE_NOOP("ForcedList", "Until"),
)  # fmt: skip
TAG, VALUE, FIELD, BY, REASON, SINCE, UNTIL = range(len(COLUMNS))
WIDTHS = (200, 110, 110, 90, 0, 150, 150)
SHORTCUT = "Ctrl+Shift+F"
_READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def count_text(count: int) -> str:
    """The header's words for the forces in effect ("" for none)."""
    if not count:
        return ""
    return QCoreApplication.translate("ForcedList", "{count} forced").format(count=count)


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
        self.faceplate_button = QPushButton()
        self.faceplate_button.clicked.connect(self.open_selected)
        self.release_button = QPushButton()
        self.release_button.clicked.connect(self.release_selected)
        self.close_button = close = QPushButton()
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
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Forced values"))
        self.table.setHorizontalHeaderLabels(
            [QCoreApplication.translate("ForcedList", c) for c in COLUMNS]
        )
        self.faceplate_button.setText(self.tr("Faceplate"))
        self.faceplate_button.setToolTip(
            self.tr("Open the selected tag's faceplate (double-click)")
        )
        self.release_button.setText(self.tr("Release…"))
        self.close_button.setText(self.tr("Close"))
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def refresh(self) -> None:
        """Show the forces in effect now, keeping the selection by tag."""
        keep = self.selected()
        self.forces = [f for f in self.source.forces() if f.tag in self.db.tags]
        self.summary.setText(
            self.tr("1 forced value") if len(self.forces) == 1
            else self.tr("{count} forced values").format(count=len(self.forces)) if self.forces
            else self.tr("No forced values: every tag shows its field's value")
        )  # fmt: skip
        self.table.setRowCount(len(self.forces))
        for row, force in enumerate(self.forces):
            tag = self.db.tags[force.tag]
            held = self.source.held(force.tag)
            until = self.tr("until released") if force.until is None else clock_text(force.until)
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
                item.setToolTip(f"{tag.name} — {description_of(tag)}\n{force_text(force)}")
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
        self.release_button.setToolTip(
            refusal or self.tr("Release the selected force (with a reason)")
        )

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
