"""A control room served by a redundant pair for the end-to-end tests: a real Modbus device, a
real PostgreSQL store, a real broker, and two ``python main.py server`` processes on the same
project and store (each with a data folder of its own holding the same audit key), watched by
headless consoles in this process.

The project is field_room's device and tags plus an alarm on ``SOUTH.TEMP`` (hi 50: normal at
the start) and the ``[store]`` on the test's database."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from commands.project import audit_verify
from tags.clock import SystemClock
from tags.config.project import Project, load_project
from tags.control_room.broker import parse_broker_url
from tags.control_room.console.console_client import ConsoleClient
from tags.paths import private_dir
from tags.security.audit_key import create_key
from tags.store.url import StoreUrl
from tags.stores import Stores
from tests.mqtt_broker import MqttBroker
from tests.paths import MAIN_PY, ROOT
from tests.pg_server import PgServer
from tests.tags.control_room.field_room import (
    HR,
    PROJECT,
    REGISTERS,
    START_VALUES,
    TAGS,
    UNIT,
    all_good,
)
from tests.tags.control_room.room_bench import PASSWORD, USERS
from tests.tags.drivers.modbus_server import ModbusTestServer
from tests.waiting import GENEROUS, until

TEMP_HI = "SOUTH.TEMP.HI"
"""Normal at the start (20 °C, limit 50)."""
EXTRA_ALARM = """
[tags."SOUTH.TEMP".alarms]
hi = { limit = 50, on_delay = 0, off_delay = 0, deadband = 0 }
"""


@dataclass
class PairRoom:
    device: ModbusTestServer
    broker: MqttBroker
    postgres: PgServer
    store: StoreUrl
    folder: Path
    project_file: Path
    project: Project
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def data_dir(self, instance: str) -> Path:
        return self.folder / f"data-{instance}"

    def log(self, instance: str) -> str:
        path = self.folder / f"{instance}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def says(self, instance: str, text: str, times: int = 1) -> bool:
        return self.log(instance).count(text) >= times

    async def set_register(self, name: str, value: int) -> None:
        await self.device.set_registers(UNIT, HR, REGISTERS[name], [value])

    def field_clients(self) -> int:
        return self.device.clients

    def start(self, instance: str) -> subprocess.Popen[bytes]:
        """``python main.py server`` as ``instance`` of the pair, its output in
        ``<instance>.log`` (appended: a restarted server goes on in the same file)."""
        command = [
            sys.executable, str(MAIN_PY), "--data-dir", str(self.data_dir(instance)),
            "--store", str(self.store), "server", "--project", str(self.project_file),
            "--broker", self.broker.url, "--instance", instance,
        ]  # fmt: skip
        with (self.folder / f"{instance}.log").open("ab") as log:
            process = subprocess.Popen(
                command, cwd=ROOT, env=_env(), stdout=log, stderr=subprocess.STDOUT
            )
        self.processes[instance] = process
        return process

    async def primary(self, instance: str, times: int = 1) -> None:
        """Wait until ``instance`` said it is primary (``times`` times in its life: counted
        in its own lines, not the log lines that repeat them)."""
        await self.said(instance, f"server {instance}: primary (", times)

    async def standby(self, instance: str, times: int = 1) -> None:
        await self.said(instance, f"server {instance}: standby: ready", times)

    async def said(self, instance: str, text: str, times: int = 1) -> None:
        """Wait until ``instance``'s output holds ``text`` ``times`` times; on a timeout, fail
        with whether the process still runs and the end of its output."""
        try:
            await until(lambda: self.says(instance, text, times), GENEROUS * 2)
        except TimeoutError as timeout:
            process = self.processes.get(instance)
            state = "not started" if process is None else f"exit code {process.poll()}"
            with self.postgres.admin(self.store.database) as admin:
                row = admin.execute("SELECT count(*) FROM pg_stat_activity").fetchone()
            sessions = f"{row[0] if row else '?'} sessions on the PostgreSQL server"
            tail = self.log(instance)[-4000:]
            raise AssertionError(
                f"{instance} ({state}; {sessions}) never said {text!r}:\n{tail}"
            ) from timeout

    def lock_backend(self, instance: str) -> int:
        """The PostgreSQL backend of ``instance``'s leadership session."""
        with self.postgres.admin(self.store.database) as admin:
            row = admin.execute(
                "SELECT pid FROM pg_stat_activity WHERE application_name = %s",
                (f"hmi server {instance}",),
            ).fetchone()
        assert row is not None, f"{instance} has no leadership session"
        return int(str(row[0]))

    def cut_from_store(self, instance: str) -> None:
        """End ``instance``'s leadership session from the server's side."""
        with self.postgres.admin(self.store.database) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (self.lock_backend(instance),))

    def query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        with self.postgres.admin(self.store.database) as admin:
            return list(admin.execute(sql, params).fetchall())


