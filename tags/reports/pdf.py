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
from tags.i18n.catalogue import text
from tags.i18n.formats import at
from tags.i18n.words import word
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

    def time(self, t: float, fmt: str = "%H:%M") -> str:
        """A time of day (``fmt``) in the plant's zone."""
        return datetime.fromtimestamp(t, self.tz).strftime(fmt)

    def moment(self, t: float, *, seconds: bool = False) -> str:
        """Day and time in the plant's zone, as the language writes them."""
        return at(t, self.tz, seconds=seconds)

    def story(self) -> list[Any]:
        r = self.report
        out: list[Any] = [Paragraph(escape(r.title), H1)]
        out.append(_table([
            [text("report.project"), r.project],
            [text("report.period"), text("report.period_span", start=self.moment(r.start),
                                         end=self.moment(r.end),
                                         hours=f"{(r.end - r.start) / 3600:.2f}")],
            [text("report.source"), r.source or text("report.console_history")],
            [text("report.generated"), self.moment(r.generated, seconds=True)],
        ], [35 * mm, WIDTH - 35 * mm]))  # fmt: skip
        out += self.events() + self.plan() + self.production() + self.energy() + self.alarms()
        out += self.writes_and_notes() + self.instruments() + self.charts()
        return out

    def events(self) -> list[Any]:
        out: list[Any] = [Paragraph(text("report.events"), H2)]
        rows: list[list[Any]] = [_heads("stopped", "unit", "what", "down", "back", "lost")]
        for e in self.report.events:
            back = text("report.not_in_period") if e.recovered is None else self.time(e.recovered)
            if e.restarted is None:
                back = text("report.still_stopped")
            lost = text("report.not_known") if e.lost is None else f"{e.lost:,.3f} {e.product}"
            rows.append([self.time(e.stopped, "%H:%M:%S"), _p(e.title), _p(e.cause),
                         text("report.minutes", minutes=f"{e.downtime / 60:.0f}"), back,
                         _p(lost)])  # fmt: skip
        if not self.report.events:
            rows.append([text("report.none"), text("report.no_stop"), "", "", "", ""])
        out.append(_table(rows, [17 * mm, 33 * mm, 45 * mm, 15 * mm, 30 * mm, 34 * mm],
                          range(1, len(rows)) if self.report.events else ()))  # fmt: skip
        return out

    def plan(self) -> list[Any]:
        out: list[Any] = [Paragraph(text("report.plan"), H2)]
        rows: list[list[Any]] = [["", *_heads("plan", "actual", "difference", "of_plan",
                                              "lost_to_stops")]]  # fmt: skip
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
            rows.append([_p(text("report.no_plan")), "", "", "", "", ""])
        out.append(_table(rows, [42 * mm, 27 * mm, 27 * mm, 27 * mm, 20 * mm, 31 * mm], bad))
        out.append(_p(text("report.plan_note")))
        return out

    def production(self) -> list[Any]:
        out: list[Any] = [Paragraph(text("report.production"), H2)]
        targets = {(c.area, c.figure): c for c in self.report.targets}
        if not self.report.production:
            out.append(_p(text("report.no_production")))
        for area in self.report.production:
            rows: list[list[Any]] = [[f"{area.area}: {area.title}", *_heads("value", "target"),
                                      ""]]  # fmt: skip
            bad = []
            for f in area.figures:
                check = targets.get((area.area, f.figure))
                target = "" if check is None else f"{check.target:g} {check.unit}"
                verdict = "" if check is None or check.met is None else _verdict(check.met)
                if check is not None and check.met is False:
                    bad.append(len(rows))
                rows.append([f.label, f.text, target, verdict])
            out.append(_table(rows, [70 * mm, 45 * mm, 35 * mm, 20 * mm], bad))
            out.append(Spacer(1, 3 * mm))
        return out

    def energy(self) -> list[Any]:
        r, e = self.report, self.report.energy
        out: list[Any] = [Paragraph(text("report.energy"), H2)]
        if not e.areas:
            out.append(_p(text("report.no_energy")))
        for area in e.areas:
            out += self.area_energy(area, e.currency)
        cover = ", ".join(f"{a} {100 * c:.0f} %" for a, c in e.coverage.items())
        out.append(_p(text("report.coverage", cover=cover)))
        out.append(self.targets(r.targets))
        if r.slices:
            out.append(KeepTogether([Spacer(1, 3 * mm), self.bars(r.slices)]))
        return out

    def area_energy(self, area: AreaFigures, currency: str) -> list[Any]:
        """What the production section does not show: per series, tariff bands, export."""
        out: list[Any] = []
        x = area.electrolysis
        if x is not None:
            rows: list[list[Any]] = [[text("report.col.series", area=area.area), "DC kWh",
                                      f"{area.unit}", "kWh/t", text("report.col.ce"),
                                      text("report.col.cost", currency=currency),
                                      *_heads("mean_ka", "mean_v")]]  # fmt: skip
            for s in x.series:
                numbers = [(s.dc_kwh, ".0f"), (s.product_t, ".3f"), (s.sec_kwh_t, ".0f"),
                           (s.ce_percent, ".1f"), (s.cost, ".0f"), (s.mean_current_ka, ".2f"),
                           (s.mean_voltage_v, ".1f")]  # fmt: skip
                rows.append([s.name, *(_n(value, fmt) for value, fmt in numbers)])
            bands = ", ".join(
                f"{word('band', b)} {kwh:,.0f} kWh" for b, kwh in x.kwh_by_band.items()
            )
            out += [_table(rows), _p(text("report.tariff_ce", bands=bands,
                                          ce=_n(x.ce_measured_percent, ".1f")))]  # fmt: skip
        w = area.washing or area.production
        if w is not None:
            bands = ", ".join(
                f"{word('band', b)} {kwh:,.0f} kWh" for b, kwh in w.kwh_by_band.items()
            )
            out.append(_p(text("report.area_energy", area=area.area, kwh=f"{w.kwh:,.0f}",
                               basis=w.power_basis, cost=f"{w.cost:,.0f}", currency=currency,
                               bands=bands)))  # fmt: skip
        h = area.heat_to_power
        if h is not None:
            out.append(_p(text("report.heat_to_power", area=area.area,
                               aux=f"{h.auxiliaries_mwh:.2f}",
                               eff=_n(h.net_efficiency_percent, ".1f"),
                               value=f"{h.export_value:,.0f}", currency=currency)))  # fmt: skip
        if not area.recorded:
            out.append(_p(text("report.nothing_recorded", area=area.area)))
        return out

    def targets(self, checks: Sequence[TargetCheck]) -> Any:
        rows: list[list[Any]] = [
            [text("report.targets"), *_heads("value", "target", "better", "result")]
        ]
        bad = []
        for c in checks:
            result = text("report.na") if c.met is None else _verdict(c.met)
            if c.met is False:
                bad.append(len(rows))
            value = text("report.na") if c.value is None else f"{c.value:,.1f} {c.unit}"
            rows.append([f"{c.area} {c.label}", value, f"{c.target:g} {c.unit}",
                         text(f"report.better.{c.better.value}"), result])  # fmt: skip
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
        d.add(String(0, 58 * mm, text("report.energy_chart"), fontName=FONT_BOLD,
                     fontSize=9))  # fmt: skip
        legend = [text("report.exported" if _exports(slices, n) else "report.used", area=n)
                  for n in names]  # fmt: skip
        d.add(_legend(WIDTH - 35 * mm, 50 * mm, legend))
        return d

    def alarms(self) -> list[Any]:
        k = self.report.kpis
        out: list[Any] = [Paragraph(text("report.alarms"), H2)]
        mix = ", ".join(f"{word('priority', p.name)} {100 * s:.0f} %"
                        for p, s in k.priority_shares.items())  # fmt: skip
        minutes = f"{k.window_seconds / 60:g}"
        out.append(_table([
            [text("report.kpi"), ""],
            [text("report.annunciated"), str(k.annunciated)],
            [text("report.average", minutes=minutes, target=f"{k.target_per_window:g}"),
             f"{k.average_per_window:.2f}"],
            [text("report.peak", minutes=minutes), str(k.peak_per_window)],
            [text("report.floods"), f"{len(k.floods)} / {k.time_in_flood / 60:.1f} min"],
            [text("report.chattering"), str(len(k.chattering))],
            [text("report.priority_mix"), mix],
        ], [80 * mm, WIDTH - 80 * mm], [] if k.within_target else [2]))  # fmt: skip
        top: list[list[Any]] = [[text("report.top"), *_heads("count", "share")]]
        top += [[a.alarm, str(a.count), f"{100 * a.share:.0f} %"] for a in k.top]
        out += [Spacer(1, 3 * mm), _table(top, [100 * mm, 25 * mm, 25 * mm])]
        for title, lines in ((text("report.standing"), self.report.standing),
                             (text("report.shelved"), self.report.shelved)):  # fmt: skip
            rows: list[list[Any]] = [[title, *_heads("priority", "state", "since", "message")]]
            for a in lines:
                extra = text("report.by_user", user=a.user, comment=a.comment) if a.user else ""
                rows.append([a.alarm, word("priority", a.priority.name),
                             word("state", a.state.value), self.time(a.since, "%H:%M:%S"),
                             _p(a.message + extra)])  # fmt: skip
            if not lines:
                rows.append([text("report.none"), "", "", "", ""])
            out += [Spacer(1, 3 * mm), _table(rows, [60 * mm, 18 * mm, 22 * mm, 16 * mm, 58 * mm])]
        actions = ", ".join(f"{n} {word('journal', a)}"
                            for a, n in sorted(self.report.alarm_actions.items()))  # fmt: skip
        out.append(_p(text("report.alarm_actions", actions=actions or text("report.none"))))
        suppressed = self.report.suppressed
        rows = [[text("report.suppressed"), *_heads("alarms", "from")]]
        rows += [[_p(x.condition), str(x.alarms), self.time(x.first, "%H:%M:%S")]
                 for x in suppressed]  # fmt: skip
        if not suppressed:
            rows.append([text("report.none"), "", ""])
        total = sum(x.alarms for x in suppressed)
        out += [Spacer(1, 3 * mm), _table(rows, [110 * mm, 20 * mm, 25 * mm]),
                _p(text("report.suppressed_total", count=total))]  # fmt: skip
        return out

    def writes_and_notes(self) -> list[Any]:
        out: list[Any] = [Paragraph(text("report.writes"), H2)]
        rows: list[list[Any]] = [_heads("time", "user", "tag", "old_new", "result", "reason")]
        for w in self.report.writes:
            rows.append([self.time(w.time, "%H:%M:%S"), w.user, w.tag,
                         f"{w.old} -> {w.new} {w.unit}", _p(w.result), _p(w.reason)])  # fmt: skip
        if not self.report.writes:
            rows.append([text("report.none"), "", "", "", "", ""])
        out.append(_table(rows, [16 * mm, 20 * mm, 40 * mm, 35 * mm, 30 * mm, 33 * mm]))
        anchor = self.report.audit_anchor
        if anchor is not None:
            out.append(_p(text("report.anchor", seq=anchor.seq, mac=anchor.mac[:16])))
        out.append(Paragraph(text("report.notes"), H2))
        for note in self.report.notes:
            out.append(_p(f"{self.time(note.time, '%H:%M')} {note.author}: {note.text}", BODY))
        if not self.report.notes:
            out.append(_p(text("report.no_notes")))
        return out

    def instruments(self) -> list[Any]:
        out: list[Any] = [Paragraph(text("report.instruments"), H2)]
        rows: list[list[Any]] = [_heads("instruments", "severity", "check", "from", "until",
                                        "detail")]  # fmt: skip
        for g in self.report.instruments:
            until = text("report.until_end") if g.cleared is None else self.time(g.cleared)
            name = g.name if g.count == 1 else f"{g.name} ({g.count})"
            rows.append([_p(name), word("severity", g.severity.name),
                         _p(word("check", g.check.value)),
                         self.time(g.since, "%H:%M"), until, _p(g.detail)])  # fmt: skip
        if not self.report.instruments:
            rows.append([_p(text("report.no_issues")), "", "", "", "", ""])
        out.append(_table(rows, [44 * mm, 15 * mm, 21 * mm, 11 * mm, 11 * mm, 72 * mm]))
        out.append(_p(text("report.off_not_judged")))
        out.append(Paragraph(text("report.predictions"), H2))
        for w in self.report.predictions:
            first = w.warnings[0]
            out.append(_p(text("report.prediction", text=w.text,
                               confidence=f"{first.confidence:.2f}",
                               rate=f"{first.rate_per_minute:+.3g}", unit=first.unit)))  # fmt: skip
        if not self.report.predictions:
            out.append(_p(text("report.no_predictions")))
        return out

    def charts(self) -> list[Any]:
        out: list[Any] = []
        for title, charts in ((text("report.event_trends"), self.report.event_charts),
                              (text("report.trends"), self.report.charts)):  # fmt: skip
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
                         fontName=FONT, fillColor=MARK))  # fmt: skip
        d.add(String(0, 56 * mm, f"{chart.title} ({chart.unit})", fontName=FONT_BOLD,
                     fontSize=9))  # fmt: skip
        names = [n for n, _, _ in chart.series] + [n for n, _ in shown]
        d.add(_legend(WIDTH - 38 * mm, 48 * mm, names, len(chart.series)))
        return d


def _legend(x: float, y: float, names: Sequence[str], series: int | None = None) -> Any:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontSize = 7
    legend.fontName = FONT
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
    return text("report.na") if value is None else format(value, "," + fmt)


def _bands(kwh_by_band: dict[str, float]) -> str:
    """Energy per tariff band: ``peak 879 kWh, flat 0 kWh``."""
    return ", ".join(f"{word('band', b)} {kwh:,.0f} kWh" for b, kwh in kwh_by_band.items())


def _heads(*columns: str) -> list[str]:
    """Column headings of a table in the current language (``report.col.<column>``)."""
    return [text(f"report.col.{column}") for column in columns]


def _verdict(met: bool) -> str:
    return text("report.met" if met else "report.missed")


def write_pdf(report: ShiftReport, path: Path) -> int:
    """Print the report to ``path``; the number of pages."""
    use_language_fonts()
    return print_document(
        path, _Printer(report).story(), header=f"{report.project}: {report.title}",
        title=report.title, subject=text("report.subject", project=report.project),
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
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, text("report.page", page=doc.page))
        canvas.restoreState()

    doc = SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
        bottomMargin=16 * mm, title=title, author=text("report.author"), subject=subject,
    )  # fmt: skip
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return pages[0]
