"""Simulated tags in the engine, on a manual clock: a tag on a signal generator or on the plant
model shows the source's values (Good_LocalOverride, "simulated: <source> by <user>") while its
neighbours keep their field values; its field value is held and comes back on release; field
writes are refused; put and release are audited; bad sources are named."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tags.clock import ManualClock
from tags.config.project import Project, load_project
from tags.database import TagDatabase
from tags.forcing.force import FORCED_QUALITY
from tags.forcing.sources import SimulatedSources
from tags.forcing.store import SqliteForceStore
from tags.forcing.table import SIMULATE, ForceRefused, ForceTable
from tags.model import Quality, TagSample
from tags.security.audit import AuditTrail
from tags.security.permissions import Role, User
from tags.simulation.simulator import PlantSimulator
from tags.write_path import WritePath, WriteStatus
from tests.paths import DEMO_PROJECT, SIGNALS_PROJECT

ENGINEER = User("erin", Role.ENGINEER)
SINE_SOURCE = "sim://signal/sine?low=20&high=80&period=40"


class Bench:
    """A project's tag database on a manual clock, forces on a SQLite store and trail."""

    def __init__(self, project: Project, folder: Path) -> None:
        self.clock = ManualClock()
        self.db = TagDatabase(project.tags, self.clock)
        self.store = SqliteForceStore.in_data_dir(folder)
        self.audit = AuditTrail(folder / "audit.db", self.clock)
        self.forces = ForceTable(self.db, self.store, self.audit)

    def field(self, name: str, value: float) -> None:
        now = self.clock.now()
        self.db.publish({name: TagSample(value, Quality.GOOD, now, now)})

    def close(self) -> None:
        self.store.close()
        self.audit.close()


@pytest.fixture
def bench(tmp_path: Path) -> Iterator[Bench]:
    made = Bench(load_project(SIGNALS_PROJECT), tmp_path)
    yield made
    made.close()


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Bench]:
    made = Bench(load_project(DEMO_PROJECT), tmp_path)
    yield made
    made.close()


def test_a_tag_on_a_sine_moves_while_its_neighbour_keeps_the_field_value(bench: Bench) -> None:
    bench.field("TST.GEN.SINE", 12.0)
    bench.field("TST.GEN.RAMP", 3.0)
    force = bench.forces.simulate("TST.GEN.SINE", SINE_SOURCE, user=ENGINEER, reason="no TT")
    assert force.simulated and force.source == SINE_SOURCE
    shown = []
    for _ in range(4):
        sample = bench.db.get("TST.GEN.SINE")
        expected = 50 + 30 * math.sin(2 * math.pi * (bench.clock.now() / 40 % 1.0))
        assert sample.value == pytest.approx(expected)
        assert sample.quality is FORCED_QUALITY
        assert sample.reason == f"simulated: {SINE_SOURCE} by erin until released: no TT"
        shown.append(sample.value)
        bench.field("TST.GEN.SINE", 12.0)  # the field's samples keep coming: held aside
        bench.clock.advance(7.0)
        assert bench.forces.step() == 1
    assert len(set(shown)) == 4
    assert bench.db.get("TST.GEN.RAMP")[:2] == (3.0, Quality.GOOD)
    assert bench.db.held("TST.GEN.SINE") is not None

    bench.field("TST.GEN.SINE", 17.0)
    bench.forces.release("TST.GEN.SINE", user=ENGINEER, reason="TT wired")
    assert bench.db.get("TST.GEN.SINE")[:2] == (17.0, Quality.GOOD)
    bench.clock.advance(5.0)
    assert bench.forces.step() == 0
    (put,) = bench.audit.query(action=SIMULATE)
    assert (put.user, put.tag, put.new, put.old, put.result) == (
        "erin", "TST.GEN.SINE", SINE_SOURCE, "12.0", "simulated",
    )  # fmt: skip
    (released,) = bench.audit.query(action="force_release")
    assert released.reason == "TT wired" and released.detail.startswith("simulated: sim://")


def test_a_tag_moves_at_its_scan_period(bench: Bench) -> None:
    bench.forces.simulate("TST.GEN.RAMP", "sim://signal/ramp?low=0&high=10&period=100",
                          user=ENGINEER, reason="check")  # fmt: skip
    period = bench.db.tags["TST.GEN.RAMP"].scan_period
    bench.clock.advance(period / 2)
    assert bench.forces.step() == 0
    bench.clock.advance(period / 2)
    assert bench.forces.step() == 1


