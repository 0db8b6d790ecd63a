"""The alarm journal on the shared store through outages of its server (a server of this
module's own, stopped and started): evaluations never wait for the store, what they journal
meanwhile waits in the spool and arrives after the outage in order and once, and a journal
closed during an outage writes the rest at the next start."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tags.alarms.engine import AlarmEngine
from tags.alarms.journal_spool import SPOOL_FILE
from tags.alarms.pg_journal import PgAlarmJournal
from tags.alarms.state import JournalEvent
from tags.clock import ManualClock
from tags.model import AlarmKind, Quality, TagSample
from tags.store.postgres import PgDatabase, StoreUnavailable
from tags.store.url import StoreUrl
from tests.pg_server import PgServer, ensure_running
from tests.tags.alarms.bench import OPERATOR, alarm, tag
from tests.waiting import GENEROUS, POLL

PV = "TST.FIC1.PV"
HI = f"{PV}.HI"
TAGS = {PV: tag(PV, alarm(PV, AlarmKind.HI, 90))}
OUTAGE_EVALUATIONS = 40
EVALUATION_BOUND = 0.5
"""Seconds an evaluation may take at most while the server is away (the pool's timeout,
which it waited for before, is 5 s)."""


@pytest.fixture
def own_url(private_postgres_server: PgServer) -> Iterator[StoreUrl]:
    server = private_postgres_server
    name = server.new_database()
    yield server.url(name)
    ensure_running(server)
    server.drop_database(name)


class Plant:
    """An alarm engine on a manual clock whose one alarm comes and goes at each step."""

    def __init__(self, journal: PgAlarmJournal) -> None:
        self.clock = ManualClock(1.7e9)
        self.engine = AlarmEngine(TAGS, self.clock, journal=journal)
        self.engine.restore_states()
        self.steps = 0
        self.times: list[float] = []
        """When each journal entry was made, in order."""

    def step(self) -> float:
        """One evaluation (the alarm raised or cleared); the seconds it took."""
        self.clock.advance(1.0)
        now = self.clock.now()
        value = 95.0 if self.steps % 2 == 0 else 50.0
        self.steps += 1
        started = time.perf_counter()
        self.engine.evaluate({PV: TagSample(value, Quality.GOOD, now, now)})
        took = time.perf_counter() - started
        self.times.append(now)
        return took


def flushed(journal: PgAlarmJournal) -> None:
    """Until the store holds everything handed over (fails after GENEROUS seconds)."""
    deadline = time.monotonic() + GENEROUS
    while not journal.flush(timeout=GENEROUS):
        assert time.monotonic() < deadline, f"{journal.waiting} entries still wait"
        time.sleep(POLL)


def stored(journal: PgAlarmJournal) -> tuple[list[float], list[JournalEvent], int]:
    """The entries' times and events by seq, and how many distinct ids they have."""
    entries = journal.query(newest_first=False, limit=10_000)

    async def uids(conn: Any) -> int:
        cur = await conn.execute("SELECT count(DISTINCT uid) FROM alarm_journal")
        row = await cur.fetchone()
        return int(row[0])

    return [e.time for e in entries], [e.event for e in entries], journal.db.run(uids)


def raised_and_cleared(steps: int) -> list[JournalEvent]:
    return [JournalEvent.ACTIVE, JournalEvent.CLEARED] * (steps // 2) + [JournalEvent.ACTIVE] * (
        steps % 2
    )


@pytest.mark.slow
def test_entries_journaled_during_an_outage_arrive_after_it_in_order_and_once(
    private_postgres_server: PgServer, own_url: StoreUrl, tmp_path: Path
) -> None:
    server = private_postgres_server
    spool = tmp_path / SPOOL_FILE
    with PgDatabase(own_url) as db, PgAlarmJournal(db, spool=spool) as journal:
        plant = Plant(journal)
        for _ in range(4):
            plant.step()
        flushed(journal)
        server.stop()
        try:
            took = [plant.step() for _ in range(OUTAGE_EVALUATIONS)]
            assert max(took) < EVALUATION_BOUND, took
            plant.engine.acknowledge(HI, user=OPERATOR, comment="seen in the outage")
            acked = plant.clock.now()
            plant.step()
            assert not journal.flush(timeout=GENEROUS)  # the store cannot take them: they wait
            assert journal.waiting == OUTAGE_EVALUATIONS + 2
            assert spool.exists()
        finally:
            server.start()
        flushed(journal)
        assert journal.waiting == 0
        times, events, uids = stored(journal)
        steps = 4 + OUTAGE_EVALUATIONS
        assert times == [*plant.times[:steps], acked, plant.times[steps]]
        assert events == [*raised_and_cleared(steps), JournalEvent.ACK, JournalEvent.ACTIVE]
        assert uids == len(times)
        ack = journal.query(events=[JournalEvent.ACK])[0]
        assert (ack.user, ack.comment) == (OPERATOR.name, "seen in the outage")
        state = journal.load_states()[HI]
        assert state.active and not state.acknowledged


@pytest.mark.slow
def test_a_journal_closed_while_the_server_is_away_writes_it_at_the_next_start(
    private_postgres_server: PgServer, own_url: StoreUrl, tmp_path: Path
) -> None:
    server = private_postgres_server
    spool = tmp_path / SPOOL_FILE
    with PgDatabase(own_url) as db:
        journal = PgAlarmJournal(db, spool=spool)
        plant = Plant(journal)
        plant.step()
        flushed(journal)
        server.stop()
        try:
            for _ in range(5):
                assert plant.step() < EVALUATION_BOUND
            started = time.perf_counter()
            journal.close()
            assert time.perf_counter() - started < EVALUATION_BOUND  # no wait for the pool
        finally:
            server.start()
    with PgDatabase(own_url) as db, PgAlarmJournal(db, spool=spool) as journal:
        state = journal.load_states()[HI]  # the state saved at the last step, in the spool
        assert (state.active, state.acknowledged, state.changed_at) == (
            False, False, plant.times[-1],
        )  # fmt: skip
        times, events, uids = stored(journal)  # a read waits for what the spool held
        assert times == plant.times and events == raised_and_cleared(6) and uids == 6
        assert journal.waiting == 0 and journal.flush()


def test_a_batch_committed_but_not_confirmed_is_stored_once(
    pg_url: StoreUrl, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The connection may die after the server committed and before the client heard: the
    batch stays in the spool and is written again; its entries are stored once."""
    with PgDatabase(pg_url) as db, PgAlarmJournal(db, spool=tmp_path / SPOOL_FILE) as journal:
        real_run = db.run
        lose_answer = [True]

        def run(work: Any, *, fail_fast: bool = False) -> Any:
            result = real_run(work, fail_fast=fail_fast)
            if fail_fast and lose_answer[0]:
                lose_answer[0] = False
                raise StoreUnavailable(f"{pg_url}: server closed the connection unexpectedly")
            return result

        monkeypatch.setattr(db, "run", run)
        plant = Plant(journal)
        for _ in range(3):
            plant.step()
        flushed(journal)
        assert not lose_answer[0], "the answer of a commit was lost"
        times, events, uids = stored(journal)
        assert times == plant.times and events == raised_and_cleared(3) and uids == 3
