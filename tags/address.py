"""Tag source URIs -> typed addresses. The URI scheme picks the driver.

The URI is split here and nowhere else: every address carries its Scheme, the key of the
driver table (tags/drivers/registry.py).

modbus://plc-cwp/1/hr/100?type=float32&order=CDAB&scale=0.01&offset=0
modbus://plc-cwp/1/40101?type=int16          (document address, translated here only)
modbus://plc-cwp/2/co/5
opcua://dcs/ns=2;s=AREA.COMP.IN_T
sim://signal/sine?period=60&low=1&high=5
sim://memory/AREA.FEED.FLOW.SP?initial=55
sim://cwp/DMC.DENS                            (a point of a plant model)
"""

from __future__ import annotations

import enum
import math
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlsplit


class AddressError(ValueError):
    """A source URI that cannot be used; the message says which part and why."""


class Scheme(enum.Enum):
    """The part of a source URI before ``://``: which driver reads the tag."""

    MODBUS = "modbus"
    OPCUA = "opcua"
    SIM = "sim"


class ModbusTable(enum.Enum):
    COIL = "co"
    DISCRETE_INPUT = "di"
    HOLDING_REGISTER = "hr"
    INPUT_REGISTER = "ir"

    @property
    def is_bit(self) -> bool:
        return self in (ModbusTable.COIL, ModbusTable.DISCRETE_INPUT)

    @property
    def is_writable(self) -> bool:
        return self in (ModbusTable.COIL, ModbusTable.HOLDING_REGISTER)


class ModbusType(enum.Enum):
    BOOL = "bool"
    INT16 = "int16"
    UINT16 = "uint16"
    INT32 = "int32"
    UINT32 = "uint32"
    INT64 = "int64"
    FLOAT32 = "float32"
    FLOAT64 = "float64"
    STRING = "string"


class WordOrder(enum.Enum):
    """Byte order of multi-register values, named after a 32-bit value's bytes ABCD.

    ABCD big-endian; CDAB words swapped; BADC bytes swapped in each word; DCBA both.
    For 64-bit values the same rule holds: CDAB reverses the word order.
    """

    ABCD = "ABCD"
    CDAB = "CDAB"
    BADC = "BADC"
    DCBA = "DCBA"


_REGISTERS = {
    ModbusType.BOOL: 1,
    ModbusType.INT16: 1,
    ModbusType.UINT16: 1,
    ModbusType.INT32: 2,
    ModbusType.UINT32: 2,
    ModbusType.FLOAT32: 2,
    ModbusType.INT64: 4,
    ModbusType.FLOAT64: 4,
}

_DOCUMENT_TABLES = {
    0: ModbusTable.COIL,
    1: ModbusTable.DISCRETE_INPUT,
    3: ModbusTable.INPUT_REGISTER,
    4: ModbusTable.HOLDING_REGISTER,
}


@dataclass(frozen=True, slots=True)
class ModbusAddress:
    """Where a tag lives in a Modbus device and how its registers encode the value."""

    scheme: ClassVar[Scheme] = Scheme.MODBUS

    connection: str
    unit: int
    table: ModbusTable
    offset: int
    type: ModbusType = ModbusType.UINT16
    order: WordOrder = WordOrder.ABCD
    bit: int | None = None
    length: int = 0
    scale: float = 1.0
    value_offset: float = 0.0

    @property
    def count(self) -> int:
        """Registers (or bits, for coils and discrete inputs) the value occupies."""
        if self.table.is_bit:
            return 1
        if self.type is ModbusType.STRING:
            return (self.length + 1) // 2
        return _REGISTERS[self.type]


@dataclass(frozen=True, slots=True)
class OpcUaAddress:
    """A variable of an OPC UA server: the connection's name and the node id."""

    scheme: ClassVar[Scheme] = Scheme.OPCUA

    connection: str
    node_id: str


