"""Modbus driver reads through a real pymodbus server on loopback: values, codes, reasons."""

from __future__ import annotations

import logging
import math
import struct
from collections.abc import AsyncIterator, Callable, Mapping

import pytest
import pytest_asyncio

from tags.address import ModbusAddress, ModbusTable
from tags.clock import Clock, ManualClock, SystemClock
from tags.config.connections import ModbusConnection
from tags.drivers.modbus.codec import encode_registers
from tags.drivers.modbus.driver import ModbusDriver
from tags.model import Quality, TagDef, TagSample, Value
from tests.tags.drivers.modbus_server import (
    Fault,
    LoopLag,
    ModbusTestServer,
    Recorder,
    modbus_tag,
)

HR = ModbusTable.HOLDING_REGISTER
IR = ModbusTable.INPUT_REGISTER


@pytest_asyncio.fixture
async def server() -> AsyncIterator[ModbusTestServer]:
    """Units 1 and 2 on one endpoint; every test also checks the loop never stalled."""
    async with ModbusTestServer(units=(1, 2)) as running, LoopLag() as lag:
        yield running
    assert lag.worst < 0.1


def connection(
    server: ModbusTestServer, *, timeout: float = 0.2, max_gap: int = 16
) -> ModbusConnection:
    return ModbusConnection(
        "plc",
        "127.0.0.1",
        server.port,
        timeout=timeout,
        retries=0,
        backoff_max=0.5,
        max_gap=max_gap,
    )


async def run_until(
    server: ModbusTestServer,
    tags: list[TagDef],
    recorder: Recorder,
    condition: Callable[[], bool],
    clock: Clock | None = None,
    *,
    timeout: float = 0.2,
    max_gap: int = 16,
) -> ModbusDriver:
    """Run a driver until ``condition`` holds, then stop it (statistics stay readable)."""
    conn = connection(server, timeout=timeout, max_gap=max_gap)
    driver = ModbusDriver({"plc": conn}, tags, recorder, clock or SystemClock())
    await driver.start()
    try:
        await recorder.wait_for(condition)
    finally:
        await driver.stop()
    return driver


def every_tag_reported(recorder: Recorder, tags: list[TagDef]) -> Callable[[], bool]:
    return lambda: all(t.name in recorder.latest for t in tags)


async def put(server: ModbusTestServer, tag: TagDef, value: Value, unit: int = 1) -> None:
    address = tag.address
    assert isinstance(address, ModbusAddress)
    await server.set_registers(
        unit, address.table, address.offset, encode_registers(address, value)
    )


@pytest.mark.asyncio
async def test_every_type_and_order_reads_through_a_real_server(server: ModbusTestServer) -> None:
    tags = [
        modbus_tag("i16", "modbus://plc/1/hr/10?type=int16"),
        modbus_tag("u16", "modbus://plc/1/hr/11?type=uint16&order=BADC"),
        modbus_tag("i32", "modbus://plc/1/hr/12?type=int32&order=CDAB"),
        modbus_tag("u32", "modbus://plc/1/hr/14?type=uint32&order=DCBA"),
        modbus_tag("i64", "modbus://plc/1/hr/16?type=int64&order=BADC"),
        modbus_tag("f32", "modbus://plc/1/hr/20?type=float32&order=CDAB"),
        modbus_tag("f64", "modbus://plc/1/hr/22?type=float64&order=DCBA"),
        modbus_tag("txt", "modbus://plc/1/hr/26?type=string&len=9"),
        modbus_tag("scaled", "modbus://plc/1/ir/40?type=int16&scale=0.1&offset=-5"),
        modbus_tag("bit3", "modbus://plc/1/hr/50?type=bool&bit=3"),
        modbus_tag("coil", "modbus://plc/1/co/7"),
        modbus_tag("input", "modbus://plc/1/di/9"),
    ]
    values: dict[str, Value] = {
        "i16": -1234, "u16": 0xBEEF, "i32": -70000, "u32": 3_000_000_000,
        "i64": -(2**40) - 3, "f32": 123456.0, "f64": -math.pi, "txt": "FEED PUMP",
    }  # fmt: skip
    by_name = {t.name: t for t in tags}
    for name, value in values.items():
        await put(server, by_name[name], value)
    await server.set_registers(1, IR, 40, [425])
    await server.set_registers(1, HR, 50, [0b1000])
    await server.set_bits(1, ModbusTable.COIL, 7, [True])
    await server.set_bits(1, ModbusTable.DISCRETE_INPUT, 9, [True])

    recorder = Recorder()
    await run_until(server, tags, recorder, every_tag_reported(recorder, tags))

    for name, value in values.items():
        assert recorder.value(name) == value, name
        assert recorder.quality(name) is Quality.GOOD
    assert recorder.value("scaled") == pytest.approx(37.5)
    assert recorder.value("bit3") is True
    assert recorder.value("coil") is True
    assert recorder.value("input") is True


