"""Modbus codec: every type and word order round-trips; bad data gives clear codes."""

from __future__ import annotations

import math
import struct

import pytest

from tags.address import ModbusAddress, ModbusTable, ModbusType, WordOrder, parse_address
from tags.drivers.modbus.codec import (
    BlockDecoder,
    coerce,
    decode_registers,
    encode_bit,
    encode_registers,
    register_misfit,
    register_range,
    set_bit,
)
from tags.model import DataType, Quality


def hr(
    mtype: ModbusType,
    order: WordOrder = WordOrder.ABCD,
    *,
    offset: int = 0,
    length: int = 0,
    scale: float = 1.0,
    value_offset: float = 0.0,
    bit: int | None = None,
) -> ModbusAddress:
    return ModbusAddress(
        "plc", 1, ModbusTable.HOLDING_REGISTER, offset, mtype, order, bit, length, scale,
        value_offset,
    )  # fmt: skip


FLOAT32_123456 = {
    WordOrder.ABCD: [0x47F1, 0x2000],
    WordOrder.CDAB: [0x2000, 0x47F1],
    WordOrder.BADC: [0xF147, 0x0020],
    WordOrder.DCBA: [0x0020, 0xF147],
}


@pytest.mark.parametrize("order", list(WordOrder))
def test_float32_123456_matches_the_reference_vectors(order: WordOrder) -> None:
    address = hr(ModbusType.FLOAT32, order)
    assert encode_registers(address, 123456.0) == FLOAT32_123456[order]
    assert decode_registers(address, FLOAT32_123456[order]).value == 123456.0


def test_64_bit_orders_follow_the_32_bit_rule() -> None:
    data = struct.pack(">d", 123456.789)
    words = list(struct.unpack(">4H", data))
    swapped = [((w & 0xFF) << 8) | (w >> 8) for w in words]
    expected = {
        WordOrder.ABCD: words,
        WordOrder.CDAB: words[::-1],
        WordOrder.BADC: swapped,
        WordOrder.DCBA: swapped[::-1],
    }
    for order, registers in expected.items():
        address = hr(ModbusType.FLOAT64, order)
        assert encode_registers(address, 123456.789) == registers, order
        assert decode_registers(address, registers).value == 123456.789


SAMPLES: dict[ModbusType, list[int] | list[float]] = {
    ModbusType.INT16: [-32768, -1, 0, 1, 32767],
    ModbusType.UINT16: [0, 1, 0x1234, 65535],
    ModbusType.INT32: [-(2**31), -70000, 0, 70000, 2**31 - 1],
    ModbusType.UINT32: [0, 70000, 2**32 - 1],
    ModbusType.INT64: [-(2**63), -(2**40), 0, 2**53 + 1, 2**63 - 1],
    ModbusType.FLOAT32: [-1.5, 0.0, 0.25, 123456.0, 2.0**127],
    ModbusType.FLOAT64: [-1e300, -0.1, 0.0, math.pi, 1e300],
}


@pytest.mark.parametrize("order", list(WordOrder))
@pytest.mark.parametrize("mtype", list(SAMPLES))
def test_every_numeric_type_and_order_round_trips(mtype: ModbusType, order: WordOrder) -> None:
    address = hr(mtype, order)
    for value in SAMPLES[mtype]:
        registers = encode_registers(address, value)
        assert len(registers) == address.count
        assert all(0 <= r <= 0xFFFF for r in registers)
        decoded = decode_registers(address, registers)
        assert decoded.quality is Quality.GOOD
        if mtype is ModbusType.FLOAT32:  # shown to float32's 7 significant digits
            assert math.isclose(float(decoded.value), value, rel_tol=1e-7)  # type: ignore[arg-type]
        else:
            assert decoded.value == value
        assert type(decoded.value) is type(value)


def test_float32_and_scaled_values_read_as_an_operator_wrote_them() -> None:
    address = hr(ModbusType.FLOAT32, WordOrder.CDAB)
    assert decode_registers(address, encode_registers(address, 1.42)).value == 1.42
    scaled = parse_address("modbus://plc/1/hr/0?type=int16&scale=0.01")
    assert isinstance(scaled, ModbusAddress)
    assert decode_registers(scaled, [142]).value == 1.42  # not 1.4200000000000002


def test_16_bit_values_swap_bytes_for_badc_and_dcba() -> None:
    assert encode_registers(hr(ModbusType.UINT16, WordOrder.ABCD), 0x1234) == [0x1234]
    assert encode_registers(hr(ModbusType.UINT16, WordOrder.CDAB), 0x1234) == [0x1234]
    assert encode_registers(hr(ModbusType.UINT16, WordOrder.BADC), 0x1234) == [0x3412]
    assert encode_registers(hr(ModbusType.UINT16, WordOrder.DCBA), 0x1234) == [0x3412]


