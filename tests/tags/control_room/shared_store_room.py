"""The bench's control room on the shared PostgreSQL store with its two login roles: the
store made by its owner (as ``store init`` does), the server's role granted ``hmi_writer``
(it records history, the alarm journal and the audit trail) and a console's role granted
``hmi_reader`` (it reads them); the bench's users in the store."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from tags.clock import SystemClock
from tags.config.project import Project, load_project
from tags.control_room.broker import parse_broker_url
from tags.control_room.server.server import ControlRoomServer
from tags.control_room.topics import Topics
from tags.paths import private_dir
from tags.runtime import Runtime
from tags.store.migrations import READER, WRITER
from tags.store.postgres import PgDatabase
from tags.store.roles import prepare_store
from tags.store.url import StoreUrl
from tags.store_components import components
from tags.stores import Stores
from tests.mqtt_broker import MqttBroker
from tests.pg_login_roles import login_as
from tests.pg_server import PgServer
from tests.tags.control_room.room_bench import GROUP, PASSWORD, USERS, write_project
from tests.waiting import until


@dataclass(frozen=True)
class SharedStore:
    """One database made by its owner, and a login role of each kind on it."""

    owner: StoreUrl
    writer: StoreUrl
    reader: StoreUrl


def shared_store(server: PgServer, owner: StoreUrl) -> SharedStore:
    """Make every table as the owner, then a server's and a console's login role."""
    with PgDatabase(owner) as db:
        db.run(lambda conn: prepare_store(conn, components(), []))
    return SharedStore(owner, login_as(server, owner, WRITER), login_as(server, owner, READER))


def add_users(store: StoreUrl, data_dir: Path) -> None:
    """The bench's users, in the shared store (as the server's role may add them)."""
    with Stores(store, private_dir(data_dir), SystemClock()) as stores:
        users = stores.users()
        try:
            for name, role in USERS.items():
                users.add(name, role, PASSWORD)
        finally:
            users.close()


def bench_project(folder: Path, store: StoreUrl) -> Project:
    """The bench's project, its ``[store]`` the given one."""
    return dataclasses.replace(load_project(write_project(folder)), store=store)


@dataclass
class StoredRoom:
    runtime: Runtime
    server: ControlRoomServer
    project: Project


@contextlib.asynccontextmanager
async def server_on_the_store(
    broker: MqttBroker, folder: Path, store: StoreUrl
) -> AsyncIterator[StoredRoom]:
    """The bench's server recording into ``store`` with its role, served on ``broker``."""
    add_users(store, folder / "server")
    project = bench_project(folder / "project", store)
    runtime = Runtime(project, folder / "server", analytics=True)
    await runtime.start()
    server = ControlRoomServer(runtime, parse_broker_url(broker.url, where="test"), Topics(GROUP))
    server.start()
    try:
        await until(lambda: server.online)
        yield StoredRoom(runtime, server, project)
    finally:
        await server.stop()
        await runtime.stop()
