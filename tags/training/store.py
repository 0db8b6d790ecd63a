"""The training session store: sessions, what happened in them, and plant snapshots.

``TrainingStore`` is the interface the training engine, the console and the commands use.
``SqliteTrainingStore`` is the embedded default: one file in the data folder
(``training.db``); tags/training/pg_store.py keeps the same on a shared PostgreSQL store.
A session row holds who trained whom, from
which starting state, at which time factor, the scenario plan and the session's time range
(so its period can be replayed from the console's history). Its records are every alarm
transition and operator action on alarms, every write (accepted or refused, old and new
value), every screen visit and every upset start and stop, each with its time (POSIX
seconds, the console's clock). Snapshots are named plant states a session can start from.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, Self

from tags.i18n.catalogue import text
from tags.replay.timeline import EventKind, TimelineEvent
from tags.sqlite_file import SqliteFile
from tags.training.plan import PlannedUpset, plan_body

if TYPE_CHECKING:
    from tags.simulation.simulator import PlantSnapshot

TRAINING_FILE = "training.db"
STEADY_STATE = "steady state"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    trainer TEXT NOT NULL,
    trainee TEXT NOT NULL,
    project TEXT NOT NULL,
    started REAL NOT NULL,
    ended REAL,
    time_factor REAL NOT NULL,
    start_state TEXT NOT NULL,
    plan TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS records (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    session INTEGER NOT NULL REFERENCES sessions (id),
    time REAL NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    tag TEXT NOT NULL,
    user TEXT NOT NULL,
    priority INTEGER NOT NULL,
    area TEXT NOT NULL,
    name TEXT NOT NULL,
    action TEXT NOT NULL,
    old TEXT,
    new TEXT,
    source TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS records_session ON records (session, time);
CREATE TABLE IF NOT EXISTS snapshots (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    time REAL NOT NULL,
    plant_time REAL NOT NULL,
    user TEXT NOT NULL,
    data BLOB NOT NULL
);
"""
_RECORD_COLUMNS = "time, kind, text, tag, user, priority, area, name, action, old, new, source"
_SESSION_COLUMNS = (
    "id, name, trainer, trainee, project, started, ended, time_factor, start_state, plan"
)
SESSION_COLUMNS = _SESSION_COLUMNS
"""The columns of a session row, in every training store."""


class UnknownSession(LookupError):
    """No session with that id; the message names the file and the ids it holds."""


class UnknownSnapshot(LookupError):
    """No snapshot with that name; the message lists the names there are."""


@dataclass(frozen=True)
class SessionInfo:
    """One training session (``end`` None: still running, or the console stopped first)."""

    id: int
    name: str
    trainer: str
    trainee: str
    project: str
    start: float
    end: float | None
    time_factor: float
    start_state: str
    """``STEADY_STATE`` or ``snapshot NAME``."""
    plan: tuple[PlannedUpset, ...]

    @property
    def plan_text(self) -> str:
        return ", ".join(u.text for u in self.plan) or text("debrief.no_plan")

    @property
    def title(self) -> str:
        return self.name or f"Session {self.id}"


@dataclass(frozen=True)
class SessionRecord:
    """One thing that happened in a session.

    ``name`` is the alarm, scenario or screen key; ``action`` the alarm journal event
    (active, ack, cleared, shelve ...), the write status (confirmed, unconfirmed, failed,
    refused) or ``start`` / ``stop`` of an upset; ``source`` says who started an upset
    (``plan``, ``trainer``, ``end`` when the session's end stopped it).
    """

    time: float
    kind: EventKind
    text: str
    tag: str = ""
    user: str = ""
    priority: int = 0
    area: str = ""
    name: str = ""
    action: str = ""
    old: str | None = None
    new: str | None = None
    source: str = ""
    seq: int = 0

    def row(self, session: int) -> tuple[object, ...]:
        return (
            session, self.time, self.kind.value, self.text, self.tag, self.user, self.priority,
            self.area, self.name, self.action, self.old, self.new, self.source,
        )  # fmt: skip

    def timeline(self) -> TimelineEvent:
        return TimelineEvent(self.time, self.kind, self.text, self.tag, self.user, self.priority)


@dataclass(frozen=True)
class SnapshotInfo:
    """A stored plant snapshot: its name, when it was taken and by whom."""

    id: int
    name: str
    time: float
    plant_time: float
    user: str
    size: int


