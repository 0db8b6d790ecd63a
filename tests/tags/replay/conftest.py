"""The bookmark store of each kind (SQLite, PostgreSQL) for the tests of storage."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from tags.clock import Clock
from tags.replay.bookmarks import BookmarkStore, SqliteBookmarkStore
from tags.replay.pg_bookmarks import PgBookmarkStore
from tags.store.postgres import PgDatabase
from tags.store.url import StoreUrl
from tests.tags.replay.replay_support import OpenBookmarks


@pytest.fixture(params=["sqlite", "postgresql"])
def open_bookmarks(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[OpenBookmarks]:
    """Opens the same bookmark store again each call (with a clock, or the system's): the
    data folder's file, or one PostgreSQL database through a new connection pool."""
    with ExitStack() as opened:
        url: StoreUrl | None = None
        if request.param == "postgresql":
            url = request.getfixturevalue("pg_url")

        def open_store(clock: Clock | None = None) -> BookmarkStore:
            if url is None:
                return SqliteBookmarkStore(tmp_path / "bookmarks.db", clock)
            db = opened.enter_context(PgDatabase(url))
            return PgBookmarkStore(db, clock)

        yield open_store
