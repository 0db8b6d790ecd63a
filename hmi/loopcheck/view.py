"""The loop-check display: the areas with their progress, the loops (filtered by area,
status and text), and the chosen loop's sheet with its live value and a Capture button per
check point. Captures and failures act as the console's logged-in user (engineers); every
entry is kept in the project's store and audited (``tags.loopcheck.book``). The sheets print
to PDF or CSV from here too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hmi.alarms.actions import window_user
from hmi.bridge import TagBridge
from hmi.i18n.retranslate import is_language_change
from hmi.loopcheck.models import (
    STATUS_NAMES,
    AreasModel,
    LoopsModel,
    progress_text,
    shown,
    status_text,
)
from hmi.loopcheck.sheet_panel import SheetPanel
from hmi.role_names import role_name
from tags.console_runtime import ConsoleRuntime
from tags.loopcheck.book import LoopCheckBook, LoopCheckRefused, LoopState
from tags.loopcheck.checklist import Loop, checklist
from tags.loopcheck.sheets import write_csv, write_pdf
from tags.security.audit_store import AUDIT_ERRORS, audit_refusal
from tags.security.permissions import Action, User, allowed

UserSource = Callable[[], User | None]
REFRESH_MS = 10_000
"""How often the view takes up what other consoles and the command line recorded."""


class LoopCheckView(QWidget):
    """Loop checking on ``runtime``'s project; ``screens``: tag -> the displays showing it."""

    def __init__(
        self,
        runtime: ConsoleRuntime,
        bridge: TagBridge,
        screens: Mapping[str, Sequence[str]] | None = None,
        *,
        user: UserSource | None = None,
        workstation: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runtime = runtime
        self.loops: list[Loop] = checklist(runtime.project, screens)
        self.states: list[LoopState] = []
        self._user = user or (lambda: window_user(self))
        self._workstation = workstation
        self.areas = AreasModel(self)
        self.area_table = _table(self.areas)
        self.area_table.clicked.connect(self._area_clicked)
        self.area_filter = ""
        self.filter = QLineEdit()
        self.filter.textChanged.connect(self._show_rows)
        self.status_filter = QComboBox()
        self.status_filter.addItem("", "")
        for status in STATUS_NAMES:
            self.status_filter.addItem("", status.value)
        self.status_filter.currentIndexChanged.connect(self._show_rows)
        self.model = LoopsModel(self)
        self.table = _table(self.model)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        for column, width in enumerate((210, 230, 60, 50, 90, 80)):
            self.table.setColumnWidth(column, width)
        self.sheet = SheetPanel(bridge, self)
        self.sheet.capture_requested.connect(self.capture)
        self.sheet.fail_requested.connect(self.fail)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.summary = QLabel()
        self.refresh_button = refresh = QPushButton()
        refresh.clicked.connect(self.refresh)
        self.pdf_button = pdf = QPushButton()
        pdf.clicked.connect(lambda: self._ask_export(self.tr("PDF files (*.pdf)"), ".pdf"))
        self.csv_button = csv = QPushButton()
        csv.clicked.connect(lambda: self._ask_export(self.tr("CSV files (*.csv)"), ".csv"))
        bar = QHBoxLayout()
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 16px")
        bar.addWidget(self.title)
        bar.addWidget(self.summary)
        bar.addStretch(1)
        tools: tuple[QWidget, ...] = (self.filter, self.status_filter, refresh, pdf, csv)
        for tool in tools:
            bar.addWidget(tool)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.area_table)
        left_layout.addWidget(self.table, 1)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.sheet)
        split.setSizes([900, 600])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        self.area_table.setMaximumHeight(30 + 26 * (len(runtime.project.areas) + 2))
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(REFRESH_MS)
        self.progress: str = ""
        self.retranslate_ui()
        self.refresh()

    def retranslate_ui(self) -> None:
        self.filter.setPlaceholderText(self.tr("filter by tag or description"))
        self.status_filter.setItemText(0, self.tr("any status"))
        for index, status in enumerate(STATUS_NAMES, start=1):
            self.status_filter.setItemText(index, status_text(status))
        self.refresh_button.setText(self.tr("Refresh"))
        self.pdf_button.setText(self.tr("Print sheets (PDF)…"))
        self.csv_button.setText(self.tr("Export CSV…"))
        self.title.setText(self.tr("Loop check"))
        self.areas.retranslate()
        self.model.retranslate()
        if self.areas.rows:
            self.summary.setText(progress_text(self.areas.rows[-1]))
            self.model.set_rows(self.model.rows)
        self._update_buttons()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    # the store ---------------------------------------------------------------------------------

    @contextmanager
    def _book(self) -> Iterator[LoopCheckBook]:
        """The sheets as stored now (the store is open only while it is used)."""
        with self.runtime.stores.loopchecks() as store:
            yield LoopCheckBook(self.loops, store, self.runtime.clock, self.runtime.audit)

    def refresh(self) -> None:
        """Read the sheets again (what this and other consoles, or commands, recorded)."""
        try:
            with self._book() as book:
                self._take(book)
        except Exception as exc:  # a store that cannot be read: said, the view stays
            self.message.setText(
                self.tr("The loop checks cannot be read: {error}").format(error=exc)
            )

    def _take(self, book: LoopCheckBook) -> None:
        self.states = book.states()
        progress = book.progress()
        self.areas.set_rows(progress)
        self.summary.setText(progress_text(progress[-1]))
        self._show_rows()

    @property
    def workstation(self) -> str:
        """Where entries are made: the one given, else the console window's session's."""
        session = getattr(self.window(), "session", None)
        found = getattr(session, "workstation", "")
        return self._workstation or (found if isinstance(found, str) and found else "console")

    # acting --------------------------------------------------------------------------------

    def chosen(self) -> LoopState | None:
        return self.sheet.state

    def choose(self, tag: str) -> None:
        """Show the sheet of ``tag`` (clearing the filters that hide it)."""
        row = self.model.row_of(tag)
        if row is None:
            self.area_filter = ""
            self.filter.setText("")
            self.status_filter.setCurrentIndex(0)
            self._show_rows()
            row = self.model.row_of(tag)
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, 0))

    def capture(self, point: str) -> None:
        """Record the live value of the chosen loop at ``point``."""
        state = self.chosen()
        if state is None:
            return
        tag = state.loop.tag
        self._act(
            lambda book: book.capture(
                tag,
                point,
                self.runtime.db,
                user=self._user(),
                tolerance_percent=self.sheet.tolerance.value(),
                note=self.sheet.note.text(),
                workstation=self.workstation,
            ),
            self.tr("{tag} {point} captured").format(tag=tag, point=state.loop.point_label(point)),
        )

    def fail(self) -> None:
        """Mark the chosen loop failed with the note written."""
        state = self.chosen()
        if state is None:
            return
        tag = state.loop.tag
        self._act(
            lambda book: book.fail(
                tag, self.sheet.note.text(), user=self._user(), workstation=self.workstation
            ),
            self.tr("{tag} marked failed").format(tag=tag),
        )

    def _act(self, action: Callable[[LoopCheckBook], object], done: str) -> None:
        try:
            with self._book() as book:
                try:
                    action(book)
                except LoopCheckRefused as exc:
                    self.message.setText(self.tr("Refused: {reason}").format(reason=exc))
                    return
                except AUDIT_ERRORS as exc:
                    refused = self.tr("Refused: {reason}")
                    self.message.setText(refused.format(reason=audit_refusal(exc)))
                    return
                self._take(book)
        except Exception as exc:  # the store: said, nothing lost on screen
            self.message.setText(self.tr("Not recorded: {error}").format(error=exc))
            return
        self.sheet.note.clear()
        self.message.setText(done)

    def export(self, path: Path) -> int:
        """Write the sheets to ``path`` (CSV by the suffix, else PDF); rows or pages."""
        self.refresh()
        if path.suffix.lower() == ".csv":
            return write_csv(self.states, path)
        progress = self.areas.rows
        return write_pdf(
            self.states,
            progress,
            path,
            project=self.runtime.project.name,
            generated=self.runtime.clock.now(),
        )

    def _ask_export(self, kind: str, suffix: str) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Loop-check sheets"), f"loopcheck{suffix}", kind
        )
        if name:
            path = Path(name)
            self.export(path)
            self.message.setText(self.tr("Wrote {path}").format(path=path))

    # showing -------------------------------------------------------------------------------

    def _area_clicked(self, index: QModelIndex) -> None:
        self.area_filter = self.areas.rows[index.row()].area
        self._show_rows()

    def _show_rows(self) -> None:
        chosen = self.chosen()
        rows = shown(
            self.states,
            self.area_filter,
            self.status_filter.currentData() or "",
            self.filter.text(),
        )
        self.model.set_rows(rows)
        tag = chosen.loop.tag if chosen is not None else None
        row = self.model.row_of(tag) if tag is not None else None
        if row is not None:
            self.table.selectionModel().blockSignals(True)
            self.table.setCurrentIndex(self.model.index(row, 0))
            self.table.selectionModel().blockSignals(False)
        fresh = next((s for s in self.states if s.loop.tag == tag), None)
        self.sheet.show_state(fresh)
        self._update_buttons()

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.sheet.show_state(self.model.rows[current.row()])
            self._update_buttons()

    def _update_buttons(self) -> None:
        state = self.chosen()
        user = self._user()
        area = state.loop.area if state is not None else ""
        if allowed(user, Action.LOOPCHECK, area):
            self.sheet.set_enabled(True)
        else:
            who = (
                self.tr("no user is logged in")
                if user is None
                else self.tr("{role} '{name}' may not record loop checks here").format(
                    role=role_name(user.role.value), name=user.name
                )
            )
            self.sheet.set_enabled(
                False, self.tr("Engineers record loop checks ({who})").format(who=who)
            )


def _table(model: AreasModel | LoopsModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(22)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    return table
