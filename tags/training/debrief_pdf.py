"""Print a training Debrief (tags/training/debrief.py) to PDF with reportlab, in the shift
report's look.

A4 portrait: the session and its overall figures, then one section per upset (responses,
time outside the normal range, alarms raised, screens opened, trends with the normal band,
the alarm limits and the upset's and the trainee's moments marked), then the session log.
Times in the tables are seconds after the upset started (the log: after the session start).
"""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from tags.i18n.catalogue import text
from tags.i18n.formats import at
from tags.i18n.words import word
from tags.reports import pdf
from tags.reports.pdf import (
    BAD,
    GREY,
    H1,
    H2,
    PALETTE,
    WIDTH,
    _p,
    _segments,
    _table,
    print_document,
    use_language_fonts,
)  # fmt: skip
from tags.training.debrief import Debrief, Response, TrendChart, UpsetDebrief

BAND = colors.HexColor("#9aa0a6")
MARKS = {"start": BAD, "stop": GREY, "ack": PALETTE[1], "write": PALETTE[2]}
LOG_LINES = 400


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} s"


def _response(r: Response | None) -> str:
    if r is None:
        return text("report.none")
    return text("debrief.response", seconds=f"{r.seconds:.1f}", what=r.what)


class _Printer:
    def __init__(self, debrief: Debrief) -> None:
        self.d = debrief

    def time(self, t: float, fmt: str = "%H:%M:%S") -> str:
        return datetime.fromtimestamp(t).strftime(fmt)

    def story(self) -> list[Any]:
        s, o = self.d.session, self.d.overall
        out: list[Any] = [Paragraph(_esc(text("debrief.title", title=s.title)), H1)]
        out.append(_table([
            [text("debrief.session"), f"{s.id}: {s.title}"],
            [text("debrief.people"), f"{s.trainee} / {s.trainer}"],
            [text("report.period"), text("debrief.period", start=at(s.start, seconds=True),
                                         end=self.time(self.d.end),
                                         seconds=f"{o.duration_s:.0f}")],
            [text("debrief.starting_state"), s.start_state],
            [text("debrief.time_factor"),
             text("debrief.time_factor_value", factor=f"{s.time_factor:g}")],
            [text("debrief.plan"), _p(s.plan_text)],
            [text("report.project"), s.project],
        ], [40 * mm, WIDTH - 40 * mm]))  # fmt: skip
        out.append(Paragraph(text("debrief.overall"), H2))
        out.append(_table([
            [text("debrief.figure"), text("report.col.value")],
            [text("debrief.upsets"), str(o.upsets)],
            [text("debrief.alarms_raised"), str(o.alarms_raised)],
            [text("debrief.acks"), str(o.acknowledgements)],
            [text("debrief.ack_times"), f"{_seconds(o.mean_ack_s)} / "
                                        f"{_seconds(o.worst_ack_s)}"],
            [text("debrief.write_time"), _seconds(o.mean_write_s)],
            [text("debrief.writes"), f"{o.writes_accepted} / {o.writes_refused}"],
            [text("debrief.shelving"), str(o.shelve_actions)],
            [text("debrief.unanswered"), f"{o.upsets_unacknowledged} / {o.upsets_without_write}"],
            [text("debrief.outside_any"), _seconds(o.outside_s)],
            [text("debrief.screen_visits"),
             f"{o.screen_visits}: {', '.join(o.screens) or text('report.none')}"],
        ], [80 * mm, WIDTH - 80 * mm], [] if not o.upsets_unacknowledged else [8]))  # fmt: skip
        for upset in self.d.upsets:
            out += self.upset(upset)
        out += self.log()
        return out

    def upset(self, u: UpsetDebrief) -> list[Any]:
        start = self.d.session.start
        stop = text("debrief.running_at_end") if u.stop is None else f"{u.stop - u.start:.1f} s"
        out: list[Any] = [Paragraph(f"{_esc(u.title)} ({u.scenario})", H2)]
        left = (text("debrief.no") if not u.left_normal
                else text("debrief.yes_for", seconds=f"{u.outside_s:.1f}"))  # fmt: skip
        back = "" if not u.left_normal else (
            text("debrief.not_all_back") if u.back_in is None
            else text("debrief.all_back", seconds=f"{u.back_in - u.start:.1f}"))  # fmt: skip
        facts = [
            [text("debrief.area_source"), f"{u.area} / {word('source', u.source)}"],
            [
                text("debrief.started"),
                text("debrief.started_value", offset=f"{u.offset:.1f}", stop=stop),
            ],
            [text("debrief.first_ack"), _p(_response(u.first_ack))],
            [text("debrief.first_write"), _p(_response(u.first_write))],
            [text("debrief.left_normal"), left + back],
            [text("debrief.alarms_raised"), str(len(u.alarms))],
        ]
        facts += [[text("debrief.stopped"), _p(stop.text)] for stop in u.stops]
        bad = [i + 1 for i, r in enumerate([u.first_ack, u.first_write]) if r is None]
        out.append(_table([[text("debrief.upset"), ""], *facts], [45 * mm, WIDTH - 45 * mm],
                          [b + 2 for b in bad]))  # fmt: skip
        if u.excursions:
            rows: list[list[Any]] = [
                [
                    text("debrief.outside_band"),
                    *(text(f"debrief.col.{c}") for c in ("band", "out", "back", "for", "worst")),
                ]
            ]
            for e in u.excursions[:12]:
                back_at = "-" if e.back is None else f"{e.back - u.start:.1f} s"
                rows.append([e.tag, e.band.text, f"{e.first_out - u.start:.1f} s", back_at,
                             f"{e.outside_s:.1f} s", f"{e.worst:.4g} {e.unit}"])  # fmt: skip
            if len(u.excursions) > 12:
                more = text("debrief.more_tags", count=len(u.excursions) - 12)
                rows.append([more, "", "", "", "", ""])
            widths = [52 * mm, 42 * mm, 16 * mm, 16 * mm, 16 * mm, 32 * mm]
            out += [Spacer(1, 2 * mm), _table(rows, widths)]
        alarms: list[list[Any]] = [
            [
                text("debrief.alarm_raised"),
                text("debrief.col.after"),
                text("report.col.priority"),
                text("debrief.col.text"),
            ]
        ]
        alarms += [[a.alarm, f"{a.offset:.1f} s", str(a.priority), _p(a.text)] for a in u.alarms]
        if not u.alarms:
            alarms.append([text("report.none"), "", "", ""])
        out += [Spacer(1, 2 * mm), _table(alarms, [60 * mm, 16 * mm, 14 * mm, 84 * mm])]
        if u.screens:
            shown = ", ".join(f"{key} ({t:.0f} s)" for t, key in u.screens)
            out.append(_p(text("debrief.screens", screens=shown)))
        out.append(_p(text("debrief.judged", start=self.time(u.start), end=self.time(u.until),
                           seconds=f"{u.until - start:.0f}")))  # fmt: skip
        for chart in u.charts:
            out.append(KeepTogether([Spacer(1, 3 * mm), self.chart(chart, u.start)]))
        return out

    def chart(self, c: TrendChart, origin: float) -> Any:
        d = Drawing(WIDTH, 58 * mm)
        plot = LinePlot()
        plot.x, plot.y, plot.width, plot.height = 14 * mm, 10 * mm, WIDTH - 20 * mm, 38 * mm
        x0, x1 = c.start - origin, c.end - origin
        data = _segments(c.times, c.values, origin)
        data = [[(m * 60.0, v) for m, v in seg] for seg in data]  # minutes back to seconds
        colours = [PALETTE[0]] * len(data)
        finite = [v for v in c.values if math.isfinite(v)]
        low, high = (min(finite), max(finite)) if finite else (0.0, 1.0)
        band = () if c.band is None else (c.band.low, c.band.high)
        lines = [(v, BAND) for v in band if v is not None]
        lines += [(v, BAD) for _, v in c.limits]
        span = max(high - low, abs(high) * 0.02, 1e-6)
        for value, colour in lines:
            if low - span <= value <= high + span:
                data.append([(x0, value), (x1, value)])
                colours.append(colour)
                low, high = min(low, value), max(high, value)
        if not data:
            data, colours = [[(x0, low), (x1, low)]], [colors.white]
        pad = (high - low) * 0.1 or max(abs(high) * 0.01, 0.1)
        plot.data = data
        for i, colour in enumerate(colours):
            plot.lines[i].strokeColor = colour
            plot.lines[i].strokeWidth = 0.8
            if colour is not PALETTE[0]:
                plot.lines[i].strokeDashArray = (3, 2)
        plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = x0, x1
        plot.xValueAxis.labelTextFormat = "%.0f s"
        plot.xValueAxis.labels.fontSize = 6
        plot.yValueAxis.valueMin, plot.yValueAxis.valueMax = low - pad, high + pad
        plot.yValueAxis.labels.fontSize = 7
        d.add(plot)
        for marker in c.markers:
            at = marker.time - origin
            if not x0 <= at <= x1:
                continue
            x = plot.x + (at - x0) / (x1 - x0) * plot.width
            colour = MARKS.get(marker.label, GREY)
            d.add(Line(x, plot.y, x, plot.y + plot.height, strokeColor=colour, strokeWidth=0.6))
            label = word("mark", marker.label)
            d.add(String(x + 1, plot.y + plot.height - 6, label, fontSize=6,
                         fontName=pdf.FONT, fillColor=colour))  # fmt: skip
        unit = f" ({c.unit})" if c.unit else ""
        title = text("debrief.chart", tag=c.tag, title=c.title, unit=unit)
        d.add(String(0, 53 * mm, title, fontName=pdf.FONT_BOLD, fontSize=9))
        return d

    def log(self) -> list[Any]:
        start = self.d.session.start
        rows: list[list[Any]] = [["s", text("debrief.col.what"), text("report.col.user"),
                                  text("debrief.col.text")]]  # fmt: skip
        records = self.d.records
        for r in records[:LOG_LINES]:
            rows.append([f"{r.time - start:.1f}", word("event", r.kind.value), r.user,
                         _p(r.text)])  # fmt: skip
        if len(records) > LOG_LINES:
            more = text("debrief.more_records", count=len(records) - LOG_LINES)
            rows.append(["", more, "", ""])
        return [
            Paragraph(text("debrief.log"), H2),
            _table(rows, [14 * mm, 16 * mm, 18 * mm, 126 * mm]),
        ]


def _esc(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text)


def write_pdf(debrief: Debrief, path: Path) -> int:
    """Print the debrief to ``path``; the number of pages."""
    s = debrief.session
    use_language_fonts()
    return print_document(
        path, _Printer(debrief).story(),
        header=text("debrief.header", project=s.project, title=s.title),
        title=text("debrief.title", title=s.title),
        subject=text("debrief.subject", project=s.project, id=s.id, trainee=s.trainee),
    )  # fmt: skip
