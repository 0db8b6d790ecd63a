"""``python main.py sim``: the field server on its own, for a console on another machine.

It serves the project's plants on the host and ports of its connections (plc-cwp, plc-rect,
dcs), prints its endpoints and runs until Ctrl+C or SIGTERM (exit 0). Scenarios given as
``NAME`` start at once, ``NAME@SECONDS`` after that many plant seconds.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from tags.config.project import Project
from tags.shutdown import stop_on_signals
from tags.simulation.scenarios import SCENARIOS

if TYPE_CHECKING:
    from tags.simulation.simulator import PlantSimulator


class UsageError(ValueError):
    """A command-line value that cannot be used (exit code 2)."""


def parse_schedule(specs: Sequence[str]) -> list[tuple[str, float]]:
    """``NAME[@SECONDS]`` items -> (name, plant seconds from the start)."""
    known = [s.info.name for s in SCENARIOS]
    schedule = []
    for spec in specs:
        name, _, at = spec.partition("@")
        if name not in known:
            raise UsageError(f"unknown scenario '{name}' (known: {', '.join(known)})")
        try:
            seconds = float(at) if at else 0.0
        except ValueError:
            raise UsageError(f"'{spec}': the time after @ is not a number of seconds") from None
        if not math.isfinite(seconds) or seconds < 0:
            raise UsageError(f"'{spec}': the time after @ must be 0 or more seconds")
        schedule.append((name, seconds))
    return schedule


def check_options(
    speed: float | None, seed: int | None, scenarios: Sequence[str]
) -> list[tuple[str, float]]:
    """The scenario schedule, or UsageError for a bad --speed, --seed or --scenario."""
    if speed is not None and not (math.isfinite(speed) and 0.0 <= speed <= 1000.0):
        raise UsageError(f"--speed must be 0..1000 (0 freezes the plant), got {speed:g}")
    if seed is not None and seed < 0:
        raise UsageError(f"--seed must be 0 or more, got {seed}")
    return parse_schedule(scenarios)


def list_scenarios(out: TextIO) -> int:
    """Print the upsets a trainer can start: name, area, title."""
    infos = [s.info for s in SCENARIOS]
    width = max(len(i.name) for i in infos)
    print(f"{'name':<{width}}  area  title", file=out)
    for info in infos:
        print(f"{info.name:<{width}}  {info.area:<4}  {info.shown_title}", file=out)
    return 0


async def serve(
    project: Project,
    out: TextIO,
    *,
    speed: float | None = None,
    seed: int | None = None,
    scenarios: Sequence[str] = (),
    stop: asyncio.Event | None = None,
) -> int:
    """Serve until ``stop`` is set (by SIGINT/SIGTERM when not given): 0, 1 failed, 2 usage."""
    from tags.simulation.field_server import FieldServer, listen_addresses

    settings = project.simulator
    speed = settings.speed if speed is None else speed
    seed = settings.seed if seed is None else seed
    try:
        schedule = check_options(speed, seed, scenarios)
    except UsageError as exc:
        print(f"sim: {exc}", file=out)
        return 2
    simulator = await asyncio.to_thread(_warm_simulator, seed, settings.step)
    server = FieldServer(
        simulator,
        listen_addresses(project.connections),
        speed=speed,
        schedule=schedule,
        idle_timeout=settings.client_idle_timeout,
        max_clients=settings.max_clients,
    )
    try:
        await server.start()
    except OSError as exc:
        print(f"sim: cannot serve: {exc}", file=out)
        return 1
    stop = stop or stop_on_signals()
    try:
        areas = ", ".join(m.upper() for m in simulator.model_names())
        print(
            f"field simulator for '{project.name}': {areas}; time x{speed:g}, seed {seed}, "
            f"step {settings.step:g} s",
            file=out,
        )
        for e in server.endpoints:
            print(f"  {e.connection:<9} {e.kind:<6} {e.url:<28} {e.title}", file=out)
        for name, seconds in schedule:
            print(f"scenario {name} at plant time {seconds:g} s", file=out)
        print("serving until Ctrl+C or SIGTERM", file=out, flush=True)
        await stop.wait()
    finally:
        await server.stop()
    print(f"stopped after {simulator.time:.1f} plant seconds", file=out, flush=True)
    return 0


def _warm_simulator(seed: int, step: float) -> PlantSimulator:
    """Models at steady state (off the event loop: the CO2 tables may take seconds)."""
    from tags.simulation.simulator import PlantSimulator

    simulator = PlantSimulator(seed=seed, step=step)
    simulator.warm_up()
    return simulator
