"""The control room under load: one server, many headless consoles, one Mosquitto broker, all
on this machine, and a standalone console reading the same field directly as the reference.

A Modbus TCP device (pymodbus, its own process) holds ``--tags`` registers that all change
once a second (each takes the value k at t0 + k s) and ``--alarms`` registers that each hold an
alarm standing from the start. A real device, not sim:// tags: the server reads it with its
Modbus driver (blocks of 125 registers, scan 0.25 s). ``python main.py server`` (its own
process) serves the project; ``--consoles`` ConsoleClients (one to a process, as on their
workstations; ``--per-process``) and the reference (a Runtime reading the device's second
port, its own process) count what arrives. Prints JSON lines {"name", "value", "unit"}:

- server_queue_ms_p99 and plain_subscriber_latency_ms_p99: where the latency goes, from a
  plain MQTT client reading the data messages: the sample's source time to the message's
  timestamp (inside the server), and to its arrival at that client (through the broker)
- value_latency_ms_p50 / _p99: the sample's source time (the server's read of the device) to
  its arrival in a console's tag database, every value of every console (target p99 < 250)
- reference_value_latency_ms_p50 / _p99: the same in the standalone console
- change_latency_ms_p99 / reference_change_latency_ms_p99: the device's change to the arrival
  (adds the wait for the next scan, up to 250 ms, to both)
- ack_propagation_ms_p99: an acknowledgement sent on one console to the acknowledged state
  seen on every console, one alarm after the other (target < 1,000)
- values_lost: changes that never reached a console, summed over the consoles (target 0);
  reference_values_lost the same for the standalone console
- field_connections_per_endpoint: the most client connections the device's room port held
  (target 1: the server's)
- server_cpu_pct: the server process's CPU over the measured window (100 = one core), with
  broker_messages_per_s (Mosquitto's $SYS counters of messages received and sent)
- loss_to_bad_ms: the broker stopped -> every value Bad on a console (target < 2,000);
  back_to_good_ms: the broker started again -> every value Good there
- server_kill_to_bad_ms: the server killed (SIGKILL) -> every value Bad there (target < 2,000)
- late_start_full_state_ms: a console started -> every value Good and every alarm's state
  there (target < 2,000)

Run: python3 benchmarks/control_room.py [--tags 5000] [--consoles 8] [--window 30] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from _common import emit  # also puts the repository root on sys.path
from _control_room_roles import ROLES, all_good, until

from tags.alarms.state import AlarmState
from tags.config.project import load_project
from tags.control_room.broker import parse_broker_url
from tags.control_room.console.console_client import ConsoleClient
from tags.control_room.console.sparkplug_host import UNREACHABLE
from tags.control_room.sparkplug import decode
from tests.mqtt_broker import MqttBroker
from tests.pg_server import free_port
from tests.tags.control_room.room_bench import PASSWORD, add_users

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(__file__).resolve()
PERIOD = 1.0
SCAN = 0.25
AREAS = 5
READY_TIMEOUT = 240.0

PROJECT = """\
[project]
name = "Room benchmark"
tag_files = ["tags.toml"]

{areas}
[areas.ALM]
description = "Alarms"

[connections.plc]
kind = "modbus"
host = "127.0.0.1"
port = {port}
timeout = 2
retries = 0

[scan_classes]
fast = {scan}

