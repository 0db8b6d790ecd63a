"""A control room on a real field device for the end-to-end tests: a Modbus TCP device on
loopback (pymodbus), a project whose tags it holds, the server (in this process on a Runtime,
or ``python main.py server`` in a process of its own) and headless consoles (ConsoleClient in
this process, or ``headless_console.py`` in a process of its own, to be killed).

The device holds three holding registers of unit 1: ``NORTH.FLOW`` (0, writable 0..100),
``NORTH.LEVEL`` (1, 95 at the start: its HI alarm stands from the start) and ``SOUTH.TEMP``
(2). The users are room_bench's: ``ada`` (admin), ``olga`` (operator), ``vic`` (viewer)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

from tags.address import ModbusTable
from tags.config.project import Project, load_project
from tags.control_room.broker import parse_broker_url
from tags.control_room.console.console_client import ConsoleClient
from tags.control_room.console.sparkplug_host import UNREACHABLE
from tags.control_room.server.server import ControlRoomServer
from tags.control_room.topics import Topics
from tags.model import Batch, Quality, TagSample
from tags.runtime import Runtime
from tests.mqtt_broker import MqttBroker
from tests.paths import MAIN_PY, ROOT
from tests.tags.control_room.room_bench import PASSWORD, add_users
from tests.tags.drivers.modbus_server import ModbusTestServer
from tests.waiting import GENEROUS, until

PROJECT = """\
[project]
name = "Field room"
tag_files = ["tags.toml"]

[areas.NORTH]
description = "North plant"

[areas.SOUTH]
description = "South plant"

[connections.plc]
kind = "modbus"
host = "127.0.0.1"
port = {port}
timeout = 1
retries = 0

[scan_classes]
fast = 0.2

[security]
idle_lock_seconds = 600

[writes]
readback_timeout = 3
"""

TAGS = """\
[tags."NORTH.FLOW"]
unit = "m³/h"
source = "modbus://plc/1/hr/0"
range = [0, 200]
writable = true
write_limits = [0, 100]
scan = "fast"

[tags."NORTH.LEVEL"]
unit = "%"
source = "modbus://plc/1/hr/1"
range = [0, 100]
writable = true
write_limits = [0, 100]
scan = "fast"

[tags."NORTH.LEVEL".alarms]
hi = { limit = 90, on_delay = 0, off_delay = 0, deadband = 0 }

[tags."SOUTH.TEMP"]
unit = "°C"
source = "modbus://plc/1/hr/2"
range = [0, 100]
scan = "fast"
"""

HR = ModbusTable.HOLDING_REGISTER
UNIT = 1
REGISTERS = {"NORTH.FLOW": 0, "NORTH.LEVEL": 1, "SOUTH.TEMP": 2}
START_VALUES = {"NORTH.FLOW": 10, "NORTH.LEVEL": 95, "SOUTH.TEMP": 20}
NAMES = tuple(REGISTERS)
LEVEL_HI = "NORTH.LEVEL.HI"
"""Standing from the start (the level starts at 95, the limit is 90)."""
GROUP = "Field room"
"""The Sparkplug group: the project's name, the default of both sides."""
TOPICS = Topics(GROUP)


@dataclass
class FieldRoom:
    """The device, the broker and the project's files; servers and consoles come and go."""

    device: ModbusTestServer
    broker: MqttBroker
    folder: Path
    project_file: Path
    project: Project

    @property
    def data_dir(self) -> Path:
        return self.folder / "data"

    async def register(self, name: str) -> int:
        (value,) = await self.device.get_registers(UNIT, HR, REGISTERS[name], 1)
        return value

    async def set_register(self, name: str, value: int) -> None:
        await self.device.set_registers(UNIT, HR, REGISTERS[name], [value])

    def field_clients(self) -> int:
        """Client connections the device holds open now (counted on the device's side)."""
        return self.device.clients


@contextlib.asynccontextmanager
async def field_room(broker: MqttBroker, folder: Path) -> AsyncIterator[FieldRoom]:
    """The device running with its start values, the project written, the users added."""
    async with ModbusTestServer(units=(UNIT,), registers=16, bits=16) as device:
        for name, value in START_VALUES.items():
            await device.set_registers(UNIT, HR, REGISTERS[name], [value])
        project_folder = folder / "project"
        project_folder.mkdir(parents=True, exist_ok=True)
        (project_folder / "tags.toml").write_text(TAGS, encoding="utf-8")
        project_file = project_folder / "room.toml"
        project_file.write_text(PROJECT.format(port=device.port), encoding="utf-8")
        add_users(folder / "data")
        yield FieldRoom(device, broker, folder, project_file, load_project(project_file))


