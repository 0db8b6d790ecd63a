"""Malformed Modbus replies: no exception reaches the event loop's handler, the tags are Bad
with a reason an engineer can act on, the connection is kept, and good replies bring them back."""

from __future__ import annotations

import asyncio
import logging

import pytest

from tags.clock import SystemClock
from tags.config.connections import ModbusConnection
from tags.drivers.modbus.driver import ModbusDriver
from tags.model import Quality
from tests.tags.drivers.modbus_server import Recorder, modbus_tag
from tests.tags.drivers.raw_server import (
    ANSWER,
    Behaviour,
    RawServer,
    Reply,
    Request,
    frame,
    registers_reply,
)

PERIOD = 0.05


def data(request: Request) -> bytes:
    return b"\x00\x2a" * request.count


MALFORMED: dict[str, tuple[Reply, Quality, str]] = {
    "byte count longer than the frame": (
        lambda r: frame(r.tid, r.unit, bytes([r.function, 2 * r.count + 10]) + data(r)),
        Quality.BAD_COMMUNICATION_ERROR,
        "malformed reply: function 03: byte count 12, but 2 data bytes",
    ),
    "MBAP length too short for the PDU": (
        lambda r: frame(r.tid, r.unit, bytes([r.function, 2 * r.count]), length=3) + data(r),
        Quality.BAD_COMMUNICATION_ERROR,
        "malformed reply: function 03: byte count 2, but 0 data bytes",
    ),
    "unknown function code": (
        lambda r: frame(r.tid, r.unit, bytes([0x63, 2]) + data(r)),
        Quality.BAD_COMMUNICATION_ERROR,
        "malformed reply: unknown function code 0x63",
    ),
    "another function code than asked": (
        lambda r: frame(r.tid, r.unit, bytes([4, 2 * r.count]) + data(r)),
        Quality.BAD_COMMUNICATION_ERROR,
        "reply with function 04 to a request with function 03",
    ),
    "exception reply without its code": (
        lambda r: frame(r.tid, r.unit, bytes([0x83])),
        Quality.BAD_COMMUNICATION_ERROR,
        "malformed reply: exception reply to function 03 without an exception code",
    ),
    "exception code out of range": (
        lambda r: frame(r.tid, r.unit, bytes([0x83, 0x55])),
        Quality.BAD_DEVICE_FAILURE,
        "exception 55 unknown exception",
    ),
    "truncated frame": (
        lambda r: registers_reply(r)[:-1],
        Quality.BAD_TIMEOUT,
        "timeout, no response in 1 x 0.1 s",
    ),
    "transaction id of another request": (
        lambda r: registers_reply(Request(r.tid + 7, r.unit, r.function, r.address, r.count)),
        Quality.BAD_TIMEOUT,
        "timeout, no response in 1 x 0.1 s",
    ),
}


@pytest.mark.asyncio
@pytest.mark.parametrize("case", list(MALFORMED))
async def test_a_malformed_reply_is_a_bad_tag_with_its_reason_never_a_loop_exception(
    case: str, caplog: pytest.LogCaptureFixture
) -> None:
    reply, quality, reason = MALFORMED[case]
    escaped: list[dict[str, object]] = []
    asyncio.get_running_loop().set_exception_handler(lambda _loop, context: escaped.append(context))
    caplog.set_level(logging.ERROR, logger="asyncio")
    recorder = Recorder()
    async with RawServer(Behaviour(reply=reply)) as device:
        conn = ModbusConnection(
            "plc", "127.0.0.1", device.port, timeout=0.1, retries=0, backoff_max=0.5
        )
        tag = modbus_tag("a", "modbus://plc/1/hr/0", PERIOD)
        driver = ModbusDriver({"plc": conn}, [tag], recorder, SystemClock())
        await driver.start()
        try:
            await recorder.wait_for(lambda: recorder.quality("a") is quality)
            assert reason in recorder.latest["a"].reason
            requests = device.requests
            await recorder.wait_for(lambda: device.requests >= requests + 2)  # and again
            assert recorder.quality("a") is quality

            device.behaviour = ANSWER  # the device gets it right again
            await recorder.wait_for(lambda: recorder.quality("a") is Quality.GOOD)
            assert recorder.value("a") == 0
        finally:
            await driver.stop()
    assert escaped == []
    assert [r for r in caplog.records if r.name == "asyncio"] == []
    if quality is not Quality.BAD_TIMEOUT:
        assert device.connections == 1  # a bad frame is not a reason to drop the link