def test_engineering_value_is_raw_times_scale_plus_offset_and_back() -> None:
    address = hr(ModbusType.INT16, scale=0.01, value_offset=-10.0)
    assert decode_registers(address, [1234]).value == pytest.approx(2.34)
    assert encode_registers(address, 2.34) == [1234]
    assert encode_registers(address, -10.0) == [0]


@pytest.mark.parametrize("order", list(WordOrder))
def test_strings_round_trip_and_stop_at_nul(order: WordOrder) -> None:
    address = hr(ModbusType.STRING, order, length=7)
    registers = encode_registers(address, "PUMP 1")
    assert len(registers) == 4
    decoded = decode_registers(address, registers)
    assert decoded == ("PUMP 1", Quality.GOOD, "")
    assert decode_registers(address, encode_registers(address, "ABCDEFG")).value == "ABCDEFG"
    assert decode_registers(address, encode_registers(address, "")).value == ""


def test_string_first_character_is_the_high_byte() -> None:
    assert encode_registers(hr(ModbusType.STRING, length=2), "AB") == [0x4142]
    assert encode_registers(hr(ModbusType.STRING, WordOrder.BADC, length=2), "AB") == [0x4241]


def test_string_with_bad_bytes_is_uncertain_with_replacement_characters() -> None:
    address = hr(ModbusType.STRING, length=4)
    decoded = decode_registers(address, [0x41FF, 0x0142])
    assert decoded.value == "A\ufffd\ufffdB"
    assert decoded.quality is Quality.UNCERTAIN_SUBSTITUTE_VALUE
    assert "2 byte(s)" in decoded.reason


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize("mtype", [ModbusType.FLOAT32, ModbusType.FLOAT64])
def test_nan_and_inf_decode_to_bad_out_of_range(mtype: ModbusType, value: float) -> None:
    fmt = ">f" if mtype is ModbusType.FLOAT32 else ">d"
    registers = list(struct.unpack(f">{struct.calcsize(fmt) // 2}H", struct.pack(fmt, value)))
    decoded = decode_registers(hr(mtype), registers)
    assert decoded.quality is Quality.BAD_OUT_OF_RANGE
    assert decoded.value is None
    assert str(value) in decoded.reason


def test_scaled_overflow_is_bad_not_a_crash() -> None:
    address = hr(ModbusType.FLOAT64, scale=1e300)
    registers = encode_registers(hr(ModbusType.FLOAT64), 1e300)
    assert decode_registers(address, registers).quality is Quality.BAD_OUT_OF_RANGE


def test_decoding_never_mutates_its_input() -> None:
    registers = [0x47F1, 0x2000, 0x4142, 0x0000, 0x8001]
    frozen = list(registers)
    addresses = [
        hr(ModbusType.FLOAT32, WordOrder.CDAB, offset=10),
        hr(ModbusType.STRING, WordOrder.BADC, offset=12, length=4),
        hr(ModbusType.BOOL, offset=14, bit=15),
    ]
    BlockDecoder(10, addresses).decode(registers)
    assert registers == frozen


def test_block_decoder_reads_each_tag_at_its_offset() -> None:
    addresses = [
        hr(ModbusType.UINT16, offset=100),
        hr(ModbusType.FLOAT32, WordOrder.CDAB, offset=101),
        hr(ModbusType.BOOL, offset=103, bit=0),
        hr(ModbusType.BOOL, offset=103, bit=15),
        hr(ModbusType.INT16, offset=104),
    ]
    results = BlockDecoder(100, addresses).decode([7, 0x2000, 0x47F1, 0x8001, 0xFFFF])
    assert [value for value, _, _ in results] == [7, 123456.0, True, True, -1]


def test_block_decoder_gives_each_tag_its_data_type() -> None:
    addresses = [
        hr(ModbusType.UINT16, offset=0),
        hr(ModbusType.INT16, offset=1, scale=0.5),
        hr(ModbusType.UINT16, offset=2),
        hr(ModbusType.BOOL, offset=3, bit=0),
    ]
    types = [DataType.FLOAT, DataType.INT, DataType.BOOL, DataType.FLOAT]
    values = [r[0] for r in BlockDecoder(0, addresses, types).decode([7, 10, 2, 1])]
    assert values == [7.0, 5, True, True]
    assert [type(v) for v in values] == [float, int, bool, bool]
    assert [coerce(v, t) for v, t in zip([7, 5.0, 2, True], types, strict=True)] == values


