"""A control room whose server trains: the demo project on a Runtime with its embedded field
simulator (Modbus TCP and OPC UA on free loopback ports), served on a real broker, and
consoles of that server (ClientRuntime, as the Qt console runs it). The demo accounts are
the users: ``supervisor`` trains, ``operator`` is the trainee, ``viewer`` may not train."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from tags.config.project import Project
from tags.control_room.broker import parse_broker_url
from tags.control_room.console.client_runtime import ClientRuntime
from tags.control_room.console.server_choice import ServerChoice
from tags.control_room.server.server import ControlRoomServer
from tags.control_room.topics import Topics
from tags.runtime import Runtime
from tags.store.url import StoreUrl
from tests.mqtt_broker import MqttBroker
from tests.tags.control_room.room_bench import Room
from tests.tags.training.training_support import demo_project
from tests.waiting import until

GROUP = "training-room"
PUMP_TRIP = "emm-pump-trip"
"""Its effect, as the scenario says: EMM.CIRC.P1.RUN = 0 and EMM.CIRC.NO_FLOW = 1 at once."""
P1_RUN = "EMM.CIRC.P1.RUN"
NO_FLOW = "EMM.CIRC.NO_FLOW"


@contextlib.asynccontextmanager
async def training_server(
    broker: MqttBroker, folder: Path, *, store: StoreUrl | None = None
) -> AsyncIterator[Room]:
    """The demo project served on ``broker`` with its simulator running (its data in
    ``folder``; ``store``: the shared store it records into)."""
    data_dir = folder / "server"
    runtime = Runtime(demo_project(), data_dir, store=store)
    await runtime.start()
    topics = Topics(GROUP)
    server = ControlRoomServer(runtime, parse_broker_url(broker.url, where="test"), topics)
    try:
        await until(lambda: runtime.db.get(P1_RUN).quality.is_good)
        server.start()
        await until(lambda: server.online)
        yield Room(runtime, server, topics, data_dir)
    finally:
        await server.stop()
        await runtime.stop()


def console_project(store: StoreUrl | None = None) -> Project:
    """The project a console of the server loads (its own copy of the server's)."""
    import dataclasses

    project = demo_project()
    return project if store is None else dataclasses.replace(project, store=store)


def choice_of(broker: MqttBroker, workstation: str) -> ServerChoice:
    return ServerChoice(parse_broker_url(broker.url, where="test"), GROUP, workstation=workstation)


@contextlib.asynccontextmanager
async def console_of(
    broker: MqttBroker, folder: Path, workstation: str, *, store: StoreUrl | None = None
) -> AsyncIterator[ClientRuntime]:
    """A console of the training server, connected and showing its values."""
    client = ClientRuntime(console_project(store), folder / workstation,
                           choice_of(broker, workstation))  # fmt: skip
    await client.start()
    try:
        await until(lambda: client.server.reachable)
        await until(lambda: client.training.state() is not None)
        yield client
    finally:
        await client.stop()
