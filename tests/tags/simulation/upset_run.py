"""Run one upset of the demo plants through the alarm engine on a manual clock.

The plant and the engine advance together, each scan class of the upset's area read when due,
as ``main.py record`` feeds them (without the historian). What the operator would
have seen comes back: each annunciated activation with its time, the alarms suppressed by
design, and a trace of chosen points.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from tags.alarms.engine import AlarmEngine, AlarmView
from tags.clock import ManualClock
from tags.config.project import Project, load_project
from tags.model import Quality, TagSample
from tags.simulation.opcua_namespace import served_source
from tags.simulation.simulator import PlantSimulator
from tests.paths import DEMO_PROJECT


@cache
def demo_project() -> Project:
    return load_project(DEMO_PROJECT)


@dataclass
class UpsetRun:
    """What one upset did: annunciated activations (plant seconds after its start, alarm
    name), alarms suppressed by design at any time, and the traced points per second."""

    activations: list[tuple[float, str]] = field(default_factory=list)
    suppressed: set[str] = field(default_factory=set)
    trace: dict[str, list[float]] = field(default_factory=dict)
    standing: list[str] = field(default_factory=list)

    def names(self, within: float | None = None) -> list[str]:
        """The alarms annunciated (each once), in the order they first came."""
        seen: dict[str, None] = {}
        for t, name in self.activations:
            if within is None or t <= within:
                seen.setdefault(name)
        return list(seen)

    def peak(self, point: str) -> float:
        return max(self.trace[point])

    def low(self, point: str) -> float:
        return min(self.trace[point])


def _served(project: Project, model: str) -> dict[float, list[tuple[str, str]]]:
    """The area's tags served from the model's points, by scan period."""
    groups: dict[float, list[tuple[str, str]]] = {}
    for tag in project.tags.values():
        area, _, point = tag.name.partition(".")
        if area.lower() == model and tag.source == served_source(model, point):
            groups.setdefault(tag.scan_period, []).append((tag.name, point))
    return groups


def run_upset(
    scenario: str,
    *,
    at: float = 300.0,
    minutes: float = 30.0,
    trace: Iterable[str] = (),
    seed: int = 1,
) -> UpsetRun:
    """Start ``scenario`` ``at`` seconds into a ``minutes`` run of its warm plant; every scan
    class is read when due, as ``main.py record`` reads them; traces are sampled each second."""
    model = scenario.split("-")[0]
    project = demo_project()
    clock = ManualClock(1_000_000.0)
    engine = AlarmEngine.from_project(project, clock)
    run = UpsetRun(trace={p: [] for p in trace})
    up: set[str] = set()
    start = clock.now() + at

    def seen(views: list[AlarmView]) -> None:
        for view in views:
            if view.active and view.state.annunciated:
                if view.name not in up:
                    up.add(view.name)
                    run.activations.append((clock.now() - start, view.name))
            else:
                up.discard(view.name)
            if view.suppressed_by and view.active:
                run.suppressed.add(view.name)

    engine.subscribe(seen)
    sim = PlantSimulator(seed=seed, models=(model,))
    sim.warm_up()
    groups = _served(project, model)
    step = min(groups)
    steps_per = {period: round(period / step) for period in groups}
    for n in range(1, round(minutes * 60 / step) + 1):
        sim.advance(step)
        clock.advance(step)
        if n == round(at / step):
            sim.start_scenario(scenario)
        now = clock.now()
        values, faults = sim.values(model), sim.faults(model)
        batch = {}
        for period, pairs in groups.items():
            if n % steps_per[period] == 0:
                for name, point in pairs:
                    quality, reason = faults.get(point, (Quality.GOOD, ""))
                    batch[name] = TagSample(values[point], quality, now, now, reason)
        engine.evaluate(batch)
        engine.tick()
        if n % round(1.0 / step) == 0:
            for point, series in run.trace.items():
                series.append(float(values[point]))  # type: ignore[arg-type]
    run.standing = sorted(v.name for v in engine.active())
    return run
