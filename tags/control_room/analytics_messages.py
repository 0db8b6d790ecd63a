"""The JSON of the plant analytics' requests and answers: shift notes, kept shift reports and
their PDFs (``Action.NOTE``, ``REPORT_NOW``, ``SHIFT_REPORTS``, ``REPORT_PDF``).

A report is known by its PDF's file name, never by a path of the server's disk: a console
puts it in its own reports folder. A PDF travels base64-encoded up to ``PDF_LIMIT`` bytes;
past that the answer says where it is on the server. Every decoder raises ``MessageError``.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tags.control_room.messages import Json, MessageError, need, optional
from tags.reports.archive import Note, ReportInfo

PDF_LIMIT = 1_000_000
"""Bytes of the largest PDF sent in an answer (a shift report is a few hundred kB)."""
REPORTS_LIMIT = 500
"""Reports listed in one answer, the newest (five months of three shifts a day); the answer
says how many are kept in all."""
NOTES_LIMIT = 20
"""Notes sent with one "report now"."""


def note_to_json(note: Note) -> Json:
    return {"time": note.time, "user": note.user, "text": note.text,
            "workstation": note.workstation}  # fmt: skip


def note_from_json(message: Mapping[str, Any]) -> Note:
    return Note(
        float(need(message, "time", (int, float))),
        need(message, "user", str),
        need(message, "text", str),
        optional(message, "workstation", str, ""),
    )


def report_to_json(info: ReportInfo) -> Json:
    return {
        "name": info.path.name, "title": info.title, "label": info.label,
        "start": info.start, "end": info.end, "generated": info.generated,
        "summary": info.summary, "audit_anchor": info.audit_anchor,
    }  # fmt: skip


def report_from_json(message: Mapping[str, Any], folder: Path) -> ReportInfo:
    """A report as the server listed it, its path in ``folder`` (this console's reports)."""
    name = need(message, "name", str)
    if not name or Path(name).name != name or not name.endswith(".pdf"):
        raise MessageError(f"field 'name' is not a report's file name: {name!r}")
    anchor = optional(message, "audit_anchor", dict, None)
    return ReportInfo(
        folder / name,
        need(message, "title", str),
        need(message, "label", str),
        float(need(message, "start", (int, float))),
        float(need(message, "end", (int, float))),
        float(need(message, "generated", (int, float))),
        need(message, "summary", str),
        anchor,
    )


def reports_from_json(result: Mapping[str, Any], folder: Path) -> list[ReportInfo]:
    items = need(result, "reports", list)
    found: list[ReportInfo] = []
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            raise MessageError(f"reports[{n}] must be an object")
        try:
            found.append(report_from_json(item, folder))
        except MessageError as exc:
            raise MessageError(f"reports[{n}]: {exc}") from None
    return found


def pdf_to_json(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def pdf_from_json(result: Mapping[str, Any]) -> bytes:
    text = need(result, "pdf", str)
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise MessageError(f"field 'pdf' is not base64: {exc}") from None
