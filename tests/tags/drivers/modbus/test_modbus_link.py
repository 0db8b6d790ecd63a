"""Modbus links: a server killed mid-scan and restarted, without blocking the loop."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from tags.address import ModbusTable
from tags.clock import SystemClock
from tags.config.connections import ModbusConnection
from tags.drivers.base import ConnectionState, WriteError
from tags.drivers.modbus.driver import ModbusDriver
from tags.model import Quality
from tests.tags.drivers.modbus_server import (
    ModbusTestServer,
    Recorder,
    eventually,
    modbus_tag,
)
from tests.waiting import until

HR = ModbusTable.HOLDING_REGISTER
PERIOD = 0.1


@pytest_asyncio.fixture
async def server() -> AsyncIterator[ModbusTestServer]:
    async with ModbusTestServer(units=(1, 2)) as running:
        yield running


def connection(port: int) -> ModbusConnection:
    return ModbusConnection(
        "plc", "127.0.0.1", port, timeout=0.2, retries=1, backoff_max=0.5, max_block_registers=20
    )


@pytest.mark.slow
@pytest.mark.asyncio
async def test_server_killed_mid_scan_then_restarted(
    server: ModbusTestServer, caplog: pytest.LogCaptureFixture
) -> None:
    # 2 units x 25 blocks of 20 registers: a scan is always busy when the server dies
    tags = [
        modbus_tag(f"u{unit}.{i}", f"modbus://plc/{unit}/hr/{i * 10}", PERIOD)
        for unit in (1, 2)
        for i in range(50)
    ]
    await server.set_registers(1, HR, 0, list(range(500)))
    recorder = Recorder()
    driver = ModbusDriver({"plc": connection(server.port)}, tags, recorder, SystemClock())
    names = [t.name for t in tags]

    def all_have(quality: Quality) -> bool:
        return all(recorder.quality(n) is quality for n in names)

    caplog.set_level(logging.INFO, logger="tags.drivers.modbus.driver")
    escaped: list[dict[str, object]] = []
    asyncio.get_running_loop().set_exception_handler(lambda _loop, context: escaped.append(context))
    await driver.start()
    try:
        await recorder.wait_for(lambda: all_have(Quality.GOOD))
        await recorder.next_batch()  # somewhere inside a scan now
        scans_before = len(recorder.batches)
        await server.stop()
        await recorder.wait_for(lambda: all_have(Quality.BAD_NOT_CONNECTED))
        # the loss shows in the scan that was in flight or the next, not after a timeout
        assert len(recorder.batches) - scans_before <= 2
        assert recorder.latest["u1.7"].value == 70  # the last good value stays visible
        assert recorder.latest["u1.7"].reason.startswith("plc: connection to 127.0.0.1:")
        [status] = driver.status()
        assert status.state in (ConnectionState.RECONNECTING, ConnectionState.FAILED)

        refused = status.stats.errors  # down for a while: a few refused reconnects
        await until(lambda: driver.status()[0].stats.errors >= refused + 2)
        await server.start()
        await recorder.wait_for(lambda: all_have(Quality.GOOD))
        [status] = driver.status()
        assert status.state is ConnectionState.CONNECTED
        assert status.stats.reconnects == 1
    finally:
        await driver.stop()
    assert escaped == []  # no exception left a task or a callback
    [status] = driver.status()
    assert status.state is ConnectionState.STOPPED
    mine = [r for r in caplog.records if r.name == "tags.drivers.modbus.driver"]
    assert [r.levelno for r in mine] == [logging.ERROR, logging.INFO]


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_server_that_is_not_there_yet_gives_not_connected_then_connects() -> None:
    server = ModbusTestServer(units=(1,))
    await server.start()
    port = server.port
    await server.stop()
    tags = [modbus_tag("a", "modbus://plc/1/hr/0", PERIOD)]
    recorder = Recorder()
    driver = ModbusDriver({"plc": connection(port)}, tags, recorder, SystemClock())
    await driver.start()  # returns at once
    try:
        await recorder.wait_for(lambda: recorder.quality("a") is Quality.BAD_NOT_CONNECTED, 1.0)
        assert "cannot connect to 127.0.0.1" in recorder.latest["a"].reason
        await eventually(lambda: driver.status()[0].state is ConnectionState.FAILED, 3.0)
        await server.start()
        await recorder.wait_for(lambda: recorder.quality("a") is Quality.GOOD, 5.0)
    finally:
        await driver.stop()
        await server.stop()


@pytest.mark.asyncio
async def test_write_while_the_link_is_down_raises_write_error(server: ModbusTestServer) -> None:
    tag = modbus_tag("sp", "modbus://plc/1/hr/5?type=float32", PERIOD)
    recorder = Recorder()
    driver = ModbusDriver({"plc": connection(server.port)}, [tag], recorder, SystemClock())
    await driver.start()
    try:
        await recorder.wait_for(lambda: recorder.quality("sp") is Quality.GOOD)
        await server.stop()
        await recorder.wait_for(lambda: recorder.quality("sp") is Quality.BAD_NOT_CONNECTED)
        with pytest.raises(WriteError) as caught:
            await driver.write(tag, 12.5)
        assert caught.value.quality is Quality.BAD_NOT_CONNECTED
        assert caught.value.reason == "plc unit 1 hr 5: not connected"
    finally:
        await driver.stop()


@pytest.mark.asyncio
async def test_stop_during_connect_and_scan_leaves_nothing_behind(server: ModbusTestServer) -> None:
    tags = [modbus_tag(f"t{i}", f"modbus://plc/1/hr/{i * 30}", 0.01) for i in range(30)]
    recorder = Recorder()
    driver = ModbusDriver({"plc": connection(server.port)}, tags, recorder, SystemClock())
    await driver.start()
    await driver.stop()  # before it even connected
    await driver.start()
    await recorder.next_batch()
    await driver.stop()  # in the middle of a scan
    assert driver.status()[0].state is ConnectionState.STOPPED
