"""The audit trail: an append-only, hash-chained log of what users did, in SQLite.

Each record stores the hash of the one before it, so an edited, deleted, inserted or reordered
record breaks the chain and `verify()` names the first bad one. Triggers refuse UPDATE and
DELETE. Several processes may append to one file: the last hash is read and the new record
written inside one `BEGIN IMMEDIATE` transaction.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import math
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tags.clock import Clock
from tags.security.permissions import User
from tags.sqlite_file import SqliteFile
from tags.subscription import Listeners, Subscription

log = logging.getLogger(__name__)

GENESIS_HASH = "0" * 64
AuditValue = str | int | float | bool | None

_FIELDS = (
    *("seq", "time", "user", "workstation", "action", "tag", "old", "new"),
    *("unit", "reason", "result", "latency_ms", "detail"),
)
_COLUMNS = ", ".join([*_FIELDS, "prev_hash", "hash"])

_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    time REAL NOT NULL,
    user TEXT NOT NULL,
    workstation TEXT NOT NULL,
    action TEXT NOT NULL,
    tag TEXT NOT NULL,
    old TEXT,
    new TEXT,
    unit TEXT NOT NULL,
    reason TEXT NOT NULL,
    result TEXT NOT NULL,
    latency_ms REAL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_time ON audit (time);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;
"""


