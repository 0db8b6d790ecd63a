"""Alarm engine throughput and flood handling.

eval_rate: 10,000 alarm definitions (2,500 tags with LOLO, LO, HI and HIHI plus each tag's
bad-quality alarm) evaluated against batches of 1,000 changing values that stay inside the
limits (the steady-state load), in samples/s; target >= 100,000.

flood_ms: 1,000 alarms becoming active in one batch: evaluated, journaled in SQLite (one
transaction), the listener called with the 1,000 changes and the sorted active list built for
display; target < 200 ms.
"""

from __future__ import annotations

import dataclasses
import random
import statistics
import tempfile
import time
from pathlib import Path

from _common import emit, memory_tags

from tags.alarms.engine import AlarmEngine, AlarmView
from tags.alarms.journal import AlarmJournal
from tags.clock import ManualClock
from tags.model import AlarmDef, AlarmKind, Priority, Quality, TagDef, TagSample

TAGS = 2_500
BATCH = 1_000
BATCHES = 200
ROUNDS = 5
FLOOD = 1_000
LIMITS = ((AlarmKind.LOLO, 5.0), (AlarmKind.LO, 10.0), (AlarmKind.HI, 90.0), (AlarmKind.HIHI, 95.0))


def with_alarms(
    tags: dict[str, TagDef], limits: tuple[tuple[AlarmKind, float], ...]
) -> dict[str, TagDef]:
    priorities = (Priority.LOW, Priority.LOW, Priority.MEDIUM, Priority.HIGH)
    return {
        name: dataclasses.replace(
            tag,
            eng_low=0.0,
            eng_high=100.0,
            alarms=tuple(
                AlarmDef(name, kind, limit, priorities[i % 4], deadband=1.0, area=tag.area)
                for i, (kind, limit) in enumerate(limits)
            ),
        )
        for name, tag in tags.items()
    }


def steady_batches(names: list[str], clock: ManualClock) -> list[dict[str, TagSample]]:
    rng = random.Random(1)
    batches = []
    for b in range(BATCHES):
        start = (b * BATCH) % len(names)
        now = clock.now() + b * 0.1
        batches.append(
            {
                n: TagSample(rng.uniform(20.0, 80.0), Quality.GOOD, now, now)
                for n in names[start : start + BATCH]
            }
        )
    return batches


def eval_rate() -> tuple[float, int]:
    clock = ManualClock()
    tags = with_alarms(memory_tags(TAGS), LIMITS)
    engine = AlarmEngine(tags, clock)
    batches = steady_batches(sorted(tags), clock)
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for batch in batches:
            engine.evaluate(batch)
        best = min(best, time.perf_counter() - started)
    assert not engine.active(), "the steady-state load must not raise alarms"
    return BATCH * BATCHES / best, len(engine.names)


def flood_ms(folder: Path) -> tuple[float, float]:
    tags = with_alarms(memory_tags(FLOOD), ((AlarmKind.HI, 90.0),))
    times: list[float] = []
    for round_ in range(ROUNDS):
        clock = ManualClock()
        with AlarmJournal(folder / f"flood{round_}.sqlite") as journal:
            engine = AlarmEngine(tags, clock, journal=journal)
            now = clock.now()
            engine.evaluate({n: TagSample(50.0, Quality.GOOD, now, now) for n in tags})
            shown: list[AlarmView] = []
            engine.subscribe(shown.extend)
            clock.advance(1.0)
            now = clock.now()
            flood = {n: TagSample(99.0, Quality.GOOD, now, now) for n in tags}
            started = time.perf_counter()
            engine.evaluate(flood)
            display = engine.active()
            times.append((time.perf_counter() - started) * 1000.0)
            assert len(display) == FLOOD and len(shown) == FLOOD
            assert len(journal.query(limit=2 * FLOOD)) == FLOOD
    return statistics.median(times), max(times)


def main() -> None:
    rate, alarms = eval_rate()
    emit(
        "eval_rate",
        rate,
        "samples/s",
        definitions=TAGS * len(LIMITS),
        alarms_with_bad_quality=alarms,
        batch=BATCH,
        target=">= 100000",
    )
    with tempfile.TemporaryDirectory() as folder:
        median, worst = flood_ms(Path(folder))
    emit("flood_ms", median, "ms", alarms=FLOOD, worst_ms=round(worst, 3), target="< 200")


if __name__ == "__main__":
    main()
