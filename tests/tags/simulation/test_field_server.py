"""The field server on the wire: register map, Modbus answers, OPC UA address space and writes.

A frozen plant (speed 0) on free loopback ports, read and written with plain pymodbus and
asyncua clients: what any third-party SCADA would see. The console's own drivers are tested
against it in test_field_server_e2e.py.
"""

from __future__ import annotations

import math
import struct
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from asyncua import Client, ua
from asyncua.ua.attribute_ids import AttributeIds
from pymodbus.client import AsyncModbusTcpClient
from pymodbus.pdu import ExceptionResponse

from tags.address import ModbusTable, ModbusType, WordOrder
from tags.config.project import SimulatorSettings
from tags.simulation.embedded import EmbeddedFieldServer
from tags.simulation.modbus_plc import check_map, decode, encode
from tags.simulation.opcua_namespace import NAMESPACES, served_source, ua_points, unit_id
from tags.simulation.register_doc import render_markdown
from tags.simulation.register_map import MappedPoint, mapped_points, modbus_point
from tags.simulation.simulator import PlantSimulator
from tests.paths import ROOT

REGISTER_MAP = ROOT / "resources" / "projects" / "demo" / "REGISTER_MAP.md"


# --- the definition ---------------------------------------------------------------------------


def test_the_committed_register_map_is_generated_from_the_definition() -> None:
    assert REGISTER_MAP.read_text(encoding="utf-8") == render_markdown(), (
        "regenerate: python3 -m tags.simulation.register_doc "
        "--out resources/projects/demo/REGISTER_MAP.md"
    )


def test_every_point_is_served_once_by_the_protocol_plants_md_gives_its_area() -> None:
    sim = PlantSimulator()
    assert check_map(sim) == []
    for model in sim.model_names():
        on_ua = {p.point for p in ua_points(model, sim.points(model))}
        for point in sim.points(model):
            on_modbus = modbus_point(model, point) is not None
            assert on_modbus != (point in on_ua), f"{model}/{point}"
            expected = "modbus" if model == "cwp" or point.startswith("RECT") else "opcua"
            assert served_source(model, point).startswith(f"{expected}://"), point


def test_both_word_orders_and_scaled_integers_are_used_on_the_coal_plant() -> None:
    cwp = [p for p in mapped_points() if p.connection == "plc-cwp"]
    assert {p.unit for p in cwp} == {1, 2}
    assert any(p.type is ModbusType.FLOAT32 and p.order is WordOrder.CDAB for p in cwp)
    assert any(p.type is ModbusType.INT16 and p.scale != 1.0 for p in cwp)
    rect = [p for p in mapped_points() if p.connection == "plc-rect"]
    assert {p.table for p in rect} == set(ModbusTable)


@pytest.mark.parametrize("scenario", [s.name for s in PlantSimulator().scenarios()])
def test_a_sensor_a_scenario_faults_is_float32_when_on_modbus(scenario: str) -> None:
    sim = PlantSimulator()
    sim.warm_up()
    sim.start_scenario(scenario)
    sim.advance(30.0)
    for model in sim.model_names():
        for point in sim.faults(model):
            mapped = modbus_point(model, point)
            assert mapped is None or mapped.type is ModbusType.FLOAT32, f"{model}/{point}"


def _point(model: str, point: str) -> MappedPoint:
    found = modbus_point(model, point)
    assert found is not None
    return found


def test_registers_follow_the_word_order_of_the_map() -> None:
    # PLANTS.md: 123456.0 as float32 is 0x47F12000
    assert encode(_point("cwp", "FEED.TPH"), 123456.0) == [0x2000, 0x47F1]  # CDAB
    assert encode(_point("emm", "RECT1.IDC"), 123456.0) == [0x47F1, 0x2000]  # ABCD
    assert decode(_point("cwp", "FEED.TPH"), [0x2000, 0x47F1], "float") == 123456.0
    nan = encode(_point("cwp", "CLEAN.ASH"), 10.0, faulted=True)
    assert math.isnan(struct.unpack(">f", struct.pack(">HH", nan[1], nan[0]))[0])


def test_scaled_integers_round_and_saturate() -> None:
    position = _point("cwp", "WATER_ADD.POS")  # int16, 0.1 %
    assert encode(position, 25.26) == [253]
    assert encode(position, -1.0) == [0xFFF6]
    assert encode(position, 1e9) == [32767]
    assert decode(position, [0xFFF6], "float") == pytest.approx(-1.0)
    assert decode(_point("cwp", "DMC.DENS.MODE"), [1], "int") == 1


# --- on the wire ------------------------------------------------------------------------------


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def served() -> AsyncIterator[EmbeddedFieldServer]:
    server = EmbeddedFieldServer(SimulatorSettings(speed=0.0))
    await server.start()
    yield server
    await server.stop()


def _port(server: EmbeddedFieldServer, connection: str) -> int:
    return next(e.port for e in server.endpoints if e.connection == connection)


@pytest_asyncio.fixture(loop_scope="module")
async def plc(served: EmbeddedFieldServer) -> AsyncIterator[AsyncModbusTcpClient]:
    client = AsyncModbusTcpClient("127.0.0.1", port=_port(served, "plc-cwp"), timeout=2)
    await client.connect()
    yield client
    client.close()


