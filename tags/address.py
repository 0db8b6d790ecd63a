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

from tags.i18n.catalogue import text as tr


class AddressError(ValueError):
    """A source URI that cannot be used; the message says which part and why."""


def _bad(uri: str, why: str, **values: object) -> AddressError:
    """The refusal of ``uri``, in the current language (``why``: a config.address.* id)."""
    return AddressError(tr("config.address", uri=uri, why=tr(f"config.address.{why}", **values)))


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
        raise _bad(uri, "form")
    text, rest = uri.split("://", 1)
    try:
        scheme = Scheme(text)
    except ValueError:
        known = ", ".join(s.value for s in Scheme)
        raise _bad(uri, "scheme", scheme=text, known=known) from None
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
        raise _bad(uri, "connection")
    if not node_id or "=" not in node_id:
        raise _bad(uri, "node_id")
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
                    raise _bad(uri, "twice", key=key)
                params[sys.intern(key)] = sys.intern(value)  # few distinct: shared
        return SimAddress(sys.intern(model), point, MappingProxyType(params))
    parts = urlsplit(uri)
    point = parts.path.strip("/")
    if not parts.netloc:
        raise _bad(uri, "model")
    if not point:
        raise _bad(uri, "point")
    params = _query(uri, parts.query)
    return SimAddress(parts.netloc, point, MappingProxyType(params))


def _query(uri: str, query: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for key, value in parse_qsl(query, keep_blank_values=True, strict_parsing=False):
        if key in params:
            raise _bad(uri, "twice", key=key)
        params[key] = value
    return params


def _parse_modbus(uri: str) -> ModbusAddress:
    parts = urlsplit(uri)
    if not parts.netloc:
        raise _bad(uri, "connection")
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) == 2:
        unit_text, document = segments
        table, offset = _document_address(uri, document)
    elif len(segments) == 3:
        unit_text, table_text, offset_text = segments
        try:
            table = ModbusTable(table_text)
        except ValueError:
            raise _bad(uri, "table", table=table_text) from None
        offset = _int(uri, "offset", offset_text, 0, 65535)
    else:
        raise _bad(uri, "path")
    unit = _int(uri, tr("config.address.unit_id"), unit_text, 0, 255)
    params = _query(uri, parts.query)
    known = {"type", "order", "bit", "len", "scale", "offset"}
    unknown = sorted(set(params) - known)
    if unknown:
        raise _bad(uri, "parameter", key=unknown[0], known=sorted(known))
    default_type = "bool" if table.is_bit else "uint16"
    try:
        mtype = ModbusType(params.get("type", default_type))
    except ValueError:
        raise _bad(uri, "type", type=params["type"]) from None
    try:
        order = WordOrder(params.get("order", "ABCD").upper())
    except ValueError:
        raise _bad(uri, "order", order=params["order"]) from None
    if table.is_bit and mtype is not ModbusType.BOOL:
        raise _bad(uri, "bit_table", type=mtype.value)
    bit = None
    if "bit" in params:
        if mtype is not ModbusType.BOOL or table.is_bit:
            raise _bad(uri, "bit_needs_bool")
        bit = _int(uri, "bit", params["bit"], 0, 15)
    elif mtype is ModbusType.BOOL and not table.is_bit:
        raise _bad(uri, "bool_needs_bit")
    length = 0
    if mtype is ModbusType.STRING:
        if "len" not in params:
            raise _bad(uri, "string_len")
        length = _int(uri, "len", params["len"], 1, 250)
    elif "len" in params:
        raise _bad(uri, "len_string")
    scale = _float(uri, "scale", params.get("scale", "1"))
    if scale == 0:
        raise _bad(uri, "scale_zero")
    if scale < 0:
        raise _bad(uri, "scale_negative", scale=f"{scale:g}")
    value_offset = _float(uri, "offset", params.get("offset", "0"))
    address = ModbusAddress(
        parts.netloc, unit, table, offset, mtype, order, bit, length, scale, value_offset
    )
    if offset + address.count > 65536:
        raise _bad(uri, "past_end")
    return address


def _document_address(uri: str, text: str) -> tuple[ModbusTable, int]:
    """Translate 40001-style (5 digits) or 400001-style (6 digits) addresses."""
    if not text.isdigit() or len(text) not in (5, 6):
        raise _bad(uri, "document", text=text)
    table = _DOCUMENT_TABLES.get(int(text[0]))
    number = int(text[1:])
    if table is None or number < 1:
        raise _bad(uri, "bad_document", text=text)
    return table, number - 1


def _int(uri: str, what: str, text: str, low: int, high: int) -> int:
    try:
        number = int(text)
    except ValueError:
        raise _bad(uri, "not_whole", what=what, text=text) from None
    if not low <= number <= high:
        raise _bad(uri, "outside", what=what, number=number, low=low, high=high)
    return number


def _float(uri: str, what: str, text: str) -> float:
    try:
        number = float(text)
    except ValueError:
        raise _bad(uri, "not_number", what=what, text=text) from None
    if not math.isfinite(number):
        raise _bad(uri, "not_finite", what=what, text=text)
    return number
