"""Modbus scan benchmark: requests per scan and scan time of the driver vs a plain pymodbus loop.

A seeded tag list of mixed types, with gaps, spread over 10,000 holding registers on four
unit ids (2,500 each) is read from an in-process pymodbus server on loopback. Prints JSON
lines {"name", "value", "unit"}:

- requests_per_scan: blocks the planner made
- requests_minimum: the optimum, computed here independently (a small dynamic programme)
- requests_naive: one request per tag
- scan_time_ms: median duration of one driver scan (lock, request, decode, publish)
- raw_scan_time_ms: median duration of a bare pymodbus loop reading the same blocks
- scan_time_vs_raw: driver / raw, the median over interleaved rounds (target <= 1.5)

Run: python3 benchmarks/modbus_scan.py [--scans 60]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import statistics
import time
from collections.abc import Mapping

from _common import emit  # also puts the repository root on sys.path
from pymodbus.client import AsyncModbusTcpClient

from tags.address import ModbusAddress, ModbusTable
from tags.clock import SystemClock
from tags.config.connections import ModbusConnection
from tags.drivers.modbus import ModbusDriver
from tags.drivers.modbus_codec import encode_registers
from tags.model import TagDef, TagSample, Value
from tests.tags.drivers.modbus_server import ModbusTestServer, modbus_tag

UNITS = (1, 2, 3, 4)
REGISTERS_PER_UNIT = 2500
MAX_BLOCK = 125
MAX_GAP = 16
PERIOD = 0.1
TYPES = [  # (query, registers, weight)
    ("type=uint16", 1, 20),
    ("type=int16&scale=0.1", 1, 15),
    ("type=bool&bit={bit}", 1, 10),
    ("type=int32&order=CDAB", 2, 10),
    ("type=uint32", 2, 5),
    ("type=float32&order=CDAB", 2, 25),
    ("type=float32&order=BADC", 2, 5),
    ("type=int64", 4, 3),
    ("type=float64&order=DCBA", 4, 4),
    ("type=string&len=16", 8, 3),
]
GAPS = [0] * 14 + [1, 2, 3, 5, 8, 20, 40]


def tag_list(seed: int = 3) -> list[TagDef]:
    """Mixed types with small and large gaps, filling each unit's 2,500 registers."""
    rng = random.Random(seed)
    tags: list[TagDef] = []
    weights = [w for _, _, w in TYPES]
    for unit in UNITS:
        offset = 0
        while True:
            query, size, _ = rng.choices(TYPES, weights)[0]
            if offset + size > REGISTERS_PER_UNIT:
                break
            query = query.format(bit=rng.randrange(16))
            uri = f"modbus://plc/{unit}/hr/{offset}?{query}"
            tags.append(modbus_tag(f"U{unit}.T{len(tags)}", uri, PERIOD))
            offset += size + rng.choice(GAPS)
    return tags


def minimum_requests(tags: list[TagDef]) -> int:
    """The fewest requests, independently of the planner: DP over each unit's sorted tags."""
    total = 0
    for unit in UNITS:
        spans = sorted(
            (a.offset, a.offset + a.count)
            for t in tags
            if isinstance(a := t.address, ModbusAddress) and a.unit == unit
        )
        # fewest[i]: requests for spans[i:]; a request covers spans[i..j] when it fits
        fewest = [0] * (len(spans) + 1)
        for i in range(len(spans) - 1, -1, -1):
            best = None
            end = spans[i][1]
            for j in range(i, len(spans)):
                if j > i and spans[j][0] - end > MAX_GAP:
                    break
                end = max(end, spans[j][1])
                if end - spans[i][0] > MAX_BLOCK:
                    break
                cost = 1 + fewest[j + 1]
                best = cost if best is None else min(best, cost)
            assert best is not None
            fewest[i] = best
        total += fewest[0]
    return total


