"""The loop-check sheets on paper and in a spreadsheet: a PDF (the shift reports' printing,
tags/reports/pdf.py) and a CSV with one row per check point, who recorded it and when.

The PDF opens with the progress per area, then per area a table of its loops: tag and
description, type, range, alarm limits, the screens that show it, the newest value seen at
each point (judged, with who and when), and the loop's status with its note.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from tags.i18n.catalogue import text
from tags.i18n.descriptions import description_of
from tags.i18n.formats import at
from tags.i18n.words import word
from tags.loopcheck.book import AreaProgress, LoopState, LoopStatus, areas_of, point_text
from tags.loopcheck.checklist import Loop
from tags.reports.pdf import H1, H2, SMALL, WIDTH, _table, print_document, use_language_fonts

CSV_HEADER = (
    "area", "tag", "description", "type", "unit", "range", "alarms", "screens", "status",
    "point", "expected", "tolerance", "seen", "result", "note", "by", "at", "workstation",
)  # fmt: skip


def when(t: float | None) -> str:
    """A time as the sheets show it (local time, to the second)."""
    return "" if t is None else time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(t))


def write_csv(states: Sequence[LoopState], path: Path) -> int:
    """One row per check point of every loop (its newest entry; empty when not recorded),
    and one per failure mark in effect; the number of rows written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(CSV_HEADER)
        for state in states:
            loop = state.loop
            head = [loop.area, loop.tag, loop.description, loop.kind, loop.unit,
                    loop.range_text(), loop.alarms_text(), "; ".join(loop.screens),
                    state.status.value]  # fmt: skip
            if state.failure is not None and not state.points:
                mark = state.failure
                out.writerow([*head, "loop", "", "", "", "failed", mark.note, mark.user,
                              when(mark.at), mark.workstation])  # fmt: skip
                rows += 1
            for point in loop.points:
                r = state.points.get(point)
                if r is None:
                    out.writerow([*head, loop.point_label(point), loop.format(
                        loop.expected(point)), "", "", "not yet", "", "", "", ""])  # fmt: skip
                else:
                    out.writerow([*head, loop.point_label(point), loop.format(r.expected),
                                  loop.format(r.tolerance) if loop.analog else "",
                                  loop.format(r.seen), "pass" if r.passed else "fail", r.note,
                                  r.user, when(r.at), r.workstation])  # fmt: skip
                rows += 1
    return rows


def write_pdf(
    states: Sequence[LoopState],
    progress: Sequence[AreaProgress],
    path: Path,
    *,
    project: str,
    generated: float,
) -> int:
    """Print the sheets to ``path``; the number of pages."""
    use_language_fonts()
    title = text("loop.sheets")
    story: list[Any] = [Paragraph(title, H1)]
    story.append(_table([[text("report.project"), project],
                         [text("loop.printed"), at(generated, seconds=True)]],
                        [35 * mm, WIDTH - 35 * mm]))  # fmt: skip
    story.append(Paragraph(text("loop.progress"), H2))
    rows: list[list[Any]] = [_heads("area", "loops", "checked", "failed", "not_yet")]
    for a in progress:
        rows.append([a.area or text("loop.all_areas"), a.total, a.checked, a.failed, a.not_yet])
    story.append(_table(rows, [40 * mm, 25 * mm, 25 * mm, 25 * mm, 25 * mm],
                        [i for i, a in enumerate(progress, start=1) if a.failed]))  # fmt: skip
    for area in areas_of(states):
        story += _area(area, [s for s in states if s.loop.area == area])
    return print_document(path, story, header=f"{project}: {title}", title=title,
                          subject=text("loop.subject", project=project))  # fmt: skip


def _area(area: str, states: Sequence[LoopState]) -> list[Any]:
    rows: list[list[Any]] = [_heads("loop", "about", "screens", "points", "status")]
    bad = []
    for state in states:
        loop = state.loop
        if state.status is LoopStatus.FAILED:
            bad.append(len(rows))
        about = f"{loop.kind}  {_range(loop)}"
        if loop.alarms:
            about += "\n" + text("loop.alarms", alarms=loop.alarms_text())
        status = word("loop", state.status.value)
        if state.note:
            status += f": {state.note}"
        rows.append([
            _p(f"{loop.tag}\n{description_of(loop)}"), _p(about), _p(", ".join(loop.screens)),
            _p("\n".join(_point_line(state, p) for p in loop.points)), _p(status),
        ])  # fmt: skip
    widths = [38 * mm, 32 * mm, 22 * mm, 58 * mm, WIDTH - 150 * mm]
    return [Spacer(1, 3 * mm), Paragraph(text("loop.area", area=area), H2),
            _table(rows, widths, bad)]  # fmt: skip


def _heads(*columns: str) -> list[str]:
    return [text(f"loop.col.{column}") for column in columns]


def _range(loop: Loop) -> str:
    """The loop's range as the sheet prints it (the CSV keeps ``range_text``)."""
    if not loop.analog:
        return loop.range_text()
    return text("loop.range", low=loop.format(loop.low), high=loop.format(loop.high))


def _p(text: str) -> Any:
    """A small paragraph keeping the text's line breaks."""
    return Paragraph("<br/>".join(escape(line) for line in text.split("\n")), SMALL)


def _point_line(state: LoopState, point: str) -> str:
    loop = state.loop
    r = state.points.get(point)
    if r is None:
        return text("loop.point_not_yet", point=loop.point_label(point))
    verdict = text("loop.pass" if r.passed else "loop.fail")
    return text("loop.point_line", point=point_text(loop, r), verdict=verdict, user=r.user,
                at=at(r.at, seconds=True))  # fmt: skip
