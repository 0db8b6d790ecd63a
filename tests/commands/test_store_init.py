"""``python main.py store init`` on a real PostgreSQL server: schema, group roles, the
server's and the consoles' login roles, every store's tables; a second run changes nothing;
a console's role logs in with its password and may read but not create or write."""

from __future__ import annotations

import base64
import contextlib
import io
import sys

import psycopg
import pytest

import main
from commands.store import init
from tags.store.migrations import READER, WRITER, Component
from tags.store.roles import scram_verifier
from tags.store.url import StoreUrl
from tests.pg_server import PASSWORD_GROUP, PgServer

READINGS = Component(
    "readings",
    (
        "CREATE TABLE readings (t double precision PRIMARY KEY, v double precision);"
        f" GRANT SELECT, INSERT ON readings TO {WRITER}; GRANT SELECT ON readings TO {READER};",
    ),
)


def _roles(pg_url: StoreUrl, postgres_server: PgServer) -> tuple[str, str]:
    """Login role names of this test (role names are cluster-wide), none of them there yet;
    both authenticate with a password."""
    server, console = f"srv_{pg_url.database}", f"con_{pg_url.database}"
    with postgres_server.admin() as admin:
        admin.execute(f"DROP ROLE IF EXISTS {server}")
        admin.execute(f"DROP ROLE IF EXISTS {console}")
        with contextlib.suppress(psycopg.errors.DuplicateObject):
            admin.execute(f"CREATE ROLE {PASSWORD_GROUP} NOLOGIN")
    return server, console


def _connect(url: StoreUrl, user: str, password: str) -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(
        host=url.host, port=url.port, dbname=url.database, user=user, password=password,
        autocommit=True, options="-c search_path=hmi",
    )  # fmt: skip


def test_init_makes_schema_roles_and_tables_then_says_up_to_date(
    pg_url: StoreUrl, postgres_server: PgServer
) -> None:
    server, console = _roles(pg_url, postgres_server)
    out = io.StringIO()
    logins = [(server, WRITER, "server secret"), (console, READER, "console secret")]
    assert init(pg_url, out, logins, components=[READINGS]) == 0
    lines = out.getvalue().splitlines()
    assert f"created login role {server} (member of {WRITER})" in lines
    assert f"created login role {console} (member of {READER})" in lines
    assert f"set the password of {server}" in lines
    assert "readings: schema version 0 -> 1" in lines
    assert lines[-1] == f"{pg_url}: ready (1 stores)"
    with postgres_server.admin(pg_url.database) as admin:
        assert admin.execute("SELECT 1 FROM pg_namespace WHERE nspname = 'hmi'").fetchone()
        for role in (server, console):
            admin.execute(f"GRANT {PASSWORD_GROUP} TO {role}")  # log in with the password

    out = io.StringIO()
    assert init(pg_url, out, [(server, WRITER, None), (console, READER, None)],
                components=[READINGS]) == 0  # fmt: skip
    assert out.getvalue() == f"{pg_url}: already up to date (1 stores)\n"

    with _connect(pg_url, server, "server secret") as conn:
        conn.execute("INSERT INTO readings VALUES (1, 2.5)")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE readings SET v = 0")
    with _connect(pg_url, console, "console secret") as conn:
        assert conn.execute("SELECT v FROM readings").fetchall() == [(2.5,)]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO readings VALUES (2, 0)")
        for schema in ("hmi", "public"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"CREATE TABLE {schema}.mine (x int)")
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        _connect(pg_url, console, "wrong").close()


def test_an_existing_role_is_made_a_member_and_given_its_password(
    pg_url: StoreUrl, postgres_server: PgServer
) -> None:
    _, console = _roles(pg_url, postgres_server)
    with postgres_server.admin() as admin:
        admin.execute(f"CREATE ROLE {console} NOLOGIN IN ROLE {PASSWORD_GROUP}")
    out = io.StringIO()
    assert init(pg_url, out, [(console, READER, "pw one")], components=[]) == 0
    lines = out.getvalue().splitlines()
    assert f"role {console} may log in" in lines
    assert f"granted {READER} to {console}" in lines
    _connect(pg_url, console, "pw one").close()


def test_the_command_line_reads_the_passwords_from_stdin(
    pg_url: StoreUrl, postgres_server: PgServer, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    server, console = _roles(pg_url, postgres_server)
    monkeypatch.setattr(sys, "stdin", io.StringIO("first\nsecond\n"))
    code = main.main(["store", "init", "--url", str(pg_url), "--server-role", server,
                      "--console-role", console, "--password-stdin"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0, out
    assert f"created login role {server} (member of {WRITER})" in out
    with postgres_server.admin() as admin:
        admin.execute(f"GRANT {PASSWORD_GROUP} TO {server}, {console}")
    _connect(pg_url, server, "first").close()
    _connect(pg_url, console, "second").close()


def test_a_url_with_a_password_or_not_postgresql_is_bad_usage(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main.main(["store", "init", "--url", "postgresql://a:pw@h/db"]) == 2
    assert "holds a password" in capsys.readouterr().out
    assert main.main(["store", "init", "--url", "sqlite"]) == 2
    assert "must be a postgresql:// URL" in capsys.readouterr().out


def test_a_server_that_is_not_there_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tests.pg_server import free_port

    url = f"postgresql://postgres@127.0.0.1:{free_port()}/nowhere"
    assert main.main(["store", "init", "--url", url]) == 1
    out = capsys.readouterr().out
    assert out.startswith("store init: ") and "nowhere" in out and len(out.splitlines()) == 1


def test_the_verifier_is_what_postgresql_computes(postgres_server: PgServer) -> None:
    """Same salt and iterations: the server's own hash of the password is ours."""
    with postgres_server.admin() as admin:
        admin.execute("DROP ROLE IF EXISTS scram_probe")
        admin.execute("SET password_encryption = 'scram-sha-256'")
        admin.execute("CREATE ROLE scram_probe PASSWORD 'pässwörd one'")
        row = admin.execute(
            "SELECT rolpassword FROM pg_authid WHERE rolname = 'scram_probe'"
        ).fetchone()
        admin.execute("DROP ROLE scram_probe")
    assert row is not None
    theirs = str(row[0])
    _, iterations_salt, _ = theirs.split("$")
    their_salt = base64.b64decode(iterations_salt.split(":")[1])
    assert scram_verifier("pässwörd one", salt=their_salt) == theirs
    assert scram_verifier("pässwörd one") != theirs  # a new salt each time


def test_init_makes_every_store_of_the_program(pg_url: StoreUrl) -> None:
    from tags.store_components import components

    out = io.StringIO()
    assert init(pg_url, out, []) == 0
    names = [c.name for c in components()]
    for name in names:
        assert f"{name}: schema version 0 -> " in out.getvalue()
    again = io.StringIO()
    assert init(pg_url, again, []) == 0
    assert f"already up to date ({len(names)} stores)" in again.getvalue()
