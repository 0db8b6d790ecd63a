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
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import emit  # also puts the repository root on sys.path
from _control_room_figures import BrokerLoad, emit_acks, emit_values, percentile
from _control_room_roles import ROLES, all_good, until
from _control_room_setup import (
    PERIOD,
    ROOT,
    Child,
    cpu_seconds,
    write_project,
)

from tags.alarms.state import AlarmState
from tags.config.project import load_project
from tags.control_room.broker import parse_broker_url
from tags.control_room.console.console_client import ConsoleClient
from tags.control_room.console.sparkplug_host import UNREACHABLE
from tests.mqtt_broker import MqttBroker
from tests.pg_server import free_port
from tests.tags.control_room.room_bench import PASSWORD, add_users


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
        emit_values(reports, reference_report, ticks)
        emit_acks(reports, acks)
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
