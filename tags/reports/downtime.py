"""Events and downtime of a period: what stopped, when, for how long, and what it cost.

The units watched are those the project's areas declare (``[[areas.X.report.downtime]]``,
tags/reports/area_report.py). A unit is stopped while its throughput tag (a rectifier series'
current, a generator's power, a feed) is below a tenth of its normal band's low end, or while
its declared conditions hold on the recorded means (a drive's run signal). An event runs from
the stop until the unit is back at the rate it made before (or the period ends); what it cost
is the production short of that rate over the event (ramp-up included), in the unit's own
product: the declared rate is a factor times the product of tags (current x efficiency x the
Faraday figure per series, MW exported, t/h of product). The first alarm of the unit around
the stop says what stopped it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from tags.alarms.journal import JournalEntry
from tags.alarms.state import JournalEvent
from tags.alarms.suppression import SuppressionRule
from tags.analytics.energy import bucket_means, usable
from tags.config.project import Project
from tags.history.store import HistoryStore
from tags.i18n.catalogue import text
from tags.i18n.descriptions import in_language
from tags.model import TagDef, TagSample
from tags.reports.area_report import DowntimeUnit

BUCKET = 10.0
"""Seconds: the resolution events are found at."""
LOOKBACK = 900.0
"""The rate a unit made before a stop is averaged over this long before it."""
RECOVERED = 0.98
"""A unit is back when it makes this share of its rate before the stop."""
STOPPED_SHARE = 0.1
"""Stopped: throughput below this share of its normal low."""
CAUSE_BEFORE, CAUSE_AFTER = 60.0, 30.0

Rate = Callable[[Mapping[str, float | None]], float | None]


@dataclass(frozen=True)
class WatchedUnit:
    """A unit whose stops the report lists."""

    name: str
    title: str
    area: str
    run_tag: str
    """The throughput tag ("" when the unit is stopped by conditions instead)."""
    stopped_below: float
    product: str
    """What a stop loses, with its unit: "t Mn", "MWh exported" ..."""
    inputs: tuple[str, ...]
    rate: Rate
    """Production per hour from the inputs' bucket means (None: not known)."""
    trends: tuple[str, ...]
    equipment: tuple[str, ...] = ()
    """Name prefixes of the unit's tags whose alarms may say what stopped it."""
    stopped_when: SuppressionRule | None = None
    """Conditions on the bucket means that say the unit is stopped (instead of run_tag)."""

    @property
    def state_tags(self) -> tuple[str, ...]:
        """The tags whose means say whether the unit runs."""
        if self.stopped_when is not None:
            return tuple(sorted(self.stopped_when.tags))
        return (self.run_tag,)

    def is_stopped(self, means: Mapping[str, float | None]) -> bool:
        if self.stopped_when is not None:
            return self.stopped_when.holds_numbers(means)
        run = means.get(self.run_tag)
        return run is not None and run < self.stopped_below


@dataclass(frozen=True)
class DowntimeEvent:
    unit: str
    title: str
    area: str
    stopped: float
    restarted: float | None
    """When throughput came back; None: still stopped at the end of the period."""
    recovered: float | None
    """When the unit was back at its rate before the stop; None: not within the period."""
    end: float
    """The end of the event within the period (recovered, else the period's end)."""
    downtime: float
    """Seconds stopped within the period."""
    lost: float | None
    product: str
    rate_before: float | None
    cause: str
    trends: tuple[str, ...]

    @property
    def text(self) -> str:
        lost = "" if self.lost is None else text("report.event_lost", lost=f"{self.lost:,.3g}",
                                                 product=self.product)  # fmt: skip
        cause = text("report.event_cause", cause=self.cause) if self.cause else ""
        return text("report.event", unit=self.title, cause=cause, lost=lost,
                    minutes=f"{self.downtime / 60:.0f}")  # fmt: skip


def state_number(sample: TagSample | None) -> float | None:
    """A run signal as a number (True 1, False 0) so its mean can be judged; numbers as is."""
    if sample is not None and not sample.quality.is_bad and isinstance(sample.value, bool):
        return float(sample.value)
    return usable(sample)


def _product_rate(tags: tuple[str, ...], factor: float) -> Rate:
    """``factor`` times the product of the tags' values (None while one is not known)."""

    def rate(values: Mapping[str, float | None]) -> float | None:
        result = factor
        for name in tags:
            value = values.get(name)
            if value is None:
                return None
            result *= value
        return result

    return rate


def _no_rate(values: Mapping[str, float | None]) -> float | None:
    return None


