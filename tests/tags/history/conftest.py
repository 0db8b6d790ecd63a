"""Fixtures of the historian tests: a history store of each kind (SQLite in tmp_path, and
PostgreSQL in a fresh database of the test server), so one suite checks both."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from tags.history.sqlite_store import SqliteHistoryStore
from tags.history.store import HistoryStore
from tags.history.store_factory import StoreFactory, postgresql_factory
from tags.store.postgres import PgDatabase

STORES = ["sqlite", "postgresql"]


class History:
    """One history of either kind: ``open()`` gives its writer, ``open(True)`` a reader."""

    def __init__(self, kind: str, factory: StoreFactory, db: PgDatabase | None = None) -> None:
        self.kind = kind
        self.factory = factory
        self.db = db

    def open(self, readonly: bool = False) -> HistoryStore:
        return self.factory(readonly)


@pytest.fixture(params=STORES)
def history(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[History]:
    if request.param == "sqlite":
        path = tmp_path / "history.db"

        def open_sqlite(readonly: bool) -> HistoryStore:
            return SqliteHistoryStore(path, readonly=readonly, durable=False)

        yield History("sqlite", open_sqlite)
        return
    url = request.getfixturevalue("pg_url")
    with PgDatabase(url) as db:
        yield History("postgresql", postgresql_factory(db), db)


@pytest.fixture
def store(history: History) -> Iterator[HistoryStore]:
    """The writer of a history of each kind."""
    with closing(history.open()) as opened:
        yield opened


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[SqliteHistoryStore]:
    with SqliteHistoryStore(tmp_path / "history.db", durable=False) as opened:
        yield opened
