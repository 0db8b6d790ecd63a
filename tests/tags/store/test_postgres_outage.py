"""The shared database through an outage of its server (a server of this module's own):
calls fail as StoreUnavailable while it is away, the first call after its return gets a
working connection, and the log says "lost" once and "back" once, without psycopg's
warning for every failed attempt to connect."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from tags.store.postgres import PgDatabase, StoreUnavailable
from tags.store.url import StoreUrl
from tests.pg_server import PgServer, ensure_running


@pytest.fixture
def own_url(private_postgres_server: PgServer) -> Iterator[StoreUrl]:
    server = private_postgres_server
    name = server.new_database()
    yield server.url(name)
    ensure_running(server)
    server.drop_database(name)


async def _one(conn: psycopg.AsyncConnection[Any]) -> int:
    cur = await conn.execute("SELECT 1")
    row = await cur.fetchone()
    return int(row[0]) if row else 0


@pytest.mark.slow
def test_an_outage_is_logged_once_and_the_return_once(
    private_postgres_server: PgServer, own_url: StoreUrl, caplog: pytest.LogCaptureFixture
) -> None:
    server = private_postgres_server
    caplog.set_level(logging.INFO)
    with PgDatabase(own_url, timeout=0.5) as db:
        assert db.run(_one) == 1
        server.stop()
        try:
            for _ in range(4):
                with pytest.raises(StoreUnavailable, match=own_url.database):
                    db.run(_one)
            assert db.down_since is not None
        finally:
            server.start()
        assert db.run(_one) == 1  # the pool's dead connection is not handed out
        assert db.down_since is None
        assert db.run(_one) == 1
    warnings = [(r.name, r.getMessage()) for r in caplog.records if r.levelno >= logging.WARNING]
    assert [name for name, _ in warnings] == ["tags.store.postgres", "tags.store.postgres"]
    assert "cannot be reached" in warnings[0][1] and str(own_url) in warnings[0][1]
    assert "answers again" in warnings[1][1]


def test_a_server_restarted_while_idle_costs_no_failed_call(
    private_postgres_server: PgServer, own_url: StoreUrl, caplog: pytest.LogCaptureFixture
) -> None:
    """The pool's idle connection died with the restart: it is checked and replaced before
    use, so the store's next call works (an audit record is not refused for it)."""
    server = private_postgres_server
    with PgDatabase(own_url, timeout=2.0) as db:
        assert db.run(_one) == 1
        server.stop()
        server.start()
        assert db.run(_one) == 1
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
