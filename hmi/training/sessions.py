"""The stored training sessions and the debrief of the chosen one, with what a trainer does
with it: Export PDF (then opened), Replay on the console (the console's own history over the
session's time range, the session's screen visits and upsets on the replay bar's timeline),
and Compare with another session of the same scenario plan.

The list is read when shown and after a session ends; a debrief is built when a session is
chosen (the history is read on the historian's reader thread, the PDF printed on a worker
thread). Every failure is said in words under the buttons.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hmi.analytics.report_list import open_with_desktop
from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.i18n.retranslate import is_language_change
from hmi.local_time import local_time
from hmi.training.access import session_title, start_state_text
from hmi.training.compare import ComparisonView
from hmi.training.data import Tasks
from hmi.training.debrief import DebriefView
from hmi.view_parts import read_only_table, section, set_cell, set_header_labels, set_section
from tags.console_runtime import ConsoleRuntime
from tags.mode import Mode
from tags.training.compare import Comparison, compare
from tags.training.control import DEBRIEF_FOLDER
from tags.training.debrief import Debrief
from tags.training.plan import plan_key
from tags.training.store import SessionInfo

COLUMNS = (
    QT_TRANSLATE_NOOP("SessionsView", "Session"),
    QT_TRANSLATE_NOOP("SessionsView", "Trainee"),
    QT_TRANSLATE_NOOP("SessionsView", "Trainer"),
    QT_TRANSLATE_NOOP("SessionsView", "Started"),
    QT_TRANSLATE_NOOP("SessionsView", "Duration"),
    QT_TRANSLATE_NOOP("SessionsView", "Factor"),
    QT_TRANSLATE_NOOP("SessionsView", "From"),
    QT_TRANSLATE_NOOP("SessionsView", "Plan"),
)


def duration(info: SessionInfo) -> str:
    if info.end is None:
        return QCoreApplication.translate("SessionsView", "running or cut short")
    seconds = round(info.end - info.start)
    if seconds < 60:
        return f"{seconds} s"
    return QCoreApplication.translate("SessionsView", "{minutes} min {seconds} s").format(
        minutes=seconds // 60, seconds=f"{seconds % 60:02d}"
    )


class SessionsView(QWidget):
    replay_requested = Signal(object, object)
    """(ReplayRequest, list of TimelineEvent): replay a session on the console."""

    def __init__(
        self,
        runtime: ConsoleRuntime,
        *,
        open_file: Callable[[Path], object] = open_with_desktop,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("trainingSessions")
        self.runtime = runtime
        self.control = runtime.training
        self.open_file = open_file
        self.sessions: list[SessionInfo] = []
        self.tasks = Tasks()
        self.destroyed.connect(self.tasks.cancel)
        self.table = read_only_table(COLUMNS, "sessionTable", select=True)
        self.table.horizontalHeader().setSectionResizeMode(7, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._chosen)
        self.debrief = DebriefView()
        self.comparison = ComparisonView()
        self.views = QTabWidget()
        self.views.setObjectName("debriefTabs")
        self.views.addTab(self.debrief, "")
        self.views.addTab(self.comparison, "")
        self.pdf_button = QPushButton()
        self.pdf_button.clicked.connect(self.export)
        self.replay_button = QPushButton()
        self.replay_button.clicked.connect(self.replay)
        self.others = QComboBox()
        self.others.setMinimumWidth(260)
        self.compare_button = QPushButton()
        self.compare_button.clicked.connect(lambda: self.compare_with(self.others.currentData()))
        self.message = QLabel("")
        self.message.setObjectName("trainingMessage")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for widget in (self.pdf_button, self.replay_button):
            buttons.addWidget(widget)
        buttons.addSpacing(16)
        self.compare_label = QLabel()
        buttons.addWidget(self.compare_label)
        buttons.addWidget(self.others)
        buttons.addWidget(self.compare_button)
        buttons.addStretch(1)
        top = QWidget()
        listed = QVBoxLayout(top)
        listed.setContentsMargins(0, 0, 0, 0)
        self.title = section("")
        listed.addWidget(self.title)
        listed.addWidget(self.table, 1)
        listed.addLayout(buttons)
        listed.addWidget(self.message)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.views)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([240, 560])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.views.setTabText(0, self.tr("Debrief"))
        self.views.setTabText(1, self.tr("Comparison"))
        self.pdf_button.setText(self.tr("Export PDF"))
        self.pdf_button.setToolTip(
            self.tr("Print the debrief with its trends to PDF, then open it")
        )
        self.replay_button.setText(self.tr("Replay on the console"))
        self.compare_button.setText(self.tr("Compare"))
        self.compare_button.setToolTip(self.tr("Side by side with the session chosen on the left"))
        self.compare_label.setText(self.tr("Compare with"))
        set_section(self.title, self.tr("Stored sessions"),
                    self.tr("newest first; choose one for its debrief"))  # fmt: skip
        set_header_labels(self.table, "SessionsView", COLUMNS)
        self.show_sessions(self.sessions)

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    # the list ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()

    def reload(self, choose: int | None = None) -> asyncio.Future[list[SessionInfo]]:
        """Read the stored sessions again (a task); ``choose``: select that one after."""
        return self.tasks.start(self._reload(choose))

    async def _reload(self, choose: int | None) -> list[SessionInfo]:
        sessions = await self.control.sessions()
        self.show_sessions(sessions)
        if choose is not None:
            self.choose(choose)
        return sessions

    def show_sessions(self, sessions: Sequence[SessionInfo]) -> None:
        chosen = self.chosen()
        self.sessions = list(sessions)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.sessions))
        for row, info in enumerate(self.sessions):
            started = local_time(info.start, "yyyy-MM-dd HH:mm")
            cells = (f"{info.id}: {info.title}" if info.name else session_title(info), info.trainee,
                     info.trainer, started, duration(info), f"{info.time_factor:g} ×",
                     start_state_text(info.start_state), info.plan_text)  # fmt: skip
            for column, text in enumerate(cells):
                set_cell(self.table, row, column, text, info.plan_text if column == 7 else "")
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(7, QHeaderView.ResizeMode.Stretch)
        self.table.blockSignals(False)
        if chosen is not None:
            self.choose(chosen.id, build=False)
        self._fill_others()
        self._enable()

    def chosen(self) -> SessionInfo | None:
        row = self.table.currentRow()
        selected = self.table.selectionModel().isRowSelected(row) if row >= 0 else False
        return self.sessions[row] if selected and row < len(self.sessions) else None

    def choose(self, session: int, *, build: bool = True) -> None:
        """Select a session by id (and build its debrief)."""
        rows = [i for i, s in enumerate(self.sessions) if s.id == session]
        if not rows:
            return
        self.table.blockSignals(not build)
        self.table.selectRow(rows[0])
        self.table.blockSignals(False)

    def _chosen(self) -> None:
        self._fill_others()
        self._enable()
        info = self.chosen()
        if info is not None:
            self.build(info.id)

    def _enable(self) -> None:
        info, shown_debrief = self.chosen(), self.debrief.debrief
        shown = (
            info is not None and shown_debrief is not None and shown_debrief.session.id == info.id
        )
        self.pdf_button.setEnabled(shown)
        running = self.runtime.mode is Mode.TRAINING
        self.replay_button.setEnabled(shown and not running)
        self.replay_button.setToolTip(
            self.tr("End the running session first: a replay leaves the live plant") if running
            else self.tr("Replay the session's time range on the console, its upsets and screen "
                         "visits on the timeline (Back to live returns)")
        )  # fmt: skip
        self.compare_button.setEnabled(shown and self.others.currentData() is not None)

    def _fill_others(self) -> None:
        """The sessions of the same plan as the chosen one, to compare with."""
        info = self.chosen()
        kept = self.others.currentData()
        self.others.clear()
        if info is not None:
            for other in self.sessions:
                if other.id != info.id and plan_key(other.plan) == plan_key(info.plan):
                    self.others.addItem(f"{session_title(other)}, {other.trainee}", other.id)
        if self.others.count() == 0:
            self.others.addItem(self.tr("no other session of this plan"), None)
        self.others.setCurrentIndex(max(self.others.findData(kept), 0) if kept else 0)
        self.others.setEnabled(self.others.currentData() is not None)

    # debrief -------------------------------------------------------------------------------

    def build(self, session: int) -> asyncio.Future[Debrief | None]:
        """Build and show a session's debrief (a task)."""
        return self.tasks.start(self._build(session))

    async def _build(self, session: int) -> Debrief | None:
        self.debrief.clear(self.tr("Building the debrief of session {id}…").format(id=session))
        self.views.setCurrentWidget(self.debrief)
        self._enable()
        try:
            debrief = await self.control.debrief(session)
        except Exception as exc:  # no history, the store gone: said in words
            self.debrief.clear(
                self.tr("No debrief of session {id}: {error}").format(id=session, error=exc)
            )
            return None
        info = self.chosen()
        if info is None or info.id != session:
            return debrief  # another session was chosen meanwhile
        self.debrief.show_debrief(debrief)
        self._enable()
        return debrief

    def export(self) -> asyncio.Future[Path | None]:
        """Print the shown debrief to PDF and open it (a task); the file."""
        return self.tasks.start(self._export())

    async def _export(self) -> Path | None:
        debrief = self.debrief.debrief
        if debrief is None:
            return None
        folder = self.runtime.data_dir / DEBRIEF_FOLDER
        self.pdf_button.setEnabled(False)
        self.message.setText(self.tr("Printing the debrief…"))
        try:
            path, pages = await self.control.debrief_pdf(debrief, folder)
        except Exception as exc:  # a full disk, a folder not writable
            self.message.setText(self.tr("No PDF: {error}").format(error=exc))
            return None
        finally:
            self._enable()
        self.message.setText(
            self.tr("Debrief saved: {path} ({pages} pages)").format(path=path, pages=pages)
        )
        self.open_file(path)
        return path

    def replay(self) -> asyncio.Future[bool]:
        """Ask the console to replay the chosen session (a task); True when asked."""
        return self.tasks.start(self._replay())

    async def _replay(self) -> bool:
        info = self.chosen()
        if info is None:
            return False
        if self.runtime.mode is Mode.TRAINING:
            self.message.setText(
                self.tr("End the running session first: a replay leaves the live plant.")
            )
            return False
        try:
            request = await self.control.session_replay(info)
            events = await self.control.timeline_events(info.id)
        except Exception as exc:  # ReplayProblem: nothing recorded in that range
            self.message.setText(self.tr("Not replayed: {error}").format(error=exc))
            return False
        self.message.setText(
            self.tr("Replaying {title} on the console…").format(title=session_title(info))
        )
        self.replay_requested.emit(request, events)
        return True

    def compare_with(self, other: int | None) -> asyncio.Future[Comparison | None]:
        """Set the shown debrief beside another session's (a task)."""
        return self.tasks.start(self._compare(other))

    async def _compare(self, other: int | None) -> Comparison | None:
        mine = self.debrief.debrief
        if mine is None or other is None:
            return None
        self.message.setText(self.tr("Building the debrief of session {id}…").format(id=other))
        try:
            theirs = await self.control.debrief(other)
            comparison = compare(theirs, mine) if other < mine.session.id else compare(mine, theirs)
        except Exception as exc:  # DifferentPlans, no history
            self.message.setText(self.tr("Not compared: {error}").format(error=exc))
            return None
        self.message.setText("")
        self.comparison.show_comparison(comparison)
        self.views.setCurrentWidget(self.comparison)
        return comparison