class TrainingStore(Protocol):
    """Sessions, their records and plant snapshots: what every training store offers."""

    def create_session(
        self,
        *,
        name: str,
        trainer: str,
        trainee: str,
        project: str,
        start: float,
        time_factor: float,
        start_state: str,
        plan: Sequence[PlannedUpset],
    ) -> SessionInfo:
        """A new session row (no end yet); returns it with its id."""
        ...

    def finish_session(self, session: int, end: float) -> SessionInfo:
        """Give the session its end time; the session as it is now."""
        ...

    def session(self, session: int) -> SessionInfo:
        """The session with this id, or UnknownSession saying which ids there are."""
        ...

    def sessions(self) -> list[SessionInfo]:
        """Every session, newest first."""
        ...

    def add_records(self, session: int, records: Sequence[SessionRecord]) -> None:
        """Append records in one transaction."""
        ...

    def records(
        self, session: int, kinds: Iterable[EventKind] | None = None
    ) -> list[SessionRecord]:
        """The session's records in time order (UnknownSession if there is no such session)."""
        ...

    def events(self, session: int) -> list[TimelineEvent]:
        """The session's records as timeline events (for replaying its period)."""
        ...

    def save_snapshot(
        self, name: str, snapshot: PlantSnapshot, *, user: str, time: float
    ) -> SnapshotInfo:
        """Keep a plant snapshot under a new name (ValueError if the name is taken)."""
        ...

    def snapshots(self) -> list[SnapshotInfo]:
        """The stored snapshots, newest first."""
        ...

    def load_snapshot(self, name: str) -> PlantSnapshot:
        """The snapshot of that name (UnknownSnapshot if none)."""
        ...

    def delete_snapshot(self, name: str) -> None:
        """Remove a snapshot (UnknownSnapshot if none); sessions that used it keep its name."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...


def check_snapshot_name(name: str) -> str:
    """The name a snapshot is kept under (ValueError when empty)."""
    name = name.strip()
    if not name:
        raise ValueError("a snapshot needs a name")
    return name


def unknown_session(session: int, ids: Sequence[int], where: str) -> UnknownSession:
    known = f"sessions {_ranges(ids)}" if ids else "no sessions"
    return UnknownSession(f"no training session {session} in {where} ({known})")


def unknown_snapshot(name: str, snapshots: Sequence[SnapshotInfo]) -> UnknownSnapshot:
    names = ", ".join(s.name for s in snapshots) or "none stored"
    return UnknownSnapshot(f"no snapshot named '{name}' (snapshots: {names})")


def session_from_row(row: Sequence[Any]) -> SessionInfo:
    plan = tuple(PlannedUpset(p[0], float(p[1]), p[2]) for p in json.loads(row[9]))
    end = None if row[6] is None else float(row[6])
    return SessionInfo(
        int(row[0]), str(row[1]), str(row[2]), str(row[3]), str(row[4]), float(row[5]), end,
        float(row[7]), str(row[8]), plan,
    )  # fmt: skip


def snapshot_from_row(row: Sequence[Any]) -> SnapshotInfo:
    """A SnapshotInfo from id, name, time, plant time, user and the data's size."""
    return SnapshotInfo(
        int(row[0]), str(row[1]), float(row[2]), float(row[3]), str(row[4]), int(row[5])
    )


def record_from_row(row: Sequence[Any]) -> SessionRecord:
    seq, time, kind, text, tag, user, priority, area, name, action, old, new, source = row
    return SessionRecord(
        float(time), EventKind(kind), str(text), str(tag), str(user), int(priority), str(area),
        str(name), str(action), old, new, str(source), int(seq),
    )  # fmt: skip


