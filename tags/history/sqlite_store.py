"""SqliteHistoryStore: the embedded historian, one SQLite file in WAL mode.

Schema (times in integer milliseconds):

    tags(id, name, kind)             kind: bool, int, float, string ('' until a value came)
    samples(tag, t, v, q, ds, reason)
        PRIMARY KEY (tag, t) WITHOUT ROWID: each tag's samples lie together in time order, so
        a range of one tag is one index seek and a sequential read. v keeps the value's own
        type, q the OPC UA status code, ds = server - source time (NULL when equal), reason
        only when the sample has one.
    rollups(tag, tier, b, n, nbad, tfirst, tlast, qlast, tbad, t0, v0, t1, v1, tmin, vmin,
            tmax, vmax, nuse, vsum, integ, use_ms, good_ms)
        PRIMARY KEY (tag, tier, b) WITHOUT ROWID: one summary per tag and 10 s / 1 min /
        10 min / 1 h bucket (tags/history/rollup.py), written in the same transaction as the
        samples, so they always agree.
    meta(key, value)

One writer at a time: a writer holds an OS lock on ``<file>.lock`` (released by the OS even
when the process is killed). ``synchronous=FULL`` in WAL mode makes every committed
transaction survive a crash of the process or of the machine.
"""

from __future__ import annotations

import operator
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from tags.history import query
from tags.history.query import ROLLUP_COLUMNS, ROLLUP_INSERT, TagRef
from tags.history.rollup import (
    TIERS_MS,
    N,
    Rollup,
    TagRollups,
    empty,
    encode,
    floor_to,
    merge_all,
    number,
)
from tags.history.store import HistoryLocked, RangeStats, Record, Trend
from tags.history.upkeep import SqliteUpkeep
from tags.model import Quality, TagSample, Value
from tags.paths import private_file
from tags.sqlite_file import DataFileError, named_if_unusable, private_database

