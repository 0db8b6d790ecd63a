"""Kept shift reports and the operators' shift notes.

A report is a PDF in ``<data dir>/reports`` with a JSON file beside it (``<name>.pdf.json``:
title, period, shift, when it was made, a one-line summary and the audit trail's anchor of
then), so a report stays self-describing when copied and ``audit verify`` finds every
anchor. The console lists reports from an index, and keeps the notes typed by operators
(they go into the report of the shift they fall in), behind the ``ReportIndex`` interface:

- ``SqliteReportIndex`` (the default): ``reports/reports.db`` in the data folder. It takes
  in the JSON files of reports made before it existed, and still reads the notes of the old
  ``notes.jsonl``, so an old data folder keeps its reports and notes.
- ``PgReportIndex`` (tags/reports/pg_archive.py): a shared PostgreSQL store that keeps the
  PDF too, so every console of a control room lists and opens the reports the server made.

``ReportArchive`` is what the console and the commands use: the folder the PDFs are written
to (and, with a shared store, fetched into), and its index.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from tags.paths import private_dir, private_file
from tags.sqlite_file import named_if_unusable, private_database

REPORTS_DIR = "reports"
NOTES_FILE = "notes.jsonl"
"""Where notes were kept before the index (one JSON object a line); still read."""
INDEX_FILE = "reports.db"
NOTE_LIMIT = 2000
"""Characters of one note (a few paragraphs; the report prints it whole)."""
SIDECAR = ".json"
"""Appended to a report's file name: its facts beside it."""


@dataclass(frozen=True, slots=True)
class Note:
    time: float
    user: str
    text: str
    workstation: str = ""
    """Where it was written (a console of a control room); "" on the console itself."""

    @property
    def author(self) -> str:
        """The user, and the workstation when known ("olga at ws-1")."""
        return f"{self.user} at {self.workstation}" if self.workstation else self.user


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


def newest_first(reports: list[ReportInfo]) -> list[ReportInfo]:
    return sorted(reports, key=lambda r: (r.start, r.generated, r.path.name), reverse=True)


class ReportIndex(Protocol):
    """The list of kept reports and the shift notes: what every report index offers.

    A report is known by its PDF's file name; the ``ReportInfo`` an index returns has that
    name as its path (the archive puts it in its folder)."""

    where: str
    """Where the index is kept, for messages."""

    def add(self, info: ReportInfo) -> None:
        """Index a report whose PDF was written to ``info.path``."""
        ...

    def reports(self) -> list[ReportInfo]:
        """Every indexed report, newest period first."""
        ...

    def pdf(self, name: str) -> bytes | None:
        """The PDF of a report when the index keeps it (None: it is only a file)."""
        ...

    def remove(self, name: str) -> None:
        """Forget a report (and its PDF, if the index keeps it)."""
        ...

    def add_note(self, note: Note) -> None:
        """Keep an operator's note."""
        ...

    def notes(self, start: float, end: float) -> list[Note]:
        """Notes written in ``[start, end)``, oldest first."""
        ...

    def close(self) -> None: ...


_SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    name TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    label TEXT NOT NULL,
    start_time REAL NOT NULL,
    end_time REAL NOT NULL,
    generated REAL NOT NULL,
    summary TEXT NOT NULL,
    audit_anchor TEXT
);
CREATE TABLE IF NOT EXISTS notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time REAL NOT NULL,
    user TEXT NOT NULL,
    text TEXT NOT NULL,
    workstation TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS notes_time ON notes (time);
"""


def _add_workstation_column(db: sqlite3.Connection) -> None:
    """An index made before notes kept their workstation gets the column."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(notes)")}
    if "workstation" not in columns:
        db.execute("ALTER TABLE notes ADD COLUMN workstation TEXT NOT NULL DEFAULT ''")


def report_row(info: ReportInfo) -> tuple[object, ...]:
    """The facts an index keeps of a report (the anchor as JSON text)."""
    anchor = None if info.audit_anchor is None else json.dumps(info.audit_anchor)
    return (info.path.name, info.title, info.label, info.start, info.end, info.generated,
            info.summary, anchor)  # fmt: skip


