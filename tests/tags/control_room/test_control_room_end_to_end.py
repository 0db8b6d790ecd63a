"""The control room end to end: a real Modbus device, the server reading it, two (or more)
headless consoles on a real broker. What one console does the other sees; writes are the
server's, checked and audited with the workstation; a viewer's forged write is refused; a
killed console changes nothing on the server; the device sees one client whatever the number
of consoles; a console that loses the broker or the server shows every value Bad and, once
back, the full state without a value Good from before the gap."""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from pathlib import Path

import pytest
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from tags.alarms.state import AlarmState, AlarmView
from tags.control_room.console.console_client import ConsoleClient
from tags.control_room.messages import Action, Answer, Refusal, Request, write_result_from_json
from tags.model import Quality
from tags.write_path import WriteStatus
from tests.mqtt_broker import MqttBroker
from tests.tags.control_room import room_bench
from tests.tags.control_room.field_room import (
    LEVEL_HI,
    NAMES,
    PASSWORD,
    TOPICS,
    Samples,
    all_good,
    all_unreachable,
    broker_clients,
    console,
    console_process,
    field_room,
    served,
    server_process,
    shows,
)
from tests.waiting import GENEROUS, until

pytestmark = [pytest.mark.slow, pytest.mark.asyncio]

LOSS_BOUND = 10.0
"""Seconds a loss may take to show on a console: generous for a loaded machine (the 2 s
figure is the benchmark's, benchmarks/control_room.py)."""


def standing(client: ConsoleClient, state: AlarmState = AlarmState.ACTIVE_UNACK) -> bool:
    return client.alarms.alarm(LEVEL_HI).state is state


async def test_an_acknowledgement_on_one_console_is_seen_on_the_other(
    mqtt_broker: MqttBroker, tmp_path: Path
) -> None:
    async with (
        field_room(mqtt_broker, tmp_path) as room,
        served(room) as run,
        console(room, "ws-a") as a,
        console(room, "ws-b") as b,
    ):
        await until(lambda: standing(a) and standing(b))
        heard: list[AlarmView] = []
        subscription = b.alarms.subscribe(heard.extend)
        try:
            await a.session.login("olga", PASSWORD)
            view = await a.session.acknowledge(LEVEL_HI, comment="seen on A")
            assert view.state is AlarmState.ACTIVE_ACK
            await until(lambda: standing(b, AlarmState.ACTIVE_ACK))
            assert any(v.name == LEVEL_HI and v.acknowledged for v in heard)
        finally:
            subscription.close()
        assert run.runtime.alarms.alarm(LEVEL_HI).state is AlarmState.ACTIVE_ACK
        acks = run.runtime.audit.query(action="alarm_acknowledge")
        assert [(r.user, r.workstation, r.reason) for r in acks] == [("olga", "ws-a", "seen on A")]


async def test_a_write_from_a_console_is_confirmed_held_by_the_device_and_audited_with_it(
    mqtt_broker: MqttBroker, tmp_path: Path
) -> None:
    async with (
        field_room(mqtt_broker, tmp_path) as room,
        served(room) as run,
        console(room, "ws-a") as a,
        console(room, "ws-b") as b,
    ):
        await until(lambda: all_good(a) and all_good(b))
        await a.session.login("olga", PASSWORD)
        result = await a.session.write("NORTH.FLOW", 42.0, reason="trim")
        assert result.status is WriteStatus.CONFIRMED, result.reason
        assert await room.register("NORTH.FLOW") == 42
        await until(lambda: shows(b, "NORTH.FLOW", 42))
        (write,) = run.runtime.audit.query(tag="NORTH.FLOW", action="write")
        assert (write.user, write.workstation, write.old, write.new, write.reason) == (
            "olga", "ws-a", "10.0", "42.0", "trim",
        )  # fmt: skip
        assert write.result.startswith("confirmed")


