"""When and how long tags were outside their normal range, worked out from the history.

A tag's band is its normal range (``normal = [low, high]`` in the tag list); a tag without
one is judged by its LO / HI alarm limits (LOLO / HIHI when those are all it has). Values are
held from one recorded sample to the next (the historian's step interpolation); while the
value is Bad nothing is counted either way.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tags.history.store import HistoryStore
from tags.i18n.catalogue import text
from tags.i18n.words import word
from tags.model import AlarmKind, DataType, TagDef, TagSample

Interval = tuple[float, float]


@dataclass(frozen=True)
class Band:
    """The range a value should stay in; ``basis`` says where it comes from."""

    low: float | None
    high: float | None
    basis: str
    """``normal range`` or ``alarm limits``."""

    def distance(self, value: float) -> float:
        """How far outside the band the value is (0 inside)."""
        if self.low is not None and value < self.low:
            return self.low - value
        if self.high is not None and value > self.high:
            return value - self.high
        return 0.0

    @property
    def text(self) -> str:
        low = "" if self.low is None else f"{self.low:g}"
        high = "" if self.high is None else f"{self.high:g}"
        basis = word("basis", self.basis)
        return f"{low}..{high} ({basis})"


def band_of(tag: TagDef) -> Band | None:
    """The tag's band, or None for tags that have neither a normal range nor limit alarms."""
    if tag.data_type not in (DataType.FLOAT, DataType.INT):
        return None
    if tag.normal_low is not None or tag.normal_high is not None:
        return Band(tag.normal_low, tag.normal_high, "normal range")
    limits = {a.kind: a.limit for a in tag.alarms if a.limit is not None}
    low = limits.get(AlarmKind.LO, limits.get(AlarmKind.LOLO))
    high = limits.get(AlarmKind.HI, limits.get(AlarmKind.HIHI))
    if low is None and high is None:
        return None
    return Band(low, high, "alarm limits")


@dataclass(frozen=True)
class Excursion:
    """One tag's time outside its band within a period."""

    tag: str
    unit: str
    band: Band
    first_out: float
    back: float | None
    """When it was last back inside (None: still outside at the end of the period)."""
    outside_s: float
    worst: float
    """The recorded value furthest outside the band."""
    intervals: tuple[Interval, ...]

    @property
    def text(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return text("debrief.excursion", tag=self.tag, band=self.band.text,
                    seconds=f"{self.outside_s:.1f}", worst=f"{self.worst:.4g}{unit}")  # fmt: skip


def _number(sample: TagSample) -> float | None:
    value = sample.value
    if sample.quality.is_bad or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def excursion(
    store: HistoryStore, tag: TagDef, band: Band, start: float, end: float
) -> Excursion | None:
    """The tag's time outside ``band`` in ``[start, end)``, None if it stayed inside."""
    held = store.values_at([tag.name], start).get(tag.name)
    samples = ([held] if held is not None else []) + store.raw(tag.name, start, end)
    intervals: list[Interval] = []
    worst: tuple[float, float] | None = None
    for i, sample in enumerate(samples):
        since = max(sample.server_time, start)
        until = samples[i + 1].server_time if i + 1 < len(samples) else end
        value = _number(sample)
        if value is None or (until <= since and i + 1 < len(samples)):
            continue
        distance = band.distance(value)
        if distance <= 0.0:
            continue
        if worst is None or distance > worst[0]:
            worst = (distance, value)
        if intervals and intervals[-1][1] >= since:
            intervals[-1] = (intervals[-1][0], max(intervals[-1][1], until))
        else:
            intervals.append((since, until))
    if worst is None:
        return None
    back = intervals[-1][1] if intervals[-1][1] < end else None
    total = sum(b - a for a, b in intervals)
    return Excursion(
        tag.name, tag.unit, band, intervals[0][0], back, total, worst[1], tuple(intervals)
    )


def excursions(
    store: HistoryStore, tags: Iterable[TagDef], start: float, end: float
) -> list[Excursion]:
    """Every tag (of those given, with a band, recorded) that left its band, longest first."""
    recorded = set(store.tag_names())
    found = []
    for tag in tags:
        band = band_of(tag)
        if band is None or tag.name not in recorded:
            continue
        found_one = excursion(store, tag, band, start, end)
        if found_one is not None:
            found.append(found_one)
    return sorted(found, key=lambda e: (-e.outside_s, e.first_out, e.tag))


def merged(intervals: Iterable[Interval]) -> list[Interval]:
    """Overlapping or touching intervals joined, in time order."""
    out: list[Interval] = []
    for a, b in sorted(intervals):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def union_seconds(excursions: Sequence[Excursion]) -> float:
    """How long at least one of the tags was outside its band."""
    return sum(b - a for a, b in merged(i for e in excursions for i in e.intervals))
