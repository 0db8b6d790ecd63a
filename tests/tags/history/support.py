"""Helpers of the historian tests: sample builders, tags, and a reference model.

The reference computes statistics the slow, obvious way (hold each value until the next
sample), so the rollup-based answers can be checked against it on random data.
"""

from __future__ import annotations

import math

from tags.address import parse_address
from tags.model import AlarmDef, AlarmKind, DataType, Priority, Quality, TagDef, TagSample, Value

T0 = 1_749_945_600.0  # 2025-06-15 00:00 UTC, a whole day: rollup buckets start here


def good(value: Value, t: float) -> TagSample:
    return TagSample(value, Quality.GOOD, t, t)


def sample(value: Value, t: float, quality: Quality = Quality.GOOD, reason: str = "") -> TagSample:
    return TagSample(value, quality, t, t, reason)


def memory_tag(
    name: str,
    *,
    data_type: DataType = DataType.FLOAT,
    deadband: float = 0.0,
    span: tuple[float, float] | None = None,
    hi: float | None = None,
) -> TagDef:
    source = f"sim://memory/{name}"
    alarms = () if hi is None else (AlarmDef(name, AlarmKind.HI, hi, Priority.HIGH),)
    return TagDef(
        name,
        source,
        parse_address(source),
        data_type,
        area=name.split(".")[0],
        deadband=deadband,
        eng_low=span[0] if span else None,
        eng_high=span[1] if span else None,
        alarms=alarms,
    )


def reference_stats(
    samples: list[TagSample], start: float, end: float
) -> dict[str, float | int | None]:
    """Statistics of ``[start, end)`` by brute force (samples sorted by server_time)."""
    inside = [s for s in samples if start <= s.server_time < end]
    usable = [
        float(s.value) for s in inside if not s.quality.is_bad and isinstance(s.value, int | float)
    ]
    before = [s for s in samples if s.server_time < start]
    timeline = ([before[-1]] if before else []) + inside
    integral = use = good_time = 0.0
    for i, s in enumerate(timeline):
        begin = max(s.server_time, start)
        stop = timeline[i + 1].server_time if i + 1 < len(timeline) else end
        dt = stop - begin
        if not s.quality.is_bad and isinstance(s.value, int | float):
            integral += float(s.value) * dt
            use += dt
        if s.quality.is_good:
            good_time += dt
    return {
        "count": len(inside),
        "bad_count": sum(1 for s in inside if s.quality.is_bad),
        "minimum": min(usable) if usable else None,
        "maximum": max(usable) if usable else None,
        "mean": sum(usable) / len(usable) if usable else None,
        "time_weighted_mean": integral / use if use else None,
        "good_seconds": good_time,
        "usable_seconds": use,
    }


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)