@dataclass(frozen=True, slots=True)
class SimAddress:
    """A simulated source: ``model`` is ``signal``, ``memory`` or a plant model name."""

    scheme: ClassVar[Scheme] = Scheme.SIM

    model: str
    point: str
    params: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def connection(self) -> str:
        return f"sim:{self.model}"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with its parameters as a plain dict (the read-only view pickles not)."""
        return _sim_address, (self.model, self.point, dict(self.params))


def _sim_address(model: str, point: str, params: dict[str, str]) -> SimAddress:
    """A SimAddress as pickled by ``SimAddress.__reduce__``: tags with the same source share
    one (it is immutable), so a large simulated project holds each distinct source once."""
    key: tuple[object, ...] = (model, point, *params.items())
    address = _SIM_ADDRESSES.get(key)
    if address is None:
        if len(_SIM_ADDRESSES) >= 1 << 16:
            _SIM_ADDRESSES.clear()
        address = SimAddress(sys.intern(model), sys.intern(point), MappingProxyType(params))
        _SIM_ADDRESSES[key] = address
    return address


_SIM_ADDRESSES: dict[tuple[object, ...], SimAddress] = {}


Address = ModbusAddress | OpcUaAddress | SimAddress


def parse_address(uri: str) -> Address:
    """Parse a source URI; raise AddressError naming the bad part."""
    if "://" not in uri:
        raise AddressError(f"'{uri}': expected scheme://connection/path (modbus, opcua or sim)")
    text, rest = uri.split("://", 1)
    try:
        scheme = Scheme(text)
    except ValueError:
        known = ", ".join(s.value for s in Scheme)
        raise AddressError(f"'{uri}': unknown scheme '{text}' (expected one of {known})") from None
    match scheme:
        case Scheme.OPCUA:
            return _parse_opcua(uri, rest)
        case Scheme.MODBUS:
            return _parse_modbus(uri)
        case Scheme.SIM:
            return _parse_sim(uri)


def _parse_opcua(uri: str, rest: str) -> OpcUaAddress:
    connection, _, node_id = rest.partition("/")
    if not connection:
        raise AddressError(f"'{uri}': missing connection name")
    if not node_id or "=" not in node_id:
        raise AddressError(f"'{uri}': expected a node id such as ns=2;s=Area.Unit.Point")
    return OpcUaAddress(connection, node_id)


_PLAIN_SIM = re.compile(r"sim://([A-Za-z0-9_.\-]*)/*([^?#%+:@\[\]\s]*?)/*(?:\?([^#%+:@\[\]\s]*))?")
"""A sim:// URI with nothing to unquote or validate: read without urllib (large plants)."""


def _parse_sim(uri: str) -> SimAddress:
    plain = _PLAIN_SIM.fullmatch(uri)
    if plain is not None and plain.group(1) and plain.group(2):
        model, point, query = plain.groups()
        params: dict[str, str] = {}
        for piece in (query or "").split("&"):
            if piece:
                key, _, value = piece.partition("=")
                if key in params:
                    raise AddressError(f"'{uri}': parameter '{key}' given twice")
                params[sys.intern(key)] = sys.intern(value)  # few distinct: shared
        return SimAddress(sys.intern(model), point, MappingProxyType(params))
    parts = urlsplit(uri)
    point = parts.path.strip("/")
    if not parts.netloc:
        raise AddressError(f"'{uri}': missing model (signal, memory or a plant name)")
    if not point:
        raise AddressError(f"'{uri}': missing point name after the model")
    params = _query(uri, parts.query)
    return SimAddress(parts.netloc, point, MappingProxyType(params))


