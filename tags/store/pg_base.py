"""The shared base of the stores kept in the PostgreSQL database (tags/store/postgres.py)."""

from __future__ import annotations

from typing import ClassVar, Self

from tags.store.migrations import Component, migrate
from tags.store.postgres import PgDatabase


class PgStore:
    """A store whose tables are one migrations ``Component`` in the shared database.

    Opening brings its tables to this program's version (``apply=False``: only checks them,
    for a reader). ``close`` leaves the database, shared by the process's stores, to its
    owner: the connections belong to the database's pool.
    """

    COMPONENT: ClassVar[Component]

    def __init__(self, db: PgDatabase, *, apply: bool = True) -> None:
        self.db = db
        db.run(lambda conn: migrate(conn, self.COMPONENT, apply=apply))

    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
