"""Shift reports: the kept PDFs (made at every shift change), opened with the desktop's
viewer, "Add note" for the report of this shift, and "Report now" for the shift so far with
the operator's notes.

The list is read off the event loop (a year of reports is a thousand small files; on a
console of a server, from the shared store or asked of the server) when it is shown, every
minute while it is, and after a report is made. "Add note" and "Report now" run as asyncio
tasks (on a server: requests it checks and audits); their buttons are disabled meanwhile
and a failure is shown in words under them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hmi.alarms.actions import window_user
from hmi.view_parts import list_table
from tags.console_runtime import PlantAnalytics
from tags.reports.archive import Note, ReportInfo

COLUMNS = ("Shift", "Period", "Summary")
RELOAD_MS = 60_000


def open_with_desktop(path: Path) -> bool:
    """Open a file with the desktop's viewer for its type."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class _Tasks:
    """Tasks of the list, cancelled when it is destroyed (holds no Qt object)."""

    def __init__(self) -> None:
        self.running: set[asyncio.Future[Any]] = set()

    def add(self, task: asyncio.Future[Any]) -> None:
        self.running.add(task)
        task.add_done_callback(self.running.discard)

    def cancel(self, *_: object) -> None:
        for task in list(self.running):
            task.cancel()


class ReportList(QWidget):
    def __init__(
        self,
        analytics: PlantAnalytics,
        *,
        open_file: Callable[[Path], object] = open_with_desktop,
        user: Callable[[], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reportList")
        self.analytics = analytics
        self.open_file = open_file
        self._user = user or self._window_user
        self.reports: list[ReportInfo] = []
        self.report_task: asyncio.Task[ReportInfo | None] | None = None
        self.note_task: asyncio.Task[Note | None] | None = None
        self._tasks = _Tasks()
        self.destroyed.connect(self._tasks.cancel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = list_table("reportTable", COLUMNS, stretch=2, widths=((0, 230), (1, 190)))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.cellDoubleClicked.connect(lambda row, _c: self.open_report(row))
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.open_button = QPushButton("Open PDF")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(lambda: self.open_report(self.table.currentRow()))
        row.addWidget(self.open_button)
        self.listed = QLabel("")
        self.listed.setObjectName("quietNote")
        row.addWidget(self.listed, 1)
        layout.addLayout(row)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("reportNotes")
        self.notes.setPlaceholderText("Notes for the report of this shift (optional)")
        self.notes.setFixedHeight(72)
        layout.addWidget(self.notes)
        action = QHBoxLayout()
        self.note_button = QPushButton("Add note")
        self.note_button.setToolTip("Keep the note above for the report of this shift")
        self.note_button.clicked.connect(self.start_note)
        action.addWidget(self.note_button)
        self.report_button = QPushButton("Report now")
        self.report_button.setToolTip("A PDF report of this shift so far, with the notes above")
        self.report_button.clicked.connect(self.start_report)
        action.addWidget(self.report_button)
        self.message = QLabel("")
        self.message.setObjectName("reportMessage")
        self.message.setWordWrap(True)
        action.addWidget(self.message, 1)
        layout.addLayout(action)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(RELOAD_MS)

    def _window_user(self) -> str:
        user = window_user(self)
        return user.name if user is not None else ""

    # the list ---------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.request_reload()

    def _tick(self) -> None:
        if self.isVisible():
            self.request_reload()

    def request_reload(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # shown before the console's loop runs: once it does
            QTimer.singleShot(0, self, self._tick)
            return
        self._tasks.add(loop.create_task(self.reload()))

    async def reload(self) -> list[ReportInfo]:
        """Read the kept reports off the GUI thread and show them; the reports, newest
        first (none when they cannot be read: said under the list)."""
        try:
            reports = await self.analytics.shift_reports()
        except Exception as exc:  # the store or the server: said in words
            self.listed.setText(f"The reports cannot be listed: {exc}")
            return list(self.reports)
        self.show_reports(reports)
        return reports

    def show_reports(self, reports: Sequence[ReportInfo]) -> None:
        where = f"{len(reports)} reports kept in {self.analytics.reports_where}"
        if self.listed.text() != where:
            self.listed.setText(where)
        if [r.path for r in reports] == [r.path for r in self.reports]:
            return
        self.reports = list(reports)
        text = self.analytics.calendar.local_text
        self.table.setRowCount(len(self.reports))
        for row, info in enumerate(self.reports):
            period = f"{text(info.start)} – {text(info.end, '%H:%M')}"
            for column, value in enumerate((info.label, period, info.summary)):
                item = QTableWidgetItem(value)
                item.setToolTip(f"{info.title}\n{info.summary}\n{info.path}")
                self.table.setItem(row, column, item)

    def _selection_changed(self) -> None:
        self.open_button.setEnabled(bool(self.table.selectedItems()))

    def open_report(self, row: int) -> asyncio.Task[Path | None] | None:
        """Open a listed report's PDF (fetched from the shared store or the server the first
        time); the task that does it, giving its path."""
        if not 0 <= row < len(self.reports):
            return None
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.message.setText("Reports are opened while the console runs.")
            return None
        task = loop.create_task(self._open(self.reports[row]))
        self._tasks.add(task)
        return task

    async def _open(self, info: ReportInfo) -> Path | None:
        try:
            path = await self.analytics.report_pdf(info)
        except FileNotFoundError:
            self.message.setText(f"{info.path.name} is no longer there.")
            return None
        except Exception as exc:  # the store or the server: said in words
            self.message.setText(f"{info.path.name} cannot be opened: {exc}")
            return None
        self.open_file(path)
        return path

    # add note -----------------------------------------------------------------------------

    def start_note(self) -> asyncio.Task[Note | None] | None:
        """Keep the typed note for the report of this shift (button disabled meanwhile)."""
        text = self.notes.toPlainText().strip()
        if not text:
            self.message.setText("Type the note first.")
            return None
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.message.setText("Notes are kept while the console runs.")
            return None
        self.note_button.setEnabled(False)
        self.message.setText("Keeping the note…")
        self.note_task = loop.create_task(self._note(text))
        self._tasks.add(self.note_task)
        return self.note_task

    async def _note(self, text: str) -> Note | None:
        try:
            note = await self.analytics.note(text, self._user() or "(not logged in)")
        except Exception as exc:  # said in words under the button
            self.message.setText(f"The note was not kept: {exc}")
            return None
        finally:
            self.note_button.setEnabled(True)
        self.notes.clear()
        when = self.analytics.calendar.local_text(note.time, "%H:%M")
        self.message.setText(f"Note kept for this shift's report ({when}, {note.author}).")
        return note

    # report now ---------------------------------------------------------------------------

    def start_report(self) -> asyncio.Task[ReportInfo | None] | None:
        """Make the report of this shift so far with the typed notes (button disabled)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.message.setText("Reports are made while the console runs.")
            return None
        text = self.notes.toPlainText().strip()
        self.report_button.setEnabled(False)
        self.message.setText("Making the report of this shift so far…")
        self.report_task = loop.create_task(self._report([text] if text else []))
        self._tasks.add(self.report_task)
        return self.report_task

    async def _report(self, notes: list[str]) -> ReportInfo | None:
        user = self._user() or "(not logged in)"
        try:
            info = await self.analytics.report_now(notes, user)
        except Exception as exc:  # said in words under the button
            self.message.setText(f"The report failed: {exc}")
            return None
        finally:
            self.report_button.setEnabled(True)
        self.notes.clear()
        self.message.setText(f"Report made: {info.path.name}")
        await self.reload()
        return info
