"""A control room whose server runs the plant analytics on steady figures: the energy tags of
the three demo plants as sim:// values (10 kA x 258 V per rectifier series, 0.8 t/h Mn,
450 t/h raw coal ...), one density reading out of its range (an instrument-health fault)
and the clean-coal ash above its HI limit (a standing alarm for the KPIs). The server on a
real broker, and a ClientRuntime (a console of it, no Qt) for the tests that need one."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from tags.config.project import Project, load_project
from tags.control_room.broker import parse_broker_url
from tags.control_room.console.client_runtime import ClientRuntime
from tags.control_room.console.server_choice import ServerChoice
from tags.control_room.server.server import ControlRoomServer
from tags.control_room.topics import Topics
from tags.runtime import Runtime
from tests.mqtt_broker import MqttBroker
from tests.tags.analytics.energy_support import demo_energy_toml
from tests.tags.control_room.room_bench import Room, add_users
from tests.waiting import until

GROUP = "energy-room"
DENSITY = "CWP.DMC.DENS"
"""Reads 2.5 on a 1.2..2.0 range: out of range, a fault of the instrument health."""
ASH_HI = "CWP.CLEAN.ASH.HI"

PROJECT = """\
[project]
name = "Energy room"
tag_files = ["tags.toml"]

[areas.EMM]
description = "Cell house"

[areas.CWP]
description = "Coal washing"

[areas.SCO2]
description = "sCO2 loop"

[scan_classes]
fast = 0.5

[security]
idle_lock_seconds = 600

[plant_analytics]
timezone = "UTC"
"""
PROJECT += "\n" + demo_energy_toml()

FIGURES = {
    "EMM.RECT1.IDC": ("kA", 10.0, 20), "EMM.RECT1.UDC": ("V", 258.0, 400),
    "EMM.RECT2.IDC": ("kA", 10.0, 20), "EMM.RECT2.UDC": ("V", 258.0, 400),
    "EMM.KPI.MN_RATE": ("t/h", 0.8, 2), "EMM.KPI.CE": ("%", 65.0, 100),
    "CWP.FEED.TPH": ("t/h", 450.0, 800), "CWP.CLEAN.TPH": ("t/h", 250.0, 600),
    "CWP.CLEAN.ASH": ("%", 9.8, 30), "CWP.MAG.CONSUMPTION": ("kg/t", 1.2, 5),
    "SCO2.KPI.HEAT_RECOVERED": ("MW", 19.0, 40), "SCO2.GEN.P": ("MW", 5.0, 10),
    "SCO2.NET.P": ("MW", 4.6, 10),
}  # fmt: skip


def tags_toml() -> str:
    lines: list[str] = []
    for name, (unit, value, top) in FIGURES.items():
        leaf = name.replace(".", "_")
        lines += [f'[tags."{name}"]', f'unit = "{unit}"',
                  f'source = "sim://memory/{leaf}?initial={value}"', f"range = [0, {top}]",
                  'scan = "fast"', ""]  # fmt: skip
    lines += ['[tags."CWP.CLEAN.ASH".alarms]', "hi = { limit = 9.5, on_delay = 0 }", ""]
    lines += [f'[tags."{DENSITY}"]', 'unit = "t/m³"', 'source = "sim://memory/DENS?initial=2.5"',
              "range = [1.2, 2.0]", 'scan = "fast"', ""]  # fmt: skip
    return "\n".join(lines)


def write_project(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tags.toml").write_text(tags_toml(), encoding="utf-8")
    path = folder / "energy.toml"
    path.write_text(PROJECT, encoding="utf-8")
    return path


def room_project(folder: Path) -> Project:
    return load_project(folder / "project" / "energy.toml")


@contextlib.asynccontextmanager
async def analytics_room(broker: MqttBroker, folder: Path) -> AsyncIterator[Room]:
    """The server of the energy room on ``broker`` (its data in ``folder``), analytics on."""
    data_dir = folder / "data"
    add_users(data_dir)
    project = load_project(write_project(folder / "project"))
    runtime = Runtime(project, data_dir, analytics=True)
    await runtime.start()
    topics = Topics(GROUP)
    server = ControlRoomServer(runtime, parse_broker_url(broker.url, where="test"), topics)
    server.start()
    try:
        await until(lambda: server.online)
        yield Room(runtime, server, topics, data_dir)
    finally:
        await server.stop()
        await runtime.stop()


@contextlib.asynccontextmanager
async def console_of(
    broker: MqttBroker, folder: Path, workstation: str = "ws-7"
) -> AsyncIterator[ClientRuntime]:
    """A console (no Qt) of the energy room's server, started; stopped at the end."""
    choice = ServerChoice(
        parse_broker_url(broker.url, where="test"), GROUP, workstation=workstation
    )
    runtime = ClientRuntime(room_project(folder), folder / f"console-{workstation}", choice)
    await runtime.start()
    try:
        yield runtime
    finally:
        await runtime.stop()
