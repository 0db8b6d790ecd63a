"""Modbus register encoding: raw registers <-> engineering values, for every type and order.

Word orders are named after the bytes of a 32-bit value ABCD (see WordOrder): 123456.0 as
float32 is 0x47F12000 and reads [0x47F1, 0x2000] (ABCD), [0x2000, 0x47F1] (CDAB),
[0xF147, 0x0020] (BADC) or [0x0020, 0xF147] (DCBA). 16-bit values follow the same rule
(BADC and DCBA swap the two bytes), 64-bit values too (CDAB reverses the four words).

All of it reduces to one trick: a block's registers are packed once big-endian and once
little-endian, and each value is unpacked from one of the two buffers with a big- or
little-endian struct format:

    ABCD: big buffer, ">"     DCBA: big buffer, "<"
    BADC: little buffer, ">"  CDAB: little buffer, "<"

Decisions (documented here because the console shows their results):

- engineering value = raw * scale + value_offset; with scale 1 and offset 0 integers stay
  integers (an int64 counter keeps every digit).
- A NaN or infinite float (or a scaled value that overflows) is a Bad sample with
  ``BAD_OUT_OF_RANGE``: the device sent something that is not a measurement.
- Strings hold two characters per register, first character in the high byte (ABCD and
  CDAB; BADC and DCBA swap the bytes of each register), and end at the first NUL. Bytes
  outside printable ASCII (0x20-0x7E) become U+FFFD and the sample is
  ``UNCERTAIN_SUBSTITUTE_VALUE``: the text is shown, but it is not what the device holds.
- Encoding is the exact inverse and refuses, never clamps: a value that does not fit the
  raw type raises ValueError with the reason, a value of the wrong kind raises TypeError.

Decoding never mutates its input.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from tags.address import ModbusAddress, ModbusType, WordOrder
from tags.i18n.catalogue import text
from tags.model import DataType, Quality, Value

_FORMAT = {
    ModbusType.INT16: "h",
    ModbusType.UINT16: "H",
    ModbusType.INT32: "i",
    ModbusType.UINT32: "I",
    ModbusType.INT64: "q",
    ModbusType.FLOAT32: "f",
    ModbusType.FLOAT64: "d",
}
_INT_RANGE = {
    ModbusType.INT16: (-(2**15), 2**15 - 1),
    ModbusType.UINT16: (0, 2**16 - 1),
    ModbusType.INT32: (-(2**31), 2**31 - 1),
    ModbusType.UINT32: (0, 2**32 - 1),
    ModbusType.INT64: (-(2**63), 2**63 - 1),
}
_FLOAT32_MAX = 3.4028234663852886e38
# (registers packed little-endian?, struct byte order) per word order
_LAYOUT = {
    WordOrder.ABCD: (False, ">"),
    WordOrder.DCBA: (False, "<"),
    WordOrder.BADC: (True, ">"),
    WordOrder.CDAB: (True, "<"),
}
_PRINTABLE = frozenset(range(0x20, 0x7F))


class Decoded(NamedTuple):
    """One decoded value; ``reason`` says why the quality is not Good."""

    value: Value
    quality: Quality
    reason: str = ""


Result = tuple[Value, Quality, str]
"""(value, quality, reason): what a block decoder gives per tag (a plain tuple: hot path)."""

_Decode = Callable[[Sequence[int], bytes, bytes], Result]
"""Decodes one tag from a block: (registers, big-endian bytes, little-endian bytes)."""


def _compile(address: ModbusAddress, block_start: int, data_type: DataType | None) -> _Decode:
    """A decoder specialised for one tag at its place in a block (the scan's hot path)."""
    index = address.offset - block_start
    byte = 2 * index
    little, endian = _LAYOUT[address.order]
    good = Quality.GOOD
    if address.type is ModbusType.BOOL:
        bit = address.bit or 0

        def decode_bit(registers: Sequence[int], big: bytes, swapped: bytes) -> Result:
            return (bool((registers[index] >> bit) & 1), good, "")

        return decode_bit
    if address.type is ModbusType.STRING:
        stop = byte + address.length

        def decode_text(registers: Sequence[int], big: bytes, swapped: bytes) -> Result:
            return _decode_string((swapped if little else big)[byte:stop])

        return decode_text
    unpack = struct.Struct(endian + _FORMAT[address.type]).unpack_from
    is_float = address.type in (ModbusType.FLOAT32, ModbusType.FLOAT64)
    scale, value_offset = address.scale, address.value_offset
    scaled = scale != 1.0 or value_offset != 0.0
    convert = _converter(data_type, float if (is_float or scaled) else int)
    isfinite = math.isfinite

    single = address.type is ModbusType.FLOAT32

    def decode_number(registers: Sequence[int], big: bytes, swapped: bytes) -> Result:
        raw = unpack(swapped if little else big, byte)[0]
        if is_float and not isfinite(raw):
            said = text("modbus.not_finite", type=address.type.value, raw=raw)
            return (None, Quality.BAD_OUT_OF_RANGE, said)
        if single:  # a float32 holds 7 significant digits: 1.42, not 1.4199999570846558
            raw = float(f"{raw:.7g}")
        if not scaled:
            return (raw if convert is None else convert(raw), good, "")
        value = float(f"{raw * scale + value_offset:.12g}")  # no binary noise (1.42, not ...02)
        if not isfinite(value):
            said = text("modbus.overflow", raw=raw, scale=scale)
            return (None, Quality.BAD_OUT_OF_RANGE, said)
        return (value if convert is None else convert(value), good, "")

    return decode_number


def _converter(
    data_type: DataType | None, natural: type[int] | type[float]
) -> Callable[[Any], Value] | None:
    """What turns a decoded number into the tag's data type (None: nothing to do)."""
    if data_type is None:
        return None
    if data_type is DataType.FLOAT:
        return None if natural is float else float
    if data_type is DataType.INT:
        return None if natural is int else _whole
    if data_type is DataType.BOOL:
        return bool
    return None


def _whole(value: float) -> Value:
    return int(value) if value.is_integer() else value


def _decode_string(data: bytes) -> Result:
    end = data.find(b"\0")
    if end >= 0:
        data = data[:end]
    bad = sum(1 for byte in data if byte not in _PRINTABLE)
    if not bad:
        return (data.decode("ascii"), Quality.GOOD, "")
    shown = "".join(chr(byte) if byte in _PRINTABLE else "\ufffd" for byte in data)
    return (shown, Quality.UNCERTAIN_SUBSTITUTE_VALUE, text("modbus.not_ascii", count=bad))


class BlockDecoder:
    """Decodes every tag of one register block from a single response.

    Precompiles each address once, so a scan costs one struct call per tag. With
    ``data_types`` the numbers come out as each tag's data type (see ``coerce``).
    """

    def __init__(
        self,
        start: int,
        addresses: Sequence[ModbusAddress],
        data_types: Sequence[DataType] | None = None,
    ) -> None:
        self.start = start
        types = list(data_types) if data_types is not None else [None] * len(addresses)
        if len(types) != len(addresses):
            raise ValueError("one data type per address")
        self._decoders = tuple(_compile(a, start, t) for a, t in zip(addresses, types, strict=True))
        self._needs_bytes = any(a.type is not ModbusType.BOOL for a in addresses)

    def decode(self, registers: Sequence[int]) -> list[Result]:
        """One result per address, in the order given; ``registers`` starts at ``start``."""
        big = little = b""
        if self._needs_bytes:
            count = len(registers)
            big = struct.pack(f">{count}H", *registers)
            little = struct.pack(f"<{count}H", *registers)
        return [decode(registers, big, little) for decode in self._decoders]


def decode_registers(address: ModbusAddress, registers: Sequence[int]) -> Decoded:
    """Decode one value from exactly the registers it occupies (``address.count`` of them)."""
    if len(registers) != address.count:
        raise ValueError(
            f"{address.type.value} needs {address.count} registers, got {len(registers)}"
        )
    return Decoded(*BlockDecoder(address.offset, [address]).decode(registers)[0])


def coerce(value: Value, data_type: DataType) -> Value:
    """A decoded number as the tag's engineering data type.

    Bools (coils, bits) and strings stay as the address says; numbers become float for a
    FLOAT tag, int for an INT tag when whole, bool for a BOOL tag.
    """
    if value is None or isinstance(value, bool | str):
        return value
    if data_type is DataType.FLOAT:
        return float(value)
    if data_type is DataType.INT and isinstance(value, float) and value.is_integer():
        return int(value)
    if data_type is DataType.BOOL:
        return bool(value)
    return value


def encode_bit(value: Value) -> bool:
    """The state to write to a coil or a bit of a register."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    raise TypeError(f"a bool tag takes true/false or 0/1, not {value!r}")


def set_bit(register: int, bit: int, state: bool) -> int:
    """``register`` with one bit set or cleared (for read-modify-write)."""
    mask = 1 << bit
    return (register | mask) if state else (register & ~mask & 0xFFFF)


def encode_registers(address: ModbusAddress, value: Value) -> list[int]:
    """The registers that hold ``value`` at ``address`` (inverse of decoding).

    Raises TypeError for a value of the wrong kind and ValueError, naming the limit, for one
    that does not fit the raw type. Not for bits in a register: see set_bit.
    """
    mtype = address.type
    if mtype is ModbusType.BOOL:
        raise ValueError("a bit in a register is written by read-modify-write (set_bit)")
    little, _ = _LAYOUT[address.order]
    if mtype is ModbusType.STRING:
        data = _encode_string(address, value)
        return list(struct.unpack(f"{'<' if little else '>'}{len(data) // 2}H", data))
    raw = _raw_value(address, value)
    _, endian = _LAYOUT[address.order]
    data = struct.pack(endian + _FORMAT[mtype], raw)
    return list(struct.unpack(f"{'<' if little else '>'}{len(data) // 2}H", data))


def _encode_string(address: ModbusAddress, value: Value) -> bytes:
    if not isinstance(value, str):
        raise TypeError(f"a string tag takes text, not {value!r}")
    try:
        data = value.encode("ascii")
    except UnicodeEncodeError:
        raise ValueError(f"'{value}' has characters outside ASCII") from None
    if len(data) > address.length:
        raise ValueError(f"'{value}' has {len(data)} characters, the tag holds {address.length}")
    size = 2 * address.count
    return data + b"\0" * (size - len(data))


def _raw_value(address: ModbusAddress, value: Value) -> int | float:
    mtype = address.type
    if isinstance(value, str) or value is None:
        raise TypeError(f"a {mtype.value} tag takes a number, not {value!r}")
    number: int | float = int(value) if isinstance(value, bool) else value
    if isinstance(number, float) and not math.isfinite(number):
        raise ValueError(f"{number} is not a finite number")
    raw = raw_number(address, number)
    described = f"{value}" if raw is number else f"{value} (raw {raw:g})"
    if mtype in (ModbusType.FLOAT32, ModbusType.FLOAT64):
        raw = float(raw)
        if not math.isfinite(raw) or (mtype is ModbusType.FLOAT32 and abs(raw) > _FLOAT32_MAX):
            raise ValueError(f"{described} does not fit {mtype.value}")
        return raw
    if isinstance(raw, float):
        whole = _whole_raw(raw)
        if whole is None:
            raise ValueError(f"{described} is not a whole number, {mtype.value} needs one")
        raw = whole
    low, high = _INT_RANGE[mtype]
    if not low <= raw <= high:
        raise ValueError(f"{described} outside {mtype.value} range {low}..{high}")
    return raw


def _whole_raw(raw: float) -> int | None:
    """The nearest whole number when ``raw`` is one (within float noise), else None."""
    whole = round(raw)
    return whole if abs(raw - whole) <= 1e-9 * max(1.0, abs(raw)) else None


def raw_number(address: ModbusAddress, value: int | float) -> int | float:
    """The raw register number for an engineering value: (value - offset) / scale, unrounded."""
    if address.scale != 1.0 or address.value_offset != 0.0:
        return (value - address.value_offset) / address.scale
    return value


def register_range(mtype: ModbusType) -> str:
    """The raw values a numeric register type holds, as reasons state it: ``uint16: 0..65535``."""
    if mtype in _INT_RANGE:
        low, high = _INT_RANGE[mtype]
        return f"{mtype.value}: {low}..{high}"
    if mtype is ModbusType.FLOAT32:
        return f"float32: -{_FLOAT32_MAX:.8g}..{_FLOAT32_MAX:.8g}"
    if mtype is ModbusType.FLOAT64:
        return "float64: finite numbers"
    raise ValueError(f"{mtype.value} is not a numeric register type")


def register_misfit(address: ModbusAddress, value: int | float) -> str | None:
    """Why encode_registers would refuse this number at this numeric address, or None.

    Names the type and its range (``uint16: 0..65535``), adds "whole numbers only" for a
    fraction on an integer type and the raw number when scale or offset apply.
    """
    try:
        _raw_value(address, value)
    except ValueError:
        pass
    else:
        return None
    details = [register_range(address.type)]
    raw = raw_number(address, value)
    if address.type in _INT_RANGE and isinstance(raw, float) and _whole_raw(raw) is None:
        details.append("whole numbers only")
    if address.scale != 1.0 or address.value_offset != 0.0:
        scaling = f"scale {address.scale:g}, offset {address.value_offset:g}"
        details.append(f"raw {raw:.12g} at {scaling}")
    return ", ".join(details)