def test_bool_in_register_reads_its_bit() -> None:
    assert decode_registers(hr(ModbusType.BOOL, bit=3), [0b1000]).value is True
    assert decode_registers(hr(ModbusType.BOOL, bit=2), [0b1000]).value is False


def test_set_bit_changes_only_that_bit() -> None:
    assert set_bit(0b1010, 0, True) == 0b1011
    assert set_bit(0xFFFF, 15, False) == 0x7FFF
    assert set_bit(0x0000, 15, True) == 0x8000


@pytest.mark.parametrize(
    ("mtype", "value", "words"),
    [
        (ModbusType.INT16, 32768, "outside int16 range"),
        (ModbusType.UINT16, -1, "outside uint16 range"),
        (ModbusType.UINT32, 2**32, "outside uint32 range"),
        (ModbusType.INT64, 2**63, "outside int64 range"),
        (ModbusType.INT16, 1.5, "not a whole number"),
        (ModbusType.FLOAT32, 1e39, "does not fit float32"),
        (ModbusType.FLOAT64, math.nan, "not a finite number"),
    ],
)
def test_encode_refuses_values_that_do_not_fit(mtype: ModbusType, value: float, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        encode_registers(hr(mtype), value)


def test_encode_refuses_scaled_values_that_do_not_fit() -> None:
    address = hr(ModbusType.INT16, scale=0.1)
    assert encode_registers(address, 12.3) == [123]
    with pytest.raises(ValueError, match=r"raw 123\.45"):
        encode_registers(address, 12.345)
    with pytest.raises(ValueError, match="outside int16"):
        encode_registers(address, 4000.0)


@pytest.mark.parametrize(
    ("address", "value", "misfit"),
    [
        (hr(ModbusType.UINT16), 65535, None),
        (hr(ModbusType.UINT16), 65536, "uint16: 0..65535"),
        (hr(ModbusType.INT32), -(2**31) - 1, "int32: -2147483648..2147483647"),
        (hr(ModbusType.INT16), 2.5, "int16: -32768..32767, whole numbers only"),
        (hr(ModbusType.FLOAT32), -1e39, "float32: -3.4028235e+38..3.4028235e+38"),
        (hr(ModbusType.FLOAT64), 1e300, None),
        (hr(ModbusType.INT16, scale=0.1), 3276.7, None),
        (
            hr(ModbusType.INT16, scale=0.1),
            3276.8,
            "int16: -32768..32767, raw 32768 at scale 0.1, offset 0",
        ),
        (
            hr(ModbusType.UINT16, scale=2, value_offset=-100),
            -120,
            "uint16: 0..65535, raw -10 at scale 2, offset -100",
        ),
    ],
)
def test_register_misfit_names_the_type_its_range_and_the_raw_value(
    address: ModbusAddress, value: float, misfit: str | None
) -> None:
    assert register_misfit(address, value) == misfit
    if misfit is not None:
        with pytest.raises(ValueError):
            encode_registers(address, value)


def test_register_range_is_for_numeric_types_only() -> None:
    assert register_range(ModbusType.UINT32) == "uint32: 0..4294967295"
    with pytest.raises(ValueError, match="string is not a numeric register type"):
        register_range(ModbusType.STRING)


def test_encode_refuses_strings_too_long_or_not_ascii_and_wrong_kinds() -> None:
    address = hr(ModbusType.STRING, length=3)
    with pytest.raises(ValueError, match="4 characters, the tag holds 3"):
        encode_registers(address, "ABCD")
    with pytest.raises(ValueError, match="outside ASCII"):
        encode_registers(address, "é")
    with pytest.raises(TypeError):
        encode_registers(address, 12)
    with pytest.raises(TypeError):
        encode_registers(hr(ModbusType.INT16), "12")


def test_encode_bit_takes_bools_and_0_or_1() -> None:
    assert encode_bit(True) is True
    assert encode_bit(0) is False
    with pytest.raises(TypeError):
        encode_bit(2)


def test_coerce_follows_the_tag_data_type_for_numbers_only() -> None:
    assert coerce(5, DataType.FLOAT) == 5.0
    assert isinstance(coerce(5, DataType.FLOAT), float)
    assert coerce(5.0, DataType.INT) == 5
    assert isinstance(coerce(5.0, DataType.INT), int)
    assert coerce(True, DataType.FLOAT) is True
    assert coerce("x", DataType.FLOAT) == "x"


def test_addresses_from_uris_decode_like_handmade_ones() -> None:
    address = parse_address("modbus://plc/1/hr/100?type=float32&order=CDAB&scale=0.5&offset=1")
    assert isinstance(address, ModbusAddress)
    assert decode_registers(address, [0x2000, 0x47F1]).value == 123456.0 * 0.5 + 1