def watched_unit(area: str, declared: DowntimeUnit, tags: Mapping[str, TagDef]) -> WatchedUnit:
    """A declared unit ready to be watched: its stop threshold from its throughput tag's normal
    band, its trends those the project has."""
    run_tag = declared.running
    below = 0.0
    if run_tag and (low := tags[run_tag].normal_low) is not None:
        below = STOPPED_SHARE * low
    rate = _product_rate(declared.rate, declared.rate_factor) if declared.rate else _no_rate
    return WatchedUnit(
        declared.unit, in_language(declared.title, declared.title_zh), area, run_tag, below,
        declared.product, declared.rate, rate, tuple(t for t in declared.trends if t in tags),
        declared.equipment, declared.stopped_when,
    )  # fmt: skip


def watched_units(project: Project) -> list[WatchedUnit]:
    """The units the project's areas declare the report watches (``[[areas.X.report.downtime]]``,
    tags/reports/area_report.py), in area order."""
    return [
        watched_unit(area.name, declared, project.tags)
        for area in project.areas.values()
        for declared in area.report.downtime
    ]


def find_events(
    store: HistoryStore,
    units: Sequence[WatchedUnit],
    start: float,
    end: float,
    journal: Sequence[JournalEntry] | None = None,
) -> list[DowntimeEvent]:
    """The stops of ``[start, end)`` in time order; with the alarm journal, what stopped
    each (without it, the cause is left empty)."""
    recorded = set(store.tag_names())
    events: list[DowntimeEvent] = []
    for unit in units:
        if not any(name in recorded for name in unit.state_tags):
            continue
        events += _unit_events(store, unit, start, end, journal, recorded)
    return sorted(events, key=lambda e: (e.stopped, e.unit))


def _unit_events(
    store: HistoryStore,
    unit: WatchedUnit,
    start: float,
    end: float,
    journal: Sequence[JournalEntry] | None,
    recorded: set[str],
) -> list[DowntimeEvent]:
    first = start - LOOKBACK
    names = {n for n in (*unit.state_tags, *unit.inputs) if n in recorded}
    means = {n: bucket_means(store, n, first, end, BUCKET, state_number) for n in names}
    count = min(len(m) for m in means.values())
    times = [first + i * BUCKET for i in range(count)]
    at = [{n: m[i] for n, m in means.items()} for i in range(count)]
    rates = [unit.rate(values) for values in at]
    stopped = [unit.is_stopped(values) for values in at]
    events: list[DowntimeEvent] = []
    i = next((k for k, t in enumerate(times) if t >= start), count)
    while i < count:
        if not stopped[i] or (i > 0 and stopped[i - 1] and times[i] > start):
            i += 1
            continue
        j = i
        while j < count and stopped[j]:
            j += 1
        before = [r for r, t, s in zip(rates, times, stopped, strict=True)
                  if times[i] - LOOKBACK <= t < times[i] and not s and r is not None]  # fmt: skip
        reference = sum(before) / len(before) if before else None
        k = j
        if reference is not None:
            while k < count and (rates[k] is None or rates[k] < RECOVERED * reference):  # type: ignore[operator]
                k += 1
        stop_time = max(times[i], start)
        restarted = times[j] if j < count else None
        recovered = times[k] if k < count and restarted is not None else None
        event_end = recovered if recovered is not None else end
        lost = None
        if reference is not None:
            lost = sum(
                max(reference - (rates[m] or 0.0), 0.0) * BUCKET / 3600.0
                for m in range(i, min(k, count))
            )
        events.append(DowntimeEvent(
            unit=unit.name, title=unit.title, area=unit.area, stopped=stop_time,
            restarted=restarted, recovered=recovered, end=event_end,
            downtime=(restarted if restarted is not None else end) - stop_time,
            lost=lost, product=unit.product, rate_before=reference,
            cause=_cause(unit, stop_time, journal), trends=unit.trends,
        ))  # fmt: skip
        i = max(k, j)
    return events


def _cause(unit: WatchedUnit, stopped: float, journal: Sequence[JournalEntry] | None) -> str:
    """The first alarm of the unit raised around the stop, by priority, else a plain word."""
    if journal is None:
        return ""
    prefixes = tuple(f"{p}." for p in unit.equipment or (unit.name,))
    near = [
        e for e in journal
        if e.event is JournalEvent.ACTIVE and e.tag.startswith(prefixes)
        and stopped - CAUSE_BEFORE <= e.time <= stopped + CAUSE_AFTER
    ]  # fmt: skip
    if not near:
        return text("report.no_unit_alarm")
    first = min(near, key=lambda e: (e.time, int(e.priority)))
    return first.message or first.alarm


def lost_by_area(events: Sequence[DowntimeEvent]) -> dict[str, float]:
    """What the events cost per area (in each area's product)."""
    out: dict[str, float] = {}
    for e in events:
        if e.lost is not None and math.isfinite(e.lost):
            out[e.area] = out.get(e.area, 0.0) + e.lost
    return out
