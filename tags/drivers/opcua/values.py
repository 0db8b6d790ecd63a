"""OPC UA values <-> engine values: notification decoding and typed variants for writes.

Reading turns whatever the server sends (numpy-free asyncua Python values, LocalizedText,
datetimes ...) into the plain bool/int/float/str of the tag's data type. Writing builds a
Variant of the node's own VariantType, refusing values that do not fit instead of clamping.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Callable
from functools import lru_cache
from typing import cast

from asyncua import ua

from tags.drivers.base import WriteError
from tags.i18n.catalogue import text
from tags.model import DataType, Quality, Value


class ConversionError(ValueError):
    """A server value that cannot be shown as the tag's data type."""


Converter = Callable[[object], Value]
"""Turns one raw asyncua value into the tag's plain Python value (or raises ConversionError)."""

_PLAIN = (bool, int, float, str)

_INT_RANGES: dict[ua.VariantType, tuple[int, int]] = {
    ua.VariantType.SByte: (-(2**7), 2**7 - 1),
    ua.VariantType.Byte: (0, 2**8 - 1),
    ua.VariantType.Int16: (-(2**15), 2**15 - 1),
    ua.VariantType.UInt16: (0, 2**16 - 1),
    ua.VariantType.Int32: (-(2**31), 2**31 - 1),
    ua.VariantType.UInt32: (0, 2**32 - 1),
    ua.VariantType.Int64: (-(2**63), 2**63 - 1),
    ua.VariantType.UInt64: (0, 2**64 - 1),
}
_FLOAT32_MAX = 3.4028234663852886e38


def to_plain(raw: object) -> Value:
    """Any scalar asyncua value -> bool, int, float, str or None."""
    if raw is None or type(raw) in _PLAIN:
        return cast(Value, raw)
    if isinstance(raw, enum.Enum):
        return int(raw.value) if isinstance(raw.value, int) else str(raw.name)
    if isinstance(raw, bool):  # subclasses of the plain types
        return bool(raw)
    if isinstance(raw, int):
        return int(raw)
    if isinstance(raw, float):
        return float(raw)
    if isinstance(raw, str):
        return str(raw)
    if isinstance(raw, dt.datetime):
        if raw.tzinfo is None:
            raw = raw.replace(tzinfo=dt.UTC)
        return raw.timestamp()
    if isinstance(raw, ua.LocalizedText):
        return raw.Text or ""
    if isinstance(raw, ua.QualifiedName):
        return raw.Name or ""
    if isinstance(raw, ua.NodeId):
        return raw.to_string()
    if isinstance(raw, ua.StatusCode):
        return int(raw.value)
    if isinstance(raw, bytes | bytearray):
        return raw.hex()
    if isinstance(raw, list | tuple):
        raise ConversionError(f"arrays are not supported ({len(raw)} elements)")
    raise ConversionError(f"{type(raw).__name__} values are not supported")


def _as_float(raw: object) -> Value:
    if type(raw) is float:
        return raw
    value = to_plain(raw)
    if isinstance(value, bool | int | float):
        return float(value)
    raise ConversionError(f"{type(raw).__name__} value {value!r} is not a number")


def _as_int(raw: object) -> Value:
    if type(raw) is int:
        return raw
    value = to_plain(raw)
    if isinstance(value, bool | int):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise ConversionError(f"{type(raw).__name__} value {value!r} is not a whole number")


def _as_bool(raw: object) -> Value:
    if type(raw) is bool:
        return raw
    value = to_plain(raw)
    if isinstance(value, int | float):
        return value != 0
    raise ConversionError(f"{type(raw).__name__} value {value!r} is not a bool")


def _as_string(raw: object) -> Value:
    if type(raw) is str:
        return raw
    if isinstance(raw, dt.datetime):
        return raw.isoformat()
    value = to_plain(raw)
    return "" if value is None else str(value)


CONVERTERS: dict[DataType, Converter] = {
    DataType.FLOAT: _as_float,
    DataType.INT: _as_int,
    DataType.BOOL: _as_bool,
    DataType.STRING: _as_string,
}


