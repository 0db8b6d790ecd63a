"""The audit trail in the shared PostgreSQL store: the same records, the same MAC chain and
the same verifier as the SQLite trail (``audit.py``), for a control room's server.

Appends from several processes keep one chain: the chain's head is a one-row table
(``audit_head``) locked with ``SELECT ... FOR UPDATE`` in the transaction that reads the last
record and inserts the next one. The head is also the anchor kept in the store (the last
seq, its MAC and where signing began, signed with the key) and remembers the highest seq
ever issued, so a cut-off end is found as on SQLite. The key stays a file of the server's
data folder (``audit.key``), as does the anchor copy ``audit.anchor``.

Outages: an append while the store is known to be away (tags/store/postgres.py keeps its
health and probes it) raises AuditUnavailable at once, "the audit trail cannot be written:
<why>", and nothing is recorded; the caller refuses the action that needed the record (the
write path sends nothing). The first append that meets an outage waits only until an
attempt to connect fails (``QUICK_TIMEOUT`` at most). Appends work again by themselves once
the probe finds the store back; the chain goes on from its head, as it always does.

Access: the writer role (``hmi_writer``) may SELECT and INSERT on ``audit``, never UPDATE
or DELETE it (nor TRUNCATE), and UPDATE only the head; the reader role only reads. Triggers
refuse UPDATE, DELETE and TRUNCATE of ``audit`` even for its owner.
"""

from __future__ import annotations

import dataclasses
import logging
import socket
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import psycopg

from tags.clock import Clock
from tags.security import audit_verify
from tags.security.audit_anchor import Anchor, AnchorError, AnchorFile, anchors_in_folder, places
from tags.security.audit_key import AuditKeyError, create_key, key_path, load_key
from tags.security.audit_record import (
    COLUMNS,
    GENESIS_HASH,
    WRITE_INTENT,
    AuditRecord,
    AuditValue,
    VerifyResult,
    record,
)
from tags.security.audit_store import (
    WRITE_ACTIONS,
    AuditQueries,
    AuditUnavailable,
    audit_refusal,
    checked_entry,
    text_value,
    unknown_outcomes,
)
from tags.security.permissions import User
from tags.store.migrations import READER, WRITER, Component, migrate
from tags.store.postgres import PgDatabase, StoreError, StoreUnavailable
from tags.subscription import Listeners, Subscription

log = logging.getLogger(__name__)

COMPONENT = Component(
    "audit",
    (
        f"""
CREATE TABLE audit (
    seq bigint PRIMARY KEY,
    time double precision NOT NULL,
    "user" text NOT NULL,
    workstation text NOT NULL,
    action text NOT NULL,
    tag text NOT NULL,
    old text,
    new text,
    unit text NOT NULL,
    reason text NOT NULL,
    result text NOT NULL,
    latency_ms double precision,
    detail text NOT NULL,
    prev_hash text NOT NULL,
    hash text NOT NULL,
    ref bigint,
    keyed smallint NOT NULL DEFAULT 0
);
CREATE INDEX audit_time ON audit (time);
CREATE INDEX audit_ref ON audit (ref);
CREATE TABLE audit_head (
    id smallint PRIMARY KEY CHECK (id = 1),
    seq bigint NOT NULL,
    mac text NOT NULL,
    keyed_from bigint NOT NULL,
    signature text NOT NULL
);
INSERT INTO audit_head (id, seq, mac, keyed_from, signature) VALUES (1, 0, '{GENESIS_HASH}', 0, '');
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'audit trail is append-only'; END $$;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
REVOKE ALL ON audit, audit_head FROM PUBLIC;
GRANT SELECT, INSERT ON audit TO {WRITER};
GRANT SELECT, UPDATE ON audit_head TO {WRITER};
GRANT SELECT ON audit, audit_head TO {READER};
""",
    ),
)

_COLUMNS = ", ".join(f'"{name}"' for name in COLUMNS)
_PAGE = 5000

Row = tuple[Any, ...]
Conn = psycopg.AsyncConnection[Any]


async def _rows(conn: Conn, sql: str, params: Sequence[object] = ()) -> list[Row]:
    cur = await conn.execute(sql, params)
    return await cur.fetchall()


