"""A redundant server pair through the faults around a failover, end to end (real broker,
real PostgreSQL, real Modbus device, both servers as processes of their own): the broker
restarted under the pair (both servers and the console find it again by themselves, the
console Bad while it is away, still one primary); a write in flight when the primary is
killed ends ``unconfirmed`` in the audit trail and the chain verifies; the history keeps
what the killed primary published but never stored, and marks the gap after it."""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

import pytest
from pymodbus.pdu import ModbusPDU

from tags.clock import SystemClock
from tags.control_room.console.console_client import ConsoleClient
from tags.control_room.console.remote_pair import pair_members
from tags.control_room.pair_messages import ServerRole
from tags.history.historian import GAP_REASON
from tags.model import Quality, TagSample
from tags.paths import private_dir
from tags.security.audit_record import WRITE_INTENT
from tags.store.url import StoreUrl
from tags.stores import Stores
from tags.write_path import WriteStatus
from tests.mqtt_broker import MqttBroker
from tests.pg_server import PgServer
from tests.tags.control_room.field_room import NAMES, PASSWORD, all_good
from tests.tags.control_room.pair_room import (
    PairRoom,
    served_by,
    served_pair,
    verified,
)
from tests.waiting import GENEROUS, until

pytestmark = [pytest.mark.slow, pytest.mark.asyncio]

BOUND = 15.0
"""Seconds a reconnection or a takeover may take to show on a console here: generous for a
loaded machine (the 5 s figures are the benchmark's)."""
WRITE_CODES = (6, 16)
"""Modbus function codes that write holding registers."""
SLOW_FLUSH = "\n[historian]\nflush_interval = 10\n"
"""A primary that keeps its samples in memory for 10 s: killed, it has stored none of them."""


def all_bad(client: ConsoleClient) -> bool:
    return all(client.db.get(n).quality.is_bad for n in NAMES)


async def test_a_restarted_broker_is_found_again_by_both_servers_and_the_console(
    mqtt_broker: MqttBroker, postgres_server: PgServer, pg_url: StoreUrl, tmp_path: Path
) -> None:
    async with served_pair(mqtt_broker, postgres_server, pg_url, tmp_path) as (room, a):
        await until(lambda: len(pair_members(a.states)) == 2)

        mqtt_broker.stop()
        await until(lambda: all_bad(a), BOUND)  # the values stay, their quality says so
        mqtt_broker.start()
        back = time.monotonic()
        await until(lambda: all_good(a) and served_by(a) == "a", BOUND)
        took = time.monotonic() - back
        await until(lambda: roles(a) == [("a", ServerRole.PRIMARY), ("b", ServerRole.STANDBY)])

        assert room.log("a").count("server a: primary (") == 1  # no takeover in between
        assert not room.says("b", ": primary (") and not room.says("a", "fenced")
        assert room.field_clients() == 1
        assert all(p.poll() is None for p in room.processes.values())
        await room.set_register("NORTH.FLOW", 42)  # served live again, not only the births
        await until(lambda: a.db.get("NORTH.FLOW").value == 42)
        print(f"console Good again {took:.1f} s after the broker came back", file=sys.stderr)


def roles(client: ConsoleClient) -> list[tuple[str, ServerRole]]:
    return [(m.instance, m.role) for m in pair_members(client.states)]


async def test_a_write_in_flight_when_the_primary_is_killed_ends_unconfirmed_in_the_trail(
    mqtt_broker: MqttBroker, postgres_server: PgServer, pg_url: StoreUrl, tmp_path: Path
) -> None:
    async with served_pair(mqtt_broker, postgres_server, pg_url, tmp_path) as (room, a):
        await a.session.login("olga", PASSWORD)

        def kill_on_write(pdu: ModbusPDU) -> None:
            """The primary dies the moment its write reaches the device (never answered)."""
            if pdu.function_code in WRITE_CODES and room.processes["a"].poll() is None:
                room.processes["a"].send_signal(signal.SIGKILL)

        room.device.on_request = kill_on_write
        try:
            result = await a.session.write("NORTH.FLOW", 42.0, reason="in flight")
        finally:
            room.device.on_request = None
        assert room.processes["a"].wait(GENEROUS) == -signal.SIGKILL
        assert result.status is WriteStatus.UNCONFIRMED, result  # the console knows no more
        await until(lambda: served_by(a) == "b" and all_good(a), BOUND)

        intents = room.query(
            "SELECT seq FROM hmi.audit WHERE action = %s AND tag = 'NORTH.FLOW'", (WRITE_INTENT,)
        )
        assert len(intents) == 1
        outcomes = room.query(
            "SELECT workstation, result FROM hmi.audit WHERE action = 'write' AND ref = %s",
            (intents[0][0],),
        )
        assert len(outcomes) == 1, outcomes  # one outcome, written by the successor
        workstation, outcome = outcomes[0]
        assert workstation == "ws-a"
        assert str(outcome).startswith("unconfirmed: the server that sent it stopped"), outcome
        assert "(b took over)" in str(outcome)
        assert "intact" in verified(room, "b")


async def test_the_history_keeps_what_the_killed_primary_published_and_marks_the_gap(
    mqtt_broker: MqttBroker, postgres_server: PgServer, pg_url: StoreUrl, tmp_path: Path
) -> None:
    async with served_pair(mqtt_broker, postgres_server, pg_url, tmp_path, SLOW_FLUSH) as (room, a):
        await room.set_register("NORTH.FLOW", 33)  # the standby asks for the births
        await until(lambda: room.says("b", "asking the primary for its births"))
        await until(lambda: a.db.get("NORTH.FLOW").value == 33)
        await room.set_register("NORTH.FLOW", 44)
        await until(lambda: a.db.get("NORTH.FLOW").value == 44)
        published = a.db.get("NORTH.FLOW").source_time
        await room.set_register("NORTH.FLOW", 55)
        await until(lambda: a.db.get("NORTH.FLOW").value == 55)

        room.processes["a"].send_signal(signal.SIGKILL)
        killed = time.time()
        await until(lambda: served_by(a) == "b" and all_good(a), BOUND)
        await until(lambda: room.says("b", "the previous writer had not stored"))

        samples = flow_history(room, published - 60, time.time() + 60)
        values = [(s.value, s.quality) for s in samples]
        assert (44.0, Quality.GOOD) in values, values  # held in a's memory only, yet kept
        marks = [s for s in samples if s.reason == GAP_REASON]
        assert len(marks) == 1, values
        mark = marks[0]
        assert mark.quality.is_bad
        assert published < mark.source_time <= killed + 1.0, (published, mark, killed)
        before = [s for s in samples if s.source_time < mark.source_time]
        assert before[-1].quality is Quality.GOOD  # the line ends at the mark


def flow_history(room: PairRoom, start: float, end: float) -> list[TagSample]:
    with Stores(room.store, private_dir(room.folder / "reader"), SystemClock()) as stores:
        history = stores.history(readonly=True)
        try:
            return history.raw("NORTH.FLOW", start, end)
        finally:
            history.close()
