"""History that survives a store outage: batches the store cannot take wait in a bounded
spool (memory, then an owner-only file) and are written in order once it answers; nothing
lost, nothing doubled; beyond the bound the oldest go and are counted; ``behind`` says how
far and why. With a real SQLite history locked by another connection, and with a store whose
appends fail as a PostgreSQL server's do while it is away."""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from tags.clock import ManualClock
from tags.database import TagDatabase
from tags.history.historian import Historian
from tags.history.spool import SPOOL_FILE, HistorySpool
from tags.history.sqlite_store import SqliteHistoryStore
from tags.history.store import HistoryStore, Record
from tags.store.postgres import StoreUnavailable
from tests.tags.history.support import T0, good, memory_tag

NAMES = ("A.B.X", "A.B.Y")


def at(clock: ManualClock, t: float) -> None:
    clock.advance(t - clock.now())


def batch(first: int, n: int = 10, name: str = "A.B.X") -> list[Record]:
    return [(name, good(float(i), T0 + i)) for i in range(first, first + n)]


# the spool on its own ------------------------------------------------------------------------


def test_batches_come_back_in_order_from_memory_and_file(tmp_path: Path) -> None:
    spool = HistorySpool(tmp_path / SPOOL_FILE, memory_samples=25)
    for first in range(0, 60, 10):
        spool.add(batch(first))
    assert spool.samples == 60 and spool.memory_count <= 25 and spool.disk_count >= 35
    assert stat.S_IMODE((tmp_path / SPOOL_FILE).stat().st_mode) == 0o600
    assert spool.oldest_time() == T0
    written: list[Record] = []
    assert spool.drain(lambda b: written.extend(b) or len(b)) == 60
    assert written == batch(0, 60)
    assert spool.samples == 0 and spool.oldest_time() is None
    spool.close()


def test_a_failed_write_stops_the_drain_with_its_batch_first_in_line(tmp_path: Path) -> None:
    spool = HistorySpool(tmp_path / SPOOL_FILE, memory_samples=10)
    for first in (0, 10, 20):
        spool.add(batch(first))
    calls: list[float] = []

    def flaky(records: Sequence[Record]) -> int:
        calls.append(records[0][1].server_time)
        if len(calls) == 2:
            raise StoreUnavailable("away")
        return len(records)

    with pytest.raises(StoreUnavailable):
        spool.drain(flaky)
    assert spool.samples == 20 and spool.oldest_time() == T0 + 10
    written: list[Record] = []
    spool.drain(lambda b: written.extend(b) or len(b))
    assert written == batch(10, 20)
    spool.close()


def test_a_drain_up_to_a_count_writes_only_the_oldest_batches(tmp_path: Path) -> None:
    """What a previous run left (the oldest batches) can be written on its own."""
    spool = HistorySpool(tmp_path / SPOOL_FILE, memory_samples=15)
    for first in (0, 10, 20, 30):
        spool.add(batch(first))
    written: list[Record] = []
    assert spool.drain(lambda b: written.extend(b) or len(b), upto=20) == 20
    assert written == batch(0, 20) and spool.samples == 20
    assert spool.drain(lambda b: written.extend(b) or len(b), upto=15) == 20  # whole batches
    assert written == batch(0, 40) and spool.samples == 0
    spool.close()


def test_beyond_the_bound_the_oldest_are_dropped_and_counted(tmp_path: Path) -> None:
    memory_only = HistorySpool(None, memory_samples=30)
    for first in range(0, 50, 10):
        memory_only.add(batch(first))
    assert (memory_only.samples, memory_only.dropped) == (30, 20)
    assert memory_only.oldest_time() == T0 + 20

    one = len(_encoded(batch(0)))
    on_disk = HistorySpool(tmp_path / SPOOL_FILE, memory_samples=10, disk_bytes=3 * one + 10)
    for first in range(0, 80, 10):
        on_disk.add(batch(first))
    assert on_disk.dropped == 40  # 8 batches: 1 in memory, 3 in the file, 4 gone
    written: list[Record] = []
    on_disk.drain(lambda b: written.extend(b) or len(b))
    assert written == batch(40, 40)
    on_disk.close()


def _encoded(records: list[Record]) -> bytes:
    from tags.history.spool import _encode

    return _encode(records)


