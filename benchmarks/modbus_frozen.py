"""Modbus frozen-device benchmark: how long until a device that stops answering shows Bad.

A gateway with two units of five poll blocks each is read with the connection defaults
(timeout 0.5 s, one retry) at a 1 s scan from an in-process pymodbus server on loopback.
Once every tag is Good unit 1 stops answering (the port stays open, as with a frozen PLC),
at a seeded random point of the scan cycle. Prints JSON lines {"name", "value", "unit"}:

- frozen_time_to_bad_scans: median time from the freeze until every tag of unit 1 is Bad,
  in scan periods (target <= 2, as for a killed device)
- frozen_time_to_bad_scans_max: the worst run
- frozen_other_unit_update_scans: while unit 1 stays frozen, scan periods between two
  updates of a unit-2 tag (1 when unit 1 holds nothing up)

Run: python3 benchmarks/modbus_frozen.py [--runs 3] [--period 1.0]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import statistics
import time
from collections.abc import Callable

from _common import emit  # also puts the repository root on sys.path

from tags.address import ModbusTable
from tags.clock import SystemClock
from tags.config.connections import ModbusConnection
from tags.drivers.modbus.driver import ModbusDriver
from tags.model import Quality
from tests.tags.drivers.modbus_server import Fault, ModbusTestServer, Recorder, modbus_tag

HR = ModbusTable.HOLDING_REGISTER
BLOCKS = 5
REGISTERS = 10
WINDOW = 8
"""Scan periods over which the other unit's updates are counted."""


async def wait(recorder: Recorder, condition: Callable[[], bool]) -> float:
    """Wait for ``condition`` after some batch; return the monotonic time it first held."""
    await recorder.wait_for(condition, timeout=120.0)
    return time.monotonic()


async def main(runs: int, period: float) -> None:
    logging.getLogger("pymodbus").setLevel(logging.CRITICAL)
    logging.getLogger("tags.drivers.modbus").setLevel(logging.CRITICAL)
    rng = random.Random(11)
    tags = [
        modbus_tag(f"U{unit}.T{i}", f"modbus://plc/{unit}/hr/{i * 100}?type=uint16", period)
        for unit in (1, 2)
        for i in range(BLOCKS)
    ]
    names = [t.name for t in tags]
    frozen_names = [n for n in names if n.startswith("U1.")]
    server = ModbusTestServer(units=(1, 2), registers=BLOCKS * 100)
    await server.start()
    connection = ModbusConnection(
        "plc", "127.0.0.1", server.port, max_block_registers=REGISTERS, max_gap=0
    )
    recorder = Recorder()
    driver = ModbusDriver({"plc": connection}, tags, recorder, SystemClock())
    await driver.start()
    scans_to_bad: list[float] = []
    other_unit: list[float] = []
    try:
        for _ in range(runs):
            await wait(recorder, lambda: all(recorder.quality(n) is Quality.GOOD for n in names))
            await asyncio.sleep(rng.uniform(0.0, period))  # freeze anywhere in the scan cycle
            server.fail(1, HR, 0, BLOCKS * 100, Fault.SILENT)
            frozen = time.monotonic()
            bad = await wait(
                recorder, lambda: all(_is_bad(recorder.quality(n)) for n in frozen_names)
            )
            scans_to_bad.append((bad - frozen) / period)
            seen = len(recorder.batches)
            await asyncio.sleep(WINDOW * period)  # the measuring window itself
            updates = sum(1 for batch in recorder.batches[seen:] if "U2.T0" in batch)
            other_unit.append(WINDOW / max(updates, 1))
            server.clear_faults()
    finally:
        await driver.stop()
        await server.stop()
    emit("frozen_time_to_bad_scans", statistics.median(scans_to_bad), "scans", period_s=period)
    emit("frozen_time_to_bad_scans_max", max(scans_to_bad), "scans", period_s=period)
    emit("frozen_other_unit_update_scans", statistics.median(other_unit), "scans")


def _is_bad(quality: Quality | None) -> bool:
    return quality is not None and quality.is_bad


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="freezes measured")
    parser.add_argument("--period", type=float, default=1.0, help="scan period in seconds")
    args = parser.parse_args()
    asyncio.run(main(args.runs, args.period))