async def test_a_viewers_write_is_refused_by_the_server_even_from_a_forged_request(
    mqtt_broker: MqttBroker, tmp_path: Path
) -> None:
    async with (
        field_room(mqtt_broker, tmp_path) as room,
        served(room) as run,
        console(room, "ws-a") as a,
        console(room, "ws-b") as b,
    ):
        await until(lambda: all_good(b))
        await b.session.login("vic", PASSWORD)
        refused = await b.session.write("NORTH.FLOW", 55.0, reason="try")
        assert refused.status is WriteStatus.REFUSED and "viewer" in refused.reason
        # a console modified to skip its own checks: the raw request on B's topics
        async with room_bench.console(mqtt_broker, TOPICS, "ws-b", TOPICS.response("ws-b")) as raw:
            forged = await raw.ask(Action.WRITE, b.session.token, tag="NORTH.FLOW", value=55.0)
            result = write_result_from_json(forged.result["result"])
            assert result.status is WriteStatus.REFUSED and "viewer" in result.reason
            await a.session.login("olga", PASSWORD)  # an operator's token, from B's topic
            stolen = await raw.ask(Action.WRITE, a.session.token, tag="NORTH.FLOW", value=55.0)
            assert (stolen.ok, stolen.kind) == (False, Refusal.SESSION)
            bare = await _forged_without_session(raw)
            assert (bare.ok, bare.kind) == (False, Refusal.SESSION)
        assert await room.register("NORTH.FLOW") == 10
        assert room.device.requests[(1, 6)] == room.device.requests[(1, 16)] == 0
        assert b.db.get("NORTH.FLOW").value == 10
        records = run.runtime.audit.query(tag="NORTH.FLOW")
        assert {(r.action, r.user, r.workstation) for r in records} == {
            ("write_refused", "vic", "ws-b")
        }
        assert len(records) == 2
        assert not run.runtime.audit.query(action="write")


async def _forged_without_session(raw: room_bench.Console) -> Answer:
    """A write request with no session at all, sent on the raw client's topics."""
    properties = Properties(PacketTypes.PUBLISH)  # type: ignore[no-untyped-call]
    properties.ResponseTopic = TOPICS.response(raw.workstation)
    properties.CorrelationData = b"forged"
    future: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()
    raw.answers[b"forged"] = future
    payload = Request(Action.WRITE, "", {"tag": "NORTH.FLOW", "value": 55.0}).to_json()
    await raw.client.publish(TOPICS.request(raw.workstation), payload, qos=1, properties=properties)
    async with asyncio.timeout(GENEROUS):
        return await future


async def test_killing_a_console_changes_nothing_on_the_server(
    mqtt_broker: MqttBroker, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with (
        field_room(mqtt_broker, tmp_path) as room,
        served(room) as run,
        console(room, "ws-b") as b,
    ):
        await until(lambda: all_good(b))
        await b.session.login("olga", PASSWORD)
        killed = await console_process(room, "ws-k", "olga")
        assert len(run.server.sessions) == 2  # B's and the killed console's
        births = run.server.publisher.births
        connected = broker_clients(mqtt_broker)
        killed.send_signal(signal.SIGKILL)
        await asyncio.wait_for(killed.wait(), GENEROUS)
        await until(lambda: broker_clients(mqtt_broker) == connected - 1)  # the broker saw it
        await room.set_register("SOUTH.TEMP", 31)
        await until(lambda: shows(b, "SOUTH.TEMP", 31))  # the server goes on publishing
        result = await b.session.write("NORTH.FLOW", 12.0)
        assert result.status is WriteStatus.CONFIRMED, result.reason
        assert len(run.server.sessions) == 2  # the killed console's session lives on
        assert run.server.online and run.server.publisher.connection.connected
        assert run.server.publisher.births == births  # nobody asked for the births again
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]


async def test_the_device_sees_one_client_whatever_the_number_of_consoles(
    mqtt_broker: MqttBroker, tmp_path: Path
) -> None:
    async with field_room(mqtt_broker, tmp_path) as room, served(room) as run:
        await until(lambda: run.runtime.db.get("NORTH.FLOW").quality is Quality.GOOD)
        assert room.field_clients() == 1
        async with console(room, "ws-1") as first:
            await until(lambda: all_good(first))
            assert room.field_clients() == 1
            async with console(room, "ws-2") as second, console(room, "ws-3") as third:
                await until(lambda: all_good(second) and all_good(third))
                await room.set_register("SOUTH.TEMP", 44)
                await until(lambda: all(shows(c, "SOUTH.TEMP", 44) for c in (first, second,
                                                                              third)))  # fmt: skip
                assert room.field_clients() == 1


