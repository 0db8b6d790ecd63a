"""How the historian opens its store: ``factory(readonly)`` on the thread that will use it,
the data folder's SQLite file or the shared PostgreSQL database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tags.history.store import HistoryStore

if TYPE_CHECKING:
    from tags.store.postgres import PgDatabase

StoreFactory = Callable[[bool], HistoryStore]
"""Opens the history: ``factory(readonly)``; called on the thread that will use the store."""


def sqlite_factory(path: Path) -> StoreFactory:
    def open_store(readonly: bool) -> HistoryStore:
        from tags.history.sqlite_store import SqliteHistoryStore

        return SqliteHistoryStore(path, readonly=readonly)

    return open_store


def postgresql_factory(db: PgDatabase) -> StoreFactory:
    """Stores in a shared PostgreSQL database: one store object per call, all on ``db``'s
    pool (the caller closes ``db`` after the historian stopped)."""

    def open_store(readonly: bool) -> HistoryStore:
        from tags.history.pg_store import PgHistoryStore

        return PgHistoryStore(db, readonly=readonly)

    return open_store
