"""The server on a real broker: Sparkplug births, data by alias with consecutive sequence
numbers, quality as properties, rebirths on request; retained status, alarms and states for a
console that comes late or after a broker outage."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from tags.address import Scheme
from tags.alarms.state import AlarmState
from tags.control_room import sparkplug as spb
from tags.control_room import state_messages as sm
from tags.control_room.messages import Action, alarm_from_json, dumps
from tags.control_room.sparkplug import MessageType, Topic
from tags.control_room.topics import Topics
from tags.model import Quality
from tests.mqtt_broker import MqttBroker
from tests.tags.control_room.room_bench import (
    GROUP,
    LEVEL_HI,
    Console,
    console,
    running_room,
)
from tests.waiting import until

TOPICS = Topics(GROUP)
NORTH = ["NORTH.FLOW", "NORTH.LEVEL"]
SOUTH = ["SOUTH.TEMP", "SOUTH.RUN", "SOUTH.BROKEN"]


def sparkplug(room: Console) -> list[tuple[Topic, spb.Payload]]:
    return [
        (Topic.parse(r.topic), spb.decode(r.payload))
        for r in room.received
        if r.topic.startswith(spb.NAMESPACE)
    ]


def of_kind(room: Console, kind: MessageType) -> list[tuple[Topic, spb.Payload]]:
    return [(t, p) for t, p in sparkplug(room) if t.kind is kind]


def metric_by_name(room: Console) -> dict[str, spb.Metric]:
    """The newest metric of every tag: births name them, data goes by alias."""
    names: dict[int, str] = {}
    newest: dict[str, spb.Metric] = {}
    for topic, payload in sparkplug(room):
        for metric in payload.metrics:
            if topic.kind is MessageType.DBIRTH:
                names[metric.alias] = metric.name
            if topic.kind in (MessageType.DBIRTH, MessageType.DDATA):
                newest[names[metric.alias]] = metric
    return newest


def born(room: Console) -> list[str]:
    """The devices born since the last NBIRTH (none before one)."""
    kinds = [(t.kind, t.device) for t, _ in sparkplug(room)]
    starts = [n for n, (kind, _) in enumerate(kinds) if kind is MessageType.NBIRTH]
    if not starts:
        return []
    return [str(d) for kind, d in kinds[starts[-1] :] if kind is MessageType.DBIRTH]


@pytest.mark.slow
@pytest.mark.asyncio
async def test_births_then_data_by_alias_with_consecutive_sequence_numbers(
    mqtt_broker: MqttBroker, tmp_path: Path
) -> None:
    async with console(mqtt_broker, TOPICS) as room, running_room(mqtt_broker, tmp_path) as run:
        await until(lambda: len(of_kind(room, MessageType.DBIRTH)) == 2)
        (_, nbirth), = of_kind(room, MessageType.NBIRTH)  # fmt: skip
        node = {m.name: m for m in nbirth.metrics}
        assert node[spb.BD_SEQ].long_value == 0 and nbirth.seq == 0
        assert node["Server/Project"].string_value == "Room bench"
        assert not node[spb.REBIRTH].boolean_value
        births = {t.device: p for t, p in of_kind(room, MessageType.DBIRTH)}
        assert [m.name for m in births["NORTH"].metrics] == NORTH
        assert [m.name for m in births["SOUTH"].metrics] == SOUTH
        aliases = [m.alias for p in births.values() for m in p.metrics]
        assert sorted(aliases) == list(range(5))

        field = run.runtime.writes.drivers[Scheme.SIM]  # the field changes the value
        await field.write(run.runtime.db.tags["NORTH.FLOW"], 42.5)
        await until(lambda: metric_by_name(room)["NORTH.FLOW"].double_value == 42.5)
        data = [p for t, p in of_kind(room, MessageType.DDATA) if t.device == "NORTH"]
        assert data and all(not m.name for p in data for m in p.metrics)  # by alias alone
        assert {m.alias for p in data for m in p.metrics} <= {0, 1}

        broken = await _bad(room)
        assert spb.metric_quality(broken) == (
            Quality.BAD_CONFIGURATION_ERROR,
            "memory tag BROKEN: initial 'many' is not a number",
        )
        seqs = [p.seq for _, p in sparkplug(room)]
        assert seqs[0] == 0
        assert all(spb.follows(a, b) for a, b in itertools.pairwise(seqs)), seqs


async def _bad(room: Console) -> spb.Metric:
    def bad() -> bool:
        metric = metric_by_name(room).get("SOUTH.BROKEN")
        return metric is not None and metric.HasField("properties")

    await until(bad)
    return metric_by_name(room)["SOUTH.BROKEN"]


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_rebirth_asked_by_a_host_or_a_console_publishes_every_birth_again(
    mqtt_broker: MqttBroker, tmp_path: Path
) -> None:
    async with console(mqtt_broker, TOPICS) as room, running_room(mqtt_broker, tmp_path):
        await until(lambda: len(of_kind(room, MessageType.DBIRTH)) == 2)
        ask = spb.rebirth_request(0.0).SerializeToString()
        await room.client.publish(TOPICS.sparkplug(MessageType.NCMD), ask, qos=1)
        await until(lambda: len(of_kind(room, MessageType.NBIRTH)) == 2)
        answer = await room.ask(Action.REBIRTH)
        assert answer.ok
        await until(lambda: len(of_kind(room, MessageType.DBIRTH)) == 6)
        births = of_kind(room, MessageType.NBIRTH)
        assert [p.seq for _, p in births] == [0, 0, 0]  # every birth starts the count again
        assert {m.long_value for _, p in births for m in p.metrics if m.name == spb.BD_SEQ} == {0}


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_late_console_gets_the_status_the_standing_alarms_and_the_states_retained(
    mqtt_broker: MqttBroker, tmp_path: Path
) -> None:
    async with running_room(mqtt_broker, tmp_path) as run:
        await until(lambda: run.server.publisher.births == 1)
        await until(lambda: run.runtime.alarms.alarm(LEVEL_HI).state is AlarmState.ACTIVE_UNACK)
        async with console(mqtt_broker, TOPICS, "late") as late:
            status = await late.wait_for(TOPICS.server)
            assert status.retain and sm.status_from_json(status.payload).online
            alarm = await late.wait_for(TOPICS.alarm(LEVEL_HI))
            assert alarm.retain
            assert alarm_from_json(json.loads(alarm.payload)).state is AlarmState.ACTIVE_UNACK
            assert late.last(TOPICS.alarm("NORTH.FLOW.HI")) is None  # normal: not retained
            connections = await late.wait_for(TOPICS.state(sm.CONNECTIONS))
            assert [c.kind for c in sm.connections_from_json(connections.payload)] == ["sim"]
            kpis = await late.wait_for(TOPICS.state(sm.KPIS))
            assert sm.kpis_from_json(kpis.payload).window.window_seconds == 600.0
            training = await late.wait_for(TOPICS.state(sm.TRAINING))
            assert sm.training_from_json(training.payload).session is None
            for name in (sm.ENERGY, sm.PREDICTIONS, sm.INSTRUMENT_HEALTH):
                await late.wait_for(TOPICS.state(name))
            assert (await late.ask(Action.REBIRTH)).ok  # what a late console does for values
            await until(lambda: len(born(late)) == 2)


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_retained_alarm_left_by_an_earlier_run_is_deleted_when_normal_now(
    mqtt_broker: MqttBroker, tmp_path: Path
) -> None:
    normal = TOPICS.alarm("NORTH.FLOW.HI")
    removed = TOPICS.alarm("NORTH.GONE.HI")  # an alarm no longer in the project
    async with console(mqtt_broker, TOPICS, "old", normal, removed) as old:
        for leftover in (normal, removed):
            await old.client.publish(leftover, dumps({"name": "old"}), qos=1, retain=True)
            await old.wait_for(leftover)
        async with running_room(mqtt_broker, tmp_path):
            for leftover in (normal, removed):
                await old.wait_for(leftover, lambda r: not r.payload)
            async with console(mqtt_broker, TOPICS, "new", f"{TOPICS.base}/alarms/+") as new:
                await new.wait_for(TOPICS.alarm(LEVEL_HI))
                assert new.on(normal) == [] and new.on(removed) == []


@pytest.mark.slow
@pytest.mark.asyncio
async def test_after_a_broker_outage_the_births_and_the_retained_state_come_again(
    mqtt_broker: MqttBroker, tmp_path: Path
) -> None:
    async with running_room(mqtt_broker, tmp_path) as run:
        await until(lambda: run.server.publisher.births == 1)
        mqtt_broker.stop()  # no persistence: every retained message is gone with it
        await until(lambda: not run.server.connection.connected)
        mqtt_broker.start()
        await until(lambda: run.server.publisher.births == 2 and run.server.connection.connected)
        assert run.server.publisher.bd_seq == 1  # a new connection, a new birth/death pair
        async with console(mqtt_broker, TOPICS, "after") as after:
            status = sm.status_from_json((await after.wait_for(TOPICS.server)).payload)
            assert status.online
            await after.wait_for(TOPICS.alarm(LEVEL_HI))
            await after.wait_for(TOPICS.state(sm.CONNECTIONS))
