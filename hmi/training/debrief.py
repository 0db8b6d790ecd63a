"""A training session's debrief as tables: one row per upset (time to the first
acknowledgement and to the first corrective write, whether the process left its normal
range and for how long, alarms raised) and the session's overall figures.

Times are seconds after the upset started. A missing response reads "none" in bold (a
finding, in words, not in colour); the tooltips hold the details: the alarm acknowledged,
the write, the tags outside their band, the alarms raised.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from hmi.view_parts import fit_rows, read_only_table, section, set_cell
from tags.training.debrief import Debrief, Overall, Response, UpsetDebrief

UPSET_COLUMNS = (
    "Upset", "Area", "At", "By", "First ack", "First write", "Left normal", "Outside", "Alarms",
)  # fmt: skip
OVERALL_COLUMNS = ("Overall", "")
MAX_TIP_LINES = 12


def seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} s"


def _response(response: Response | None) -> tuple[str, str]:
    if response is None:
        return "none", ""
    return f"{response.seconds:.1f} s", f"{response.seconds:.1f} s after the start: {response.what}"


def _lines(texts: list[str]) -> str:
    more = len(texts) - MAX_TIP_LINES
    shown = texts[:MAX_TIP_LINES] + ([f"… and {more} more"] if more > 0 else [])
    return "\n".join(shown)


def _tags(count: int) -> str:
    return f"yes, {count} tag" + ("" if count == 1 else "s")


def outside_text(u: UpsetDebrief) -> str:
    """'42.0 s, all back after 80 s', '42.0 s, not all back', or '—'."""
    if not u.left_normal:
        return "—"
    back = u.back_in
    after = "not all back" if back is None else f"all back after {back - u.start:.0f} s"
    return f"{u.outside_s:.1f} s, {after}"


def overall_rows(o: Overall) -> list[tuple[str, str]]:
    """The session's figures as (figure, value)."""
    return [
        ("Duration", f"{o.duration_s:.0f} s"),
        ("Upsets", str(o.upsets)),
        ("Alarms raised", str(o.alarms_raised)),
        ("Acknowledgements (trainee)", str(o.acknowledgements)),
        ("Mean / slowest time to acknowledge", f"{seconds(o.mean_ack_s)} / "
                                               f"{seconds(o.worst_ack_s)}"),
        ("Mean time to the first corrective write", seconds(o.mean_write_s)),
        ("Writes accepted / refused", f"{o.writes_accepted} / {o.writes_refused}"),
        ("Shelving actions", str(o.shelve_actions)),
        ("Upsets never acknowledged / without a write",
         f"{o.upsets_unacknowledged} / {o.upsets_without_write}"),
        ("Time outside the normal range", seconds(o.outside_s)),
        ("Screen visits", f"{o.screen_visits}: {', '.join(o.screens) or 'none'}"),
    ]  # fmt: skip


class DebriefView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("debriefView")
        self.debrief: Debrief | None = None
        self.summary = QLabel("Choose a session to see its debrief.")
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
        layout.addWidget(section("Per upset", "seconds after the upset started"))
        layout.addWidget(self.upsets, 1)
        layout.addWidget(self.overall)

    def clear(self, text: str = "Choose a session to see its debrief.") -> None:
        self.debrief = None
        self.summary.setText(text)
        self.upsets.setRowCount(0)
        self.overall.setRowCount(0)

    def show_debrief(self, debrief: Debrief) -> None:
        self.debrief = debrief
        s, o = debrief.session, debrief.overall
        self.summary.setText(
            f"<b>{escape(s.title)}</b>: trainee <b>{escape(s.trainee)}</b>, trainer "
            f"{escape(s.trainer)}, {o.duration_s:.0f} s at time factor {s.time_factor:g}, from "
            f"{escape(s.start_state)}. Plan: {escape(s.plan_text)}."
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
            findings = (o.upsets_unacknowledged or o.upsets_without_write) and "never" in figure
            set_cell(self.overall, row, 1, value, value, strong=bool(findings))
        fit_rows(self.overall)

    def _upset_row(self, row: int, u: UpsetDebrief) -> None:
        ack, ack_tip = _response(u.first_ack)
        write, write_tip = _response(u.first_write)
        stop = "running at the end" if u.stop is None else f"stopped after {u.stop - u.start:.0f} s"
        outside_tip = _lines([e.text for e in u.excursions]) or "stayed in its normal range"
        alarm_tip = _lines([f"{a.offset:.1f} s  P{a.priority}  {a.text}" for a in u.alarms])
        cells = [
            (f"{u.title} ({u.scenario})", f"{u.title}: {stop}", False),
            (u.area, "", False),
            (f"{u.offset:.1f} s", "seconds into the session", False),
            (u.source, "started by the plan or live by the trainer", False),
            (
                ack,
                ack_tip or "no alarm of the area acknowledged by the trainee",
                u.first_ack is None,
            ),
            (write, write_tip or "no accepted write to a tag of the area", not write_tip),
            (_tags(len(u.excursions)) if u.left_normal else "no", outside_tip, False),
            (outside_text(u), outside_tip, False),
            (str(len(u.alarms)), alarm_tip or "no alarms raised", False),
        ]
        for column, (text, tip, strong) in enumerate(cells):
            set_cell(self.upsets, row, column, text, tip, strong=strong)
