"""The force store a test opens: the data folder's SQLite file or a PostgreSQL database (a
real server), each test run on both."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest

from tags.forcing.pg_store import PgForceStore
from tags.forcing.store import ForceStore, SqliteForceStore
from tags.store.postgres import PgDatabase
from tags.store.url import StoreUrl

Opener = Callable[[], AbstractContextManager[ForceStore]]


@pytest.fixture(params=["sqlite", "postgresql"])
def open_store(request: pytest.FixtureRequest, tmp_path: Path) -> Opener:
    """Opens the same force store anew each time (a process starting again)."""
    if request.param == "sqlite":
        return lambda: SqliteForceStore.in_data_dir(tmp_path)
    url: StoreUrl = request.getfixturevalue("pg_url")

    @contextmanager
    def pg() -> Iterator[ForceStore]:
        with PgDatabase(url) as db, PgForceStore(db) as store:
            yield store

    return pg
