"""Two sessions of the same scenario plan side by side (tags/training/compare.py): per upset
the response times and the time outside the normal range of A and B and their difference,
then the overall figures. Differences are B − A: negative means B was quicker, or its
process was outside its normal range for less time."""

from __future__ import annotations

from datetime import datetime
from html import escape

from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from hmi.view_parts import fit_rows, read_only_table, section, set_cell
from tags.training.compare import Comparison, UpsetComparison
from tags.training.debrief import Debrief, UpsetDebrief

UPSET_COLUMNS = (
    "Upset", "Ack A", "Ack B", "B − A", "Write A", "Write B", "B − A",
    "Outside A", "Outside B", "B − A", "Alarms A / B",
)  # fmt: skip
OVERALL_COLUMNS = ("Overall", "A", "B", "B − A")


def number(value: float | None, *, signed: bool = False, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:+.1f}" if signed else f"{value:.1f}"
    if float(value).is_integer() and not unit:
        text = f"{value:+.0f}" if signed else f"{value:.0f}"
    return f"{text}{unit}"


def who(d: Debrief) -> str:
    s = d.session
    when = datetime.fromtimestamp(s.start).strftime("%d %b %H:%M")
    return f"session {s.id} ({s.title}), trainee {s.trainee}, {when}, from {s.start_state}"


def _ack(d: UpsetDebrief | None) -> float | None:
    return None if d is None or d.first_ack is None else d.first_ack.seconds


def _write(d: UpsetDebrief | None) -> float | None:
    return None if d is None or d.first_write is None else d.first_write.seconds


def _outside(d: UpsetDebrief | None) -> float | None:
    return None if d is None else d.outside_s


def figures(u: UpsetComparison) -> list[tuple[float | None, float | None, float | None]]:
    """(A, B, B − A) of the acknowledgement, the first write and the time outside."""
    return [
        (_ack(u.a), _ack(u.b), u.ack_diff),
        (_write(u.a), _write(u.b), u.write_diff),
        (_outside(u.a), _outside(u.b), u.outside_diff),
    ]


class ComparisonView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comparisonView")
        self.comparison: Comparison | None = None
        self.heading = QLabel("Choose two sessions of the same plan to compare them.")
        self.heading.setWordWrap(True)
        self.upsets = read_only_table(UPSET_COLUMNS, "comparisonUpsets")
        self.upsets.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.overall = read_only_table(OVERALL_COLUMNS, "comparisonOverall")
        self.overall.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addWidget(section("Per upset", "seconds after the upset started; B − A below "
                                 "zero: B was quicker"))  # fmt: skip
        layout.addWidget(self.upsets, 1)
        layout.addWidget(self.overall)

    def show_comparison(self, comparison: Comparison) -> None:
        self.comparison = comparison
        self.heading.setText(
            f"<b>A</b>: {escape(who(comparison.a))}<br><b>B</b>: {escape(who(comparison.b))}"
            f"<br>Plan: {escape(comparison.a.session.plan_text)}"
        )
        self.upsets.setRowCount(len(comparison.upsets))
        for row, u in enumerate(comparison.upsets):
            name = u.scenario if u.occurrence == 1 else f"{u.scenario} #{u.occurrence}"
            set_cell(self.upsets, row, 0, name, "only in one session" if None in (u.a, u.b) else "")
            column = 1
            for a, b, diff in figures(u):
                set_cell(self.upsets, row, column, number(a, unit=" s"))
                set_cell(self.upsets, row, column + 1, number(b, unit=" s"))
                set_cell(self.upsets, row, column + 2, number(diff, signed=True, unit=" s"))
                column += 3
            alarms = " / ".join("—" if d is None else str(len(d.alarms)) for d in (u.a, u.b))
            set_cell(self.upsets, row, column, alarms)
        self.upsets.resizeColumnsToContents()
        self.upsets.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        rows = comparison.overall()
        self.overall.setRowCount(len(rows))
        for row, (label, a, b, diff) in enumerate(rows):
            count = all(isinstance(v, int) or v is None for v in (a, b))
            unit = "" if count else " s"
            label = label.removesuffix(" (s)")
            set_cell(self.overall, row, 0, label[:1].upper() + label[1:])
            set_cell(self.overall, row, 1, number(a, unit=unit))
            set_cell(self.overall, row, 2, number(b, unit=unit))
            set_cell(self.overall, row, 3, number(diff, signed=True, unit=unit))
        fit_rows(self.overall)
