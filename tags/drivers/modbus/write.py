"""Modbus writes: a value encoded for its address, sent with the right function code.

FC05 for a coil, FC06 for one register, FC16 for several; a bit in a register is a
read-modify-write (FC03 then FC06) under the endpoint lock, so no scan or other write can
come between. A device that answers FC05/FC06 with exception 01 (illegal function) gets
FC15/FC16 from then on. Every refusal raises WriteError with the reason and the quality.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from pymodbus.client import AsyncModbusTcpClient
from pymodbus.pdu import ModbusPDU

from tags.address import ModbusAddress, ModbusTable
from tags.drivers.base import WriteError
from tags.drivers.modbus.codec import encode_bit, encode_registers, set_bit
from tags.drivers.modbus.link import ModbusLink, RequestError
from tags.i18n.catalogue import text
from tags.model import Quality, Value

log = logging.getLogger("tags.drivers.modbus.driver")

_Call = Callable[[AsyncModbusTcpClient], Awaitable[ModbusPDU]]


def where(address: ModbusAddress) -> str:
    """How reasons name one address, e.g. ``plc-cwp unit 1 hr 100`` (in the current
    language)."""
    return text(
        "modbus.address", connection=address.connection, unit=address.unit,
        table=address.table.value, offset=address.offset,
    )  # fmt: skip


def encode(name: str, address: ModbusAddress, value: Value) -> bool | list[int]:
    """The coil state or registers for ``value``; WriteError when it cannot be written."""
    if not address.table.is_writable:
        table = text(f"modbus.table.{address.table.name.lower()}")
        said = text("modbus.read_only", where=where(address), table=table)
        raise WriteError(said, Quality.BAD_CONFIGURATION_ERROR)
    try:
        if address.table is ModbusTable.COIL or address.bit is not None:
            return encode_bit(value)
        return encode_registers(address, value)
    except TypeError as exc:
        raise WriteError(f"{name}: {exc}", Quality.BAD_TYPE_MISMATCH) from None
    except ValueError as exc:
        raise WriteError(f"{name}: {exc}", Quality.BAD_OUT_OF_RANGE) from None


async def write_value(link: ModbusLink, name: str, address: ModbusAddress, value: Value) -> None:
    """Encode and write ``value`` at ``address`` through ``link``; raise WriteError."""
    state = encode(name, address, value)
    unit, offset = address.unit, address.offset
    try:
        if isinstance(state, bool) and address.bit is not None:
            await _write_bit_in_register(link, unit, offset, address.bit, state)
        elif isinstance(state, bool):
            await _single_or_multiple(
                link,
                lambda c: c.write_coil(offset, state, device_id=unit),
                lambda c: c.write_coils(offset, [state], device_id=unit),
            )
        elif len(state) == 1:
            await _single_or_multiple(
                link,
                lambda c: c.write_register(offset, state[0], device_id=unit),
                lambda c: c.write_registers(offset, state, device_id=unit),
            )
        else:
            await link.write(lambda c: c.write_registers(offset, state, device_id=unit))
    except RequestError as err:
        said = text("reason.at", where=where(address), reason=err.text)
        raise WriteError(said, err.quality, sent=err.sent) from None


async def _write_bit_in_register(
    link: ModbusLink, unit: int, offset: int, bit: int, state: bool
) -> None:
    """Read-modify-write of one holding register, holding the endpoint lock throughout."""
    async with link.lock:
        try:
            response = await link.request_locked(
                lambda c: c.read_holding_registers(offset, count=1, device_id=unit)
            )
        except RequestError as err:
            err.sent = False  # only the read went out: the write was never sent
            raise
        if len(response.registers) != 1:
            raise RequestError(
                text("modbus.expected_register", got=len(response.registers)),
                Quality.BAD_COMMUNICATION_ERROR,
            )
        register = set_bit(response.registers[0], bit, state)
        await _single_or_multiple(
            link,
            lambda c: c.write_register(offset, register, device_id=unit),
            lambda c: c.write_registers(offset, [register], device_id=unit),
            locked=True,
        )


async def _single_or_multiple(
    link: ModbusLink, single: _Call, multiple: _Call, *, locked: bool = False
) -> None:
    """FC05/FC06, or FC15/FC16 for devices that answer single writes with exception 01."""
    run = link.request_locked if locked else link.write
    if link.supports_single_writes:
        try:
            await run(single)
            return
        except RequestError as err:
            if err.exception_code != 0x01:
                raise
            link.supports_single_writes = False
            log.info("%s: single writes refused (exception 01), using FC15/FC16", link.name)
    await run(multiple)