@pytest.mark.asyncio
async def test_units_1_and_2_behind_one_endpoint_are_polled_in_turn(
    server: ModbusTestServer,
) -> None:
    await server.set_registers(1, HR, 0, [111])
    await server.set_registers(2, HR, 0, [222])
    tags = [modbus_tag("one", "modbus://plc/1/hr/0"), modbus_tag("two", "modbus://plc/2/hr/0")]
    recorder = Recorder()
    await run_until(server, tags, recorder, every_tag_reported(recorder, tags))
    assert (recorder.value("one"), recorder.value("two")) == (111, 222)
    assert server.requests[(1, 3)] >= 1 and server.requests[(2, 3)] >= 1
    # one batch per block: never a batch mixing the two units
    assert all(len(batch) == 1 for batch in recorder.batches)


@pytest.mark.asyncio
async def test_samples_carry_the_injected_clock_time(server: ModbusTestServer) -> None:
    clock = ManualClock(start=1_800_000_000.0)
    tags = [modbus_tag("a", "modbus://plc/1/hr/0")]
    recorder = Recorder()
    await run_until(server, tags, recorder, every_tag_reported(recorder, tags), clock)
    sample = recorder.latest["a"]
    assert sample.source_time == sample.server_time == 1_800_000_000.0


@pytest.mark.parametrize(
    ("code", "quality", "text"),
    [  # 02 and 03 are about addresses: the block is split (test_modbus_holes.py)
        (0x01, Quality.BAD_CONFIGURATION_ERROR, "exception 01 illegal function"),
        (0x04, Quality.BAD_DEVICE_FAILURE, "exception 04 server device failure"),
        (0x0A, Quality.BAD_DEVICE_FAILURE, "exception 0A gateway path unavailable"),
        (0x0B, Quality.BAD_DEVICE_FAILURE, "exception 0B gateway target device failed"),
    ],
)
@pytest.mark.asyncio
async def test_an_exception_response_marks_only_the_tags_of_that_block(
    server: ModbusTestServer, code: int, quality: Quality, text: str
) -> None:
    await server.set_registers(1, HR, 100, [5, 6])
    await server.set_registers(1, HR, 300, [7])
    tags = [
        modbus_tag("a", "modbus://plc/1/hr/100"),
        modbus_tag("b", "modbus://plc/1/hr/163"),
        modbus_tag("other", "modbus://plc/1/hr/300"),
        modbus_tag("unit2", "modbus://plc/2/hr/100"),
    ]
    server.fail(1, HR, 100, 1, code)
    recorder = Recorder()
    await run_until(
        server,
        tags,
        recorder,
        lambda: recorder.quality("a") is quality and recorder.quality("unit2") is Quality.GOOD,
        max_gap=100,
    )
    assert recorder.latest["a"].reason.startswith(f"plc unit 1 hr 100-163: {text}")
    assert recorder.quality("b") is quality
    assert recorder.latest["a"].value is None  # never read: no last good value
    assert recorder.quality("other") is Quality.GOOD
    assert recorder.quality("unit2") is Quality.GOOD


@pytest.mark.asyncio
async def test_a_bad_sample_keeps_the_last_good_value(server: ModbusTestServer) -> None:
    await server.set_registers(1, HR, 0, [42])
    tags = [modbus_tag("a", "modbus://plc/1/hr/0")]
    recorder = Recorder()
    driver = ModbusDriver({"plc": connection(server)}, tags, recorder, SystemClock())
    await driver.start()
    try:
        await recorder.wait_for(lambda: recorder.quality("a") is Quality.GOOD)
        server.fail(1, HR, 0, 1, 0x04)
        await recorder.wait_for(lambda: recorder.quality("a") is Quality.BAD_DEVICE_FAILURE)
        assert recorder.value("a") == 42
        server.clear_faults()
        await recorder.wait_for(lambda: recorder.quality("a") is Quality.GOOD)
    finally:
        await driver.stop()