@dataclass
class Served:
    """A server running in this process."""

    runtime: Runtime
    server: ControlRoomServer


@contextlib.asynccontextmanager
async def served(room: FieldRoom) -> AsyncIterator[Served]:
    """The project run and served in this process, online on the broker."""
    runtime = Runtime(room.project, room.data_dir)
    await runtime.start()
    server = ControlRoomServer(runtime, parse_broker_url(room.broker.url, where="test"), TOPICS)
    server.start()
    try:
        await until(lambda: server.online)
        yield Served(runtime, server)
    finally:
        await server.stop()
        await runtime.stop()


@contextlib.contextmanager
def server_process(room: FieldRoom, name: str = "server") -> Iterator[subprocess.Popen[bytes]]:
    """``python main.py server`` on the room's project and data folder, its output in
    ``<name>.log``; killed at the end if still running."""
    command = [
        sys.executable, str(MAIN_PY), "--data-dir", str(room.data_dir), "server",
        "--project", str(room.project_file), "--broker", room.broker.url,
    ]  # fmt: skip
    with (room.folder / f"{name}.log").open("wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=_env(), stdout=log, stderr=subprocess.STDOUT
        )
        try:
            yield process
        finally:
            process.kill()
            process.wait(GENEROUS)


@contextlib.asynccontextmanager
async def console(room: FieldRoom, workstation: str) -> AsyncIterator[ConsoleClient]:
    """A headless console in this process, started (its values come with the births)."""
    client = ConsoleClient(
        room.project, parse_broker_url(room.broker.url, where="test"), workstation
    )
    await client.start()
    try:
        yield client
    finally:
        await client.stop()


async def console_process(
    room: FieldRoom, workstation: str, user: str
) -> asyncio.subprocess.Process:
    """``headless_console.py`` in a process of its own, logged in as ``user``; returns once
    it says it is ready (every value Good, the session open)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.tags.control_room.headless_console",
        str(room.project_file), room.broker.url, workstation, user,
        cwd=ROOT, env=_env(), stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(f"{PASSWORD}\n".encode())
    await process.stdin.drain()
    process.stdin.close()
    lines: list[str] = []
    async with asyncio.timeout(GENEROUS):
        while True:
            line = (await process.stdout.readline()).decode()
            if not line:
                raise AssertionError(f"the console process ended: {''.join(lines)}")
            lines.append(line)
            if line.startswith("ready"):
                return process


def broker_clients(broker: MqttBroker) -> int:
    """TCP connections the broker holds on its port (established, or closed by the client
    and not yet by the broker): one fewer once the broker has seen a client go."""
    open_states = {"01", "08"}  # ESTABLISHED, CLOSE_WAIT
    count = 0
    for table in (Path("/proc/net/tcp"), Path("/proc/net/tcp6")):
        if not table.exists():
            continue
        for line in table.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            if int(local.rsplit(":", 1)[1], 16) == broker.port and state in open_states:
                count += 1
    return count


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


# what a console shows ----------------------------------------------------------------------


def all_good(client: ConsoleClient, names: tuple[str, ...] = NAMES) -> bool:
    return all(client.db.get(n).quality is Quality.GOOD for n in names)


def all_unreachable(client: ConsoleClient) -> bool:
    """Every value Bad, saying the server is unreachable."""
    return all(s.quality.is_bad and s.reason == UNREACHABLE for s in client.db.snapshot().values())


def shows(client: ConsoleClient, name: str, value: float) -> bool:
    sample = client.db.get(name)
    return sample.quality is Quality.GOOD and sample.value == value


class Samples:
    """Every sample a console's database published, in order (db.subscribe)."""

    def __init__(self, client: ConsoleClient) -> None:
        self.seen: list[tuple[str, TagSample]] = []
        self._subscription = client.db.subscribe(self._take)

    def _take(self, batch: Batch) -> None:
        self.seen.extend(batch.items())

    def mark(self) -> int:
        return len(self.seen)

    def of(self, name: str, since: int = 0) -> list[TagSample]:
        return [sample for n, sample in self.seen[since:] if n == name]

    def close(self) -> None:
        self._subscription.close()
