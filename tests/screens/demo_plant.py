"""The demo project fed straight from a PlantSimulator, without drivers or servers.

A Runtime (not started) gives the real tag database and alarm engine; ``run`` advances the
plant models and a manual clock together and publishes every tag (named AREA.POINT, read
from model ``area`` point ``POINT``) with the models' sensor faults as quality, then lets
the alarm engine and the bridge catch up. Screens built on ``context()`` then show what an
operator would see, at any plant time, in a fraction of it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

from hmi.alarms.status import AlarmStatus
from hmi.bridge import TagBridge
from hmi.shell.screen import ScreenContext
from tags.clock import ManualClock
from tags.config.project import Project, load_project
from tags.model import DataType, Quality, TagDef, TagSample, Value
from tags.runtime import Runtime
from tags.simulation.simulator import PlantSimulator
from tests.paths import DEMO_PROJECT


def load_demo() -> Project:
    return load_project(DEMO_PROJECT)


def _typed(tag: TagDef, value: object) -> Value:
    if tag.data_type is DataType.BOOL:
        return bool(value)
    if tag.data_type is DataType.INT:
        return int(value)  # type: ignore[call-overload, no-any-return]
    if tag.data_type is DataType.FLOAT:
        return float(value)  # type: ignore[arg-type]
    return str(value)


class PlantHandle:
    """What a ``sim://`` driver exposes of its in-process plant (for the scenario list)."""

    def __init__(self, plant: PlantSimulator) -> None:
        self.plant = plant

    async def stop(self) -> None:
        return None

    def status(self) -> list[object]:
        return []


@dataclass
class Navigation:
    """What the screens asked the shell to do."""

    screens: list[str] = field(default_factory=list)
    faceplates: list[str] = field(default_factory=list)


class DemoPlant:
    def __init__(
        self, project: Project, data_dir: Path, *, seed: int = 1, analytics: bool = False
    ) -> None:
        self.project = project
        self.clock = ManualClock()
        self.runtime = Runtime(
            project, data_dir, clock=self.clock, history=False, analytics=analytics
        )
        self.db = self.runtime.db
        self.simulator = PlantSimulator(seed=seed)
        self.simulator.warm_up()
        self.runtime.drivers.append(PlantHandle(self.simulator))  # type: ignore[arg-type]
        self.bridge = TagBridge(self.db)
        self.bridge._timer.stop()  # flushed by run() / flush(), never by a timer
        self.alarms = AlarmStatus()
        engine = self.runtime.alarms
        engine.attach(self.db)
        self.alarms.attach(engine)
        self._alarm_status_feed = engine.subscribe(self.alarms.refresh)
        self.navigation = Navigation()
        self._where: dict[str, tuple[str, str, TagDef]] = {}
        for name, tag in project.tags.items():
            area, point = name.split(".", 1)
            self._where[name] = (area.lower(), point, tag)
        self.publish()

    def context(self) -> ScreenContext:
        nav = self.navigation
        return ScreenContext(
            self.bridge, self.runtime, nav.screens.append, self.alarms, nav.faceplates.append
        )

    def publish(self) -> None:
        """One batch with every tag's current model value (sensor faults as quality)."""
        now = self.clock.now()
        sim = self.simulator
        values = {m: sim.values(m) for m in sim.model_names()}
        faults = {m: sim.faults(m) for m in sim.model_names()}
        batch: dict[str, TagSample] = {}
        for name, (model, point, tag) in self._where.items():
            fault = faults[model].get(point)
            value = _typed(tag, values[model][point])
            if fault is None:
                batch[name] = TagSample(value, Quality.GOOD, now, now)
            else:
                old = self.db.get(name)
                source = old.source_time if old.value is not None else now
                kept = old.value if old.value is not None else value
                batch[name] = TagSample(kept, fault[0], source, now, fault[1])
        self.db.publish(batch)

    def run(self, seconds: float, *, step: float = 5.0) -> None:
        """Advance plant and clock by ``seconds`` in steps, publishing and ticking alarms."""
        remaining = seconds
        while remaining > 1e-9:
            dt = min(step, remaining)
            self.simulator.advance(dt)
            self.clock.advance(dt)
            self.publish()
            self.runtime.alarms.tick()
            self.bridge.flush()
            remaining -= dt
        self.bridge.flush()

    def flush(self) -> None:
        self.bridge.flush()

    def close(self) -> None:
        self._alarm_status_feed.close()
        self.bridge.close()
        loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(self.runtime.stop())
        finally:
            loop.close()
