"""The processes of the control-room benchmark (benchmarks/control_room.py) other than the
server: the field device, a group of headless consoles, the standalone reference console.

Each is ``python benchmarks/control_room.py --role ROLE ...``; it prints JSON lines on stdout
and takes commands on stdin, one a line: ``record`` (start counting), ``ack`` (the acker
acknowledges every alarm), ``report`` (print what was counted), ``stop``.

The device holds ``tags`` holding registers (unit 1, from 0) that all take the value k at
``t0 + k * period`` (k = 1, 2, ...), and ``alarms`` registers after them held at 1 (each an
alarm standing from the start). It listens on two ports with one datastore: the room's server
reads one, the reference console the other, so each port's clients are counted apart.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tags.alarms.state import AlarmState, AlarmView
from tags.database import TagDatabase
from tags.model import Batch, Quality

HOST = "127.0.0.1"
ACK_COMMENT = "benchmark"


def say(**message: Any) -> None:
    print(json.dumps(message), flush=True)


async def commands() -> asyncio.Queue[str]:
    """The lines arriving on stdin, as a queue (read on a thread: stdin is a pipe)."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    loop = asyncio.get_running_loop()

    def read() -> None:
        for line in sys.stdin:
            loop.call_soon_threadsafe(queue.put_nowait, line.strip())
        loop.call_soon_threadsafe(queue.put_nowait, "stop")

    loop.run_in_executor(None, read)
    return queue


class Probe:
    """What one console received: latencies (0.1 ms bins) and changes lost, per tag."""

    def __init__(self, db: TagDatabase, values: frozenset[str], t0: float, period: float) -> None:
        self.values = values
        self.t0, self.period = t0, period
        self.recording = False
        self.latency: Counter[int] = Counter()
        """Source time of the sample (the server's read) -> arrival here."""
        self.change: Counter[int] = Counter()
        """The device's change -> arrival here."""
        self.last: dict[str, int] = {}
        self.received = 0
        self.lost = 0
        self.acknowledged: dict[str, float] = {}
        """When each alarm was first seen acknowledged."""
        self.subscription = db.subscribe(self._take)

    def _take(self, batch: Batch) -> None:
        if not self.recording:
            return
        now = time.time()
        for name, sample in batch.items():
            if sample.quality is not Quality.GOOD or name not in self.values:
                continue
            value = int(sample.value)
            before = self.last.get(name)
            self.last[name] = value
            if before == value:
                continue  # a birth repeating what came before
            self.received += 1
            if before is not None and value > before + 1:
                self.lost += value - before - 1
            self.latency[round((now - sample.source_time) * 10_000)] += 1
            self.change[round((now - (self.t0 + value * self.period)) * 10_000)] += 1

    def on_alarms(self, views: Any) -> None:
        now = time.time()
        for view in views:
            if isinstance(view, AlarmView) and view.acknowledged and view.active:
                self.acknowledged.setdefault(view.name, now)

    def report(self, name: str) -> dict[str, Any]:
        return {
            "console": name,
            "latency": dict(self.latency),
            "change": dict(self.change),
            "received": self.received,
            "lost": self.lost,
            "acknowledged": self.acknowledged,
        }


def all_good(db: TagDatabase) -> bool:
    return all(s.quality is Quality.GOOD for s in db.snapshot().values())


async def until(condition: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout:g} s")
        await asyncio.sleep(0.05)


# the field device --------------------------------------------------------------------------


