"""The alarm journal and the saved alarm states in the shared PostgreSQL store.

The same ``JournalStore`` as the SQLite ``AlarmJournal`` (tags/alarms/journal.py), with the
same columns and the same numbers (times in POSIX seconds, priorities as integers), so both
give identical answers. Tables ``alarm_journal`` and ``alarm_states`` in the console's schema
(component ``alarms``). The server's writer role may read the journal and add to it, never
change or remove an entry (no UPDATE, no DELETE); it keeps ``alarm_states`` up to date
(INSERT, UPDATE). The consoles' reader role reads both.

One difference to SQLite: the text filter uses ILIKE, which folds the case of every letter
(SQLite's LIKE folds ASCII letters only).

Writing never waits for the store: ``write`` hands the entries (each given an id, ``uid``)
and states to a writer thread (tags/alarms/journal_writer.py) that keeps them in a spool
(tags/alarms/journal_spool.py: the data folder's ``journal-spool.db`` for the server's and a
console's journal) until the store has committed them, in order; through an outage of the
store they wait there and are written when it answers, each entry once (an id the store
holds already is skipped). Reads through this object first wait (``READ_WAIT`` at most)
until the store holds what was handed over before them, unless the store is away; the saved
states it reads include those still waiting. ``flush`` writes what waits now; ``close``
makes a last attempt and leaves the rest in the spool file for the next start.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import psycopg

from tags.alarms.journal import (
    STANDING_EVENTS,
    JournalEntry,
    JournalReads,
    SavedAlarm,
    Standing,
    journal_entry,
    saved_alarm,
    standing_from,
)
from tags.alarms.journal_filter import POSTGRESQL
from tags.alarms.journal_spool import JournalBatch, JournalSpool
from tags.alarms.journal_writer import JournalWriter
from tags.alarms.state import JournalEvent
from tags.store.migrations import READER, WRITER, Component, migrate
from tags.store.postgres import PgDatabase, StoreError, StoreUnavailable

COMPONENT = Component(
    "alarms",
    (
        f"""
CREATE TABLE alarm_journal (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    time double precision NOT NULL,
    event text NOT NULL,
    alarm text NOT NULL,
    tag text NOT NULL,
    kind text NOT NULL,
    area text NOT NULL,
    priority integer NOT NULL,
    grp text NOT NULL,
    state text NOT NULL,
    value text NOT NULL,
    lim double precision,
    "user" text NOT NULL,
    comment text NOT NULL,
    message text NOT NULL
);
CREATE INDEX alarm_journal_time ON alarm_journal (time);
CREATE INDEX alarm_journal_tag ON alarm_journal (tag, time);
CREATE INDEX alarm_journal_area ON alarm_journal (area, time);
CREATE INDEX alarm_journal_alarm ON alarm_journal (alarm, seq);
CREATE TABLE alarm_states (
    alarm text PRIMARY KEY,
    active boolean NOT NULL,
    acked boolean NOT NULL,
    latched boolean NOT NULL,
    activated_at double precision,
    changed_at double precision NOT NULL,
    shelved_until double precision,
    out_of_service boolean NOT NULL,
    reason text NOT NULL,
    set_by text NOT NULL
);
GRANT SELECT, INSERT ON alarm_journal TO {WRITER};
GRANT SELECT, INSERT, UPDATE ON alarm_states TO {WRITER};
GRANT SELECT ON alarm_journal, alarm_states TO {READER};
""",
        """
