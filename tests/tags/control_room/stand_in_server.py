"""A stand-in for the control room's server, for the console side's tests: a small Sparkplug
edge node on the real broker (the real codec, aiomqtt, the NDEATH as its will) that publishes
births, data and deaths, retained alarms, states and status, and answers requests.

The test drives it step by step (``data``, ``skip_seq``, ``set_alarm``, ``kill`` ...), so each
behaviour of the console is checked against what the protocol says the server does; the
integration with the real server is tested where both meet.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import socket
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import aiomqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from tags.alarms.state import AlarmState, AlarmView
from tags.config.project import Project, load_project
from tags.control_room import sparkplug as spb
from tags.control_room.messages import (
    Action,
    Answer,
    Refusal,
    Request,
    alarm_to_json,
    dumps,
    user_to_json,
)
from tags.control_room.sparkplug import MessageType, SequenceNumber
from tags.control_room.topics import Topics
from tags.model import Quality, TagDef, TagSample
from tags.security.permissions import Role, User
from tests.mqtt_broker import MqttBroker

PROJECT = """\
[project]
name = "Bench"
tag_files = ["tags.toml"]

[areas.TST]
description = "Test bench"

[areas.AUX]
description = "Auxiliaries"
"""

TAGS = """\
[tags."TST.FLOW"]
source = "sim://memory/FLOW"
unit = "m3/h"
range = [0, 100]

[tags."TST.FLOW".alarms]
hi = { limit = 80, priority = "high", message = "Flow high", group = "FEED" }
lo = { limit = 10, group = "FEED" }

[tags."TST.LEVEL"]
source = "sim://memory/LEVEL"
range = [0, 100]
alarms = { hihi = { limit = 95, priority = "critical" } }

[tags."TST.PUMP"]
type = "bool"
source = "sim://memory/PUMP"

[tags."AUX.TEXT"]
type = "string"
source = "sim://memory/TEXT"

[tags."AUX.COUNT"]
type = "int"
source = "sim://memory/COUNT"
"""

PASSWORD = "right-password"


def bench_project(folder: Path) -> Project:
    """Five tags in two areas (TST, AUX), three of them with alarms."""
    (folder / "tags.toml").write_text(TAGS, encoding="utf-8")
    path = folder / "project.toml"
    path.write_text(PROJECT, encoding="utf-8")
    return load_project(path)


def first_values(now: float) -> dict[str, TagSample]:
    """What the stand-in serves first: every data type, one value Bad with its reason."""
    return {
        "TST.FLOW": TagSample(42.5, Quality.GOOD, now - 1.0, now),
        "TST.LEVEL": TagSample(61.0, Quality.BAD_SENSOR_FAILURE, now - 2.0, now, "LT-1 open"),
        "TST.PUMP": TagSample(True, Quality.GOOD, now - 3.0, now),
        "AUX.TEXT": TagSample("RUN", Quality.GOOD, now - 4.0, now),
        "AUX.COUNT": TagSample(-7, Quality.UNCERTAIN_LAST_USABLE_VALUE, now - 5.0, now, "stale"),
    }


def raised(view: AlarmView, at: float, value: float, *, acked: bool = False) -> AlarmView:
    """``view`` (a normal alarm) active since ``at``, as the server's engine shows it."""
    state = AlarmState.ACTIVE_ACK if acked else AlarmState.ACTIVE_UNACK
    return dataclasses.replace(
        view,
        state=state,
        active=True,
        acknowledged=acked,
        activated_at=at,
        changed_at=at,
        value=value,
    )


