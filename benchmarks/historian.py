"""The historian: ingest rate, trend and raw queries over a week, replay pace at 64x.

``--store sqlite|postgresql|both`` (default both): the store figures (ingest, generate, trend,
raw, 8 clients) are measured for each store, each JSON line names its ``store``. PostgreSQL
runs in a cluster the benchmark starts (tests/pg_server.py) with fsync on, so a committed
transaction is on disk as SQLite's synchronous=FULL makes it.

Prints (JSON lines):
- ``ingest_rate``: samples/s stored by the store's append, durable (SQLite synchronous=FULL,
  PostgreSQL fsync on), 1,000 tags x 10 samples per transaction (a 1 s flush of 10 Hz tags),
  60 transactions.
  ``record_filter_rate`` (context): samples/s through the historian's subscriber on the
  asyncio thread (deadband filter into the pending list).
- a 7-day history of 8 tags at 1 s (4.84 M samples, noise, steps and Bad periods) is generated
  into a temporary folder through the same append path (``generate_rate``), then
  ``trend_query_ms``: one pen decimated to 2,000 pixels over the 7 days (median of 5 runs,
  each pen once) and ``raw_query_ms``: the raw samples of the same pen and range.
- ``trend_query_ms_8_clients``: 8 processes (consoles), each with a read store of its own,
  draw the 8 pens of that week three times while the writer ingests 1,000 tags x 10 samples
  a second (one transaction a second, as a server records): median over every query, p95 and
  worst as context.
- ``replay_lag_pct``: 2,000 tags recorded every second (128,000 samples a second to publish at
  64x), replayed by the driver's own task for 20 s into a TagDatabase with a subscriber: how
  much slower than 64x the published position advanced, between the first and the last step
  (0 when it keeps pace; a replay that cannot keep up catches up at most a second's worth per
  step, so its deficit shows here). Context: ``lag_p95_s``, history seconds the state trailed
  the pace clock after a step; ``replay_busy_pct``, CPU time over wall time.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import multiprocessing
import queue
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

from _common import emit, memory_tags

from tags.clock import ManualClock
from tags.config.project import HistorianSettings
from tags.database import TagDatabase
from tags.history.historian import Historian
from tags.history.sqlite_store import SqliteHistoryStore
from tags.history.store import HistoryStore, Record
from tags.history.store_factory import sqlite_factory
from tags.model import Batch, Quality, TagSample
from tags.replay.driver import ReplayClock, ReplayDriver
from tags.store.url import StoreUrl

T0 = 1_749_945_600.0
WEEK = 7 * 86400
GOOD = Quality.GOOD


Where = Path | StoreUrl
"""A history: an SQLite file, or a PostgreSQL database."""


class Stores:
    """Opens histories of one kind: SQLite files in a folder, or databases of one server."""

    def __init__(self, kind: str, folder: Path, server: Any = None) -> None:
        self.kind = kind
        self.folder = folder
        self.server = server

    def place(self, name: str) -> Where:
        if self.kind == "sqlite":
            return self.folder / f"{name}.db"
        url: StoreUrl = self.server.url(self.server.new_database())
        return url

    @contextlib.contextmanager
    def open(self, where: Where, *, readonly: bool = False) -> Iterator[HistoryStore]:
        with opened(where, readonly=readonly) as store:
            yield store


@contextlib.contextmanager
def opened(where: Where, *, readonly: bool = False) -> Iterator[HistoryStore]:
    """A store on ``where`` (its own pool for PostgreSQL), closed afterwards."""
    if isinstance(where, Path):
        with SqliteHistoryStore(where, readonly=readonly) as store:
            yield store
        return
    from tags.history.pg_store import PgHistoryStore
    from tags.store.postgres import PgDatabase

    with PgDatabase(where) as db, closing(PgHistoryStore(db, readonly=readonly)) as pg:
        yield pg


def live_batches(
    transactions: int, tags: int = 1000, per_tag: int = 10, start: float = T0
) -> list[list[Record]]:
    """``tags`` tags at ``per_tag`` Hz, one batch a second."""
    names = [f"EMM.BENCH.V{i:05d}" for i in range(tags)]
    batches: list[list[Record]] = []
    for s in range(transactions):
        batch: list[Record] = []
        for k in range(per_tag):
            t = start + s + k / per_tag
            batch.extend(
                (n, TagSample(50.0 + math.sin(t + i), GOOD, t, t)) for i, n in enumerate(names)
            )
        batches.append(batch)
    return batches


def ingest(stores: Stores) -> None:
    tags, per_tag, transactions = 1000, 10, 60
    batches = live_batches(transactions + 1, tags, per_tag)
    with stores.open(stores.place("ingest")) as store:
        store.append(batches[0])  # tags registered, buckets opened
        started = time.perf_counter()
        for batch in batches[1:]:
            store.append(batch)
        elapsed = time.perf_counter() - started
    samples = transactions * tags * per_tag
    emit("ingest_rate", samples / elapsed, "samples/s", store=stores.kind, tags=tags,
         per_transaction=len(batches[1]))  # fmt: skip


async def filter_rate(folder: Path) -> None:
    tags = memory_tags(2000)
    db = TagDatabase(tags, ManualClock(T0))
    settings = HistorianSettings(deadband_percent=0.0)
    historian = Historian(db, sqlite_factory(folder / "filter.db"), settings, mark_gaps=False)
    await historian.start(tasks=False)
    names = sorted(tags)
    batches = [
        {n: TagSample(float(s + i % 3), GOOD, T0 + s, T0 + s) for i, n in enumerate(names)}
        for s in range(50)
    ]
    started = time.perf_counter()
    for batch in batches:
        db.publish(batch)
    elapsed = time.perf_counter() - started
    emit("record_filter_rate", 50 * len(names) / elapsed, "samples/s", kept=historian.pending)
    await historian.stop()


def week(store: HistoryStore, kind: str) -> list[str]:
    """8 tags, one sample a second for 7 days, one transaction per simulated hour."""
    names = [f"CWP.BENCH.P{i}" for i in range(8)]
    started = time.perf_counter()
    bad = Quality.BAD_COMMUNICATION_ERROR
    for hour in range(WEEK // 3600):
        batch: list[Record] = []
        for s in range(3600):
            t = T0 + hour * 3600 + s
            for i, name in enumerate(names):
                if (hour + i) % 50 == 7 and s < 120:
                    batch.append((name, TagSample(None, bad, t, t, "link down")))
                else:
                    value = 100 * math.sin(t / (3000 + 500 * i)) + (t * 7919 + i) % 13 / 13
                    batch.append((name, TagSample(value, GOOD, t, t)))
        store.append(batch)
    elapsed = time.perf_counter() - started
    emit("generate_rate", 8 * WEEK / elapsed, "samples/s", store=kind, rows=8 * WEEK)
    return names


def queries(stores: Stores) -> None:
    where = stores.place("week")
    with stores.open(where) as store:
        names = week(store, stores.kind)
    with stores.open(where, readonly=True) as store:
        times = []
        for _ in range(5):
            for name in names:
                started = time.perf_counter()
                trend = store.trend(name, T0, T0 + WEEK, 2000)
                times.append((time.perf_counter() - started) * 1000)
        emit("trend_query_ms", statistics.median(times), "ms", store=stores.kind, pixels=2000,
             buckets=len(trend.buckets), worst_ms=round(max(times), 1))  # fmt: skip
        started = time.perf_counter()
        raw = store.raw(names[0], T0, T0 + WEEK)
        emit("raw_query_ms", (time.perf_counter() - started) * 1000, "ms", store=stores.kind,
             rows=len(raw))  # fmt: skip
    clients(where, names, stores.kind)


def client(where: Where, names: list[str], start: Any, results: Any) -> None:
    """One console: its own read store, the week's pens drawn three times."""
    times = []
    with opened(where, readonly=True) as store:
        store.trend(names[0], T0, T0 + 3600, 100)  # connected, tags known
        results.put([])
        start.wait()
        for _ in range(3):
            for name in names:
                started = time.perf_counter()
                store.trend(name, T0, T0 + WEEK, 2000)
                times.append((time.perf_counter() - started) * 1000)
    results.put(times)