@dataclass(frozen=True)
class AuditRecord:
    """One audit entry; values are kept as text, `old`/`new` are None when not applicable."""

    seq: int
    time: float
    user: str
    workstation: str
    action: str
    tag: str
    old: str | None
    new: str | None
    unit: str
    reason: str
    result: str
    latency_ms: float | None
    detail: str
    prev_hash: str = GENESIS_HASH
    hash: str = ""

    def computed_hash(self) -> str:
        """sha256 of prev_hash + the canonical JSON of the record's fields."""
        fields = {name: getattr(self, name) for name in _FIELDS}
        canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256((self.prev_hash + canonical).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class VerifyResult:
    """Outcome of `AuditTrail.verify()`: `first_bad_seq` names the first tampered record."""

    ok: bool
    checked: int
    first_bad_seq: int | None
    message: str


def _text(value: AuditValue) -> str | None:
    return None if value is None else str(value)


def _record(row: tuple[Any, ...]) -> AuditRecord:
    return AuditRecord(*row)


def _missing(first: int, last: int) -> str:
    return f"record {first} missing" if first == last else f"records {first} to {last} missing"


class AuditTrail(SqliteFile):
    """Append-only, hash-chained audit log in one SQLite file."""

    def __init__(self, path: Path, clock: Clock, *, workstation: str | None = None) -> None:
        self._clock = clock
        self.workstation = workstation if workstation is not None else socket.gethostname()
        self._listeners: Listeners[AuditRecord] = Listeners(log, "audit")
        super().__init__(path, _SCHEMA)

    def subscribe(self, listener: Callable[[AuditRecord], None]) -> Subscription:
        """Call ``listener`` with each record this trail appends (after it is stored), until
        the Subscription is closed. A failing listener is logged and never stops the append."""
        return self._listeners.subscribe(listener)

    def append(
        self,
        action: str,
        *,
        user: str | User | None,
        workstation: str = "",
        tag: str = "",
        old: AuditValue = None,
        new: AuditValue = None,
        unit: str = "",
        reason: str = "",
        result: str = "",
        latency_ms: float | None = None,
        detail: str = "",
    ) -> AuditRecord:
        """Add one record at the end of the chain and return it (with seq and hash)."""
        if not action:
            raise ValueError("an audit record needs an action")
        if latency_ms is not None:
            latency_ms = float(latency_ms)
            if not math.isfinite(latency_ms):
                raise ValueError(f"latency_ms must be finite, not {latency_ms}")
        user_name = user.name if isinstance(user, User) else (user or "")
        with self._transaction() as db:
            last = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
            issued = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").fetchone()
            last_seq = max(last[0] if last else 0, issued[0] if issued else 0)
            unhashed = AuditRecord(
                seq=last_seq + 1,
                time=float(self._clock.now()),
                user=user_name,
                workstation=workstation or self.workstation,
                action=action,
                tag=tag,
                old=_text(old),
                new=_text(new),
                unit=unit,
                reason=reason,
                result=result,
                latency_ms=latency_ms,
                detail=detail,
                prev_hash=last[1] if last else GENESIS_HASH,
            )
            record = dataclasses.replace(unhashed, hash=unhashed.computed_hash())
            values = [getattr(record, name) for name in [*_FIELDS, "prev_hash", "hash"]]
            db.execute(f"INSERT INTO audit ({_COLUMNS}) VALUES ({', '.join('?' * 15)})", values)
        self._listeners.notify(record)
        return record

    def query(
        self,
        *,
        since: float | None = None,
        until: float | None = None,
        user: str | None = None,
        tag: str | None = None,
        action: str | None = None,
        limit: int = 1000,
    ) -> list[AuditRecord]:
        """Records matching every given filter, newest first; `since` <= time < `until`."""
        where: list[str] = []
        params: list[object] = []
        for clause, value in (
            ("time >= ?", since),
            ("time < ?", until),
            ("user = ?", user),
            ("tag = ?", tag),
            ("action = ?", action),
        ):
            if value is not None:
                where.append(clause)
                params.append(value)
        sql = f"SELECT {_COLUMNS} FROM audit"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY seq DESC LIMIT ?"
        params.append(limit)
        return [_record(row) for row in self._db.execute(sql, params)]

    def verify(self) -> VerifyResult:
        """Recompute the chain and report the first record that was altered or removed."""
        checked = 0
        previous: AuditRecord | None = None
        for row in self._db.execute(f"SELECT {_COLUMNS} FROM audit ORDER BY seq"):
            record = _record(row)
            checked += 1
            fault = self._check(previous, record)
            if fault is not None:
                return VerifyResult(False, checked, fault[0], fault[1])
            previous = record
        issued = self._db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").fetchone()
        last_seq = previous.seq if previous else 0
        if issued and issued[0] > last_seq:
            gap = _missing(last_seq + 1, issued[0])
            message = f"{gap} (the end of the trail was deleted)"
            return VerifyResult(False, checked, last_seq + 1, message)
        if previous is None:
            return VerifyResult(True, 0, None, "audit trail is empty")
        return VerifyResult(True, checked, None, f"audit trail intact: {checked} records")

    def _check(self, previous: AuditRecord | None, record: AuditRecord) -> tuple[int, str] | None:
        """The (seq, message) of the first bad record seen at `record`, or None."""
        seq = record.seq
        expected_seq = previous.seq + 1 if previous else 1
        expected_prev = previous.hash if previous else GENESIS_HASH
        if seq != expected_seq:
            gap = _missing(expected_seq, seq - 1)
            if previous is None:
                return expected_seq, f"{gap} (chain starts at {seq})"
            return expected_seq, f"{gap} (chain jumps from {previous.seq} to {seq})"
        if record.prev_hash != expected_prev and previous is None:
            return seq, f"record {seq}: broken link (prev_hash is not the genesis hash)"
        if record.prev_hash != expected_prev and previous is not None:
            earlier = self._db.execute(
                "SELECT seq FROM audit WHERE hash = ? AND seq < ?", (record.prev_hash, seq)
            ).fetchone()
            if earlier is not None:
                first = earlier[0] + 1
                what = f"record {first} was"
                if first != previous.seq:
                    what = f"records {first} to {previous.seq} were"
                return first, (f"{what} inserted (record {seq} links back to record {earlier[0]})")
            if record.computed_hash() == record.hash:
                return previous.seq, (
                    f"record {previous.seq}: hash does not match the link from record {seq} "
                    "(record was altered and re-hashed)"
                )
            return (
                seq,
                f"record {seq}: broken link (prev_hash does not match record {previous.seq})",
            )
        if record.computed_hash() != record.hash:
            return seq, f"record {seq}: hash mismatch (record was altered)"
        return None
