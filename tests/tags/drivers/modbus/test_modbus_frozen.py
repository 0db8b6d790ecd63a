"""A frozen device (port open, no answer) is Bad after its first timed-out read, counted in
requests and scans rather than seconds, and costs one request per scan while it stays frozen."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from tags.address import ModbusTable
from tags.clock import SystemClock
from tags.config.connections import ModbusConnection
from tags.drivers.modbus.driver import ModbusDriver
from tags.model import Quality, TagDef
from tests.tags.drivers.modbus_server import Fault, ModbusTestServer, Recorder, modbus_tag
from tests.tags.drivers.raw_server import NEVER_ANSWER, RawServer
from tests.waiting import until

HR = ModbusTable.HOLDING_REGISTER
PERIOD = 0.1
BLOCKS = 4
ATTEMPTS = 2
"""Sends of one request: the first and its one retry."""


def connection(port: int) -> ModbusConnection:
    """Blocks of at most 10 registers, so the tags below make ``BLOCKS`` requests per unit."""
    return ModbusConnection(
        "plc",
        "127.0.0.1",
        port,
        timeout=0.1,
        retries=ATTEMPTS - 1,
        backoff_max=0.5,
        max_block_registers=10,
        max_gap=0,
    )


def unit_tags(unit: int) -> list[TagDef]:
    return [
        modbus_tag(f"u{unit}.{i}", f"modbus://plc/{unit}/hr/{i * 20}", PERIOD)
        for i in range(BLOCKS)
    ]


def all_are(recorder: Recorder, tags: list[TagDef], quality: Quality) -> bool:
    return all(recorder.quality(t.name) is quality for t in tags)


@pytest_asyncio.fixture
async def server() -> AsyncIterator[ModbusTestServer]:
    async with ModbusTestServer(units=(1, 2)) as running:
        yield running


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_device_that_never_answers_is_bad_after_one_request() -> None:
    tags = unit_tags(1)
    recorder = Recorder()
    async with RawServer(NEVER_ANSWER) as frozen:
        driver = ModbusDriver({"plc": connection(frozen.port)}, tags, recorder, SystemClock())
        await driver.start()
        try:
            await recorder.wait_for(lambda: all_are(recorder, tags, Quality.BAD_TIMEOUT))
            assert frozen.requests == ATTEMPTS  # every block Bad after one read, none queued
            reason = recorder.latest["u1.3"].reason
            assert (
                reason
                == "plc unit 1 hr 0-0: timeout, no response in 2 x 0.1 s, unit 1 not answering"
            )

            [scan] = driver.scan_status()
            scans, requests = scan.scans, frozen.requests
            await until(lambda: driver.scan_status()[0].scans >= scans + 4)
            done = driver.scan_status()[0].scans - scans
            assert frozen.requests - requests <= (done + 1) * ATTEMPTS  # one read per scan, not 4
            assert all_are(recorder, tags, Quality.BAD_TIMEOUT)
        finally:
            await driver.stop()


@pytest.mark.asyncio
async def test_a_device_that_freezes_is_bad_within_two_scans_and_recovers(
    server: ModbusTestServer, caplog: pytest.LogCaptureFixture
) -> None:
    tags = unit_tags(1)
    for i in range(BLOCKS):
        await server.set_registers(1, HR, i * 20, [100 + i])
    recorder = Recorder()
    driver = ModbusDriver({"plc": connection(server.port)}, tags, recorder, SystemClock())
    caplog.set_level(logging.INFO, logger="tags.drivers.modbus.driver")
    await driver.start()
    try:
        await recorder.wait_for(lambda: all_are(recorder, tags, Quality.GOOD))
        scans = driver.scan_status()[0].scans
        server.fail(1, HR, 0, 2000, Fault.SILENT)  # the device freezes, its port stays open
        await recorder.wait_for(lambda: all_are(recorder, tags, Quality.BAD_TIMEOUT))
        assert driver.scan_status()[0].scans - scans <= 2
        assert recorder.value("u1.2") == 102  # the last good value stays visible

        server.clear_faults()
        await recorder.wait_for(lambda: all_are(recorder, tags, Quality.GOOD))
    finally:
        await driver.stop()
    mine = [r for r in caplog.records if r.name == "tags.drivers.modbus.driver"]
    assert [r.levelno for r in mine] == [logging.ERROR, logging.INFO]
    assert mine[1].getMessage() == "plc unit 1: answering again"


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_frozen_unit_behind_a_gateway_does_not_hold_up_the_other_unit(
    server: ModbusTestServer,
) -> None:
    silent, fine = unit_tags(1), unit_tags(2)
    server.fail(1, HR, 0, 2000, Fault.SILENT)
    recorder = Recorder()
    driver = ModbusDriver({"plc": connection(server.port)}, silent + fine, recorder, SystemClock())
    await driver.start()
    try:
        await recorder.wait_for(
            lambda: (
                all_are(recorder, silent, Quality.BAD_TIMEOUT)
                and all_are(recorder, fine, Quality.GOOD)
            )
        )
        scans, asked = driver.scan_status()[0].scans, server.requests[(1, 3)]
        await server.set_registers(2, HR, 60, [7])
        await recorder.wait_for(lambda: recorder.value("u2.3") == 7)
        await until(lambda: driver.scan_status()[0].scans >= scans + 4)
        done = driver.scan_status()[0].scans - scans
        assert server.requests[(1, 3)] - asked <= (done + 1) * ATTEMPTS  # one read per scan
        assert all_are(recorder, fine, Quality.GOOD)
    finally:
        await driver.stop()


@pytest.mark.slow
@pytest.mark.asyncio
async def test_one_range_that_never_answers_keeps_the_rest_of_its_unit_good(
    server: ModbusTestServer,
) -> None:
    tags = unit_tags(1)
    server.fail(1, HR, 0, 1, Fault.SILENT)  # only the first block's range gets no answer
    recorder = Recorder()
    driver = ModbusDriver({"plc": connection(server.port)}, tags, recorder, SystemClock())
    await driver.start()
    try:
        others = tags[1:]
        await recorder.wait_for(
            lambda: (
                recorder.quality("u1.0") is Quality.BAD_TIMEOUT
                and all_are(recorder, others, Quality.GOOD)
            )
        )
        scans = driver.scan_status()[0].scans
        await until(lambda: driver.scan_status()[0].scans >= scans + 3)
        # known not to answer: that block alone is Bad, the unit is not silenced again
        for batch in recorder.batches[-8:]:
            for name in (t.name for t in others):
                if name in batch:
                    assert batch[name].quality is Quality.GOOD
    finally:
        await driver.stop()
