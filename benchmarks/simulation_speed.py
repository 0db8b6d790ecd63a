"""How fast the field simulator runs the three plants at a 10 Hz model rate.

Prints JSON lines:
  cpu_pct_at_1x     CPU time of 60 plant seconds at 10 Hz over 60 s (real-time load of one core)
  max_speed_factor  plant seconds simulated per wall second, flat out (target: >= 60)
  step_ms           mean cost of one advance(0.1) of all three models (p99 beside it)
  values_ms         reading every point of every model once (what a poll of all tags costs)

Run: python3 benchmarks/simulation_speed.py [--seconds 600]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tags.simulation.simulator import PlantSimulator


def emit(name: str, value: float, unit: str, **extra: float) -> None:
    print(json.dumps({"name": name, "value": round(value, 4), "unit": unit, **extra}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600.0, help="plant seconds flat out")
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


if __name__ == "__main__":
    main()