async def test_a_console_shows_every_value_bad_while_the_broker_is_away_and_none_old_after(
    mqtt_broker: MqttBroker, tmp_path: Path
) -> None:
    async with (
        field_room(mqtt_broker, tmp_path) as room,
        served(room) as run,
        console(room, "ws-a") as a,
    ):
        samples = Samples(a)
        try:
            await until(lambda: all_good(a) and standing(a))
            stopped = time.time()
            mqtt_broker.stop()
            await until(lambda: all_unreachable(a), LOSS_BOUND)
            assert not a.server_reachable
            assert a.alarms.alarm(LEVEL_HI).state is AlarmState.ACTIVE_UNACK  # kept shown
            gap = samples.mark()
            await room.set_register("NORTH.FLOW", 66)  # the plant moves on meanwhile
            await until(lambda: run.runtime.db.get("NORTH.FLOW").value == 66)
            mqtt_broker.start()
            await until(lambda: all_good(a) and a.server_reachable)
            assert standing(a)  # the standing alarm came back with the full state
            after = samples.of("NORTH.FLOW", gap)
            good = [s for s in after if s.quality is Quality.GOOD]
            assert good and all(s.value == 66 for s in good), after
            for name in NAMES:  # every Good value after the gap was read after it began
                fresh = [s for s in samples.of(name, gap) if s.quality is Quality.GOOD]
                assert fresh and all(s.source_time >= stopped for s in fresh), (name, fresh)
        finally:
            samples.close()


async def test_a_killed_server_turns_every_value_bad_and_a_new_one_brings_the_state_back(
    mqtt_broker: MqttBroker, tmp_path: Path
) -> None:
    async with field_room(mqtt_broker, tmp_path) as room, console(room, "ws-a") as a:
        samples = Samples(a)
        try:
            with server_process(room, "first") as first:
                await until(lambda: all_good(a) and standing(a))
                assert room.field_clients() == 1
                first.send_signal(signal.SIGKILL)
                await until(lambda: all_unreachable(a), LOSS_BOUND)
                gap = samples.mark()
            await room.set_register("NORTH.FLOW", 77)
            await until(lambda: room.field_clients() == 0)
            with server_process(room, "second"):
                await until(lambda: all_good(a) and a.server_reachable)
                good = [s for s in samples.of("NORTH.FLOW", gap) if s.quality is Quality.GOOD]
                assert good and all(s.value == 77 for s in good)
                assert standing(a)
                assert room.field_clients() == 1
                async with console(room, "ws-late") as late:
                    await until(lambda: all_good(late) and standing(late))
                    assert late.db.get("NORTH.FLOW").value == 77
        finally:
            samples.close()


async def test_a_console_started_late_has_every_value_and_the_standing_alarms(
    mqtt_broker: MqttBroker, tmp_path: Path
) -> None:
    async with field_room(mqtt_broker, tmp_path) as room, served(room) as run:
        await until(lambda: run.runtime.alarms.alarm(LEVEL_HI).state is AlarmState.ACTIVE_UNACK)
        await room.set_register("SOUTH.TEMP", 25)
        await until(lambda: run.runtime.db.get("SOUTH.TEMP").value == 25)
        async with console(room, "ws-late") as late:
            await until(lambda: all_good(late) and standing(late))
            assert {n: late.db.get(n).value for n in NAMES} == {
                "NORTH.FLOW": 10, "NORTH.LEVEL": 95, "SOUTH.TEMP": 25,
            }  # fmt: skip
            assert late.alarms.alarm(LEVEL_HI).activated_at == (
                run.runtime.alarms.alarm(LEVEL_HI).activated_at
            )
