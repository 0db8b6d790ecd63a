"""One SQLite file opened in autocommit mode, with explicit write transactions.

The shared base of the small stores (users, audit trail): several processes may write the
same file, so every read-then-write happens inside ``BEGIN IMMEDIATE``. Every SQLite file
the engine writes is owner-only: ``private_database`` makes it 0600 before SQLite opens it,
and SQLite gives its -wal and -shm files the database file's mode.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from tags.paths import PRIVATE_FILE, private_file, tighten

SIDE_FILES = ("-wal", "-shm", "-journal")
"""The files SQLite keeps next to a database (named by appending these)."""


def private_database(path: str | Path) -> None:
    """Make the database file at ``path`` owner-only (0600) before it is opened: created
    empty when missing, else it and its side files tightened. ``:memory:`` is left alone."""
    if str(path) == ":memory:":
        return
    file = private_file(Path(path))
    for suffix in SIDE_FILES:
        side = file.with_name(file.name + suffix)
        if side.exists():
            tighten(side, PRIVATE_FILE)


class DataFileError(Exception):
    """A data file of the console (users, audit trail, alarm journal, history, their keys)
    cannot be used: the message names the file and what is wrong with it."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message
        """What is wrong, without the file's name (e.g. "file is not a database")."""


@contextmanager
def named_if_unusable(path: str | Path, what: str) -> Iterator[None]:
    """Turn SQLite's "file is not a database" and the like, raised while ``path`` is opened
    and set up, into a DataFileError naming the file and what it should be."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        raise DataFileError(
            f"{path}: not a usable {what} ({exc}); move it aside to start a new one", str(exc)
        ) from None


class SqliteFile:
    WHAT = "database"
    """What the file is, for the message when it cannot be used."""

    def __init__(self, path: Path, schema: str) -> None:
        private_database(path)
        self._db = sqlite3.connect(path, timeout=10.0, isolation_level=None)
        try:
            with named_if_unusable(path, self.WHAT):
                self._db.executescript(schema)
        except DataFileError:
            self._db.close()
            raise

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
