"""PgHistoryStore: the historian on a shared PostgreSQL database (psycopg 3).

Schema (component ``history``, schema ``hmi``; times in integer milliseconds like SQLite):

    tags(id, name, kind)         kind: bool, int, float, string ('' until a value came)
    samples(tag, t, q, f, i, ds, s, reason)  PARTITION BY RANGE (t), one partition a day
        (``samples_YYYYMMDD``), primary key (tag, t) in each. The value lies in the column of
        its type: f float (NaN as NULL, as SQLite stores it), i int and bool, s text.
    rollups(tag, tier, b, <rollup.FIELDS>)  PARTITION BY RANGE (b), one partition a day
        (``rollups_YYYYMMDD``; an hour divides a day, so every bucket lies in one day),
        primary key (tag, tier, b); written in the same transaction as the samples.
    meta(key, value)

The history's tables belong to ``hmi_writer``: the server's login role (a member) creates the
partitions of new days and drops old ones; ``hmi_reader`` may SELECT (consoles read trends).

Writing: one transaction per ``append``. Samples later than the tag's newest stored one (all
of them, but for a clock stepping back) cannot collide with a stored row, so they go straight
in by binary COPY; late samples go through a staging table and INSERT ... ON CONFLICT DO
UPDATE (SQLite's INSERT OR REPLACE). The rollup arithmetic is tags/history/rollup.py's, the
same as the SQLite store's, so the two stores answer alike (tests run both).

A batch may come again: an append that failed may have been committed all the same (the
connection died after the COMMIT, before its answer), and a console killed between an append
and the removal of its batch from the spool file writes it again at its next start. So the
first append after opening and the one after a failed append replace a stored sample at a
tag's newest time instead of keeping both (the rule for two samples in one millisecond), and
the batch is stored once; both stores do so (sqlite_store.py).

One writer per database: the writer holds a session advisory lock on a connection of its own
(the server's standby waits as a second console does on SQLite); a second writer gets
HistoryLocked. Each append checks the lock's connection first (one round trip) and takes the
lock again when the connection died, or refuses with HistoryLocked when another writer has it
now. Readers need no lock.

Retention drops whole day partitions before the cutoff and deletes the rest of the cutoff's
day row by row, so the answer is the SQLite store's; the size limit drops the oldest days
(never the newest day), so it keeps to day granularity.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator, Sequence
from functools import partial
from typing import Any

import psycopg

from tags.history import pg_query
from tags.history.pg_query import ROLLUP_COLUMNS, Conn
from tags.history.pg_upkeep import (
    DAY_MS,
    ROLLUP_SET,
    PgUpkeep,
    create_day,
    partition_days,
    rebuild,
)
from tags.history.query import TagRef, ms
from tags.history.rollup import (
    TIERS_MS,
    Rollup,
    TagRollups,
    encode,
    merge_all,
    number,
)
from tags.history.store import HistoryLocked, RangeStats, Record, Trend
from tags.model import Quality, TagSample, Value
from tags.store.migrations import READER, WRITER, Component, migrate
from tags.store.postgres import PgDatabase, StoreUnavailable

HISTORY_LOCK = 0x484D4948  # "HMIH": held by the one writer of a database's history
SAMPLE_TYPES = ["int4", "int8", "float8", "int8", "text", "int8", "int8", "text"]
SAMPLE_COPY = "tag, t, f, i, s, q, ds, reason"
ROLLUP_TYPES = ["int4", "int2", "int8", "int4", "int4", "int4", "int4", "int8", "int4", "int4",
                "float8", "int4", "float8", "int4", "float8", "int4", "float8", "int4", "float8",
                "float8", "int8", "int8"]  # fmt: skip
COMPONENT = Component(
    "history",
    (
        f"""
CREATE TABLE meta(key text PRIMARY KEY, value text NOT NULL);
INSERT INTO meta VALUES ('schema', '1');
CREATE TABLE tags(id serial PRIMARY KEY, name text NOT NULL UNIQUE, kind text NOT NULL DEFAULT '');
CREATE TABLE samples(
    tag int4 NOT NULL, t int8 NOT NULL, q int8 NOT NULL, f float8, i int8, ds int8, s text,
    reason text, PRIMARY KEY (tag, t)) PARTITION BY RANGE (t);
CREATE TABLE rollups(
    tag int4 NOT NULL, tier int2 NOT NULL, b int8 NOT NULL, n int4 NOT NULL, nbad int4 NOT NULL,
    tfirst int4 NOT NULL, tlast int4, qlast int8 NOT NULL, tbad int4, t0 int4, v0 float8,
    t1 int4, v1 float8, tmin int4, vmin float8, tmax int4, vmax float8, nuse int4 NOT NULL,
    vsum float8, integ float8 NOT NULL, use_ms int8 NOT NULL, good_ms int8 NOT NULL,
    PRIMARY KEY (tag, tier, b)) PARTITION BY RANGE (b);
