"""A small control room for the tests: a project of sim:// tags in two areas (one alarm standing
from the start, one value Bad from the start), its users, a server on a real broker, and a
console's MQTT client that collects what arrives and sends requests."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import aiomqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from tags.clock import Clock, SystemClock
from tags.config.project import load_project
from tags.control_room.broker import parse_broker_url
from tags.control_room.messages import Action, Answer, Request
from tags.control_room.server.server import ControlRoomServer
from tags.control_room.topics import Topics
from tags.paths import private_dir
from tags.runtime import Runtime
from tags.security.permissions import Role
from tags.stores import Stores
from tests.mqtt_broker import MqttBroker
from tests.waiting import GENEROUS, until

PROJECT = """\
[project]
name = "Room bench"
tag_files = ["tags.toml"]

[areas.NORTH]
description = "North plant"

[areas.SOUTH]
description = "South plant"

[scan_classes]
fast = 0.2

[security]
idle_lock_seconds = 600
"""

TAGS = """\
[tags."NORTH.FLOW"]
unit = "m³/h"
source = "sim://memory/FLOW?initial=10"
range = [0, 200]
writable = true
write_limits = [0, 100]
scan = "fast"

[tags."NORTH.FLOW".alarms]
hi = 150

[tags."NORTH.LEVEL"]
unit = "%"
source = "sim://memory/LEVEL?initial=95"
range = [0, 100]
writable = true
write_limits = [0, 100]
scan = "fast"

[tags."NORTH.LEVEL".alarms]
hi = { limit = 90, on_delay = 0, off_delay = 0, deadband = 0 }

[tags."SOUTH.TEMP"]
unit = "°C"
source = "sim://memory/TEMP?initial=20"
range = [0, 100]
writable = true
write_limits = [0, 80]
scan = "fast"

[tags."SOUTH.RUN"]
type = "bool"
source = "sim://memory/RUN?initial=true"
scan = "fast"

[tags."SOUTH.BROKEN"]
source = "sim://memory/BROKEN?initial=many"
scan = "fast"
"""

GROUP = "bench"
LEVEL_HI = "NORTH.LEVEL.HI"
"""Standing from the start (the level starts at 95, the limit is 90)."""
PASSWORD = "correct horse battery"
USERS = {"ada": Role.ADMIN, "olga": Role.OPERATOR, "vic": Role.VIEWER}


def write_project(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tags.toml").write_text(TAGS, encoding="utf-8")
    path = folder / "room.toml"
    path.write_text(PROJECT, encoding="utf-8")
    return path


def add_users(data_dir: Path) -> None:
    """The bench's users (an administrator first: without one, writes stay refused)."""
    with Stores(None, private_dir(data_dir), SystemClock()) as stores:
        users = stores.users()
        try:
            for name, role in USERS.items():
                users.add(name, role, PASSWORD)
        finally:
            users.close()


@dataclass
class Room:
    """A running server on the bench project."""

    runtime: Runtime
    server: ControlRoomServer
    topics: Topics
    data_dir: Path


@contextlib.asynccontextmanager
async def running_room(
    broker: MqttBroker,
    folder: Path,
    *,
    session_clock: Clock | None = None,
    idle_lock_s: float | None = None,
) -> AsyncIterator[Room]:
    """The bench project served on ``broker`` (its data in ``folder``)."""
    data_dir = folder / "data"
    add_users(data_dir)
    project = load_project(write_project(folder / "project"))
    runtime = Runtime(project, data_dir, analytics=True)
    await runtime.start()
    topics = Topics(GROUP)
    server = ControlRoomServer(
        runtime, parse_broker_url(broker.url, where="test"), topics,
        session_clock=session_clock, idle_lock_s=idle_lock_s,
    )  # fmt: skip
    server.start()
    try:
        await until(lambda: server.online)  # as a console waits for the online status
        yield Room(runtime, server, topics, data_dir)
    finally:
        await server.stop()
        await runtime.stop()


@dataclass
class Received:
    topic: str
    payload: bytes
    retain: bool


@dataclass
class Console:
    """A console's MQTT client: what arrived, in order, and requests with answers."""

    client: aiomqtt.Client
    topics: Topics
    workstation: str
    received: list[Received] = field(default_factory=list)
    answers: dict[bytes, asyncio.Future[Answer]] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=itertools.count)

    def on(self, topic: str) -> list[Received]:
        return [r for r in self.received if r.topic == topic]

    def last(self, topic: str) -> Received | None:
        found = self.on(topic)
        return found[-1] if found else None

    async def ask(
        self, action: Action, session: str = "", timeout: float = GENEROUS, **args: object
    ) -> Answer:
        correlation = f"{self.workstation}-{next(self._ids)}".encode()
        future: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()
        self.answers[correlation] = future
        properties = Properties(PacketTypes.PUBLISH)
        properties.ResponseTopic = self.topics.response(self.workstation)
        properties.CorrelationData = correlation
        payload = Request(action, session, args).to_json()
        await self.client.publish(
            self.topics.request(self.workstation), payload, qos=1, properties=properties
        )
        async with asyncio.timeout(timeout):
            return await future

    async def login(self, user: str, password: str = PASSWORD) -> str:
        answer = await self.ask(Action.LOGIN, user=user, password=password)
        assert answer.ok, answer.error
        return str(answer.result["session"])

    async def wait_for(self, topic: str, accept: object = None) -> Received:
        """The first message on ``topic`` (that ``accept(message)`` takes) received so far or
        from now on."""

        def found() -> Received | None:
            for r in self.on(topic):
                if accept is None or accept(r):  # type: ignore[operator]
                    return r
            return None

        await until(found)
        message = found()
        assert message is not None
        return message


@contextlib.asynccontextmanager
async def console(
    broker: MqttBroker, topics: Topics, workstation: str = "ws1", *subscriptions: str
) -> AsyncIterator[Console]:
    """A console subscribed to ``subscriptions`` (default: everything of the group) and to
    its response topic."""
    client = aiomqtt.Client(
        "127.0.0.1", broker.port, identifier=f"console-{workstation}",
        protocol=aiomqtt.ProtocolVersion.V5,
    )  # fmt: skip
    async with client:
        room = Console(client, topics, workstation)
        for topic in subscriptions or (topics.sparkplug_all, f"{topics.base}/#"):
            await client.subscribe(topic, qos=1)
        await client.subscribe(topics.response(workstation), qos=1)
        reader = asyncio.create_task(_read(room))
        try:
            yield room
        finally:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader


async def _read(room: Console) -> None:
    response = room.topics.response(room.workstation)
    async for message in room.client.messages:
        payload = message.payload
        data = bytes(payload) if isinstance(payload, bytes | bytearray) else b""
        topic = message.topic.value
        if topic == response:
            correlation = getattr(message.properties, "CorrelationData", None)
            future = room.answers.pop(bytes(correlation or b""), None)
            if future is not None and not future.done():
                future.set_result(Answer.from_json(data))
            continue
        room.received.append(Received(topic, data, bool(message.retain)))
