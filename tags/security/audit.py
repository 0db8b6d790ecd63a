"""The audit trail: an append-only, signed log of what users did, in SQLite.

Each record carries the MAC of the one before it and its own, HMAC-SHA256 under the trail's
key (``audit.key`` beside it, owner-only, made on the first append): an edited, deleted,
inserted or reordered record breaks the chain, and nobody without the key can mend it. After
each append the new end of the trail is anchored apart from it (``audit_anchor.py``), so a
cut-off end or an emptied or deleted trail is found too. `verify()` names the first bad
record. Triggers refuse UPDATE and DELETE. Several processes may append to one file: the last
MAC is read and the new record written inside one `BEGIN IMMEDIATE` transaction.

Trails written before the key existed keep their records (legacy: a plain hash chain); new
records are signed from then on, chained to the last legacy one, and verify says up to
which record the trail is legacy.
"""

from __future__ import annotations

import dataclasses
import logging
import socket
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

from tags.clock import Clock
from tags.security import audit_verify
from tags.security.audit_anchor import Anchor, AnchorFile, AnchorTable, gather_anchors, places
from tags.security.audit_file import AuditFile
from tags.security.audit_key import AuditKeyError, create_key, key_path, load_key
from tags.security.audit_record import (
    COLUMNS,
    GENESIS_HASH,
    OUTCOME_UNKNOWN,
    WRITE_INTENT,
    AuditRecord,
    AuditValue,
    VerifyResult,
)
from tags.security.audit_store import checked_entry, text_value
from tags.security.audit_verify import AuditFileError, verify_data_dir
from tags.security.permissions import User
from tags.sqlite_file import SqliteFile
from tags.subscription import Listeners, Subscription

__all__ = [
    "GENESIS_HASH", "OUTCOME_UNKNOWN", "WRITE_INTENT", "AuditFileError", "AuditKeyError",
    "AuditRecord", "AuditTrail", "AuditValue", "VerifyResult", "verify_data_dir",
]  # fmt: skip

log = logging.getLogger(__name__)


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
    hash TEXT NOT NULL,
    ref INTEGER,
    keyed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS audit_time ON audit (time);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END;
