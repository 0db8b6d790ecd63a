"""A training session's debrief as tables: one row per upset (time to the first
acknowledgement and to the first corrective write, whether the process left its normal
range and for how long, alarms raised) and the session's overall figures.

Times are seconds after the upset started. A missing response reads "none" in bold (a
finding, in words, not in colour); the tooltips hold the details: the alarm acknowledged,
the write, the tags outside their band, the alarms raised.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.i18n.retranslate import is_language_change
from hmi.scenario_titles import scenario_title
from hmi.training.access import session_title, start_state_text
from hmi.view_parts import (
    fit_rows,
    read_only_table,
    section,
    set_cell,
    set_header_labels,
    set_section,
)
from tags.training.debrief import Debrief, Overall, Response, UpsetDebrief

UPSET_COLUMNS = (
    QT_TRANSLATE_NOOP("DebriefView", "Upset"),
    QT_TRANSLATE_NOOP("DebriefView", "Area"),
    QT_TRANSLATE_NOOP("DebriefView", "At"),
    QT_TRANSLATE_NOOP("DebriefView", "By"),
    QT_TRANSLATE_NOOP("DebriefView", "First ack"),
    QT_TRANSLATE_NOOP("DebriefView", "First write"),
    QT_TRANSLATE_NOOP("DebriefView", "Left normal"),
    QT_TRANSLATE_NOOP("DebriefView", "Outside"),
    QT_TRANSLATE_NOOP("DebriefView", "Alarms"),
)
OVERALL_COLUMNS = (QT_TRANSLATE_NOOP("DebriefView", "Overall"), "")
SOURCES = {
    "plan": QT_TRANSLATE_NOOP("DebriefView", "plan"),
    "trainer": QT_TRANSLATE_NOOP("DebriefView", "trainer"),
}
MAX_TIP_LINES = 12


def seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} s"


def _response(response: Response | None) -> tuple[str, str]:
    if response is None:
        return QCoreApplication.translate("DebriefView", "none"), ""
    shown = f"{response.seconds:.1f} s"
    tip = QCoreApplication.translate("DebriefView", "{seconds} after the start: {what}")
    return shown, tip.format(seconds=shown, what=response.what)


def _lines(texts: list[str]) -> str:
    more = len(texts) - MAX_TIP_LINES
    and_more = QCoreApplication.translate("DebriefView", "… and {count} more").format(count=more)
    shown = texts[:MAX_TIP_LINES] + ([and_more] if more > 0 else [])
    return "\n".join(shown)


def _tags(count: int) -> str:
    if count == 1:
        return QCoreApplication.translate("DebriefView", "yes, 1 tag")
    return QCoreApplication.translate("DebriefView", "yes, {count} tags").format(count=count)


def outside_text(u: UpsetDebrief) -> str:
    """'42.0 s, all back after 80 s', '42.0 s, not all back', or '—'."""
    if not u.left_normal:
        return "—"
    back = u.back_in
    if back is None:
        after = QCoreApplication.translate("DebriefView", "not all back")
    else:
        after = QCoreApplication.translate("DebriefView", "all back after {seconds} s").format(
            seconds=f"{back - u.start:.0f}"
        )
    return f"{u.outside_s:.1f} s, {after}"


def overall_rows(o: Overall) -> list[tuple[str, str]]:
    """The session's figures as (figure, value)."""
    none = QCoreApplication.translate("DebriefView", "none")
    rows = [
        (QT_TRANSLATE_NOOP("DebriefView", "Duration"), f"{o.duration_s:.0f} s"),
        (QT_TRANSLATE_NOOP("DebriefView", "Upsets"), str(o.upsets)),
        (QT_TRANSLATE_NOOP("DebriefView", "Alarms raised"), str(o.alarms_raised)),
        (QT_TRANSLATE_NOOP("DebriefView", "Acknowledgements (trainee)"), str(o.acknowledgements)),
        (
            QT_TRANSLATE_NOOP("DebriefView", "Mean / slowest time to acknowledge"),
            f"{seconds(o.mean_ack_s)} / {seconds(o.worst_ack_s)}",
        ),
        (
            QT_TRANSLATE_NOOP("DebriefView", "Mean time to the first corrective write"),
            seconds(o.mean_write_s),
        ),
        (
            QT_TRANSLATE_NOOP("DebriefView", "Writes accepted / refused"),
            f"{o.writes_accepted} / {o.writes_refused}",
        ),
        (QT_TRANSLATE_NOOP("DebriefView", "Shelving actions"), str(o.shelve_actions)),
        (NEVER_FIGURE, f"{o.upsets_unacknowledged} / {o.upsets_without_write}"),
        (QT_TRANSLATE_NOOP("DebriefView", "Time outside the normal range"), seconds(o.outside_s)),
        (
            QT_TRANSLATE_NOOP("DebriefView", "Screen visits"),
            f"{o.screen_visits}: {', '.join(o.screens) or none}",
        ),
    ]
    return [(QCoreApplication.translate("DebriefView", figure), value) for figure, value in rows]


