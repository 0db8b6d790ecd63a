"""The alarm journal's batches on their way to the shared store: a spool kept in order.

Every batch the engine hands over (journal entries, each with an id of its own, and the
alarm states to save) is put here first and removed only once the store has committed it,
so an outage of the store, or a crash of the process, loses nothing: what waits is written
at the next attempt, or at the next start, oldest first. The ids make a second write of an
entry a no-op (the store skips an id it holds), so a batch committed just before the
connection died, and written again from here, is stored once.

The spool is an owner-only SQLite file of the data folder (``journal-spool.db``), held with
an exclusive lock while open (a second process on the same data folder keeps its spool in
memory), or memory only when no file is given or the file cannot be used. It is not bounded:
journal entries are small (a flood of a thousand alarms is a few hundred kilobytes) and none
may be dropped.

A spool is used by one writer thread at a time; ``states`` may be read from any thread.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from tags.sqlite_file import private_database

log = logging.getLogger(__name__)

SPOOL_FILE = "journal-spool.db"

Row = tuple[object, ...]
"""An entry as stored: its id (a UUID as text), then the columns of ``JournalEntry.row``;
or a state: the columns of ``SavedAlarm.row``."""


@dataclass
class JournalBatch:
    """Entries to append and states to save in one transaction; ``upto``: the number of the
    last hand-over it holds (those an earlier run left in the file come first)."""

    entries: list[Row] = field(default_factory=list)
    states: dict[str, Row] = field(default_factory=dict)
    upto: int = 0

    def __len__(self) -> int:
        return len(self.entries) + len(self.states)

    def merge(self, later: JournalBatch) -> None:
        """Add a later batch (its states replace those of the same alarm)."""
        self.entries.extend(later.entries)
        self.states.update(later.states)
        self.upto = max(self.upto, later.upto)

    def encode(self) -> str:
        return json.dumps([self.entries, list(self.states.values())], separators=(",", ":"))

    @classmethod
    def decode(cls, text: str, upto: int = 0) -> JournalBatch:
        entries, states = json.loads(text)
        return cls(
            [tuple(row) for row in entries], {str(row[0]): tuple(row) for row in states}, upto
        )


class JournalSpool:
    """Batches not yet in the store, oldest first: in a file (``path``) or in memory."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._memory: deque[tuple[int, JournalBatch]] = deque()
        self._next_id = 1
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self.batches = 0
        """Batches waiting."""
        self.entries = 0
        """Journal entries waiting."""
        if path is not None:
            self._open(path)

    def _open(self, path: Path) -> None:
        db: sqlite3.Connection | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            private_database(path)
            db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=0.1)
            db.execute("PRAGMA locking_mode=EXCLUSIVE")  # held until closed
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS batches (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                "entries INTEGER NOT NULL, upto INTEGER NOT NULL, data TEXT NOT NULL)"
            )
            db.execute(  # an earlier run's batches come first: numbered 1, 2, ... in order
                "UPDATE batches SET upto = (SELECT count(*) FROM batches AS b "
                "WHERE b.id <= batches.id)"
            )
            count, entries = db.execute(
                "SELECT count(*), coalesce(sum(entries), 0) FROM batches"
            ).fetchone()
        except (OSError, sqlite3.Error) as exc:
            log.error("alarm journal spool %s cannot be used (%s): the spool is memory only",
                      path, exc)  # fmt: skip
            if db is not None:
                db.close()
            self.path = None
            return
        self._db = db
        self.batches, self.entries = int(count), int(entries)
        if self.batches:
            log.warning("alarm journal: %d entries of an earlier run wait in %s",
                        self.entries, path)  # fmt: skip

    def __len__(self) -> int:
        return self.batches

    def add(self, batch: JournalBatch) -> None:
        """Keep a batch after those already waiting (in the file when there is one; in
        memory should the file fail)."""
        with self._lock:
            if self._db is not None:
                try:
                    self._db.execute(
                        "INSERT INTO batches (entries, upto, data) VALUES (?, ?, ?)",
                        (len(batch.entries), batch.upto, batch.encode()),
                    )
                except sqlite3.Error as exc:
                    log.error("alarm journal spool %s cannot be written (%s): the spool is "
                              "memory only from now on", self.path, exc)  # fmt: skip
                    self._to_memory()
                else:
                    self._count(batch, +1)
                    return
            self._memory.append((self._next_id, batch))
            self._next_id += 1
            self._count(batch, +1)

    def _count(self, batch: JournalBatch, sign: int) -> None:
        self.batches += sign
        self.entries += sign * len(batch.entries)

    def _to_memory(self) -> None:
        """Move what the failing file holds to memory (in front of anything there) and stop
        using the file."""
        db, self._db = self._db, None
        assert db is not None
        try:
            rows = db.execute("SELECT id, upto, data FROM batches ORDER BY id").fetchall()
        except sqlite3.Error:
            rows = []  # unreadable: what it holds stays there for the next run
        finally:
            db.close()
        for id_, upto, data in rows:
            self._memory.append((int(id_), JournalBatch.decode(data, int(upto))))
            self._next_id = int(id_) + 1
        self.batches = len(self._memory)
        self.entries = sum(len(batch.entries) for _, batch in self._memory)

    def take(self, max_entries: int) -> tuple[list[int], JournalBatch] | None:
        """The oldest batches merged into one, up to ``max_entries`` entries (at least one
        batch), and their ids for ``remove``; None when nothing waits."""
        with self._lock:
            found: list[tuple[int, JournalBatch]] = []
            if self._db is not None:
                rows = self._db.execute(
                    "SELECT id, entries, upto, data FROM batches ORDER BY id LIMIT 1000"
                ).fetchall()
                total = 0
                for id_, entries, upto, data in rows:
                    if found and total + entries > max_entries:
                        break
                    found.append((int(id_), JournalBatch.decode(data, int(upto))))
                    total += int(entries)
            else:
                total = 0
                for id_, batch in self._memory:
                    if found and total + len(batch.entries) > max_entries:
                        break
                    found.append((id_, batch))
                    total += len(batch.entries)
        if not found:
            return None
        merged = JournalBatch()
        for _, batch in found:
            merged.merge(batch)
        return [id_ for id_, _ in found], merged

    def remove(self, ids: list[int], batch: JournalBatch) -> None:
        """Drop the batches ``take`` gave (the store has them)."""
        with self._lock:
            if self._db is not None:
                try:
                    self._db.executemany("DELETE FROM batches WHERE id = ?", [(i,) for i in ids])
                except sqlite3.Error as exc:
                    log.error("alarm journal spool %s cannot be written (%s): the spool is "
                              "memory only from now on", self.path, exc)  # fmt: skip
                    self._to_memory()
                else:
                    self.batches -= len(ids)
                    self.entries -= len(batch.entries)
                    return
            gone = set(ids)
            while self._memory and self._memory[0][0] in gone:
                _, done = self._memory.popleft()
                self._count(done, -1)

    def states(self) -> dict[str, Row]:
        """The alarm states waiting, the latest of each alarm."""
        with self._lock:
            if self._db is not None:
                rows = self._db.execute("SELECT data FROM batches ORDER BY id").fetchall()
                batches = [JournalBatch.decode(data) for (data,) in rows]
            else:
                batches = [batch for _, batch in self._memory]
        found: dict[str, Row] = {}
        for batch in batches:
            found.update(batch.states)
        return found

    def close(self) -> None:
        """Close the file (what is in it stays for the next run)."""
        with self._lock:
            db, self._db = self._db, None
            if db is not None:
                db.close()
