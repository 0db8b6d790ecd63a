"""The historian: ingest rate, trend and raw queries over a week, replay pace at 64x.

Prints (JSON lines):
- ``ingest_rate``: samples/s stored by SqliteHistoryStore.append, durable (synchronous=FULL),
  1,000 tags x 10 samples per transaction (a 1 s flush of 10 Hz tags), 60 transactions.
  ``record_filter_rate`` (context): samples/s through the historian's subscriber on the
  asyncio thread (deadband filter into the pending list).
- a 7-day history of 8 tags at 1 s (4.84 M samples, noise, steps and Bad periods) is generated
  into a temporary folder through the same append path (``generate_rate``), then
  ``trend_query_ms``: one pen decimated to 2,000 pixels over the 7 days (median of 5 runs,
  each pen once) and ``raw_query_ms``: the raw samples of the same pen and range.
- ``replay_lag_pct``: 2,000 tags recorded every second (128,000 samples a second to publish at
  64x), replayed by the driver's own task for 20 s into a TagDatabase with a subscriber: how
  much slower than 64x the published position advanced, between the first and the last step
  (0 when it keeps pace; a replay that cannot keep up catches up at most a second's worth per
  step, so its deficit shows here). Context: ``lag_p95_s``, history seconds the state trailed
  the pace clock after a step; ``replay_busy_pct``, CPU time over wall time.
"""

from __future__ import annotations

import asyncio
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import emit, memory_tags

from tags.clock import ManualClock
from tags.config.project import HistorianSettings
from tags.database import TagDatabase
from tags.history.historian import Historian, sqlite_factory
from tags.history.sqlite_store import SqliteHistoryStore
from tags.history.store import Record
from tags.model import Batch, Quality, TagSample
from tags.replay.driver import ReplayClock, ReplayDriver

T0 = 1_749_945_600.0
WEEK = 7 * 86400
GOOD = Quality.GOOD


def ingest(folder: Path) -> None:
    tags, per_tag, transactions = 1000, 10, 60
    names = [f"EMM.BENCH.V{i:05d}" for i in range(tags)]
    batches: list[list[Record]] = []
    for s in range(transactions + 1):
        batch: list[Record] = []
        for k in range(per_tag):
            t = T0 + s + k / per_tag
            batch.extend(
                (n, TagSample(50.0 + math.sin(t + i), GOOD, t, t)) for i, n in enumerate(names)
            )
        batches.append(batch)
    with SqliteHistoryStore(folder / "ingest.db") as store:
        store.append(batches[0])  # tags registered, buckets opened
        started = time.perf_counter()
        for batch in batches[1:]:
            store.append(batch)
        elapsed = time.perf_counter() - started
    samples = transactions * tags * per_tag
    emit("ingest_rate", samples / elapsed, "samples/s", tags=tags, per_transaction=len(batches[1]))


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


def week(store: SqliteHistoryStore) -> list[str]:
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
    emit("generate_rate", 8 * WEEK / elapsed, "samples/s", rows=8 * WEEK)
    return names


def queries(folder: Path) -> None:
    path = folder / "week.db"
    with SqliteHistoryStore(path, durable=False) as store:
        names = week(store)
    with SqliteHistoryStore(path, readonly=True) as store:
        times = []
        for _ in range(5):
            for name in names:
                started = time.perf_counter()
                trend = store.trend(name, T0, T0 + WEEK, 2000)
                times.append((time.perf_counter() - started) * 1000)
        emit("trend_query_ms", statistics.median(times), "ms", pixels=2000,
             buckets=len(trend.buckets), worst_ms=round(max(times), 1))  # fmt: skip
        started = time.perf_counter()
        raw = store.raw(names[0], T0, T0 + WEEK)
        emit("raw_query_ms", (time.perf_counter() - started) * 1000, "ms", rows=len(raw))


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
    chosen = set(sys.argv[1:]) or {"ingest", "queries", "replay"}
    with tempfile.TemporaryDirectory(prefix="historian-bench-") as name:
        folder = Path(name)
        if "ingest" in chosen:
            ingest(folder)
            asyncio.run(filter_rate(folder))
        if "queries" in chosen:
            queries(folder)
        if "replay" in chosen:
            asyncio.run(replay(folder))


if __name__ == "__main__":
    main()
