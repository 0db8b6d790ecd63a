"""Bar charts of energy figures per shift, day or week, each with its target for comparison.

One chart per figure (``CHARTS``), laid out by area. Bars of finished periods are grey, the
running period's bar lighter, and a finished period that missed its target is the only bar in
colour ("target_off_bar"); the target is a dashed line with its value written beside it.
Charts start at zero, so bar heights compare honestly.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import Qt

from hmi.analytics.energy_history import PeriodFigures
from hmi.analytics.energy_rows import PeriodValue, number
from hmi.shell.theme import palette
from tags.analytics.config import TargetSettings
from tags.analytics.energy_figures import Better, EnergyFigures
from tags.analytics.shift_calendar import ShiftCalendar

BAR_WIDTH = 0.7


def _get(area: str, name: str, scale: float = 1.0) -> PeriodValue:
    def read(f: EnergyFigures) -> float | None:
        part = getattr(f, area)
        value = None if part is None else getattr(part, name)
        return None if value is None else value * scale

    return read


@dataclass(frozen=True)
class ChartSpec:
    key: str
    title: str
    unit: str
    value: PeriodValue
    decimals: int
    target: Callable[[TargetSettings], float] | None = None
    better: Better | None = None
    marks: PeriodValue | None = None
    """A second figure per period, drawn as a short line across its bar (the baseline)."""
    marks_name: str = ""


CHARTS = (
    ChartSpec("sec", "EMM DC specific energy", "kWh/t Mn", _get("emm", "sec_kwh_t"), 0,
              lambda t: t.emm_sec, Better.LOWER),
    ChartSpec("ce", "EMM current efficiency", "%", _get("emm", "ce_percent"), 1,
              lambda t: t.emm_ce, Better.HIGHER),
    ChartSpec("cwp_kwh_t", "CWP energy per t clean coal", "kWh/t",
              _get("cwp", "kwh_per_t_clean"), 1, lambda t: t.cwp_kwh_per_t_clean, Better.LOWER),
    ChartSpec("yield", "CWP clean coal yield", "%", _get("cwp", "yield_percent"), 1,
              lambda t: t.cwp_yield, Better.HIGHER),
    ChartSpec("net", "SCO2 energy exported", "MWh", _get("sco2", "net_mwh"), 1,
              marks=_get("sco2", "baseline_mwh"), marks_name="baseline plant"),
    ChartSpec("gain", "SCO2 gain over the baseline", "%", _get("sco2", "gain_percent"), 1,
              lambda t: t.sco2_gain, Better.HIGHER),
)  # fmt: skip
COLUMNS = 2

TICK_FORMATS = {"shift": "%d %b", "day": "%d %b", "week": "W%V"}


def tick_labels(kind: str, rows: Sequence[PeriodFigures], calendar: ShiftCalendar) -> list[str]:
    """A label under each bar: the day at each day's first shift, each day, each week."""
    labels: list[str] = []
    last = ""
    for row in rows:
        text = calendar.local_text(row.start, TICK_FORMATS[kind])
        if kind == "shift":
            labels.append(text if text != last else "")
            last = text
        else:
            labels.append(text)
    return labels


def missed(value: float | None, target: float | None, better: Better | None) -> bool:
    if value is None or target is None or better is None:
        return False
    return value > target if better is Better.LOWER else value < target


class BarChart(pg.PlotItem):  # type: ignore[misc]
    """One figure per period as bars, with its target."""

    def __init__(self, spec: ChartSpec, targets: TargetSettings) -> None:
        super().__init__(enableMenu=False)  # no context menus to build
        self.spec = spec
        self.target = None if spec.target is None else spec.target(targets)
        colors = palette()
        self._colors = colors
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        item = self
        target = "" if self.target is None else f" · target {number(self.target, spec.decimals)}"
        if spec.marks is not None:
            target += f" · line: {spec.marks_name}"
        item.setTitle(f"{spec.title}, {spec.unit}{target}", color=colors.hex("text"), size="10pt")
        for side in ("left", "bottom"):
            axis = item.getAxis(side)
            axis.setPen(colors.color("border"))
            axis.setTextPen(colors.color("text_dim"))
        item.getAxis("left").enableAutoSIPrefix(False)
        item.getAxis("left").setWidth(52)
        self.bars = pg.BarGraphItem(x=[], height=[], width=BAR_WIDTH)
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
        self.bars.setOpts(
            x=shown, height=[self.values[i] for i in shown], width=BAR_WIDTH, brushes=brushes,
            pens=[pg.mkPen(colors.color("border"), width=1)] * len(shown),
        )  # fmt: skip
        marks = [] if spec.marks is None else [(i, spec.marks(rows[i].figures)) for i in shown]
        kept = [(i, m) for i, m in marks if m is not None]
        half = BAR_WIDTH / 2
        self.marks.setData(x=[x for i, _ in kept for x in (i - half, i + half)],
                           y=[m for _, m in kept for _ in (0, 1)], connect="pairs")  # fmt: skip
        axis = self.getAxis("bottom")
        axis.setTicks([[(i, text) for i, text in enumerate(labels) if text], []])
        top = max([v for v in self.values if v is not None] + [m for _, m in kept] + [0.0])
        if self.target is not None:
            top = max(top, self.target)
        self.setXRange(-0.6, max(len(rows), 1) - 0.4, padding=0)
        self.setYRange(0.0, top * 1.12 if top > 0 else 1.0, padding=0)


class EnergyCharts(pg.GraphicsLayoutWidget):  # type: ignore[misc]
    """Every chart of ``CHARTS`` in a grid, filled together (one view for all: one paint)."""

    def __init__(self, targets: TargetSettings, calendar: ShiftCalendar) -> None:
        super().__init__()
        self.calendar = calendar
        self.setBackground(palette().color("panel"))
        self.ci.setSpacing(6)
        self.charts = {spec.key: BarChart(spec, targets) for spec in CHARTS}
        for n, chart in enumerate(self.charts.values()):
            self.addItem(chart, row=n // COLUMNS, col=n % COLUMNS)
        self.setMinimumHeight(150 * math.ceil(len(CHARTS) / COLUMNS))

    def show_rows(self, kind: str, rows: Sequence[PeriodFigures]) -> None:
        labels = tick_labels(kind, rows, self.calendar)
        for chart in self.charts.values():
            chart.show_rows(rows, labels)
