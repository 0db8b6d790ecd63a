"""The demo project's alarms against the plant simulator: at steady state none is active."""

from __future__ import annotations

import pytest

from tags.alarms.engine import AlarmEngine, AlarmView
from tags.clock import ManualClock
from tags.config.project import Project, load_project
from tags.model import Quality, TagSample
from tags.simulation.opcua_namespace import served_source
from tags.simulation.simulator import PlantSimulator
from tests.paths import DEMO_PROJECT


def feed(
    project: Project, sim: PlantSimulator, engine: AlarmEngine, clock: ManualClock, seconds: int
) -> None:
    """Run the plant and the alarm engine together, one batch a plant second."""
    points: dict[str, list[tuple[str, str]]] = {}
    for tag in project.tags.values():  # the field server serves point P of model m as M.P
        area, _, point = tag.name.partition(".")
        model = area.lower()
        if model in sim.model_names() and tag.source == served_source(model, point):
            points.setdefault(model, []).append((tag.name, point))
    assert sum(len(p) for p in points.values()) == len(project.tags)
    for _ in range(seconds):
        sim.advance(1.0)
        clock.advance(1.0)
        now = clock.now()
        batch: dict[str, TagSample] = {}
        for model, pairs in points.items():
            values, faults = sim.values(model), sim.faults(model)
            for name, point in pairs:
                quality, reason = faults.get(point, (Quality.GOOD, ""))
                batch[name] = TagSample(values[point], quality, now, now, reason)
        engine.evaluate(batch)
        engine.tick()


@pytest.mark.slow
def test_no_demo_alarm_is_raised_at_the_simulators_steady_state() -> None:
    project = load_project(DEMO_PROJECT)
    clock = ManualClock()
    engine = AlarmEngine.from_project(project, clock)
    seen: list[AlarmView] = []
    engine.subscribe(seen.extend)
    sim = PlantSimulator(seed=1)
    sim.warm_up()
    feed(project, sim, engine, clock, 300)  # five plant minutes
    raised = [f"{v.name} = {v.value!r} (limit {v.limit}, {v.state.value})" for v in seen]
    assert raised == []
    assert engine.active() == []


@pytest.mark.slow
def test_a_rectifier_trip_is_not_a_flood_its_cell_alarms_are_suppressed_by_design() -> None:
    project = load_project(DEMO_PROJECT)
    clock = ManualClock()
    engine = AlarmEngine.from_project(project, clock)
    sim = PlantSimulator(seed=1)
    sim.warm_up()
    feed(project, sim, engine, clock, 10)
    sim.start_scenario("emm-rectifier-trip")
    feed(project, sim, engine, clock, 120)
    annunciated = {v.name for v in engine.active(areas=["EMM"])}
    assert "EMM.RECT1.TRIP.DISCRETE" in annunciated
    assert not any(name.startswith("EMM.CELL.") for name in annunciated)
    assert len(annunciated) < 10, sorted(annunciated)
    suppressed = {v.name for v in engine.suppressed(areas=["EMM"])}
    assert "EMM.CELL.S01.C01.U.LO" in suppressed  # listed and counted, not annunciated
