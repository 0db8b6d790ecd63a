"""The write path against a real Modbus server: values the register cannot hold never leave;
a write whose reply never comes is unconfirmed (the device may still apply it), not failed."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from tags.address import ModbusAddress, ModbusTable, Scheme
from tags.clock import SystemClock
from tags.config.connections import ModbusConnection
from tags.database import TagDatabase
from tags.drivers.modbus.driver import ModbusDriver
from tags.model import DataType, Value
from tags.security.audit import AuditTrail
from tags.security.permissions import Role, User
from tags.write_path import WritePath, WriteStatus
from tests.tags.drivers.modbus_server import ModbusTestServer, modbus_tag
from tests.tags.drivers.modbus_stall import StallingProxy
from tests.waiting import until

OPERATOR = User("olga", Role.OPERATOR)
HR = ModbusTable.HOLDING_REGISTER
FIRST, COUNT = 10, 10
"""The holding registers the tags below occupy (10..19), all 0 at the start."""

TAGS = [
    modbus_tag("CWP.U16", "modbus://plc/1/hr/10", 1.0),
    modbus_tag("CWP.I16", "modbus://plc/1/hr/11?type=int16", 1.0),
    modbus_tag("CWP.U32", "modbus://plc/1/hr/12?type=uint32", 1.0),
    modbus_tag("CWP.F32", "modbus://plc/1/hr/14?type=float32", 1.0),
    dataclasses.replace(
        modbus_tag("CWP.SCALED", "modbus://plc/1/hr/16?type=int16&scale=0.1", 1.0),
        write_low=-5000.0,
        write_high=5000.0,
    ),
    dataclasses.replace(
        modbus_tag("CWP.RAW", "modbus://plc/1/hr/17", 1.0), data_type=DataType.FLOAT
    ),
]


class Rig:
    def __init__(self, server: ModbusTestServer, writes: WritePath, audit: AuditTrail) -> None:
        self.server = server
        self.writes = writes
        self.audit = audit

    def sent(self) -> int:
        """Write requests the server has received (FC05, FC06, FC15, FC16)."""
        return sum(self.server.requests[(1, code)] for code in (5, 6, 15, 16))

    async def registers(self) -> list[int]:
        return await self.server.get_registers(1, HR, FIRST, COUNT)


@pytest_asyncio.fixture
async def rig(tmp_path: Path) -> AsyncIterator[Rig]:
    async with ModbusTestServer(units=(1,)) as server:
        connection = ModbusConnection("plc", "127.0.0.1", server.port, timeout=0.5, retries=0)
        db = TagDatabase(
            {t.name: dataclasses.replace(t, writable=True) for t in TAGS}, SystemClock()
        )
        audit = AuditTrail(tmp_path / "audit.db", SystemClock())
        writes = WritePath(db, audit=audit)
        driver = ModbusDriver({"plc": connection}, list(db.tags.values()), db.publish, db.clock)
        writes.attach_driver(Scheme.MODBUS, driver)
        await driver.start()
        try:
            await until(lambda: all(db.get(t.name).quality.is_good for t in TAGS))
            yield Rig(server, writes, audit)
        finally:
            await driver.stop()
            audit.close()


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [
        ("CWP.U16", 70000, "70000 does not fit CWP.U16's register (uint16: 0..65535)"),
        ("CWP.U16", -1, "-1 does not fit CWP.U16's register (uint16: 0..65535)"),
        ("CWP.I16", 40000, "40000 does not fit CWP.I16's register (int16: -32768..32767)"),
        (
            "CWP.U32",
            2**32,
            "4294967296 does not fit CWP.U32's register (uint32: 0..4294967295)",
        ),
        (
            "CWP.F32",
            1e39,
            "1e+39 does not fit CWP.F32's register (float32: -3.4028235e+38..3.4028235e+38)",
        ),
        (
            "CWP.SCALED",
            4000,
            "4000 does not fit CWP.SCALED's register"
            " (int16: -32768..32767, raw 40000 at scale 0.1, offset 0)",
        ),
        (
            "CWP.SCALED",
            0.05,
            "0.05 does not fit CWP.SCALED's register"
            " (int16: -32768..32767, whole numbers only, raw 0.5 at scale 0.1, offset 0)",
        ),
        (
            "CWP.RAW",
            1.5,
            "1.5 does not fit CWP.RAW's register (uint16: 0..65535, whole numbers only)",
        ),
    ],
)
@pytest.mark.asyncio
async def test_a_value_the_register_cannot_hold_is_refused_and_never_sent(
    rig: Rig, name: str, value: Value, reason: str
) -> None:
    sent, before = rig.sent(), await rig.registers()
    result = await rig.writes.write(name, value, user=OPERATOR, reason="test step")
    assert (result.status, result.reason) == (WriteStatus.REFUSED, reason)
    assert rig.sent() == sent
    assert await rig.registers() == before
    record = rig.audit.query()[0]
    assert (record.action, record.tag, record.user) == ("write_refused", name, "olga")
    assert record.result == f"refused: {reason}"


@pytest.mark.parametrize(
    ("name", "value", "registers"),
    [
        ("CWP.U16", 65535, [65535]),
        ("CWP.I16", -32768, [0x8000]),
        ("CWP.SCALED", -3276.8, [0x8000]),
        ("CWP.RAW", 7.0, [7]),
    ],
)
@pytest.mark.asyncio
async def test_a_value_at_the_edge_of_the_register_is_written(
    rig: Rig, name: str, value: Value, registers: list[int]
) -> None:
    result = await rig.writes.write(name, value, user=OPERATOR)
    assert result.status is WriteStatus.CONFIRMED, result.reason
    address = next(t.address for t in TAGS if t.name == name)
    assert isinstance(address, ModbusAddress)
    assert await rig.server.get_registers(1, HR, address.offset, 1) == registers


@pytest.mark.asyncio
async def test_a_refused_value_leaves_no_intent_only_the_refusal(rig: Rig) -> None:
    result = await rig.writes.write("CWP.U16", 70000, user=OPERATOR, reason="test step")
    assert result.status is WriteStatus.REFUSED
    (record,) = rig.audit.query()
    assert record.action == "write_refused" and record.result.startswith("refused: ")
    assert rig.audit.unresolved_intents() == []


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_write_without_reply_is_unconfirmed_and_the_device_may_apply_it_later(
    tmp_path: Path,
) -> None:
    """Before: a write whose reply never came was "failed", yet the device applied it."""
    tag = dataclasses.replace(TAGS[0], writable=True)
    async with (
        ModbusTestServer(units=(1,)) as server,
        StallingProxy(server.port) as proxy,
    ):
        connection = ModbusConnection("plc", "127.0.0.1", proxy.port, timeout=0.5, retries=0)
        db = TagDatabase({tag.name: tag}, SystemClock())
        audit = AuditTrail(tmp_path / "audit.db", SystemClock())
        writes = WritePath(db, audit=audit, readback_timeout=0.5)
        driver = ModbusDriver({"plc": connection}, [tag], db.publish, db.clock)
        writes.attach_driver(Scheme.MODBUS, driver)
        await driver.start()
        try:
            await until(lambda: db.get(tag.name).quality.is_good)
            result = await writes.write(tag.name, 1234, user=OPERATOR, reason="test step")
            assert proxy.write_seen.is_set()
            assert result.status is WriteStatus.UNCONFIRMED, result.reason
            assert result.reason.startswith("sent, but no reply (plc unit 1 hr 10: timeout")
            assert "the device may still apply 1234" in result.reason
            assert not result.ok
            assert await server.get_registers(1, HR, 10, 1) == [0]  # not applied yet
            intent, outcome = reversed(audit.query())
            assert (intent.action, outcome.action, outcome.ref) == (
                "write_intent", "write", intent.seq,
            )  # fmt: skip
            assert outcome.result.startswith("unconfirmed: sent, but no reply")
            await proxy.release()  # the device gets to it: the value lands after all
            await until(lambda: db.get(tag.name).value == 1234)
            assert await server.get_registers(1, HR, 10, 1) == [1234]
        finally:
            await driver.stop()
            audit.close()
