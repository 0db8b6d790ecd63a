"""Events and downtime of a period: what stopped, when, for how long, and what it cost.

Each watched unit has a throughput tag (a rectifier series' current, the generator's power,
the raw-coal feed) and a production rate: a unit is stopped while its throughput is below a
tenth of its normal band's low end. An event runs from the stop until the unit is back at the
rate it made before (or the period ends); what it cost is the production short of that rate
over the event (ramp-up included), in the unit's own product: t Mn by Faraday from the
current and the current efficiency (tags/analytics/faraday.py), MWh exported, t clean coal.
The first alarm of the unit around the stop says what stopped it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from tags.alarms.journal import JournalEntry
from tags.alarms.state import JournalEvent
from tags.analytics.energy import bucket_means
from tags.analytics.energy_areas import ElectrolysisSpec
from tags.analytics.faraday import mn_rate_t_h
from tags.config.project import Project
from tags.history.store import HistoryStore

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
    stopped_below: float
    product: str
    """What a stop loses, with its unit: "t Mn", "MWh exported" ..."""
    inputs: tuple[str, ...]
    rate: Rate
    """Production per hour from the inputs' bucket means (None: not known)."""
    trends: tuple[str, ...]
    equipment: tuple[str, ...] = ()
    """Name prefixes of the unit's tags whose alarms may say what stopped it."""


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
        lost = "" if self.lost is None else f", {self.lost:,.3g} {self.product} lost"
        cause = f" ({self.cause})" if self.cause else ""
        return f"{self.title} stopped{cause} for {self.downtime / 60:.0f} min{lost}"


CLEAN, GROSS, NET = "CWP.CLEAN.TPH", "SCO2.GEN.P", "SCO2.NET.P"


def _value(name: str) -> Rate:
    return lambda v: v.get(name)


def watched_units(project: Project) -> list[WatchedUnit]:
    """The units of a project the report watches (those whose tags it has)."""
    tags = project.tags
    units: list[WatchedUnit] = []

    def series_rate(prefix: str, spec: ElectrolysisSpec) -> Rate:
        cells, ce_tag, per_kah = spec.cells_per_series, spec.efficiency_tag, spec.per_kah

        def rate(v: Mapping[str, float | None]) -> float | None:
            current, ce = v.get(f"{prefix}.IDC"), v.get(ce_tag)
            if current is None or ce is None:
                return None
            return mn_rate_t_h(current, cells, ce, per_kah)

        return rate

    for decl in project.analytics.energy.areas:
        spec = decl.spec
        if not isinstance(spec, ElectrolysisSpec) or not spec.efficiency_tag:
            continue
        ce_tag = spec.efficiency_tag
        for n, prefix in enumerate(spec.series, start=1):
            units.append(WatchedUnit(
                prefix, f"Rectifier series {n}", decl.area, f"{prefix}.IDC", 0.0,
                f"{decl.unit} {decl.product}", (f"{prefix}.IDC", ce_tag),
                series_rate(prefix, spec), (f"{prefix}.IDC", f"{prefix}.UDC"),
            ))  # fmt: skip
    units.append(WatchedUnit(
        "SCO2.TURB", "sCO2 turbine-generator", "SCO2", GROSS, 0.0, "MWh exported", (NET,),
        _value(NET), (GROSS, NET, "SCO2.TURB.SPEED"), ("SCO2.TURB", "SCO2.GEN"),
    ))  # fmt: skip
    units.append(WatchedUnit(
        "CWP.FEED", "Coal washing plant feed", "CWP", "CWP.FEED.TPH", 0.0, "t clean coal",
        (CLEAN,), _value(CLEAN), ("CWP.FEED.TPH", CLEAN),
    ))  # fmt: skip
    found = []
    for unit in units:
        tag = tags.get(unit.run_tag)
        if tag is None or tag.normal_low is None:
            continue
        below = STOPPED_SHARE * tag.normal_low
        trends = tuple(t for t in unit.trends if t in tags)
        found.append(WatchedUnit(unit.name, unit.title, unit.area, unit.run_tag, below,
                                 unit.product, unit.inputs, unit.rate, trends,
                                 unit.equipment or (unit.name,)))  # fmt: skip
    return found


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
        if unit.run_tag not in recorded:
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
    names = {unit.run_tag, *(n for n in unit.inputs if n in recorded)}
    means = {n: bucket_means(store, n, first, end, BUCKET) for n in names}
    count = len(means[unit.run_tag])
    times = [first + i * BUCKET for i in range(count)]
    run = means[unit.run_tag]
    rates = [unit.rate({n: m[i] for n, m in means.items()}) for i in range(count)]
    stopped = [r is not None and r < unit.stopped_below for r in run]
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
        return "no alarm of the unit"
    first = min(near, key=lambda e: (e.time, int(e.priority)))
    return first.message or first.alarm


def lost_by_area(events: Sequence[DowntimeEvent]) -> dict[str, float]:
    """What the events cost per area (in each area's product)."""
    out: dict[str, float] = {}
    for e in events:
        if e.lost is not None and math.isfinite(e.lost):
            out[e.area] = out.get(e.area, 0.0) + e.lost
    return out
