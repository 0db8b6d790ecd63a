"""What the historian could not write yet: a bounded spool in front of the history store.

When the store cannot take a batch (a PostgreSQL server restarting or out of reach, a
SQLite file locked or on a failing disk) the batch waits here, oldest first: in memory up to
``memory_samples``, past that in an owner-only SQLite file of the data folder
(``history-spool.db``) up to ``disk_bytes``; beyond that bound the OLDEST batches are
dropped and counted. When the store answers again the historian writes the spooled batches
in their order, each removed from the spool once the store has it, and only then new ones.

Nothing is doubled: the stores' appends replace a sample of the same tag and time, so a
batch written just before a crash and written again from the spool afterwards is one set of
samples. The file survives a restart of the console: batches left in it are written at the
next flush once the store answers.

A spool is used from one thread at a time (the historian's writer thread); the counters may
be read from any thread.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
import zlib
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tags.history.store import Record
from tags.i18n.catalogue import text
from tags.model import Quality, TagSample
from tags.sqlite_file import private_database

log = logging.getLogger(__name__)

SPOOL_FILE = "history-spool.db"
MEMORY_SAMPLES = 200_000
"""Samples kept in memory before the oldest batches go to the spool file (about 40 MB)."""
DISK_BYTES = 256 * 1024 * 1024
"""Bytes of compressed batches the spool file may hold (several hours of a large plant)."""


def server_unreachable(exc: BaseException) -> bool:
    """Whether an error says the store's server cannot be reached (down, restarting)."""
    postgres = sys.modules.get("tags.store.postgres")  # loaded when a server is the store
    return postgres is not None and isinstance(exc, postgres.StoreUnavailable)


def unreachable(exc: BaseException) -> bool:
    """Whether an error means "the store cannot take it now" (a PostgreSQL server away,
    a SQLite file locked or failing) rather than a refusal of the data."""
    return isinstance(exc, sqlite3.OperationalError) or server_unreachable(exc)


