"""Bookmarks on PostgreSQL: the server's writer role keeps them, a console's reader role only
reads them (real server, real roles)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tags.replay.pg_bookmarks import PgBookmarkStore
from tags.store.migrations import READER, WRITER
from tags.store.postgres import PgDatabase, StoreError
from tags.store.url import StoreUrl
from tests.pg_login_roles import login_as
from tests.pg_server import PgServer

T0 = 1_749_945_600.0


def test_the_writer_keeps_bookmarks_and_a_console_only_reads_them(
    pg_url: StoreUrl, postgres_server: PgServer, tmp_path: Path
) -> None:
    recording = tmp_path / "shift.db"
    with PgDatabase(pg_url) as owner:
        PgBookmarkStore(owner)
    with PgDatabase(login_as(postgres_server, pg_url, WRITER)) as db:
        server = PgBookmarkStore(db)
        kept = server.add(recording, T0 + 10, "feed trips", "ada")
        gone = server.add(recording, T0 + 20, "a typo", "ada")
        server.delete(gone.id)
    with PgDatabase(login_as(postgres_server, pg_url, READER)) as db:
        console = PgBookmarkStore(db)
        assert console.of(recording) == [kept]
        with pytest.raises(StoreError, match="permission denied"):
            console.add(recording, T0, "mine", "bob")
        with pytest.raises(StoreError, match="permission denied"):
            console.delete(kept.id)
        assert console.of(recording) == [kept]
