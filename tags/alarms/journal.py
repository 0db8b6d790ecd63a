"""The alarm journal: every alarm transition and operator action, in SQLite.

The engine hands over the entries of one evaluation at a time and they are written in one
transaction (WAL mode, synchronous=NORMAL), so a flood of a thousand alarms costs one commit.
Queries filter by time, area, priority, tag, event and text (message, alarm name, comment);
``export_csv`` writes the same selection for a spreadsheet.
"""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

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
"""
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


def _entry(row: Sequence[Any]) -> JournalEntry:
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


def _many(column: str, values: Iterable[object], where: list[str], params: list[object]) -> None:
    chosen = list(values)
    where.append(f"{column} IN ({', '.join('?' * len(chosen))})" if chosen else "0")
    params.extend(chosen)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class AlarmJournal:
    """The alarm journal in one SQLite file (created if missing)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
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

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> AlarmJournal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def write(self, entries: Sequence[JournalEntry]) -> None:
        """Append entries in one transaction."""
        if not entries:
            return
        db = self._db
        db.execute("BEGIN")
        try:
            db.executemany(
                f"INSERT INTO alarm_journal ({_COLUMNS}) VALUES ({', '.join('?' * 14)})",
                [entry.row() for entry in entries],
            )
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

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
        where: list[str] = []
        params: list[object] = []
        for clause, value in (
            ("time >= ?", since),
            ("time < ?", until),
            ("tag = ?", tag),
            ("alarm = ?", alarm),
        ):
            if value is not None:
                where.append(clause)
                params.append(value)
        if areas is not None:
            _many("area", areas, where, params)
        if priorities is not None:
            _many("priority", (int(p) for p in priorities), where, params)
        if events is not None:
            _many("event", (e.value for e in events), where, params)
        if text:
            where.append(
                "(message LIKE ? ESCAPE '\\' OR alarm LIKE ? ESCAPE '\\' "
                "OR comment LIKE ? ESCAPE '\\')"
            )
            params.extend([_like(text)] * 3)
        sql = f"SELECT seq, {_COLUMNS} FROM alarm_journal"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY seq {'DESC' if newest_first else 'ASC'} LIMIT ?"
        params.append(limit)
        return [_entry(row) for row in self._db.execute(sql, params)]

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
