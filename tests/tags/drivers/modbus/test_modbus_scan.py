"""Scan classes: the period, overruns without backlog, several classes per connection."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Mapping

import pytest
import pytest_asyncio

from tags.clock import ManualClock, SystemClock
from tags.config.connections import ModbusConnection
from tags.drivers.modbus.driver import ModbusDriver
from tags.drivers.modbus.scan import ScanTimer
from tags.model import TagSample
from tests.tags.drivers.modbus_server import ModbusTestServer, Recorder, modbus_tag

# --- the timing rule, with plain numbers ------------------------------------------------


def test_scans_start_on_a_fixed_grid() -> None:
    timer = ScanTimer(1.0)
    timer.begin(100.0)
    assert timer.end(100.2) == pytest.approx(0.8)
    timer.begin(101.01)  # woke a little late: the grid does not drift
    assert timer.end(101.3) == pytest.approx(0.7)
    assert timer.overruns == 0


def test_an_overrun_is_counted_and_the_next_scan_starts_at_once() -> None:
    timer = ScanTimer(1.0)
    timer.begin(0.0)
    assert timer.end(3.5) == 0.0
    assert timer.overruns == 1
    timer.begin(3.5)  # no backlog: one scan now, then back to the period
    assert timer.end(3.6) == pytest.approx(0.9)
    assert timer.overruns == 1


def test_a_late_wake_up_starts_at_once_without_counting_an_overrun() -> None:
    timer = ScanTimer(1.0)
    timer.begin(0.0)
    timer.end(0.1)
    timer.begin(5.0)  # the loop was busy elsewhere
    assert timer.end(5.1) == pytest.approx(0.9)
    assert timer.overruns == 0


def test_a_clock_that_stands_still_waits_one_period() -> None:
    timer = ScanTimer(0.5)
    for _ in range(3):
        timer.begin(7.0)
        assert timer.end(7.0) == 0.5


def test_scan_durations_are_recorded() -> None:
    timer = ScanTimer(1.0)
    for start, end in [(0.0, 0.1), (1.0, 1.3)]:
        timer.begin(start)
        timer.end(end)
    assert timer.scans == 2
    assert timer.last_duration == pytest.approx(0.3)
    assert timer.max_duration == pytest.approx(0.3)
    assert timer.mean_duration == pytest.approx(0.2)


def test_a_period_must_be_positive() -> None:
    with pytest.raises(ValueError):
        ScanTimer(0.0)


# --- the driver's scan tasks ------------------------------------------------------------


@pytest_asyncio.fixture
async def server() -> AsyncIterator[ModbusTestServer]:
    async with ModbusTestServer(units=(1,)) as running:
        yield running


def connection(server: ModbusTestServer, delay: float = 0.0) -> ModbusConnection:
    return ModbusConnection(
        "plc", "127.0.0.1", server.port, timeout=0.2, retries=0, inter_request_delay=delay
    )


@pytest.mark.asyncio
async def test_a_stepped_clock_overrun_starts_the_next_scan_at_once(
    server: ModbusTestServer,
) -> None:
    clock = ManualClock()
    period = 0.5
    times: list[float] = []
    recorder = Recorder()

    def publish(batch: Mapping[str, TagSample]) -> None:
        times.append(time.monotonic())
        if len(times) == 1:
            clock.advance(3 * period)  # the first scan "took" three periods
        recorder(batch)

    tags = [modbus_tag("a", "modbus://plc/1/hr/0", period)]
    driver = ModbusDriver({"plc": connection(server)}, tags, publish, clock)
    await driver.start()
    try:
        await recorder.wait_for(lambda: len(times) >= 2)
        [scan] = driver.scan_status()
        assert scan.overruns == 1
        assert times[1] - times[0] < period / 2  # at once, not after a period
        await recorder.wait_for(lambda: len(times) >= 3, 2 * period)
        assert times[2] - times[1] > period * 0.8  # and no backlog of missed scans
        assert driver.status()[0].stats.overruns == 1
        assert all(b.stats.overruns == 1 for b in driver.block_stats())
    finally:
        await driver.stop()


@pytest.mark.asyncio
async def test_each_scan_class_keeps_its_own_period(server: ModbusTestServer) -> None:
    tags = [
        modbus_tag("fast", "modbus://plc/1/hr/0", 0.02),
        modbus_tag("slow", "modbus://plc/1/hr/1", 5.0),
    ]
    recorder = Recorder()
    driver = ModbusDriver({"plc": connection(server)}, tags, recorder, SystemClock())
    await driver.start()
    try:
        await recorder.wait_for(lambda: sum("fast" in b for b in recorder.batches) >= 6)
    finally:
        await driver.stop()
    assert sum("slow" in b for b in recorder.batches) == 1
    assert sorted(s.period for s in driver.scan_status()) == [0.02, 5.0]


@pytest.mark.asyncio
async def test_inter_request_delay_spaces_the_requests(server: ModbusTestServer) -> None:
    tags = [modbus_tag(f"t{i}", f"modbus://plc/1/hr/{i * 200}", 1.0) for i in range(3)]
    recorder = Recorder()
    driver = ModbusDriver({"plc": connection(server, delay=0.03)}, tags, recorder, SystemClock())
    await driver.start()
    try:
        await recorder.wait_for(lambda: len(recorder.batches) >= 3)
    finally:
        await driver.stop()
    [scan] = driver.scan_status()
    assert scan.blocks == 3
    assert scan.last_ms >= 2 * 30 * 0.95