class SqliteTrainingStore(SqliteFile):
    """Sessions, their records and plant snapshots in one SQLite file (created if missing)."""

    WHAT = "training database"

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(path, _SCHEMA)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # as the alarm journal: a record per event

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> SqliteTrainingStore:
        return cls(data_dir / TRAINING_FILE)

    # sessions ------------------------------------------------------------------------------

    def create_session(
        self,
        *,
        name: str,
        trainer: str,
        trainee: str,
        project: str,
        start: float,
        time_factor: float,
        start_state: str,
        plan: Sequence[PlannedUpset],
    ) -> SessionInfo:
        """A new session row (no end yet); returns it with its id."""
        body = plan_body(plan)
        with self._transaction() as db:
            cursor = db.execute(
                f"INSERT INTO sessions ({_SESSION_COLUMNS}) VALUES (NULL, ?, ?, ?, ?, ?, NULL, "
                "?, ?, ?)",
                (name, trainer, trainee, project, start, time_factor, start_state, body),
            )
            assert cursor.lastrowid is not None
            number = cursor.lastrowid
        return self.session(number)

    def finish_session(self, session: int, end: float) -> SessionInfo:
        with self._transaction() as db:
            db.execute("UPDATE sessions SET ended = ? WHERE id = ?", (end, session))
        return self.session(session)

    def session(self, session: int) -> SessionInfo:
        """The session with this id, or UnknownSession saying which ids there are."""
        row = self._db.execute(
            f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id = ?", (session,)
        ).fetchone()
        if row is None:
            ids = [r[0] for r in self._db.execute("SELECT id FROM sessions ORDER BY id")]
            raise unknown_session(session, ids, str(self.path))
        return session_from_row(row)

    def sessions(self) -> list[SessionInfo]:
        """Every session, newest first."""
        rows = self._db.execute(f"SELECT {_SESSION_COLUMNS} FROM sessions ORDER BY id DESC")
        return [session_from_row(row) for row in rows]

    # records -------------------------------------------------------------------------------

    def add_records(self, session: int, records: Sequence[SessionRecord]) -> None:
        """Append records in one transaction."""
        if not records:
            return
        with self._transaction() as db:
            db.executemany(
                f"INSERT INTO records (session, {_RECORD_COLUMNS}) VALUES ({', '.join('?' * 13)})",
                [r.row(session) for r in records],
            )

    def records(
        self, session: int, kinds: Iterable[EventKind] | None = None
    ) -> list[SessionRecord]:
        """The session's records in time order (UnknownSession if there is no such session)."""
        self.session(session)
        sql = f"SELECT seq, {_RECORD_COLUMNS} FROM records WHERE session = ?"
        params: list[object] = [session]
        if kinds is not None:
            chosen = [k.value for k in kinds]
            sql += f" AND kind IN ({', '.join('?' * len(chosen))})"
            params += chosen
        sql += " ORDER BY time, seq"
        return [record_from_row(row) for row in self._db.execute(sql, params)]

    def events(self, session: int) -> list[TimelineEvent]:
        """The session's records as timeline events (for replaying its period)."""
        return [r.timeline() for r in self.records(session)]

    # snapshots -----------------------------------------------------------------------------

    def save_snapshot(
        self, name: str, snapshot: PlantSnapshot, *, user: str, time: float
    ) -> SnapshotInfo:
        """Keep a plant snapshot under a new name (ValueError if the name is taken)."""
        name = check_snapshot_name(name)
        data = snapshot.to_bytes()
        exists = self._db.execute("SELECT 1 FROM snapshots WHERE name = ?", (name,)).fetchone()
        if exists:
            raise ValueError(f"a snapshot named '{name}' exists already")
        with self._transaction() as db:
            db.execute(
                "INSERT INTO snapshots (name, time, plant_time, user, data) VALUES (?, ?, ?, ?, ?)",
                (name, time, snapshot.time, user, data),
            )
        return next(s for s in self.snapshots() if s.name == name)

    def snapshots(self) -> list[SnapshotInfo]:
        """The stored snapshots, newest first."""
        rows = self._db.execute(
            "SELECT id, name, time, plant_time, user, length(data) FROM snapshots "
            "ORDER BY time DESC, id DESC"
        )
        return [snapshot_from_row(row) for row in rows]

    def load_snapshot(self, name: str) -> PlantSnapshot:
        """The snapshot of that name (UnknownSnapshot if none)."""
        from tags.simulation.simulator import PlantSnapshot

        row = self._db.execute("SELECT data FROM snapshots WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise unknown_snapshot(name, self.snapshots())
        return PlantSnapshot.from_bytes(bytes(row[0]))

    def delete_snapshot(self, name: str) -> None:
        """Remove a snapshot (UnknownSnapshot if none); sessions that used it keep its name."""
        self.load_snapshot(name)
        with self._transaction() as db:
            db.execute("DELETE FROM snapshots WHERE name = ?", (name,))

    # copying (``store copy`` reads a console's sessions as they are kept) ------------------

    def export_sessions(self) -> list[tuple[Any, ...]]:
        """Every session row as kept (``SESSION_COLUMNS``), by id."""
        return self._db.execute(f"SELECT {_SESSION_COLUMNS} FROM sessions ORDER BY id").fetchall()

    def export_records(self, after: int, limit: int) -> list[tuple[Any, ...]]:
        """Up to ``limit`` record rows with a seq above ``after``, by seq: seq, session, then
        ``RECORD_COLUMNS``."""
        return self._db.execute(
            f"SELECT seq, session, {_RECORD_COLUMNS} FROM records WHERE seq > ? ORDER BY seq "
            "LIMIT ?",
            (after, limit),
        ).fetchall()

    def export_snapshots(self) -> list[tuple[Any, ...]]:
        """Every snapshot row: name, time, plant_time, user, data (bytes), by id."""
        rows = self._db.execute(
            "SELECT name, time, plant_time, user, data FROM snapshots ORDER BY id"
        ).fetchall()
        return [(*row[:4], bytes(row[4])) for row in rows]

    def counts(self) -> tuple[int, int, int]:
        """How many sessions, records and snapshots are kept."""
        return (
            int(self._db.execute("SELECT count(*) FROM sessions").fetchone()[0]),
            int(self._db.execute("SELECT count(*) FROM records").fetchone()[0]),
            int(self._db.execute("SELECT count(*) FROM snapshots").fetchone()[0]),
        )


def _ranges(ids: Sequence[int]) -> str:
    """1, 2, 3, 5 -> '1-3, 5'."""
    parts: list[str] = []
    start = previous = ids[0]
    for number in [*ids[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        parts.append(str(start) if start == previous else f"{start}-{previous}")
        if number is not None:
            start = previous = number
    return ", ".join(parts)