def reason_of(exc: BaseException) -> str:
    """Why the history is behind, for the console ("store unreachable: ...")."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"store unreachable: {text}" if unreachable(exc) else f"history write failed: {text}"


@dataclass(frozen=True)
class Behind:
    """History not yet in the store: how much, since when, and why."""

    samples: int
    seconds: float
    """Age of the oldest waiting sample (by the console's clock)."""
    reason: str
    dropped: int
    """Samples given up since start because the spool was full (the oldest go first)."""
    disk_bytes: int

    def __str__(self) -> str:
        disk = text("history.on_disk", mb=f"{self.disk_bytes / 1e6:.1f}") if self.disk_bytes else ""
        line = text("history.behind", seconds=f"{self.seconds:.0f}", samples=self.samples,
                    disk=disk)  # fmt: skip
        if self.dropped:
            line += text("history.lost", count=self.dropped)
        return text("history.why", text=line, reason=self.reason) if self.reason else line


def _encode(batch: Sequence[Record]) -> bytes:
    rows = [
        (name, s.value, int(s.quality), s.source_time, s.server_time, s.reason) for name, s in batch
    ]
    return zlib.compress(json.dumps(rows, separators=(",", ":")).encode(), 1)


def _decode(data: bytes) -> list[Record]:
    rows = json.loads(zlib.decompress(data))
    return [(name, TagSample(v, Quality(q), st, sv, r)) for name, v, q, st, sv, r in rows]


class HistorySpool:
    """Batches waiting for the store, oldest first: memory, then an owner-only file."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        memory_samples: int = MEMORY_SAMPLES,
        disk_bytes: int = DISK_BYTES,
    ) -> None:
        """``path``: the spool file (None: memory only; past the bound the oldest go)."""
        self.path = path
        self.memory_samples = memory_samples
        self.disk_bytes = disk_bytes
        self._memory: deque[list[Record]] = deque()
        self.memory_count = 0
        self.disk_count = 0
        self.disk_used = 0
        self.dropped = 0
        """Samples dropped because the spool was full (counted since start)."""
        self._oldest_disk: float | None = None
        self._db: sqlite3.Connection | None = None

    # the file ------------------------------------------------------------------------------

    def open(self) -> None:
        """Take up the batches a previous run left in the file (they are written first).
        Called by the recording historian once it holds its store."""
        if self.path is not None and self.path.exists():
            self._open()

    def _open(self) -> sqlite3.Connection | None:
        if self._db is not None or self.path is None:
            return self._db
        db: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            private_database(self.path)
            db = sqlite3.connect(
                self.path, check_same_thread=False, isolation_level=None, timeout=0.1
            )
            # held until closed: a second console on this data folder spools in memory
            db.execute("PRAGMA locking_mode=EXCLUSIVE")
            db.execute("BEGIN EXCLUSIVE")
            db.execute("COMMIT")
            db.execute(
                "CREATE TABLE IF NOT EXISTS batches (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                "first REAL NOT NULL, samples INTEGER NOT NULL, data BLOB NOT NULL)"
            )
            count, used = db.execute(
                "SELECT coalesce(sum(samples), 0), coalesce(sum(length(data)), 0) FROM batches"
            ).fetchone()
        except (OSError, sqlite3.Error) as exc:
            log.error("history spool %s cannot be used (%s): the spool is memory only",
                      self.path, exc)  # fmt: skip
            if db is not None:
                db.close()
            self.path = None
            return None
        self._db = db
        self.disk_count, self.disk_used = int(count), int(used)
        self._oldest_disk = self._first_on_disk()
        return db

    def _first_on_disk(self) -> float | None:
        assert self._db is not None
        row = self._db.execute("SELECT first FROM batches ORDER BY id LIMIT 1").fetchone()
        return float(row[0]) if row else None

    def _to_disk(self, batch: list[Record]) -> bool:
        db = self._open()
        if db is None:
            return False
        data = _encode(batch)
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.execute(
                    "INSERT INTO batches (first, samples, data) VALUES (?, ?, ?)",
                    (batch[0][1].server_time, len(batch), data),
                )
                while self.disk_used + len(data) > self.disk_bytes and self.disk_count:
                    self._drop_oldest_on_disk(db)
        except sqlite3.Error as exc:
            log.error("history spool %s: cannot write (%s)", self.path, exc)
            return False
        self.disk_count += len(batch)
        self.disk_used += len(data)
        if self.disk_used > self.disk_bytes:  # one batch larger than the whole bound
            self._drop_oldest_on_disk(db)
        self._oldest_disk = self._first_on_disk()
        return True

    def _drop_oldest_on_disk(self, db: sqlite3.Connection) -> None:
        row = db.execute("SELECT id, samples, length(data) FROM batches ORDER BY id LIMIT 1")
        found = row.fetchone()
        if found is None:
            return
        db.execute("DELETE FROM batches WHERE id = ?", (found[0],))
        self.disk_count -= found[1]
        self.disk_used -= found[2]
        self.dropped += found[1]
        log.warning("history spool full: %d oldest samples dropped", found[1])

    # the spool -----------------------------------------------------------------------------

    @property
    def samples(self) -> int:
        """Samples waiting (memory and file)."""
        return self.memory_count + self.disk_count

    def oldest_time(self) -> float | None:
        """History time of the oldest waiting sample (None: nothing waits)."""
        if self._oldest_disk is not None:
            return self._oldest_disk
        try:
            return self._memory[0][0][1].server_time
        except IndexError:  # empty (or emptied by the writer thread just now)
            return None

    def add(self, batch: Sequence[Record]) -> None:
        """Keep a batch the store did not take, after those already waiting."""
        if not batch:
            return
        self._memory.append(list(batch))
        self.memory_count += len(batch)
        while self.memory_count > self.memory_samples and self._memory:
            oldest = self._memory.popleft()
            self.memory_count -= len(oldest)
            if not self._to_disk(oldest):
                self.dropped += len(oldest)
                log.warning("history spool full: %d oldest samples dropped", len(oldest))

    def drain(self, append: Callable[[Sequence[Record]], int], upto: int | None = None) -> int:
        """Write the waiting batches in order with ``append`` (one transaction each), each
        removed once written; the samples written. An error of ``append`` stops it and is
        raised, the batch it failed on still first in line. ``upto``: stop once that many
        samples are written (whole batches: the oldest batches holding them)."""
        written = 0
        limit = sys.maxsize if upto is None else upto
        while self._db is not None and self.disk_count and written < limit:
            row = self._db.execute("SELECT id, data FROM batches ORDER BY id LIMIT 1").fetchone()
            if row is None:
                self.disk_count = self.disk_used = 0
                break
            batch = _decode(row[1])
            written += append(batch)
            self._db.execute("DELETE FROM batches WHERE id = ?", (row[0],))
            self.disk_count -= len(batch)
            self.disk_used -= len(row[1])
            self._oldest_disk = self._first_on_disk()
        while self._memory and written < limit:
            written += append(self._memory[0])
            self.memory_count -= len(self._memory.popleft())
        return written

    def keep_on_disk(self) -> None:
        """Move what waits in memory to the file (the console is closing while the store is
        away: the next run writes it)."""
        while self._memory:
            batch = self._memory.popleft()
            self.memory_count -= len(batch)
            if not self._to_disk(batch):
                self.dropped += len(batch)

    def close(self) -> None:
        """Close the file (what is in it stays for the next run)."""
        db, self._db = self._db, None
        if db is not None:
            db.close()
