"""A console of a server on the shared store with the read-only role (``hmi_reader``), on a
real PostgreSQL server and a real broker: the server, with a role granted ``hmi_writer``,
records history, the alarm journal and the audit trail; the console reads all three and
writes nothing (no migration, no record, no spool or key file in its data folder); the
database itself refuses the reader's writes; a role that may not read is refused in words
that name the table and the grant; a standalone console on the reader's role is refused,
as it would record history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
import pytest

from tags.clock import SystemClock
from tags.config.project import load_project
from tags.control_room.broker import parse_broker_url
from tags.control_room.console.client_runtime import ClientRuntime
from tags.control_room.console.server_choice import ServerChoice
from tags.history.pg_store import PgHistoryStore
from tags.model import Quality, TagSample
from tags.runtime import Runtime
from tags.store.migrations import READER, SchemaError
from tags.store.postgres import PgDatabase, StoreError
from tags.store.roles import StoreAccessError
from tags.store.url import StoreUrl
from tags.stores import Stores
from tests.mqtt_broker import MqttBroker
from tests.pg_server import PgServer
from tests.tags.control_room.room_bench import GROUP, LEVEL_HI, PASSWORD, write_project
from tests.tags.control_room.shared_store_room import (
    bench_project,
    server_on_the_store,
    shared_store,
)
from tests.waiting import recorded, until

pytestmark = pytest.mark.slow


def console_on(broker: MqttBroker, folder: Path, store: StoreUrl) -> ClientRuntime:
    """A console of the bench's server, reading ``store`` with its role."""
    choice = ServerChoice(parse_broker_url(broker.url, where="test"), GROUP, workstation="c1")
    project = load_project(write_project(folder / "console-project"))
    return ClientRuntime(project, folder / "console", choice, store=store)


@pytest.mark.asyncio
async def test_a_console_with_the_reader_role_reads_trends_journal_and_audit_and_writes_nothing(
    mqtt_broker: MqttBroker, postgres_server: PgServer, pg_url: StoreUrl, tmp_path: Path
) -> None:
    store = shared_store(postgres_server, pg_url)
    async with server_on_the_store(mqtt_broker, tmp_path, store.writer) as room:
        runtime = room.runtime
        assert runtime.stores.writable and runtime.historian is not None
        console = console_on(mqtt_broker, tmp_path, store.reader)
        try:
            assert not console.stores.writable and console.stores.access is not None
            assert console.stores.access.reader_only
            await console.start()
            await until(lambda: console.db.get("NORTH.FLOW").quality is Quality.GOOD)
            user = await console.server.session.login("ada", PASSWORD)  # the server audits it
            assert user.name == "ada"

            # trends: the server's history, through the console's read-only history
            await recorded(runtime.historian, "NORTH.FLOW", count=1)
            history = console.shared_history
            assert history is not None
            now = console.clock.now() + 1.0
            trend = await history.trend("NORTH.FLOW", now - 3600.0, now, 300)
            _times, values = trend.points()
            assert values and values[-1] == 10.0
            samples = await history.raw("NORTH.FLOW", 0.0, now)
            assert samples and samples[-1].value == 10.0

            # the alarm journal and the audit trail the server keeps
            assert runtime.alarm_journal.flush(30.0)
            entries = console.alarm_journal.query(alarm=LEVEL_HI)
            assert entries and entries[0].tag == "NORTH.LEVEL"
            await until(lambda: console.audit.query(user="ada", action="login"))

            # nothing the console holds may write
            assert console.stores.history_factory()(False).readonly  # asked to write: reads
            with pytest.raises(StoreError, match="open to read only"):
                console.audit.append("session_locked", user="ada", result="idle")
            with pytest.raises(StoreError, match="open to read only"):
                console.alarm_journal.write(entries[:1])
        finally:
            await console.stop()
        assert list((tmp_path / "console").iterdir()) == []  # no spool, key, anchor, file