SCHEMA_VERSION = "1"
SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tags(
    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS samples(
    tag INTEGER NOT NULL, t INTEGER NOT NULL, v, q INTEGER NOT NULL, ds INTEGER, reason TEXT,
    PRIMARY KEY (tag, t)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rollups(
    tag INTEGER NOT NULL, tier INTEGER NOT NULL, b INTEGER NOT NULL,
    {ROLLUP_COLUMNS},
    PRIMARY KEY (tag, tier, b)) WITHOUT ROWID;
"""
SAMPLE_INSERT = "INSERT OR REPLACE INTO samples VALUES (?,?,?,?,?,?)"
CODES: dict[Quality, int] = {q: int(q) for q in Quality}
KEY = operator.itemgetter(0, 1)
WRITE_SLICE = 4096
"""Samples of a batch inserted at a time: a 50,000-tag flush never holds all its rows (and
the rollups closing with them) at once, so the writer's peak memory stays small."""
RECORDING_TABLES = frozenset({"tags", "samples", "meta"})
"""The tables a file must have to be read as a history (or a recording)."""


class NotAHistory(DataFileError):
    """An SQLite file opened read-only as a history lacks its tables: it is something else."""


def _kind(value: Value) -> str:
    if value is None:
        return ""
    return {bool: "bool", int: "int", float: "float"}.get(type(value), "string")


def _lock(path: Path) -> IO[bytes]:
    lock = private_file(path.with_name(path.name + ".lock"))
    handle = open(lock, "a+b")  # noqa: SIM115 (held open)
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise HistoryLocked(f"{path} is being recorded by another process") from None
    return handle


class SqliteHistoryStore(SqliteUpkeep):
    """The HistoryStore of one SQLite file; ``readonly`` opens it for queries only."""

    def __init__(self, path: str | Path, *, readonly: bool = False, durable: bool = True) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.transactions = 0
        self._lock: IO[bytes] | None = None
        if readonly:
            if not self.path.exists():
                raise FileNotFoundError(f"no history at {self.path}")
            uri = self.path.resolve().as_uri() + "?mode=ro"
            self._conn = sqlite3.connect(
                uri, uri=True, check_same_thread=False, isolation_level=None
            )
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._lock = _lock(self.path)
            private_database(self.path)
            self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._tags: dict[str, TagRef] = {}
        self._states: dict[int, TagRollups] = {}
        self._again = True
        """The next append may repeat what is stored (the first after opening: a console
        killed between an append and the removal of its batch from the spool file writes it
        again): a sample at a tag's stored newest time replaces it (pg_store.py alike)."""
        try:
            with named_if_unusable(self.path, "history"):
                self._conn.execute("PRAGMA busy_timeout=10000")
                if not readonly:
                    self._create(durable)
                else:
                    self._check_tables()
                self._load_tags()  # a reader opened before the writer made the tables fails here
                if not readonly and self.metadata().get("rollups") == "dropped":
                    self.rebuild_rollups()
        except BaseException:
            self.close()  # the caller gets the error, not an open file
            raise

    def _create(self, durable: bool) -> None:
        conn = self._conn
        conn.execute("PRAGMA page_size=8192")  # new files only: ~30 % faster ingest than 4 KB
        conn.execute("PRAGMA auto_vacuum=INCREMENTAL")  # new files only
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
        # 16 MiB of pages: holds every tag's newest leaf up to a few thousand tags; a plant
        # of tens of thousands touches more leaves per flush than any cache a console can
        # spare, so a larger one only costs memory there
        conn.execute("PRAGMA cache_size=-16384")
        conn.executescript(SCHEMA)
        version = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if version is None:
            conn.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        elif version[0] != SCHEMA_VERSION:
            raise ValueError(f"{self.path}: history schema {version[0]}, expected {SCHEMA_VERSION}")

    def _check_tables(self) -> None:
        found = {
            r[0] for r in self._conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if not found >= RECORDING_TABLES:
            reason = "no recorded samples in it"
            raise NotAHistory(f"{self.path}: not a history ({reason})", reason)

    def _load_tags(self) -> None:
        self._tags = {
            name: (tid, name, kind)
            for tid, name, kind in self._conn.execute("SELECT id, name, kind FROM tags")
        }

    def _register(self, name: str, value: Value) -> int:
        kind = _kind(value)
        known = self._tags.get(name)
        if known is None:
            cursor = self._conn.execute("INSERT INTO tags(name, kind) VALUES (?, ?)", (name, kind))
            tid = int(cursor.lastrowid or 0)
        else:
            tid = known[0]
            self._conn.execute("UPDATE tags SET kind=? WHERE id=?", (kind, tid))
        self._tags[name] = (tid, name, kind)
        return tid

    # writing -----------------------------------------------------------------------------

    def append(self, records: Sequence[Record]) -> int:
        if not records:
            return 0
        if self.readonly:
            raise PermissionError(f"{self.path} is open read-only")
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            self._append(records)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            self._states.clear()
            raise
        self._again = False
        self.transactions += 1
        return len(records)

    def _append(self, records: Sequence[Record]) -> None:
        tags, states = self._tags, self._states
        rows: list[tuple[Any, ...]] = []
        closed: list[tuple[Any, ...]] = []
        late: dict[int, set[int]] = {}
        width = TIERS_MS[0]
        again = self._again
        touched: set[int] = set()  # tags with a sample of this batch after their stored newest
        for name, sample in records:  # the hot loop: about 2 us per sample
            value = sample.value
            ref = tags.get(name)
            if ref is None or (not ref[2] and value is not None):
                tid = self._register(name, value)
            else:
                tid = ref[0]
            server = sample.server_time
            t = round(server * 1000.0)
            q = CODES[sample.quality]
            if tid in late:
                late[tid].add(t)
            else:
                state = states.get(tid)
                if state is None:
                    state = states[tid] = self._load_state(tid)
                if t == state.last and (not again or tid in touched):
                    t += 1  # two samples in one millisecond: keep both
                if t > state.last:
                    if t >= state.start + width:
                        done: list[tuple[int, int, Rollup]] = []
                        state.roll(t, done)
                        closed.extend((tid, tier, b, *encode(b, r)) for tier, b, r in done)
                    # x - x == 0 keeps finite floats (NaN and inf give NaN)
                    x = value if type(value) is float and value - value == 0.0 else number(value)
                    state.put(t, x, q)
                    if again:
                        touched.add(tid)
                else:
                    late[tid] = {t}
            source = sample.source_time
            ds = None if source == server else t - round(source * 1000.0)
            rows.append((tid, t, value, q, ds, sample.reason or None))
            if len(rows) >= WRITE_SLICE:
                self._write(rows, closed)
        self._write(rows, closed)
        for tid, times in late.items():
            states.pop(tid, None)
            self._rebuild(tid, times)

    def _write(self, rows: list[tuple[Any, ...]], closed: list[tuple[Any, ...]]) -> None:
        """Insert a slice of the batch's samples and closed rollups, then forget them."""
        rows.sort(key=KEY)  # in key order the B-tree pages are visited once each
        self._conn.executemany(SAMPLE_INSERT, rows)
        self._conn.executemany(ROLLUP_INSERT, closed)
        rows.clear()
        closed.clear()

    def _last_time(self, tid: int) -> int | None:
        row = self._conn.execute("SELECT max(t) FROM samples WHERE tag=?", (tid,)).fetchone()
        return None if row[0] is None else int(row[0])

    def _load_state(self, tid: int) -> TagRollups:
        """The open buckets of a tag from what is stored (after a restart or a late sample)."""
        conn = self._conn
        last = self._last_time(tid)
        if last is None:
            return TagRollups.fresh(0)
        state = TagRollups.fresh(last)
        state.last = last
        starts = state.starts
        state.set_acc(0, query.raw_rollup(conn, tid, starts[0], last + 1))
        for k in range(1, len(TIERS_MS)):
            children = query.rollup_rows(conn, tid, k - 1, starts[k], starts[k - 1])
            state.set_acc(k, merge_all([r for _, r in children]))
        return state

    def _rebuild(self, tid: int, times: set[int]) -> None:
        """Recompute from the stored rows every closed bucket holding one of ``times``."""
        last = self._last_time(tid)
        for tier, width in enumerate(TIERS_MS):
            for b in sorted({floor_to(t, width) for t in times}):
                self._rebuild_bucket(tid, tier, b, last)

    def _rebuild_bucket(self, tid: int, tier: int, b: int, last: int | None) -> None:
        conn = self._conn
        hi = b + TIERS_MS[tier]
        r = empty()
        if last is not None and hi <= last:  # closed: the tag has a sample after it
            if tier == 0:
                r = query.raw_rollup(conn, tid, b, hi)
            else:
                r = merge_all([x for _, x in query.rollup_rows(conn, tid, tier - 1, b, hi)])
        if r[N]:
            conn.execute(ROLLUP_INSERT, (tid, tier, b, *encode(b, r)))
        else:
            conn.execute("DELETE FROM rollups WHERE tag=? AND tier=? AND b=?", (tid, tier, b))

    # metadata ----------------------------------------------------------------------------

    def metadata(self) -> dict[str, str]:
        return dict(self._conn.execute("SELECT key, value FROM meta").fetchall())

    def set_metadata(self, values: dict[str, str]) -> None:
        with self._conn:
            self._conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", values.items())

    def close(self) -> None:
        self._conn.close()
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    # queries -----------------------------------------------------------------------------

    def tag_names(self) -> list[str]:
        self._load_tags()
        return sorted(self._tags)

    def span(self, names: Sequence[str] | None = None) -> tuple[float, float] | None:
        return query.span(self._conn, self._refs(names))

    def raw(self, tag: str, start: float, end: float, limit: int | None = None) -> list[TagSample]:
        return query.raw(self._conn, self._ref(tag), start, end, limit)

    def iter_raw(
        self, names: Sequence[str], start: float, end: float, chunk: int = 50_000
    ) -> Iterator[list[Record]]:
        yield from query.iter_raw(self._conn, self._refs(names), start, end, chunk)

    def count(self, names: Sequence[str], start: float, end: float) -> int:
        return query.count(self._conn, self._refs(names), start, end)

    def window(self, names: Sequence[str], after: float, until: float) -> list[Record]:
        return query.window(self._conn, self._refs(names), after, until)

    def values_at(self, names: Sequence[str], t: float) -> dict[str, TagSample]:
        return query.values_at(self._conn, self._refs(names), t)

    def next_time(self, names: Sequence[str], after: float) -> float | None:
        return query.next_time(self._conn, self._refs(names), after)

    def trend(self, tag: str, start: float, end: float, pixels: int) -> Trend:
        return query.trend(self._conn, self._ref(tag), start, end, pixels)

    def statistics(self, tag: str, start: float, end: float) -> RangeStats:
        return query.statistics(self._conn, self._ref(tag), start, end)

    def __enter__(self) -> SqliteHistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