def test_the_file_keeps_what_waits_for_the_next_run(tmp_path: Path) -> None:
    spool = HistorySpool(tmp_path / SPOOL_FILE)
    spool.add(batch(0))
    spool.add([("A.B.Y", good(True, T0)), ("A.B.Y", good("text", T0 + 1))])
    spool.keep_on_disk()
    spool.close()
    again = HistorySpool(tmp_path / SPOOL_FILE)
    assert again.samples == 0
    again.open()
    assert again.samples == 12
    written: list[Record] = []
    again.drain(lambda b: written.extend(b) or len(b))
    assert written == [*batch(0), ("A.B.Y", good(True, T0)), ("A.B.Y", good("text", T0 + 1))]
    again.close()


def test_a_second_console_on_the_folder_spools_in_memory(tmp_path: Path) -> None:
    first = HistorySpool(tmp_path / SPOOL_FILE, memory_samples=0)
    first.add(batch(0))
    assert first.disk_count == 10
    second = HistorySpool(tmp_path / SPOOL_FILE, memory_samples=0)
    second.add(batch(10))
    assert second.path is None and second.dropped == 10  # memory only, bound 0
    first.close()
    second.close()


# the historian with a real SQLite history made unavailable ---------------------------------


class Locker:
    """Another connection holding the history's write lock (another process writing)."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)

    def __enter__(self) -> Locker:
        self.conn.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, *exc: object) -> None:
        self.conn.execute("ROLLBACK")
        self.conn.close()


def impatient(path: Path) -> Any:
    """SQLite stores that give up on a lock at once (the console waits 10 s)."""

    def open_store(readonly: bool) -> HistoryStore:
        store = SqliteHistoryStore(path, readonly=readonly, durable=False)
        store._conn.execute("PRAGMA busy_timeout=10")
        return store

    return open_store


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def db(clock: ManualClock) -> TagDatabase:
    return TagDatabase({n: memory_tag(n) for n in NAMES}, clock)


def all_samples(path: Path, name: str = "A.B.X") -> list[float]:
    with SqliteHistoryStore(path, readonly=True) as store:
        return [s.value for s in store.raw(name, 0, T0 + 1e6)]  # type: ignore[misc]


@pytest.mark.asyncio
async def test_a_locked_sqlite_history_catches_up_in_order(
    tmp_path: Path, db: TagDatabase, clock: ManualClock
) -> None:
    path = tmp_path / "history.db"
    spool = HistorySpool(tmp_path / SPOOL_FILE, memory_samples=3)
    historian = Historian(db, impatient(path), mark_gaps=False, spool=spool)
    await historian.start(tasks=False)
    db.publish({"A.B.X": good(0.0, T0)})
    assert await historian.flush() == 1
    with Locker(path):
        for i in range(1, 9):
            at(clock, T0 + i)
            db.publish({"A.B.X": good(float(i), T0 + i)})
            assert await historian.flush() == 0
        behind = historian.behind
        assert behind is not None and behind.samples == 8
        assert behind.seconds == 7.0
        assert behind.reason.startswith("store unreachable: database is locked")
        assert spool.disk_count > 0  # past the memory bound: in the file
        assert historian.stats.behind_samples == 8
        assert historian.problem.startswith("store unreachable")
        assert "8 samples waiting" in str(behind)
    at(clock, T0 + 9)
    db.publish({"A.B.X": good(9.0, T0 + 9)})
    assert await historian.flush() == 9
    assert historian.behind is None and historian.problem == ""
    assert historian.stats.behind_samples == 0 and historian.stats.behind_reason == ""
    assert all_samples(path) == [float(i) for i in range(10)]
    await historian.stop()


@pytest.mark.asyncio
async def test_a_console_closed_while_behind_writes_it_at_the_next_start(
    tmp_path: Path, db: TagDatabase, clock: ManualClock
) -> None:
    path = tmp_path / "history.db"
    first = Historian(db, impatient(path), mark_gaps=False,
                      spool=HistorySpool(tmp_path / SPOOL_FILE))  # fmt: skip
    await first.start(tasks=False)
    with Locker(path):
        for i in range(5):
            db.publish({"A.B.X": good(float(i), T0 + i)})
            await first.flush()
        await first.stop()  # the last flush fails too: all in the file
    assert (tmp_path / SPOOL_FILE).stat().st_size > 0
    second = Historian(db, impatient(path), mark_gaps=False,
                       spool=HistorySpool(tmp_path / SPOOL_FILE))  # fmt: skip
    await second.start(tasks=False)
    assert second.pending == 5
    assert await second.flush() == 5
    assert all_samples(path) == [0.0, 1.0, 2.0, 3.0, 4.0]
    await second.stop()


# a store that fails as a PostgreSQL server does while it is away ----------------------------


class Away:
    """A HistoryStore whose server is away while ``down`` is set (append, and opening)."""

    def __init__(self, path: Path) -> None:
        self.down = False
        self.appends: list[list[Record]] = []
        self._inner = impatient(path)

    def factory(self, readonly: bool) -> HistoryStore:
        if self.down:
            raise StoreUnavailable("postgresql://hmi@db:5432/scada: connection refused")
        store = self._inner(readonly)
        outer = self

        class Wrapped:
            def __getattr__(self, name: str) -> Any:
                return getattr(store, name)

            def append(self, records: Sequence[Record]) -> int:
                if outer.down:
                    raise StoreUnavailable("postgresql://hmi@db:5432/scada: connection lost")
                outer.appends.append(list(records))
                return store.append(records)

        return Wrapped()  # type: ignore[return-value]


@pytest.fixture
def away(tmp_path: Path) -> Iterator[Away]:
    yield Away(tmp_path / "history.db")


@pytest.mark.asyncio
async def test_an_unreachable_server_spools_and_everything_arrives_once(
    tmp_path: Path, db: TagDatabase, clock: ManualClock, away: Away
) -> None:
    historian = Historian(db, away.factory, mark_gaps=False,
                          spool=HistorySpool(tmp_path / SPOOL_FILE, memory_samples=4))  # fmt: skip
    await historian.start(tasks=False)
    sent: list[float] = []
    for i in range(40):  # 30 s of the store away in the middle
        away.down = 5 <= i < 35
        at(clock, T0 + i)
        db.publish({"A.B.X": good(float(i), T0 + i)})
        sent.append(float(i))
        await historian.flush()
        if i == 34:
            behind = historian.behind
            assert behind is not None and behind.samples == 30 and behind.seconds == 29.0
            assert "store unreachable: postgresql://hmi@db:5432/scada: connection lost" in str(
                behind
            )
    assert historian.behind is None
    written = [s.value for b in away.appends for _, s in b]
    assert written == sent  # in order, none twice
    assert all_samples(tmp_path / "history.db") == sent
    await historian.stop()


@pytest.mark.asyncio
async def test_a_server_away_at_start_is_opened_when_it_answers(
    tmp_path: Path, db: TagDatabase, clock: ManualClock, away: Away
) -> None:
    away.down = True
    historian = Historian(db, away.factory, mark_gaps=False)
    await historian.start(tasks=False)
    assert historian.recording
    assert historian.problem.startswith("store unreachable: ")
    for i in range(3):
        at(clock, T0 + i)
        db.publish({"A.B.X": good(float(i), T0 + i)})
        assert await historian.flush() == 0
    assert historian.behind is not None and historian.behind.samples == 3
    away.down = False
    assert await historian.flush() == 3
    assert historian.behind is None and historian.problem == ""
    assert all_samples(tmp_path / "history.db") == [0.0, 1.0, 2.0]
    await historian.stop()


@pytest.mark.asyncio
async def test_a_store_that_fails_otherwise_on_reopening_stops_the_recording(
    tmp_path: Path, db: TagDatabase, clock: ManualClock
) -> None:
    errors: list[Exception] = [StoreUnavailable("away"), ValueError("schema too new")]

    def factory(readonly: bool) -> HistoryStore:
        raise errors.pop(0) if errors else AssertionError("opened again")

    historian = Historian(db, factory, mark_gaps=False)
    await historian.start(tasks=False)
    db.publish({"A.B.X": good(1.0, T0)})
    assert await historian.flush() == 0
    assert historian.problem == "history cannot be opened: schema too new"
    assert not historian.recording
    db.publish({"A.B.X": good(2.0, T0 + 1)})
    assert await historian.flush() == 0
    await historian.stop()
