"""The alarm journal's two stores under an alarm flood, with the alarm states kept (as the
console runs: ``restore_states``), on SQLite and on a real PostgreSQL server started here.

flood_states_ms_<store>: 1,000 alarms becoming active in one batch: evaluated, 1,000 journal
entries and 1,000 alarm states written in one transaction, the listener called and the
sorted active list built; target < 200 ms (as alarm_eval.py's flood_ms without states).

ack_all_ms_<store>: acknowledging the 1,000 (1,000 entries, 1,000 states); target < 200 ms.

steady_rate_states: alarm_eval.py's steady-state load (values inside the limits) with the
states kept: nothing changes, nothing is written; in samples/s, target >= 100,000.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from _common import emit, memory_tags
from alarm_eval import BATCH, BATCHES, FLOOD, LIMITS, ROUNDS, TAGS, steady_batches, with_alarms

from tags.alarms.engine import AlarmEngine
from tags.alarms.journal import AlarmJournal, JournalStore
from tags.alarms.pg_journal import PgAlarmJournal
from tags.clock import ManualClock
from tags.model import AlarmKind, Quality, TagSample
from tags.security.permissions import Role, User
from tags.store.postgres import PgDatabase
from tests.pg_server import PgServer

OPERATOR = User("bench", Role.SUPERVISOR)


def flood(open_journal: Callable[[int], JournalStore]) -> tuple[float, float]:
    """Median ms of the flood and of acknowledging it, over ROUNDS fresh stores."""
    tags = with_alarms(memory_tags(FLOOD), ((AlarmKind.HI, 90.0),))
    floods: list[float] = []
    acks: list[float] = []
    for round_ in range(ROUNDS):
        clock = ManualClock()
        journal = open_journal(round_)
        try:
            engine = AlarmEngine(tags, clock, journal=journal)
            engine.restore_states()
            now = clock.now()
            engine.evaluate({n: TagSample(50.0, Quality.GOOD, now, now) for n in tags})
            clock.advance(1.0)
            now = clock.now()
            batch = {n: TagSample(99.0, Quality.GOOD, now, now) for n in tags}
            started = time.perf_counter()
            engine.evaluate(batch)
            display = engine.active()
            floods.append((time.perf_counter() - started) * 1000.0)
            started = time.perf_counter()
            done = engine.acknowledge_all(user=OPERATOR)
            acks.append((time.perf_counter() - started) * 1000.0)
            assert len(display) == FLOOD and len(done.acknowledged) == FLOOD
            assert len(journal.query(limit=3 * FLOOD)) == 2 * FLOOD
            assert len(journal.load_states()) == FLOOD
        finally:
            journal.close()
    return statistics.median(floods), statistics.median(acks)


def steady_rate(journal: JournalStore) -> float:
    clock = ManualClock()
    tags = with_alarms(memory_tags(TAGS), LIMITS)
    engine = AlarmEngine(tags, clock, journal=journal)
    engine.restore_states()
    batches = steady_batches(sorted(tags), clock)
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for batch in batches:
            engine.evaluate(batch)
        best = min(best, time.perf_counter() - started)
    assert not engine.active() and journal.load_states() == {}
    return BATCH * BATCHES / best


@contextmanager
def postgres() -> Iterator[Callable[[int], JournalStore]]:
    server = PgServer()
    databases: list[PgDatabase] = []
    try:
        server.start()

        def open_journal(_: int) -> JournalStore:
            databases.append(PgDatabase(server.url(server.new_database())))
            return PgAlarmJournal(databases[-1])

        yield open_journal
    finally:
        for db in databases:
            db.close()
        server.remove()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder)
        median, ack = flood(lambda n: AlarmJournal(path / f"flood{n}.sqlite"))
        emit("flood_states_ms_sqlite", median, "ms", alarms=FLOOD, target="< 200")
        emit("ack_all_ms_sqlite", ack, "ms", alarms=FLOOD, target="< 200")
        with AlarmJournal(path / "steady.sqlite") as journal:
            rate = steady_rate(journal)
        emit("steady_rate_states", rate, "samples/s", batch=BATCH, target=">= 100000")
    with postgres() as open_journal:
        median, ack = flood(open_journal)
        emit("flood_states_ms_postgresql", median, "ms", alarms=FLOOD, target="< 200")
        emit("ack_all_ms_postgresql", ack, "ms", alarms=FLOOD, target="< 200")


if __name__ == "__main__":
    main()
