"""Modbus writes: FC05/06/15/16 with the tag's encoding, read-back, and refusals."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from tags.address import ModbusAddress, ModbusTable
from tags.clock import SystemClock
from tags.config.connections import ModbusConnection
from tags.drivers.base import WriteError
from tags.drivers.modbus.driver import ModbusDriver
from tags.model import Quality, TagDef, Value
from tests.tags.drivers.modbus_server import Fault, ModbusTestServer, Recorder, modbus_tag

HR = ModbusTable.HOLDING_REGISTER
COIL = ModbusTable.COIL

TAGS = [
    modbus_tag("coil", "modbus://plc/1/co/3", 5.0),
    modbus_tag("u16", "modbus://plc/1/hr/10", 5.0),
    modbus_tag("scaled", "modbus://plc/1/hr/11?type=int16&scale=0.1", 5.0),
    modbus_tag("f32", "modbus://plc/1/hr/12?type=float32&order=CDAB", 5.0),
    modbus_tag("i64", "modbus://plc/1/hr/14?type=int64&order=DCBA", 5.0),
    modbus_tag("txt", "modbus://plc/1/hr/18?type=string&len=6", 5.0),
    modbus_tag("bit", "modbus://plc/1/hr/30?type=bool&bit=4", 5.0),
    modbus_tag("input", "modbus://plc/1/ir/0", 5.0),
    modbus_tag("u2", "modbus://plc/2/hr/10", 5.0),
]
BY_NAME = {t.name: t for t in TAGS}


class Rig:
    def __init__(self, server: ModbusTestServer, driver: ModbusDriver, recorder: Recorder):
        self.server = server
        self.driver = driver
        self.recorder = recorder

    async def write(self, name: str, value: Value) -> None:
        await self.driver.write(BY_NAME[name], value)

    def requests(self, function_code: int, unit: int = 1) -> int:
        return self.server.requests[(unit, function_code)]


@pytest_asyncio.fixture
async def rig() -> AsyncIterator[Rig]:
    async with ModbusTestServer(units=(1, 2)) as server:
        connection = ModbusConnection("plc", "127.0.0.1", server.port, timeout=0.2, retries=0)
        recorder = Recorder()
        driver = ModbusDriver({"plc": connection}, TAGS, recorder, SystemClock())
        await driver.start()
        try:
            await recorder.wait_for(lambda: all(t.name in recorder.latest for t in TAGS))
            yield Rig(server, driver, recorder)
        finally:
            await driver.stop()


@pytest.mark.parametrize(
    ("name", "value", "function_code"),
    [
        ("coil", True, 5),
        ("u16", 54321, 6),
        ("scaled", -12.5, 6),
        ("f32", 123456.0, 16),
        ("i64", -(2**50), 16),
        ("txt", "OPEN", 16),
    ],
)
@pytest.mark.asyncio
async def test_each_kind_of_write_is_read_back_before_it_returns(
    rig: Rig, name: str, value: Value, function_code: int
) -> None:
    batches = len(rig.recorder.batches)
    await rig.write(name, value)
    assert rig.requests(function_code) == 1
    assert len(rig.recorder.batches) > batches  # the read-back was published already
    sample = rig.recorder.latest[name]
    assert sample.quality is Quality.GOOD
    assert sample.value == pytest.approx(value) if isinstance(value, float) else value


@pytest.mark.asyncio
async def test_float32_cdab_lands_in_the_device_as_documented(rig: Rig) -> None:
    await rig.write("f32", 123456.0)
    assert await rig.server.get_registers(1, HR, 12, 2) == [0x2000, 0x47F1]


@pytest.mark.asyncio
async def test_a_bit_in_a_register_is_read_modify_written(rig: Rig) -> None:
    await rig.server.set_registers(1, HR, 30, [0b1000_0000_0000_0001])
    await rig.write("bit", True)
    assert await rig.server.get_registers(1, HR, 30, 1) == [0b1000_0000_0001_0001]
    assert rig.recorder.value("bit") is True
    await rig.write("bit", False)
    assert await rig.server.get_registers(1, HR, 30, 1) == [0b1000_0000_0000_0001]
    assert rig.requests(6) == 2


@pytest.mark.asyncio
async def test_writes_go_to_the_tags_unit(rig: Rig) -> None:
    await rig.write("u2", 7)
    assert await rig.server.get_registers(2, HR, 10, 1) == [7]
    assert await rig.server.get_registers(1, HR, 10, 1) == [0]


@pytest.mark.asyncio
async def test_a_device_without_single_writes_gets_fc15_and_fc16(rig: Rig) -> None:
    rig.server.refuse_function(5)
    rig.server.refuse_function(6)
    await rig.write("coil", True)
    await rig.write("u16", 9)
    assert (rig.requests(5), rig.requests(15)) == (1, 1)
    assert (rig.requests(6), rig.requests(16)) == (0, 1)  # known by now: no second refusal
    assert await rig.server.get_bits(1, COIL, 3, 1) == [True]
    assert await rig.server.get_registers(1, HR, 10, 1) == [9]


@pytest.mark.parametrize(
    ("code", "quality", "text"),
    [
        (0x02, Quality.BAD_CONFIGURATION_ERROR, "exception 02 illegal data address"),
        (0x03, Quality.BAD_CONFIGURATION_ERROR, "exception 03 illegal data value"),
        (0x04, Quality.BAD_DEVICE_FAILURE, "exception 04 server device failure"),
    ],
)
@pytest.mark.asyncio
async def test_an_exception_response_raises_write_error(
    rig: Rig, code: int, quality: Quality, text: str
) -> None:
    rig.server.refuse_function(16, code)
    with pytest.raises(WriteError) as caught:
        await rig.write("f32", 1.0)
    assert caught.value.quality is quality
    assert caught.value.reason == f"plc unit 1 hr 12: {text}"


@pytest.mark.asyncio
async def test_a_write_without_answer_raises_bad_timeout(rig: Rig) -> None:
    rig.server.fail(1, HR, 10, 1, Fault.SILENT)
    with pytest.raises(WriteError) as caught:
        await rig.write("u16", 1)
    assert caught.value.quality is Quality.BAD_TIMEOUT


@pytest.mark.parametrize(
    ("name", "value", "quality", "words"),
    [
        ("u16", 70000, Quality.BAD_OUT_OF_RANGE, "outside uint16 range"),
        ("scaled", 0.05, Quality.BAD_OUT_OF_RANGE, "not a whole number"),
        ("txt", "TOO LONG", Quality.BAD_OUT_OF_RANGE, "holds 6"),
        ("u16", "ten", Quality.BAD_TYPE_MISMATCH, "takes a number"),
        ("coil", 2, Quality.BAD_TYPE_MISMATCH, "true/false"),
        ("input", 1, Quality.BAD_CONFIGURATION_ERROR, "input registers are read-only"),
    ],
)
@pytest.mark.asyncio
async def test_values_that_do_not_fit_are_refused_before_any_request(
    rig: Rig, name: str, value: Value, quality: Quality, words: str
) -> None:
    before = sum(rig.server.requests[(1, fc)] for fc in (5, 6, 15, 16))
    with pytest.raises(WriteError, match=words) as caught:
        await rig.write(name, value)
    assert caught.value.quality is quality
    assert sum(rig.server.requests[(1, fc)] for fc in (5, 6, 15, 16)) == before


@pytest.mark.asyncio
async def test_a_tag_of_another_driver_is_refused(rig: Rig) -> None:
    stranger = TagDef("x", "modbus://other/1/hr/0", ModbusAddress("other", 1, HR, 0))
    with pytest.raises(WriteError) as caught:
        await rig.driver.write(stranger, 1)
    assert caught.value.quality is Quality.BAD_CONFIGURATION_ERROR
