"""A demo plant on plant time for the analytics tests: simulator -> TagDatabase -> consumers.

The demo tags read the plant points the field server serves (``M.P`` is point P of model m),
so each step publishes one batch of the chosen tags straight from the models, with the
simulator's sensor faults as qualities. A ManualClock moves with the plant; nothing sleeps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from tags.alarms.engine import AlarmEngine
from tags.alarms.state import JournalEvent
from tags.clock import ManualClock
from tags.config.project import Project, load_project
from tags.database import TagDatabase
from tags.model import Quality, TagSample
from tags.simulation.opcua_namespace import served_source
from tags.simulation.simulator import PlantSimulator
from tests.paths import DEMO_PROJECT

START = 1_750_000_000.0


class PlantBench:
    """The chosen demo tags of some models, published once per ``step`` of plant time."""

    def __init__(self, models: Iterable[str], names: Iterable[str] | None = None) -> None:
        self.project: Project = load_project(DEMO_PROJECT)
        wanted = None if names is None else set(names)
        self.sim = PlantSimulator(seed=1, models=tuple(models))
        self.sim.warm_up()
        self.points: dict[str, list[tuple[str, str]]] = {}
        for tag in self.project.tags.values():
            area, _, point = tag.name.partition(".")
            model = area.lower()
            if model not in self.sim.model_names() or tag.source != served_source(model, point):
                continue
            if wanted is None or tag.name in wanted:
                self.points.setdefault(model, []).append((tag.name, point))
        chosen = {n for pairs in self.points.values() for n, _ in pairs}
        self.tags = {n: t for n, t in self.project.tags.items() if n in chosen}
        self.clock = ManualClock(START)
        self.db = TagDatabase(self.tags, self.clock)
        self.alarms = AlarmEngine(self.tags, self.clock, settings=self.project.alarm_settings)
        self.alarm_times: dict[str, float] = {}
        self.alarms.subscribe(self._on_alarms)
        self.alarms.attach(self.db)

    def _on_alarms(self, views: Iterable[object]) -> None:
        for view in views:
            name = getattr(view, "name", "")
            if getattr(view, "active", False) and name not in self.alarm_times:
                self.alarm_times[name] = self.clock.now()

    @property
    def elapsed(self) -> float:
        return self.clock.now() - START

    def publish(self) -> None:
        now = self.clock.now()
        batch: dict[str, TagSample] = {}
        for model, pairs in self.points.items():
            values, faults = self.sim.values(model), self.sim.faults(model)
            for name, point in pairs:
                quality, reason = faults.get(point, (Quality.GOOD, ""))
                batch[name] = TagSample(values[point], quality, now, now, reason)
        self.db.publish(batch)

    def run(
        self, seconds: float, step: float = 1.0, until: Callable[[], bool] | None = None
    ) -> None:
        """Advance plant and clock in steps, publishing each; stop early when ``until()``."""
        done = 0.0
        while done < seconds - 1e-9:
            self.sim.advance(step)
            self.clock.advance(step)
            done += step
            self.publish()
            self.alarms.tick()
            if until is not None and until():
                return


__all__ = ["JournalEvent", "PlantBench"]