async def fill(server: ModbusTestServer, tags: list[TagDef], rng: random.Random) -> None:
    """Plausible values for every tag (so decoding does real work, not NaN paths)."""
    for tag in tags:
        a = tag.address
        assert isinstance(a, ModbusAddress)
        if a.bit is not None:
            continue
        if a.type.value == "string":
            value: Value = "PUMP-" + str(rng.randrange(1000))
        elif a.type.value.startswith("float") or a.scale != 1.0:
            value = round(rng.uniform(-100, 100), 1)
        else:
            value = rng.randrange(0, 30000)
        registers = encode_registers(a, value)
        await server.set_registers(a.unit, ModbusTable.HOLDING_REGISTER, a.offset, registers)


async def driver_scans(driver: ModbusDriver, scans: int) -> list[float]:
    """Start the driver, collect ``scans`` scan durations (ms), stop it."""
    durations: list[float] = []
    await driver.start()
    try:
        seen = 0
        while len(durations) < scans:
            await asyncio.sleep(PERIOD / 2)  # twice per period: every scan, barely a cost
            [status] = driver.scan_status()
            if status.scans > seen:
                if seen >= 2:  # skip the first scans (connecting, warming up)
                    durations.append(status.last_ms)
                seen = status.scans
    finally:
        await driver.stop()
    return durations


async def raw_scans(port: int, blocks: list[tuple[int, int, int]], scans: int) -> list[float]:
    """The same blocks read by a bare pymodbus loop, same period, no decoding."""
    client = AsyncModbusTcpClient("127.0.0.1", port=port, timeout=1.0, retries=0)
    await client.connect()
    durations: list[float] = []
    try:
        for i in range(scans + 2):
            started = time.perf_counter()
            for unit, start, count in blocks:
                response = await client.read_holding_registers(start, count=count, device_id=unit)
                assert not response.isError()
            if i >= 2:
                durations.append((time.perf_counter() - started) * 1000.0)
            await asyncio.sleep(PERIOD)
    finally:
        client.close()
        await asyncio.sleep(0)
    return durations


async def main(scans: int) -> None:
    logging.getLogger("pymodbus").setLevel(logging.CRITICAL)
    tags = tag_list()
    server = ModbusTestServer(UNITS, registers=REGISTERS_PER_UNIT + 200, bits=16)
    await server.start()
    try:
        await fill(server, tags, random.Random(5))
        connection = ModbusConnection(
            "plc",
            "127.0.0.1",
            server.port,
            timeout=1.0,
            retries=0,
            max_block_registers=MAX_BLOCK,
            max_gap=MAX_GAP,
        )
        received = 0

        def publish(batch: Mapping[str, TagSample]) -> None:
            nonlocal received
            received += len(batch)

        driver = ModbusDriver({"plc": connection}, tags, publish, SystemClock())
        blocks = [(b.unit, b.start, b.count) for b in driver.block_stats()]
        driver_ms: list[float] = []
        raw_ms: list[float] = []
        ratios: list[float] = []
        rounds = 6  # interleaved, so both sides see the same machine load
        for _ in range(rounds):
            raw = await raw_scans(server.port, blocks, max(1, scans // rounds))
            mine = await driver_scans(driver, max(1, scans // rounds))
            ratios.append(statistics.median(mine) / statistics.median(raw))
            raw_ms += raw
            driver_ms += mine
        assert received > 0
    finally:
        await server.stop()
    driver_median = statistics.median(driver_ms)
    raw_median = statistics.median(raw_ms)
    emit("tags", len(tags), "tags")
    emit("requests_per_scan", len(blocks), "requests")
    emit("requests_minimum", minimum_requests(tags), "requests")
    emit("requests_naive", len(tags), "requests")
    emit("scan_time_ms", driver_median, "ms")
    emit("raw_scan_time_ms", raw_median, "ms")
    emit("scan_time_vs_raw", statistics.median(ratios), "ratio")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=60, help="scans measured per side")
    asyncio.run(main(parser.parse_args().scans))
