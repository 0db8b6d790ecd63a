"""The historian: records the tag database into a HistoryStore and answers history queries.

It subscribes to the TagDatabase like any other consumer. On the asyncio (GUI) thread it only
filters samples (tags/history/filter.py) into a list; once per ``flush_interval`` that list
goes to a writer thread as one transaction. Queries run on a reader thread with a connection
of their own. So the GUI thread never waits on the disk, and a killed process loses at most
the samples of the last flush interval.

The store is made by a factory (``store_factory(readonly)``): the embedded SQLite file by
default (``sqlite_factory``), or a shared PostgreSQL database (``postgresql_factory``) behind
the same HistoryStore protocol.

When the store cannot take a batch (a server restarting or out of reach, a locked or failing
file) the batch goes to a bounded spool (tags/history/spool.py) and is written, in order,
once the store answers again; a store that cannot be reached at start is opened again at
each flush meanwhile. ``behind`` says how far the history is behind and why.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from tags.config.project import HistorianSettings
from tags.database import TagDatabase
from tags.history.carry_over import not_yet_stored
from tags.history.filter import RecordFilter, policies
from tags.history.spool import (
    SPOOL_FILE,
    Behind,
    HistorySpool,
    reason_of,
    server_unreachable,
    unreachable,
)
from tags.history.store import (
    HistoryLocked,
    HistoryStore,
    RangeStats,
    Record,
    RetentionResult,
    Trend,
)
from tags.history.store_factory import StoreFactory, sqlite_factory
from tags.i18n.catalogue import text
from tags.model import Batch, Quality, TagSample
from tags.shutdown import cancel_all
from tags.sqlite_file import DataFileError
from tags.subscription import Subscription

log = logging.getLogger(__name__)

T = TypeVar("T")
HISTORY_FILE = "history.db"
MAX_PENDING = 2_000_000
GAP_REASON = "not recorded: the historian was not running"


@dataclass
class HistorianStats:
    """Counters for the diagnostics screen."""

    offered: int = 0
    recorded: int = 0
    stored: int = 0
    transactions: int = 0
    dropped: int = 0
    errors: int = 0
    last_flush_ms: float = 0.0
    max_flush_ms: float = 0.0
    last_error: str = ""
    behind_samples: int = 0
    """Samples the store has not taken yet (spooled), as of the last flush."""
    behind_seconds: float = 0.0
    """Age of the oldest of them."""
    behind_reason: str = ""
    """Why (e.g. "store unreachable: ..."); empty when the history is up to date."""
    spool_bytes: int = 0
    """Bytes of the spool file."""


class Historian:
    """Records a TagDatabase and serves history queries off the asyncio thread."""

    def __init__(
        self,
        db: TagDatabase,
        store_factory: StoreFactory,
        settings: HistorianSettings | None = None,
        *,
        mark_gaps: bool = True,
        spool: HistorySpool | None = None,
    ) -> None:
        """``spool``: where batches wait while the store cannot take them (default: in
        memory, up to MAX_PENDING samples)."""
        self.db = db
        self.settings = settings or HistorianSettings()
        self._factory = store_factory
        self.filter = RecordFilter(policies(db.tags.values(), self.settings))
        self.mark_gaps = mark_gaps
        self.stats = HistorianStats()
        self.problem = ""
        """Why nothing is being recorded, or the last write failure (empty when all is well)."""
        self._pending: list[Record] = []
        self.spool = spool or HistorySpool(None, memory_samples=MAX_PENDING)
        self._behind_reason = ""
        self._behind_since: float | None = None
        """Clock time the store stopped taking batches (None: it takes them)."""
        self._reopen = False
        """The store could not be reached at start: opened again at each flush."""
        self._reopening = asyncio.Lock()
        """One try at a time (flushes may overlap: the flush loop and an explicit flush)."""
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="historian-writer")
        self._reader = ThreadPoolExecutor(1, thread_name_prefix="historian-reader")
        self._write_store: HistoryStore | None = None
        self._read_store: HistoryStore | None = None
        self._reader_closed = False
        """Set on the reader thread by ``stop``: a query still queued then gets its own store."""
        self._subscription: Subscription | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._writes: set[asyncio.Future[int]] = set()
        """Writes under way (each finishes even when its flush is cancelled)."""
        self._left_over = 0
        """Samples a previous run left in the spool file (first in line): written before the
        gap between the runs is marked."""
        self._carried: list[Record] = []  # carry_over
        self._heard_until: float | None = None

    @classmethod
    def sqlite(
        cls, db: TagDatabase, path: Path, settings: HistorianSettings | None = None
    ) -> Historian:
        """Record into a SQLite file; batches it cannot take wait in a spool file beside it."""
        spool = HistorySpool(path.with_name(SPOOL_FILE))
        return cls(db, sqlite_factory(path), settings, spool=spool)

    @property
    def recording(self) -> bool:
        return self._write_store is not None or self._reopen

    @property
    def behind(self) -> Behind | None:
        """How far the history is behind the plant and why (None: the store has it all)."""
        waiting = self.spool.samples
        if not waiting:
            return None
        oldest = self.spool.oldest_time()
        seconds = max(0.0, self.db.clock.now() - oldest) if oldest is not None else 0.0
        reason = self._behind_reason or text("history.waiting")
        return Behind(waiting, seconds, reason, self.spool.dropped, self.spool.disk_used)

    def carry_over(self, records: Sequence[Record], heard_until: float | None) -> None:
        """Before ``start``: the previous writer's samples another source saw, and when it
        last heard from it; ``start`` writes those the store lacks and marks the gap from
        ``heard_until`` on (tags/history/carry_over.py)."""
        self._carried = list(records)
        self._heard_until = heard_until

    # life cycle --------------------------------------------------------------------------

    async def start(self, *, tasks: bool = True) -> None:
        """Open the store, subscribe to the database and (with ``tasks``) start flushing.

        A store server that cannot be reached now is opened again at each flush; meanwhile
        the samples are spooled."""
        if self.filter.policies:
            try:
                self._write_store = await self._on(self._writer, lambda: self._factory(False))
            except HistoryLocked as exc:
                self.problem = f"{exc}: this console records nothing"
                log.warning("%s", self.problem)
            except DataFileError as exc:
                self.problem = f"{exc}; nothing is recorded"
                log.error("%s", self.problem)
            except Exception as exc:  # a broken history must not stop the console
                if server_unreachable(exc):
                    self._reopen = True
                    self._behind_reason = self.problem = reason_of(exc)
                    self._behind_since = self.db.clock.now()
                    log.warning("history store not reachable (%s): spooling until it is", exc)
                else:
                    self.problem = f"history cannot be opened: {exc}"
                    log.exception("history cannot be opened; nothing is recorded")
            if self._write_store is not None or self._reopen:
                await self._on(self._writer, self.spool.open)
                self._left_over = self.spool.samples
            if self._write_store is not None and self.mark_gaps:
                await self._on(self._writer, self._mark_gap)
        if self._write_store is not None or self._reopen:
            self._subscription = self.db.subscribe(self._on_batch)
        if tasks:
            self._tasks.append(asyncio.create_task(self._flush_loop(), name="historian-flush"))
            self._tasks.append(asyncio.create_task(self._maintain_loop(), name="historian-keep"))

    async def _reopen_store(self) -> HistoryStore | None:
        """Try again to open the store that could not be reached at start."""
        async with self._reopening:
            if not self._reopen:  # opened (or given up) by the flush before this one
                return self._write_store
            return await self._try_reopen()

    async def _try_reopen(self) -> HistoryStore | None:
        try:
            store = await self._on(self._writer, lambda: self._factory(False))
        except Exception as exc:
            if not server_unreachable(exc):  # not a passing outage: stop recording
                self._reopen = False
                self.problem = f"history cannot be opened: {exc}"
                log.exception("history cannot be opened; nothing is recorded")
                if self._subscription is not None:
                    self._subscription.close()
                    self._subscription = None
                self._pending.clear()
            else:
                self._behind_reason = self.problem = reason_of(exc)
            return None
        self._write_store, self._reopen = store, False
        log.info("history store reachable again")
        if self.mark_gaps:
            await self._on(self._writer, self._mark_gap)
        return store

    async def stop(self) -> None:
        """Unsubscribe, write what is pending, close the stores. Safe to call twice."""
        await cancel_all(self._tasks)
        self._tasks.clear()
        if self._subscription is not None:
            self._subscription.close()
            self._subscription = None
        if self._writes:  # a flush cancelled above: its write goes on, wait for it
            await asyncio.gather(*self._writes, return_exceptions=True)
        await self.flush()
        await self._on(self._writer, self._close_spool)
        write, self._write_store = self._write_store, None
        if write is not None:
            await self._on(self._writer, write.close)
        await self._on(self._reader, self._close_reader)
        self._writer.shutdown(wait=True)
        self._reader.shutdown(wait=True)

    def _close_spool(self) -> None:
        """On the writer thread: what the store has not taken goes to the spool file, for the
        next run (when the spool has one)."""
        if self.spool.samples:
            self.spool.keep_on_disk()
            log.warning("history: %d samples not yet in the store are kept for the next run",
                        self.spool.samples)  # fmt: skip
        self.spool.close()

    def _close_reader(self) -> None:
        """On the reader thread, after the queries queued before it: close the read store."""
        self._reader_closed = True
        if self._read_store is not None:
            self._read_store.close()
            self._read_store = None

    async def _on(self, executor: ThreadPoolExecutor, call: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(executor, call)

    # recording ---------------------------------------------------------------------------

    def _on_batch(self, batch: Batch) -> None:
        self._pending.extend(self.filter.take(batch))

    def record_due(self) -> int:
        """Record the current sample of every tag whose heartbeat is due (``max_interval``)."""
        now = self.db.clock.now()
        due = self.filter.due(now)
        for name in due:
            current = self.db.get(name)
            sample = TagSample(current.value, current.quality, current.source_time, now,
                               current.reason)  # fmt: skip
            self.filter.force(name, sample)
            self._pending.append((name, sample))
        return len(due)

    @property
    def pending(self) -> int:
        """Samples not yet in the store: taken since the last flush, and spooled."""
        return len(self._pending) + self.spool.samples

    async def flush(self) -> int:
        """Write what is pending as one transaction on the writer thread; the number written.

        The write runs to its end even if the caller is cancelled (``stop()`` cancels the flush
        task): samples taken from the pending list are never dropped half-way."""
        store = self._write_store
        if store is None and self._reopen:
            store = await self._reopen_store()
        elif store is None:
            return 0
        if not self._pending and not self.spool.samples:
            return 0
        batch, self._pending = self._pending, []
        write = asyncio.ensure_future(self._write(store, batch))
        self._writes.add(write)
        write.add_done_callback(self._writes.discard)
        return await asyncio.shield(write)

    async def set_metadata(self, values: dict[str, str], *, checkpoint: bool = False) -> None:
        """Store facts about the history (``HistoryStore.metadata``) on the writer thread,
        after the writes already handed to it; ``checkpoint``: then make the store's main file
        hold everything committed (a recording's facts survive even without its -wal file)."""
        store = self._write_store
        if store is None:
            return

        def write() -> None:
            store.set_metadata(values)
            if checkpoint:
                store.checkpoint()

        await self._on(self._writer, write)

    async def _write(self, store: HistoryStore | None, batch: list[Record]) -> int:
        """Write a batch, after the spooled ones (None: the store is away, spool it)."""
        loop = asyncio.get_running_loop()
        started = loop.time()
        spool = self.spool

        def write() -> int:
            if store is None:
                spool.add(batch)
                return 0
            if spool.samples:  # behind: in order, after what waits
                spool.add(batch)
                return spool.drain(store.append)
            try:
                return store.append(batch)
            except Exception:
                spool.add(batch)
                raise

        try:
            stored = await self._on(self._writer, write)
        except Exception as exc:
            self.stats.errors += 1
            self._behind_reason = self.stats.last_error = self.problem = reason_of(exc)
            if self._behind_since is None:  # once per outage, not once per flush
                self._behind_since = self.db.clock.now()
                if unreachable(exc):
                    log.warning("history store cannot take samples (%s): spooling", exc)
                else:
                    log.exception("history write of %d samples failed: spooled", len(batch))
            self._count_behind()
            return 0
        ms = (loop.time() - started) * 1000.0
        stats = self.stats
        stats.stored += stored
        if store is not None:
            stats.transactions += 1
            stats.last_flush_ms = ms
            stats.max_flush_ms = max(stats.max_flush_ms, ms)
            if self._behind_since is not None and not spool.samples:
                log.info("history caught up: the store took what waited for %.0f s",
                         self.db.clock.now() - self._behind_since)  # fmt: skip
                self._behind_since = None
                self._behind_reason = ""
                if self.problem.startswith(("history write failed", "store unreachable")):
                    self.problem = ""
        self._count_behind()
        return stored

    def _count_behind(self) -> None:
        behind = self.behind
        stats = self.stats
        stats.dropped = self.spool.dropped
        stats.behind_samples = behind.samples if behind else 0
        stats.behind_seconds = behind.seconds if behind else 0.0
        stats.behind_reason = behind.reason if behind else ""
        stats.spool_bytes = self.spool.disk_used

    async def _flush_loop(self) -> None:
        loop = asyncio.get_running_loop()
        interval = self.settings.flush_interval
        due = loop.time()
        while True:
            due += interval
            await asyncio.sleep(max(0.0, due - loop.time()))
            self.record_due()
            self.stats.offered, self.stats.recorded = self.filter.offered, self.filter.kept
            await self.flush()
            if loop.time() - due > interval:  # fell behind (slow disk): no burst of flushes
                due = loop.time()

    async def _maintain_loop(self) -> None:
        await asyncio.sleep(min(30.0, self.settings.maintenance_interval))
        while True:
            try:
                await self.maintain()
            except Exception:
                log.exception("history retention failed")
            await asyncio.sleep(self.settings.maintenance_interval)

    async def maintain(self) -> RetentionResult | None:
        """Retention by age and size, then compaction, on the writer thread."""
        store = self._write_store
        if store is None:
            return None
        settings = self.settings
        now = self.db.clock.now()

        def keep() -> RetentionResult:
            result = store.retain(
                now=now,
                keep_seconds=settings.retention_days * 86400.0,
                max_bytes=int(settings.max_size_mb * 1024 * 1024),
            )
            if result.deleted_samples:
                store.compact()
            return result

        result = await self._on(self._writer, keep)
        if result.deleted_samples:
            log.info("history retention removed %d samples", result.deleted_samples)
        return result

    def _mark_gap(self) -> None:
        """After a restart, mark every tag Bad from the end of the history until new data: the
        end of what the previous run recorded (what it left in the spool file and what was
        carried over written first; a spool that cannot be written leaves the gap unmarked)."""
        store = self._write_store
        assert store is not None
        if self._left_over:
            waiting = self.spool.samples
            try:
                self.spool.drain(store.append, upto=self._left_over)
            except Exception as exc:
                log.warning("history: the previous run's spooled samples cannot be written "
                            "yet (%s); the gap between the runs is not marked", exc)  # fmt: skip
                return
            finally:
                self._left_over = max(0, self._left_over - (waiting - self.spool.samples))
        self._write_carried()
        names = [n for n in store.tag_names() if n in self.filter.policies]
        span = store.span(names)
        if span is None:
            return
        t = max(span[1], self._heard_until or span[1]) + 0.001
        markers = [
            (name, TagSample(None, Quality.BAD_NO_COMMUNICATION, t, t, GAP_REASON))
            for name, last in store.values_at(names, span[1]).items()
            if not last.quality.is_bad
        ]
        store.append(markers)

    def _write_carried(self) -> None:
        """On the writer thread: the carried-over samples the store does not have yet."""
        carried, self._carried, store = self._carried, [], self._write_store
        if carried and store is not None:
            try:
                newer = not_yet_stored(store, carried, self.filter.policies, self.db.clock.now())
                store.append(newer)
            except Exception as exc:
                log.warning("history: the previous writer's last samples are lost: %s", exc)
                return
            log.info("history: %d samples the previous writer had not stored", len(newer))

    # queries (reader thread) -------------------------------------------------------------

    async def query(self, call: Callable[[HistoryStore], T]) -> T:
        """Run ``call(store)`` on the reader thread (what the methods below use)."""

        def run() -> T:
            if self._reader_closed:  # queued behind stop(): open, answer and close
                with contextlib.closing(self._factory(True)) as store:
                    return call(store)
            if self._read_store is None:
                self._read_store = self._factory(True)
            return call(self._read_store)

        return await self._on(self._reader, run)

    async def trend(self, tag: str, start: float, end: float, pixels: int) -> Trend:
        return await self.query(lambda s: s.trend(tag, start, end, pixels))

    async def raw(self, tag: str, start: float, end: float) -> list[TagSample]:
        return await self.query(lambda s: s.raw(tag, start, end))

    async def value_at(self, tag: str, t: float) -> TagSample | None:
        return (await self.query(lambda s: s.values_at([tag], t))).get(tag)

    async def statistics(self, tag: str, start: float, end: float) -> RangeStats:
        return await self.query(lambda s: s.statistics(tag, start, end))

    async def span(self, names: Sequence[str] | None = None) -> tuple[float, float] | None:
        return await self.query(lambda s: s.span(names))
