"""Source URIs: the scheme picks the driver, the rest says where the value lives and how."""

from __future__ import annotations

import re

import pytest

from tags.address import (
    AddressError,
    ModbusAddress,
    ModbusTable,
    ModbusType,
    OpcUaAddress,
    Scheme,
    SimAddress,
    WordOrder,
    parse_address,
)


def modbus(uri: str) -> ModbusAddress:
    address = parse_address(uri)
    assert isinstance(address, ModbusAddress)
    return address


def refused(uri: str, reason: str) -> None:
    """The URI is refused, and the message quotes the URI and gives the reason."""
    with pytest.raises(AddressError) as error:
        parse_address(uri)
    assert str(error.value) == f"'{uri}': {reason}"


# Modbus: tables, types, orders -----------------------------------------------------------


def test_modbus_uri_from_the_design_parses_every_part() -> None:
    address = modbus("modbus://plc-cwp/1/hr/100?type=float32&order=CDAB&scale=0.01&offset=5")
    assert address == ModbusAddress(
        connection="plc-cwp",
        unit=1,
        table=ModbusTable.HOLDING_REGISTER,
        offset=100,
        type=ModbusType.FLOAT32,
        order=WordOrder.CDAB,
        bit=None,
        length=0,
        scale=0.01,
        value_offset=5.0,
    )
    assert address.count == 2


@pytest.mark.parametrize(
    ("text", "table"),
    [
        ("co", ModbusTable.COIL),
        ("di", ModbusTable.DISCRETE_INPUT),
        ("hr", ModbusTable.HOLDING_REGISTER),
        ("ir", ModbusTable.INPUT_REGISTER),
    ],
)
def test_each_table_is_named_by_two_letters(text: str, table: ModbusTable) -> None:
    assert modbus(f"modbus://plc/2/{text}/5").table is table


def test_bit_tables_default_to_bool_and_register_tables_to_uint16() -> None:
    assert modbus("modbus://plc/2/co/5").type is ModbusType.BOOL
    assert modbus("modbus://plc/2/di/5").type is ModbusType.BOOL
    assert modbus("modbus://plc/2/hr/5").type is ModbusType.UINT16
    assert modbus("modbus://plc/2/ir/5").type is ModbusType.UINT16


def test_only_coils_and_holding_registers_are_writable() -> None:
    assert [t for t in ModbusTable if t.is_writable] == [
        ModbusTable.COIL,
        ModbusTable.HOLDING_REGISTER,
    ]


@pytest.mark.parametrize(
    ("type_text", "count"),
    [
        ("int16", 1),
        ("uint16", 1),
        ("int32", 2),
        ("uint32", 2),
        ("float32", 2),
        ("int64", 4),
        ("float64", 4),
    ],
)
def test_each_numeric_type_occupies_its_number_of_registers(type_text: str, count: int) -> None:
    address = modbus(f"modbus://plc/1/hr/10?type={type_text}")
    assert address.type is ModbusType(type_text)
    assert address.count == count


def test_a_bit_table_value_occupies_one_bit() -> None:
    assert modbus("modbus://plc/1/co/10").count == 1


@pytest.mark.parametrize("order", ["ABCD", "CDAB", "BADC", "DCBA"])
def test_each_word_order_is_accepted(order: str) -> None:
    assert modbus(f"modbus://plc/1/hr/0?type=int32&order={order}").order is WordOrder(order)


def test_word_order_is_not_case_sensitive() -> None:
    assert modbus("modbus://plc/1/hr/0?type=int32&order=cdab").order is WordOrder.CDAB


def test_word_order_defaults_to_big_endian() -> None:
    assert modbus("modbus://plc/1/hr/0?type=int32").order is WordOrder.ABCD


def test_bool_in_a_register_names_its_bit() -> None:
    address = modbus("modbus://plc/1/hr/7?type=bool&bit=15")
    assert (address.type, address.bit, address.count) == (ModbusType.BOOL, 15, 1)


def test_string_takes_its_length_in_characters_two_per_register() -> None:
    address = modbus("modbus://plc/1/hr/20?type=string&len=5")
    assert (address.type, address.length, address.count) == (ModbusType.STRING, 5, 3)
    assert modbus("modbus://plc/1/hr/20?type=string&len=6").count == 3


def test_scale_and_offset_default_to_identity() -> None:
    address = modbus("modbus://plc/1/hr/0")
    assert (address.scale, address.value_offset) == (1.0, 0.0)


def test_negative_offset_is_allowed() -> None:
    address = modbus("modbus://plc/1/hr/0?type=int16&scale=0.5&offset=-273.15")
    assert (address.scale, address.value_offset) == (0.5, -273.15)


def test_negative_scale_is_refused() -> None:
    refused(
        "modbus://plc/1/hr/5?type=int16&scale=-0.1",
        "scale -0.1 must be above 0 (a negative scale turns the value upside down:"
        " range, alarm and write limits would read reversed)",
    )


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "NaN", "infinity"])
def test_scale_or_offset_that_is_not_finite_is_refused(text: str) -> None:
    refused(f"modbus://plc/1/hr/0?scale={text}", f"scale '{text}' is not a finite number")
    refused(f"modbus://plc/1/hr/0?offset={text}", f"offset '{text}' is not a finite number")


