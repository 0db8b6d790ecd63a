"""The historian recording into the real PostgreSQL history through outages of its server.

A server of this module's own (``private_postgres_server``) is stopped and started. Time is
a ManualClock stepped one scan (1 s) at a time; each scan publishes a value of every tag and
flushes, as the flush loop would. Checked afterwards: every published sample is in the store
exactly once, ``behind`` said how far behind and why while the server was away and is clear
after, and the spool holds nothing.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from tags.clock import ManualClock
from tags.database import TagDatabase
from tags.history.historian import Historian
from tags.history.pg_store import PgHistoryStore
from tags.history.spool import SPOOL_FILE, HistorySpool
from tags.history.store_factory import postgresql_factory
from tags.model import TagSample
from tags.store.postgres import PgDatabase, StoreUnavailable
from tags.store.url import StoreUrl
from tests.pg_server import PgServer, ensure_running
from tests.tags.history.support import T0, good, memory_tag

TAGS = ("A.U1.FLOW", "A.U1.LEVEL", "B.U2.TEMP")
OUTAGE_SCANS = 30
"""Scans (1 s each) recorded while the server is away."""


@pytest.fixture
def own_url(private_postgres_server: PgServer) -> Iterator[StoreUrl]:
    server = private_postgres_server
    name = server.new_database()
    yield server.url(name)
    ensure_running(server)
    server.drop_database(name)


class Plant:
    """A tag database on a manual clock, publishing a new value of every tag per scan and
    remembering what it published."""

    def __init__(self, names: tuple[str, ...] = TAGS) -> None:
        self.clock = ManualClock(T0)
        self.db = TagDatabase({n: memory_tag(n) for n in names}, self.clock)
        self.names = names
        self.sent: dict[str, list[TagSample]] = {n: [] for n in names}
        self.scans = 0

    def scan(self, per_tag: int = 1) -> None:
        """One scan period: ``per_tag`` batches a tag, spread over the second."""
        for k in range(per_tag):
            self.clock.advance(1.0 / per_tag)
            now = self.clock.now()
            batch = {}
            for i, name in enumerate(self.names):
                sample = good(float(self.scans * 1000 + k * 10 + i), now)
                batch[name] = sample
                self.sent[name].append(sample)
            self.db.publish(batch)
        self.scans += 1


def _spooled_batches(path: Path) -> int:
    if not path.exists():
        return 0
    with closing(sqlite3.connect(path)) as db:
        return int(db.execute("SELECT count(*) FROM batches").fetchone()[0])


async def _catch_up(historian: Historian, tries: int = 20) -> None:
    """Flush until the store has everything (a flush may meet a connection the restart
    broke); fails after ``tries`` flushes."""
    for _ in range(tries):
        await historian.flush()
        if historian.behind is None and historian.pending == 0:
            return
    raise AssertionError(f"still behind after {tries} flushes: {historian.behind}")


def _assert_stored_once(pool: PgDatabase, plant: Plant) -> None:
    with closing(PgHistoryStore(pool, readonly=True)) as reader:
        for name in plant.names:
            sent = plant.sent[name]
            got = reader.raw(name, T0, plant.clock.now() + 1)
            assert [(round(s.server_time * 1000), s.value) for s in got] == [
                (round(s.server_time * 1000), s.value) for s in sent
            ], name  # times as stored: whole milliseconds
            assert all(s.quality == sent[0].quality for s in got)


@pytest.mark.slow
@pytest.mark.asyncio
async def test_thirty_seconds_without_the_server_are_recorded_once_when_it_returns(
    private_postgres_server: PgServer,
    own_url: StoreUrl,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    own_server = private_postgres_server
    plant = Plant()
    spool_path = tmp_path / SPOOL_FILE
    pool = PgDatabase(own_url, timeout=2.0)
    historian = Historian(plant.db, postgresql_factory(pool),
                          spool=HistorySpool(spool_path, memory_samples=20))  # fmt: skip
    try:
        await historian.start(tasks=False)
        assert historian.recording and historian.problem == ""
        for _ in range(10):
            plant.scan()
            assert await historian.flush() == len(TAGS)
        assert historian.behind is None
        own_server.stop()
        went_away = plant.clock.now()
        for n in range(1, OUTAGE_SCANS + 1):
            plant.scan()
            assert await historian.flush() == 0
            behind = historian.behind
            assert behind is not None
            assert behind.samples == n * len(TAGS)
            assert behind.seconds == pytest.approx(plant.clock.now() - went_away - 1.0)
            assert behind.reason.startswith("store unreachable: ")
            assert historian.stats.behind_samples == behind.samples
        assert behind.disk_bytes > 0  # past 20 samples the spool went to its file
        assert historian.spool.disk_count > 0
        assert "30 s behind" in str(behind) or "29 s behind" in str(behind)
        own_server.start()
        plant.scan()
        await _catch_up(historian)
        assert historian.stats.behind_samples == 0 and historian.stats.behind_reason == ""
        assert historian.problem == ""
        for _ in range(5):
            plant.scan()
            assert await historian.flush() == len(TAGS)
        assert historian.spool.samples == 0 and historian.spool.disk_used == 0
        _assert_stored_once(pool, plant)
        warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert not [r for r in warnings if r.name.startswith("psycopg")]
        assert len(warnings) <= 2  # the historian's "spooling" (and the store's "lost") once
    finally:
        ensure_running(own_server)
        await historian.stop()
        pool.close()
    assert _spooled_batches(spool_path) == 0  # the file is free once the historian stopped


async def _wait_for_copy(server: PgServer, database: str) -> None:
    """Until a COPY into the samples is running in ``database``."""
    query = (
        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND state = 'active' "
        "AND query LIKE 'COPY samples%%'"
    )
    with server.admin() as admin:
        for _ in range(10_000):
            row = admin.execute(query, (database,)).fetchone()
            if row and row[0]:
                return
            await asyncio.sleep(0.001)
    raise AssertionError("the append never started its COPY")


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_restart_of_the_server_during_an_append_loses_and_doubles_nothing(
    private_postgres_server: PgServer, own_url: StoreUrl, tmp_path: Path
) -> None:
    own_server = private_postgres_server
    names = tuple(f"P.U{i // 10}.T{i}" for i in range(100))
    plant = Plant(names)
    pool = PgDatabase(own_url, timeout=2.0)
    historian = Historian(plant.db, postgresql_factory(pool),
                          spool=HistorySpool(tmp_path / SPOOL_FILE))  # fmt: skip
    try:
        await historian.start(tasks=False)
        plant.scan()
        assert await historian.flush() == len(names)
        for _ in range(300):  # a large batch: its COPY runs long enough to be cut
            plant.scan(per_tag=10)
        flush = asyncio.ensure_future(historian.flush())
        await _wait_for_copy(own_server, own_url.database)
        await asyncio.to_thread(own_server.stop)
        assert await flush == 0  # cut: nothing was stored, the batch waits in the spool
        behind = historian.behind
        assert behind is not None and behind.samples == 300 * 10 * len(names)
        assert behind.reason.startswith("store unreachable: ")
        await asyncio.to_thread(own_server.start)
        plant.scan()
        await _catch_up(historian)
        _assert_stored_once(pool, plant)
    finally:
        ensure_running(own_server)
        await historian.stop()
        pool.close()
    assert _spooled_batches(tmp_path / SPOOL_FILE) == 0


@pytest.mark.asyncio
async def test_a_batch_committed_but_not_confirmed_is_not_doubled_when_written_again(
    own_url: StoreUrl, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The connection may die after the server committed and before the client heard: the
    historian spools the batch and writes it again; each sample is then stored once."""
    plant = Plant()
    pool = PgDatabase(own_url, timeout=2.0)
    historian = Historian(plant.db, postgresql_factory(pool), spool=HistorySpool(None))
    real_run = pool.run
    lose_answer = [True]

    def run(work: Any) -> Any:
        result = real_run(work)
        if getattr(work, "__name__", "") == "write" and lose_answer[0]:
            lose_answer[0] = False
            raise StoreUnavailable(f"{own_url}: server closed the connection unexpectedly")
        return result

    monkeypatch.setattr(pool, "run", run)
    try:
        await historian.start(tasks=False)
        plant.scan()
        assert await historian.flush() == 0  # stored, but the answer was lost
        assert historian.behind is not None and historian.behind.samples == len(TAGS)
        for _ in range(3):
            plant.scan()
            await historian.flush()
        await _catch_up(historian)
        _assert_stored_once(pool, plant)
    finally:
        await historian.stop()
        pool.close()


