"""One SQLite file opened in autocommit mode, with explicit write transactions.

The shared base of the small stores (users, audit trail): several processes may write the
same file, so every read-then-write happens inside ``BEGIN IMMEDIATE``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self


class SqliteFile:
    def __init__(self, path: Path, schema: str) -> None:
        self._db = sqlite3.connect(path, timeout=10.0, isolation_level=None)
        self._db.executescript(schema)

    def close(self) -> None:
        """Close the database file."""
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction that holds the file's write lock from its first statement."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