class StandInServer:
    """One Sparkplug edge node (the areas as devices) and the server's request handler."""

    def __init__(self, broker: MqttBroker, project: Project, node: str = "server") -> None:
        self.broker = broker
        self.topics = Topics(project.name, node)
        self.tags: dict[str, TagDef] = dict(project.tags)
        self.areas: dict[str, list[TagDef]] = {}
        for tag in self.tags.values():
            self.areas.setdefault(tag.area, []).append(tag)
        self.alias = {name: i for i, name in enumerate(self.tags)}
        self.values = first_values(time.time())
        self.bd_seq = 0
        self.seq = SequenceNumber()
        self.requests: list[Request] = []
        self.silent: set[Action] = set()
        """Requests of these kinds get no answer (a server that does not answer)."""
        self.answers: dict[Action, Callable[[Request], Answer]] = {}
        """Answers the test chooses; the defaults below answer the rest."""
        self.births_published = 0
        self.retained: dict[str, bytes] = {}
        """Alarms and states as the server holds them, published again on every connection
        (the test broker keeps nothing across a restart)."""
        self._client: aiomqtt.Client | None = None
        self._stack: contextlib.AsyncExitStack | None = None
        self._serving: asyncio.Task[None] | None = None

    @property
    def client(self) -> aiomqtt.Client:
        assert self._client is not None, "the stand-in is not connected"
        return self._client

    async def start(self, *, births: bool = True) -> None:
        """Connect (the NDEATH of this bdSeq as the will), say online, publish the births."""
        will = aiomqtt.Will(
            self.topics.sparkplug(MessageType.NDEATH),
            spb.node_death(self.bd_seq).SerializeToString(),
            qos=1,
        )
        client = aiomqtt.Client(
            "127.0.0.1",
            self.broker.port,
            identifier=f"stand-in-{self.bd_seq}",
            protocol=aiomqtt.ProtocolVersion.V5,
            will=will,
            keepalive=2,
        )
        self._stack = contextlib.AsyncExitStack()
        self._client = await self._stack.enter_async_context(client)
        await client.subscribe(self.topics.requests_all, qos=1)
        self._serving = asyncio.create_task(self._serve())
        await self.set_status(True)
        for topic, payload in self.retained.items():
            await client.publish(topic, payload, qos=1, retain=True)
        if births:
            await self.births()

    async def kill(self) -> None:
        """Drop the connection without a DISCONNECT (a crashed server): the broker publishes
        the will, the NDEATH."""
        sock = self.client._client.socket()  # the paho client's TCP socket
        assert isinstance(sock, socket.socket)
        sock.shutdown(socket.SHUT_RDWR)
        await self._close()

    async def stop(self) -> None:
        """A clean stop: NDEATH and offline status published, then disconnect."""
        if self._client is None:
            return
        with contextlib.suppress(aiomqtt.MqttError):
            await self.publish(MessageType.NDEATH, spb.node_death(self.bd_seq))
            await self.set_status(False)
        await self._close()

    async def _close(self) -> None:
        if self._serving is not None:
            self._serving.cancel()
            with contextlib.suppress(asyncio.CancelledError, aiomqtt.MqttError):
                await self._serving
        if self._stack is not None:
            with contextlib.suppress(aiomqtt.MqttError):
                await self._stack.aclose()
        self._client = self._stack = self._serving = None
        self.bd_seq += 1  # the next connection is a new birth

    # Sparkplug --------------------------------------------------------------------------------

    async def publish(
        self, kind: MessageType, payload: spb.Payload, device: str | None = None
    ) -> None:
        await self.client.publish(
            self.topics.sparkplug(kind, device), payload.SerializeToString(), qos=1
        )

    async def births(self) -> None:
        """NBIRTH then one DBIRTH per area, every tag with its alias, value and quality."""
        self.seq.reset()
        now = time.time()
        info = {"host": "stand-in"}
        birth = spb.node_birth(self.bd_seq, self.seq.take(), now, info)
        await self.publish(MessageType.NBIRTH, birth)
        for area, tags in self.areas.items():
            items = [(self.alias[t.name], t, self.values[t.name]) for t in tags]
            payload = spb.device_message(self.seq.take(), now, items, birth=True)
            await self.publish(MessageType.DBIRTH, payload, area)
        self.births_published += 1

    async def data(self, samples: Mapping[str, TagSample]) -> None:
        """DDATA per area with the changed metrics, by alias."""
        self.values.update(samples)
        now = time.time()
        for area, tags in self.areas.items():
            items = [(self.alias[t.name], t, samples[t.name]) for t in tags if t.name in samples]
            if items:
                payload = spb.device_message(self.seq.take(), now, items, birth=False)
                await self.publish(MessageType.DDATA, payload, area)

    def skip_seq(self) -> None:
        """Lose one message on the way: the next carries a sequence number too far."""
        self.seq.take()

    async def device_death(self, area: str) -> None:
        death = spb.device_death(self.seq.take(), time.time())
        await self.publish(MessageType.DDEATH, death, area)

    # the hmi tree -----------------------------------------------------------------------------

    async def set_status(self, online: bool) -> None:
        status = {"online": online, "node": self.topics.node, "host": "stand-in"}
        await self.client.publish(self.topics.server, dumps(status), qos=1, retain=True)

    async def set_alarm(self, view: AlarmView) -> None:
        await self._retain(self.topics.alarm(view.name), dumps(alarm_to_json(view)))

    async def clear_alarm(self, name: str) -> None:
        """Back to normal: an empty retained message (the broker forgets the alarm)."""
        await self._retain(self.topics.alarm(name), b"")

    async def set_state(self, name: str, value: Any) -> None:
        await self._retain(self.topics.state(name), json.dumps(value).encode())

    async def _retain(self, topic: str, payload: bytes) -> None:
        if payload:
            self.retained[topic] = payload
        else:
            self.retained.pop(topic, None)
        if self._client is not None:
            with contextlib.suppress(aiomqtt.MqttError):  # broker away: sent on reconnect
                await self._client.publish(topic, payload, qos=1, retain=True)

    async def reconnect(self) -> None:
        """Connect again after the broker went away (as the server does by itself)."""
        await self._close()
        await self.start()

    # requests ---------------------------------------------------------------------------------

    async def _serve(self) -> None:
        async for message in self.client.messages:
            request = Request.from_json(bytes(message.payload))
            self.requests.append(request)
            if request.action in self.silent:
                continue
            answer = await self._answer(request)
            properties = Properties(PacketTypes.PUBLISH)
            properties.CorrelationData = message.properties.CorrelationData
            await self.client.publish(
                message.properties.ResponseTopic,
                answer.to_json(),
                qos=1,
                properties=properties,
            )

    async def _answer(self, request: Request) -> Answer:
        chosen = self.answers.get(request.action)
        if chosen is not None:
            return chosen(request)
        if request.action is Action.REBIRTH:
            await self.births()
            return Answer.done()
        if request.action is Action.LOGIN:
            if request.args.get("password") != PASSWORD:
                return Answer.refused(Refusal.LOGIN, "unknown user or wrong password")
            user = User(str(request.args["user"]), Role.OPERATOR, frozenset({"TST"}))
            return Answer.done(session="token-1", user=user_to_json(user), idle_lock_s=900)
        return Answer.refused(Refusal.INVALID, f"the stand-in does not do {request.action.value}")

    def asked(self, action: Action) -> int:
        return sum(1 for r in self.requests if r.action is action)
