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

The sparse case: 500 seeded tags spread over 10,000 holding registers of one unit, read with
the connection's default settings. Requests are counted at the server, per scan:

- sparse_requests_per_scan: requests of a steady scan
- sparse_requests_minimum: greedy blocks of at most 125 registers covering every tag,
  computed here from the tag map alone
- sparse_requests_vs_minimum: the two divided (target <= 1.1)

The same map on a device with holes: registers inside the gaps the plan bridges are left
out of the server's datastore, so pymodbus answers any read touching them with exception 02.

- holes_requests_scan_N: requests of scan N (1..--hole-scans), counted at the server
- holes_requests_minimum: greedy blocks as above that touch no hole register
- holes_converged_scans: the scan from which every scan needs only the minimum (target <= 3;
  -1: never within the scans run)
- holes_tags_good: tags Good after the last scan (all of them: the holes are in gaps)

Run: python3 benchmarks/modbus_scan.py [--scans 60] [--hole-scans 6]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import random
import statistics
import time
from collections import Counter
from collections.abc import Mapping, Sequence

from _common import emit  # also puts the repository root on sys.path
from pymodbus.client import AsyncModbusTcpClient

from tags.address import ModbusAddress, ModbusTable
from tags.clock import SystemClock
from tags.config.connections import ModbusConnection
from tags.drivers.modbus.codec import encode_registers
from tags.drivers.modbus.driver import ModbusDriver
from tags.model import Quality, TagDef, TagSample, Value
from tests.tags.drivers.modbus_server import Hole, ModbusTestServer, Recorder, modbus_tag

UNITS = (1, 2, 3, 4)
REGISTERS_PER_UNIT = 2500
MAX_BLOCK = 125
MAX_GAP = 124  # the connection's default: any gap a request can span
PERIOD = 0.1
SPARSE_TAGS = 500
SPARSE_REGISTERS = 10_000
SPARSE_PERIOD = 0.05
HOLES = 25  # bridged gaps with unmapped registers in them
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


# --- the sparse case and the device with holes ------------------------------------------


def sparse_tags(seed: int = 17) -> list[TagDef]:
    """500 tags of 1, 2 or 4 registers at seeded random offsets over 10,000 registers."""
    rng = random.Random(seed)
    offsets = sorted(rng.sample(range(SPARSE_REGISTERS - 4), SPARSE_TAGS))
    tags = []
    for i, (offset, following) in enumerate(itertools.pairwise([*offsets, SPARSE_REGISTERS])):
        query, size = rng.choice([("type=uint16", 1), ("type=float32", 2), ("type=int64", 4)])
        if offset + size > following:
            query = "type=uint16"
        uri = f"modbus://plc/1/hr/{offset}?{query}"
        tags.append(modbus_tag(f"S.T{i:03d}", uri, SPARSE_PERIOD))
    return tags


def spans_of(tags: Sequence[TagDef]) -> list[tuple[int, int]]:
    return sorted(
        (a.offset, a.offset + a.count) for t in tags if isinstance(a := t.address, ModbusAddress)
    )


def greedy_blocks(
    spans: Sequence[tuple[int, int]], holes: frozenset[int] = frozenset()
) -> list[tuple[int, int]]:
    """Blocks of at most 125 registers over sorted, non-overlapping spans, each extended as far
    as it may go without touching a hole register (optimal for this one-dimensional cover)."""
    blocks: list[tuple[int, int]] = []
    for start, end in spans:
        if blocks:
            first, last = blocks[-1]
            if end - first <= MAX_BLOCK and not any(r in holes for r in range(last, end)):
                blocks[-1] = (first, end)
                continue
        blocks.append((start, end))
    return blocks


def holes_in_gaps(tags: Sequence[TagDef], seed: int = 23) -> list[Hole]:
    """Unmapped registers inside gaps that the minimal blocks bridge (1 to 3 per gap)."""
    rng = random.Random(seed)
    spans = spans_of(tags)
    blocks = greedy_blocks(spans)
    gaps = [
        (end, following)
        for (_, end), (following, _) in itertools.pairwise(spans)
        if following - end >= 3 and any(b <= end and following < e for b, e in blocks)
    ]
    holes: list[Hole] = []
    for start, end in sorted(rng.sample(gaps, HOLES)):
        at = rng.randrange(start, end - 1)
        holes.append((1, ModbusTable.HOLDING_REGISTER, at, min(rng.randint(1, 3), end - at)))
    return holes


async def requests_per_scan(
    server: ModbusTestServer, tags: list[TagDef], scans: int, recorder: Recorder
) -> list[int]:
    """Run the driver for ``scans`` scans; requests each scan sent, counted by the server."""
    connection = ModbusConnection("plc", "127.0.0.1", server.port, timeout=1.0, retries=0)
    driver = ModbusDriver({"plc": connection}, tags, recorder, SystemClock())
    counts: Counter[int] = Counter()

    def done() -> int:
        return sum(s.scans for s in driver.scan_status())

    # a request arrives while its scan is in progress: ``done()`` is that scan's index
    server.on_request = lambda pdu: counts.update([done()])
    await driver.start()
    try:
        while done() < scans:
            await asyncio.sleep(0.01)
    finally:
        await driver.stop()
        server.on_request = None
    return [counts[i] for i in range(scans)]


async def sparse_case() -> None:
    tags = sparse_tags()
    minimum = len(greedy_blocks(spans_of(tags)))
    async with ModbusTestServer((1,), registers=SPARSE_REGISTERS) as server:
        counts = await requests_per_scan(server, tags, 3, Recorder())
    emit("sparse_tags", len(tags), "tags")
    emit("sparse_requests_per_scan", counts[-1], "requests")
    emit("sparse_requests_minimum", minimum, "requests")
    emit("sparse_requests_vs_minimum", counts[-1] / minimum, "ratio")


async def holes_case(scans: int) -> None:
    tags = sparse_tags()
    holes = holes_in_gaps(tags)
    unmapped = frozenset(r for _, _, start, count in holes for r in range(start, start + count))
    minimum = len(greedy_blocks(spans_of(tags), unmapped))
    recorder = Recorder()
    async with ModbusTestServer((1,), registers=SPARSE_REGISTERS, holes=holes) as server:
        counts = await requests_per_scan(server, tags, scans, recorder)
    for i, count in enumerate(counts, 1):
        emit(f"holes_requests_scan_{i}", count, "requests")
    emit("holes_requests_minimum", minimum, "requests")
    converged = next(
        (i for i in range(1, scans + 1) if all(c == minimum for c in counts[i - 1 :])), -1
    )
    emit("holes_converged_scans", converged, "scans")
    good = sum(recorder.quality(t.name) is Quality.GOOD for t in tags)
    emit("holes_tags_good", good, "tags", of=len(tags))


async def main(scans: int, hole_scans: int) -> None:
    logging.getLogger("pymodbus").setLevel(logging.CRITICAL)
    logging.getLogger("tags.drivers.modbus").setLevel(logging.CRITICAL)
    await sparse_case()
    await holes_case(hole_scans)
    tags = tag_list()
    server = ModbusTestServer(UNITS, registers=REGISTERS_PER_UNIT + 200, bits=16)
    await server.start()
    try:
        await fill(server, tags, random.Random(5))
        connection = ModbusConnection("plc", "127.0.0.1", server.port, timeout=1.0, retries=0)
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
    parser.add_argument("--hole-scans", type=int, default=6, help="scans of the holes case")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.scans, arguments.hole_scans))