@pytest.mark.slow
@pytest.mark.asyncio
@pytest.mark.parametrize("away_at_start", [False, True], ids=["back", "still-away"])
async def test_a_console_closed_while_the_server_is_away_writes_it_at_the_next_start(
    private_postgres_server: PgServer, own_url: StoreUrl, tmp_path: Path, away_at_start: bool
) -> None:
    """What waited in the spool file is written first, and the gap between the two runs is
    marked after it (not before it, which would mark recorded values as not recorded); when
    the server is still away at the next start, the new run's samples follow the gap."""
    own_server = private_postgres_server
    plant = Plant()
    spool_path = tmp_path / SPOOL_FILE
    pool = PgDatabase(own_url, timeout=2.0)

    def historian() -> Historian:
        spool = HistorySpool(spool_path, memory_samples=20)
        return Historian(plant.db, postgresql_factory(pool), spool=spool)

    first = historian()
    try:
        await first.start(tasks=False)
        for _ in range(5):
            plant.scan()
            await first.flush()
        own_server.stop()
        for _ in range(10):
            plant.scan()
            await first.flush()
        await first.stop()  # the console closes while the server is away
        assert _spooled_batches(spool_path) > 0
        ended = plant.clock.now()  # the first run's last sample
        plant.clock.advance(60.0)  # the console was closed for a minute
        if not away_at_start:
            own_server.start()
        second = historian()
        await second.start(tasks=False)
        if away_at_start:
            assert second.recording and second.problem.startswith("store unreachable: ")
            for _ in range(5):
                plant.scan()
                assert await second.flush() == 0
            own_server.start()
        else:
            assert second.behind is None and second.spool.samples == 0
        plant.scan()
        await _catch_up(second)
        await second.stop()
        with closing(PgHistoryStore(pool, readonly=True)) as reader:
            for name in TAGS:
                got = reader.raw(name, T0, plant.clock.now() + 1)
                bad = [s for s in got if s.quality.is_bad]
                assert [s.server_time for s in bad] == [pytest.approx(ended + 0.001)], name
                good_ones = [(round(s.server_time * 1000), s.value) for s in got if s not in bad]
                sent = [(round(s.server_time * 1000), s.value) for s in plant.sent[name]]
                assert good_ones == sent, name
    finally:
        ensure_running(own_server)
        pool.close()
    assert _spooled_batches(spool_path) == 0