@pytest.mark.asyncio
async def test_a_silent_device_gives_bad_timeout_for_that_block_only(
    server: ModbusTestServer,
) -> None:
    tags = [modbus_tag("slow", "modbus://plc/1/hr/0"), modbus_tag("fine", "modbus://plc/2/hr/0")]
    server.fail(1, HR, 0, 1, Fault.SILENT)
    recorder = Recorder()
    await run_until(
        server,
        tags,
        recorder,
        lambda: (
            recorder.quality("slow") is Quality.BAD_TIMEOUT
            and recorder.quality("fine") is Quality.GOOD
        ),
        timeout=0.1,
    )
    assert "timeout" in recorder.latest["slow"].reason
    assert recorder.latest["slow"].reason.startswith("plc unit 1 hr 0-0: ")


@pytest.mark.asyncio
async def test_a_wrong_register_count_is_a_communication_error(server: ModbusTestServer) -> None:
    tags = [modbus_tag("a", "modbus://plc/1/hr/0"), modbus_tag("b", "modbus://plc/1/hr/1")]
    server.fail(1, HR, 0, 2, Fault.SHORT)
    recorder = Recorder()
    await run_until(
        server, tags, recorder, lambda: recorder.quality("b") is Quality.BAD_COMMUNICATION_ERROR
    )
    assert recorder.latest["a"].reason == "plc unit 1 hr 0-1: expected 2 registers, got 1"


@pytest.mark.asyncio
async def test_a_short_bit_response_is_a_communication_error(server: ModbusTestServer) -> None:
    tags = [modbus_tag("c", "modbus://plc/1/co/0"), modbus_tag("d", "modbus://plc/1/co/12")]
    server.fail(1, ModbusTable.COIL, 0, 1, Fault.SHORT)
    recorder = Recorder()
    await run_until(
        server, tags, recorder, lambda: recorder.quality("d") is Quality.BAD_COMMUNICATION_ERROR
    )
    assert "expected 13 bits" in recorder.latest["c"].reason


@pytest.mark.asyncio
async def test_nan_inf_and_bad_string_bytes_get_clear_codes_per_tag(
    server: ModbusTestServer, caplog: pytest.LogCaptureFixture
) -> None:
    nan = list(struct.unpack(">2H", struct.pack(">f", math.nan)))
    inf = list(struct.unpack(">4H", struct.pack(">d", -math.inf)))
    await server.set_registers(1, HR, 0, [*nan, *inf, 0x41FF, 0x4300, 9])
    tags = [
        modbus_tag("nan", "modbus://plc/1/hr/0?type=float32"),
        modbus_tag("inf", "modbus://plc/1/hr/2?type=float64"),
        modbus_tag("txt", "modbus://plc/1/hr/6?type=string&len=4"),
        modbus_tag("ok", "modbus://plc/1/hr/8"),
    ]
    recorder = Recorder()
    with caplog.at_level(logging.WARNING, logger="tags.drivers.modbus.driver"):
        await run_until(server, tags, recorder, every_tag_reported(recorder, tags))
    assert recorder.quality("nan") is Quality.BAD_OUT_OF_RANGE
    assert recorder.latest["nan"].reason == "plc unit 1 hr 0: float32 is nan"
    assert recorder.quality("inf") is Quality.BAD_OUT_OF_RANGE
    assert recorder.quality("txt") is Quality.UNCERTAIN_SUBSTITUTE_VALUE
    assert recorder.value("txt") == "A\ufffdC"
    assert recorder.value("ok") == 9
    assert recorder.quality("ok") is Quality.GOOD
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warned) == 3  # once per tag, not once per scan


@pytest.mark.asyncio
async def test_tags_of_an_unknown_connection_are_configuration_errors(
    server: ModbusTestServer,
) -> None:
    tags = [modbus_tag("lost", "modbus://nowhere/1/hr/0"), modbus_tag("a", "modbus://plc/1/hr/0")]
    recorder = Recorder()
    await run_until(server, tags, recorder, every_tag_reported(recorder, tags))
    assert recorder.quality("lost") is Quality.BAD_CONFIGURATION_ERROR
    assert "unknown connection 'nowhere'" in recorder.latest["lost"].reason