ALTER TABLE meta OWNER TO {WRITER};
ALTER TABLE tags OWNER TO {WRITER};
ALTER TABLE samples OWNER TO {WRITER};
ALTER TABLE rollups OWNER TO {WRITER};
GRANT SELECT ON meta, tags, samples, rollups TO {READER};
""",
    ),
)
CODES: dict[Quality, int] = {q: int(q) for q in Quality}
KEY = operator.itemgetter(0, 1)


def _kind(value: Value) -> str:
    if value is None:
        return ""
    return {bool: "bool", int: "int", float: "float"}.get(type(value), "string")


async def load_state(conn: Conn, tid: int) -> TagRollups:
    """The open buckets of a tag from what is stored (sqlite_store._load_state)."""
    last = await pg_query.last_time(conn, tid)
    if last is None:
        return TagRollups.fresh(0)
    state = TagRollups.fresh(last)
    state.last = last
    starts = state.starts
    state.set_acc(0, await pg_query.raw_rollup(conn, tid, starts[0], last + 1))
    for k in range(1, len(TIERS_MS)):
        children = await pg_query.rollup_rows(conn, tid, k - 1, starts[k], starts[k - 1])
        state.set_acc(k, merge_all([r for _, r in children]))
    return state


async def copy_rows(conn: Conn, table: str, columns: str, types: list[str], rows: Any) -> None:
    cur = conn.cursor()
    statement = f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)"
    async with cur.copy(statement) as copy:
        copy.set_types(types)
        write = copy.write_row
        for row in rows:
            await write(row)


class _Batch:
    """What one append writes, prepared on the caller's thread."""

    def __init__(self) -> None:
        self.new_tags: dict[int, tuple[str, str]] = {}
        self.kinds: dict[int, str] = {}
        self.rows: list[tuple[Any, ...]] = []
        self.late_rows: dict[tuple[int, int], tuple[Any, ...]] = {}
        self.closed: list[tuple[Any, ...]] = []
        self.late: dict[int, set[int]] = {}
        self.days: set[int] = set()

    async def write(self, conn: Conn) -> None:
        async with conn.transaction():
            if self.new_tags:
                await conn.cursor().executemany(
                    "INSERT INTO tags (id, name, kind) VALUES (%s, %s, %s)",
                    [(tid, name, kind) for tid, (name, kind) in self.new_tags.items()],
                )
            if self.kinds:
                await conn.cursor().executemany(
                    "UPDATE tags SET kind=%s WHERE id=%s",
                    [(kind, tid) for tid, kind in self.kinds.items()],
                )
            for day in sorted(self.days):
                await create_day(conn, day)
            if self.rows:
                await copy_rows(conn, "samples", SAMPLE_COPY, SAMPLE_TYPES, self.rows)
            if self.late_rows:
                await conn.execute(
                    "CREATE TEMP TABLE IF NOT EXISTS sample_stage (LIKE samples) "
                    "ON COMMIT DELETE ROWS"
                )
                rows = sorted(self.late_rows.values(), key=KEY)
                await copy_rows(conn, "sample_stage", SAMPLE_COPY, SAMPLE_TYPES, rows)
                await conn.execute(
                    f"INSERT INTO samples ({SAMPLE_COPY}) SELECT {SAMPLE_COPY} FROM sample_stage "
                    "ON CONFLICT (tag, t) DO UPDATE SET f=excluded.f, i=excluded.i, "
                    "s=excluded.s, q=excluded.q, ds=excluded.ds, reason=excluded.reason"
                )
            if self.closed:
                await conn.execute(
                    "CREATE TEMP TABLE IF NOT EXISTS rollup_stage (LIKE rollups) "
                    "ON COMMIT DELETE ROWS"
                )
                unique = {row[:3]: row for row in self.closed}
                columns = f"tag, tier, b, {ROLLUP_COLUMNS}"
                await copy_rows(conn, "rollup_stage", columns, ROLLUP_TYPES, unique.values())
                await conn.execute(
                    f"INSERT INTO rollups ({columns}) SELECT {columns} FROM rollup_stage "
                    f"ON CONFLICT (tag, tier, b) DO UPDATE SET {ROLLUP_SET}"
                )
            for tid, times in self.late.items():
                await rebuild(conn, tid, times)


