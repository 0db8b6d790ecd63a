"""Print a ShiftReport (tags/reports/shift_report.py) to PDF with reportlab and its own charts.

A4 portrait, Helvetica, grey tables (colour only for a missed target or a fault), a header
with the project and period on every page. Line charts break where the value was Bad; alarm
limits are dashed lines.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from tags.analytics.energy_figures import AreaFigures, EnergyFigures, TargetCheck
from tags.analytics.shift_calendar import zone
from tags.reports.fonts import LATIN, report_fonts
from tags.reports.shift_report import Chart, ShiftReport

GREY = colors.HexColor("#5f6368")
LIGHT = colors.HexColor("#e8eaed")
BAD = colors.HexColor("#c5221f")
MARK = colors.HexColor("#5f6368")
PLAN_SHORTFALL = 95.0
"""% of plan below which a production line is marked."""
PALETTE = [colors.HexColor(c) for c in ("#1a73e8", "#188038", "#e37400", "#9334e6")]
WIDTH = A4[0] - 36 * mm

_styles = getSampleStyleSheet()
BODY = _styles["BodyText"]
SMALL = _styles["BodyText"].clone("small", fontSize=8, leading=10)
H1 = _styles["Heading1"]
H2 = _styles["Heading2"]
FONT, FONT_BOLD = LATIN.regular, LATIN.bold
"""The fonts of the language being printed (use_language_fonts sets them)."""


def use_language_fonts() -> None:
    """Print in the current language's fonts from now on (Chinese: a CJK font, embedded;
    MissingFont when the machine has none)."""
    global FONT, FONT_BOLD
    fonts = report_fonts()
    FONT, FONT_BOLD = fonts.regular, fonts.bold
    for style in (BODY, SMALL):
        style.fontName = FONT
    for style in (H1, H2):
        style.fontName = FONT_BOLD


def _period_mwh(area: AreaFigures | None) -> float:
    """An area's energy of a period in MWh: used, or exported by a power plant."""
    if area is None:
        return 0.0
    if area.heat_to_power is not None:
        return area.heat_to_power.net_mwh
    if area.electrolysis is not None:
        return area.electrolysis.dc_kwh / 1000.0
    used = area.washing or area.production
    return 0.0 if used is None else used.kwh / 1000.0


def _exports(slices: Sequence[EnergyFigures], name: str) -> bool:
    return any(a.kind == "heat_to_power" for a in slices[0].areas if a.area == name)


def _p(text: str, style: Any = SMALL) -> Any:
    return Paragraph(escape(text), style)


def _table(rows: list[list[Any]], widths: Sequence[float] | None = None, bad: Sequence[int] = ()):  # type: ignore[no-untyped-def]
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, 8),
        ("FONT", (0, 0), (-1, 0), FONT_BOLD, 8),
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, GREY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    style += [("TEXTCOLOR", (0, row), (-1, row), BAD) for row in bad]
    table.setStyle(TableStyle(style))
    return table