def report_from_row(row: tuple[Any, ...]) -> ReportInfo:
    name, title, label, start, end, generated, summary, anchor = row
    if isinstance(anchor, str):
        anchor = json.loads(anchor)
    return ReportInfo(Path(str(name)), str(title), str(label), float(start), float(end),
                      float(generated), str(summary), anchor)  # fmt: skip


class SqliteReportIndex:
    """The index in ``reports.db`` of the reports folder; the PDFs are the folder's files.

    Each call opens the file and closes it again: reports are few, and the console lists
    them on a worker thread while its event loop adds notes."""

    WHAT = "report index"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / INDEX_FILE
        self.where = str(self.path)
        self._taken_in = False
        self._lock = threading.Lock()

    @contextmanager
    def _open(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        private_dir(self.folder)
        private_database(self.path)
        with closing(sqlite3.connect(self.path, timeout=10.0, isolation_level=None)) as db:
            with named_if_unusable(self.path, self.WHAT):
                db.executescript(_SCHEMA)
            with self._lock:
                if not self._taken_in:
                    _add_workstation_column(db)
                    self._take_in_sidecars(db)
                    self._taken_in = True
            if not write:
                yield db
                return
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _take_in_sidecars(self, db: sqlite3.Connection) -> None:
        """Index the reports of the folder's JSON files that the index does not hold yet
        (reports made before the index, or by an older program)."""
        known = {row[0] for row in db.execute("SELECT name FROM reports")}
        found: list[ReportInfo] = []
        for sidecar in self.folder.glob("*.pdf" + SIDECAR):
            if sidecar.name[: -len(SIDECAR)] in known:
                continue
            try:
                facts = json.loads(sidecar.read_text(encoding="utf-8"))
                facts["path"] = Path(str(facts["path"]))
                found.append(ReportInfo(**facts))
            except (OSError, ValueError, TypeError, KeyError):
                continue  # not a report's facts: the listing skips it, as before
        if found:
            db.execute("BEGIN IMMEDIATE")
            db.executemany(
                "INSERT OR IGNORE INTO reports VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [report_row(info) for info in found],
            )
            db.execute("COMMIT")

    def add(self, info: ReportInfo) -> None:
        with self._open(write=True) as db:
            db.execute(
                "INSERT OR REPLACE INTO reports VALUES (?, ?, ?, ?, ?, ?, ?, ?)", report_row(info)
            )

    def reports(self) -> list[ReportInfo]:
        """The indexed reports whose PDF is in the folder, newest period first."""
        if not self.folder.exists():
            return []
        with self._open() as db:
            rows = db.execute(
                "SELECT name, title, label, start_time, end_time, generated, summary, audit_anchor "
                "FROM reports"
            ).fetchall()
        found = [report_from_row(row) for row in rows]
        return newest_first([r for r in found if (self.folder / r.path.name).exists()])

    def pdf(self, name: str) -> bytes | None:
        return None

    def remove(self, name: str) -> None:
        with self._open(write=True) as db:
            db.execute("DELETE FROM reports WHERE name = ?", (name,))

    def add_note(self, note: Note) -> None:
        with self._open(write=True) as db:
            db.execute(
                "INSERT INTO notes (time, user, text, workstation) VALUES (?, ?, ?, ?)",
                (note.time, note.user, note.text, note.workstation),
            )

    def notes(self, start: float, end: float) -> list[Note]:
        found = self._old_notes(start, end)
        if self.path.exists():
            with self._open() as db:
                rows = db.execute(
                    "SELECT time, user, text, workstation FROM notes "
                    "WHERE time >= ? AND time < ? ORDER BY time, id",
                    (start, end),
                ).fetchall()
            found += [Note(float(t), str(u), str(x), str(w)) for t, u, x, w in rows]
        return sorted(found, key=lambda n: n.time)

    def _old_notes(self, start: float, end: float) -> list[Note]:
        """The notes of ``notes.jsonl``, kept there before the index."""
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
        return found

    def close(self) -> None:
        """Nothing held open between calls."""


class ReportArchive:
    """The reports folder of a data directory and the index of its reports."""

    def __init__(self, folder: Path, index: ReportIndex | None = None) -> None:
        self.folder = folder
        self.index: ReportIndex = index if index is not None else SqliteReportIndex(folder)

    @classmethod
    def in_data_dir(cls, data_dir: Path, index: ReportIndex | None = None) -> ReportArchive:
        """The data folder's archive; its index the folder's ``reports.db`` unless given."""
        return cls(data_dir / REPORTS_DIR, index)

    def close(self) -> None:
        self.index.close()

    def __enter__(self) -> ReportArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def path_for(self, start: float, label: str) -> Path:
        """A new file for the report of a period (never an existing one, nor one the index
        knows), made owner-only and empty for the report to be written into."""
        private_dir(self.folder)
        stamp = datetime.fromtimestamp(start, UTC).strftime("%Y%m%d-%H%M")
        base = f"shift-{stamp}Z-{_slug(label)}"
        taken = {r.path.name for r in self.index.reports()}
        path = self.folder / f"{base}.pdf"
        n = 2
        while path.exists() or path.name in taken:
            path = self.folder / f"{base}-{n}.pdf"
            n += 1
        return private_file(path)

    def register(self, info: ReportInfo) -> ReportInfo:
        """Keep a report written to ``info.path``: its facts beside it, then in the index."""
        facts = asdict(info)
        facts["path"] = info.path.name
        sidecar = info.path.with_name(info.path.name + SIDECAR)
        private_file(sidecar).write_text(json.dumps(facts, indent=1), encoding="utf-8")
        self.index.add(info)
        return info

    def reports(self) -> list[ReportInfo]:
        """Every kept report, newest period first (paths in this archive's folder)."""
        return [replace(r, path=self.folder / r.path.name) for r in self.index.reports()]

    def anchors(self) -> list[tuple[str, dict[str, Any]]]:
        """The audit trail's anchors the kept reports carry, each with where it is kept
        (for ``audit verify`` against a store other than the folder's JSON files)."""
        return [(f"{self.index.where}: {r.path.name}", r.audit_anchor)
                for r in self.index.reports() if r.audit_anchor is not None]  # fmt: skip

    def pdf(self, info: ReportInfo) -> Path:
        """The PDF of a listed report as a file here: fetched from the index into the folder
        when it keeps the PDF and the file is not here (FileNotFoundError: gone)."""
        path = self.folder / info.path.name
        if path.exists():
            return path
        data = self.index.pdf(path.name)
        if data is None:
            raise FileNotFoundError(f"{path.name} is no longer there")
        private_dir(self.folder)
        private_file(path).write_bytes(data)
        return path

    def prune(self, keep_days: float, now: float) -> int:
        """Delete reports whose period ended more than ``keep_days`` ago; how many."""
        removed = 0
        for info in self.reports():
            if now - info.end > keep_days * 86400.0:
                info.path.unlink(missing_ok=True)
                info.path.with_name(info.path.name + SIDECAR).unlink(missing_ok=True)
                self.index.remove(info.path.name)
                removed += 1
        return removed

    # notes ------------------------------------------------------------------------------

    def add_note(self, text: str, user: str, time: float, workstation: str = "") -> Note:
        """Keep an operator's note for the report of the shift it falls in (ValueError: no
        text, or longer than ``NOTE_LIMIT``)."""
        text = text.strip()
        if not text:
            raise ValueError("a note needs some text")
        if len(text) > NOTE_LIMIT:
            raise ValueError(f"a note is at most {NOTE_LIMIT} characters, not {len(text)}")
        note = Note(time, user, text, workstation)
        self.index.add_note(note)
        return note

    def notes(self, start: float, end: float) -> list[Note]:
        """Notes written in ``[start, end)``, oldest first."""
        return self.index.notes(start, end)