def _query(uri: str, query: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for key, value in parse_qsl(query, keep_blank_values=True, strict_parsing=False):
        if key in params:
            raise AddressError(f"'{uri}': parameter '{key}' given twice")
        params[key] = value
    return params


def _parse_modbus(uri: str) -> ModbusAddress:
    parts = urlsplit(uri)
    if not parts.netloc:
        raise AddressError(f"'{uri}': missing connection name")
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) == 2:
        unit_text, document = segments
        table, offset = _document_address(uri, document)
    elif len(segments) == 3:
        unit_text, table_text, offset_text = segments
        try:
            table = ModbusTable(table_text)
        except ValueError:
            raise AddressError(
                f"'{uri}': unknown table '{table_text}' (expected co, di, hr or ir)"
            ) from None
        offset = _int(uri, "offset", offset_text, 0, 65535)
    else:
        raise AddressError(f"'{uri}': expected /<unit id>/<co|di|hr|ir>/<offset>")
    unit = _int(uri, "unit id", unit_text, 0, 255)
    params = _query(uri, parts.query)
    known = {"type", "order", "bit", "len", "scale", "offset"}
    unknown = sorted(set(params) - known)
    if unknown:
        raise AddressError(f"'{uri}': unknown parameter '{unknown[0]}' (known: {sorted(known)})")
    default_type = "bool" if table.is_bit else "uint16"
    try:
        mtype = ModbusType(params.get("type", default_type))
    except ValueError:
        raise AddressError(f"'{uri}': unknown type '{params['type']}'") from None
    try:
        order = WordOrder(params.get("order", "ABCD").upper())
    except ValueError:
        raise AddressError(
            f"'{uri}': unknown word order '{params['order']}' (ABCD, CDAB, BADC or DCBA)"
        ) from None
    if table.is_bit and mtype is not ModbusType.BOOL:
        raise AddressError(f"'{uri}': coils and discrete inputs hold bool, not {mtype.value}")
    bit = None
    if "bit" in params:
        if mtype is not ModbusType.BOOL or table.is_bit:
            raise AddressError(f"'{uri}': bit= needs type=bool on a register table")
        bit = _int(uri, "bit", params["bit"], 0, 15)
    elif mtype is ModbusType.BOOL and not table.is_bit:
        raise AddressError(f"'{uri}': a bool in a register needs bit=0..15")
    length = 0
    if mtype is ModbusType.STRING:
        if "len" not in params:
            raise AddressError(f"'{uri}': type=string needs len=<characters>")
        length = _int(uri, "len", params["len"], 1, 250)
    elif "len" in params:
        raise AddressError(f"'{uri}': len= applies only to type=string")
    scale = _float(uri, "scale", params.get("scale", "1"))
    if scale == 0:
        raise AddressError(f"'{uri}': scale must not be 0")
    if scale < 0:
        raise AddressError(
            f"'{uri}': scale {scale:g} must be above 0 (a negative scale turns the value"
            " upside down: range, alarm and write limits would read reversed)"
        )
    value_offset = _float(uri, "offset", params.get("offset", "0"))
    address = ModbusAddress(
        parts.netloc, unit, table, offset, mtype, order, bit, length, scale, value_offset
    )
    if offset + address.count > 65536:
        raise AddressError(f"'{uri}': value runs past register 65535")
    return address


def _document_address(uri: str, text: str) -> tuple[ModbusTable, int]:
    """Translate 40001-style (5 digits) or 400001-style (6 digits) addresses."""
    if not text.isdigit() or len(text) not in (5, 6):
        raise AddressError(
            f"'{uri}': '{text}' is neither a document address (40001) nor a table/offset pair"
        )
    table = _DOCUMENT_TABLES.get(int(text[0]))
    number = int(text[1:])
    if table is None or number < 1:
        raise AddressError(f"'{uri}': '{text}' is not a valid document address")
    return table, number - 1


def _int(uri: str, what: str, text: str, low: int, high: int) -> int:
    try:
        number = int(text)
    except ValueError:
        raise AddressError(f"'{uri}': {what} '{text}' is not a whole number") from None
    if not low <= number <= high:
        raise AddressError(f"'{uri}': {what} {number} outside {low}..{high}")
    return number


def _float(uri: str, what: str, text: str) -> float:
    try:
        number = float(text)
    except ValueError:
        raise AddressError(f"'{uri}': {what} '{text}' is not a number") from None
    if not math.isfinite(number):
        raise AddressError(f"'{uri}': {what} '{text}' is not a finite number")
    return number
