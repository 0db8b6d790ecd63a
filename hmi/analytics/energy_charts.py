"""Bar charts of energy figures per shift, day or week, each with its target for comparison.

One chart per charted figure of each declared area (``chart_specs``), laid out by area in
project order. Bars of finished periods are grey, the
running period's bar lighter, and a finished period that missed its target is the only bar in
colour ("target_off_bar"); the target is a dashed line with its value written beside it.
Charts start at zero, so bar heights compare honestly. Titles take two lines (the figure, then
its unit and target), so the grid fits beside the figures table on a 1366-pixel screen, and
the grid never becomes narrower than its charts need (nothing is cut on the right).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFontMetricsF

from hmi.analytics.energy_history import PeriodFigures
from hmi.analytics.energy_rows import Namer, PeriodValue, area_value, number
from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.shell.theme import palette
from tags.analytics.energy_areas import AreaEnergy
from tags.analytics.energy_catalogue import CATALOGUE, FigureSpec, fill
from tags.analytics.energy_figures import Better
from tags.analytics.shift_calendar import ShiftCalendar

BAR_WIDTH = 0.7
LABEL_GAP = 12
"""Pixels kept free between two labels under the bars."""
AXIS_WIDTH = 44
"""The value axis: room for "6000" and its ticks."""
TITLE_MAX_HEIGHT = 44


@dataclass(frozen=True)
class ChartSpec:
    key: str
    title: str
    unit: str
    value: PeriodValue
    decimals: int
    target: float | None = None
    better: Better | None = None
    marks: PeriodValue | None = None
    """A second figure per period, drawn as a short line across its bar (the baseline)."""
    marks_name: str = ""


def chart_specs(declared: Sequence[AreaEnergy], name: Namer = fill) -> list[ChartSpec]:
    """The charted figures of each declared area, in project order; ``name`` gives the
    titles (units stay as the catalogue has them)."""
    found: list[ChartSpec] = []
    for decl in declared:
        for spec in CATALOGUE[decl.kind].values():
            if not spec.chart:
                continue
            target = decl.target(spec.id)
            marks = None
            if spec.marks:
                marks = area_value(decl.area, FigureSpec(spec.marks, spec.marks, "", "", 0))
            found.append(ChartSpec(
                f"{decl.area}:{spec.id}", f"{decl.area} {name(spec.chart, decl)}",
                fill(spec.unit, decl), area_value(decl.area, spec), spec.decimals,
                None if target is None else target.value,
                None if target is None else target.better, marks,
                name(spec.marks_name, decl) if spec.marks_name else "",
            ))  # fmt: skip
    return found


COLUMNS = 2
ROW_MIN_HEIGHT = 125
"""A row of charts: two title lines, a readable plot and its labels (fits 1366 x 768)."""

TICK_FORMATS = {"shift": QT_TRANSLATE_NOOP("EnergyCharts", "%d %b"),
                "day": QT_TRANSLATE_NOOP("EnergyCharts", "%d %b"),
                "week": QT_TRANSLATE_NOOP("EnergyCharts", "W%V")}  # fmt: skip
"""strftime formats of the labels under the bars, translated (a Chinese date has no %b)."""


def tick_labels(kind: str, rows: Sequence[PeriodFigures], calendar: ShiftCalendar) -> list[str]:
    """A label under each bar: the day at each day's first shift, each day, each week."""
    labels: list[str] = []
    last = ""
    form = QCoreApplication.translate("EnergyCharts", TICK_FORMATS[kind])
    for row in rows:
        text = calendar.local_text(row.start, form)
        if kind == "shift":
            labels.append(text if text != last else "")
            last = text
        else:
            labels.append(text)
    return labels


def thinned(labels: Sequence[str], label_width: float, axis_width: float) -> list[str]:
    """The labels under the bars that fit side by side at this axis width, kept from the
    newest period back; the others blank, so labels never overlap on a narrow chart."""
    if not labels or axis_width <= 0:
        return list(labels)
    n = len(labels)
    per_bar = axis_width / n  # the x range is one unit per bar, 0.6 of one beyond each end
    half = label_width / 2

    def room(i: int) -> bool:
        return min(i + 0.6, n - 0.4 - i) * per_bar >= half  # not cut at an end of the axis

    kept = [""] * n
    last: int | None = None
    for i in reversed(range(n)):
        if not labels[i] or not room(i):
            continue
        if last is None or (last - i) * per_bar >= label_width + LABEL_GAP:
            kept[i] = labels[i]
            last = i
    return kept


def missed(value: float | None, target: float | None, better: Better | None) -> bool:
    if value is None or target is None or better is None:
        return False
    return value > target if better is Better.LOWER else value < target