ALTER TABLE alarm_journal ADD COLUMN uid uuid;
CREATE UNIQUE INDEX alarm_journal_uid ON alarm_journal (uid);
""",
    ),
)
READ_WAIT = 2.0
"""Seconds a read waits at most for the writer to store what was handed over before it."""

_COLUMNS = (
    'time, event, alarm, tag, kind, area, priority, grp, state, value, lim, "user", comment, '
    "message"
)
_STATE_COLUMNS = (
    "alarm, active, acked, latched, activated_at, changed_at, shelved_until, out_of_service, "
    "reason, set_by"
)
_INSERT = (
    f"INSERT INTO alarm_journal (uid, {_COLUMNS}) VALUES (%s::uuid, {', '.join(['%s'] * 14)}) "
    "ON CONFLICT (uid) DO NOTHING"
)
_SAVE = (
    f"INSERT INTO alarm_states ({_STATE_COLUMNS}) VALUES ({', '.join(['%s'] * 10)}) "
    "ON CONFLICT (alarm) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _STATE_COLUMNS.split(", ")[1:])
    + " WHERE alarm_states.changed_at <= excluded.changed_at"
)

_IMPORT = (
    f"INSERT INTO alarm_journal (seq, {_COLUMNS}) OVERRIDING SYSTEM VALUE "
    f"VALUES ({', '.join(['%s'] * 15)}) ON CONFLICT (seq) DO NOTHING"
)
_IMPORT_STATE = (
    f"INSERT INTO alarm_states ({_STATE_COLUMNS}) VALUES ({', '.join(['%s'] * 10)}) "
    "ON CONFLICT (alarm) DO NOTHING"
)

Rows = list[tuple[Any, ...]]


async def _fetch(conn: psycopg.AsyncConnection[Any], sql: str, params: Sequence[Any]) -> Rows:
    cur = await conn.execute(sql, params)
    return await cur.fetchall()


class PgAlarmJournal(JournalReads):
    """The alarm journal in a PostgreSQL database (schema brought up to date on opening;
    ``apply=False`` for a role that may only read: the schema is checked, never changed)."""

    dialect = POSTGRESQL

    def __init__(self, db: PgDatabase, *, apply: bool = True, spool: Path | None = None) -> None:
        """``spool``: the file that keeps what is not in the store yet (None: memory)."""
        self.db = db
        db.run(lambda conn: migrate(conn, COMPONENT, apply=apply))
        self._writer = JournalWriter(
            self._store,
            JournalSpool(spool if apply else None),
            unreachable=lambda exc: isinstance(exc, StoreUnavailable),
            available=lambda: db.available and not db.closed,
            name=f"alarm journal writer {db.url}",
        )
        self._closed = False
        self.readonly = not apply
        """Opened to read only (a role that may not change the schema): writes are refused."""

    def close(self) -> None:
        """Write what waits (what the store does not take stays in the spool file) and stop
        the writer; the database (and its pool) belongs to the caller."""
        if not self._closed:
            self._closed = True
            self._writer.close()

    def flush(self, timeout: float | None = None) -> bool:
        """Write what waits now: True when the store holds every entry handed over, False
        when it could not take them (they wait and are written when it answers)."""
        return self._writer.flush(timeout)

    @property
    def waiting(self) -> int:
        """Entries handed over that the store does not hold yet."""
        return self._writer.waiting

    def __enter__(self) -> PgAlarmJournal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        self._writer.settle(READ_WAIT)
        return self.db.run(lambda conn: _fetch(conn, sql, params))

    def write(self, entries: Sequence[JournalEntry], states: Sequence[SavedAlarm] = ()) -> None:
        """Hand entries and states over to the writer (one transaction in the store, or
        part of a larger one); returns at once."""
        if self._closed or self.readonly:
            why = "closed" if self._closed else "open to read only"
            raise StoreError(f"{self.db.url}: the alarm journal is {why}")
        rows = [(str(uuid.uuid4()), *entry.row()) for entry in entries]
        self._writer.put(rows, [state.row() for state in states])

    def _store(self, batch: JournalBatch) -> None:
        """Write one batch in one transaction (the writer's thread)."""
        rows, saved = batch.entries, list(batch.states.values())

        async def work(conn: psycopg.AsyncConnection[Any]) -> None:
            async with conn.transaction(), conn.cursor() as cur:
                if rows:
                    await cur.executemany(_INSERT, rows)
                if saved:
                    await cur.executemany(_SAVE, saved)

        self.db.run(work, fail_fast=True)

    def _select(
        self, where: str, params: list[object], *, limit: int, newest_first: bool
    ) -> list[JournalEntry]:
        sql = f"SELECT seq, {_COLUMNS} FROM alarm_journal"
        if where:
            sql += " WHERE " + where
        sql += f" ORDER BY seq {'DESC' if newest_first else 'ASC'} LIMIT %s"
        return [journal_entry(row) for row in self._rows(sql, [*params, limit])]

    def standing_at(self, t: float) -> Standing:
        rows = self._rows(
            "SELECT alarm, event, max(time) FROM alarm_journal WHERE time <= %s "
            "AND event = ANY(%s) GROUP BY alarm, event",
            (t, list(STANDING_EVENTS)),
        )
        return standing_from(rows)

    def last_entries(self, until: float) -> list[JournalEntry]:
        rows = self._rows(
            f"SELECT seq, {_COLUMNS} FROM alarm_journal WHERE seq IN (SELECT max(seq) FROM "
            "alarm_journal WHERE time < %s GROUP BY alarm) ORDER BY time, seq",
            (until,),
        )
        return [journal_entry(row) for row in rows]

    def last_activations(self, until: float) -> dict[str, float]:
        rows = self._rows(
            "SELECT alarm, max(time) FROM alarm_journal WHERE event = %s AND time < %s "
            "GROUP BY alarm",
            (JournalEvent.ACTIVE.value, until),
        )
        return {str(alarm): float(time) for alarm, time in rows}

    def load_states(self) -> dict[str, SavedAlarm]:
        """The saved states, those still waiting for the store included."""
        rows = self._rows(f"SELECT {_STATE_COLUMNS} FROM alarm_states")
        rows += self._writer.states().values()
        return {state.alarm: state for state in map(saved_alarm, rows)}

    def entries_after(self, seq: int, limit: int) -> list[JournalEntry]:
        """Up to ``limit`` entries with a seq above ``seq``, by seq (read in chunks)."""
        rows = self._rows(
            f"SELECT seq, {_COLUMNS} FROM alarm_journal WHERE seq > %s ORDER BY seq LIMIT %s",
            (seq, limit),
        )
        return [journal_entry(row) for row in rows]

    # copying a console's journal in (``store copy``, as the store's owner) ---------------

    def import_entries(self, entries: Sequence[JournalEntry]) -> int:
        """Add entries with their own seq (a console's journal copied in); those whose seq is
        there already are skipped. The seq counter moves past the highest, so the server's
        next entry follows them. How many were added. Needs the owner: the writer role may
        not give a seq nor move the counter."""
        rows = [(entry.seq, *entry.row()) for entry in entries]
        if not rows:
            return 0

        async def work(conn: psycopg.AsyncConnection[Any]) -> int:
            async with conn.transaction(), conn.cursor() as cur:
                await cur.executemany(_IMPORT, rows)
                added = cur.rowcount
                await cur.execute(
                    "SELECT setval(pg_get_serial_sequence('alarm_journal', 'seq'), "
                    "greatest(max(seq), 1)) FROM alarm_journal"
                )
            return added

        return self.db.run(work)

    def import_states(self, states: Iterable[SavedAlarm]) -> int:
        """Save the states of alarms that have none here (a state already kept is the
        newer one and stays); how many were added."""
        rows = [state.row() for state in states]
        if not rows:
            return 0

        async def work(conn: psycopg.AsyncConnection[Any]) -> int:
            async with conn.transaction(), conn.cursor() as cur:
                await cur.executemany(_IMPORT_STATE, rows)
                return cur.rowcount

        return self.db.run(work)

    def count(self) -> int:
        """How many entries the journal holds."""
        return int(self._rows("SELECT count(*) FROM alarm_journal")[0][0])
