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

from PySide6.QtCore import QCoreApplication, QEvent, QTimer, QUrl
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
from hmi.analytics.energy_words import period_label
from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.i18n.retranslate import is_language_change
from hmi.view_parts import list_table
from tags.console_runtime import PlantAnalytics
from tags.reports.archive import Note, ReportInfo

COLUMNS = (QT_TRANSLATE_NOOP("ReportList", "Shift"), QT_TRANSLATE_NOOP("ReportList", "Period"),
           QT_TRANSLATE_NOOP("ReportList", "Summary"))  # fmt: skip
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
        self.open_button = QPushButton()
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(lambda: self.open_report(self.table.currentRow()))
        row.addWidget(self.open_button)
        self.listed = QLabel("")
        self.listed.setObjectName("quietNote")
        row.addWidget(self.listed, 1)
        layout.addLayout(row)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("reportNotes")
        self.notes.setFixedHeight(72)
        layout.addWidget(self.notes)
        action = QHBoxLayout()
        self.note_button = QPushButton()
        self.note_button.clicked.connect(self.start_note)
        action.addWidget(self.note_button)
        self.report_button = QPushButton()
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
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [QCoreApplication.translate("ReportList", c) for c in COLUMNS]
        )
        self.open_button.setText(self.tr("Open PDF"))
        self.notes.setPlaceholderText(self.tr("Notes for the report of this shift (optional)"))
        self.note_button.setText(self.tr("Add note"))
        self.note_button.setToolTip(self.tr("Keep the note above for the report of this shift"))
        self.report_button.setText(self.tr("Report now"))
        self.report_button.setToolTip(
            self.tr("A PDF report of this shift so far, with the notes above")
        )
        if self.reports:
            reports, self.reports = self.reports, []
            self.show_reports(reports)

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

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
            self.listed.setText(
                self.tr("The reports cannot be listed: {reason}").format(reason=exc)
            )
            return list(self.reports)
        self.show_reports(reports)
        return reports

    def show_reports(self, reports: Sequence[ReportInfo]) -> None:
        where = self.tr("{count} reports kept in {where}").format(
            count=len(reports), where=self.analytics.reports_where)  # fmt: skip
        if self.listed.text() != where:
            self.listed.setText(where)
        if [r.path for r in reports] == [r.path for r in self.reports]:
            return
        self.reports = list(reports)
        text = self.analytics.calendar.local_text
        self.table.setRowCount(len(self.reports))
        for row, info in enumerate(self.reports):
            period = f"{text(info.start)} – {text(info.end, '%H:%M')}"
            for column, value in enumerate((period_label(info.label), period, info.summary)):
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
            self.message.setText(self.tr("Reports are opened while the console runs."))
            return None
        task = loop.create_task(self._open(self.reports[row]))
        self._tasks.add(task)
        return task

    async def _open(self, info: ReportInfo) -> Path | None:
        try:
            path = await self.analytics.report_pdf(info)
        except FileNotFoundError:
            self.message.setText(self.tr("{file} is no longer there.").format(file=info.path.name))
            return None
        except Exception as exc:  # the store or the server: said in words
            self.message.setText(self.tr("{file} cannot be opened: {reason}").format(
                file=info.path.name, reason=exc))  # fmt: skip
            return None
        self.open_file(path)
        return path

    # add note -----------------------------------------------------------------------------

    def start_note(self) -> asyncio.Task[Note | None] | None:
        """Keep the typed note for the report of this shift (button disabled meanwhile)."""
        text = self.notes.toPlainText().strip()
        if not text:
            self.message.setText(self.tr("Type the note first."))
            return None
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.message.setText(self.tr("Notes are kept while the console runs."))
            return None
        self.note_button.setEnabled(False)
        self.message.setText(self.tr("Keeping the note…"))
        self.note_task = loop.create_task(self._note(text))
        self._tasks.add(self.note_task)
        return self.note_task

    async def _note(self, text: str) -> Note | None:
        try:
            note = await self.analytics.note(text, self._user() or "(not logged in)")
        except Exception as exc:  # said in words under the button
            self.message.setText(self.tr("The note was not kept: {reason}").format(reason=exc))
            return None
        finally:
            self.note_button.setEnabled(True)
        self.notes.clear()
        when = self.analytics.calendar.local_text(note.time, "%H:%M")
        kept = self.tr("Note kept for this shift's report ({time}, {author}).")
        self.message.setText(kept.format(time=when, author=note.author))
        return note

    # report now ---------------------------------------------------------------------------

    def start_report(self) -> asyncio.Task[ReportInfo | None] | None:
        """Make the report of this shift so far with the typed notes (button disabled)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.message.setText(self.tr("Reports are made while the console runs."))
            return None
        text = self.notes.toPlainText().strip()
        self.report_button.setEnabled(False)
        self.message.setText(self.tr("Making the report of this shift so far…"))
        self.report_task = loop.create_task(self._report([text] if text else []))
        self._tasks.add(self.report_task)
        return self.report_task

    async def _report(self, notes: list[str]) -> ReportInfo | None:
        user = self._user() or "(not logged in)"
        try:
            info = await self.analytics.report_now(notes, user)
        except Exception as exc:  # said in words under the button
            self.message.setText(self.tr("The report failed: {reason}").format(reason=exc))
            return None
        finally:
            self.report_button.setEnabled(True)
        self.notes.clear()
        self.message.setText(self.tr("Report made: {file}").format(file=info.path.name))
        await self.reload()
        return info
