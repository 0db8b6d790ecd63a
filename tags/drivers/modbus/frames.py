"""Malformed Modbus replies fail the request they answer, instead of escaping to asyncio.

pymodbus 3.16 decodes a reply inside ``data_received``; a frame it cannot decode (a byte
count longer than the frame, an MBAP length too short for the PDU, an unknown function code,
an exception reply without its code) raises ``ModbusIOException`` out of that callback.
asyncio then logs "Fatal error: protocol.data_received() call failed" with a traceback and
drops the connection, the request in flight fails as "connection lost", and a device that
always answers so is reconnected to over and over. ``guard_replies`` catches the error where
it happens: the request in flight fails with ``MalformedReply`` naming what is wrong, the
bytes received are dropped, and the connection stays up.
"""

from __future__ import annotations

import logging

from pymodbus.client import AsyncModbusTcpClient
from pymodbus.exceptions import ModbusException

from tags.i18n.catalogue import text

log = logging.getLogger("tags.drivers.modbus.driver")


class MalformedReply(ModbusException):
    """A reply that is not a Modbus frame pymodbus can decode; the text says what is wrong."""


def describe(data: bytes, decoder_functions: frozenset[int]) -> str:
    """A short reason for a reply that did not decode (``data``: the whole MBAP frame)."""
    if len(data) < 8:
        return text("modbus.frame_short", count=len(data))
    length = int.from_bytes(data[4:6], "big")
    pdu = data[7 : 6 + length]
    function = data[7]
    if length < 2:
        return text("modbus.frame_no_function", length=length)
    if function & 0x80 and function != 0x80:
        refused = f"{function & 0x7F:02d}"
        if len(pdu) < 2:
            return text("modbus.frame_no_exception_code", function=refused)
        return text("modbus.frame_bad_exception", function=refused)
    if function not in decoder_functions:
        return text("modbus.frame_unknown_function", function=f"0x{function:02X}")
    if function in (1, 2, 3, 4) and len(pdu) >= 2 and pdu[1] != len(pdu) - 2:
        return text(
            "modbus.frame_byte_count", function=f"{function:02d}", count=pdu[1], got=len(pdu) - 2
        )
    return text("modbus.frame_undecodable", function=f"{function:02d}", size=len(pdu))


def guard_replies(client: AsyncModbusTcpClient) -> None:
    """Make ``client`` fail its request in flight on a malformed reply (see the module doc)."""
    ctx = client.ctx
    receive = ctx.callback_data
    functions = frozenset(ctx.framer.decoder.list_function_codes())  # type: ignore[no-untyped-call]

    def guarded(data: bytes, addr: tuple[str, int] | None = None) -> int:
        try:
            return receive(data, addr)
        except Exception:  # anything pymodbus raises here would reach asyncio's handler
            reason = text("modbus.malformed", what=describe(data, functions))
            future = ctx.response_future
            if future.done():
                log.debug("%s (no request waiting for it)", reason)
            else:
                future.set_exception(MalformedReply(reason))
            return len(data)  # drop it all: the next request starts on a clean buffer

    ctx.callback_data = guarded  # type: ignore[method-assign]
