"""One audit record, how it is signed, and how records are read from an audit file.

A record is keyed (``keyed``) when its ``hash`` is HMAC-SHA256 under the trail's key of the
previous record's ``hash`` and the record's canonical JSON (``ref`` included). Records
written before the trail had a key are legacy: ``hash`` is a plain SHA-256 over the same
link and the fields of that time (no ``ref``). ``ref`` ties an outcome to its intent: the
``write`` record that says how a write went names the seq of its ``write_intent``.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tags.security.audit_key import mac

GENESIS_HASH = "0" * 64
AuditValue = str | int | float | bool | None

WRITE_INTENT = "write_intent"
"""Action of the record made before a write request leaves (who, what, old -> new, why)."""
OUTCOME_UNKNOWN = "outcome unknown"
"""What an intent without an outcome record reads as (the writer died, or is still waiting)."""

FIELDS = (
    *("seq", "time", "user", "workstation", "action", "tag", "old", "new"),
    *("unit", "reason", "result", "latency_ms", "detail"),
)
COLUMNS = (*FIELDS, "prev_hash", "hash", "ref", "keyed")
_LEGACY_COLUMNS = (*FIELDS, "prev_hash", "hash")


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
    ref: int | None = None
    """The seq of the intent this record is the outcome of (None for other records)."""
    keyed: bool = False

    def computed_hash(self) -> str:
        """The legacy link: sha256 of prev_hash + the canonical JSON of the fields of then."""
        fields = {name: getattr(self, name) for name in FIELDS}
        text = self.prev_hash + _canonical(fields)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def computed_mac(self, key: bytes) -> str:
        """The keyed link: HMAC-SHA256 under ``key`` of prev_hash + every field's JSON."""
        fields: dict[str, Any] = {name: getattr(self, name) for name in FIELDS}
        fields["ref"] = self.ref
        return mac(key, self.prev_hash + _canonical(fields))


def _canonical(fields: dict[str, Any]) -> str:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class VerifyResult:
    """Outcome of verifying a trail: `first_bad_seq` names the first tampered record."""

    ok: bool
    checked: int
    first_bad_seq: int | None
    message: str
    legacy_until: int | None = None
    """The last record that predates the key (checked by its plain hash chain only)."""


def record(row: tuple[Any, ...]) -> AuditRecord:
    """An AuditRecord from a row of ``COLUMNS``."""
    values = dict(zip(COLUMNS, row, strict=True))
    values["keyed"] = bool(values["keyed"])
    return AuditRecord(**values)


def select_columns(db: sqlite3.Connection) -> str:
    """The SELECT list giving ``COLUMNS`` from this file's audit table (older files lack the
    ``ref`` and ``keyed`` columns: their records are all legacy)."""
    have = {row[1] for row in db.execute("PRAGMA table_info(audit)")}
    if {"ref", "keyed"} <= have:
        return ", ".join(COLUMNS)
    return ", ".join(_LEGACY_COLUMNS) + ", NULL, 0"


def has_audit_table(db: sqlite3.Connection) -> bool:
    row = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit'")
    return row.fetchone() is not None


def rows_in_order(db: sqlite3.Connection) -> Iterator[AuditRecord]:
    """Every record of the file, by seq."""
    for row in db.execute(f"SELECT {select_columns(db)} FROM audit ORDER BY seq"):
        yield record(row)