def clients(where: Where, names: list[str], kind: str, count: int = 8) -> None:
    """``count`` consoles draw trends while the writer records 10,000 samples a second."""
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    results = context.Queue()
    workers = [
        context.Process(target=client, args=(where, names, start, results)) for _ in range(count)
    ]
    for worker in workers:
        worker.start()
    batches = live_batches(300, start=T0 + WEEK)
    ingested = 0
    times: list[list[float]] = []
    with opened(where) as writer:
        writer.append(batches[0])
        for _ in workers:
            results.get(timeout=120)  # every console is connected
        start.set()
        began = time.perf_counter()
        for second, batch in enumerate(batches[1:], 1):
            if len(times) == count:
                break
            writer.append(batch)
            ingested += len(batch)
            while len(times) < count:
                wait = began + second - time.perf_counter()
                if wait <= 0:
                    break
                with contextlib.suppress(queue.Empty):
                    times.append(results.get(timeout=wait))
        elapsed = time.perf_counter() - began
        while len(times) < count:
            times.append(results.get(timeout=600))
    for worker in workers:
        worker.join()
    every = sorted(t for part in times for t in part)
    emit("trend_query_ms_8_clients", statistics.median(every), "ms", store=kind,
         clients=count, queries=len(every), p95_ms=round(every[int(0.95 * (len(every) - 1))], 1),
         worst_ms=round(every[-1], 1), ingest_samples_per_s=round(ingested / elapsed))  # fmt: skip


