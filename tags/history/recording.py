"""Record a demo shift: run the simulated plant and keep what the historian records.

``python main.py record --minutes N [--speed X] [--scenario NAME@S] --out FILE`` runs the
project's simulated tags (the demo plants by default: their Modbus and OPC UA tags read the
plant points the field server serves, so they are read from the models directly) on plant
time, optionally with upset
scenarios started S plant-seconds in, and writes one self-contained SQLite file: the history
(same schema as the console's own), the alarm journal of the run and facts about it (table
``meta``). The replay opens it like any history.

Plant time is a ManualClock moved in scan-sized steps; ``speed`` is how many plant seconds run
per wall second (a large value runs as fast as the machine allows). Timestamps start at the
wall time the recording began.

The file never depends on its ``-wal`` file once the recording stops, and says what it holds
from the start: the facts (project, start, tags, ...) are written and copied into the main file
before the first sample; ``end`` (the plant time up to which samples are committed) follows
every flush; a stop (the end, or Ctrl+C / SIGTERM through ``stop``) writes the last samples,
the ``state`` and a self-contained file. A recording killed outright (SIGKILL, power loss)
keeps ``state = recording`` and its ``end`` says when it last recorded; what it committed is in
the file and its -wal together (SQLite folds the -wal in when the file is next opened for
writing), and the file alone still names its project, start and tags.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import math
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from tags.address import Scheme, parse_address
from tags.alarms.engine import AlarmEngine
from tags.alarms.journal import AlarmJournal
from tags.clock import Clock, ManualClock, SystemClock
from tags.config.project import Project
from tags.database import TagDatabase
from tags.drivers.simulated import SimulatedDriver
from tags.history.historian import Historian
from tags.history.sqlite_store import SqliteHistoryStore
from tags.history.store_factory import sqlite_factory
from tags.model import TagDef
from tags.shutdown import StopRequest
from tags.simulation.simulator import PlantSimulator

log = logging.getLogger(__name__)

MIN_STEP = 0.05
SHORT = 86400.0


class RecordingState(StrEnum):
    """The ``state`` fact of a recording."""

    RECORDING = "recording"
    """Still being recorded, or killed while it was (``end``: when it last recorded)."""
    COMPLETE = "complete"
    STOPPED = "stopped"
    """Stopped early on request (``stopped_by``: SIGINT, SIGTERM ...)."""
    FAILED = "failed"


@dataclass(frozen=True)
class ScenarioStart:
    name: str
    at: float
    """Plant seconds after the start of the recording."""

    @classmethod
    def parse(cls, text: str) -> ScenarioStart:
        """``NAME@SECONDS`` (``NAME`` alone starts at 0)."""
        name, _, at = text.partition("@")
        try:
            seconds = float(at) if at else 0.0
        except ValueError:
            raise ValueError(
                f"scenario '{text}': give NAME@SECONDS, e.g. cwp-feed-change@60"
            ) from None
        if not name or not math.isfinite(seconds) or seconds < 0:
            raise ValueError(f"scenario '{text}': give NAME@SECONDS, e.g. cwp-feed-change@60")
        return cls(name, seconds)


@dataclass(frozen=True)
class RecordingSummary:
    path: Path
    start: float
    end: float
    tags: int
    samples: int
    alarm_events: int
    scenarios: tuple[ScenarioStart, ...]
    size_bytes: int
    state: RecordingState = RecordingState.COMPLETE
    stopped_by: str = ""

    def line(self) -> str:
        upsets = ", ".join(f"{s.name}@{s.at:g}s" for s in self.scenarios) or "none"
        early = f"stopped early by {self.stopped_by}: " if self.stopped_by else ""
        seconds = self.end - self.start
        span = f"{seconds / 60:g} min" if seconds >= 60 else f"{seconds:.3g} s"
        return (
            f"{early}recorded {span}: {self.tags} tags, "
            f"{self.samples} samples, {self.alarm_events} alarm events, scenarios: {upsets} "
            f"-> {self.path} ({self.size_bytes / 1024:.0f} KB)"
        )


async def record_shift(
    project: Project,
    out: Path,
    *,
    minutes: float,
    speed: float = 1.0,
    scenarios: Sequence[ScenarioStart] = (),
    seed: int = 1,
    start: float | None = None,
    pace: Clock | None = None,
    progress: Callable[[float], None] | None = None,
    stop: StopRequest | None = None,
) -> RecordingSummary:
    """Run the simulated tags of ``project`` for ``minutes`` of plant time into ``out``, or
    until ``stop`` is set (the recording so far is kept and finished the same way)."""
    if out.exists():
        raise FileExistsError(f"{out} exists: choose another name or delete it")
    if not (math.isfinite(minutes) and minutes > 0) or not (math.isfinite(speed) and speed > 0):
        raise ValueError("minutes and speed must be positive numbers")
    plant = _plant(project, seed, scenarios)
    tags, skipped = recordable(project.tags.values(), plant)
    if not tags:
        raise ValueError(f"project '{project.name}' has no simulated tags to record")
    if skipped:
        log.warning("not recorded (no simulated source): %s", ", ".join(skipped))
    clock = ManualClock(float(int(time.time())) if start is None else start)
    begin = clock.now()
    db = TagDatabase({t.name: t for t in tags}, clock)
    driver = SimulatedDriver(project.connections, tags, db.publish, clock, plant=plant)
    out.parent.mkdir(parents=True, exist_ok=True)
    historian = Historian(db, sqlite_factory(out), project.historian, mark_gaps=False)
    await historian.start(tasks=False)
    if not historian.recording:
        raise RuntimeError(historian.problem or "nothing to record (historian disabled?)")
    facts = _facts(project, begin, tags, minutes, speed, seed, scenarios)
    await historian.set_metadata(facts, checkpoint=True)  # in the main file before any sample
    journal = AlarmJournal(out)
    engine = AlarmEngine(db.tags, clock, settings=project.alarm_settings, journal=journal)
    state, stopped_by = RecordingState.FAILED, ""
    try:
        engine.attach(db)
        await _run(driver, plant, historian, engine, clock, tags, minutes * 60.0, speed,
                   scenarios, pace or SystemClock(), progress, stop)  # fmt: skip
        state = RecordingState.COMPLETE
        if stop is not None and stop.is_set():
            state, stopped_by = RecordingState.STOPPED, stop.by or "request"
    finally:
        engine.detach()
        await historian.stop()
        alarm_events = len(journal.activations(begin, clock.now() + 1.0))
        journal.close()
        summary = _finish(out, begin, clock.now(), tags, scenarios, alarm_events,
                          state, stopped_by)  # fmt: skip
    return summary


def _facts(
    project: Project,
    begin: float,
    tags: Sequence[TagDef],
    minutes: float,
    speed: float,
    seed: int,
    scenarios: Sequence[ScenarioStart],
) -> dict[str, str]:
    """What the recording is, written before its first sample."""
    return {
        "kind": "recording",
        "state": RecordingState.RECORDING.value,
        "project": project.name,
        "project_file": project.path.name,
        "start": repr(begin),
        "start_utc": _utc(begin),
        **_ended(begin),
        "minutes": repr(minutes),
        "speed": repr(speed),
        "seed": str(seed),
        "scenarios": json.dumps([{"name": s.name, "at": s.at} for s in scenarios]),
        "tags": json.dumps(sorted(t.name for t in tags)),
        "recorded_by": "main.py record",
    }


def _ended(t: float) -> dict[str, str]:
    """The ``end`` facts: samples are committed up to plant time ``t``."""
    return {"end": repr(t), "end_utc": _utc(t)}


def _utc(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).isoformat()


def _plant(
    project: Project, seed: int, scenarios: Sequence[ScenarioStart]
) -> PlantSimulator | None:
    """The plant simulator, unless every tag is a signal generator or a memory value."""
    generated = ("sim://signal/", "sim://memory/")
    if all(t.source.startswith(generated) for t in project.tags.values()):
        if scenarios:
            raise ValueError("scenarios need the plant models; this project has none")
        return None
    plant = PlantSimulator(seed=seed)
    plant.warm_up()
    known = [s.name for s in plant.scenarios()]
    for scenario in scenarios:
        if scenario.name not in known:
            raise ValueError(f"unknown scenario '{scenario.name}' (known: {', '.join(known)})")
    return plant


def recordable(
    tags: Iterable[TagDef], plant: PlantSimulator | None
) -> tuple[list[TagDef], list[str]]:
    """The tags that can be recorded from the simulator, each as a sim:// tag of its plant
    point (a tag read over Modbus or OPC UA from the field server reads a plant point), and
    the names of those that cannot."""
    served: dict[str, str] = {}
    if plant is not None:
        from tags.simulation.opcua_namespace import served_source

        for model in plant.model_names():
            for point in plant.points(model):
                with contextlib.suppress(KeyError, ValueError):
                    served[served_source(model, point)] = f"sim://{model}/{point}"
    chosen: list[TagDef] = []
    skipped: list[str] = []
    for tag in tags:
        source = tag.source if tag.address.scheme is Scheme.SIM else served.get(tag.source)
        if source is None:
            skipped.append(tag.name)
        elif source == tag.source:
            chosen.append(tag)
        else:
            chosen.append(dataclasses.replace(tag, source=source, address=parse_address(source)))
    return chosen, skipped


async def _run(
    driver: SimulatedDriver,
    plant: PlantSimulator | None,
    historian: Historian,
    engine: AlarmEngine,
    clock: ManualClock,
    tags: Sequence[TagDef],
    total: float,
    speed: float,
    scenarios: Sequence[ScenarioStart],
    pace: Clock,
    progress: Callable[[float], None] | None,
    stop: StopRequest | None,
) -> None:
    groups: dict[float, list[TagDef]] = defaultdict(list)
    for tag in tags:
        groups[tag.scan_period].append(tag)
    step = max(MIN_STEP, min(groups))
    due = dict.fromkeys(groups, 0.0)
    waiting = sorted(scenarios, key=lambda s: s.at)
    driver.sample_now(tags)
    wall_start = last_flush = pace.monotonic()
    elapsed = next_second = 0.0
    while elapsed < total - 1e-9 and not (stop is not None and stop.is_set()):
        dt = min(step, total - elapsed)
        elapsed += dt
        clock.advance(dt)
        if plant is not None:
            plant.advance(dt)
            while waiting and waiting[0].at <= elapsed + 1e-9:
                plant.start_scenario(waiting.pop(0).name)
        for period, group in groups.items():
            if elapsed + 1e-9 >= due[period] + period:
                due[period] += period
                driver.sample_now(group)
        engine.tick()
        if elapsed >= next_second:
            next_second += 1.0
            historian.record_due()
            if progress is not None:
                progress(elapsed / total)
        now = pace.monotonic()
        if now - last_flush >= historian.settings.flush_interval:
            last_flush = now
            await historian.flush()
            await historian.set_metadata(_ended(clock.now()))
        ahead = elapsed / speed - (now - wall_start)
        await asyncio.sleep(ahead if ahead > 0 else 0)


def _finish(
    out: Path,
    begin: float,
    end: float,
    tags: Sequence[TagDef],
    scenarios: Sequence[ScenarioStart],
    alarm_events: int,
    state: RecordingState,
    stopped_by: str,
) -> RecordingSummary:
    """The last facts, then one self-contained file (no -wal), however the recording ended."""
    with SqliteHistoryStore(out) as store:
        facts = {**_ended(end), "state": state.value}
        if stopped_by:
            facts["stopped_by"] = stopped_by
        store.set_metadata(facts)
        samples = store.count(store.tag_names(), begin, end + 1.0)
        # a trend of a recording this short reads samples anyway; rollups would double the file
        store.finish(drop_rollups=end - begin < SHORT)
    out.with_name(out.name + ".lock").unlink(missing_ok=True)  # nobody else knows this file
    return RecordingSummary(
        out, begin, end, len(tags), samples, alarm_events, tuple(scenarios),
        out.stat().st_size, state, stopped_by,
    )  # fmt: skip
