"""Where forces are kept so they outlive a restart: the data folder's ``forces.db``
(``SqliteForceStore``, the default) or the shared PostgreSQL store
(tags/forcing/pg_store.py), both behind ``ForceStore``. One row per forced tag; its
``source`` is empty for a fixed value (rows kept before simulated sources existed have none
and read as fixed values)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Protocol, Self

from tags.forcing.force import Force, value_from_json
from tags.sqlite_file import SqliteFile

FORCES_FILE = "forces.db"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS forces (
    tag TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    user TEXT NOT NULL,
    reason TEXT NOT NULL,
    since REAL NOT NULL,
    until REAL,
    source TEXT NOT NULL DEFAULT ''
);
"""


class ForceStore(Protocol):
    """The forces in effect: what every force store offers."""

    def put(self, force: Force) -> None:
        """Keep ``force`` (replacing one of the same tag)."""
        ...

    def remove(self, tag: str) -> None:
        """Forget the force of ``tag`` (none: nothing happens)."""
        ...

    def all(self) -> list[Force]:
        """Every force kept, by tag name."""
        ...

    async def read_all(self) -> list[Force]:
        """``all`` for the event loop's upkeep: a remote store's round trip does not hold
        the loop up."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...


def force_from_row(row: tuple[object, ...]) -> Force:
    """A force from its stored columns: tag, value, user, reason, since, until, source."""
    tag, value, user, reason, since, until, source = row
    return Force(
        str(tag), value_from_json(str(value)), str(user), str(reason), float(str(since)),
        None if until is None else float(str(until)), str(source or ""),
    )  # fmt: skip


def _add_source_column(db: sqlite3.Connection) -> None:
    """A file made before simulated sources existed gets the column (its rows: fixed)."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(forces)")}
    if "source" not in columns:
        db.execute("ALTER TABLE forces ADD COLUMN source TEXT NOT NULL DEFAULT ''")


class SqliteForceStore(SqliteFile):
    """The forces of this console, in one SQLite file of its data folder."""

    WHAT = "forced values database"

    def __init__(self, path: Path) -> None:
        super().__init__(path, _SCHEMA)
        try:
            with self._transaction() as db:
                _add_source_column(db)
        except BaseException:
            self.close()
            raise

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> SqliteForceStore:
        return cls(data_dir / FORCES_FILE)

    def put(self, force: Force) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO forces (tag, value, user, reason, since, until, source) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (force.tag, force.value_json(), force.user, force.reason, force.since,
                 force.until, force.source),
            )  # fmt: skip

    def remove(self, tag: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM forces WHERE tag = ?", (tag,))

    def all(self) -> list[Force]:
        rows = self._db.execute(
            "SELECT tag, value, user, reason, since, until, source FROM forces ORDER BY tag"
        )
        return [force_from_row(row) for row in rows]

    async def read_all(self) -> list[Force]:
        return self.all()  # a local file: as quick as the loop's other work
