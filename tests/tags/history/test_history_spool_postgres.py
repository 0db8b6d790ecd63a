"""The spool against a real PostgreSQL server stopped and started while recording: every
sample arrives once, in order. The store here is a stand-in writing one table through the
shared pool (the real PostgreSQL history store takes its place once it exists)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tags.clock import ManualClock
from tags.database import TagDatabase
from tags.history.historian import Historian
from tags.history.spool import SPOOL_FILE, HistorySpool
from tags.history.store import HistoryStore, Record
from tags.store.postgres import PgDatabase
from tags.store.url import StoreUrl
from tests.pg_server import PgServer
from tests.tags.history.support import T0, good, memory_tag

CREATE = (
    "CREATE TABLE IF NOT EXISTS samples ("
    "tag text NOT NULL, t double precision NOT NULL, v double precision, q bigint NOT NULL, "
    "PRIMARY KEY (tag, t))"
)
UPSERT = (
    "INSERT INTO samples VALUES (%s, %s, %s, %s) "
    "ON CONFLICT (tag, t) DO UPDATE SET v = excluded.v, q = excluded.q"
)


class TableHistory:
    """Just enough of a HistoryStore to record: idempotent appends on (tag, t)."""

    def __init__(self, db: PgDatabase) -> None:
        self.db = db
        self.db.run(lambda conn: conn.execute(CREATE))

    def append(self, records: Sequence[Record]) -> int:
        rows = [(n, s.server_time, s.value, int(s.quality)) for n, s in records]

        async def insert(conn: psycopg.AsyncConnection[Any]) -> int:
            async with conn.transaction(), conn.cursor() as cur:
                await cur.executemany(UPSERT, rows)
            return len(rows)

        return self.db.run(insert)

    def close(self) -> None:
        """The pool belongs to the test."""


@pytest.mark.slow
@pytest.mark.asyncio
async def test_recording_through_a_postgresql_restart_loses_and_doubles_nothing(
    pg_url: StoreUrl, postgres_server: PgServer, tmp_path: Path
) -> None:
    clock = ManualClock(T0)
    db = TagDatabase({"A.B.X": memory_tag("A.B.X")}, clock)
    pool = PgDatabase(pg_url, timeout=0.5)

    def factory(readonly: bool) -> HistoryStore:
        return TableHistory(pool)  # type: ignore[return-value]

    historian = Historian(db, factory, mark_gaps=False,
                          spool=HistorySpool(tmp_path / SPOOL_FILE, memory_samples=5))  # fmt: skip
    await historian.start(tasks=False)
    sent: list[float] = []
    try:
        for i in range(40):
            if i == 5:
                postgres_server.stop()
            if i == 35:
                postgres_server.start()
            clock.advance(1.0)
            db.publish({"A.B.X": good(float(i), T0 + i)})
            sent.append(float(i))
            if not 5 < i < 34 or i % 5 == 0:  # each try waits for the pool's timeout
                await historian.flush()
            if i == 34:
                behind = historian.behind
                assert behind is not None and behind.samples == 30
                assert behind.reason.startswith("store unreachable: ")
        if historian.behind is not None:  # the first use of the pool after the restart
            await historian.flush()
        assert historian.behind is None
    finally:
        if not _running(postgres_server):
            postgres_server.start()
        await historian.stop()
        pool.close()
    with postgres_server.admin(pg_url.database) as admin:
        rows = admin.execute("SELECT v FROM samples ORDER BY t").fetchall()
    assert [r[0] for r in rows] == sent


def _running(server: PgServer) -> bool:
    try:
        server.admin().close()
    except psycopg.OperationalError:
        return False
    return True
