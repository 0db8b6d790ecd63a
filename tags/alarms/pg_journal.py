"""The alarm journal and the saved alarm states in the shared PostgreSQL store.

The same ``JournalStore`` as the SQLite ``AlarmJournal`` (tags/alarms/journal.py), with the
same columns and the same numbers (times in POSIX seconds, priorities as integers), so both
give identical answers. Tables ``alarm_journal`` and ``alarm_states`` in the console's schema
(component ``alarms``). The server's writer role may read the journal and add to it, never
change or remove an entry (no UPDATE, no DELETE); it keeps ``alarm_states`` up to date
(INSERT, UPDATE). The consoles' reader role reads both.

One difference to SQLite: the text filter uses ILIKE, which folds the case of every letter
(SQLite's LIKE folds ASCII letters only).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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
from tags.alarms.state import JournalEvent
from tags.store.migrations import READER, WRITER, Component, migrate
from tags.store.postgres import PgDatabase

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
    ),
)

_COLUMNS = (
    'time, event, alarm, tag, kind, area, priority, grp, state, value, lim, "user", comment, '
    "message"
)
_STATE_COLUMNS = (
    "alarm, active, acked, latched, activated_at, changed_at, shelved_until, out_of_service, "
    "reason, set_by"
)
_INSERT = f"INSERT INTO alarm_journal ({_COLUMNS}) VALUES ({', '.join(['%s'] * 14)})"
_SAVE = (
    f"INSERT INTO alarm_states ({_STATE_COLUMNS}) VALUES ({', '.join(['%s'] * 10)}) "
    "ON CONFLICT (alarm) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _STATE_COLUMNS.split(", ")[1:])
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

    def __init__(self, db: PgDatabase, *, apply: bool = True) -> None:
        self.db = db
        db.run(lambda conn: migrate(conn, COMPONENT, apply=apply))

    def close(self) -> None:
        """Nothing to close: the database (and its pool) belongs to the caller."""

    def __enter__(self) -> PgAlarmJournal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        return self.db.run(lambda conn: _fetch(conn, sql, params))

    def write(self, entries: Sequence[JournalEntry], states: Sequence[SavedAlarm] = ()) -> None:
        """Append entries and save states in one transaction."""
        if not entries and not states:
            return
        rows = [entry.row() for entry in entries]
        saved = [state.row() for state in states]

        async def work(conn: psycopg.AsyncConnection[Any]) -> None:
            async with conn.transaction(), conn.cursor() as cur:
                if rows:
                    await cur.executemany(_INSERT, rows)
                if saved:
                    await cur.executemany(_SAVE, saved)

        self.db.run(work)

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
        rows = self._rows(f"SELECT {_STATE_COLUMNS} FROM alarm_states")
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