def test_last_register_can_hold_a_value_that_fits() -> None:
    assert modbus("modbus://plc/1/hr/65535").offset == 65535
    assert modbus("modbus://plc/1/hr/65534?type=float32").offset == 65534


def test_unit_ids_cover_0_to_255() -> None:
    assert modbus("modbus://gw/0/hr/0").unit == 0
    assert modbus("modbus://gw/255/hr/0").unit == 255


# Modbus: document addresses --------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "table", "offset"),
    [
        ("40001", ModbusTable.HOLDING_REGISTER, 0),
        ("40101", ModbusTable.HOLDING_REGISTER, 100),
        ("30001", ModbusTable.INPUT_REGISTER, 0),
        ("30010", ModbusTable.INPUT_REGISTER, 9),
        ("10001", ModbusTable.DISCRETE_INPUT, 0),
        ("00001", ModbusTable.COIL, 0),
        ("00017", ModbusTable.COIL, 16),
        ("400001", ModbusTable.HOLDING_REGISTER, 0),
        ("465536", ModbusTable.HOLDING_REGISTER, 65535),
        ("300101", ModbusTable.INPUT_REGISTER, 100),
        ("100001", ModbusTable.DISCRETE_INPUT, 0),
        ("000001", ModbusTable.COIL, 0),
    ],
)
def test_document_address_is_translated_to_table_and_zero_based_offset(
    document: str, table: ModbusTable, offset: int
) -> None:
    address = modbus(f"modbus://plc/3/{document}")
    assert (address.unit, address.table, address.offset) == (3, table, offset)


def test_document_address_takes_the_same_parameters() -> None:
    address = modbus("modbus://plc/1/40101?type=int16&scale=0.1")
    assert (address.table, address.offset, address.type, address.scale) == (
        ModbusTable.HOLDING_REGISTER,
        100,
        ModbusType.INT16,
        0.1,
    )


def test_document_address_zero_is_refused() -> None:
    refused("modbus://plc/1/40000", "'40000' is not a valid document address")


def test_document_address_with_an_unknown_table_digit_is_refused() -> None:
    refused("modbus://plc/1/20001", "'20001' is not a valid document address")


def test_four_digit_number_is_neither_document_address_nor_table() -> None:
    refused(
        "modbus://plc/1/4001",
        "'4001' is neither a document address (40001) nor a table/offset pair",
    )


# Modbus: errors --------------------------------------------------------------------------


def test_uri_without_scheme_is_refused() -> None:
    refused("plc/1/hr/0", "expected scheme://connection/path (modbus, opcua or sim)")


def test_unknown_scheme_is_refused_naming_the_known_ones() -> None:
    refused("s7://plc/DB1.DBW0", "unknown scheme 's7' (expected one of modbus, opcua, sim)")


def test_modbus_without_connection_is_refused() -> None:
    refused("modbus:///1/hr/0", "missing connection name")


def test_modbus_path_with_the_wrong_number_of_parts_is_refused() -> None:
    refused("modbus://plc/1/hr/0/9", "expected /<unit id>/<co|di|hr|ir>/<offset>")


def test_unknown_table_is_refused() -> None:
    refused("modbus://plc/1/xx/0", "unknown table 'xx' (expected co, di, hr or ir)")


@pytest.mark.parametrize(
    ("unit", "reason"),
    [
        ("256", "unit id 256 outside 0..255"),
        ("-1", "unit id -1 outside 0..255"),
        ("one", "unit id 'one' is not a whole number"),
    ],
)
def test_bad_unit_id_is_refused(unit: str, reason: str) -> None:
    refused(f"modbus://plc/{unit}/hr/0", reason)


@pytest.mark.parametrize(
    ("offset", "reason"),
    [
        ("65536", "offset 65536 outside 0..65535"),
        ("-1", "offset -1 outside 0..65535"),
        ("1e3", "offset '1e3' is not a whole number"),
    ],
)
def test_offset_out_of_range_is_refused(offset: str, reason: str) -> None:
    refused(f"modbus://plc/1/hr/{offset}", reason)


def test_value_running_past_register_65535_is_refused() -> None:
    refused("modbus://plc/1/hr/65535?type=float32", "value runs past register 65535")
    refused("modbus://plc/1/hr/65533?type=float64", "value runs past register 65535")


def test_unknown_type_is_refused() -> None:
    refused("modbus://plc/1/hr/0?type=float16", "unknown type 'float16'")


def test_unknown_word_order_is_refused() -> None:
    refused(
        "modbus://plc/1/hr/0?type=int32&order=ACBD",
        "unknown word order 'ACBD' (ABCD, CDAB, BADC or DCBA)",
    )


def test_bool_in_a_register_without_bit_is_refused() -> None:
    refused("modbus://plc/1/hr/0?type=bool", "a bool in a register needs bit=0..15")