def source_time(value: ua.DataValue, now: float) -> float:
    """SourceTimestamp as POSIX seconds, else ServerTimestamp, else ``now``."""
    stamp = value.SourceTimestamp or value.ServerTimestamp
    if stamp is None:
        return now
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    return stamp.timestamp()


def status_quality(code: int) -> tuple[Quality, str]:
    """The engine quality of an OPC UA status code and the reason text shown with it (in
    the current language)."""
    quality = Quality.from_code(code)
    if quality.is_good:
        return quality, ""
    return quality, text("opcua.from_server", status=status_name(code))


@lru_cache(maxsize=256)
def status_name(code: int) -> str:
    """``BadUserAccessDenied``-style name of a status code (hex for unknown codes)."""
    name, _ = ua.status_codes.get_name_and_doc(code)
    return name if name else f"0x{code:08X}"


def status_text(code: int) -> str:
    """Name and description of a status code, as an operator reads it."""
    name, doc = ua.status_codes.get_name_and_doc(code)
    if not name:
        return f"status 0x{code:08X}"
    return f"{name} ({doc.rstrip('.')})" if doc else name


def write_variant(value: Value, vtype: ua.VariantType, what: str) -> ua.Variant:
    """A Variant of the node's own type; WriteError when ``value`` does not fit it."""
    if value is None:
        raise WriteError(f"{what}: no value to write", Quality.BAD_TYPE_MISMATCH)
    if vtype is ua.VariantType.Boolean:
        if isinstance(value, bool):
            return ua.Variant(value, vtype)
        if isinstance(value, int | float) and value in (0, 1):
            return ua.Variant(bool(value), vtype)
        raise _mismatch(what, value, vtype)
    if vtype in _INT_RANGES:
        if isinstance(value, bool):
            number = int(value)
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        else:
            raise _mismatch(what, value, vtype)
        low, high = _INT_RANGES[vtype]
        if not low <= number <= high:
            raise WriteError(
                f"{what}: {number} is outside the {vtype.name} range {low}..{high}",
                Quality.BAD_OUT_OF_RANGE,
            )
        return ua.Variant(number, vtype)
    if vtype in (ua.VariantType.Float, ua.VariantType.Double):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _mismatch(what, value, vtype)
        number_f = float(value)
        too_big = math.isfinite(number_f) and abs(number_f) > _FLOAT32_MAX
        if vtype is ua.VariantType.Float and too_big:
            raise WriteError(
                f"{what}: {number_f} does not fit a 32-bit Float", Quality.BAD_OUT_OF_RANGE
            )
        return ua.Variant(number_f, vtype)
    if vtype is ua.VariantType.String:
        return ua.Variant(str(value), vtype)
    if vtype is ua.VariantType.LocalizedText:
        return ua.Variant(ua.LocalizedText(str(value)), vtype)
    raise WriteError(
        f"{what}: writing {vtype.name} nodes is not supported", Quality.BAD_TYPE_MISMATCH
    )


def _mismatch(what: str, value: Value, vtype: ua.VariantType) -> WriteError:
    return WriteError(
        f"{what}: {type(value).__name__} {value!r} does not fit the node's type {vtype.name}",
        Quality.BAD_TYPE_MISMATCH,
    )


def variant_data_type(vtype: ua.VariantType) -> DataType | None:
    """The engine data type that shows a node of this VariantType (None: not importable)."""
    if vtype is ua.VariantType.Boolean:
        return DataType.BOOL
    if vtype is ua.VariantType.UInt64:  # beyond the engine's 64-bit signed integers
        return DataType.FLOAT
    if vtype in _INT_RANGES or vtype is ua.VariantType.StatusCode:
        return DataType.INT
    if vtype in (ua.VariantType.Float, ua.VariantType.Double, ua.VariantType.DateTime):
        return DataType.FLOAT
    if vtype in (
        ua.VariantType.String,
        ua.VariantType.LocalizedText,
        ua.VariantType.QualifiedName,
        ua.VariantType.NodeId,
        ua.VariantType.ByteString,
        ua.VariantType.Guid,
    ):
        return DataType.STRING
    return None
