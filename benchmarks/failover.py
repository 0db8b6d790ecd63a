"""A redundant server pair through repeated failovers: two ``python main.py server``
processes on one project, one PostgreSQL store (a cluster the benchmark starts) and one
Mosquitto broker, a Modbus device (pymodbus, in this process) whose ``NORTH.FLOW`` changes
every 0.25 s, and two headless consoles watching (in this process).

``--failovers`` times (default 10), alternately the primary killed (SIGKILL; it is started
again and stands by) and its lock's database session cut (``pg_terminate_backend``; it
fences itself and stands by again). At each one an alarm arises in the gap (``SOUTH.TEMP``
over its limit; it is brought back to normal before the next); ``NORTH.LEVEL.HI`` stands
acknowledged from the start. Prints JSON lines {"name", "value", "unit"}:

- failover_s_max / failover_s_p50: the action -> both consoles served by the other server
  with every value Good (target max < 5)
- split_brain_events: node messages of the old primary after its successor's birth (data
  out of the successor's sequence, or a death naming the successor's birth) (target 0)
- acked_alarms_reannunciated: activations of the acknowledged alarm after the first (0)
- alarms_missed: gap alarms never annunciated, and alarms_doubled: annunciated twice (0)
- audit_verify_ok: ``audit verify`` on the store after the run (1)
- history_gap_s_max: the longest gap of NORTH.FLOW in the shared history over the run, as
  the history marks it (from its Bad gap marker, placed where the old primary's values stop
  being known, to the first Good sample of its successor; no trend draws a line across it);
  history_gaps_longer_than_failover: gaps longer than their failover (target 0);
  history_unmarked_spacing_s_max: the longest time between two Good samples with no marker
  between (the value changes every 0.25 s and is read every 0.2 s: a longer one is a loss)

Run: python3 benchmarks/failover.py [--failovers 10]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import signal
import statistics
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

from _common import emit  # also puts the repository root on sys.path

from commands.project import audit_verify
from tags.alarms.state import AlarmState
from tags.clock import SystemClock
from tags.control_room import sparkplug as spb
from tags.control_room.broker import parse_broker_url
from tags.control_room.console.console_client import ConsoleClient
from tags.control_room.sparkplug import MessageType, Topic, follows
from tags.control_room.topics import Topics
from tags.model import Quality, TagSample
from tags.paths import private_dir
from tags.stores import Stores
from tests.mqtt_broker import MqttBroker
from tests.pg_server import PgServer
from tests.tags.control_room.field_room import LEVEL_HI, PASSWORD, all_good
from tests.tags.control_room.pair_room import TEMP_HI, PairRoom, pair_room

TOPICS = Topics("Field room")
READY = ": standby: ready"
LEAD_S = 5.0
"""Seconds of history before the first failover that the gaps are looked for in (the first
gap's marker is written where the old primary was last heard, before the kill)."""
BOUND_S = 30.0
"""Seconds any one wait may take before the run is called failed."""


async def until(condition: object, timeout: float = BOUND_S) -> None:
    end = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > end:
            raise TimeoutError(f"not met within {timeout:g} s")
        await asyncio.sleep(0.02)


def served_by(client: ConsoleClient) -> str:
    info = client.link.server_info
    return str(info.get("instance", "")) if info.get("online") else ""


class NodeWatch:
    """Every node message of the group in the broker's order, judged for a second publisher."""

    def __init__(self) -> None:
        self.split_brain = 0
        self._bd_seq: int | None = None
        self._seq: int | None = None

    def take(self, kind: MessageType, payload: spb.Payload) -> None:
        if kind is MessageType.NBIRTH:
            self._bd_seq = next(int(m.long_value) for m in payload.metrics if m.name == spb.BD_SEQ)
            self._seq = payload.seq
        elif kind is MessageType.NDEATH:
            dead = next(int(m.long_value) for m in payload.metrics if m.name == spb.BD_SEQ)
            if dead == self._bd_seq and self._seq is not None:
                self._seq = None  # the current birth ended (its death)
        elif self._seq is not None:
            if not follows(self._seq, payload.seq):
                self.split_brain += 1
            self._seq = payload.seq


@contextlib.asynccontextmanager
async def watching(broker: MqttBroker, watch: NodeWatch) -> AsyncIterator[None]:
    import aiomqtt

    kwargs = parse_broker_url(broker.url, where="watch").client_kwargs("failover-watch")
    async with aiomqtt.Client(**kwargs) as client:
        await client.subscribe(TOPICS.sparkplug_all, qos=1)

        async def take() -> None:
            async for message in client.messages:
                kind = Topic.parse(message.topic.value).kind
                if kind is not MessageType.NCMD and isinstance(message.payload, bytes):
                    watch.take(kind, spb.decode(message.payload))

        task = asyncio.create_task(take())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def flow(room: PairRoom) -> None:
    """NORTH.FLOW counts up every 0.25 s (0..99 and round again)."""
    value = 0
    while True:
        value = (value + 1) % 100
        await room.set_register("NORTH.FLOW", value)
        await asyncio.sleep(0.25)


async def run(failovers: int, folder: Path) -> None:
    broker, postgres = MqttBroker(), PgServer()
    broker.start()
    postgres.start()
    store = postgres.url(postgres.new_database())
    watch = NodeWatch()
    took: list[float] = []
    try:
        async with pair_room(broker, postgres, store, folder) as room, watching(broker, watch):
            counting = asyncio.create_task(flow(room))
            consoles = [
                ConsoleClient(room.project, parse_broker_url(broker.url, where="b"), f"ws-{n}")
                for n in (1, 2)
            ]
            for console in consoles:
                await console.start()
            try:
                room.start("a")
                await room.primary("a")
                room.start("b")
                await room.standby("b")
                await until(lambda: all(all_good(c) and served_by(c) == "a" for c in consoles))
                await consoles[0].session.login("olga", PASSWORD)
                await consoles[0].session.acknowledge(LEVEL_HI, comment="before the failovers")
                await until(lambda: saved_ack(room))
                started = time.time()
                for n in range(failovers):
                    took.append(await failover(room, consoles, kill=n % 2 == 0))
                ended = time.time()
                await until(lambda: last_good(room, ended - BOUND_S) > ended)  # flushed
                gaps, spacing = history_gaps(room, started - LEAD_S, ended)
            finally:
                counting.cancel()
                for console in consoles:
                    await console.stop()
            emit("failover_s_max", max(took), "s", failovers=failovers,
         each=[round(t, 2) for t in took])  # fmt: skip
            emit("failover_s_p50", statistics.median(took), "s")
            emit("split_brain_events", watch.split_brain, "count")
            activations = journal_count(room, LEVEL_HI)
            emit("acked_alarms_reannunciated", max(0, activations - 1), "count")
            raised = journal_count(room, TEMP_HI)
            emit("alarms_missed", max(0, failovers - raised), "count")
            emit("alarms_doubled", max(0, raised - failovers), "count")
            out = io.StringIO()
            code = audit_verify(room.data_dir("a"), out, store=store)
            emit("audit_verify_ok", 1 if code == 0 else 0, "bool", detail=out.getvalue().strip())
            emit("history_gap_s_max", max(gaps, default=0.0), "s", marked=len(gaps),
                 each=[round(g, 2) for g in gaps])  # fmt: skip
            longer = sum(g > t for g, t in zip(gaps, took, strict=False))
            emit("history_gaps_longer_than_failover", longer, "count")
            emit("history_unmarked_spacing_s_max", max(spacing, default=0.0), "s")
    finally:
        broker.remove()
        postgres.remove()


async def failover(room: PairRoom, consoles: list[ConsoleClient], *, kill: bool) -> float:
    """One failover of the present primary; seconds until both consoles are Good on the other."""
    primary = served_by(consoles[0])
    other = "b" if primary == "a" else "a"
    await room.set_register("SOUTH.TEMP", 20)
    await until(lambda: all(c.alarms.alarm(TEMP_HI).state is AlarmState.NORMAL for c in consoles))
    standbys = room.log(primary).count(READY)
    began = time.monotonic()
    if kill:
        room.processes[primary].send_signal(signal.SIGKILL)
    else:
        room.cut_from_store(primary)
    await room.set_register("SOUTH.TEMP", 60)  # an alarm arises in the gap
    await until(lambda: all(all_good(c) and served_by(c) == other for c in consoles))
    took = time.monotonic() - began
    await until(lambda: all(c.alarms.alarm(TEMP_HI).state is AlarmState.ACTIVE_UNACK
                            for c in consoles))  # fmt: skip
    # operator sessions live in the primary's memory: log in again on the new one
    await consoles[0].session.login("olga", PASSWORD)
    await consoles[0].session.acknowledge(TEMP_HI, comment="the gap's alarm")
    if kill:
        room.processes[primary].wait(BOUND_S)
        room.start(primary)  # back as the standby
    await until(lambda: room.log(primary).count(READY) > standbys)  # the standby now
    return took


def saved_ack(room: PairRoom) -> bool:
    rows = room.query("SELECT acked FROM hmi.alarm_states WHERE alarm = %s", (LEVEL_HI,))
    return bool(rows) and rows[0][0] is True


def journal_count(room: PairRoom, name: str) -> int:
    rows = room.query(
        "SELECT count(*) FROM hmi.alarm_journal WHERE alarm = %s AND event = 'active'", (name,)
    )
    return int(str(rows[0][0]))


def last_good(room: PairRoom, since: float) -> float:
    """The time of NORTH.FLOW's last Good sample since ``since`` in the shared history."""
    samples = flow_history(room, since, time.time() + 60)
    return max((s.source_time for s in samples if s.quality is Quality.GOOD), default=0.0)


def flow_history(room: PairRoom, start: float, end: float) -> list[TagSample]:
    with Stores(room.store, private_dir(room.folder / "reader"), SystemClock()) as stores:
        history = stores.history(readonly=True)
        try:
            return history.raw("NORTH.FLOW", start, end)
        finally:
            history.close()


def history_gaps(room: PairRoom, start: float, end: float) -> tuple[list[float], list[float]]:
    """NORTH.FLOW's history over the run: each marked gap (from the first Bad sample, the
    gap marker, to the next Good one), and the spacing of Good samples with no marker between
    them (the value's own pace; a sample lost without a mark would show here)."""
    samples = flow_history(room, start, end)
    gaps: list[float] = []
    spacing: list[float] = []
    good: float | None = None
    bad: float | None = None
    for sample in samples:
        if sample.quality is not Quality.GOOD:
            bad = sample.source_time if bad is None else bad
            continue
        if bad is not None:
            gaps.append(sample.source_time - bad)
        elif good is not None:
            spacing.append(sample.source_time - good)
        good, bad = sample.source_time, None
    return gaps, spacing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failovers", type=int, default=10)
    parser.add_argument("--keep", type=Path, default=None,
                        help="keep the servers' logs and data in this (new) folder")  # fmt: skip
    args = parser.parse_args()
    if args.keep is not None:
        args.keep.mkdir(parents=True)
        asyncio.run(run(args.failovers, args.keep))
        return
    with tempfile.TemporaryDirectory(prefix="failover-") as folder:
        asyncio.run(run(args.failovers, Path(folder)))


if __name__ == "__main__":
    main()
