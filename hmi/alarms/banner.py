"""The alarm banner, the header's second row: the most important unacknowledged alarms.

Each line shows the priority marker (shape + colour + number), time, tag, type, message,
value and limit; most urgent priority first, newest first within a priority (the engine's
order). Clicking a line selects it and goes to the alarm's display; Ack acknowledges the
selected alarm, "Ack shown" the lines on show (never alarms the operator has not seen). The
horn sounds while new alarms wait, in the tone of the most urgent priority, and repeats until
silenced or acknowledged; it can be switched off. A FLOOD marker appears while the EEMUA 191
figures say flood.

The banner follows the engine through one listener, coalesced so a burst of evaluations
redraws once.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hmi.alarms.actions import (
    Command,
    Outcome,
    ServerAnswers,
    UserSource,
    acknowledge_all,
    acknowledge_all_on_server,
    run,
    run_on_server,
    sending_text,
    why_not,
)
from hmi.alarms.horn import Horn
from hmi.alarms.table import AlarmTableModel, Column, SampleOf, alarm_table
from hmi.i18n.retranslate import is_language_change
from hmi.subscriptions import Coalesced
from tags.alarms.engine import AlarmEngine
from tags.alarms.state import AlarmState, AlarmView
from tags.console_runtime import AlarmRequests

ROWS = 5
COLUMNS = (
    Column.PRIORITY, Column.TIME, Column.TAG, Column.KIND, Column.MESSAGE, Column.VALUE,
    Column.LIMIT,
)  # fmt: skip
WIDTHS = (104, 76, 190, 80, 0, 130, 130)
BUTTON_WIDTH = 112
REFRESH_MS = 100
FLOOD_CHECK_MS = 1000


def horn_key(view: AlarmView) -> tuple[str, float | None, int]:
    """One annunciation of an alarm: a new activation or a re-alarm sounds the horn again."""
    return (view.name, view.activated_at, view.realarm_count)


class AlarmBanner(QFrame):
    def __init__(
        self,
        engine: AlarmEngine,
        user: UserSource,
        *,
        open_alarm: Callable[[str], object] | None = None,
        horn: Horn | None = None,
        rows: int = ROWS,
        requests: AlarmRequests | None = None,
        sample_of: SampleOf | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``requests``: the server's session, when the alarms are a server's (the actions
        go there; the outcome shows when its answer comes); ``sample_of``: a tag's sample
        now, to mark the rows of forced tags."""
        super().__init__(parent)
        self.setObjectName("alarmBanner")
        self.engine = engine
        self.requests = requests
        self.answers = ServerAnswers(self._after)
        self._user = user
        self._open_alarm = open_alarm
        self.rows = rows
        self.horn = horn or Horn(parent=self)
        self.horn.setParent(self)
        self.waiting: list[AlarmView] = []
        self._sending = False
        """Every unacknowledged alarm, most important first (the banner shows the first few)."""
        self.model = AlarmTableModel(engine.tags, COLUMNS, sample_of=sample_of, parent=self)
        self.table = alarm_table(self.model, sortable=False)
        self.table.setObjectName("alarmBannerTable")
        header = self.table.horizontalHeader()
        header.setVisible(False)
        header.setStretchLastSection(False)
        for column, width in enumerate(WIDTHS):
            if width:
                self.table.setColumnWidth(column, width)
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.setFixedHeight(rows * 22 + 4)
        self.table.clicked.connect(self._clicked)
        self.table.activated.connect(self._clicked)
        self._build()
        self._listener = Coalesced(self, engine.subscribe, self.refresh, REFRESH_MS)
        self._flood_timer = QTimer(self)
        self._flood_timer.timeout.connect(self.check_flood)
        self._flood_timer.start(FLOOD_CHECK_MS)
        self.retranslate_ui()

    def _build(self) -> None:
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 2, 0, 0)
        outer.setSpacing(8)
        outer.addWidget(self.table, 1)
        side = QVBoxLayout()
        side.setSpacing(4)
        outer.addLayout(side)
        buttons = QGridLayout()
        buttons.setSpacing(4)
        self.ack_button = QPushButton()
        self.ack_button.clicked.connect(self.acknowledge_selected)
        self.ack_shown_button = QPushButton()
        self.ack_shown_button.clicked.connect(self.acknowledge_shown)
        self.silence_button = QPushButton()
        self.silence_button.setObjectName("silenceButton")
        self.silence_button.clicked.connect(self.silence)
        self.horn_button = QPushButton()
        self.horn_button.setObjectName("hornButton")
        self.horn_button.setCheckable(True)
        self.horn_button.setChecked(self.horn.enabled)
        self.horn_button.toggled.connect(self.set_horn_enabled)
        for i, button in enumerate(
            (self.ack_button, self.silence_button, self.ack_shown_button, self.horn_button)
        ):
            button.setMinimumWidth(BUTTON_WIDTH)
            buttons.addWidget(button, i % 2, i // 2)
        side.addLayout(buttons)
        self.count = QLabel("")
        self.count.setObjectName("bannerCount")
        side.addWidget(self.count)
        self.flood = QLabel()
        self.flood.setObjectName("floodMarker")
        self.flood.setVisible(False)
        side.addWidget(self.flood)
        self.message = QLabel("")
        self.message.setObjectName("bannerMessage")
        self.message.setWordWrap(True)
        self.message.setMaximumWidth(2 * BUTTON_WIDTH + 4)
        side.addWidget(self.message)
        side.addStretch(1)
        self.horn.sounding_changed.connect(lambda _on: self._show_horn())

    def retranslate_ui(self) -> None:
        """Every text of the banner in the current language (again on a language change)."""
        self.ack_button.setText(self.tr("Ack"))
        self.ack_shown_button.setText(self.tr("Ack all shown"))
        self.silence_button.setText(self.tr("Silence"))
        self.silence_button.setToolTip(self.tr("Silence the horn until a new alarm comes in"))
        self.flood.setText(self.tr("FLOOD"))
        self._show_horn()
        self.refresh()
        if self._sending:
            self.message.setText(sending_text())

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    # following the engine -------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the unacknowledged alarms, keep the selection, update horn and buttons."""
        selected = self.selected_name()
        self.waiting = [v for v in self.engine.active() if not v.acknowledged]
        shown = self.waiting[: self.rows]
        self.model.set_views(shown)
        if selected is not None:
            self.select(selected)
        self.horn.update({horn_key(v): v.priority for v in self.waiting
                          if v.state is AlarmState.ACTIVE_UNACK})  # fmt: skip
        total = len(self.waiting)
        if not total:
            self.count.setText(self.tr("No unacknowledged alarms"))
        elif total > len(shown):
            self.count.setText(
                self.tr("{total} unacknowledged, {shown} shown").format(
                    total=total, shown=len(shown)
                )
            )
        else:
            self.count.setText(self.tr("{total} unacknowledged").format(total=total))
        self.update_actions()
        self.check_flood()

    def check_flood(self) -> None:
        report = self.engine.kpis().window
        self.flood.setVisible(report.in_flood)
        if report.in_flood:
            minutes = report.window_seconds / 60
            settings = self.engine.settings.kpi
            self.flood.setText(
                self.tr("FLOOD  {count} in {minutes} min").format(
                    count=report.current_window, minutes=f"{minutes:g}"
                )
            )
            self.flood.setToolTip(
                self.tr(
                    "Alarm flood: more than {begin} alarms in {minutes} min (EEMUA 191); it ends "
                    "below {end}. Work by priority."
                ).format(begin=settings.flood_begin, minutes=f"{minutes:g}", end=settings.flood_end)
            )

    # selection and navigation ----------------------------------------------------------------

    def shown(self) -> list[AlarmView]:
        return list(self.model.views)

    def selected_name(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.view_at(rows[0].row()).name if rows else None

    def select(self, name: str) -> bool:
        for row, view in enumerate(self.model.views):
            if view.name == name:
                self.table.selectionModel().select(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                return True
        return False

    def _clicked(self, index: QModelIndex) -> None:
        view = self.model.view_at(index.row())
        self.select(view.name)
        self.update_actions()
        if self._open_alarm is not None:
            self._open_alarm(view.tag)

    # actions ----------------------------------------------------------------------------------

    def update_actions(self) -> None:
        """Enable what the logged-in user may do now; a disabled button says why."""
        user = self._user()
        selected = [v for v in self.model.views if v.name == self.selected_name()]
        for button, views in ((self.ack_button, selected), (self.ack_shown_button, self.shown())):
            reason = why_not(Command.ACKNOWLEDGE, views, user, self.engine)
            if not views:
                reason = (
                    self.tr("select an alarm first")
                    if button is self.ack_button
                    else self.tr("no alarms")
                )
            button.setEnabled(reason is None)
            tip = (
                self.tr("Acknowledge the selected alarm")
                if button is self.ack_button
                else self.tr("Acknowledge the alarms shown in the banner")
            )
            button.setToolTip(tip if reason is None else f"{tip}: {reason}")

    def acknowledge_selected(self) -> Outcome | None:
        """The outcome, or None when the request went to the server (shown on its answer)."""
        name = self.selected_name()
        names = [name] if name else []
        if self.requests is not None:
            self._send(run_on_server(Command.ACKNOWLEDGE, self.requests, names))
            return None
        return self._after(run(Command.ACKNOWLEDGE, self.engine, names, self._user()))

    def acknowledge_shown(self) -> Outcome | None:
        names = [v.name for v in self.shown()]
        if self.requests is not None:
            self._send(acknowledge_all_on_server(self.requests, names))
            return None
        return self._after(acknowledge_all(self.engine, names, self._user()))

    def _send(self, work: Coroutine[Any, Any, Outcome]) -> None:
        self._sending = True
        self.message.setText(sending_text())
        self.message.setToolTip("")
        self.answers.send(work)

    def _after(self, outcome: Outcome) -> Outcome:
        self._sending = False
        self.message.setText(outcome.message)
        self.message.setToolTip(outcome.message)
        self.refresh()
        return outcome

    def silence(self) -> None:
        """Anyone at the console may silence the horn (it changes nothing in the plant)."""
        self.horn.silence()

    def set_horn_enabled(self, enabled: bool) -> None:
        self.horn.set_enabled(enabled)
        self._show_horn()

    def _show_horn(self) -> None:
        enabled = self.horn.enabled
        self.horn_button.blockSignals(True)
        self.horn_button.setChecked(enabled)
        self.horn_button.blockSignals(False)
        self.horn_button.setText(self.tr("Horn on") if enabled else self.tr("Horn off"))
        self.horn_button.setToolTip(
            self.tr("The audible alarm is on; click to switch it off")
            if enabled
            else self.tr("The audible alarm is off: new alarms are shown but not sounded")
        )
        _restyle(self.horn_button, "off", not enabled)
        self.silence_button.setEnabled(self.horn.sounding)
        _restyle(self.silence_button, "sounding", self.horn.sounding)

    def close_banner(self) -> None:
        """Stop the horn and the engine subscription (the window closes)."""
        self.horn.stop()
        self.answers.cancel()
        self._flood_timer.stop()
        self._listener.close()


def _restyle(widget: QWidget, name: str, value: bool) -> None:
    """Set a style property and re-apply the stylesheet (pseudo-states keep stale fonts)."""
    if widget.property(name) != value:
        widget.setProperty(name, value)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