def test_the_database_refuses_every_write_of_the_reader_role(
    postgres_server: PgServer, pg_url: StoreUrl
) -> None:
    store = shared_store(postgres_server, pg_url)
    writes = (  # history, journal, audit trail and its head, users, the schema itself
        "INSERT INTO hmi.samples (tag, t, q, f) VALUES (1, 1, 0, 1.0)",
        "INSERT INTO hmi.tags (name) VALUES ('X')",
        "DELETE FROM hmi.alarm_journal",
        "UPDATE hmi.audit SET reason = 'x'",
        "UPDATE hmi.audit_head SET seq = 0",
        "UPDATE hmi.users SET role = 'admin'",
        "CREATE TABLE hmi.mine (x int)",
    )
    kwargs: dict[str, Any] = dict(store.reader.connect_kwargs())
    with psycopg.connect(**kwargs, autocommit=True) as conn:
        for statement in writes:  # each refused by the database itself
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                conn.execute(statement)
    with PgDatabase(store.reader) as db:
        history = PgHistoryStore(db)  # the writer's mode, asked for by mistake
        try:
            with pytest.raises(StoreError, match="permission denied for sequence tags_id_seq"):
                history.append([("NORTH.FLOW", TagSample(1.0, Quality.GOOD, 1e9, 1e9))])
        finally:
            history.close()


def test_a_console_role_that_may_not_read_is_refused_naming_the_table_and_the_grant(
    mqtt_broker: MqttBroker, postgres_server: PgServer, pg_url: StoreUrl, tmp_path: Path
) -> None:
    shared_store(postgres_server, pg_url)
    name = f"nobody_{tmp_path.name}"[:60]
    with postgres_server.admin() as admin:
        admin.execute(f'CREATE ROLE "{name}" LOGIN')
    try:
        with pytest.raises(StoreAccessError) as refused:
            console_on(mqtt_broker, tmp_path, pg_url.as_user(name))
        assert str(refused.value).startswith(
            f"the store's role {name} may not read hmi.samples: grant {READER} "
        )
        assert f"--console-role {name}" in str(refused.value)
        with postgres_server.admin() as admin:
            admin.execute(f'GRANT {READER} TO "{name}"')
        console_on(mqtt_broker, tmp_path, pg_url.as_user(name)).stores.close()
    finally:
        with postgres_server.admin(pg_url.database) as admin:
            admin.execute(f'DROP OWNED BY "{name}"')
            admin.execute(f'DROP ROLE "{name}"')


def test_a_console_of_a_server_never_migrates_even_with_the_owner_role(
    mqtt_broker: MqttBroker, pg_url: StoreUrl, tmp_path: Path
) -> None:
    with pytest.raises(SchemaError, match="store init"):
        console_on(mqtt_broker, tmp_path, pg_url)  # an empty database: nothing is made
    with PgDatabase(pg_url) as db:
        assert db.run(_tables) == []


async def _tables(conn: psycopg.AsyncConnection[Any]) -> list[str]:
    cur = await conn.execute(
        "SELECT tablename FROM pg_tables "
        "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
    )
    return [str(row[0]) for row in await cur.fetchall()]


def test_a_standalone_console_on_the_reader_role_is_refused_as_it_must_record(
    postgres_server: PgServer, pg_url: StoreUrl, tmp_path: Path
) -> None:
    store = shared_store(postgres_server, pg_url)
    project = bench_project(tmp_path / "project", store.reader)
    with pytest.raises(StoreAccessError) as refused:
        Runtime(project, tmp_path / "console", analytics=True)
    assert str(refused.value).startswith(
        f"the store's role {store.reader.user} may only read (a member of {READER}), and a "
        "console or server that runs the plant"
    )
    assert "use a role granted hmi_writer" in str(refused.value)
    with Stores(store.reader, tmp_path / "console", SystemClock()) as stores:
        assert not stores.writable  # the reader still opens the stores to read (replay, reports)