class _Printer:
    def __init__(self, report: ShiftReport) -> None:
        self.report = report
        self.tz = zone(report.timezone)

    def time(self, t: float, fmt: str = "%Y-%m-%d %H:%M") -> str:
        return datetime.fromtimestamp(t, self.tz).strftime(fmt)

    def story(self) -> list[Any]:
        r = self.report
        out: list[Any] = [Paragraph(escape(r.title), H1)]
        out.append(_table([
            ["Project", r.project],
            ["Period", f"{self.time(r.start)} to {self.time(r.end)} "
                       f"({(r.end - r.start) / 3600:.2f} h)"],
            ["Source", r.source or "console history"],
            ["Generated", self.time(r.generated, "%Y-%m-%d %H:%M:%S")],
        ], [35 * mm, WIDTH - 35 * mm]))  # fmt: skip
        out += self.events() + self.plan() + self.production() + self.energy() + self.alarms()
        out += self.writes_and_notes() + self.instruments() + self.charts()
        return out

    def events(self) -> list[Any]:
        out: list[Any] = [Paragraph("Events and downtime", H2)]
        rows: list[list[Any]] = [["stopped", "unit", "what", "down", "back at full rate",
                                  "lost"]]  # fmt: skip
        for e in self.report.events:
            back = "not in this period" if e.recovered is None else self.time(e.recovered, "%H:%M")
            if e.restarted is None:
                back = "still stopped at the end"
            lost = "not known" if e.lost is None else f"{e.lost:,.3f} {e.product}"
            rows.append([self.time(e.stopped, "%H:%M:%S"), _p(e.title), _p(e.cause),
                         f"{e.downtime / 60:.0f} min", back, _p(lost)])  # fmt: skip
        if not self.report.events:
            rows.append(["none", "no unit stopped in this period", "", "", "", ""])
        out.append(_table(rows, [17 * mm, 33 * mm, 45 * mm, 15 * mm, 30 * mm, 34 * mm],
                          range(1, len(rows)) if self.report.events else ()))  # fmt: skip
        return out

    def plan(self) -> list[Any]:
        out: list[Any] = [Paragraph("Production against plan", H2)]
        rows: list[list[Any]] = [["", "plan", "actual", "difference", "of plan",
                                  "lost to stops"]]  # fmt: skip
        bad = []
        for line in self.report.plan:
            percent = line.percent
            if percent is not None and percent < PLAN_SHORTFALL:
                bad.append(len(rows))
            lost = "" if line.lost is None else f"{line.lost:,.3f} {line.unit}"
            rows.append([f"{line.area}: {line.product}", f"{line.plan:,.3f} {line.unit}",
                         f"{line.actual:,.3f} {line.unit}",
                         f"{line.difference:+,.3f} {line.unit}", _n(percent, ".1f") + " %",
                         lost])  # fmt: skip
        if not self.report.plan:
            rows.append(["no plan in the project (plan_per_shift of an energy area)", "", "", "",
                         "", ""])  # fmt: skip
        out.append(_table(rows, [42 * mm, 27 * mm, 27 * mm, 27 * mm, 20 * mm, 31 * mm], bad))
        out.append(_p("The plan is the project's per shift, prorated over the period."))
        return out

    def production(self) -> list[Any]:
        out: list[Any] = [Paragraph("Production and quality", H2)]
        targets = {(c.area, c.figure): c for c in self.report.targets}
        if not self.report.production:
            out.append(_p("No production figures were recorded in this period."))
        for area in self.report.production:
            rows: list[list[Any]] = [[f"{area.area}: {area.title}", "value", "target", ""]]
            bad = []
            for f in area.figures:
                check = targets.get((area.area, f.figure))
                target = "" if check is None else f"{check.target:g} {check.unit}"
                verdict = "" if check is None or check.met is None else (
                    "met" if check.met else "missed")  # fmt: skip
                if verdict == "missed":
                    bad.append(len(rows))
                rows.append([f.label, f.text, target, verdict])
            out.append(_table(rows, [70 * mm, 45 * mm, 35 * mm, 20 * mm], bad))
            out.append(Spacer(1, 3 * mm))
        return out

    def energy(self) -> list[Any]:
        r, e = self.report, self.report.energy
        out: list[Any] = [Paragraph("Energy", H2)]
        if not e.areas:
            out.append(_p("No area of this project declares energy figures."))
        for area in e.areas:
            out += self.area_energy(area, e.currency)
        cover = ", ".join(f"{a} {100 * c:.0f} %" for a, c in e.coverage.items())
        out.append(_p(f"Data coverage: {cover}."))
        out.append(self.targets(r.targets))
        if r.slices:
            out.append(KeepTogether([Spacer(1, 3 * mm), self.bars(r.slices)]))
        return out

    def area_energy(self, area: AreaFigures, currency: str) -> list[Any]:
        """What the production section does not show: per series, tariff bands, export."""
        out: list[Any] = []
        x = area.electrolysis
        if x is not None:
            rows: list[list[Any]] = [[f"{area.area} series", "DC kWh", f"{area.unit}", "kWh/t",
                                      "CE %", f"cost {currency}", "mean kA", "mean V"]]  # fmt: skip
            for s in x.series:
                numbers = [(s.dc_kwh, ".0f"), (s.product_t, ".3f"), (s.sec_kwh_t, ".0f"),
                           (s.ce_percent, ".1f"), (s.cost, ".0f"), (s.mean_current_ka, ".2f"),
                           (s.mean_voltage_v, ".1f")]  # fmt: skip
                rows.append([s.name, *(_n(value, fmt) for value, fmt in numbers)])
            bands = ", ".join(f"{b} {kwh:,.0f} kWh" for b, kwh in x.kwh_by_band.items())
            out += [_table(rows), _p(f"Tariff periods: {bands}. Measured CE (tag mean): "
                                     f"{_n(x.ce_measured_percent, '.1f')} %.")]  # fmt: skip
        w = area.washing or area.production
        if w is not None:
            bands = ", ".join(f"{b} {kwh:,.0f} kWh" for b, kwh in w.kwh_by_band.items())
            out.append(_p(f"{area.area} energy: {w.kwh:,.0f} kWh ({w.power_basis}), "
                          f"cost {w.cost:,.0f} {currency}; tariff periods: {bands}."))  # fmt: skip
        h = area.heat_to_power
        if h is not None:
            out.append(_p(f"{area.area}: auxiliaries {h.auxiliaries_mwh:.2f} MWh, net "
                          f"efficiency {_n(h.net_efficiency_percent, '.1f')} %, export value "
                          f"{h.export_value:,.0f} {currency}."))  # fmt: skip
        if not area.recorded:
            out.append(_p(f"{area.area}: nothing recorded in this period."))
        return out

    def targets(self, checks: Sequence[TargetCheck]) -> Any:
        rows: list[list[Any]] = [["Compared with targets", "value", "target", "better", "result"]]
        bad = []
        for c in checks:
            result = "n/a" if c.met is None else ("met" if c.met else "missed")
            if c.met is False:
                bad.append(len(rows))
            value = "n/a" if c.value is None else f"{c.value:,.1f} {c.unit}"
            rows.append([f"{c.area} {c.label}", value, f"{c.target:g} {c.unit}",
                         c.better.value, result])  # fmt: skip
        return _table(rows, [65 * mm, 35 * mm, 30 * mm, 20 * mm, 20 * mm], bad)

    def bars(self, slices: Sequence[EnergyFigures]) -> Any:
        d = Drawing(WIDTH, 62 * mm)
        chart = VerticalBarChart()
        chart.x, chart.y, chart.width, chart.height = 12 * mm, 12 * mm, WIDTH - 50 * mm, 42 * mm
        names = [a.area for a in slices[0].areas] if slices else []
        chart.data = [[_period_mwh(f.area(name)) for f in slices] for name in names] or [[0.0]]
        chart.categoryAxis.categoryNames = [f.label[-5:] for f in slices]
        chart.categoryAxis.labels.fontSize = 6
        chart.valueAxis.labels.fontSize = 7
        chart.valueAxis.valueMin = 0
        for i in range(len(names)):
            chart.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        d.add(chart)
        d.add(String(0, 58 * mm, "Energy per period (MWh)", fontName=FONT_BOLD,
                     fontSize=9))  # fmt: skip
        legend = [f"{n} exported" if _exports(slices, n) else f"{n} used" for n in names]
        d.add(_legend(WIDTH - 35 * mm, 50 * mm, legend))
        return d

    def alarms(self) -> list[Any]:
        k = self.report.kpis
        out: list[Any] = [Paragraph("Alarms", H2)]
        mix = ", ".join(f"{p.name.lower()} {100 * s:.0f} %" for p, s in k.priority_shares.items())
        out.append(_table([
            ["Alarm system performance (EEMUA 191)", ""],
            ["Annunciated alarms", str(k.annunciated)],
            [f"Average per {k.window_seconds / 60:g} min (target {k.target_per_window:g})",
             f"{k.average_per_window:.2f}"],
            [f"Peak in any {k.window_seconds / 60:g} min", str(k.peak_per_window)],
            ["Floods / time in flood", f"{len(k.floods)} / {k.time_in_flood / 60:.1f} min"],
            ["Chattering alarms", str(len(k.chattering))],
            ["Priority mix", mix],
        ], [80 * mm, WIDTH - 80 * mm], [] if k.within_target else [2]))  # fmt: skip
        top: list[list[Any]] = [["Top 10 alarms", "count", "share"]]
        top += [[a.alarm, str(a.count), f"{100 * a.share:.0f} %"] for a in k.top]
        out += [Spacer(1, 3 * mm), _table(top, [100 * mm, 25 * mm, 25 * mm])]
        for title, lines in (("Standing at the end", self.report.standing),
                             ("Shelved at the end", self.report.shelved)):  # fmt: skip
            rows: list[list[Any]] = [[title, "priority", "state", "since", "message"]]
            for a in lines:
                extra = f" (by {a.user}: {a.comment})" if a.user else ""
                rows.append([a.alarm, a.priority.name.lower(), a.state.value,
                             self.time(a.since, "%H:%M:%S"), _p(a.message + extra)])  # fmt: skip
            if not lines:
                rows.append(["none", "", "", "", ""])
            out += [Spacer(1, 3 * mm), _table(rows, [60 * mm, 18 * mm, 22 * mm, 16 * mm, 58 * mm])]
        actions = ", ".join(f"{n} {a}" for a, n in sorted(self.report.alarm_actions.items()))
        out.append(_p(f"Operator actions on alarms: {actions or 'none'}."))
        suppressed = self.report.suppressed
        rows = [["Suppressed by design (not annunciated)", "alarms", "from"]]
        rows += [[_p(x.condition), str(x.alarms), self.time(x.first, "%H:%M:%S")]
                 for x in suppressed]  # fmt: skip
        if not suppressed:
            rows.append(["none", "", ""])
        total = sum(x.alarms for x in suppressed)
        out += [Spacer(1, 3 * mm), _table(rows, [110 * mm, 20 * mm, 25 * mm]),
                _p(f"{total} alarms suppressed by design in this period.")]  # fmt: skip
        return out

    def writes_and_notes(self) -> list[Any]:
        out: list[Any] = [Paragraph("Operator writes", H2)]
        rows: list[list[Any]] = [["time", "user", "tag", "old -> new", "result", "reason"]]
        for w in self.report.writes:
            rows.append([self.time(w.time, "%H:%M:%S"), w.user, w.tag,
                         f"{w.old} -> {w.new} {w.unit}", _p(w.result), _p(w.reason)])  # fmt: skip
        if not self.report.writes:
            rows.append(["none", "", "", "", "", ""])
        out.append(_table(rows, [16 * mm, 20 * mm, 40 * mm, 35 * mm, 30 * mm, 33 * mm]))
        anchor = self.report.audit_anchor
        if anchor is not None:
            out.append(_p(f"Audit trail anchor: record {anchor.seq}, MAC {anchor.mac[:16]}… "
                          "(audit verify compares the trail with the anchor kept with this "
                          "report)."))  # fmt: skip
        out.append(Paragraph("Shift notes", H2))
        for note in self.report.notes:
            out.append(_p(f"{self.time(note.time, '%H:%M')} {note.author}: {note.text}", BODY))
        if not self.report.notes:
            out.append(_p("No notes."))
        return out

    def instruments(self) -> list[Any]:
        out: list[Any] = [Paragraph("Instrument health", H2)]
        rows: list[list[Any]] = [["instruments", "severity", "check", "from", "until", "detail"]]
        for g in self.report.instruments:
            until = "end" if g.cleared is None else self.time(g.cleared, "%H:%M")
            name = g.name if g.count == 1 else f"{g.name} ({g.count})"
            rows.append([_p(name), g.severity.name.lower(), g.check.value,
                         self.time(g.since, "%H:%M"), until, _p(g.detail)])  # fmt: skip
        if not self.report.instruments:
            rows.append(["no instrument issues", "", "", "", "", ""])
        out.append(_table(rows, [44 * mm, 15 * mm, 21 * mm, 11 * mm, 11 * mm, 72 * mm]))
        out.append(_p("Instruments of equipment that was off (its alarms suppressed by design) "
                      "are not judged while it is off."))  # fmt: skip
        out.append(Paragraph("Predictive warnings at the end of the period", H2))
        for w in self.report.predictions:
            first = w.warnings[0]
            out.append(_p(f"{w.text} (confidence {first.confidence:.2f}, "
                          f"{first.rate_per_minute:+.3g} {first.unit}/min)"))  # fmt: skip
        if not self.report.predictions:
            out.append(_p("None: no tag of running equipment is heading for a limit."))
        return out

    def charts(self) -> list[Any]:
        out: list[Any] = []
        for title, charts in (("Trends around each event", self.report.event_charts),
                              ("Trends", self.report.charts)):  # fmt: skip
            blocks = [[self.line(c), Spacer(1, 4 * mm)] for c in charts]
            if blocks:
                blocks[0].insert(0, Paragraph(title, H2))
            out += [KeepTogether(block) for block in blocks]
        return out

    def line(self, chart: Chart) -> Any:
        first, last = chart.window or (self.report.start, self.report.end)
        d = Drawing(WIDTH, 60 * mm)
        plot = LinePlot()
        plot.x, plot.y, plot.width, plot.height = 14 * mm, 10 * mm, WIDTH - 55 * mm, 42 * mm
        data: list[list[tuple[float, float]]] = []
        colours = []
        finite = [y for _, _, ys in chart.series for y in ys if math.isfinite(y)]
        low, high = min(finite), max(finite)
        for i, (_, xs, ys) in enumerate(chart.series):
            for segment in _segments(xs, ys, first):
                data.append(segment)
                colours.append(PALETTE[i % len(PALETTE)])
        shown = [(n, v) for n, v in chart.limits if low - (high - low) <= v <= high + (high - low)]
        minutes = (last - first) / 60.0
        for _, value in shown:
            data.append([(0.0, value), (minutes, value)])
            colours.append(BAD)
            low, high = min(low, value), max(high, value)
        pad = (high - low) * 0.1 or max(abs(high) * 0.01, 0.1)
        marks = [(label, (t - first) / 60.0) for label, t in chart.marks if first <= t <= last]
        for _, m in marks:
            data.append([(m, low - pad), (m, high + pad)])
            colours.append(MARK)
        plot.data = data
        for i, colour in enumerate(colours):
            plot.lines[i].strokeColor = colour
            plot.lines[i].strokeWidth = 0.8
            if colour is BAD or colour is MARK:
                plot.lines[i].strokeDashArray = (3, 2)
        plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = 0.0, minutes
        plot.xValueAxis.labelTextFormat = lambda m: self.time(first + m * 60.0, "%H:%M")
        plot.xValueAxis.labels.fontSize = 6
        plot.yValueAxis.valueMin, plot.yValueAxis.valueMax = low - pad, high + pad
        plot.yValueAxis.labels.fontSize = 7
        d.add(plot)
        scale = plot.width / minutes if minutes > 0 else 0.0
        for label, m in marks:
            d.add(String(plot.x + m * scale + 1, plot.y + plot.height + 1, label, fontSize=6,
                         fillColor=MARK))  # fmt: skip
        d.add(String(0, 56 * mm, f"{chart.title} ({chart.unit})", fontName=FONT_BOLD,
                     fontSize=9))  # fmt: skip
        names = [n for n, _, _ in chart.series] + [n for n, _ in shown]
        d.add(_legend(WIDTH - 38 * mm, 48 * mm, names, len(chart.series)))
        return d


