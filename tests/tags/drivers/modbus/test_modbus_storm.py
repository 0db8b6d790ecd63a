"""A device that accepts the connection and then closes it, or answers no Modbus, gets a
growing delay between attempts, one ERROR line and no "restored" line until a real reply."""

from __future__ import annotations

import asyncio
import logging

import pytest

from tags.address import ModbusTable
from tags.clock import SystemClock
from tags.config.connections import ModbusConnection
from tags.drivers.base import ConnectionState
from tags.drivers.modbus.driver import ModbusDriver
from tags.drivers.modbus.health import JITTER
from tags.model import Quality
from tests.tags.drivers.modbus_server import ModbusTestServer, Recorder, modbus_tag
from tests.tags.drivers.raw_server import CLOSE_AT_ONCE, Behaviour, RawServer

HR_TAG = "modbus://plc/1/hr/0"
PERIOD = 0.1
BACKOFF_MAX = 2.0
WINDOW = 10.0
"""Seconds over which connections are counted."""

GARBAGE_THEN_CLOSE = Behaviour(
    reply=lambda _request: b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n",
    close_after_reply=True,
)


def most_attempts(window: float, cap: float) -> int:
    """Attempts a capped, jittered doubling backoff can make in ``window`` seconds (generous)."""
    doublings = 8  # 0.1 s doubled to the cap, each step at least (1 - JITTER) of its size
    return int(window / (cap * (1.0 - JITTER))) + doublings


@pytest.mark.slow
@pytest.mark.asyncio
@pytest.mark.parametrize(
    "behaviour", [CLOSE_AT_ONCE, GARBAGE_THEN_CLOSE], ids=["accept-and-close", "garbage-reply"]
)
async def test_a_device_that_drops_every_connection_is_retried_with_backoff_not_in_a_storm(
    behaviour: Behaviour, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="tags.drivers.modbus.driver")
    escaped: list[dict[str, object]] = []
    asyncio.get_running_loop().set_exception_handler(lambda _loop, context: escaped.append(context))
    raw = RawServer(behaviour)
    await raw.start()
    connection = ModbusConnection(
        "plc", "127.0.0.1", raw.port, timeout=0.2, retries=0, backoff_max=BACKOFF_MAX
    )
    recorder = Recorder()
    driver = ModbusDriver(
        {"plc": connection}, [modbus_tag("a", HR_TAG, PERIOD)], recorder, SystemClock()
    )
    real = ModbusTestServer(units=(1,))
    await driver.start()
    try:
        await recorder.wait_for(lambda: recorder.quality("a") is Quality.BAD_NOT_CONNECTED)
        assert "closed before any Modbus reply" in recorder.latest["a"].reason

        before = raw.connections
        await asyncio.sleep(WINDOW)  # the measuring window itself: connections made during it
        made = raw.connections - before
        assert 1 <= made <= most_attempts(WINDOW, BACKOFF_MAX), f"{made} connections"
        assert recorder.quality("a") is Quality.BAD_NOT_CONNECTED
        [status] = driver.status()
        assert status.state in (ConnectionState.RECONNECTING, ConnectionState.FAILED)
        mine = [r for r in caplog.records if r.name == "tags.drivers.modbus.driver"]
        assert [r.levelno for r in mine] == [logging.ERROR]  # the fault once, nothing restored

        await raw.stop()  # the same port now serves real Modbus
        real.port = raw.port
        await real.start()
        await real.set_registers(1, ModbusTable.HOLDING_REGISTER, 0, [42])
        await recorder.wait_for(lambda: recorder.quality("a") is Quality.GOOD)
        assert recorder.value("a") == 42
    finally:
        await driver.stop()
        await real.stop()
        await raw.stop()
    mine = [r for r in caplog.records if r.name == "tags.drivers.modbus.driver"]
    assert [r.levelno for r in mine] == [logging.ERROR, logging.INFO]
    assert "first reply" in mine[1].getMessage()
    assert escaped == []