@pytest_asyncio.fixture(loop_scope="module")
async def dcs(served: EmbeddedFieldServer) -> AsyncIterator[Client]:
    async with Client(f"opc.tcp://127.0.0.1:{_port(served, 'dcs')}/") as client:
        yield client


def _exception(response: object) -> int | None:
    return response.exception_code if isinstance(response, ExceptionResponse) else None


@pytest.mark.slow  # the module's field server takes over a second to start
@pytest.mark.asyncio(loop_scope="module")
async def test_a_float32_input_register_holds_the_model_value(
    served: EmbeddedFieldServer, plc: AsyncModbusTcpClient
) -> None:
    density = _point("cwp", "DMC.DENS.PV")
    response = await plc.read_input_registers(density.offset, count=2, device_id=1)
    shown = decode(density, response.registers, "float")
    held = (await served.values("cwp"))["DMC.DENS.PV"]
    assert shown == pytest.approx(held, rel=1e-7)


@pytest.mark.slow  # the module's field server takes over a second to start
@pytest.mark.asyncio(loop_scope="module")
async def test_modbus_writes_the_process_refuses_get_exception_codes(
    served: EmbeddedFieldServer, plc: AsyncModbusTcpClient
) -> None:
    sp = _point("cwp", "DMC.DENS.SP")
    before = (await served.values("cwp"))["DMC.DENS.SP"]
    outside = encode(sp, 2.5)  # the model's limits are 1.3..1.8 g/cm³
    assert _exception(await plc.write_registers(sp.offset, outside, device_id=1)) == 3
    assert _exception(await plc.write_register(sp.offset, 0, device_id=1)) == 3  # half a float
    assert _exception(await plc.write_register(15, 0, device_id=1)) == 2  # no point there
    assert _exception(await plc.read_input_registers(0, count=2, device_id=9)) == 0x0B
    assert (await served.values("cwp"))["DMC.DENS.SP"] == before
    assert _exception(await plc.write_registers(sp.offset, encode(sp, 1.45), device_id=1)) is None
    assert (await served.values("cwp"))["DMC.DENS.SP"] == pytest.approx(1.45, rel=1e-7)


@pytest.mark.slow  # the module's field server takes over a second to start
@pytest.mark.asyncio(loop_scope="module")
async def test_the_address_space_is_area_unit_point_with_types_units_and_access(
    dcs: Client,
) -> None:
    namespaces = await dcs.get_namespace_array()
    for ns in NAMESPACES.values():
        assert namespaces[ns.index] == ns.uri
    objects = dcs.nodes.objects
    sp = await objects.get_child(["3:SCO2", "3:COMP", "3:IN_T", "3:SP"])
    assert sp.nodeid.to_string() == "ns=3;s=SCO2.COMP.IN_T.SP"
    assert await sp.read_data_type_as_variant_type() is ua.VariantType.Double
    access = await sp.read_attribute(AttributeIds.AccessLevel)
    assert access.Value is not None and access.Value.Value & ua.AccessLevel.CurrentWrite.mask
    units = await (await sp.get_child("0:EngineeringUnits")).read_value()
    assert units.DisplayName.Text == "°C" and units.UnitId == unit_id("°C") == 4408652
    pv = dcs.get_node("ns=3;s=SCO2.COMP.IN_T.PV")
    access = await pv.read_attribute(AttributeIds.AccessLevel)
    assert access.Value is not None and not access.Value.Value & ua.AccessLevel.CurrentWrite.mask
    run = dcs.get_node("ns=2;s=EMM.CIRC.P1.RUN")
    assert await run.read_value() is True
    assert await run.read_data_type_as_variant_type() is ua.VariantType.Boolean


@pytest.mark.slow  # the module's field server takes over a second to start
@pytest.mark.asyncio(loop_scope="module")
async def test_opcua_writes_go_to_the_model_or_get_a_bad_status(
    served: EmbeddedFieldServer, dcs: Client
) -> None:
    async def write(node_id: str, variant: ua.Variant) -> str:
        results = await dcs.uaclient.write_attributes(
            [ua.NodeId.from_string(node_id)],
            [ua.DataValue(Value=variant, StatusCode=None)],
            AttributeIds.Value,
        )
        return ua.StatusCode(results[0].value).name

    double = ua.VariantType.Double
    assert await write("ns=3;s=SCO2.COMP.IN_T.PV", ua.Variant(33.0, double)) == "BadNotWritable"
    assert await write("ns=3;s=SCO2.COMP.IN_T.SP", ua.Variant(50.0, double)) == "BadOutOfRange"
    float_ = ua.Variant(33.0, ua.VariantType.Float)
    assert await write("ns=3;s=SCO2.COMP.IN_T.SP", float_) == "BadTypeMismatch"
    assert await write("ns=3;s=SCO2.COMP.IN_T.OP", ua.Variant(50.0, double)) == "BadInvalidState"
    assert (await served.values("sco2"))["COMP.IN_T.SP"] == 33.0
    assert await write("ns=3;s=SCO2.COMP.IN_T.SP", ua.Variant(34.0, double)) == "Good"
    assert (await served.values("sco2"))["COMP.IN_T.SP"] == 34.0
    sp = dcs.get_node("ns=3;s=SCO2.COMP.IN_T.SP")
    assert await sp.read_value() == 34.0