class PgHistoryStore(PgUpkeep):
    """The HistoryStore in a PostgreSQL database; ``readonly`` for queries only.

    ``db`` is shared (several stores, one pool) and stays open when the store closes."""

    def __init__(self, db: PgDatabase, *, readonly: bool = False) -> None:
        self.db = db
        self.readonly = readonly
        self.transactions = 0
        self._tags: dict[str, TagRef] = {}
        self._stale = False
        self._states: dict[int, TagRollups] = {}
        self._days: set[int] = set()
        self._ids: list[int] = []
        self._lock: psycopg.Connection[Any] | None = None
        self._again = True
        """The next append may repeat what is stored (the first after opening, or the one
        after a failed append): a sample at a tag's stored newest time replaces it."""
        try:
            if not readonly:
                self._lock = self._take_lock()
            db.run(lambda conn: migrate(conn, COMPONENT, apply=not readonly))
            self._load_tags()
            if not readonly:
                self._days = set(db.run(partition_days))
        except BaseException:
            self.close()
            raise

    def _take_lock(self) -> psycopg.Connection[Any]:
        kwargs: dict[str, Any] = dict(self.db.url.connect_kwargs())
        kwargs.setdefault("connect_timeout", max(1, round(self.db.timeout)))
        try:
            conn = psycopg.connect(**kwargs, autocommit=True)
        except psycopg.OperationalError as exc:
            raise StoreUnavailable(f"{self.db.url}: {str(exc).strip().splitlines()[0]}") from exc
        row = conn.execute("SELECT pg_try_advisory_lock(%s)", (HISTORY_LOCK,)).fetchone()
        if not (row and row[0]):
            conn.close()
            raise HistoryLocked(f"{self.db.url}: the history is being recorded by another process")
        return conn

    def _hold_lock(self) -> None:
        """Check that the writer's lock is still held (its connection may have died with a
        restart of the server); take it again, or raise HistoryLocked when another writer
        took it meanwhile."""
        lock = self._lock
        if lock is not None and not lock.closed:
            try:
                lock.execute("SELECT 1")
                return
            except psycopg.Error:
                lock.close()
        self._lock = self._take_lock()

    def _load_tags(self) -> None:
        async def load(conn: Conn) -> list[tuple[Any, ...]]:
            cur = await conn.execute("SELECT id, name, kind FROM tags")
            return await cur.fetchall()

        self._tags = {name: (tid, name, kind) for tid, name, kind in self.db.run(load)}
        self._stale = False

    def _new_id(self) -> int:
        if not self._ids:

            async def reserve(conn: Conn) -> list[int]:
                cur = await conn.execute(
                    "SELECT nextval('tags_id_seq') FROM generate_series(1, 256)"
                )
                return [int(r[0]) for r in await cur.fetchall()]

            self._ids = self.db.run(reserve)[::-1]
        return self._ids.pop()

    def _register(self, name: str, value: Value, batch: _Batch) -> int:
        kind = _kind(value)
        known = self._tags.get(name)
        if known is None:
            tid = self._new_id()
            batch.new_tags[tid] = (name, kind)
            self._states[tid] = TagRollups.fresh(0)
        else:
            tid = known[0]
            if tid in batch.new_tags:
                batch.new_tags[tid] = (name, kind)
            else:
                batch.kinds[tid] = kind
        self._tags[name] = (tid, name, kind)
        return tid

    # writing -----------------------------------------------------------------------------

    def append(self, records: Sequence[Record]) -> int:
        if not records:
            return 0
        if self.readonly:
            raise PermissionError(f"{self.db.url}: the history is open read-only")
        self._hold_lock()
        try:
            if self._stale:
                self._load_tags()
            self._load_states(records)
            batch = self._prepare(records)
            self.db.run(batch.write)
        except BaseException:
            self._states.clear()
            self._stale = True  # tags registered by the failed batch are not stored
            self._again = True
            raise
        self._again = False
        self._days |= batch.days
        for tid in batch.late:
            self._states.pop(tid, None)  # reloaded from the rebuilt rollups when next needed
        self.transactions += 1
        return len(records)

    def _load_states(self, records: Sequence[Record]) -> None:
        """Load the open buckets of the batch's tags that have none (one call for all)."""
        tags, states = self._tags, self._states
        if len(states) >= len(tags):
            return
        missing = sorted({tags[n][0] for n, _ in records if n in tags} - states.keys())
        if not missing:
            return

        async def load(conn: Conn) -> list[TagRollups]:
            return [await load_state(conn, tid) for tid in missing]

        states.update(zip(missing, self.db.run(load), strict=True))

    def _prepare(self, records: Sequence[Record]) -> _Batch:
        """The sqlite_store._append loop: rows, closed rollups and late samples."""
        batch = _Batch()
        tags, states = self._tags, self._states
        rows, late_rows, closed, late = batch.rows, batch.late_rows, batch.closed, batch.late
        width = TIERS_MS[0]
        again = self._again
        touched: set[int] = set()
        """Tags with a sample of this batch after their stored newest one."""
        for name, sample in records:
            value = sample.value
            ref = tags.get(name)
            if ref is None or (not ref[2] and value is not None):
                tid = self._register(name, value, batch)
            else:
                tid = ref[0]
            server = sample.server_time
            t = round(server * 1000.0)
            q = CODES[sample.quality]
            in_order = False
            if tid in late:
                late[tid].add(t)
            else:
                state = states[tid]
                if t == state.last and (not again or tid in touched):
                    t += 1  # two samples in one millisecond: keep both
                if t > state.last:
                    if t >= state.start + width:
                        done: list[tuple[int, int, Rollup]] = []
                        state.roll(t, done)
                        closed.extend((tid, tier, b, *encode(b, r)) for tier, b, r in done)
                    x = value if type(value) is float and value - value == 0.0 else number(value)
                    state.put(t, x, q)
                    in_order = True
                    if again:
                        touched.add(tid)
                else:
                    late[tid] = {t}
            source = sample.source_time
            ds = None if source == server else t - round(source * 1000.0)
            kind = type(value)
            row: tuple[Any, ...]
            if kind is float:
                row = (tid, t, None if value != value else value, None, None, q, ds,
                       sample.reason or None)  # fmt: skip
            elif kind is int or kind is bool:
                row = (tid, t, None, int(value), None, q, ds, sample.reason or None)  # type: ignore[arg-type]
            elif value is None:
                row = (tid, t, None, None, None, q, ds, sample.reason or None)
            else:
                row = (tid, t, None, None, str(value), q, ds, sample.reason or None)
            if in_order:
                rows.append(row)
            else:
                late_rows[(tid, t)] = row
        rows.sort(key=KEY)
        times = [r[1] for r in rows] + [k[1] for k in late_rows]
        lo, hi = min(times) // DAY_MS, max(times) // DAY_MS
        days = set(range(lo, hi + 2)) if hi - lo < 7 else {t // DAY_MS for t in times}
        batch.days = days - self._days
        return batch

    # metadata ----------------------------------------------------------------------------

    def metadata(self) -> dict[str, str]:
        async def read(conn: Conn) -> dict[str, str]:
            cur = await conn.execute("SELECT key, value FROM meta")
            return {k: v for k, v in await cur.fetchall()}

        return self.db.run(read)

    def set_metadata(self, values: dict[str, str]) -> None:
        async def write(conn: Conn) -> None:
            async with conn.transaction():
                await conn.cursor().executemany(
                    "INSERT INTO meta VALUES (%s, %s) "
                    "ON CONFLICT (key) DO UPDATE SET value=excluded.value",
                    list(values.items()),
                )

        self.db.run(write)

    def close(self) -> None:
        """Release the writer's lock; the shared database stays open."""
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    # queries -----------------------------------------------------------------------------

    def tag_names(self) -> list[str]:
        self._load_tags()
        return sorted(self._tags)

    def span(self, names: Sequence[str] | None = None) -> tuple[float, float] | None:
        refs = self._refs(names)
        return self.db.run(lambda conn: pg_query.span(conn, refs))

    def raw(self, tag: str, start: float, end: float, limit: int | None = None) -> list[TagSample]:
        ref = self._ref(tag)
        return self.db.run(lambda conn: pg_query.raw(conn, ref, start, end, limit))

    def iter_raw(
        self, names: Sequence[str], start: float, end: float, chunk: int = 50_000
    ) -> Iterator[list[Record]]:
        hi = ms(end)
        for ref in self._refs(names):
            lo = ms(start)
            while True:
                part = self.db.run(partial(pg_query.raw_chunk, tag=ref, lo=lo, hi=hi, chunk=chunk))
                if part:
                    yield [(ref[1], s) for s in part]
                if len(part) < chunk:
                    break
                lo = round(part[-1].server_time * 1000.0) + 1

    def count(self, names: Sequence[str], start: float, end: float) -> int:
        refs = self._refs(names)
        return self.db.run(lambda conn: pg_query.count(conn, refs, start, end))

    def window(self, names: Sequence[str], after: float, until: float) -> list[Record]:
        refs = self._refs(names)
        return self.db.run(lambda conn: pg_query.window(conn, refs, after, until))

    def values_at(self, names: Sequence[str], t: float) -> dict[str, TagSample]:
        refs = self._refs(names)
        return self.db.run(lambda conn: pg_query.values_at(conn, refs, t))

    def next_time(self, names: Sequence[str], after: float) -> float | None:
        refs = self._refs(names)
        return self.db.run(lambda conn: pg_query.next_time(conn, refs, after))

    def trend(self, tag: str, start: float, end: float, pixels: int) -> Trend:
        ref = self._ref(tag)
        return self.db.run(lambda conn: pg_query.trend(conn, ref, start, end, pixels))

    def statistics(self, tag: str, start: float, end: float) -> RangeStats:
        ref = self._ref(tag)
        return self.db.run(lambda conn: pg_query.statistics(conn, ref, start, end))

    def __enter__(self) -> PgHistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
