"""The reading side of an audit trail kept in SQLite: queries on one connection to an audit
file (the trail's own, or a read-only one for a report or a replay timeline)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from tags.security.audit_anchor import Anchor, AnchorError, AnchorFile
from tags.security.audit_record import (
    COLUMNS,
    WRITE_INTENT,
    AuditRecord,
    has_audit_table,
    record,
    rows_in_order,
    select_columns,
)
from tags.security.audit_store import WRITE_ACTIONS, AuditQueries, unknown_outcomes


class AuditFile(AuditQueries):
    """``AuditReader`` on an SQLite connection; a file without the audit table reads empty."""

    mark = "?"

    def __init__(self, db: sqlite3.Connection, path: Path | None = None) -> None:
        self.db = db
        self._anchor_path = None if path is None else path.with_suffix(".anchor")

    @classmethod
    def open_read_only(cls, path: Path) -> AuditFile | None:
        """The file at ``path`` opened read-only (close it), None when there is none."""
        if not path.is_file():
            return None
        return cls(sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True), path)

    def anchor(self) -> Anchor | None:
        """The anchor file beside the trail (the SQLite trail's own copy)."""
        if self._anchor_path is None:
            return None
        try:
            return AnchorFile(self._anchor_path).read()
        except AnchorError:
            return None

    def close(self) -> None:
        self.db.close()

    def _columns(self) -> set[str]:
        return {row[1] for row in self.db.execute("PRAGMA table_info(audit)")}

    def _select(self, where: str, params: list[object], limit: int) -> list[AuditRecord]:
        sql = f"SELECT {', '.join(COLUMNS)} FROM audit"
        if where:
            sql += " WHERE " + where
        sql += " ORDER BY seq DESC LIMIT ?"
        return [record(row) for row in self.db.execute(sql, [*params, limit])]

    def outcomes(self, intents: Iterable[int]) -> dict[int, AuditRecord]:
        seqs = list(intents)
        found: dict[int, AuditRecord] = {}
        for start in range(0, len(seqs), 500):
            chunk = seqs[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            sql = f"SELECT {', '.join(COLUMNS)} FROM audit WHERE ref IN ({marks}) ORDER BY seq"
            for row in self.db.execute(sql, chunk):
                outcome = record(row)
                assert outcome.ref is not None
                found.setdefault(outcome.ref, outcome)
        return found

    def unresolved_intents(self) -> list[AuditRecord]:
        if "ref" not in self._columns():
            return []
        sql = (
            f"SELECT {select_columns(self.db)} FROM audit AS a WHERE action = ? AND NOT EXISTS "
            "(SELECT 1 FROM audit AS o WHERE o.ref = a.seq) ORDER BY seq"
        )
        return [record(row) for row in self.db.execute(sql, (WRITE_INTENT,))]

    def writes(self, since: float, until: float, *, inclusive: bool = False) -> list[AuditRecord]:
        if not has_audit_table(self.db):
            return []
        before = "<=" if inclusive else "<"
        rows = self.db.execute(
            f"SELECT {select_columns(self.db)} FROM audit WHERE time >= ? AND time {before} ? "
            "AND action IN (?, ?, ?) ORDER BY seq",
            (since, until, *WRITE_ACTIONS, WRITE_INTENT),
        ).fetchall()
        return unknown_outcomes([record(row) for row in rows], self._resolved)

    def _resolved(self, intents: list[int]) -> set[int]:
        if "ref" not in self._columns():
            return set()
        found: set[int] = set()
        for start in range(0, len(intents), 500):
            chunk = intents[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self.db.execute(f"SELECT ref FROM audit WHERE ref IN ({marks})", chunk)
            found |= {int(row[0]) for row in rows}
        return found

    def records(self) -> Iterator[AuditRecord]:
        if has_audit_table(self.db):
            yield from rows_in_order(self.db)

    def issued(self) -> int:
        if not has_audit_table(self.db):
            return 0
        row = self.db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").fetchone()
        return int(row[0]) if row else 0

    def hash_of(self, seq: int) -> str | None:
        row = self.db.execute("SELECT hash FROM audit WHERE seq = ?", (seq,)).fetchone()
        return None if row is None else str(row[0])

    def seq_with_hash(self, hash_: str, before: int) -> int | None:
        row = self.db.execute(
            "SELECT seq FROM audit WHERE hash = ? AND seq < ?", (hash_, before)
        ).fetchone()
        return None if row is None else int(row[0])
