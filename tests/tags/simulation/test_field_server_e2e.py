"""End to end: the demo project read through the console's own Modbus and OPC UA drivers.

One Runtime on the demo project (data folder in tmp) starts the embedded field server on
free loopback ports and reads it. The plant is frozen (speed 0), so every tag can be compared
with the value its model holds, and no scan class is slower than 1 s (quicker first values).
Writes go through ``TagDatabase.write`` as an operator.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import math
import time
from collections.abc import AsyncIterator, Callable

import pytest
import pytest_asyncio

from tags.address import ModbusAddress, ModbusType, Scheme
from tags.config.project import load_project
from tags.mode import Mode
from tags.model import DataType, Quality, TagDef, TagSample
from tags.runtime import Runtime
from tags.security.permissions import Role, User
from tags.simulation.embedded import EmbeddedFieldServer
from tags.write_path import WriteResult, WriteStatus
from tests.paths import DEMO_PROJECT
from tests.waiting import GENEROUS, until

OPERATOR = User("olga", Role.OPERATOR)
ALL_GOOD_WITHIN = 8.0  # s: field server start-up and the first value of every tag

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.slow]  # a running plant


@dataclasses.dataclass
class Running:
    runtime: Runtime
    server: EmbeddedFieldServer
    seconds_to_all_good: float


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def demo(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Running]:
    project = load_project(DEMO_PROJECT)
    frozen = dataclasses.replace(project.simulator, speed=0.0)
    # the slow class (5 s) would only delay the first OPC UA values: scan it every second
    tags = {
        name: dataclasses.replace(tag, scan_period=min(tag.scan_period, 1.0))
        for name, tag in project.tags.items()
    }
    project = dataclasses.replace(project, simulator=frozen, tags=tags)
    runtime = Runtime(project, tmp_path_factory.mktemp("data"))
    started = time.monotonic()
    await runtime.start()
    try:
        assert runtime.field_server is not None
        names = list(runtime.project.tags)
        while not all(runtime.db.get(n).quality.is_good for n in names):
            if time.monotonic() - started > ALL_GOOD_WITHIN:
                break
            await asyncio.sleep(0.05)
        yield Running(runtime, runtime.field_server, time.monotonic() - started)
    finally:
        await runtime.stop()


async def write_when_fresh(demo: Running, name: str, value: float) -> WriteResult:
    """The write, sent when the value is fresh: a starved event loop (a loaded machine) may
    let it go stale for a moment, and the write path then refuses it, as it should; the
    operator writes again."""
    db = demo.runtime.db
    deadline = time.monotonic() + GENEROUS
    while True:
        await until(lambda: db.get(name).quality.is_good and not db.is_stale(name))
        result = await demo.runtime.writes.write(name, value, user=OPERATOR, reason="test")
        stale = result.status is WriteStatus.REFUSED and "stale" in result.reason
        if not stale or time.monotonic() > deadline:
            return result


def _model_point(tag: TagDef) -> tuple[str, str]:
    area, _, point = tag.name.partition(".")
    return area.lower(), point


def _resolution(tag: TagDef) -> float:
    address = tag.address
    if isinstance(address, ModbusAddress) and address.type is not ModbusType.FLOAT32:
        return abs(address.scale) / 2 + 1e-9
    return 0.0


async def test_every_demo_tag_is_good_through_the_real_drivers(demo: Running) -> None:
    db = demo.runtime.db

    def bad() -> dict[str, str]:
        return {
            name: f"{db.get(name).quality.label} {db.get(name).reason}"
            for name in demo.runtime.project.tags
            if not db.get(name).quality.is_good
        }

    # a starved event loop (a loaded machine) may let a value go stale for a moment
    with contextlib.suppress(TimeoutError):
        await until(lambda: not bad())
    assert bad() == {}
    assert demo.seconds_to_all_good < ALL_GOOD_WITHIN
    schemes = {t.address.scheme for t in demo.runtime.project.tags.values()}
    assert schemes == {Scheme.MODBUS, Scheme.OPCUA}
    assert demo.runtime.mode is Mode.SIMULATION


async def test_an_unchanging_value_marked_stale_is_good_again_on_the_next_keep_alive(
    demo: Running,
) -> None:
    """The plant is frozen: no data change comes, only keep-alives prove the value current."""
    db = demo.runtime.db
    name = "SCO2.COMP.IN_T.SP"  # OPC UA: reported by exception
    await until(lambda: db.get(name).quality.is_good)
    now = db.clock.now()
    marked = db.get(name).with_quality(Quality.UNCERTAIN_LAST_USABLE_VALUE, "stale: test", now)
    db.mark_stale({name: marked})  # what the stale check does after a starved moment
    await until(lambda: db.get(name).quality.is_good)
    assert db.get(name).value == marked.value and db.get(name).reason == ""


async def test_connections_point_at_the_ports_the_field_server_bound(demo: Running) -> None:
    bound = {e.connection: e.port for e in demo.server.endpoints}
    connections = demo.runtime.project.connections
    assert connections["plc-cwp"].endpoint == f"127.0.0.1:{bound['plc-cwp']}"
    assert connections["plc-rect"].endpoint == f"127.0.0.1:{bound['plc-rect']}"
    assert connections["dcs"].endpoint == f"opc.tcp://127.0.0.1:{bound['dcs']}/"
    assert 5020 not in bound.values() and 4840 not in bound.values()  # free ports, not the file's


async def test_every_demo_tag_shows_the_value_its_model_holds(demo: Running) -> None:
    models = {m: await demo.server.values(m) for m in ("emm", "cwp", "sco2")}
    wrong = []
    for name, tag in demo.runtime.project.tags.items():
        model, point = _model_point(tag)
        held, shown = models[model][point], demo.runtime.db.get(name).value
        if tag.data_type is DataType.FLOAT:  # float32 reads as its 7 significant digits
            assert isinstance(shown, float)
            ok = math.isclose(shown, float(held), rel_tol=1e-6, abs_tol=_resolution(tag))
        else:
            ok = shown == held and type(shown) is type(held)
        if not ok:
            wrong.append(f"{name}: console {shown!r}, model {held!r} ({tag.source})")
    assert wrong == []


async def test_at_steady_state_every_demo_tag_is_inside_its_normal_band(demo: Running) -> None:
    outside = []
    for name, tag in demo.runtime.project.tags.items():
        if tag.normal_low is None or tag.normal_high is None:
            continue
        value = demo.runtime.db.get(name).value
        assert isinstance(value, int | float)
        if not tag.normal_low <= value <= tag.normal_high:
            outside.append(f"{name} = {value:g} not in [{tag.normal_low}, {tag.normal_high}]")
    assert outside == []


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CWP.DMC.DENS.SP", 1.44),  # float32 CDAB holding registers, FC16
        ("CWP.FLOT.COLLECTOR.SP", 1.2),  # int16 scaled by 0.001 on unit 2
        ("EMM.RECT2.IDC_SP", 9.8),  # float32 ABCD on the rectifier PLC
        ("SCO2.COMP.IN_T.SP", 33.5),  # OPC UA Double
        ("EMM.FEED.FLOW.SP", 55.0),  # OPC UA, the other namespace
    ],
)
async def test_an_operator_setpoint_reaches_the_model_and_is_read_back(
    demo: Running, name: str, value: float
) -> None:
    result = await write_when_fresh(demo, name, value)
    assert result.status is WriteStatus.CONFIRMED, result.reason
    model, point = _model_point(demo.runtime.project.tags[name])
    held = (await demo.server.values(model))[point]
    assert math.isclose(float(held), value, rel_tol=1e-6)
    assert math.isclose(float(demo.runtime.db.get(name).value or 0.0), value, rel_tol=1e-6)


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("CWP.DMC.DENS.OP", "exception 03"),  # the controller is in AUTO: OP is not writable
        ("SCO2.COMP.IN_T.OP", "BadInvalidState"),
    ],
)
async def test_a_write_the_model_refuses_fails_with_the_protocols_reason(
    demo: Running, name: str, why: str
) -> None:
    model, point = _model_point(demo.runtime.project.tags[name])
    before = (await demo.server.values(model))[point]
    result = await write_when_fresh(demo, name, 12.5)
    assert result.status is WriteStatus.FAILED
    assert why in result.reason
    assert (await demo.server.values(model))[point] == before
    db = demo.runtime.db
    refused_at = db.clock.now()  # a poll (or keep-alive) later, the console shows the model's
    await until(lambda: db.clock.now() - db.age(name) > refused_at)
    shown = db.get(name).value
    assert isinstance(shown, float) and math.isclose(shown, float(before), rel_tol=1e-6)


async def test_the_analyser_fault_scenario_shows_as_bad_quality_at_the_console(
    demo: Running,
) -> None:
    db = demo.runtime.db

    async def wait_for(name: str, condition: Callable[[TagSample], bool]) -> TagSample:
        deadline = time.monotonic() + GENEROUS
        while not condition(db.get(name)):
            assert time.monotonic() < deadline, f"{name}: {db.get(name)}"
            await asyncio.sleep(0.05)
        return db.get(name)

    await demo.server.set_speed(10.0)  # the analyser status is updated once a plant second
    await demo.server.start_scenario("cwp-analyser-fault")
    try:
        sample = await wait_for("CWP.CLEAN.ASH", lambda s: not s.quality.is_good)
        assert sample.quality is Quality.BAD_OUT_OF_RANGE
        assert "nan" in sample.reason
        await wait_for("CWP.ASH_ANALYSER.STATUS", lambda s: s.value == 1)  # 1: source fault
        assert db.get("CWP.FEED.ASH").quality.is_good  # only the faulted transmitter
    finally:
        await demo.server.stop_scenario("cwp-analyser-fault")
        await demo.server.set_speed(0.0)
    await wait_for("CWP.CLEAN.ASH", lambda s: s.quality.is_good)
