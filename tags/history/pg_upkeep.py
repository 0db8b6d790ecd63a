"""Upkeep of the PostgreSQL history: the day partitions (made on demand, dropped by
retention), rollups rebuilt after late samples or a cut, retention by age and size. A mixin of
PgHistoryStore (tags/history/pg_store.py), run on the historian's writer thread."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
from functools import partial

from psycopg import sql

from tags.history import pg_query
from tags.history.pg_query import ROLLUP_COLUMNS, Conn
from tags.history.query import TagCache, ms
from tags.history.rollup import TIERS_MS, N, TagRollups, empty, encode, floor_to, merge_all
from tags.history.store import RetentionResult
from tags.store.migrations import READER, WRITER
from tags.store.postgres import PgDatabase

DAY_MS = 86_400_000
EPOCH = dt.date(1970, 1, 1)
ROLLUP_SET = ", ".join(f"{c}=excluded.{c}" for c in ROLLUP_COLUMNS.split(", "))
ROLLUP_UPSERT = (
    f"INSERT INTO rollups (tag, tier, b, {ROLLUP_COLUMNS}) VALUES ({', '.join(['%s'] * 22)}) "
    f"ON CONFLICT (tag, tier, b) DO UPDATE SET {ROLLUP_SET}"
)


def day_name(table: str, day: int) -> str:
    """The partition of ``table`` holding day ``day`` (days since 1970-01-01)."""
    return f"{table}_{EPOCH + dt.timedelta(days=day):%Y%m%d}"


def _day_of(name: str) -> int | None:
    try:
        return (dt.datetime.strptime(name.rsplit("_", 1)[1], "%Y%m%d").date() - EPOCH).days
    except (IndexError, ValueError):
        return None


async def partition_days(conn: Conn) -> list[int]:
    """The days that have a samples partition, oldest first."""
    cur = await conn.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = 'samples'::regclass"
    )
    days = {_day_of(name) for (name,) in await cur.fetchall()}
    return sorted(d for d in days if d is not None)


async def create_day(conn: Conn, day: int) -> None:
    """The samples and rollups partitions of one day, the writer's, readable by readers."""
    lo, hi = day * DAY_MS, (day + 1) * DAY_MS
    for table in ("samples", "rollups"):
        name = sql.Identifier(day_name(table, day))
        await conn.execute(
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} PARTITION OF {} FOR VALUES FROM ({}) TO ({})"
            ).format(name, sql.Identifier(table), sql.Literal(lo), sql.Literal(hi))
        )
        await conn.execute(
            sql.SQL("ALTER TABLE {} OWNER TO {}").format(name, sql.Identifier(WRITER))
        )
        await conn.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(name, sql.Identifier(READER)))


async def drop_day(conn: Conn, day: int) -> int:
    """Drop one day of samples and rollups; the number of samples it held."""
    name = day_name("samples", day)
    cur = await conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(name)))
    row = await cur.fetchone()
    for table in ("samples", "rollups"):
        await conn.execute(
            sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(day_name(table, day)))
        )
    return int(row[0]) if row else 0


async def rebuild_bucket(conn: Conn, tid: int, tier: int, b: int, last: int | None) -> None:
    """Recompute one stored bucket from the finer tier or the samples (closed buckets only)."""
    hi = b + TIERS_MS[tier]
    r = empty()
    if last is not None and hi <= last:
        if tier == 0:
            r = await pg_query.raw_rollup(conn, tid, b, hi)
        else:
            rows = await pg_query.rollup_rows(conn, tid, tier - 1, b, hi)
            r = merge_all([x for _, x in rows])
    if r[N]:
        await conn.execute(ROLLUP_UPSERT, (tid, tier, b, *encode(b, r)))
    else:
        await conn.execute("DELETE FROM rollups WHERE tag=%s AND tier=%s AND b=%s", (tid, tier, b))


async def rebuild(conn: Conn, tid: int, times: set[int]) -> None:
    """Recompute every closed bucket holding one of ``times`` (after late samples)."""
    last = await pg_query.last_time(conn, tid)
    for tier, width in enumerate(TIERS_MS):
        for b in sorted({floor_to(t, width) for t in times}):
            await rebuild_bucket(conn, tid, tier, b, last)


