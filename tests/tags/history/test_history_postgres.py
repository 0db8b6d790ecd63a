"""What only the PostgreSQL history has: day partitions, the roles' privileges, the schema
version, and the same answers as the SQLite store for the same samples."""

from __future__ import annotations

import contextlib
import math
import os
import random
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tags.history.pg_store import HISTORY_LOCK, PgHistoryStore
from tags.history.pg_upkeep import day_name
from tags.history.sqlite_store import SqliteHistoryStore
from tags.history.store import HistoryLocked, HistoryStore
from tags.model import Quality, TagSample
from tags.store.migrations import READER, WRITER, SchemaError
from tags.store.postgres import PgDatabase, StoreError
from tags.store.url import StoreUrl
from tests.pg_server import PgServer
from tests.tags.history.support import T0, good

DAY = 86400.0
DAY0 = int(T0 // DAY)


def partitions(server: PgServer, url: StoreUrl, table: str) -> list[str]:
    with server.admin(url.database) as conn:
        rows = conn.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass ORDER BY 1",
            (f"hmi.{table}",),
        ).fetchall()
    return [str(r[0]) for r in rows]


def days(store: HistoryStore, count: int, tag: str = "A.B.X") -> None:
    """A sample every 10 minutes for ``count`` days."""
    store.append([(tag, good(float(i), T0 + 600 * i)) for i in range(count * 144)])


@pytest.fixture
def db(pg_url: StoreUrl) -> Iterator[PgDatabase]:
    with PgDatabase(pg_url) as opened:
        yield opened


def test_samples_and_rollups_have_a_partition_per_day_dropped_by_retention(
    db: PgDatabase, pg_url: StoreUrl, postgres_server: PgServer
) -> None:
    with PgHistoryStore(db) as store:
        days(store, 3)
        wanted = [day_name("samples", DAY0 + d) for d in range(4)]  # and the next day's, ready
        assert partitions(postgres_server, pg_url, "samples") == wanted
        assert partitions(postgres_server, pg_url, "rollups") == [
            day_name("rollups", DAY0 + d) for d in range(4)
        ]
        result = store.retain(now=T0 + 3 * DAY, keep_seconds=1.5 * DAY, max_bytes=None)
        assert result.deleted_samples == 144 + 72
        assert partitions(postgres_server, pg_url, "samples") == wanted[1:]
        assert store.span() == (T0 + 1.5 * DAY, T0 + 3 * DAY - 600)
        assert store.statistics("A.B.X", T0, T0 + 3 * DAY).count == 216


def test_a_newer_history_schema_is_refused(db: PgDatabase) -> None:
    PgHistoryStore(db).close()

    async def bump(conn: psycopg.AsyncConnection[Any]) -> None:
        await conn.execute("UPDATE schema_versions SET version = 99 WHERE component = 'history'")

    db.run(bump)
    with pytest.raises(SchemaError, match="newer than this program knows"):
        PgHistoryStore(db)
    with pytest.raises(SchemaError, match="newer than this program knows"):
        PgHistoryStore(db, readonly=True)


def test_a_reader_of_a_database_without_the_history_is_told_to_initialise_it(
    db: PgDatabase,
) -> None:
    with pytest.raises(SchemaError, match="store init"):
        PgHistoryStore(db, readonly=True)


@contextlib.contextmanager
def login_role(server: PgServer, group: str) -> Iterator[str]:
    name = f"hist_{group.split('_')[1]}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with server.admin() as conn:
        conn.execute(f"CREATE ROLE {name} LOGIN IN ROLE {group}")
    try:
        yield name
    finally:
        with server.admin() as conn, contextlib.suppress(psycopg.Error):
            conn.execute(f"DROP ROLE {name}")


def test_the_writer_role_records_and_keeps_the_days_and_the_reader_role_only_reads(
    db: PgDatabase, pg_url: StoreUrl, postgres_server: PgServer
) -> None:
    PgHistoryStore(db).close()  # the owner makes the tables (store init)
    with (
        login_role(postgres_server, WRITER) as writer,
        login_role(postgres_server, READER) as reader,
    ):
        with PgDatabase(pg_url.as_user(writer)) as wdb, PgHistoryStore(wdb) as store:
            days(store, 3)  # makes the days' partitions as the writer
            result = store.retain(now=T0 + 3 * DAY, keep_seconds=DAY, max_bytes=None)
            assert result.deleted_samples == 2 * 144  # and drops them
            store.compact()
            assert len(store.raw("A.B.X", T0, T0 + 3 * DAY)) == 144
        with postgres_server.admin(pg_url.database) as conn:
            owners = conn.execute(
                "SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class "
                "WHERE relname LIKE 'samples_%' OR relname LIKE 'rollups_%'"
            ).fetchall()
        assert owners == [(WRITER,)]
        with PgDatabase(pg_url.as_user(reader)) as rdb, PgHistoryStore(rdb, readonly=True) as ro:
            assert ro.count(["A.B.X"], T0, T0 + 3 * DAY) == 144
            assert ro.trend("A.B.X", T0, T0 + 3 * DAY, 100).buckets
            with pytest.raises(PermissionError):
                ro.append([("A.B.X", good(1.0, T0 + 4 * DAY))])

            async def insert(conn: psycopg.AsyncConnection[Any]) -> None:
                await conn.execute("INSERT INTO samples (tag, t, q) VALUES (1, %s, 0)", (0,))

            with pytest.raises(StoreError, match="permission denied"):
                rdb.run(insert)

            async def partition(conn: psycopg.AsyncConnection[Any]) -> int:
                cur = await conn.execute(f"SELECT count(*) FROM {day_name('samples', DAY0 + 2)}")
                row = await cur.fetchone()
                return int(row[0]) if row else -1

            assert rdb.run(partition) == 144  # each day is readable on its own too
            with PgHistoryStore(rdb) as wrong, pytest.raises(StoreError, match="permission"):
                wrong.append([("A.B.X", good(1.0, T0 + 4 * DAY))])