@pytest.mark.asyncio
async def test_a_field_write_is_refused_while_simulated(bench: Bench) -> None:
    bench.field("TST.FIC1.SP", 50.0)
    bench.forces.simulate("TST.FIC1.SP", "sim://signal/constant?value=55", user=ENGINEER,
                          reason="loop check")  # fmt: skip
    writes = WritePath(bench.db, audit=bench.audit)
    result = await writes.write("TST.FIC1.SP", 60.0, user=ENGINEER, reason="try")
    assert result.status is WriteStatus.REFUSED
    assert "simulated: sim://signal/constant?value=55 by erin" in result.reason
    assert "release the force" in result.reason


def test_bad_sources_are_named_and_audited(bench: Bench) -> None:
    cases = {
        "sim://signal/sawtooth": "unknown signal shape 'sawtooth'",
        "sim://signal/sine?low=5&high=1": "sine: low must be below high",
        "sim://signal/sine?amplitude=3": "sine has no parameter 'amplitude'",
        "sine": "expected scheme://connection/path",
        "modbus://plc/1/hr/0": "a sim:// address or 'model'",
        "model": "the plant model has no value for TST.GEN.SINE",
        "sim://signal/sine?low=0&high=150": "outside the range: 150.00 % is above TST.GEN.SINE",
        "sim://cwp/NO.SUCH.POINT": "not a signal (sim://signal/<shape>) nor a plant model point",
    }
    for source, message in cases.items():
        with pytest.raises(ForceRefused, match=re.escape(message)):
            bench.forces.simulate("TST.GEN.SINE", source, user=ENGINEER, reason="r")
    with pytest.raises(ForceRefused, match=r"TST\.LABEL holds text"):
        bench.forces.simulate("TST.LABEL", SINE_SOURCE, user=ENGINEER, reason="r")
    with pytest.raises(ForceRefused, match=r"may not|not allowed|cannot|permission"):
        bench.forces.simulate("TST.GEN.SINE", SINE_SOURCE, user=User("olga", Role.OPERATOR),
                              reason="r")  # fmt: skip
    assert bench.forces.forces() == []
    assert len(bench.audit.query(action="force_refused")) == len(cases) + 2


def test_an_area_on_the_model_shows_the_models_values_and_runs_it_only_while_needed(
    demo: Bench,
) -> None:
    names = sorted(n for n, t in demo.db.tags.items() if t.area == "CWP")
    for name in names:
        demo.forces.simulate(name, "model", user=ENGINEER, reason="plant not running")
    assert demo.forces.sources.running_models() == ["cwp"]
    model = PlantSimulator(models=["cwp"])  # the same model, from the same seed
    model.warm_up()
    for _ in range(3):
        demo.clock.advance(2.0)
        model.advance(2.0)
        demo.forces.step()
        density = demo.db.get("CWP.DMC.DENS.PV")
        assert density.quality is FORCED_QUALITY
        assert density.reason.startswith("simulated: model by erin")
        assert density.value == pytest.approx(model.values("cwp")["DMC.DENS.PV"])
    assert {demo.db.get(n).quality for n in names} == {FORCED_QUALITY}
    assert demo.db.get("EMM.RECT1.IDC").quality is not FORCED_QUALITY  # the rest: the field
    for name in names:
        demo.forces.release(name, user=ENGINEER, reason="running")
    assert demo.forces.sources.running_models() == []


def test_a_tag_on_another_model_point_and_a_fixed_force_replacing_a_simulation(
    demo: Bench,
) -> None:
    sources = demo.forces.sources
    assert isinstance(sources, SimulatedSources)
    demo.forces.simulate("EMM.RECT1.IDC", "sim://emm/RECT2.IDC", user=ENGINEER, reason="twin")
    assert sources.running_models() == ["emm"]
    demo.forces.force("EMM.RECT1.IDC", 10.0, user=ENGINEER, reason="fixed now")
    assert sources.running_models() == []
    sample = demo.db.get("EMM.RECT1.IDC")
    assert (sample.value, sample.reason) == (10.0, "forced by erin until released: fixed now")
