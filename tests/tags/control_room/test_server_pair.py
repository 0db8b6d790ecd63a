"""A redundant server pair on a real PostgreSQL store, a real broker and a real Modbus device,
with both servers as processes of their own: the primary killed, the standby takes over and
every console shows values Good again with nothing lost or doubled (an acknowledged alarm
stays acknowledged, an alarm that arose in the gap is annunciated once, the audit chain
verifies); the primary cut from the store fences itself before the standby serves (its
death precedes the successor's birth, and nothing of it follows); a planned switchover
hands over with no value Bad on a console."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import signal
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiomqtt
import pytest

from tags.alarms.state import AlarmState
from tags.control_room import sparkplug as spb
from tags.control_room.broker import parse_broker_url
from tags.control_room.console.console_client import ConsoleClient
from tags.control_room.console.remote_pair import pair_members
from tags.control_room.pair_messages import ServerRole, member_from_json, pair_state
from tags.control_room.sparkplug import MessageType, Topic
from tags.control_room.state_messages import status_from_json
from tags.control_room.topics import Topics
from tags.model import Quality
from tags.store.url import StoreUrl
from tests.mqtt_broker import MqttBroker
from tests.paths import MAIN_PY, ROOT
from tests.pg_server import PgServer
from tests.tags.control_room.field_room import LEVEL_HI, NAMES, PASSWORD, Samples, all_good
from tests.tags.control_room.pair_room import (
    TEMP_HI,
    PairRoom,
    console,
    pair_room,
    served_by,
    served_pair,
    up,
    verified,
)
from tests.waiting import GENEROUS, until

pytestmark = [pytest.mark.slow, pytest.mark.asyncio]

TOPICS = Topics("Field room")
TAKEOVER_BOUND = 15.0
"""Seconds a takeover may take to show on a console here: generous for a loaded machine
(the 5 s figure is the benchmark's)."""


def alarm(client: ConsoleClient, name: str) -> AlarmState:
    return client.alarms.alarm(name).state


def journal_count(room: PairRoom, name: str, event: str) -> int:
    rows = room.query(
        "SELECT count(*) FROM hmi.alarm_journal WHERE alarm = %s AND event = %s", (name, event)
    )
    return int(str(rows[0][0]))


def saved_acknowledged(room: PairRoom, name: str) -> bool:
    rows = room.query("SELECT acked FROM hmi.alarm_states WHERE alarm = %s", (name,))
    return bool(rows) and rows[0][0] is True


async def switchover(room: PairRoom) -> tuple[int, str, str]:
    """``server --switchover`` in a process of its own (this loop serves the device and the
    console meanwhile): exit code, output, errors."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(MAIN_PY), "--store", str(room.store), "server",
        "--project", str(room.project_file), "--switchover",
        cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), GENEROUS * 2)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_a_killed_primary_is_replaced_and_nothing_is_lost_or_doubled(
    mqtt_broker: MqttBroker, postgres_server: PgServer, pg_url: StoreUrl, tmp_path: Path
) -> None:
    async with served_pair(mqtt_broker, postgres_server, pg_url, tmp_path) as (room, a):
        await until(lambda: alarm(a, LEVEL_HI) is AlarmState.ACTIVE_UNACK)
        assert room.field_clients() == 1  # the standby reads nothing
        await a.session.login("olga", PASSWORD)
        await a.session.acknowledge(LEVEL_HI, comment="seen before the failover")
        await until(lambda: saved_acknowledged(room, LEVEL_HI))

        room.processes["a"].send_signal(signal.SIGKILL)
        killed = time.monotonic()
        await room.set_register("SOUTH.TEMP", 60)  # an alarm arises in the gap
        await until(lambda: served_by(a) == "b" and all_good(a), TAKEOVER_BOUND)
        took = time.monotonic() - killed
        await until(lambda: a.db.get("SOUTH.TEMP").value == 60)
        await until(lambda: alarm(a, TEMP_HI) is AlarmState.ACTIVE_UNACK)

        assert alarm(a, LEVEL_HI) is AlarmState.ACTIVE_ACK, "an acknowledged alarm came back"
        assert "(b, primary since" in a.link.detail
        assert journal_count(room, LEVEL_HI, "active") == 1
        assert journal_count(room, TEMP_HI, "active") == 1
        await until(lambda: room.field_clients() == 1)
        assert room.says("b", "primary (failover"), room.log("b")
        assert room.says("a", "no fence window (no other server ever led)")  # first alone
        assert room.says("b", ", fence window "), room.log("b")  # a led before: fenced
        assert "intact" in verified(room, "b")
        takeovers = room.query(
            "SELECT workstation, detail FROM hmi.audit WHERE action = 'server_takeover' "
            "ORDER BY seq"
        )
        assert [w for w, _ in takeovers] == ["a", "b"]
        assert str(takeovers[1][1]).startswith("failover")
        print(f"console Good again {took:.1f} s after the kill", file=sys.stderr)


async def test_a_primary_cut_from_the_store_fences_itself_before_the_standby_serves(
    mqtt_broker: MqttBroker, postgres_server: PgServer, pg_url: StoreUrl, tmp_path: Path
) -> None:
    async with (
        served_pair(mqtt_broker, postgres_server, pg_url, tmp_path) as (room, a),
        watching(mqtt_broker) as seen,
    ):
        start = len(seen)

        room.cut_from_store("a")
        await until(lambda: served_by(a) == "b" and all_good(a), TAKEOVER_BOUND)
        await until(lambda: room.says("a", "fenced in"))
        await room.standby("a", times=2)  # back as a warm standby
        await until(lambda: room.field_clients() == 1)

        messages = seen[start:]
        kinds = [(kind, payload) for kind, payload in messages]
        deaths = [n for n, (k, _) in enumerate(kinds) if k is MessageType.NDEATH]
        births = [n for n, (k, _) in enumerate(kinds) if k is MessageType.NBIRTH]
        assert deaths and births, kinds
        assert deaths[0] < births[0], "the successor's birth came before the old death"
        born = births[-1]
        after = [payload.seq for kind, payload in kinds[born:] if kind is not MessageType.NDEATH]
        assert all((b - a) % 256 == 1 for a, b in itertools.pairwise(after)), after
        assert not [k for k, _ in kinds[born:] if k is MessageType.NDEATH], "a death after"
        assert room.processes["a"].poll() is None  # still running, as the standby
        assert "intact" in verified(room, "a")


async def test_a_switchover_hands_over_without_a_value_bad_on_a_console(
    mqtt_broker: MqttBroker, postgres_server: PgServer, pg_url: StoreUrl, tmp_path: Path
) -> None:
    async with served_pair(mqtt_broker, postgres_server, pg_url, tmp_path) as (room, a):
        samples = Samples(a)
        try:
            code, out, err = await switchover(room)
            assert code == 0, err + out
            assert "b is the primary" in out
            await until(lambda: served_by(a) == "b" and all_good(a), TAKEOVER_BOUND)
            await room.set_register("NORTH.FLOW", 42)
            await until(lambda: a.db.get("NORTH.FLOW").value == 42)
            bad = [(n, s) for n, s in samples.seen if n in NAMES and s.quality is not Quality.GOOD]
            assert not bad, bad
            await room.standby("a", times=2)
            assert room.says("b", "primary (switchover from a")
        finally:
            samples.close()


async def test_a_switchover_without_a_standby_is_refused(
    mqtt_broker: MqttBroker, postgres_server: PgServer, pg_url: StoreUrl, tmp_path: Path
) -> None:
    async with pair_room(mqtt_broker, postgres_server, pg_url, tmp_path) as room:
        room.start("a")
        await room.primary("a")
        code, _, err = await switchover(room)
        assert code == 1
        assert "refused by a: no standby is ready" in err
        assert room.says("a", ": primary (", 1) and not room.says("a", "handed over")


async def test_each_server_says_its_place_in_the_pair(
    mqtt_broker: MqttBroker, postgres_server: PgServer, pg_url: StoreUrl, tmp_path: Path
) -> None:
    async with pair_room(mqtt_broker, postgres_server, pg_url, tmp_path) as room:
        await up(room)
        async with console(room, "ws-a") as a:  # what its diagnostics screen shows
            await until(lambda: len(pair_members(a.states)) == 2)
            assert [(m.instance, m.role) for m in pair_members(a.states)] == [
                ("a", ServerRole.PRIMARY), ("b", ServerRole.STANDBY)
            ]  # fmt: skip
        async with retained(mqtt_broker, TOPICS.state_all) as held:
            await until(lambda: {pair_state("a"), pair_state("b")} <= set(held))
            first = member_from_json(held[pair_state("a")])
            second = member_from_json(held[pair_state("b")])
        assert (first.role, second.role) == (ServerRole.PRIMARY, ServerRole.STANDBY)
        assert [t.instance for t in first.takeovers] == ["a"]
        async with retained(mqtt_broker, TOPICS.server) as held:
            await until(lambda: bool(held))
            status = status_from_json(next(iter(held.values())))
        assert (status.online, status.instance, status.role) == (True, "a", "primary")


# watching the broker ---------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def watching(broker: MqttBroker) -> AsyncIterator[list[tuple[MessageType, spb.Payload]]]:
    """Every node message of the group (births, data, deaths) in the order the broker sent."""
    seen: list[tuple[MessageType, spb.Payload]] = []
    kwargs = parse_broker_url(broker.url, where="t").client_kwargs("pair-watch")
    async with aiomqtt.Client(**kwargs) as client:
        await client.subscribe(TOPICS.sparkplug_all, qos=1)

        async def take() -> None:
            async for message in client.messages:
                topic = Topic.parse(message.topic.value)
                if topic.kind in (MessageType.NCMD,):
                    continue
                payload = message.payload
                assert isinstance(payload, bytes | bytearray)
                seen.append((topic.kind, spb.decode(bytes(payload))))

        task = asyncio.create_task(take())
        try:
            yield seen
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


@contextlib.asynccontextmanager
async def retained(broker: MqttBroker, topic: str) -> AsyncIterator[dict[str, bytes]]:
    """The retained messages under ``topic``, by the last level of their topic."""
    held: dict[str, bytes] = {}
    kwargs = parse_broker_url(broker.url, where="t").client_kwargs(f"pair-read-{time.time()}")
    async with aiomqtt.Client(**kwargs) as client:
        await client.subscribe(topic, qos=1)

        async def take() -> None:
            async for message in client.messages:
                payload = message.payload
                if isinstance(payload, bytes | bytearray) and payload:
                    held[message.topic.value.rsplit("/", 1)[-1]] = bytes(payload)

        task = asyncio.create_task(take())
        try:
            yield held
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
