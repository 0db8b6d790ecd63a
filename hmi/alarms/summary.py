"""The alarm summary: active, shelved, suppressed and out-of-service lists with filters,
sorting and the operator actions, plus the journal search and the KPI panel.

Lists follow the engine (one coalesced listener). Each action button is enabled only when
the logged-in user may do it to the selected alarms and says why not in its tooltip; the
engine still decides, and a refusal is shown in its own words under the list.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hmi.alarms.actions import (
    Command,
    Outcome,
    ReasonDialog,
    ServerAnswers,
    UserSource,
    acknowledge_all,
    acknowledge_all_on_server,
    run,
    run_on_server,
    sending_text,
    why_not,
    window_user,
)
from hmi.alarms.journal_view import JournalView
from hmi.alarms.kpi_panel import KpiPanel
from hmi.alarms.table import (
    AlarmSortProxy,
    AlarmTableModel,
    Column,
    SampleOf,
    alarm_table,
    marker_icon,
    priority_text,
)
from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.i18n.retranslate import is_language_change
from hmi.subscriptions import Coalesced
from tags.alarms.engine import AlarmEngine
from tags.alarms.journal import JournalStore
from tags.alarms.state import AlarmView
from tags.console_runtime import AlarmRequests
from tags.model import Priority

ALL_AREAS = QT_TRANSLATE_NOOP("AlarmSummary", "All areas")
REFRESH_MS = 200
"""A burst of alarm changes becomes one refresh of the lists this long after the first."""


class AlarmList(enum.Enum):
    ACTIVE = QT_TRANSLATE_NOOP("AlarmSummary", "Active")
    SHELVED = QT_TRANSLATE_NOOP("AlarmSummary", "Shelved")
    SUPPRESSED = QT_TRANSLATE_NOOP("AlarmSummary", "Suppressed")
    OUT_OF_SERVICE = QT_TRANSLATE_NOOP("AlarmSummary", "Out of service")


_C = Column
LIST_COLUMNS: dict[AlarmList, tuple[Column, ...]] = {
    AlarmList.ACTIVE: (_C.PRIORITY, _C.TIME, _C.TAG, _C.KIND, _C.MESSAGE, _C.VALUE, _C.LIMIT,
                       _C.STATE, _C.AREA),
    AlarmList.SHELVED: (_C.PRIORITY, _C.TAG, _C.KIND, _C.MESSAGE, _C.UNTIL, _C.REASON, _C.BY,
                        _C.VALUE, _C.AREA),
    AlarmList.SUPPRESSED: (_C.PRIORITY, _C.TAG, _C.KIND, _C.MESSAGE, _C.SUPPRESSED_BY,
                           _C.VALUE, _C.AREA),
    AlarmList.OUT_OF_SERVICE: (_C.PRIORITY, _C.TAG, _C.KIND, _C.MESSAGE, _C.REASON, _C.BY,
                               _C.VALUE, _C.AREA),
}  # fmt: skip
COMMANDS = (
    Command.ACKNOWLEDGE, Command.SHELVE, Command.UNSHELVE, Command.RESET,
    Command.OUT_OF_SERVICE, Command.RETURN_TO_SERVICE,
)  # fmt: skip
_DONE = {
    Command.ACKNOWLEDGE: QT_TRANSLATE_NOOP("AlarmSummary", "{what} acknowledged"),
    Command.SHELVE: QT_TRANSLATE_NOOP("AlarmSummary", "{what} shelved"),
    Command.UNSHELVE: QT_TRANSLATE_NOOP("AlarmSummary", "{what} unshelved"),
    Command.RESET: QT_TRANSLATE_NOOP("AlarmSummary", "{what} reset"),
    Command.OUT_OF_SERVICE: QT_TRANSLATE_NOOP("AlarmSummary", "{what} taken out of service"),
    Command.RETURN_TO_SERVICE: QT_TRANSLATE_NOOP("AlarmSummary", "{what} returned to service"),
}
"""What the message under the lists says was done ({what}: an alarm or "N alarms")."""
JOURNAL_TAB, KPI_TAB = 4, 5
WIDTHS = {_C.PRIORITY: 118, _C.TIME: 160, _C.TAG: 190, _C.KIND: 80, _C.VALUE: 120, _C.LIMIT: 120,
          _C.STATE: 210, _C.AREA: 64, _C.UNTIL: 160, _C.REASON: 220, _C.BY: 80,
          _C.SUPPRESSED_BY: 240}  # fmt: skip


class _ListPage:
    """One list: its model, a sorting proxy and the table."""

    def __init__(self, engine: AlarmEngine, kind: AlarmList, sample_of: SampleOf | None) -> None:
        self.kind = kind
        self.model = AlarmTableModel(
            engine.tags, LIST_COLUMNS[kind], date=True, sample_of=sample_of
        )
        self.proxy = AlarmSortProxy(self.model)
        self.table: QTableView = alarm_table(self.proxy, sortable=True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column, name in enumerate(LIST_COLUMNS[kind]):
            if name is _C.MESSAGE:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            else:
                self.table.setColumnWidth(column, WIDTHS.get(name, 120))

    def selected(self) -> list[AlarmView]:
        rows = self.table.selectionModel().selectedRows()
        return [self.model.view_at(self.proxy.mapToSource(i).row()) for i in rows]

    def show(self, views: Sequence[AlarmView]) -> None:
        """Replace the rows, keeping the selection by alarm name."""
        keep = {v.name for v in self.selected()}
        self.model.set_views(views)
        for row, view in enumerate(self.model.views):
            if view.name in keep:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                self.table.selectionModel().select(
                    index,
                    QItemSelectionModel.SelectionFlag.Select
                    | QItemSelectionModel.SelectionFlag.Rows,
                )


class AlarmSummary(QWidget):
    def __init__(
        self,
        engine: AlarmEngine,
        journal: JournalStore | None,
        areas: Sequence[str],
        user: UserSource | None = None,
        *,
        open_alarm: Callable[[str], object] | None = None,
        requests: AlarmRequests | None = None,
        sample_of: SampleOf | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``requests``: the server's session, when the alarms are a server's (the actions
        go there; the outcome shows when its answer comes); ``sample_of``: a tag's sample
        now, to mark the rows of forced tags."""
        super().__init__(parent)
        self.setObjectName("alarmSummary")
        self.engine = engine
        self.requests = requests
        self.answers = answers = ServerAnswers(
            lambda outcome: self._report(outcome, _DONE[Command.ACKNOWLEDGE])
        )
        self.destroyed.connect(lambda *_: answers.cancel())
        self._user = user or (lambda: window_user(self))
        """Default: the user of the console window the summary is shown in."""
        self._open_alarm = open_alarm
        self.dialog: ReasonDialog | None = None
        self._sending = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self._filters(areas))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("alarmTabs")
        self.lists = {kind: _ListPage(engine, kind, sample_of) for kind in AlarmList}
        for page in self.lists.values():
            self.tabs.addTab(page.table, page.kind.value)
            page.table.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
            page.table.doubleClicked.connect(lambda index, p=page: self._open(p, index))
        self.journal = JournalView(journal, areas, tags=engine.tags, now=engine.clock.now)
        self.tabs.addTab(self.journal, "")
        self.kpis = KpiPanel(engine, areas)
        self.tabs.addTab(self.kpis, "")
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self._actions())
        self._listener = Coalesced(self, engine.subscribe, self.refresh, REFRESH_MS)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.update_actions)  # the user may log in or out
        self._timer.start(1000)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Every text of the summary in the current language (again on a language change)."""
        self.area_label.setText(self.tr("Area"))
        self.area.setItemText(0, self.tr(ALL_AREAS))
        self.priority_label.setText(self.tr("Priority"))
        for priority, button in self.priority_buttons.items():
            button.setText(priority_text(priority))
            button.setToolTip(
                self.tr("show priority {priority} alarms").format(priority=priority_text(priority))
            )
        for command, button in self.buttons.items():
            button.setText(command.text)
        self.ack_shown.setText(self.tr("Acknowledge all shown"))
        self.tabs.setTabText(JOURNAL_TAB, self.tr("Journal"))
        self.tabs.setTabText(KPI_TAB, self.tr("KPIs"))
        if self._sending:
            self.message.setText(sending_text())
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def _filters(self, areas: Sequence[str]) -> QWidget:
        self.filter_row = QWidget()
        inner = QHBoxLayout(self.filter_row)
        inner.setContentsMargins(0, 0, 0, 0)
        self.area_label = QLabel()
        inner.addWidget(self.area_label)
        self.area = QComboBox()
        self.area.addItem(ALL_AREAS, None)
        for area in areas:
            self.area.addItem(area, area)
        self.area.currentIndexChanged.connect(lambda _i: self.refresh())
        inner.addWidget(self.area)
        inner.addSpacing(12)
        self.priority_label = QLabel()
        inner.addWidget(self.priority_label)
        self.priority_buttons: dict[Priority, QPushButton] = {}
        for priority in Priority:
            button = QPushButton()
            button.setObjectName("priorityFilter")
            button.setIcon(marker_icon(priority))
            button.setCheckable(True)
            button.setChecked(True)
            button.toggled.connect(lambda _on: self.refresh())
            self.priority_buttons[priority] = button
            inner.addWidget(button)
        inner.addStretch(1)
        return self.filter_row

    def _actions(self) -> QWidget:
        self.action_row = QWidget()
        inner = QHBoxLayout(self.action_row)
        inner.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[Command, QPushButton] = {}
        for command in COMMANDS:
            button = QPushButton()
            button.clicked.connect(lambda _=False, c=command: self.request(c))
            self.buttons[command] = button
            inner.addWidget(button)
        self.ack_shown = QPushButton()
        self.ack_shown.clicked.connect(self.acknowledge_shown)
        inner.addWidget(self.ack_shown)
        self.message = QLabel("")
        self.message.setObjectName("actionMessage")
        self.message.setWordWrap(True)
        inner.addWidget(self.message, 1)
        return self.action_row

    # lists -------------------------------------------------------------------------------------

    def chosen_areas(self) -> list[str] | None:
        area = self.area.currentData()
        return None if area is None else [str(area)]

    def chosen_priorities(self) -> set[Priority]:
        return {p for p, b in self.priority_buttons.items() if b.isChecked()}

    def views(self, kind: AlarmList) -> list[AlarmView]:
        """The filtered alarms of one list (in the engine's order)."""
        areas = self.chosen_areas()
        fetch = {
            AlarmList.ACTIVE: self.engine.active,
            AlarmList.SHELVED: self.engine.shelved,
            AlarmList.SUPPRESSED: self.engine.suppressed,
            AlarmList.OUT_OF_SERVICE: self.engine.out_of_service,
        }[kind]
        wanted = self.chosen_priorities()
        return [v for v in fetch(areas) if v.priority in wanted]

    def repaint_rows(self) -> None:
        """Paint the lists' rows again (what they show of the tags changed, e.g. a force)."""
        for page in self.lists.values():
            page.table.viewport().update()

    def refresh(self) -> None:
        for index, (kind, page) in enumerate(self.lists.items()):
            views = self.views(kind)
            page.show(views)
            self.tabs.setTabText(index, f"{self.tr(kind.value)} ({len(views)})")
        self.update_actions()

    def current_list(self) -> _ListPage | None:
        index = self.tabs.currentIndex()
        return list(self.lists.values())[index] if index < len(self.lists) else None

    def show_list(self, kind: AlarmList) -> _ListPage:
        self.tabs.setCurrentIndex(list(self.lists).index(kind))
        return self.lists[kind]

    def select(self, names: Sequence[str]) -> None:
        """Select alarms by name in the current list (keyboard and tests)."""
        page = self.current_list()
        if page is None:
            return
        selection = page.table.selectionModel()
        selection.clearSelection()
        for row, view in enumerate(page.model.views):
            if view.name in names:
                index = page.proxy.mapFromSource(page.model.index(row, 0))
                selection.select(
                    index,
                    QItemSelectionModel.SelectionFlag.Select
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
        self.update_actions()

    def selected(self) -> list[AlarmView]:
        page = self.current_list()
        return page.selected() if page is not None else []

    def _tab_changed(self, index: int) -> None:
        is_list = index < len(self.lists)
        self.filter_row.setVisible(is_list)
        self.action_row.setVisible(is_list)
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.message.setText("")
        if index == KPI_TAB:
            self.kpis.refresh()
        self.update_actions()

    def _open(self, page: _ListPage, index: QModelIndex) -> None:
        if self._open_alarm is not None:
            view = page.model.view_at(page.proxy.mapToSource(index).row())
            self._open_alarm(view.tag)

    # actions -------------------------------------------------------------------------------------

    def update_actions(self) -> None:
        user = self._user()
        selected = self.selected()
        for command, button in self.buttons.items():
            reason = why_not(command, selected, user, self.engine)
            button.setEnabled(reason is None)
            button.setToolTip(self._not_available(reason))
        page = self.current_list()
        shown = page.model.views if page is not None else []
        reason = (
            why_not(Command.ACKNOWLEDGE, shown, user, self.engine)
            if shown
            else self.tr("no alarms")
        )
        self.ack_shown.setEnabled(reason is None)
        self.ack_shown.setToolTip(self._not_available(reason))

    def _not_available(self, reason: str | None) -> str:
        return "" if reason is None else self.tr("Not available: {reason}").format(reason=reason)

    def request(self, command: Command) -> Outcome | None:
        """Do ``command`` on the selection; shelve and out of service ask for a reason first."""
        names = [v.name for v in self.selected()]
        if command not in (Command.SHELVE, Command.OUT_OF_SERVICE):
            return self.perform(command, names)
        longest = self.engine.settings.max_shelve_hours * 3600.0
        title = self.tr("Shelve") if command is Command.SHELVE else self.tr("Take out of service")
        self.dialog = ReasonDialog(
            title, names, longest=longest if command is Command.SHELVE else None, parent=self
        )
        dialog = self.dialog
        dialog.accepted.connect(
            lambda: self.perform(
                command, names, reason=dialog.reason.text().strip(), duration=dialog.seconds
            )
        )
        dialog.open()
        return None

    def perform(
        self, command: Command, names: Sequence[str], *, reason: str = "", duration: float = 0.0
    ) -> Outcome | None:
        """The outcome, or None when the request went to the server (shown on its answer)."""
        done = _DONE[command]
        if self.requests is not None:
            work = run_on_server(command, self.requests, names, reason=reason, duration=duration)
            self._send(work, done)
            return None
        outcome = run(command, self.engine, names, self._user(), reason=reason, duration=duration)
        return self._report(outcome, done)

    def acknowledge_shown(self) -> Outcome | None:
        page = self.current_list()
        names = [v.name for v in page.model.views] if page is not None else []
        if self.requests is not None:
            self._send(acknowledge_all_on_server(self.requests, names), _DONE[Command.ACKNOWLEDGE])
            return None
        outcome = acknowledge_all(self.engine, names, self._user())
        return self._report(outcome, _DONE[Command.ACKNOWLEDGE])

    def _send(self, work: Coroutine[Any, Any, Outcome], done: str) -> None:
        self._sending = True
        self.message.setText(sending_text())
        self.answers.send(work, lambda outcome: self._report(outcome, done))

    def _report(self, outcome: Outcome, done: str) -> Outcome:
        self._sending = False
        parts = []
        if outcome.done:
            count = len(outcome.done)
            what = outcome.done[0] if count == 1 else self.tr("{count} alarms").format(count=count)
            parts.append(self.tr(done).format(what=what))
        if outcome.refused:
            parts.append(self.tr("Refused: {why}").format(why=outcome.message))
        self.message.setText(". ".join(parts))
        self.message.setProperty("refused", bool(outcome.refused))
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.refresh()
        return outcome