def _legend(x: float, y: float, names: Sequence[str], series: int | None = None) -> Any:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontSize = 7
    legend.alignment = "right"
    count = len(names) if series is None else series
    legend.colorNamePairs = [
        (PALETTE[i % len(PALETTE)] if i < count else BAD, name) for i, name in enumerate(names)
    ]
    return legend


def _segments(
    xs: Sequence[float], ys: Sequence[float], start: float
) -> list[list[tuple[float, float]]]:
    """Runs of finite points as (minutes from start, value); NaN breaks the line."""
    segments: list[list[tuple[float, float]]] = [[]]
    for x, y in zip(xs, ys, strict=True):
        if math.isfinite(y):
            segments[-1].append(((x - start) / 60.0, y))
        elif segments[-1]:
            segments.append([])
    return [s if len(s) > 1 else s * 2 for s in segments if s]


def _n(value: float | None, fmt: str) -> str:
    return "n/a" if value is None else format(value, "," + fmt)


def write_pdf(report: ShiftReport, path: Path) -> int:
    """Print the report to ``path``; the number of pages."""
    use_language_fonts()
    return print_document(
        path, _Printer(report).story(), header=f"{report.project}: {report.title}",
        title=report.title, subject=f"{report.project} shift report",
    )  # fmt: skip


def print_document(path: Path, story: list[Any], *, header: str, title: str, subject: str) -> int:
    """A4 with the console's margins, ``header`` at the top of every page and the page number
    at the bottom; the number of pages."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pages = [0]

    def decorate(canvas: Any, doc: Any) -> None:
        pages[0] = doc.page
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setFillColor(GREY)
        canvas.drawString(18 * mm, A4[1] - 10 * mm, header)
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
        bottomMargin=16 * mm, title=title, author="Operator console", subject=subject,
    )  # fmt: skip
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return pages[0]