class PgUpkeep(TagCache):
    """Retention and maintenance; the store provides the database and its tag list."""

    db: PgDatabase
    _days: set[int]
    _states: dict[int, TagRollups]

    def span(self, names: Sequence[str] | None = None) -> tuple[float, float] | None:
        raise NotImplementedError

    # retention ------------------------------------------------------------------------------

    def used_bytes(self) -> int:
        async def size(conn: Conn) -> int:
            cur = await conn.execute(
                "SELECT coalesce(sum(pg_total_relation_size(relid)), 0) FROM ("
                "SELECT relid FROM pg_partition_tree('samples') UNION ALL "
                "SELECT relid FROM pg_partition_tree('rollups') UNION ALL "
                "SELECT 'tags'::regclass UNION ALL SELECT 'meta'::regclass) AS x"
            )
            row = await cur.fetchone()
            return int(row[0]) if row else 0

        return self.db.run(size)

    def retain(
        self, *, now: float, keep_seconds: float | None, max_bytes: int | None
    ) -> RetentionResult:
        before = self.used_bytes()
        deleted = 0
        cutoff: float | None = None
        if keep_seconds is not None:
            oldest = self.span()
            if oldest is not None and oldest[0] < now - keep_seconds:
                cutoff = now - keep_seconds
                deleted += self._delete_before(cutoff)
        while max_bytes is not None and self.used_bytes() > max_bytes:
            have = self.span()
            if have is None:
                break
            newest = ms(have[1]) // DAY_MS
            days = [d for d in self.db.run(partition_days) if d < newest]
            if not days:
                break
            day = days[0]
            deleted += self.db.run(partial(_in_transaction, work=drop_day, day=day))
            self._days.discard(day)
            cut = (day + 1) * DAY_MS / 1000.0
            cutoff = cut if cutoff is None else max(cutoff, cut)
        self._states.clear()
        return RetentionResult(deleted, cutoff, before, self.used_bytes())

    def _delete_before(self, cutoff: float) -> int:
        """Drop the days before ``cutoff``, delete the rest of its day's older samples and fix
        the rollups of the buckets cut in two (per 100 tags a transaction, as SQLite)."""
        c = ms(cutoff)
        deleted = 0
        for day in self.db.run(partition_days):
            if (day + 1) * DAY_MS <= c:
                deleted += self.db.run(partial(_in_transaction, work=drop_day, day=day))
                self._days.discard(day)
        ids = [ref[0] for ref in self._refs(None)]
        for i in range(0, len(ids), 100):
            group = ids[i : i + 100]

            async def cut(conn: Conn, group: list[int] = group) -> int:
                count = 0
                async with conn.transaction():
                    for tid in group:
                        cur = await conn.execute(
                            "DELETE FROM samples WHERE tag=%s AND t<%s", (tid, c)
                        )
                        count += max(cur.rowcount, 0)
                        last = await pg_query.last_time(conn, tid)
                        for tier, width in enumerate(TIERS_MS):
                            edge = floor_to(c, width)
                            await conn.execute(
                                "DELETE FROM rollups WHERE tag=%s AND tier=%s AND b<%s",
                                (tid, tier, edge),
                            )
                            if edge < c:
                                await rebuild_bucket(conn, tid, tier, edge, last)
                return count

            try:
                deleted += self.db.run(cut)
            finally:
                self._states.clear()
        return deleted

    def compact(self) -> None:
        """VACUUM the history (space of deleted rows is reused; dropped days are gone)."""

        async def vacuum(conn: Conn) -> None:
            await conn.execute("VACUUM samples, rollups, tags, meta")

        self.db.run(vacuum)

    def checkpoint(self) -> None:
        """Nothing to do: a committed transaction is in the server's files already."""


async def _in_transaction(conn: Conn, work: Callable[[Conn, int], Awaitable[int]], day: int) -> int:
    async with conn.transaction():
        return await work(conn, day)