NEVER_FIGURE = QT_TRANSLATE_NOOP("DebriefView", "Upsets never acknowledged / without a write")
"""The figure shown in bold when any upset went without a response."""


class DebriefView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("debriefView")
        self.debrief: Debrief | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.upsets = read_only_table(UPSET_COLUMNS, "debriefUpsets")
        header = self.upsets.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.overall = read_only_table(OVERALL_COLUMNS, "debriefOverall")
        self.overall.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.overall.setColumnWidth(0, 340)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.summary)
        self.title = section("")
        layout.addWidget(self.title)
        layout.addWidget(self.upsets, 1)
        layout.addWidget(self.overall)
        self.cleared: str | None = None
        """The text shown instead of a debrief (None: the default one)."""
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        set_section(self.title, self.tr("Per upset"), self.tr("seconds after the upset started"))
        set_header_labels(self.upsets, "DebriefView", UPSET_COLUMNS)
        set_header_labels(self.overall, "DebriefView", OVERALL_COLUMNS)
        if self.debrief is not None:
            self.show_debrief(self.debrief)
        else:
            self.clear(self.cleared)

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def clear(self, text: str | None = None) -> None:
        """No debrief shown: ``text`` says why (default: choose a session)."""
        self.debrief = None
        self.cleared = text
        self.summary.setText(text or self.tr("Choose a session to see its debrief."))
        self.upsets.setRowCount(0)
        self.overall.setRowCount(0)

    def show_debrief(self, debrief: Debrief) -> None:
        self.debrief = debrief
        s, o = debrief.session, debrief.overall
        self.summary.setText(
            self.tr(
                "<b>{title}</b>: trainee <b>{trainee}</b>, trainer {trainer}, {seconds} s at "
                "time factor {factor}, from {start}. Plan: {plan}."
            ).format(
                title=escape(session_title(s)),
                trainee=escape(s.trainee),
                trainer=escape(s.trainer),
                seconds=f"{o.duration_s:.0f}",
                factor=f"{s.time_factor:g}",
                start=escape(start_state_text(s.start_state)),
                plan=escape(s.plan_text),
            )
        )
        self.upsets.setRowCount(len(debrief.upsets))
        for row, u in enumerate(debrief.upsets):
            self._upset_row(row, u)
        self.upsets.resizeColumnsToContents()
        self.upsets.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        rows = overall_rows(o)
        self.overall.setRowCount(len(rows))
        for row, (figure, value) in enumerate(rows):
            set_cell(self.overall, row, 0, figure)
            never = QCoreApplication.translate("DebriefView", NEVER_FIGURE)
            findings = (o.upsets_unacknowledged or o.upsets_without_write) and figure == never
            set_cell(self.overall, row, 1, value, value, strong=bool(findings))
        fit_rows(self.overall)

    def _upset_row(self, row: int, u: UpsetDebrief) -> None:
        ack, ack_tip = _response(u.first_ack)
        write, write_tip = _response(u.first_write)
        if u.stop is None:
            stop = self.tr("running at the end")
        else:
            stop = self.tr("stopped after {seconds} s").format(seconds=f"{u.stop - u.start:.0f}")
        outside_tip = _lines([e.text for e in u.excursions]) or self.tr(
            "stayed in its normal range"
        )
        alarm_tip = _lines([f"{a.offset:.1f} s  P{a.priority}  {a.text}" for a in u.alarms])
        title = scenario_title(u.scenario, u.title)
        source = SOURCES.get(u.source)
        by = QCoreApplication.translate("DebriefView", source) if source else u.source
        cells = [
            (f"{title} ({u.scenario})", f"{title}: {stop}", False),
            (u.area, "", False),
            (f"{u.offset:.1f} s", self.tr("seconds into the session"), False),
            (by, self.tr("started by the plan or live by the trainer"), False),
            (
                ack,
                ack_tip or self.tr("no alarm of the area acknowledged by the trainee"),
                u.first_ack is None,
            ),
            (write, write_tip or self.tr("no accepted write to a tag of the area"), not write_tip),
            (_tags(len(u.excursions)) if u.left_normal else self.tr("no"), outside_tip, False),
            (outside_text(u), outside_tip, False),
            (str(len(u.alarms)), alarm_tip or self.tr("no alarms raised"), False),
        ]
        for column, (text, tip, strong) in enumerate(cells):
            set_cell(self.upsets, row, column, text, tip, strong=strong)
