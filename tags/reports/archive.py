"""Kept shift reports and the operators' shift notes, in ``<data dir>/reports``.

Each report is a PDF with a JSON file beside it (``<name>.pdf.json``: title, period, shift,
when it was made, a one-line summary and the audit trail's anchor of then), so the console
lists reports without opening PDFs and ``audit verify`` finds every anchor.
Notes typed by operators go to ``notes.jsonl`` (one JSON object a line) and into the report
of the shift they fall in.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tags.paths import private_dir, private_file

REPORTS_DIR = "reports"
NOTES_FILE = "notes.jsonl"


@dataclass(frozen=True, slots=True)
class Note:
    time: float
    user: str
    text: str


@dataclass(frozen=True, slots=True)
class ReportInfo:
    path: Path
    title: str
    label: str
    start: float
    end: float
    generated: float
    summary: str
    audit_anchor: dict[str, Any] | None = None
    """The audit trail's anchor when the report was made (``audit verify`` reads it)."""


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-") or "report"


class ReportArchive:
    """The reports folder of a data directory."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> ReportArchive:
        return cls(data_dir / REPORTS_DIR)

    def path_for(self, start: float, label: str) -> Path:
        """A new file for the report of a period (never an existing one), made owner-only
        and empty for the report to be written into."""
        private_dir(self.folder)
        stamp = datetime.fromtimestamp(start, UTC).strftime("%Y%m%d-%H%M")
        base = f"shift-{stamp}Z-{_slug(label)}"
        path = self.folder / f"{base}.pdf"
        n = 2
        while path.exists():
            path = self.folder / f"{base}-{n}.pdf"
            n += 1
        return private_file(path)

    def register(self, info: ReportInfo) -> ReportInfo:
        """Write the listing facts of a report written to ``info.path``."""
        facts = asdict(info)
        facts["path"] = info.path.name
        sidecar = info.path.with_name(info.path.name + ".json")
        private_file(sidecar).write_text(json.dumps(facts, indent=1), encoding="utf-8")
        return info

    def reports(self) -> list[ReportInfo]:
        """Every kept report, newest period first."""
        found: list[ReportInfo] = []
        if not self.folder.exists():
            return found
        for sidecar in self.folder.glob("*.pdf.json"):
            try:
                facts = json.loads(sidecar.read_text(encoding="utf-8"))
                facts["path"] = sidecar.with_name(str(facts["path"]))
                info = ReportInfo(**facts)
            except (OSError, ValueError, TypeError, KeyError):
                continue
            if info.path.exists():
                found.append(info)
        return sorted(found, key=lambda r: (r.start, r.generated), reverse=True)

    def prune(self, keep_days: float, now: float) -> int:
        """Delete reports whose period ended more than ``keep_days`` ago; how many."""
        removed = 0
        for info in self.reports():
            if now - info.end > keep_days * 86400.0:
                info.path.unlink(missing_ok=True)
                info.path.with_name(info.path.name + ".json").unlink(missing_ok=True)
                removed += 1
        return removed

    # notes ------------------------------------------------------------------------------

    def add_note(self, text: str, user: str, time: float) -> Note:
        """Keep an operator's note for the report of the shift it falls in."""
        if not text.strip():
            raise ValueError("a note needs some text")
        note = Note(time, user, text.strip())
        notes = private_file(private_dir(self.folder) / NOTES_FILE)
        with open(notes, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(asdict(note), ensure_ascii=False) + "\n")
        return note

    def notes(self, start: float, end: float) -> list[Note]:
        """Notes written in ``[start, end)``, oldest first."""
        path = self.folder / NOTES_FILE
        if not path.exists():
            return []
        found: list[Note] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                note = Note(**json.loads(line))
            except (ValueError, TypeError):
                continue
            if start <= note.time < end:
                found.append(note)
        return sorted(found, key=lambda n: n.time)