def test_bit_past_15_is_refused() -> None:
    refused("modbus://plc/1/hr/0?type=bool&bit=16", "bit 16 outside 0..15")


def test_bit_on_a_coil_is_refused() -> None:
    refused("modbus://plc/1/co/5?bit=3", "bit= needs type=bool on a register table")


def test_bit_on_a_numeric_register_is_refused() -> None:
    refused("modbus://plc/1/hr/5?type=uint16&bit=3", "bit= needs type=bool on a register table")


def test_numeric_type_on_a_bit_table_is_refused() -> None:
    refused("modbus://plc/1/di/5?type=uint16", "coils and discrete inputs hold bool, not uint16")


def test_string_without_len_is_refused() -> None:
    refused("modbus://plc/1/hr/0?type=string", "type=string needs len=<characters>")


def test_string_len_outside_1_to_250_is_refused() -> None:
    refused("modbus://plc/1/hr/0?type=string&len=0", "len 0 outside 1..250")
    refused("modbus://plc/1/hr/0?type=string&len=251", "len 251 outside 1..250")


def test_len_on_a_number_is_refused() -> None:
    refused("modbus://plc/1/hr/0?type=int16&len=4", "len= applies only to type=string")


def test_unknown_parameter_is_refused_listing_the_known_ones() -> None:
    with pytest.raises(AddressError) as error:
        parse_address("modbus://plc/1/hr/0?type=int16&swap=1")
    message = str(error.value)
    assert message.startswith("'modbus://plc/1/hr/0?type=int16&swap=1': unknown parameter 'swap'")
    for known in ("type", "order", "bit", "len", "scale", "offset"):
        assert f"'{known}'" in message


def test_parameter_given_twice_is_refused() -> None:
    refused("modbus://plc/1/hr/0?type=int16&type=int32", "parameter 'type' given twice")


def test_scale_zero_is_refused() -> None:
    refused("modbus://plc/1/hr/0?scale=0", "scale must not be 0")
    refused("modbus://plc/1/hr/0?type=int16&scale=-0.0", "scale must not be 0")


def test_scale_that_is_not_a_number_is_refused() -> None:
    refused("modbus://plc/1/hr/0?scale=tenth", "scale 'tenth' is not a number")


def test_address_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=re.escape("unknown table 'xx'")):
        parse_address("modbus://plc/1/xx/0")


# OPC UA ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "node_id", ["ns=2;s=SCO2.COMP.IN_T", "i=2258", "ns=3;i=1001", "ns=2;s=Line/1/Speed"]
)
def test_opcua_keeps_the_node_id_as_written(node_id: str) -> None:
    assert parse_address(f"opcua://dcs/{node_id}") == OpcUaAddress("dcs", node_id)


def test_opcua_without_connection_is_refused() -> None:
    refused("opcua:///ns=2;s=X", "missing connection name")


def test_opcua_without_node_id_is_refused() -> None:
    refused("opcua://dcs", "expected a node id such as ns=2;s=Area.Unit.Point")
    refused("opcua://dcs/Temperature", "expected a node id such as ns=2;s=Area.Unit.Point")


# sim ------------------------------------------------------------------------------------


def test_sim_signal_keeps_its_parameters_as_text() -> None:
    address = parse_address("sim://signal/sine?period=60&low=1&high=5")
    assert isinstance(address, SimAddress)
    assert (address.model, address.point) == ("signal", "sine")
    assert dict(address.params) == {"period": "60", "low": "1", "high": "5"}
    assert address.connection == "sim:signal"


def test_sim_memory_point_and_initial_value() -> None:
    address = parse_address("sim://memory/EMM.FEED.FLOW.SP?initial=55")
    assert address == SimAddress("memory", "EMM.FEED.FLOW.SP", {"initial": "55"})


def test_sim_plant_point_has_no_parameters() -> None:
    address = parse_address("sim://cwp/DMC.DENS")
    assert isinstance(address, SimAddress)
    assert (address.model, address.point, dict(address.params)) == ("cwp", "DMC.DENS", {})


def test_sim_parameters_cannot_be_changed_after_parsing() -> None:
    address = parse_address("sim://signal/constant?value=1")
    assert isinstance(address, SimAddress)
    with pytest.raises(TypeError):
        address.params["value"] = "2"  # type: ignore[index]


def test_sim_without_model_is_refused() -> None:
    refused("sim:///x", "missing model (signal, memory or a plant name)")


def test_sim_without_point_is_refused() -> None:
    refused("sim://cwp", "missing point name after the model")


def test_sim_parameter_given_twice_is_refused() -> None:
    refused("sim://signal/sine?low=1&low=2", "parameter 'low' given twice")


@pytest.mark.parametrize(
    ("uri", "scheme"),
    [
        ("modbus://plc/1/hr/0", Scheme.MODBUS),
        ("opcua://dcs/ns=2;s=A.B", Scheme.OPCUA),
        ("sim://memory/A.B", Scheme.SIM),
    ],
)
def test_every_address_carries_the_scheme_of_its_uri(uri: str, scheme: Scheme) -> None:
    assert parse_address(uri).scheme is scheme
