"""A device with unmapped registers, served by pymodbus on loopback: the driver splits a
refused block, keeps the readable tags Good, marks only the unreadable ones Bad with the
address and the exception, and needs no more requests than the device allows from the
second scan on (requests counted by the server)."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence

import pytest

from tags.address import ModbusAddress, ModbusTable
from tags.clock import SystemClock
from tags.config.connections import ModbusConnection
from tags.drivers.modbus.driver import ModbusDriver
from tags.model import Quality, TagDef
from tests.tags.drivers.modbus_server import Hole, ModbusTestServer, Recorder, modbus_tag

HR = ModbusTable.HOLDING_REGISTER
REFUSED = "exception 02 illegal data address"


def driver_for(server: ModbusTestServer, tags: list[TagDef], recorder: Recorder) -> ModbusDriver:
    connection = ModbusConnection(
        "plc", "127.0.0.1", server.port, timeout=0.5, retries=0, backoff_max=0.2
    )
    return ModbusDriver({"plc": connection}, tags, recorder, SystemClock())


def count_requests_per_scan(server: ModbusTestServer, driver: ModbusDriver) -> Counter[int]:
    """Requests the server receives, by the index of the scan that sent them (a request
    arrives while its scan is in progress, so the scans completed so far name it)."""
    counts: Counter[int] = Counter()
    server.on_request = lambda pdu: counts.update([driver.scan_status()[0].scans])
    return counts


def fewest_requests(tags: Sequence[TagDef], holes: Sequence[Hole]) -> int:
    """Computed from the map alone: blocks of at most 125 registers that touch no unmapped
    register, extended as far as they may go; a tag on an unmapped register alone."""
    unmapped = {r for _, _, start, count in holes for r in range(start, start + count)}
    spans = sorted(
        (a.offset, a.offset + a.count) for t in tags if isinstance(a := t.address, ModbusAddress)
    )
    alone = [s for s in spans if unmapped & set(range(*s))]
    blocks: list[tuple[int, int]] = []
    for start, end in (s for s in spans if s not in alone):
        if blocks:
            first, last = blocks[-1]
            if end - first <= 125 and not unmapped & set(range(last, end)):
                blocks[-1] = (first, end)
                continue
        blocks.append((start, end))
    return len(blocks) + len(alone)


@pytest.mark.asyncio
async def test_a_valid_neighbour_of_an_unmapped_register_stays_good() -> None:
    holes: list[Hole] = [(1, HR, 200, 1)]
    async with ModbusTestServer((1,), registers=400, holes=holes) as server:
        await server.set_registers(1, HR, 190, [1234])
        await server.set_registers(1, HR, 210, [99, 0x4049, 0x0FDB])
        tags = [
            modbus_tag("valid", "modbus://plc/1/hr/190"),
            modbus_tag("unmapped", "modbus://plc/1/hr/200"),
            modbus_tag("after", "modbus://plc/1/hr/210"),
            modbus_tag("real", "modbus://plc/1/hr/211?type=float32"),
        ]
        recorder = Recorder()
        driver = driver_for(server, tags, recorder)
        await driver.start()
        try:
            await recorder.wait_for(
                lambda: (
                    recorder.quality("unmapped") is Quality.BAD_CONFIGURATION_ERROR
                    and all(recorder.quality(n) is Quality.GOOD for n in ("valid", "after", "real"))
                )
            )
            scans = driver.scan_status()[0].scans
            await recorder.wait_for(lambda: driver.scan_status()[0].scans >= scans + 2)
        finally:
            await driver.stop()
    assert recorder.value("valid") == 1234
    assert recorder.value("after") == 99
    assert recorder.value("real") == pytest.approx(3.14159, rel=1e-6)
    assert recorder.latest["unmapped"].reason == f"plc unit 1 hr 200-200: {REFUSED}"
    # the good tags were never published Bad, not even in the scan that found the hole
    for name in ("valid", "after", "real"):
        assert all(b[name].quality is Quality.GOOD for b in recorder.batches if name in b)
    labels = sorted(b.label for b in driver.block_stats())
    assert labels == ["unit 1 hr 190-190", "unit 1 hr 200-200", "unit 1 hr 210-212"]


@pytest.mark.asyncio
async def test_requests_per_scan_drop_to_the_fewest_the_device_allows_by_the_second_scan(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # 40 tags 20 registers apart: one block of 125 registers bridges five gaps
    tags = [modbus_tag(f"t{k}", f"modbus://plc/1/hr/{20 * k}?type=float32") for k in range(40)]
    tags.append(modbus_tag("lost", "modbus://plc/1/hr/333"))
    holes: list[Hole] = [(1, HR, 45, 3), (1, HR, 333, 1), (1, HR, 410, 5), (1, HR, 777, 1)]
    minimum = fewest_requests(tags, holes)
    async with ModbusTestServer((1,), registers=1000, holes=holes) as server:
        recorder = Recorder()
        driver = driver_for(server, tags, recorder)
        counts = count_requests_per_scan(server, driver)
        with caplog.at_level(logging.WARNING, logger="tags.drivers.modbus.driver"):
            await driver.start()
            try:
                await recorder.wait_for(lambda: driver.scan_status()[0].scans >= 4)
            finally:
                await driver.stop()
    assert counts[0] > minimum  # the first scan splits the refused blocks
    assert [counts[1], counts[2], counts[3]] == [minimum] * 3
    assert recorder.quality("lost") is Quality.BAD_CONFIGURATION_ERROR
    assert recorder.latest["lost"].reason == f"plc unit 1 hr 333-333: {REFUSED}"
    assert all(recorder.quality(f"t{k}") is Quality.GOOD for k in range(40))
    splits = [r.getMessage() for r in caplog.records if "split" in r.getMessage()]
    assert splits and all(REFUSED in text for text in splits)
    assert len(splits) == len({text.split(":")[0] for text in splits})  # once per block


@pytest.mark.asyncio
async def test_what_was_learned_is_forgotten_when_the_link_drops() -> None:
    tags = [modbus_tag("a", "modbus://plc/1/hr/10"), modbus_tag("b", "modbus://plc/1/hr/30")]
    async with ModbusTestServer((1,), registers=100, holes=[(1, HR, 20, 1)]) as server:
        recorder = Recorder()
        driver = driver_for(server, tags, recorder)
        await driver.start()
        try:
            await recorder.wait_for(lambda: len(driver.block_stats()) == 2)
            await server.stop()
            await recorder.wait_for(lambda: recorder.quality("a") is Quality.BAD_NOT_CONNECTED)
            assert [b.label for b in driver.block_stats()] == ["unit 1 hr 10-30"]
            await server.start()
            await recorder.wait_for(
                lambda: (
                    recorder.quality("a") is Quality.GOOD
                    and recorder.quality("b") is Quality.GOOD
                    and len(driver.block_stats()) == 2
                )
            )
        finally:
            await driver.stop()


@pytest.mark.asyncio
async def test_a_refused_coil_among_readable_ones_is_found() -> None:
    tags = [modbus_tag(f"c{k}", f"modbus://plc/1/co/{k * 5}") for k in range(4)]
    async with ModbusTestServer((1,)) as server:
        await server.set_bits(1, ModbusTable.COIL, 15, [True])
        server.fail(1, ModbusTable.COIL, 10, 1, 0x02)
        recorder = Recorder()
        driver = driver_for(server, tags, recorder)
        await driver.start()
        try:
            await recorder.wait_for(
                lambda: (
                    recorder.quality("c2") is Quality.BAD_CONFIGURATION_ERROR
                    and all(recorder.quality(f"c{k}") is Quality.GOOD for k in (0, 1, 3))
                )
            )
        finally:
            await driver.stop()
    assert recorder.value("c3") is True
    assert recorder.latest["c2"].reason == f"plc unit 1 co 10-10: {REFUSED}"


@pytest.mark.asyncio
async def test_a_device_failure_during_the_split_marks_the_block_as_before() -> None:
    tags = [modbus_tag("a", "modbus://plc/1/hr/0"), modbus_tag("b", "modbus://plc/1/hr/50")]
    async with ModbusTestServer((1,), registers=100, holes=[(1, HR, 25, 1)]) as server:
        received = 0

        def fail_from_the_second_request(pdu: object) -> None:
            nonlocal received
            received += 1
            if received == 2:  # the first read of the split
                server.fail(1, HR, 0, 1, 0x04)

        server.on_request = fail_from_the_second_request
        recorder = Recorder()
        driver = driver_for(server, tags, recorder)
        await driver.start()
        try:
            await recorder.wait_for(lambda: recorder.quality("b") is not None)
        finally:
            await driver.stop()
    for name in ("a", "b"):
        assert recorder.quality(name) is Quality.BAD_DEVICE_FAILURE
        assert (
            recorder.latest[name].reason == "plc unit 1 hr 0-50: exception 04 server device failure"
        )
    assert [b.label for b in driver.block_stats()] == ["unit 1 hr 0-50"]  # nothing learned