"""


class AuditTrail(SqliteFile, AuditFile):
    """Append-only, signed audit log in one SQLite file, anchored in other places.

    ``anchor_copies``: other SQLite stores that keep a copy of the anchor (updated on each
    append); ``anchor_folders``: folders whose JSON files may carry anchors (shift reports),
    read by verify. ``AuditTrail.in_data_dir`` opens the console's trail with all of them.
    """

    WHAT = "audit trail"

    def __init__(
        self,
        path: Path,
        clock: Clock,
        *,
        workstation: str | None = None,
        anchor_copies: Sequence[Path] = (),
        anchor_folders: Sequence[Path] = (),
    ) -> None:
        self._clock = clock
        self.path = path
        self.workstation = workstation if workstation is not None else socket.gethostname()
        self._listeners: Listeners[AuditRecord] = Listeners(log, "audit")
        self._key_file = key_path(path)
        self._key: bytes | None = None
        self._keyed_from: int | None = None
        self.anchor_file = AnchorFile(path.with_suffix(".anchor"))
        self._tables = [AnchorTable(p) for p in anchor_copies]
        self._folders = tuple(anchor_folders)
        SqliteFile.__init__(self, path, _SCHEMA)
        AuditFile.__init__(self, self._db, path)
        try:
            self._add_columns()
            if self._first_keyed(self._db) is not None:
                self._signing_key()  # a signed trail that cannot sign says so when opened
        except AuditKeyError:
            self.close()
            raise

    @classmethod
    def in_data_dir(
        cls, data_dir: Path, clock: Clock, *, workstation: str | None = None
    ) -> AuditTrail:
        """The console's trail: ``audit.db`` of the data folder, anchored beside it, in the
        users database and in the shift reports."""
        path, copies, folders = places(data_dir)
        return cls(path, clock, workstation=workstation, anchor_copies=copies,
                   anchor_folders=folders)  # fmt: skip

    def _add_columns(self) -> None:
        """Give a trail of an older version the columns of intents and signing."""
        with self._transaction() as db:
            have = {row[1] for row in db.execute("PRAGMA table_info(audit)")}
            if "ref" not in have:
                db.execute("ALTER TABLE audit ADD COLUMN ref INTEGER")
            if "keyed" not in have:
                db.execute("ALTER TABLE audit ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0")
            db.execute("CREATE INDEX IF NOT EXISTS audit_ref ON audit (ref)")

    def close(self) -> None:
        for table in self._tables:
            table.close()
        super().close()

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
        ref: int | None = None,
    ) -> AuditRecord:
        """Add one signed record at the end of the chain and return it (with seq and MAC);
        ``ref``: the intent this record is the outcome of. Raises AuditKeyError when the key
        of a signed trail is gone (nothing is appended then)."""
        user_name, latency_ms = checked_entry(action, user, latency_ms)
        key = self._signing_key()
        with self._transaction() as db:
            last = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
            issued = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").fetchone()
            seq = max(last[0] if last else 0, issued[0] if issued else 0) + 1
            keyed_from = self._first_keyed(db) or seq
            unsigned = AuditRecord(
                seq=seq,
                time=float(self._clock.now()),
                user=user_name,
                workstation=workstation or self.workstation,
                action=action,
                tag=tag,
                old=text_value(old),
                new=text_value(new),
                unit=unit,
                reason=reason,
                result=result,
                latency_ms=latency_ms,
                detail=detail,
                prev_hash=last[1] if last else GENESIS_HASH,
                ref=ref,
                keyed=True,
            )
            stored = dataclasses.replace(unsigned, hash=unsigned.computed_mac(key))
            values = [getattr(stored, name) for name in COLUMNS]
            marks = ", ".join("?" * len(COLUMNS))
            db.execute(f"INSERT INTO audit ({', '.join(COLUMNS)}) VALUES ({marks})", values)
        self._keyed_from = keyed_from
        self._anchor(Anchor.signed(key, stored.seq, stored.hash, keyed_from))
        self._listeners.notify(stored)
        return stored

    def _signing_key(self) -> bytes:
        """The trail's key, made on the first append; never remade for a signed trail."""
        if self._key is None:
            key = load_key(self._key_file)
            if key is None and self._first_keyed(self._db) is not None:
                # another process may have made the key and signed with it since the first
                # look: its key file is whole before its first signed record is written
                key = load_key(self._key_file)
                if key is None:
                    raise AuditKeyError(
                        f"{self._key_file} is missing, but {self.path} holds signed records: "
                        "restore the key file (nothing was recorded)"
                    )
            if key is None:
                key = create_key(self._key_file)
            self._key = key
        return self._key

    def _first_keyed(self, db: sqlite3.Connection) -> int | None:
        if self._keyed_from is None:
            row = db.execute("SELECT seq FROM audit WHERE keyed = 1 ORDER BY seq LIMIT 1")
            found = row.fetchone()
            self._keyed_from = None if found is None else int(found[0])
        return self._keyed_from

    def _anchor(self, anchor: Anchor) -> None:
        """Leave the new end of the trail in every anchor store (the record is already in)."""
        stores: list[AnchorFile | AnchorTable] = [self.anchor_file, *self._tables]
        for store in stores:
            try:
                store.write(anchor)
            except (OSError, sqlite3.Error):
                log.exception("audit record %d could not be anchored in %s", anchor.seq,
                              store.path)  # fmt: skip

    def verify(self) -> VerifyResult:
        """Check every record and the trail against its anchors; the first fault found."""
        anchors, problem = gather_anchors(self.anchor_file, self._tables, self._folders)
        if problem is not None:
            return VerifyResult(False, 0, None, problem)
        try:
            key = load_key(self._key_file)
        except AuditKeyError as exc:
            return VerifyResult(False, 0, None, str(exc))
        return audit_verify.verify(self, key, anchors, self._key_file)