def mixed_history(rng: random.Random) -> list[list[tuple[str, TagSample]]]:
    """Batches of every kind of value and quality, with late and same-millisecond samples."""
    values: list[Any] = [1.5, -2.25, 7, True, False, "AUTO", None, math.nan, math.inf, 0.0, 10**12]
    qualities = [Quality.GOOD] * 6 + [Quality.UNCERTAIN, Quality.BAD_TIMEOUT]
    t = T0 - 3600
    batches = []
    for n in range(30):
        batch = []
        for _ in range(rng.randint(1, 200)):
            t += rng.choice([0.0, 0.001, 0.3, 1.0, 11.0, 90.0, 700.0])
            name = rng.choice(["A.B.F", "A.B.G", "A.B.MIX"])
            value = rng.uniform(-9, 9) if name != "A.B.MIX" else rng.choice(values)
            q = rng.choice(qualities)
            batch.append((name, TagSample(value, q, t - rng.choice([0, 0.25]), t, "r" * (n % 2))))
        if n % 5 == 2:
            batch.append(("A.B.F", good(3.0, round(t - rng.uniform(10, 5000), 3))))
        batches.append(batch)
    return batches


@pytest.mark.slow
def test_both_stores_give_the_same_answers(db: PgDatabase, tmp_path: Path) -> None:
    rng = random.Random(16)
    names = ["A.B.F", "A.B.G", "A.B.MIX", "A.B.NONE"]
    with (
        closing(SqliteHistoryStore(tmp_path / "h.db", durable=False)) as lite,
        closing(PgHistoryStore(db)) as pg,
    ):
        for batch in mixed_history(rng):
            assert lite.append(batch) == pg.append(batch)
        assert lite.tag_names() == pg.tag_names()
        first, last = lite.span() or (0.0, 0.0)
        assert pg.span() == (first, last)
        assert lite.metadata() == pg.metadata()
        lo, hi = first - 5, last + 5
        for name in names:
            assert repr(lite.raw(name, lo, hi)) == repr(pg.raw(name, lo, hi))
            assert lite.raw(name, lo, hi, limit=7) == pg.raw(name, lo, hi, limit=7)
        chunks = list(pg.iter_raw(names, lo, hi, chunk=50))
        assert [r for c in lite.iter_raw(names, lo, hi, 50) for r in c] == [
            r for c in chunks for r in c
        ]
        assert lite.count(names, lo, hi) == pg.count(names, lo, hi)
        for _ in range(20):
            a, b = sorted(round(rng.uniform(lo, hi), 3) for _ in range(2))
            assert lite.window(names, a, b) == pg.window(names, a, b)
            assert lite.values_at(names, a) == pg.values_at(names, a)
            assert lite.next_time(names, a) == pg.next_time(names, a)
            for name in names:
                assert lite.statistics(name, a, b) == pg.statistics(name, a, b)
                for pixels in (1, 13, 400):
                    assert lite.trend(name, a, b, pixels) == pg.trend(name, a, b, pixels)
        for store in (lite, pg):
            store.retain(now=last, keep_seconds=(last - first) / 2, max_bytes=None)
        for name in names:
            assert lite.statistics(name, lo, hi) == pg.statistics(name, lo, hi)
            assert lite.trend(name, lo, hi, 50) == pg.trend(name, lo, hi, 50)


def test_a_writer_whose_lock_connection_died_takes_the_lock_again_or_stops(
    db: PgDatabase, pg_url: StoreUrl, postgres_server: PgServer
) -> None:
    def kill_lock_holder() -> None:
        with postgres_server.admin(pg_url.database) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_locks "
                "WHERE locktype = 'advisory' AND granted AND objid = %s",
                (HISTORY_LOCK,),
            )

    with PgHistoryStore(db) as store:
        store.append([("A.B.X", good(1.0, T0))])
        kill_lock_holder()
        store.append([("A.B.X", good(2.0, T0 + 1))])  # the lock is taken again
        with pytest.raises(HistoryLocked):
            PgHistoryStore(db)
        kill_lock_holder()
        with PgHistoryStore(db) as other:  # another writer took it meanwhile
            with pytest.raises(HistoryLocked):
                store.append([("A.B.X", good(3.0, T0 + 2))])
            other.append([("A.B.X", good(4.0, T0 + 3))])
        assert [s.value for s in store.raw("A.B.X", T0, T0 + 9)] == [1.0, 2.0, 4.0]
