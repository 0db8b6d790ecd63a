"""1,000 OPC UA variables changing at 10 Hz: notifications lost and CPU per notification.

A local asyncua server runs in its own process (so it does not share the CPU being measured)
with 1,000 Double variables. On command it writes a new value to every variable every 100 ms
for BENCH_SECONDS and reports how many changes it made. In this process, first a bare asyncua
subscription with a minimal counting handler, then the OpcUaDriver, subscribe to all 1,000
(queue size 1, publishing/sampling interval SCAN_PERIOD) and count what they receive.

notifications_lost: server-side changes minus notifications the driver received (must be 0).
cpu_per_notification_us: process CPU time of this process (client side only) per received
notification, for the driver and for the bare subscription; their ratio must be <= 1.5.
SCAN_PERIOD is 50 ms, twice the change rate: with queue size 1 a server keeps only the newest
value per sampling interval, so sampling at the change rate itself would drop a change
whenever the two 100 ms clocks jitter past each other; that would be the server's, not the
client's, doing.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from _common import emit
from asyncua import ua
from asyncua.client.client import Client
from asyncua.common.node import Node
from asyncua.server.server import Server

from tags.address import parse_address
from tags.clock import SystemClock
from tags.config.connections import OpcUaConnection
from tags.drivers.opcua.driver import OpcUaDriver, OpcUaStats
from tags.model import Batch, TagDef

VARIABLES = 1_000
RATE_HZ = 10.0
SCAN_PERIOD = 0.05
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))


def node_name(i: int) -> str:
    return f"BENCH.UNIT.P{i:04d}"


# the server process -------------------------------------------------------------------------


def serve(port: int, pipe: Connection) -> None:
    asyncio.run(_serve(port, pipe))


async def _serve(port: int, pipe: Connection) -> None:
    server = Server()
    server.disable_clock()
    await server.init()
    server.set_endpoint(f"opc.tcp://127.0.0.1:{port}/")
    server.set_security_policy([ua.SecurityPolicyType.NoSecurity])
    index = await server.register_namespace("urn:bench")
    folder = await server.nodes.objects.add_object(index, "BENCH")
    nodes = [
        await folder.add_variable(
            ua.NodeId.from_string(f"ns={index};s={node_name(i)}"),
            node_name(i),
            ua.Variant(0.0, ua.VariantType.Double),
        )
        for i in range(VARIABLES)
    ]
    await server.start()
    loop = asyncio.get_running_loop()
    _, step = await _change(server, nodes, 0.5, 0)  # warm up before anyone subscribes
    pipe.send("ready")
    while True:
        command: tuple[str, float] = await loop.run_in_executor(None, pipe.recv)
        if command[0] == "stop":
            break
        changes, step = await _change(server, nodes, command[1], step)
        pipe.send(changes)
    await server.stop()


async def _change(server: Server, nodes: list[Node], seconds: float, step: int) -> tuple[int, int]:
    """Write every variable every 1/RATE_HZ s for ``seconds``; return the changes made.

    The writes of one round yield to the loop every 50 variables so the server's publishing
    keeps its pace, and a late round never runs back to back with the next one (that would
    overwrite values the server had not published yet: a loss the client could not help).
    """
    period = 1.0 / RATE_HZ
    changes = 0
    deadline = time.monotonic() + seconds
    next_round = time.monotonic()
    while next_round < deadline:
        step += 1
        for i, node in enumerate(nodes):
            value = ua.DataValue(ua.Variant(step * 1000.0 + i, ua.VariantType.Double))
            await server.write_attribute_value(node.nodeid, value)
            if i % 50 == 49:
                await asyncio.sleep(0)
        changes += len(nodes)
        next_round = max(next_round + period, time.monotonic())  # late: no catching up
        await asyncio.sleep(next_round - time.monotonic())
    return changes, step


# the clients --------------------------------------------------------------------------------


class Counter:
    """A minimal asyncua handler: counts data changes."""

    def __init__(self) -> None:
        self.count = 0

    def datachange_notification(self, node: Node, val: Any, data: Any) -> None:
        self.count += 1


async def measure(pipe: Connection, received: Callable[[], int]) -> tuple[int, int, float]:
    """Let the server change values; return (changes, received, CPU seconds)."""
    loop = asyncio.get_running_loop()
    start_count = received()
    cpu = time.process_time()
    pipe.send(("run", SECONDS))
    changes: int = await loop.run_in_executor(None, pipe.recv)
    # drain: wait until the last notifications are in
    last, quiet_since = received(), time.monotonic()
    while time.monotonic() - quiet_since < 0.5:
        await asyncio.sleep(0.05)
        if received() != last:
            last, quiet_since = received(), time.monotonic()
    return changes, received() - start_count, time.process_time() - cpu


async def raw_client(url: str, pipe: Connection) -> tuple[int, int, float]:
    client = Client(url)
    await client.connect()
    try:
        handler = Counter()
        subscription = await client.create_subscription(SCAN_PERIOD * 1000, handler)
        nodes = [client.get_node(f"ns=2;s={node_name(i)}") for i in range(VARIABLES)]
        await subscription.subscribe_data_change(
            nodes, queuesize=1, sampling_interval=ua.Double(SCAN_PERIOD * 1000)
        )
        while handler.count < VARIABLES:
            await asyncio.sleep(0.05)
        return await measure(pipe, lambda: handler.count)
    finally:
        await client.disconnect()


async def driver_client(url: str, pipe: Connection) -> tuple[int, int, float, int]:
    tags = []
    for i in range(VARIABLES):
        source = f"opcua://bench/ns=2;s={node_name(i)}"
        tags.append(
            TagDef(
                name=node_name(i),
                source=source,
                address=parse_address(source),
                scan_period=SCAN_PERIOD,
            )
        )
    published = 0

    def publish(batch: Batch) -> None:
        nonlocal published
        published += len(batch)

    def heartbeat(names: object, when: float) -> None:
        pass

    driver = OpcUaDriver(
        {"bench": OpcUaConnection("bench", url)}, tags, publish, SystemClock(), heartbeat=heartbeat
    )
    await driver.start()
    try:
        while published < VARIABLES:
            await asyncio.sleep(0.05)

        def notifications() -> int:
            stats = driver.status()[0].stats
            assert isinstance(stats, OpcUaStats)
            return stats.notifications

        before = published
        changes, received, cpu = await measure(pipe, notifications)
        return changes, received, cpu, published - before
    finally:
        await driver.stop()


def main() -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"opc.tcp://127.0.0.1:{port}/"
    context = mp.get_context("spawn")
    ours, theirs = context.Pipe()
    process = context.Process(target=serve, args=(port, theirs), daemon=True)
    process.start()
    if ours.recv() != "ready":
        raise RuntimeError("benchmark server did not start")
    try:
        raw_changes, raw_received, raw_cpu = asyncio.run(raw_client(url, ours))
        changes, received, cpu, published = asyncio.run(driver_client(url, ours))
    finally:
        ours.send(("stop", 0.0))
        process.join(10)
    driver_us = cpu / received * 1e6
    raw_us = raw_cpu / raw_received * 1e6
    context_info = {"variables": VARIABLES, "rate_hz": RATE_HZ, "seconds": SECONDS}
    emit("server_changes", changes, "notifications", **context_info)
    emit("server_change_rate", changes / VARIABLES / SECONDS, "Hz", target=RATE_HZ)
    emit("notifications_received", received, "notifications", published=published)
    emit("notifications_lost", changes - received, "notifications")
    emit("raw_notifications_lost", raw_changes - raw_received, "notifications")
    emit("cpu_per_notification_us", driver_us, "us")
    emit("raw_cpu_per_notification_us", raw_us, "us")
    emit("cpu_per_notification_vs_raw", driver_us / raw_us, "ratio")


if __name__ == "__main__":
    main()
