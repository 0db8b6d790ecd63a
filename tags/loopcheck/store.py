"""Where loop-check entries are kept: the data folder's ``loopcheck.db``
(``SqliteLoopCheckStore``, the default) or the shared PostgreSQL store
(tags/loopcheck/pg_store.py), both behind ``LoopCheckStore``. Entries are only added."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Protocol, Self

from tags.loopcheck.record import LoopRecord, record_from_row
from tags.sqlite_file import SqliteFile

LOOPCHECK_FILE = "loopcheck.db"
COLUMNS = "id, tag, point, expected, seen, tolerance, passed, note, user_name, at, workstation"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS loop_checks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    tag TEXT NOT NULL,
    point TEXT NOT NULL,
    expected REAL,
    seen REAL,
    tolerance REAL,
    passed INTEGER NOT NULL,
    note TEXT NOT NULL,
    user_name TEXT NOT NULL,
    at REAL NOT NULL,
    workstation TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS loop_checks_tag ON loop_checks (tag, id);
"""


class LoopCheckStore(Protocol):
    """The loop-check entries: what every loop-check store offers."""

    def add(self, record: LoopRecord) -> LoopRecord:
        """Keep ``record``; it, with the id the store gave it."""
        ...

    def records(self, tag: str | None = None) -> list[LoopRecord]:
        """Every entry (of ``tag``), oldest first."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...


def record_row(record: LoopRecord) -> tuple[object, ...]:
    """The values of ``record`` for an insert, in the order of COLUMNS without the id."""
    r = record
    return (r.tag, r.point, r.expected, r.seen, r.tolerance, r.passed, r.note, r.user, r.at,
            r.workstation)  # fmt: skip


class SqliteLoopCheckStore(SqliteFile):
    """The loop-check entries of this console, in one SQLite file of its data folder."""

    WHAT = "loop-check database"

    def __init__(self, path: Path) -> None:
        super().__init__(path, _SCHEMA)

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> SqliteLoopCheckStore:
        return cls(data_dir / LOOPCHECK_FILE)

    def add(self, record: LoopRecord) -> LoopRecord:
        with self._transaction() as db:
            cur = db.execute(
                "INSERT INTO loop_checks (tag, point, expected, seen, tolerance, passed, note, "
                "user_name, at, workstation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                record_row(record),
            )
            assert cur.lastrowid is not None
            return replace(record, id=cur.lastrowid)

    def records(self, tag: str | None = None) -> list[LoopRecord]:
        if tag is None:
            rows = self._db.execute(f"SELECT {COLUMNS} FROM loop_checks ORDER BY id")
        else:
            rows = self._db.execute(
                f"SELECT {COLUMNS} FROM loop_checks WHERE tag = ? ORDER BY id", (tag,)
            )
        return [record_from_row(row) for row in rows]
