"""The historian through an outage of its PostgreSQL server (a real server started here):
what a flush costs while the server is away, how long the first flush after its return takes
to write everything spooled, and what the pool's check of an idle connection costs a call.

    python benchmarks/pg_outage.py [--tags 2000] [--outage 30]

One scan a second (a stepped clock), every tag a new value each scan; ``--outage`` scans are
recorded while the server is stopped (they go to the spool, past 20,000 samples to its file).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import emit, memory_tags

from tags.clock import ManualClock
from tags.database import TagDatabase
from tags.history.historian import Historian
from tags.history.spool import SPOOL_FILE, HistorySpool
from tags.history.store_factory import postgresql_factory
from tags.model import Quality, TagSample
from tags.store.postgres import IDLE_CHECK, PgDatabase
from tests.pg_server import PgServer


async def outage(server: PgServer, tags: int, scans: int, folder: Path) -> None:
    clock = ManualClock(1_750_000_000.0)
    defs = memory_tags(tags)
    db = TagDatabase(defs, clock)
    names = list(defs)
    pool = PgDatabase(server.url(server.new_database()), timeout=2.0)
    spool = HistorySpool(folder / SPOOL_FILE, memory_samples=20_000)
    historian = Historian(db, postgresql_factory(pool), spool=spool)
    k = 0

    def scan() -> None:
        nonlocal k
        clock.advance(1.0)
        now = clock.now()
        db.publish({n: TagSample(float(k * 7 + i), Quality.GOOD, now, now)
                    for i, n in enumerate(names)})  # fmt: skip
        k += 1

    try:
        await historian.start(tasks=False)
        for _ in range(5):
            scan()
            await historian.flush()
        server.stop()
        away: list[float] = []
        for _ in range(scans):
            scan()
            started = time.perf_counter()
            await historian.flush()
            away.append(time.perf_counter() - started)
        behind = historian.behind
        assert behind is not None
        emit("pg_outage_flush_while_away", statistics.median(away) * 1000, "ms",
             tags=tags, worst_ms=round(max(away) * 1000, 1))  # fmt: skip
        emit("pg_outage_spooled", behind.samples, "samples", disk_mb=behind.disk_bytes / 1e6)
        server.start()
        scan()
        started = time.perf_counter()
        flushes = 0
        while historian.behind is not None or historian.pending:
            await historian.flush()
            flushes += 1
        caught_up = time.perf_counter() - started
        emit("pg_outage_catch_up", caught_up, "s", samples=behind.samples + tags,
             samples_per_s=round((behind.samples + tags) / caught_up), flushes=flushes,
             outage_scans=scans)  # fmt: skip
    finally:
        await historian.stop()
        pool.close()


def idle_check(server: PgServer, calls: int = 3000) -> None:
    """One call's time with the connection in steady use (unchecked) and after lying idle
    past IDLE_CHECK (checked first)."""

    async def one(conn: Any) -> None:
        await conn.execute("SELECT 1")

    with PgDatabase(server.url()) as pool:
        for _ in range(200):
            pool.run(one)
        started = time.perf_counter()
        for _ in range(calls):
            pool.run(one)
        busy = (time.perf_counter() - started) / calls
        idle: list[float] = []
        for _ in range(10):
            pool._used.clear()  # as if each connection had lain idle past IDLE_CHECK
            started = time.perf_counter()
            pool.run(one)
            idle.append(time.perf_counter() - started)
    emit("pg_call_in_steady_use", busy * 1e6, "us")
    emit("pg_call_after_idle", statistics.median(idle) * 1e6, "us", idle_check_s=IDLE_CHECK)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tags", type=int, default=2000)
    parser.add_argument("--outage", type=int, default=30, help="scans while the server is away")
    args = parser.parse_args()
    server = PgServer(durable=True)
    server.start()
    try:
        with tempfile.TemporaryDirectory(prefix="pg-outage-") as folder:
            asyncio.run(outage(server, args.tags, args.outage, Path(folder)))
        idle_check(server)
    finally:
        server.remove()


if __name__ == "__main__":
    main()
