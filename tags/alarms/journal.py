"""The alarm journal: every alarm transition and operator action, and the alarm states that
outlive a restart.

``JournalStore`` is what the engine, the console, the replay and the reports use; it has two
implementations: ``AlarmJournal`` here (SQLite, the embedded default: one file, ``alarms.db``
in the data folder, or the journal kept in a recording) and ``PgAlarmJournal``
(tags/alarms/pg_journal.py, the shared PostgreSQL store). The engine hands over the entries of
one evaluation at a time, with the persistent states of the alarms that changed, and they are
written in one transaction (SQLite: WAL mode, synchronous=NORMAL, before ``write`` returns;
the shared store: by a writer thread, through a spool, so the event loop never waits for a
server), so a flood of a thousand alarms costs one commit. Queries filter by time, area,
priority, tag, event and text (message, alarm name, comment); ``export_csv`` writes the same
selection for a spreadsheet.

The saved states (``SavedAlarm``, table ``alarm_states``, one row per alarm that was ever
not normal) are what ISA-18.2 says must survive a restart: acknowledged, latched, shelved
with its expiry, out of service, with whether the condition stood.
"""

from __future__ import annotations

import csv
import math
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar, Protocol, TextIO

from tags.alarms.journal_filter import SQLITE, Dialect, journal_filter
from tags.alarms.kpi import Activation
from tags.alarms.state import AlarmState, JournalEvent
from tags.model import AlarmKind, Priority
from tags.sqlite_file import DataFileError, named_if_unusable, private_database