async def replay(folder: Path) -> None:
    tags = memory_tags(2000)
    names = sorted(tags)
    wall, speed = 20.0, 64.0
    seconds = int(wall * speed) + 60
    path = folder / "replay.db"
    with SqliteHistoryStore(path, durable=False) as store:
        for chunk in range(0, seconds, 60):
            store.append(
                [
                    (n, TagSample(float((s + i) % 100), GOOD, T0 + s, T0 + s))
                    for s in range(chunk, chunk + 60)
                    for i, n in enumerate(names)
                ]
            )
    received = [0]

    def count(batch: Batch) -> None:
        received[0] += len(batch)

    with SqliteHistoryStore(path, readonly=True) as store:
        clock = ReplayClock()
        db = TagDatabase(tags, clock)
        db.subscribe(count)
        driver = ReplayDriver(store, list(tags.values()), db.publish, clock,
                              heartbeat=db.heartbeat, limit_alarms=False)  # fmt: skip
        await driver.start()
        ticks: list[tuple[float, float, float]] = []  # wall, position, lag after each step
        advance = driver.advance

        async def timed() -> int:
            published: int = await advance()
            ticks.append((time.perf_counter(), driver.position, driver.lag()))
            return published

        setattr(driver, "advance", timed)  # noqa: B010 (instrumented for the figure)
        driver.set_speed(speed)
        driver.play()
        started = time.perf_counter()
        cpu = time.process_time()
        await asyncio.sleep(wall)
        used = time.process_time() - cpu
        elapsed = time.perf_counter() - started
        driver.pause()
        await driver.stop()
    (w0, p0, _), (w1, p1, _) = ticks[0], ticks[-1]
    rate = (p1 - p0) / (w1 - w0)  # history seconds per wall second, between step ends
    lags = sorted(lag for _, _, lag in ticks)
    emit("replay_lag_pct", 100.0 * max(0.0, 1.0 - rate / speed), "%", tags=len(names),
         speed=speed, played_s=round(p1 - T0, 1), samples=received[0], steps=len(ticks),
         lag_p95_s=round(lags[int(0.95 * (len(lags) - 1))], 2))  # fmt: skip
    emit("replay_busy_pct", 100.0 * used / elapsed, "%", samples_per_s=round(received[0] / elapsed))


def main() -> None:
    """All figures; or only those named on the command line (ingest, queries, replay)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("figures", nargs="*", help="ingest, queries, replay (default: all)")
    parser.add_argument("--store", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    chosen = set(args.figures) or {"ingest", "queries", "replay"}
    if chosen - {"ingest", "queries", "replay"}:
        parser.error(f"unknown figures: {', '.join(sorted(chosen))}")
    kinds = ["sqlite", "postgresql"] if args.store == "both" else [args.store]
    with tempfile.TemporaryDirectory(prefix="historian-bench-") as name:
        folder = Path(name)
        server = None
        if "postgresql" in kinds and chosen & {"ingest", "queries"}:
            from tests.pg_server import PgServer

            server = PgServer(durable=True)
            server.start()
        try:
            for kind in kinds:
                stores = Stores(kind, folder, server)
                if "ingest" in chosen:
                    ingest(stores)
                if "queries" in chosen:
                    queries(stores)
        finally:
            if server is not None:
                server.remove()
        if "ingest" in chosen:
            asyncio.run(filter_rate(folder))
        if "replay" in chosen:
            asyncio.run(replay(folder))


if __name__ == "__main__":
    main()