class BarChart(pg.PlotItem):  # type: ignore[misc]
    """One figure per period as bars, with its target."""

    def __init__(self, spec: ChartSpec) -> None:
        super().__init__(enableMenu=False)  # no context menus to build
        self.spec = spec
        self.target = spec.target
        colors = palette()
        self._colors = colors
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        item = self
        self.set_title(spec)
        self.titleLabel.setMaximumHeight(TITLE_MAX_HEIGHT)  # two lines (pyqtgraph allows one)
        self.layout.removeItem(self.titleLabel)  # over the axis too: the title sets no width
        self.layout.addItem(self.titleLabel, 0, 0, 1, 3)
        for side in ("left", "bottom"):
            axis = item.getAxis(side)
            axis.setPen(colors.color("border"))
            axis.setTextPen(colors.color("text_dim"))
        item.getAxis("left").enableAutoSIPrefix(False)
        item.getAxis("left").setWidth(AXIS_WIDTH)
        border = pg.mkPen(colors.color("border"), width=1)  # one pen: a list may not be empty
        self.bars = pg.BarGraphItem(x=[], height=[], width=BAR_WIDTH, pen=border)
        self.addItem(self.bars)
        self.marks = pg.PlotCurveItem(pen=pg.mkPen(colors.color("limit_mark"), width=2))
        self.addItem(self.marks)
        self.target_line: pg.InfiniteLine | None = None
        if self.target is not None:
            pen = pg.mkPen(colors.color("limit_mark"), width=1, style=Qt.PenStyle.DashLine)
            self.target_line = pg.InfiniteLine(self.target, angle=0, pen=pen, movable=False)
            self.addItem(self.target_line)
        self.values: list[float | None] = []
        self.missed: list[bool] = []
        self.labels: list[str] = []
        self.getViewBox().sigResized.connect(self.place_labels)

    def set_title(self, spec: ChartSpec) -> None:
        """The figure, then its unit and target (the spec's names in the current language)."""
        self.spec = spec
        target = ""
        if spec.target is not None:
            target = QCoreApplication.translate("EnergyCharts", " · target {value}").format(
                value=number(spec.target, spec.decimals))  # fmt: skip
        if spec.marks is not None:
            target += QCoreApplication.translate("EnergyCharts", " · line: {name}").format(
                name=spec.marks_name
            )
        self.setTitle(f"{spec.title}<br>{spec.unit}{target}", color=self._colors.hex("text"),
                      size="10pt")  # fmt: skip

    def show_rows(self, rows: Sequence[PeriodFigures], labels: Sequence[str]) -> None:
        spec, colors = self.spec, self._colors
        self.values = [spec.value(r.figures) for r in rows]
        self.missed = [r.complete and missed(v, self.target, spec.better)
                       for r, v in zip(rows, self.values, strict=True)]  # fmt: skip
        shown = [i for i, v in enumerate(self.values) if v is not None]
        brushes = [
            colors.color("target_off_bar" if self.missed[i]
                         else "bar" if rows[i].complete else "bar_running")
            for i in shown
        ]  # fmt: skip
        self.bars.setOpts(x=shown, height=[self.values[i] for i in shown], width=BAR_WIDTH,
                          brushes=brushes)  # fmt: skip
        marks = [] if spec.marks is None else [(i, spec.marks(rows[i].figures)) for i in shown]
        kept = [(i, m) for i, m in marks if m is not None]
        half = BAR_WIDTH / 2
        self.marks.setData(x=[x for i, _ in kept for x in (i - half, i + half)],
                           y=[m for _, m in kept for _ in (0, 1)], connect="pairs")  # fmt: skip
        self.labels = list(labels)
        self.place_labels()
        top = max([v for v in self.values if v is not None] + [m for _, m in kept] + [0.0])
        if self.target is not None:
            top = max(top, self.target)
        self.setXRange(-0.6, max(len(rows), 1) - 0.4, padding=0)
        self.setYRange(0.0, top * 1.12 if top > 0 else 1.0, padding=0)

    def shown_labels(self) -> list[str]:
        """The labels under the bars as drawn at the chart's present width."""
        axis = self.getAxis("bottom")
        widest = max((QFontMetricsF(axis.font()).horizontalAdvance(t) for t in self.labels),
                     default=0.0)  # fmt: skip
        return thinned(self.labels, widest, self.getViewBox().width())

    def place_labels(self) -> None:
        shown = self.shown_labels()
        self.getAxis("bottom").setTicks([[(i, t) for i, t in enumerate(shown) if t], []])


class EnergyCharts(pg.GraphicsLayoutWidget):  # type: ignore[misc]
    """Every chart of the declared areas in a grid, filled together (one view: one paint)."""

    def __init__(
        self, declared: Sequence[AreaEnergy], calendar: ShiftCalendar, name: Namer = fill
    ) -> None:
        super().__init__()
        self.calendar = calendar
        self.setBackground(palette().color("panel"))
        self.ci.setSpacing(6)
        self.ci.setContentsMargins(2, 4, 2, 2)
        specs = chart_specs(declared, name)
        self.charts = {spec.key: BarChart(spec) for spec in specs}
        for n, chart in enumerate(self.charts.values()):
            self.addItem(chart, row=n // COLUMNS, col=n % COLUMNS)
        self.setMinimumHeight(ROW_MIN_HEIGHT * math.ceil(len(specs) / COLUMNS))
        needed = self.ci.effectiveSizeHint(Qt.SizeHint.MinimumSize).width()
        self.setMinimumWidth(math.ceil(needed) + 2 * self.frameWidth())

    def retitle(self, specs: Sequence[ChartSpec]) -> None:
        """The titles again from ``specs`` (the same charts, named in another language)."""
        for spec in specs:
            chart = self.charts.get(spec.key)
            if chart is not None:
                chart.set_title(spec)

    def show_rows(self, kind: str, rows: Sequence[PeriodFigures]) -> None:
        labels = tick_labels(kind, rows, self.calendar)
        for chart in self.charts.values():
            chart.show_rows(rows, labels)
