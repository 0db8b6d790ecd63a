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

from tags.loopcheck.book import AreaProgress, LoopState, LoopStatus, areas_of, point_text
from tags.reports.pdf import H1, H2, SMALL, WIDTH, _table, print_document

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
    title = "Loop-check sheets"
    story: list[Any] = [Paragraph(title, H1)]
    story.append(_table([["Project", project], ["Printed", when(generated)]],
                        [35 * mm, WIDTH - 35 * mm]))  # fmt: skip
    story.append(Paragraph("Progress", H2))
    rows: list[list[Any]] = [["area", "loops", "checked", "failed", "not yet"]]
    for a in progress:
        rows.append([a.area or "all areas", a.total, a.checked, a.failed, a.not_yet])
    story.append(_table(rows, [40 * mm, 25 * mm, 25 * mm, 25 * mm, 25 * mm],
                        [i for i, a in enumerate(progress, start=1) if a.failed]))  # fmt: skip
    for area in areas_of(states):
        story += _area(area, [s for s in states if s.loop.area == area])
    return print_document(path, story, header=f"{project}: {title}", title=title,
                          subject=f"{project} loop-check sheets")  # fmt: skip


def _area(area: str, states: Sequence[LoopState]) -> list[Any]:
    rows: list[list[Any]] = [["loop", "type, range, alarms", "screens", "points seen",
                              "status"]]  # fmt: skip
    bad = []
    for state in states:
        loop = state.loop
        if state.status is LoopStatus.FAILED:
            bad.append(len(rows))
        about = f"{loop.kind}  {loop.range_text()}"
        if loop.alarms:
            about += f"\nalarms {loop.alarms_text()}"
        status = state.status.value
        if state.note:
            status += f": {state.note}"
        rows.append([
            _p(f"{loop.tag}\n{loop.description}"), _p(about), _p(", ".join(loop.screens)),
            _p("\n".join(_point_line(state, p) for p in loop.points)), _p(status),
        ])  # fmt: skip
    widths = [38 * mm, 32 * mm, 22 * mm, 58 * mm, WIDTH - 150 * mm]
    return [Spacer(1, 3 * mm), Paragraph(f"Area {area}", H2), _table(rows, widths, bad)]


def _p(text: str) -> Any:
    """A small paragraph keeping the text's line breaks."""
    return Paragraph("<br/>".join(escape(line) for line in text.split("\n")), SMALL)


def _point_line(state: LoopState, point: str) -> str:
    loop = state.loop
    r = state.points.get(point)
    if r is None:
        return f"{loop.point_label(point)}: not yet"
    verdict = "pass" if r.passed else "FAIL"
    return f"{point_text(loop, r)} {verdict}, {r.user} {when(r.at)}"