_SCHEMA = """
CREATE TABLE IF NOT EXISTS alarm_journal (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    time REAL NOT NULL,
    event TEXT NOT NULL,
    alarm TEXT NOT NULL,
    tag TEXT NOT NULL,
    kind TEXT NOT NULL,
    area TEXT NOT NULL,
    priority INTEGER NOT NULL,
    grp TEXT NOT NULL,
    state TEXT NOT NULL,
    value TEXT NOT NULL,
    lim REAL,
    user TEXT NOT NULL,
    comment TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alarm_journal_time ON alarm_journal (time);
CREATE INDEX IF NOT EXISTS alarm_journal_tag ON alarm_journal (tag, time);
CREATE INDEX IF NOT EXISTS alarm_journal_area ON alarm_journal (area, time);
CREATE INDEX IF NOT EXISTS alarm_journal_alarm ON alarm_journal (alarm, seq);
CREATE TABLE IF NOT EXISTS alarm_states (
    alarm TEXT PRIMARY KEY,
    active INTEGER NOT NULL,
    acked INTEGER NOT NULL,
    latched INTEGER NOT NULL,
    activated_at REAL,
    changed_at REAL NOT NULL,
    shelved_until REAL,
    out_of_service INTEGER NOT NULL,
    reason TEXT NOT NULL,
    set_by TEXT NOT NULL
);
"""
_STATE_COLUMNS = (
    "alarm, active, acked, latched, activated_at, changed_at, shelved_until, out_of_service, "
    "reason, set_by"
)
_COLUMNS = (
    "time, event, alarm, tag, kind, area, priority, grp, state, value, lim, user, comment, message"
)
CSV_HEADER = (
    "seq", "time_utc", "time", "event", "alarm", "tag", "kind", "area", "priority", "group",
    "state", "value", "limit", "user", "comment", "message",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One journal line: what happened to which alarm, the value and limit at the time,
    who did it and why (user and comment are empty for the engine's own transitions)."""

    time: float
    event: JournalEvent
    alarm: str
    tag: str
    kind: AlarmKind
    area: str
    priority: Priority
    group: str
    state: AlarmState
    value: str
    limit: float | None
    user: str = ""
    comment: str = ""
    message: str = ""
    seq: int = 0

    def row(self) -> tuple[object, ...]:
        return (
            self.time, self.event.value, self.alarm, self.tag, self.kind.value, self.area,
            int(self.priority), self.group, self.state.value, self.value, self.limit,
            self.user, self.comment, self.message,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class SavedAlarm:
    """The part of an alarm's state that outlives a restart (one row of ``alarm_states``)."""

    alarm: str
    active: bool
    """The condition stood when it was saved (an acknowledged alarm still active after the
    restart is not annunciated again)."""
    acknowledged: bool
    latched: bool
    activated_at: float | None
    changed_at: float
    shelved_until: float | None
    out_of_service: bool
    reason: str = ""
    """Why it is shelved or out of service."""
    by: str = ""
    """Who shelved it or took it out of service."""

    @property
    def normal(self) -> bool:
        """Nothing to keep: not active, acknowledged, not latched, shelved or out of service."""
        return (
            not self.active
            and self.acknowledged
            and not self.latched
            and self.shelved_until is None
            and not self.out_of_service
        )

    def row(self) -> tuple[object, ...]:
        return (
            self.alarm, self.active, self.acknowledged, self.latched, self.activated_at,
            self.changed_at, self.shelved_until, self.out_of_service, self.reason, self.by,
        )  # fmt: skip


def saved_alarm(row: Sequence[Any]) -> SavedAlarm:
    """A SavedAlarm from a row of ``alarm_states`` (columns in ``SavedAlarm.row`` order)."""
    alarm, active, acked, latched, activated_at, changed_at, until, oos, reason, by = row
    return SavedAlarm(
        str(alarm),
        bool(active),
        bool(acked),
        bool(latched),
        None if activated_at is None else float(activated_at),
        float(changed_at),
        None if until is None else float(until),
        bool(oos),
        str(reason),
        str(by),
    )


Standing = dict[str, tuple[float, bool]]
"""Alarms active at a moment: name -> (when it became active, acknowledged by then)."""


class JournalStore(Protocol):
    """The alarm journal and the saved alarm states, in SQLite or PostgreSQL."""

    def close(self) -> None: ...

    def write(self, entries: Sequence[JournalEntry], states: Sequence[SavedAlarm] = ()) -> None:
        """Append ``entries`` and save ``states`` (replacing an alarm's earlier one), in one
        transaction (SQLite: before it returns; the shared store: by its writer thread, see
        ``flush``)."""
        ...

    def flush(self, timeout: float | None = None) -> bool:
        """Write what was handed over and waits: True when the store holds all of it."""
        ...

    def query(
        self,
        *,
        since: float | None = None,
        until: float | None = None,
        areas: Iterable[str] | None = None,
        priorities: Iterable[Priority] | None = None,
        tag: str | None = None,
        alarm: str | None = None,
        text: str | None = None,
        events: Iterable[JournalEvent] | None = None,
        limit: int = 10_000,
        newest_first: bool = True,
    ) -> list[JournalEntry]:
        """Entries matching every given filter; ``since`` <= time < ``until``; ``text`` is
        found (case-insensitive) in the message, the alarm name or the comment."""
        ...

    def export_csv(self, target: str | Path | TextIO, **filters: Any) -> int:
        """Write the entries ``query(**filters)`` selects, oldest first; returns the count."""
        ...

    def activations(
        self, since: float, until: float, areas: Iterable[str] | None = None
    ) -> list[Activation]:
        """Annunciated activations in ``since`` <= time < ``until``, oldest first."""
        ...

    def alarm_times(self, start: float, end: float) -> Sequence[float]:
        """The times alarms were annunciated in ``start`` <= time <= ``end``, in order (the
        replay's alarm jumps)."""
        ...

    def standing_at(self, t: float) -> Standing:
        """The alarms active at ``t`` (entries up to and with ``t``): when each became active
        and whether it was acknowledged by then (a replay seek)."""
        ...

    def last_entries(self, until: float) -> list[JournalEntry]:
        """Each alarm's latest entry before ``until``, oldest first (what stood then)."""
        ...

    def last_activations(self, until: float) -> dict[str, float]:
        """When each alarm was last annunciated before ``until``."""
        ...

    def load_states(self) -> dict[str, SavedAlarm]:
        """The saved alarm states, by alarm name."""
        ...

    def entries_after(self, seq: int, limit: int) -> list[JournalEntry]:
        """Up to ``limit`` entries with a seq above ``seq``, by seq (to read it in chunks)."""
        ...

    def count(self) -> int:
        """How many entries the journal holds."""
        ...


class JournalReads:
    """What both stores derive from their ``_select`` (a base class of theirs): ``query``
    (its filters in the store's ``dialect``), the CSV export, activations, alarm times."""

    dialect: ClassVar[Dialect]

    def _select(
        self, where: str, params: list[object], *, limit: int, newest_first: bool
    ) -> list[JournalEntry]:
        """Up to ``limit`` entries meeting ``where`` (no condition when empty), by seq."""
        raise NotImplementedError

    def query(
        self,
        *,
        since: float | None = None,
        until: float | None = None,
        areas: Iterable[str] | None = None,
        priorities: Iterable[Priority] | None = None,
        tag: str | None = None,
        alarm: str | None = None,
        text: str | None = None,
        events: Iterable[JournalEvent] | None = None,
        limit: int = 10_000,
        newest_first: bool = True,
    ) -> list[JournalEntry]:
        """Entries matching every given filter; ``since`` <= time < ``until``; ``text`` is
        found (case-insensitive) in the message, the alarm name or the comment."""
        where, params = journal_filter(
            self.dialect, since=since, until=until, areas=areas, priorities=priorities,
            tag=tag, alarm=alarm, text=text, events=events,
        )  # fmt: skip
        return self._select(where, params, limit=limit, newest_first=newest_first)

    def export_csv(self, target: str | Path | TextIO, **filters: Any) -> int:
        """Write the entries ``query(**filters)`` selects, oldest first; returns the count."""
        filters.setdefault("limit", 10_000_000)
        filters["newest_first"] = False
        entries = self.query(**filters)
        if isinstance(target, str | Path):
            with open(target, "w", encoding="utf-8", newline="") as handle:
                _write_csv(handle, entries)
        else:
            _write_csv(target, entries)
        return len(entries)

    def activations(
        self, since: float, until: float, areas: Iterable[str] | None = None
    ) -> list[Activation]:
        """Annunciated activations in a period, oldest first (for KPIs over any period)."""
        entries = self.query(
            since=since,
            until=until,
            areas=areas,
            events=(JournalEvent.ACTIVE,),
            limit=100_000_000,
            newest_first=False,
        )
        return [Activation(e.time, e.alarm, e.priority, e.area) for e in entries]

    def alarm_times(self, start: float, end: float) -> Sequence[float]:
        """The times alarms were annunciated in ``start`` <= time <= ``end``, in order."""
        return sorted(a.time for a in self.activations(start, math.nextafter(end, math.inf)))


def standing_from(last: Iterable[tuple[str, str, float]]) -> Standing:
    """``standing_at`` from each alarm's latest time of each of the events active, cleared
    and ack: (alarm, event, time) rows."""
    times: dict[str, dict[str, float]] = {}
    for alarm, event, time in last:
        times.setdefault(alarm, {})[event] = float(time)
    standing: Standing = {}
    for alarm, seen in times.items():
        active = seen.get(JournalEvent.ACTIVE.value)
        if active is None or seen.get(JournalEvent.CLEARED.value, -1.0) >= active:
            continue
        standing[alarm] = (active, seen.get(JournalEvent.ACK.value, -1.0) >= active)
    return standing


STANDING_EVENTS = (JournalEvent.ACTIVE.value, JournalEvent.CLEARED.value, JournalEvent.ACK.value)


def journal_entry(row: Sequence[Any]) -> JournalEntry:
    """A JournalEntry from a row: seq, then the columns of ``JournalEntry.row``."""
    seq, time, event, alarm, tag, kind, area, priority, grp, state, value, lim = row[:12]
    user, comment, message = row[12:]
    return JournalEntry(
        time=float(time),
        event=JournalEvent(event),
        alarm=str(alarm),
        tag=str(tag),
        kind=AlarmKind(kind),
        area=str(area),
        priority=Priority(priority),
        group=str(grp),
        state=AlarmState(state),
        value=str(value),
        limit=None if lim is None else float(lim),
        user=str(user),
        comment=str(comment),
        message=str(message),
        seq=int(seq),
    )


class AlarmJournal(JournalReads):
    """The alarm journal in one SQLite file (created if missing), or read-only (a recording's
    journal, a running console's ``alarms.db`` read beside it: never modified)."""

    dialect = SQLITE

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        if readonly:
            uri = self.path.resolve().as_uri() + "?mode=ro"
            self._db = sqlite3.connect(uri, uri=True, timeout=10.0, isolation_level=None)
            return
        private_database(path)
        self._db = sqlite3.connect(self.path, timeout=10.0, isolation_level=None)
        try:
            with named_if_unusable(self.path, "alarm journal"):
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._db.executescript(_SCHEMA)
        except DataFileError:
            self._db.close()
            raise

    @classmethod
    def open_readonly(cls, path: Path) -> AlarmJournal | None:
        """The journal kept in the file at ``path`` read-only, or None when the file is missing
        or holds no journal."""
        if not path.is_file():
            return None
        journal = cls(path, readonly=True)
        try:
            if not journal._has_table("alarm_journal"):
                journal.close()
                return None
        except sqlite3.DatabaseError:
            journal.close()
            raise
        return journal

    def _has_table(self, name: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)
        ).fetchone()
        return row is not None

    def close(self) -> None:
        self._db.close()

    def flush(self, timeout: float | None = None) -> bool:
        """Nothing waits: each write is in the file when it returns."""
        return True

    def __enter__(self) -> AlarmJournal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def write(self, entries: Sequence[JournalEntry], states: Sequence[SavedAlarm] = ()) -> None:
        """Append entries and save states in one transaction."""
        if not entries and not states:
            return
        db = self._db
        db.execute("BEGIN")
        try:
            if entries:
                db.executemany(
                    f"INSERT INTO alarm_journal ({_COLUMNS}) VALUES ({', '.join('?' * 14)})",
                    [entry.row() for entry in entries],
                )
            if states:
                db.executemany(
                    f"INSERT OR REPLACE INTO alarm_states ({_STATE_COLUMNS}) "
                    f"VALUES ({', '.join('?' * 10)})",
                    [state.row() for state in states],
                )
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _select(
        self, where: str, params: list[object], *, limit: int, newest_first: bool
    ) -> list[JournalEntry]:
        sql = f"SELECT seq, {_COLUMNS} FROM alarm_journal"
        if where:
            sql += " WHERE " + where
        sql += f" ORDER BY seq {'DESC' if newest_first else 'ASC'} LIMIT ?"
        return [journal_entry(row) for row in self._db.execute(sql, [*params, limit])]

    def standing_at(self, t: float) -> Standing:
        rows = self._db.execute(
            "SELECT alarm, event, MAX(time) FROM alarm_journal WHERE time<=? AND event IN "
            "(?, ?, ?) GROUP BY alarm, event",
            (t, *STANDING_EVENTS),
        )
        return standing_from(rows)

    def last_entries(self, until: float) -> list[JournalEntry]:
        rows = self._db.execute(
            f"SELECT seq, {_COLUMNS} FROM alarm_journal WHERE seq IN (SELECT max(seq) FROM "
            "alarm_journal WHERE time < ? GROUP BY alarm) ORDER BY time, seq",
            (until,),
        )
        return [journal_entry(row) for row in rows]

    def last_activations(self, until: float) -> dict[str, float]:
        rows = self._db.execute(
            "SELECT alarm, max(time) FROM alarm_journal WHERE event = ? AND time < ? "
            "GROUP BY alarm",
            (JournalEvent.ACTIVE.value, until),
        )
        return {str(alarm): float(time) for alarm, time in rows}

    def count(self) -> int:
        """How many entries the journal holds."""
        if self.readonly and not self._has_table("alarm_journal"):
            return 0
        return int(self._db.execute("SELECT count(*) FROM alarm_journal").fetchone()[0])

    def entries_after(self, seq: int, limit: int) -> list[JournalEntry]:
        """Up to ``limit`` entries with a seq above ``seq``, by seq (read in chunks)."""
        rows = self._db.execute(
            f"SELECT seq, {_COLUMNS} FROM alarm_journal WHERE seq > ? ORDER BY seq LIMIT ?",
            (seq, limit),
        )
        return [journal_entry(row) for row in rows]

    def load_states(self) -> dict[str, SavedAlarm]:
        if self.readonly and not self._has_table("alarm_states"):
            return {}
        rows = self._db.execute(f"SELECT {_STATE_COLUMNS} FROM alarm_states")
        return {state.alarm: state for state in map(saved_alarm, rows)}


def _write_csv(handle: TextIO, entries: Sequence[JournalEntry]) -> None:
    writer = csv.writer(handle)
    writer.writerow(CSV_HEADER)
    for e in entries:
        stamp = datetime.fromtimestamp(e.time, UTC).isoformat(timespec="milliseconds")
        writer.writerow(
            [
                e.seq, stamp, f"{e.time:.3f}", e.event.value, e.alarm, e.tag, e.kind.value,
                e.area, e.priority.name.lower(), e.group, e.state.value, e.value,
                "" if e.limit is None else f"{e.limit:g}", e.user, e.comment, e.message,
            ]
        )  # fmt: skip
