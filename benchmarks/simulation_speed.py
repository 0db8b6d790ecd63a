"""How fast the field simulator runs the three plants at a 10 Hz model rate.

Prints JSON lines:
  cpu_pct_at_1x     CPU time of 60 plant seconds at 10 Hz over 60 s (real-time load of one core)
  max_speed_factor  plant seconds simulated per wall second, flat out (target: >= 60)
  step_ms           mean cost of one advance(0.1) of all three models (p99 beside it)
  values_ms         reading every point of every model once (what a poll of all tags costs)
  field_server_start_s        the embedded field server from nothing to serving (thread, models,
                              two Modbus PLCs, the OPC UA address space)
  demo_all_good_s             Runtime.start on the demo project until every tag is Good through
                              the real Modbus and OPC UA drivers (the slow scan class is 5 s)
  field_server_cpu_pct_at_1x  CPU of the field server's thread at 1x while the demo's drivers
                              read everything (models, Modbus tables, OPC UA value changes)

Run: python3 benchmarks/simulation_speed.py [--seconds 600] [--serve 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tags.simulation.simulator import PlantSimulator


def emit(name: str, value: float, unit: str, **extra: float) -> None:
    print(json.dumps({"name": name, "value": round(value, 4), "unit": unit, **extra}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600.0, help="plant seconds flat out")
    parser.add_argument(
        "--serve", type=float, default=20.0, help="wall seconds of serving the demo (0: skip)"
    )
    args = parser.parse_args()

    sim = PlantSimulator(seed=1, step=0.1)
    sim.warm_up()
    sim.advance(10.0)  # caches and buffers warm

    # real-time load: 60 plant seconds in 0.1 s calls, CPU time only
    cpu0 = time.process_time()
    for _ in range(600):
        sim.advance(0.1)
    cpu = time.process_time() - cpu0
    emit("cpu_pct_at_1x", 100.0 * cpu / 60.0, "%")

    # flat out
    wall0 = time.perf_counter()
    sim.advance(args.seconds)
    wall = time.perf_counter() - wall0
    emit("max_speed_factor", args.seconds / wall, "x")

    # per step, one call per step as a 10 Hz loop makes them
    samples = []
    for _ in range(3000):
        t0 = time.perf_counter()
        sim.advance(0.1)
        samples.append((time.perf_counter() - t0) * 1e3)
    samples.sort()
    p99 = samples[int(0.99 * len(samples))]
    emit("step_ms", statistics.fmean(samples), "ms", p99_ms=round(p99, 4))

    reads = []
    for _ in range(200):
        t0 = time.perf_counter()
        for model in sim.model_names():
            sim.values(model)
        reads.append((time.perf_counter() - t0) * 1e3)
    emit("values_ms", statistics.fmean(reads), "ms")

    if args.serve > 0:
        asyncio.run(serve_demo(args.serve))


async def serve_demo(seconds: float) -> None:
    """The demo project through the real drivers, served by the embedded field server."""
    from tags.config.project import SimulatorSettings, load_project
    from tags.runtime import Runtime
    from tags.simulation.embedded import EmbeddedFieldServer

    started = time.perf_counter()
    alone = EmbeddedFieldServer(SimulatorSettings())
    await alone.start()
    emit("field_server_start_s", time.perf_counter() - started, "s")
    await alone.stop()

    demo = Path(__file__).resolve().parents[1] / "resources" / "projects" / "demo" / "demo.toml"
    with tempfile.TemporaryDirectory() as data:
        runtime = Runtime(load_project(demo), Path(data))
        started = time.perf_counter()
        await runtime.start()
        try:
            names = list(runtime.project.tags)
            while not all(runtime.db.get(n).quality.is_good for n in names):
                await asyncio.sleep(0.02)
            emit("demo_all_good_s", time.perf_counter() - started, "s", tags=len(names))
            server = runtime.field_server
            assert server is not None
            cpu0, wall0 = await server.call(time.thread_time), time.perf_counter()
            await asyncio.sleep(seconds)
            cpu1, wall1 = await server.call(time.thread_time), time.perf_counter()
            overruns = server.server.overruns
        finally:
            await runtime.stop()
    emit(
        "field_server_cpu_pct_at_1x",
        100.0 * (cpu1 - cpu0) / (wall1 - wall0),
        "%",
        seconds=round(wall1 - wall0, 1),
        overruns=overruns,
    )


if __name__ == "__main__":
    main()