class PgAuditTrail(AuditQueries):
    """Append-only, signed audit log in the shared store (``AuditStore``), anchored in the
    store's head row, in ``anchor_file`` and in the JSON files of ``anchor_folders``.

    ``readonly``: a console that only reads (no key needed until it appends)."""

    mark = "%s"

    WHAT = "audit trail"

    def __init__(
        self,
        db: PgDatabase,
        clock: Clock,
        *,
        key_file: Path,
        workstation: str | None = None,
        anchor_file: Path | None = None,
        anchor_folders: Sequence[Path] = (),
        readonly: bool = False,
    ) -> None:
        self._db = db
        self._clock = clock
        self.workstation = workstation if workstation is not None else socket.gethostname()
        self._listeners: Listeners[AuditRecord] = Listeners(log, "audit")
        self._key_file = key_file
        self._key: bytes | None = None
        self.anchor_file = None if anchor_file is None else AnchorFile(anchor_file)
        self._folders = tuple(anchor_folders)
        self.readonly = readonly
        """Opened to read only: appends are refused (no key is made, nothing is sent)."""
        db.run(lambda conn: migrate(conn, COMPONENT, apply=not readonly))
        if not readonly and self._first_keyed() is not None:
            self._signing_key()  # a signed trail that cannot sign says so when opened

    @classmethod
    def in_data_dir(
        cls,
        db: PgDatabase,
        data_dir: Path,
        clock: Clock,
        *,
        workstation: str | None = None,
        readonly: bool = False,
    ) -> PgAuditTrail:
        """The server's trail: in the store, its key and an anchor copy in ``data_dir``,
        anchors also in the shift reports."""
        path, _copies, folders = places(data_dir)
        return cls(db, clock, key_file=key_path(path), workstation=workstation,
                   anchor_file=path.with_suffix(".anchor"), anchor_folders=folders,
                   readonly=readonly)  # fmt: skip

    @property
    def where(self) -> str:
        return f"the audit trail in {self._db.url}"

    def close(self) -> None:
        """Nothing to release: the store's pool belongs to whoever opened it."""

    def __enter__(self) -> PgAuditTrail:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _all(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        return self._db.run(lambda conn: _rows(conn, sql, params))

    def subscribe(self, listener: Callable[[AuditRecord], None]) -> Subscription:
        """Call ``listener`` with each record this trail appends (after it is stored)."""
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
        """Add one signed record at the end of the chain and return it (see AuditTrail);
        AuditUnavailable, at once, while the store is away."""
        if self.readonly:
            raise StoreError(f"{self.where} is open to read only: {action} was not recorded")
        user_name, latency_ms = checked_entry(action, user, latency_ms)
        entry = AuditRecord(
            seq=0, time=0.0, user=user_name, workstation=workstation or self.workstation,
            action=action, tag=tag, old=text_value(old), new=text_value(new), unit=unit,
            reason=reason, result=result, latency_ms=latency_ms, detail=detail, ref=ref,
            keyed=True,
        )  # fmt: skip
        try:
            return self._append(entry)
        except StoreUnavailable as exc:
            raise AuditUnavailable(audit_refusal(exc)) from exc

    def _append(self, entry: AuditRecord) -> AuditRecord:
        key = self._signing_key()

        async def work(conn: Conn) -> tuple[AuditRecord, Anchor]:
            async with conn.transaction():
                head = await _rows(
                    conn, "SELECT seq, keyed_from FROM audit_head WHERE id = 1 FOR UPDATE"
                )
                last = await _rows(conn, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
                seq = max(int(last[0][0]) if last else 0, int(head[0][0])) + 1
                keyed_from = int(head[0][1])
                if keyed_from <= 0:
                    first = await _rows(conn, "SELECT min(seq) FROM audit WHERE keyed = 1")
                    keyed_from = int(first[0][0]) if first[0][0] is not None else seq
                unsigned = dataclasses.replace(
                    entry,
                    seq=seq,
                    time=float(self._clock.now()),
                    prev_hash=str(last[0][1]) if last else GENESIS_HASH,
                )
                stored = dataclasses.replace(unsigned, hash=unsigned.computed_mac(key))
                values = [getattr(stored, name) for name in COLUMNS]
                values[COLUMNS.index("keyed")] = int(stored.keyed)
                marks = ", ".join(["%s"] * len(COLUMNS))
                await conn.execute(
                    f"INSERT INTO audit ({_COLUMNS}) VALUES ({marks})",
                    values,
                )
                anchor = Anchor.signed(key, seq, stored.hash, keyed_from)
                await conn.execute(
                    "UPDATE audit_head SET seq = %s, mac = %s, keyed_from = %s, signature = %s"
                    " WHERE id = 1",
                    (anchor.seq, anchor.mac, anchor.keyed_from, anchor.signature),
                )
            return stored, anchor

        stored, anchor = self._db.run(work, fail_fast=True)
        if self.anchor_file is not None:
            try:
                self.anchor_file.write(anchor)
            except OSError:
                log.exception("audit record %d could not be anchored in %s", anchor.seq,
                              self.anchor_file.path)  # fmt: skip
        self._listeners.notify(stored)
        return stored

    def _signing_key(self) -> bytes:
        """The trail's key, made on the first append; never remade for a signed trail."""
        if self._key is None:
            key = load_key(self._key_file)
            if key is None and self._first_keyed() is not None:
                # another process may have made the key and signed with it since the first
                # look: its key file is whole before its first signed record is written
                key = load_key(self._key_file)
                if key is None:
                    raise AuditKeyError(
                        f"{self._key_file} is missing, but {self.where} holds signed records: "
                        "restore the key file (nothing was recorded)"
                    )
            if key is None:
                key = create_key(self._key_file)
            self._key = key
        return self._key

    def _first_keyed(self) -> int | None:
        sql = "SELECT min(seq) FROM audit WHERE keyed = 1"
        rows = self._db.run(lambda conn: _rows(conn, sql), fail_fast=True)
        return None if rows[0][0] is None else int(rows[0][0])

    def anchor(self) -> Anchor | None:
        """The anchor kept in the store's head row (None before the first record)."""
        return self.head_anchor()

    def head_anchor(self) -> Anchor | None:
        """The anchor kept in the store's head row (None before the first record)."""
        rows = self._all("SELECT seq, mac, keyed_from, signature FROM audit_head WHERE id = 1")
        if not rows or int(rows[0][0]) <= 0:
            return None
        seq, mac, keyed_from, signature = rows[0]
        return Anchor(int(seq), str(mac), int(keyed_from), str(signature),
                      f"audit_head of {self._db.url}")  # fmt: skip

    def _select(self, where: str, params: list[object], limit: int) -> list[AuditRecord]:
        sql = f"SELECT {_COLUMNS} FROM audit"
        if where:
            sql += " WHERE " + where
        sql += " ORDER BY seq DESC LIMIT %s"
        return [record(row) for row in self._all(sql, [*params, limit])]

    def outcomes(self, intents: Iterable[int]) -> dict[int, AuditRecord]:
        """The outcome record of each of these intents that has one, by the intent's seq."""
        seqs = list(intents)
        found: dict[int, AuditRecord] = {}
        if not seqs:
            return found
        rows = self._all(f"SELECT {_COLUMNS} FROM audit WHERE ref = ANY(%s) ORDER BY seq", [seqs])
        for row in rows:
            outcome = record(row)
            assert outcome.ref is not None
            found.setdefault(outcome.ref, outcome)
        return found

    def unresolved_intents(self) -> list[AuditRecord]:
        """Write intents with no outcome record, oldest first: their outcome is unknown."""
        sql = (
            f"SELECT {_COLUMNS} FROM audit AS a WHERE action = %s AND NOT EXISTS "
            "(SELECT 1 FROM audit AS o WHERE o.ref = a.seq) ORDER BY seq"
        )
        return [record(row) for row in self._all(sql, [WRITE_INTENT])]

    def writes(self, since: float, until: float, *, inclusive: bool = False) -> list[AuditRecord]:
        """Writes, refusals and intents of unknown outcome of the range (see AuditReader)."""
        before = "<=" if inclusive else "<"
        rows = self._all(
            f"SELECT {_COLUMNS} FROM audit WHERE time >= %s AND time {before} %s "
            "AND action = ANY(%s) ORDER BY seq",
            [since, until, [*WRITE_ACTIONS, WRITE_INTENT]],
        )
        return unknown_outcomes([record(row) for row in rows], self._resolved)

    def _resolved(self, intents: list[int]) -> set[int]:
        rows = self._all("SELECT DISTINCT ref FROM audit WHERE ref = ANY(%s)", [intents])
        return {int(row[0]) for row in rows}

    def records(self) -> Iterator[AuditRecord]:
        """Every record by seq, read a page at a time."""
        after = -1
        while True:
            rows = self._all(
                f"SELECT {_COLUMNS} FROM audit WHERE seq > %s ORDER BY seq LIMIT {_PAGE}",
                [after],
            )
            for row in rows:
                yield record(row)
            if len(rows) < _PAGE:
                return
            after = int(rows[-1][0])

    def issued(self) -> int:
        rows = self._all("SELECT seq FROM audit_head WHERE id = 1")
        return int(rows[0][0]) if rows else 0

    def hash_of(self, seq: int) -> str | None:
        rows = self._all("SELECT hash FROM audit WHERE seq = %s", [seq])
        return str(rows[0][0]) if rows else None

    def seq_with_hash(self, hash_: str, before: int) -> int | None:
        rows = self._all(
            "SELECT seq FROM audit WHERE hash = %s AND seq < %s ORDER BY seq DESC LIMIT 1",
            [hash_, before],
        )
        return int(rows[0][0]) if rows else None

    def import_records(self, records: Sequence[AuditRecord], key: bytes | None) -> int:
        """Add records of another trail verbatim (seq, MACs, keyed: a console's trail copied
        in by ``store copy``, as the store's owner); a seq that is there already is skipped.
        The head moves to the last record, its anchor signed with ``key`` (the trail's key;
        None for a trail that never had one: the head stays). How many were added.

        The caller checks first that what is here is the same chain (a prefix of the
        records), as the verifier would refuse anything else."""
        if not records:
            return 0
        rows = []
        for entry in records:
            values = [getattr(entry, name) for name in COLUMNS]
            values[COLUMNS.index("keyed")] = int(entry.keyed)
            rows.append(values)
        marks = ", ".join(["%s"] * len(COLUMNS))
        last = max(records, key=lambda r: r.seq)

        async def work(conn: Conn) -> int:
            async with conn.transaction():
                head = await _rows(
                    conn, "SELECT seq, keyed_from FROM audit_head WHERE id = 1 FOR UPDATE"
                )
                async with conn.cursor() as cur:
                    await cur.executemany(
                        f"INSERT INTO audit ({_COLUMNS}) VALUES ({marks}) "
                        "ON CONFLICT (seq) DO NOTHING",
                        rows,
                    )
                    added = cur.rowcount
                if key is None or int(head[0][0]) >= last.seq:
                    return added
                keyed_from = int(head[0][1])
                if keyed_from <= 0:
                    first = await _rows(conn, "SELECT min(seq) FROM audit WHERE keyed = 1")
                    keyed_from = int(first[0][0]) if first[0][0] is not None else 0
                if keyed_from > 0:
                    anchor = Anchor.signed(key, last.seq, last.hash, keyed_from)
                    await conn.execute(
                        "UPDATE audit_head SET seq = %s, mac = %s, keyed_from = %s,"
                        " signature = %s WHERE id = 1",
                        (anchor.seq, anchor.mac, anchor.keyed_from, anchor.signature),
                    )
            return added

        return self._db.run(work)

    def verify(self, more: Sequence[Anchor] = ()) -> VerifyResult:
        """Check every record and the trail against its anchors (and ``more``, e.g. those
        the report index keeps); the first fault found."""
        anchors: list[Anchor] = list(more)
        try:
            head = self.head_anchor()
            if head is not None:
                anchors.append(head)
            if self.anchor_file is not None and (copy := self.anchor_file.read()) is not None:
                anchors.append(copy)
            for folder in self._folders:
                anchors += anchors_in_folder(folder)
        except AnchorError as exc:
            return VerifyResult(False, 0, None, str(exc))
        try:
            key = load_key(self._key_file)
        except AuditKeyError as exc:
            return VerifyResult(False, 0, None, str(exc))
        return audit_verify.verify(self, key, anchors, self._key_file)


def has_trail(db: PgDatabase) -> bool:
    """Whether the store holds an audit table yet (before its schema is made, it does not)."""

    async def work(conn: Conn) -> bool:
        cur = await conn.execute("SELECT to_regclass('audit') IS NOT NULL")
        row = await cur.fetchone()
        return bool(row and row[0])

    return db.run(work)
