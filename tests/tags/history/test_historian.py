"""The historian as a database subscriber: batching, the writer thread, heartbeats, gaps,
queries on the reader thread, one recorder per history (SQLite and PostgreSQL where the store
matters), settings from the project file."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from tags.clock import ManualClock
from tags.config.project import HistorianSettings, load_project
from tags.database import TagDatabase
from tags.history.historian import GAP_REASON, Historian
from tags.history.sqlite_store import SqliteHistoryStore
from tags.history.store import HistoryStore, Record
from tags.history.store_factory import sqlite_factory
from tags.model import Quality
from tests.tags.config.config_projects import PROJECT, make_project, only
from tests.tags.history.conftest import History
from tests.tags.history.support import T0, good, memory_tag, sample
from tests.waiting import until

NAMES = ("A.B.X", "A.B.Y")


def database(clock: ManualClock) -> TagDatabase:
    return TagDatabase({n: memory_tag(n) for n in NAMES}, clock)


class ThreadSpy:
    """A store factory that remembers on which thread each append ran."""

    def __init__(self, path: Path) -> None:
        self.inner = sqlite_factory(path)
        self.threads: list[int] = []

    def __call__(self, readonly: bool) -> HistoryStore:
        store = self.inner(readonly)
        spy = self

        class Spied:
            def __getattr__(self, name: str) -> Any:
                return getattr(store, name)

            def append(self, records: Sequence[Record]) -> int:
                spy.threads.append(threading.get_ident())
                return store.append(records)

        return Spied()


@pytest.mark.asyncio
async def test_samples_wait_for_the_flush_and_go_in_one_transaction_off_the_loop_thread(
    tmp_path: Path,
) -> None:
    clock = ManualClock(T0)
    db = database(clock)
    spy = ThreadSpy(tmp_path / "h.db")
    historian = Historian(db, spy, mark_gaps=False)
    await historian.start(tasks=False)
    for i in range(5):
        clock.advance(1.0)
        db.publish({"A.B.X": good(float(i), clock.now()), "A.B.Y": good(-float(i), clock.now())})
    assert historian.pending == 10 and spy.threads == []
    assert await historian.flush() == 10
    assert historian.stats.transactions == 1
    assert spy.threads and threading.get_ident() not in spy.threads
    raw = await historian.raw("A.B.X", T0, T0 + 10)
    assert [s.value for s in raw] == [0.0, 1.0, 2.0, 3.0, 4.0]
    await historian.stop()


class GatedStore:
    """A store factory whose first append waits for ``gate``: the writer thread is busy."""

    def __init__(self, path: Path) -> None:
        self.inner = sqlite_factory(path)
        self.gate = threading.Event()

    def __call__(self, readonly: bool) -> HistoryStore:
        store = self.inner(readonly)
        gate = self.gate

        class Gated:
            def __getattr__(self, name: str) -> Any:
                return getattr(store, name)

            def append(self, records: Sequence[Record]) -> int:
                gate.wait(30)
                return store.append(records)

        return Gated()


@pytest.mark.asyncio
async def test_a_flush_cancelled_while_the_writer_is_busy_still_writes_its_samples(
    tmp_path: Path,
) -> None:
    """stop() cancels the flush task; samples it had taken must not be dropped with it."""
    clock = ManualClock(T0)
    db = database(clock)
    gated = GatedStore(tmp_path / "h.db")
    historian = Historian(db, gated, mark_gaps=False)
    await historian.start(tasks=False)
    db.publish({"A.B.X": good(1.0, clock.now())})
    first = asyncio.ensure_future(historian.flush())  # the writer thread waits at the gate
    await asyncio.sleep(0)
    clock.advance(1.0)
    db.publish({"A.B.X": good(2.0, clock.now())})
    second = asyncio.ensure_future(historian.flush())  # queued behind the first
    await asyncio.sleep(0)
    assert historian.pending == 0
    second.cancel()
    gated.gate.set()
    await first
    await historian.stop()
    with SqliteHistoryStore(tmp_path / "h.db", readonly=True) as store:
        assert [s.value for s in store.raw("A.B.X", T0, T0 + 10)] == [1.0, 2.0]


@pytest.mark.asyncio
async def test_the_flush_task_writes_about_once_per_interval(tmp_path: Path) -> None:
    clock = ManualClock(T0)
    db = database(clock)
    settings = HistorianSettings(flush_interval=0.1)
    historian = Historian(db, sqlite_factory(tmp_path / "h.db"), settings, mark_gaps=False)
    await historian.start()
    started = time.monotonic()
    for i in range(40):
        clock.advance(0.1)
        db.publish({"A.B.X": good(float(i), clock.now())})
        await asyncio.sleep(0.01)  # the source publishes over time, the flush task runs between
    await until(lambda: historian.pending == 0)
    intervals = (time.monotonic() - started) / settings.flush_interval
    assert 2 <= historian.stats.transactions <= intervals + 2  # one flush per interval at most
    await historian.stop()
    with SqliteHistoryStore(tmp_path / "h.db", readonly=True) as store:
        assert len(store.raw("A.B.X", T0, T0 + 10)) == 40


@pytest.mark.asyncio
async def test_a_flat_tag_gets_a_heartbeat_at_the_maximum_interval(tmp_path: Path) -> None:
    clock = ManualClock(T0)
    db = database(clock)
    settings = HistorianSettings(max_interval=10)
    historian = Historian(db, sqlite_factory(tmp_path / "h.db"), settings, mark_gaps=False)
    await historian.start(tasks=False)
    db.publish({"A.B.X": good(7.0, T0)})
    clock.advance(9.0)
    assert historian.record_due() == 0
    clock.advance(1.0)
    assert historian.record_due() == 1  # no new sample came: the held value is recorded
    await historian.flush()
    raw = await historian.raw("A.B.X", T0, T0 + 60)
    assert [(s.value, s.server_time) for s in raw] == [(7.0, T0), (7.0, T0 + 10)]
    await historian.stop()


@pytest.mark.asyncio
async def test_a_restart_marks_the_unrecorded_time_as_bad(history: History) -> None:
    clock = ManualClock(T0)
    first = Historian(database(clock), history.factory)
    await first.start(tasks=False)
    first.db.publish({"A.B.X": good(1.0, T0), "A.B.Y": sample(None, T0, Quality.BAD_TIMEOUT)})
    await first.stop()
    clock.advance(3600)
    second = Historian(database(clock), history.factory)
    await second.start(tasks=False)
    second.db.publish({"A.B.X": good(2.0, clock.now())})
    await second.flush()
    raw = await second.raw("A.B.X", T0, T0 + 7200)
    assert [(s.value, s.quality, s.server_time) for s in raw] == [
        (1.0, Quality.GOOD, T0),
        (None, Quality.BAD_NO_COMMUNICATION, T0 + 0.001),
        (2.0, Quality.GOOD, T0 + 3600),
    ]
    assert raw[1].reason == GAP_REASON
    assert len(await second.raw("A.B.Y", T0, T0 + 7200)) == 1  # already Bad: no marker
    stats = await second.statistics("A.B.X", T0, T0 + 3600)
    assert stats.good_seconds == pytest.approx(0.001)
    await second.stop()


@pytest.mark.asyncio
async def test_a_successor_writes_what_its_predecessor_never_stored_and_marks_the_gap_after(
    history: History,
) -> None:
    clock = ManualClock(T0)
    first = Historian(database(clock), history.factory)
    await first.start(tasks=False)
    first.db.publish({"A.B.X": good(1.0, T0)})
    await first.stop()  # stored until T0; then killed with what follows in memory only
    seen = [("A.B.X", good(1.0, T0)), ("A.B.X", good(2.0, T0 + 1)), ("A.B.X", good(3.0, T0 + 2))]
    clock.advance(5)
    second = Historian(database(clock), history.factory)
    second.carry_over(seen, heard_until=T0 + 2.5)
    await second.start(tasks=False)
    second.db.publish({"A.B.X": good(4.0, clock.now())})
    await second.flush()
    raw = await second.raw("A.B.X", T0, T0 + 60)
    assert [(s.value, s.quality, s.server_time) for s in raw] == [
        (1.0, Quality.GOOD, T0),  # once: the carried copy of a stored sample is left out
        (2.0, Quality.GOOD, T0 + 1),
        (3.0, Quality.GOOD, T0 + 2),
        (None, Quality.BAD_NO_COMMUNICATION, T0 + 2.501),  # last heard of, not last changed
        (4.0, Quality.GOOD, T0 + 5),
    ]
    assert raw[3].reason == GAP_REASON
    await second.stop()


@pytest.mark.asyncio
async def test_queries_answer_from_the_reader_thread(history: History) -> None:
    clock = ManualClock(T0)
    db = database(clock)
    historian = Historian(db, history.factory)
    await historian.start(tasks=False)
    for i in range(100):
        db.publish({"A.B.X": good(float(i), T0 + i)})
    await historian.flush()
    trend = await historian.trend("A.B.X", T0, T0 + 100, 10)
    assert [b.high.value for b in trend.buckets] == [9.0 + 10 * i for i in range(10)]  # type: ignore[union-attr]
    assert (await historian.value_at("A.B.X", T0 + 50.5)).value == 50.0  # type: ignore[union-attr]
    assert (await historian.statistics("A.B.X", T0, T0 + 100)).mean == pytest.approx(49.5)
    assert await historian.span(["A.B.X"]) == (T0, T0 + 99)
    await historian.stop()


@pytest.mark.asyncio
async def test_queries_queued_as_the_historian_stops_are_answered_and_close_their_store(
    tmp_path: Path,
) -> None:
    """A trend asked for as the console closes must not leave a read store open after stop()
    (Python 3.13 names it: "unclosed database")."""
    path = tmp_path / "h.db"
    opened: list[SqliteHistoryStore] = []

    def factory(readonly: bool) -> HistoryStore:
        opened.append(SqliteHistoryStore(path, readonly=readonly))
        return opened[-1]

    historian = Historian(database(ManualClock(T0)), factory, mark_gaps=False)
    await historian.start(tasks=False)
    queued = asyncio.gather(*(historian.span(["A.B.X"]) for _ in range(3)))
    await historian.stop()
    assert await queued == [None, None, None]
    for store in opened:
        with pytest.raises(sqlite3.ProgrammingError):
            store.tag_names()


@pytest.mark.asyncio
async def test_only_one_historian_records_into_a_history(history: History) -> None:
    clock = ManualClock(T0)
    first = Historian(database(clock), history.factory)
    second = Historian(database(clock), history.factory)
    await first.start(tasks=False)
    await second.start(tasks=False)
    assert first.recording and not second.recording
    assert "another process" in second.problem
    second.db.publish({"A.B.X": good(1.0, T0)})
    assert second.pending == 0
    await second.stop()
    await first.stop()


@pytest.mark.asyncio
async def test_a_failed_write_keeps_the_samples_for_the_next_flush(tmp_path: Path) -> None:
    clock = ManualClock(T0)
    db = database(clock)
    inner = sqlite_factory(tmp_path / "h.db")
    failures = [RuntimeError("disk full")]

    def factory(readonly: bool) -> HistoryStore:
        store = inner(readonly)

        class Flaky:
            def __getattr__(self, name: str) -> Any:
                return getattr(store, name)

            def append(self, records: Sequence[Record]) -> int:
                if failures:
                    raise failures.pop()
                return store.append(records)

        return Flaky()

    historian = Historian(db, factory, mark_gaps=False)
    await historian.start(tasks=False)
    db.publish({"A.B.X": good(1.0, T0)})
    assert await historian.flush() == 0
    assert "disk full" in historian.problem and historian.pending == 1
    assert await historian.flush() == 1
    assert historian.problem == ""
    await historian.stop()


def test_historian_settings_come_from_the_project_file(tmp_path: Path) -> None:
    text = PROJECT.replace(
        "retention_days = 30",
        "retention_days = 7\nmax_size_mb = 500\nmax_interval = 30\n"
        'deadband_percent = 0.5\nexclude = ["TST.DIAG.*"]',
    )
    project = load_project(make_project(tmp_path, project=text))
    assert project.historian == HistorianSettings(
        retention_days=7, max_size_mb=500, max_interval=30, deadband_percent=0.5,
        exclude=("TST.DIAG.*",),
    )  # fmt: skip


def test_historian_settings_out_of_bounds_are_refused(tmp_path: Path) -> None:
    text = PROJECT.replace("retention_days = 30", "retention_days = 30\nflush_interval = 60")
    problem = only(make_project(tmp_path, project=text))
    assert (problem.path, problem.message) == (
        "historian.flush_interval",
        "60.0 outside 0.05..10",
    )