[security]
idle_lock_seconds = 3600
"""


def write_project(folder: Path, port: int, tags: int, alarms: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    areas = "".join(f'[areas.A{a}]\ndescription = "Area {a}"\n\n' for a in range(AREAS))
    lines = []
    for i in range(tags):
        lines.append(
            f'[tags."A{i % AREAS}.V{i:05d}"]\nsource = "modbus://plc/1/hr/{i}"\n'
            'range = [0, 65535]\nscan = "fast"\n'
        )
    for n in range(alarms):
        lines.append(
            f'[tags."ALM.A{n:03d}"]\nsource = "modbus://plc/1/hr/{tags + n}"\n'
            'scan = "fast"\nalarms = { hi = { limit = 0.5, on_delay = 0, '
            "off_delay = 0, deadband = 0 } }\n"
        )
    (folder / "tags.toml").write_text("\n".join(lines), encoding="utf-8")
    path = folder / "project.toml"
    path.write_text(PROJECT.format(areas=areas, port=port, scan=SCAN), encoding="utf-8")
    return path


class Child:
    """A process of the benchmark: its JSON lines in a queue, commands to its stdin."""

    def __init__(self, name: str, process: asyncio.subprocess.Process, count: int) -> None:
        self.name = name
        self.process = process
        self.count = count
        """How many consoles it runs (what it reports once per console)."""
        self.lines: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.reader = asyncio.create_task(self._read())

    @classmethod
    async def start(cls, name: str, *argv: str, count: int = 1) -> Child:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            str(SCRIPT),
            *argv,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        return cls(name, process, count)

    async def _read(self) -> None:
        assert self.process.stdout is not None
        async for line in self.process.stdout:
            with contextlib.suppress(ValueError):
                self.lines.put_nowait(json.loads(line))
        self.lines.put_nowait({"ended": await self.process.wait()})

    async def expect(self, key: str, timeout: float = READY_TIMEOUT) -> dict[str, Any]:
        """The next line carrying ``key`` (others skipped)."""
        async with asyncio.timeout(timeout):
            while True:
                line = await self.lines.get()
                if key in line:
                    return line
                if "ended" in line:
                    raise RuntimeError(f"{self.name} ended ({line['ended']}) before '{key}'")

    def send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(f"{command}\n".encode())

    async def stop(self, *, asked: bool = True) -> None:
        """Ask it to stop (``stop``, then its stdin closed), else terminate it; kill it if it
        has not ended 20 s later."""
        process = self.process
        if process.returncode is None and process.stdin is not None:
            with contextlib.suppress(OSError):
                if asked:
                    self.send("stop")
                process.stdin.close()
        if not asked and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 20)
        except TimeoutError:
            process.kill()
            await process.wait()
        self.reader.cancel()


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(bins: Counter[int], fraction: float) -> float:
    """The value (ms) below which ``fraction`` of the samples lie (bins of 0.1 ms)."""
    total = sum(bins.values())
    if not total:
        return float("nan")
    wanted, seen = fraction * total, 0
    for key in sorted(bins):
        seen += bins[key]
        if seen >= wanted:
            return key / 10
    return max(bins) / 10


def merged(reports: Iterable[dict[str, Any]], field: str) -> Counter[int]:
    total: Counter[int] = Counter()
    for report in reports:
        total.update({int(k): v for k, v in report[field].items()})
    return total


class BrokerLoad:
    """Mosquitto's $SYS message counters (sys_interval 1), and a plain subscriber to the
    server's data messages that splits the latency: the sample's source time to the message's
    timestamp (inside the server) and to its arrival here (through the broker)."""

    def __init__(self, broker: MqttBroker) -> None:
        self.broker = broker
        self.counts: dict[str, int] = {}
        self.in_server: Counter[int] = Counter()
        self.to_subscriber: Counter[int] = Counter()
        self.recording = False
        self.last: dict[str, dict[int, int]] = {}
        """The last value of each metric, by data topic and alias."""
        self.lost = 0
        """Changes the server never published (gaps in a metric's values)."""
        self.task: asyncio.Task[None] | None = None

    async def run(self) -> None:
        import aiomqtt

        async with aiomqtt.Client("127.0.0.1", self.broker.port, identifier="bench-sys") as c:
            await c.subscribe("$SYS/broker/messages/+")
            await c.subscribe("spBv1.0/+/DDATA/#")
            async for message in c.messages:
                payload = message.payload
                if not isinstance(payload, bytes | bytearray):
                    continue
                if message.topic.value.startswith("$SYS"):
                    with contextlib.suppress(ValueError):
                        self.counts[message.topic.value.rsplit("/", 1)[1]] = int(payload)
                elif self.recording:
                    self._split(message.topic.value, time.time() * 1000, bytes(payload))

    def _split(self, topic: str, arrival_ms: float, data: bytes) -> None:
        payload = decode(data)
        last = self.last.setdefault(topic, {})
        for metric in payload.metrics:
            self.in_server[round((payload.timestamp - metric.timestamp) * 10)] += 1
            self.to_subscriber[round((arrival_ms - metric.timestamp) * 10)] += 1
            kind = metric.WhichOneof("value")
            if kind is None or metric.is_null:
                continue
            value = int(getattr(metric, kind))
            before = last.get(metric.alias)
            last[metric.alias] = value
            if before is not None and value > before + 1:
                self.lost += value - before - 1

    def total(self) -> int:
        return self.counts.get("received", 0) + self.counts.get("sent", 0)


async def measure(args: argparse.Namespace, folder: Path) -> None:
    room_port, reference_port = free_port(), free_port()
    room_file = write_project(folder / "room", room_port, args.tags, args.alarms)
    reference_file = write_project(folder / "reference", reference_port, args.tags, args.alarms)
    add_users(folder / "server-data")
    broker = MqttBroker()
    broker.config.write_text(broker.config.read_text() + "sys_interval 1\n")
    broker.start()
    children: list[Child] = []
    server: subprocess.Popen[bytes] | None = None
    load: BrokerLoad | None = None
    t0 = time.time() + 3.0
    timing = ["--t0", str(t0), "--period", str(PERIOD)]
    try:
        device = await Child.start(
            "device",
            "--role",
            "device",
            "--tags",
            str(args.tags),
            "--alarms",
            str(args.alarms),
            "--room-port",
            str(room_port),
            "--reference-port",
            str(reference_port),
            *timing,
        )
        children.append(device)
        await device.expect("listening")
        with (folder / "server.log").open("wb") as log:
            server = subprocess.Popen(
                [
                    sys.executable,
                    str(ROOT / "main.py"),
                    "--data-dir",
                    str(folder / "server-data"),
                    "server",
                    "--project",
                    str(room_file),
                    "--broker",
                    broker.url,
                ],
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        reference = await Child.start(
            "reference",
            "--role",
            "reference",
            "--project",
            str(reference_file),
            "--data-dir",
            str(folder / "reference-data"),
            *timing,
        )
        children.append(reference)
        workers = []
        for first in range(0, args.consoles, args.per_process):
            count = min(args.per_process, args.consoles - first)
            workers.append(
                await Child.start(
                    f"consoles-{first}",
                    "--role",
                    "consoles",
                    "--project",
                    str(room_file),
                    "--broker",
                    broker.url,
                    "--first",
                    str(first),
                    "--count",
                    str(count),
                    *timing,
                    count=count,
                )
            )
        children.extend(workers)
        for worker in workers:
            for _ in range(worker.count):
                await worker.expect("ready")
        await reference.expect("ready")
        load = BrokerLoad(broker)
        load.task = asyncio.create_task(load.run())
        await asyncio.sleep(2.0)  # let every console settle after its births
        ticks = await _window(args, [reference, *workers], server.pid, load, device)
        workers[0].send("ack")
        acks: dict[str, float] = (await workers[0].expect("acks"))["acks"]
        await asyncio.sleep(2.0)  # the last acknowledgement reaches every console
        reports = []
        for child in [reference, *workers]:
            child.send("report")
        reference_report = (await reference.expect("report"))["report"]
        for worker in workers:
            for _ in range(worker.count):
                reports.append((await worker.expect("report"))["report"])
        _emit_values(reports, reference_report, ticks)
        _emit_acks(reports, acks)
        await _late_start(room_file, broker, args.alarms)
        await _loss(room_file, broker, server)
    finally:
        if load is not None and load.task is not None:
            load.task.cancel()
            with contextlib.suppress(BaseException):
                await load.task
        for child in children:
            await child.stop(asked=child.name != "device")
        if server is not None:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
        broker.remove()
        if args.keep_log is not None:
            shutil.copyfile(folder / "server.log", args.keep_log)


async def _window(
    args: argparse.Namespace, counted: list[Child], server_pid: int, load: BrokerLoad, device: Child
) -> list[dict[str, Any]]:
    """Record for ``--window`` seconds; the server's CPU, the broker's load, the device's
    ticks over that time."""
    while not device.lines.empty():
        device.lines.get_nowait()
    await until(lambda: load.total() > 0, 10, "the broker's $SYS counters")
    for child in counted:
        child.send("record")
    load.recording = True
    pids = {"server": server_pid, "bench": os.getpid(), "device": device.process.pid}
    pids.update({child.name: child.process.pid for child in counted})
    cpu = {name: cpu_seconds(pid) for name, pid in pids.items()}
    started, messages = time.monotonic(), load.total()
    messages_at = time.monotonic()
    await asyncio.sleep(args.window)
    ticks = []
    while not device.lines.empty():
        ticks.append(device.lines.get_nowait())
    load.recording = False
    elapsed = time.monotonic() - started
    used = {name: (cpu_seconds(pid) - cpu[name]) / elapsed * 100 for name, pid in pids.items()}
    cpu_pct = used["server"]
    emit(
        "process_cpu_pct",
        sum(used.values()),
        "%",
        cores=os.cpu_count(),
        **{name: round(pct, 1) for name, pct in used.items()},
    )
    rate = (load.total() - messages) / (time.monotonic() - messages_at)
    emit(
        "server_cpu_pct",
        cpu_pct,
        "%",
        broker_messages_per_s=round(rate),
        tags=args.tags,
        consoles=args.consoles,
        window_s=args.window,
    )
    emit("broker_messages_per_s", rate, "1/s", counters="$SYS/broker/messages/received+sent")
    emit("values_not_published", load.lost, "values", what="gaps in the server's data messages")
    emit(
        "server_queue_ms_p99",
        percentile(load.in_server, 0.99),
        "ms",
        p50=percentile(load.in_server, 0.5),
        what="sample source time -> data message time",
    )
    emit(
        "plain_subscriber_latency_ms_p99",
        percentile(load.to_subscriber, 0.99),
        "ms",
        p50=percentile(load.to_subscriber, 0.5),
        what="source time -> a plain MQTT client",
    )
    return ticks


def _emit_values(
    reports: list[dict[str, Any]], reference: dict[str, Any], ticks: list[dict[str, Any]]
) -> None:
    latency, change = merged(reports, "latency"), merged(reports, "change")
    emit("value_latency_ms_p50", percentile(latency, 0.5), "ms", samples=sum(latency.values()))
    emit("value_latency_ms_p99", percentile(latency, 0.99), "ms", target="< 250")
    ref_latency, ref_change = merged([reference], "latency"), merged([reference], "change")
    emit(
        "reference_value_latency_ms_p50",
        percentile(ref_latency, 0.5),
        "ms",
        samples=sum(ref_latency.values()),
        note="standalone console reading the device",
    )
    emit("reference_value_latency_ms_p99", percentile(ref_latency, 0.99), "ms")
    emit(
        "change_latency_ms_p99",
        percentile(change, 0.99),
        "ms",
        p50=percentile(change, 0.5),
        scan_s=SCAN,
    )
    emit(
        "reference_change_latency_ms_p99",
        percentile(ref_change, 0.99),
        "ms",
        p50=percentile(ref_change, 0.5),
    )
    emit(
        "values_lost",
        sum(r["lost"] for r in reports),
        "values",
        received=sum(r["received"] for r in reports),
        consoles=len(reports),
        rebirths_asked=sum(r["rebirths"] for r in reports),
    )
    emit("reference_values_lost", reference["lost"], "values", received=reference["received"])
    emit(
        "field_connections_per_endpoint",
        max(t["room_clients"] for t in ticks),
        "connections",
        reference_port=max(t["reference_clients"] for t in ticks),
        device_late_ms_max=max(t["late_ms"] for t in ticks),
    )


def _emit_acks(reports: list[dict[str, Any]], acks: dict[str, float]) -> None:
    delays: list[float] = []
    for name, sent in acks.items():
        seen = [r["acknowledged"].get(name) for r in reports]
        delays.append(float("inf") if None in seen else (max(seen) - sent) * 1000)
    delays.sort()
    p99 = delays[min(len(delays) - 1, int(0.99 * len(delays)))] if delays else float("nan")
    emit(
        "ack_propagation_ms_p99",
        p99,
        "ms",
        acks=len(delays),
        consoles=len(reports),
        median=round(delays[len(delays) // 2], 1) if delays else None,
        target="< 1000",
    )


async def _late_start(project_file: Path, broker: MqttBroker, alarms: int) -> None:
    project = load_project(project_file)
    client = ConsoleClient(project, parse_broker_url(broker.url, where="bench"), "ws-late")
    started = time.perf_counter()
    await client.start()
    try:

        def complete() -> bool:
            states = [client.alarms.alarm(n).state for n in client.alarms.names]
            standing = sum(s is not AlarmState.NORMAL for s in states)
            return standing == alarms and all_good(client.db)

        await until(complete, 60, "late start")
        emit(
            "late_start_full_state_ms",
            (time.perf_counter() - started) * 1000,
            "ms",
            tags=len(project.tags),
            alarms=alarms,
            target="< 2000",
        )
    finally:
        await client.stop()


async def _loss(project_file: Path, broker: MqttBroker, server: subprocess.Popen[bytes]) -> None:
    project = load_project(project_file)
    client = ConsoleClient(project, parse_broker_url(broker.url, where="bench"), "ws-loss")
    await client.start()
    try:
        await until(lambda: all_good(client.db), 60, "loss console values")
        started = time.perf_counter()
        broker.stop()

        def all_bad() -> bool:
            return all(
                s.quality.is_bad and s.reason == UNREACHABLE for s in client.db.snapshot().values()
            )

        await until(all_bad, 30, "every value Bad")
        emit("loss_to_bad_ms", (time.perf_counter() - started) * 1000, "ms", target="< 2000")
        started = time.perf_counter()
        broker.start()
        await until(lambda: all_good(client.db), 60, "every value Good again")
        emit("back_to_good_ms", (time.perf_counter() - started) * 1000, "ms")
        started = time.perf_counter()
        server.kill()  # its death comes as the broker's will
        await until(all_bad, 30, "every value Bad after the server's death")
        emit("server_kill_to_bad_ms", (time.perf_counter() - started) * 1000, "ms", target="< 2000")
    finally:
        await client.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tags", type=int, default=5000)
    parser.add_argument("--alarms", type=int, default=40)
    parser.add_argument("--consoles", type=int, default=8)
    parser.add_argument("--window", type=float, default=30.0, help="seconds measured")
    parser.add_argument(
        "--per-process",
        type=int,
        default=1,
        help="consoles per process (default 1: a workstation runs one; more share a CPU's "
        "time and queue each other's bursts)",
    )
    parser.add_argument("--quick", action="store_true", help="500 tags, 2 consoles, 8 s")
    parser.add_argument("--keep-log", type=Path, help="copy the server's log to this file")
    parser.add_argument("--role", choices=sorted(ROLES), help=argparse.SUPPRESS)
    for option in ("--project", "--broker", "--data-dir"):
        parser.add_argument(option, help=argparse.SUPPRESS)
    for option in ("--room-port", "--reference-port", "--first", "--count"):
        parser.add_argument(option, type=int, default=0, help=argparse.SUPPRESS)
    for option in ("--t0", "--period"):
        parser.add_argument(option, type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.role:
        args.password = PASSWORD
        logging.basicConfig(level=logging.ERROR, format=f"{args.role}: %(message)s")
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(ROLES[args.role](args))
        return
    if args.quick:
        args.tags, args.consoles, args.window, args.alarms = 500, 2, 8.0, 5
    with tempfile.TemporaryDirectory(prefix="control-room-bench-") as folder:
        asyncio.run(measure(args, Path(folder)))


if __name__ == "__main__":
    main()
