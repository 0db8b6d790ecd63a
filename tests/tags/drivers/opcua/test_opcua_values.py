"""OPC UA values: server values to plain engine values, and typed variants for writes."""

from __future__ import annotations

import datetime as dt
import enum

import pytest
from asyncua import ua
from asyncua.ua.status_codes import StatusCodes

from tags.drivers.base import WriteError
from tags.drivers.opcua.values import (
    CONVERTERS,
    ConversionError,
    status_quality,
    to_plain,
    variant_data_type,
    write_variant,
)
from tags.model import DataType, Quality


class Mode(enum.IntEnum):
    AUTO = 2


def test_server_values_become_plain_python_values() -> None:
    stamp = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert to_plain(ua.LocalizedText("Running")) == "Running"
    assert to_plain(ua.QualifiedName("Pump", 2)) == "Pump"
    assert to_plain(stamp) == stamp.timestamp()
    assert to_plain(Mode.AUTO) == 2 and type(to_plain(Mode.AUTO)) is int
    assert to_plain(b"\x01\xff") == "01ff"
    assert to_plain(ua.NodeId.from_string("ns=2;s=A")) == "ns=2;s=A"
    with pytest.raises(ConversionError, match="arrays"):
        to_plain([1.0, 2.0])


@pytest.mark.parametrize(
    ("data_type", "raw", "expected"),
    [
        (DataType.FLOAT, 3, 3.0),
        (DataType.FLOAT, True, 1.0),
        (DataType.INT, 7.0, 7),
        (DataType.INT, Mode.AUTO, 2),
        (DataType.BOOL, 1, True),
        (DataType.BOOL, 0.0, False),
        (DataType.STRING, 12.5, "12.5"),
        (DataType.STRING, ua.LocalizedText("OK"), "OK"),
    ],
)
def test_values_take_the_tag_data_type(data_type: DataType, raw: object, expected: object) -> None:
    value = CONVERTERS[data_type](raw)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(
    ("data_type", "raw"), [(DataType.INT, 7.5), (DataType.FLOAT, "hot"), (DataType.BOOL, "yes")]
)
def test_values_that_do_not_fit_the_tag_type_are_refused(data_type: DataType, raw: object) -> None:
    with pytest.raises(ConversionError):
        CONVERTERS[data_type](raw)


@pytest.mark.parametrize(
    ("value", "vtype", "expected"),
    [
        (True, ua.VariantType.Boolean, True),
        (1, ua.VariantType.Boolean, True),
        (1500, ua.VariantType.Int16, 1500),
        (2.0, ua.VariantType.Int32, 2),
        (7, ua.VariantType.Double, 7.0),
        (1.5, ua.VariantType.Float, 1.5),
        (42, ua.VariantType.String, "42"),
    ],
)
def test_writes_are_encoded_with_the_node_variant_type(
    value: bool | int | float | str, vtype: ua.VariantType, expected: object
) -> None:
    variant = write_variant(value, vtype, "T")
    assert variant.VariantType is vtype
    assert variant.Value == expected and type(variant.Value) is type(expected)


@pytest.mark.parametrize(
    ("value", "vtype", "quality"),
    [
        (70000, ua.VariantType.Int16, Quality.BAD_OUT_OF_RANGE),
        (-1, ua.VariantType.UInt16, Quality.BAD_OUT_OF_RANGE),
        (1e39, ua.VariantType.Float, Quality.BAD_OUT_OF_RANGE),
        (2.5, ua.VariantType.Int32, Quality.BAD_TYPE_MISMATCH),
        (2, ua.VariantType.Boolean, Quality.BAD_TYPE_MISMATCH),
        ("x", ua.VariantType.Double, Quality.BAD_TYPE_MISMATCH),
        (None, ua.VariantType.Double, Quality.BAD_TYPE_MISMATCH),
        (1.0, ua.VariantType.DateTime, Quality.BAD_TYPE_MISMATCH),
    ],
)
def test_writes_that_do_not_fit_are_refused_not_clamped(
    value: bool | int | float | str | None, vtype: ua.VariantType, quality: Quality
) -> None:
    with pytest.raises(WriteError) as refused:
        write_variant(value, vtype, "SCO2.COMP.SP")
    assert refused.value.quality is quality
    assert "SCO2.COMP.SP" in refused.value.reason


def test_status_codes_map_to_qualities_with_the_server_name() -> None:
    assert status_quality(StatusCodes.Good) == (Quality.GOOD, "")
    quality, reason = status_quality(StatusCodes.BadSensorFailure)
    assert quality is Quality.BAD_SENSOR_FAILURE and "BadSensorFailure" in reason
    quality, reason = status_quality(StatusCodes.BadInternalError)
    assert quality is Quality.BAD and "BadInternalError" in reason, "unknown code: generic Bad"
    assert variant_data_type(ua.VariantType.UInt32) is DataType.INT
    assert variant_data_type(ua.VariantType.ExtensionObject) is None