async def device(args: Any) -> None:
    from pymodbus.server import ModbusTcpServer
    from pymodbus.simulator import DataType, SimData, SimDevice

    registers = args.tags + args.alarms
    unit = SimDevice(
        1,
        simdata=(
            [SimData(0, count=16, values=False, datatype=DataType.BITS)],
            [SimData(0, count=16, values=False, datatype=DataType.BITS)],
            [SimData(0, count=registers, values=0, datatype=DataType.REGISTERS)],
            [SimData(0, count=16, values=0, datatype=DataType.REGISTERS)],
        ),
    )
    room = ModbusTcpServer([unit], address=(HOST, args.room_port))
    reference = ModbusTcpServer([unit], address=(HOST, args.reference_port))
    reference.context = room.context  # one datastore behind both ports
    await room.serve_forever(background=True)
    await reference.serve_forever(background=True)
    await room.async_setValues(1, 16, args.tags, [1] * args.alarms)
    say(listening=True)
    k = 0
    while True:
        k += 1
        due = args.t0 + k * args.period
        await asyncio.sleep(max(0.0, due - time.time()))
        late = time.time() - due
        await room.async_setValues(1, 16, 0, [k % 65536] * args.tags)
        say(
            k=k,
            late_ms=round(late * 1000, 2),
            room_clients=len(room.active_connections),
            reference_clients=len(reference.active_connections),
        )


# headless consoles -------------------------------------------------------------------------


async def consoles(args: Any) -> None:
    from tags.config.project import load_project
    from tags.control_room.broker import parse_broker_url
    from tags.control_room.console.console_client import ConsoleClient

    project = load_project(Path(args.project))
    broker = parse_broker_url(args.broker, where="--broker")
    values = frozenset(n for n in project.tags if not n.startswith("ALM."))
    clients = [ConsoleClient(project, broker, f"ws-{args.first + i}") for i in range(args.count)]
    probes = [Probe(c.db, values, args.t0, args.period) for c in clients]
    subscriptions = [c.alarms.subscribe(p.on_alarms) for c, p in zip(clients, probes, strict=True)]
    queue = await commands()
    for client in clients:
        await client.start()
    try:
        for client in clients:
            await until(lambda c=client: all_good(c.db), 180, f"{client.workstation}: values")
            say(ready=client.workstation)
        await _serve(queue, clients, probes, args.password)
    finally:
        for subscription in subscriptions:
            subscription.close()
        for client in clients:
            await client.stop()


async def _serve(
    queue: asyncio.Queue[str], clients: list[Any], probes: list[Probe], password: str
) -> None:
    while (command := await queue.get()) != "stop":
        if command == "record":
            for probe in probes:
                probe.recording = True
        elif command == "ack":
            say(acks=await _acknowledge_all(clients[0], password))
        elif command == "report":
            for client, probe in zip(clients, probes, strict=True):
                probe.recording = False
                report = probe.report(client.workstation)
                say(report={**report, "rebirths": client.link.rebirth_requests})


async def _acknowledge_all(acker: Any, password: str) -> dict[str, float]:
    """Acknowledge every standing alarm one after the other: when each request left."""
    await acker.session.login("olga", password)
    standing = [
        n for n in acker.alarms.names if acker.alarms.alarm(n).state is AlarmState.ACTIVE_UNACK
    ]
    sent: dict[str, float] = {}
    for name in sorted(standing):
        sent[name] = time.time()
        await acker.session.acknowledge(name, comment=ACK_COMMENT)
    return sent


# the standalone reference ------------------------------------------------------------------


async def reference(args: Any) -> None:
    from tags.config.project import load_project
    from tags.runtime import Runtime

    project = load_project(Path(args.project))
    runtime = Runtime(project, Path(args.data_dir))
    values = frozenset(n for n in project.tags if not n.startswith("ALM."))
    probe = Probe(runtime.db, values, args.t0, args.period)
    queue = await commands()
    await runtime.start()
    try:
        await until(lambda: all_good(runtime.db), 180, "reference: values")
        say(ready="reference")
        while (command := await queue.get()) != "stop":
            if command == "record":
                probe.recording = True
            elif command == "report":
                probe.recording = False
                say(report=probe.report("reference"))
    finally:
        probe.subscription.close()
        await runtime.stop()


ROLES = {"device": device, "consoles": consoles, "reference": reference}