@contextlib.asynccontextmanager
async def console(room: PairRoom, workstation: str) -> AsyncIterator[ConsoleClient]:
    """A headless console of the room's broker."""
    client = ConsoleClient(room.project, parse_broker_url(room.broker.url, where="t"), workstation)
    await client.start()
    try:
        yield client
    finally:
        await client.stop()


def served_by(client: ConsoleClient) -> str:
    """The instance serving ``client`` ("" while none is online)."""
    info = client.link.server_info
    return str(info.get("instance", "")) if info.get("online") else ""


def verified(room: PairRoom, instance: str) -> str:
    """``audit verify`` on the store with ``instance``'s key: its output (it must pass)."""
    out = io.StringIO()
    code = audit_verify(room.data_dir(instance), out, store=room.store)
    assert code == 0, out.getvalue()
    return out.getvalue()


async def up(room: PairRoom) -> None:
    """``a`` primary, then ``b`` a ready standby."""
    room.start("a")
    await room.primary("a")
    room.start("b")
    await room.standby("b")


@contextlib.asynccontextmanager
async def pair_room(
    broker: MqttBroker, postgres: PgServer, store: StoreUrl, folder: Path, extra: str = ""
) -> AsyncIterator[PairRoom]:
    """The device, the project on the store (``extra``: more of the project file), the users
    in the store and the key in both data folders; the servers are started by the test
    (``room.start``) and killed at the end."""
    async with ModbusTestServer(units=(UNIT,), registers=16, bits=16) as device:
        for name, value in START_VALUES.items():
            await device.set_registers(UNIT, HR, REGISTERS[name], [value])
        project_folder = folder / "project"
        project_folder.mkdir(parents=True, exist_ok=True)
        (project_folder / "tags.toml").write_text(TAGS + EXTRA_ALARM, encoding="utf-8")
        project_file = project_folder / "room.toml"
        project_file.write_text(PROJECT.format(port=device.port) + extra, encoding="utf-8")
        first = private_dir(folder / "data-a")
        create_key(first / "audit.key")
        for other in ("b",):
            shutil.copy2(first / "audit.key", private_dir(folder / f"data-{other}") / "audit.key")
        with Stores(store, first, SystemClock()) as stores:
            users = stores.users()
            try:
                for name, role in USERS.items():
                    users.add(name, role, PASSWORD)
            finally:
                users.close()
        room = PairRoom(device, broker, postgres, store, folder, project_file,
                        load_project(project_file))  # fmt: skip
        try:
            yield room
        finally:
            for process in room.processes.values():
                process.kill()
                process.wait(GENEROUS)


@contextlib.asynccontextmanager
async def served_pair(
    broker: MqttBroker, postgres: PgServer, store: StoreUrl, folder: Path, extra: str = ""
) -> AsyncIterator[tuple[PairRoom, ConsoleClient]]:
    """``pair_room`` with ``a`` primary, ``b`` a ready standby and a console ``ws-a`` showing
    every value Good as served by ``a``."""
    async with (
        pair_room(broker, postgres, store, folder, extra) as room,
        console(room, "ws-a") as client,
    ):
        await up(room)
        await until(lambda: all_good(client) and served_by(client) == "a", GENEROUS * 2)
        yield room, client


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}