@pytest.mark.asyncio
async def test_block_failures_log_once_at_error_and_recovery_once_at_info(
    server: ModbusTestServer, caplog: pytest.LogCaptureFixture
) -> None:
    tags = [modbus_tag("a", "modbus://plc/1/hr/0", period=0.02)]
    server.fail(1, HR, 0, 1, 0x02)
    recorder = Recorder()
    driver = ModbusDriver({"plc": connection(server)}, tags, recorder, SystemClock())
    with caplog.at_level(logging.DEBUG, logger="tags.drivers.modbus.driver"):
        await driver.start()
        try:
            await recorder.wait_for(lambda: len(recorder.batches) >= 4)
            server.clear_faults()
            await recorder.wait_for(lambda: recorder.quality("a") is Quality.GOOD)
        finally:
            await driver.stop()
    mine = [
        r
        for r in caplog.records
        if r.name == "tags.drivers.modbus.driver" and "hr 0-0" in r.message
    ]
    levels = [r.levelno for r in mine]
    assert levels.count(logging.ERROR) == 1
    assert levels.count(logging.DEBUG) >= 3
    assert levels.count(logging.INFO) == 1
    assert levels[0] == logging.ERROR and levels[-1] == logging.INFO


@pytest.mark.asyncio
async def test_statistics_count_requests_errors_and_round_trips(server: ModbusTestServer) -> None:
    tags = [modbus_tag("a", "modbus://plc/1/hr/0"), modbus_tag("b", "modbus://plc/2/hr/0")]
    server.fail(2, HR, 0, 1, 0x02)
    recorder = Recorder()
    driver = await run_until(server, tags, recorder, lambda: len(recorder.batches) >= 6)
    [status] = driver.status()
    assert status.name == "plc" and status.kind == "modbus" and status.tag_count == 2
    assert status.stats.requests >= 6
    assert status.stats.errors >= 3
    assert status.stats.mean_rtt_ms > 0
    assert "exception 02" in status.stats.last_error
    good, bad = sorted(driver.block_stats(), key=lambda b: b.unit)
    assert good.label == "unit 1 hr 0-0" and good.stats.errors == 0 and good.stats.requests >= 3
    assert bad.failing and bad.stats.errors == bad.stats.requests >= 3
    assert bad.stats.last_error == "exception 02 illegal data address"
    [scan] = driver.scan_status()
    assert scan.blocks == 2 and scan.tags == 2 and scan.scans >= 3


@pytest.mark.asyncio
async def test_a_tag_larger_than_one_request_is_a_configuration_error(
    server: ModbusTestServer,
) -> None:
    tags = [
        modbus_tag("long", "modbus://plc/1/hr/0?type=string&len=250"),
        modbus_tag("a", "modbus://plc/1/hr/200"),
    ]
    conn = ModbusConnection("plc", "127.0.0.1", server.port, timeout=0.2, max_block_registers=100)
    recorder = Recorder()
    driver = ModbusDriver({"plc": conn}, tags, recorder, SystemClock())
    await driver.start()
    try:
        await recorder.wait_for(every_tag_reported(recorder, tags))
    finally:
        await driver.stop()
    assert recorder.quality("long") is Quality.BAD_CONFIGURATION_ERROR
    assert "125 registers exceed a request of 100" in recorder.latest["long"].reason
    assert recorder.quality("a") is Quality.GOOD


@pytest.mark.asyncio
async def test_a_failing_subscriber_does_not_stop_the_scans(server: ModbusTestServer) -> None:
    recorder = Recorder()
    calls = 0

    def publish(batch: Mapping[str, TagSample]) -> None:
        nonlocal calls
        calls += 1
        if calls <= 2:
            raise RuntimeError("subscriber bug")
        recorder(batch)

    tags = [modbus_tag("a", "modbus://plc/1/hr/0", period=0.02)]
    driver = ModbusDriver({"plc": connection(server)}, tags, publish, SystemClock())
    await driver.start()
    try:
        await recorder.wait_for(lambda: recorder.quality("a") is Quality.GOOD)
    finally:
        await driver.stop()
    assert calls >= 3
