"""Two sessions of the same scenario plan side by side (tags/training/compare.py): per upset
the response times and the time outside the normal range of A and B and their difference,
then the overall figures. Differences are B − A: negative means B was quicker, or its
process was outside its normal range for less time."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.i18n.retranslate import is_language_change
from hmi.local_time import local_time
from hmi.training.access import session_title, start_state_text
from hmi.view_parts import (
    fit_rows,
    read_only_table,
    section,
    set_cell,
    set_header_labels,
    set_section,
)
from tags.training.compare import Comparison, UpsetComparison
from tags.training.debrief import Debrief, UpsetDebrief

UPSET_COLUMNS = (
    QT_TRANSLATE_NOOP("ComparisonView", "Upset"),
    QT_TRANSLATE_NOOP("ComparisonView", "Ack A"),
    QT_TRANSLATE_NOOP("ComparisonView", "Ack B"),
    QT_TRANSLATE_NOOP("ComparisonView", "B − A"),
    QT_TRANSLATE_NOOP("ComparisonView", "Write A"),
    QT_TRANSLATE_NOOP("ComparisonView", "Write B"),
    QT_TRANSLATE_NOOP("ComparisonView", "B − A"),
    QT_TRANSLATE_NOOP("ComparisonView", "Outside A"),
    QT_TRANSLATE_NOOP("ComparisonView", "Outside B"),
    QT_TRANSLATE_NOOP("ComparisonView", "B − A"),
    QT_TRANSLATE_NOOP("ComparisonView", "Alarms A / B"),
)
OVERALL_COLUMNS = (QT_TRANSLATE_NOOP("ComparisonView", "Overall"), "A", "B", "B − A")
FIGURES = {
    "mean time to acknowledge": QT_TRANSLATE_NOOP("ComparisonView", "Mean time to acknowledge"),
    "slowest acknowledgement": QT_TRANSLATE_NOOP("ComparisonView", "Slowest acknowledgement"),
    "mean time to the first write": QT_TRANSLATE_NOOP(
        "ComparisonView", "Mean time to the first write"
    ),
    "outside the normal range": QT_TRANSLATE_NOOP("ComparisonView", "Outside the normal range"),
    "alarms raised": QT_TRANSLATE_NOOP("ComparisonView", "Alarms raised"),
    "acknowledgements": QT_TRANSLATE_NOOP("ComparisonView", "Acknowledgements"),
    "writes accepted": QT_TRANSLATE_NOOP("ComparisonView", "Writes accepted"),
    "writes refused": QT_TRANSLATE_NOOP("ComparisonView", "Writes refused"),
    "upsets not acknowledged": QT_TRANSLATE_NOOP("ComparisonView", "Upsets not acknowledged"),
    "screen visits": QT_TRANSLATE_NOOP("ComparisonView", "Screen visits"),
}
"""The overall figures of a comparison (as the engine names them, lower case, no unit)."""


def number(value: float | None, *, signed: bool = False, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:+.1f}" if signed else f"{value:.1f}"
    if float(value).is_integer() and not unit:
        text = f"{value:+.0f}" if signed else f"{value:.0f}"
    return f"{text}{unit}"


def who(d: Debrief) -> str:
    s = d.session
    day = QCoreApplication.translate("ComparisonView", "dd MMM HH:mm")
    when = local_time(s.start, day)
    return QCoreApplication.translate(
        "ComparisonView", "session {id} ({title}), trainee {trainee}, {when}, from {start}"
    ).format(
        id=s.id,
        title=session_title(s),
        trainee=s.trainee,
        when=when,
        start=start_state_text(s.start_state),
    )


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
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.upsets = read_only_table(UPSET_COLUMNS, "comparisonUpsets")
        self.upsets.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.overall = read_only_table(OVERALL_COLUMNS, "comparisonOverall")
        self.overall.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        self.title = section("")
        layout.addWidget(self.title)
        layout.addWidget(self.upsets, 1)
        layout.addWidget(self.overall)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        hint = self.tr("seconds after the upset started; B − A below zero: B was quicker")
        set_section(self.title, self.tr("Per upset"), hint)
        set_header_labels(self.upsets, "ComparisonView", UPSET_COLUMNS)
        set_header_labels(self.overall, "ComparisonView", OVERALL_COLUMNS)
        if self.comparison is not None:
            self.show_comparison(self.comparison)
        else:
            self.heading.setText(self.tr("Choose two sessions of the same plan to compare them."))

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate_ui()
        super().changeEvent(event)

    def show_comparison(self, comparison: Comparison) -> None:
        self.comparison = comparison
        self.heading.setText(
            f"<b>A</b>: {escape(who(comparison.a))}<br><b>B</b>: {escape(who(comparison.b))}<br>"
            + self.tr("Plan: {plan}").format(plan=escape(comparison.a.session.plan_text))
        )
        self.upsets.setRowCount(len(comparison.upsets))
        for row, u in enumerate(comparison.upsets):
            name = u.scenario if u.occurrence == 1 else f"{u.scenario} #{u.occurrence}"
            only = self.tr("only in one session") if None in (u.a, u.b) else ""
            set_cell(self.upsets, row, 0, name, only)
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
            marked = FIGURES.get(label)
            shown = (
                QCoreApplication.translate("ComparisonView", marked)
                if marked
                else label[:1].upper() + label[1:]
            )
            set_cell(self.overall, row, 0, shown)
            set_cell(self.overall, row, 1, number(a, unit=unit))
            set_cell(self.overall, row, 2, number(b, unit=unit))
            set_cell(self.overall, row, 3, number(diff, signed=True, unit=unit))
        fit_rows(self.overall)
