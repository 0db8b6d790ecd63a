"""Energy analysis of the declared areas: from recorded history and live.

``EnergyAnalysis`` answers from a HistoryStore (call it on the historian's reader thread:
``historian.query(lambda store: analysis.period(store, a, b))``): figures of any period, per
hour/shift/day/week, compared with the project's targets, exported to CSV
(tags/analytics/energy_figures.py). Values are step-held between samples and averaged per bucket
(``[plant_analytics.energy] bucket_seconds``) before they are multiplied, so U·I is exact for
values steady within a bucket.

``LiveEnergy`` subscribes to the TagDatabase and integrates the held values between batches:
instantaneous figures, the current shift so far and the shift before; a listener gets a
``LiveEnergySnapshot`` at most once per ``notify_interval``.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tags.analytics.config import AnalyticsSettings
from tags.analytics.energy_figures import EnergyFigures, TargetCheck, compare, figures
from tags.analytics.energy_instant import InstantEnergy, instant_values
from tags.analytics.energy_totals import EnergyTags, EnergyTotals
from tags.analytics.shift_calendar import ShiftCalendar
from tags.analytics.tariff import Tariff

__all__ = ["EnergyAnalysis", "InstantEnergy", "LiveEnergy", "LiveEnergySnapshot"]
from tags.clock import Clock
from tags.history.store import HistoryStore
from tags.model import Batch, TagDef, TagSample
from tags.subscription import Listeners, Subscription

if TYPE_CHECKING:
    from tags.config.project import Project
    from tags.database import TagDatabase

log = logging.getLogger(__name__)

ROLLUP_WIDTH = 600.0
"""Buckets at least this wide are read as statistics (rollups) instead of raw samples."""


def usable(sample: TagSample | None) -> float | None:
    """The sample's value as a number, None when Bad or not numeric."""
    if sample is None or sample.quality.is_bad:
        return None
    value = sample.value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def bucket_means(
    store: HistoryStore,
    name: str,
    start: float,
    end: float,
    width: float,
    number: Callable[[TagSample | None], float | None] = usable,
) -> list[float | None]:
    """Time-weighted mean of the usable values of one tag per bucket of ``[start, end)``
    (``number`` says which are usable and as what: by default, numbers that are not bool)."""
    n = max(1, math.ceil((end - start) / width - 1e-9))
    if width >= ROLLUP_WIDTH and number is usable:
        means: list[float | None] = []
        for i in range(n):
            stats = store.statistics(name, start + i * width, min(start + (i + 1) * width, end))
            means.append(stats.time_weighted_mean)
        return means
    integ = [0.0] * n
    used = [0.0] * n

    def add(a: float, b: float, value: float | None) -> None:
        if value is None or b <= a:
            return
        i = min(int((a - start) / width), n - 1)
        while a < b and i < n:
            upto = min(b, start + (i + 1) * width) if i < n - 1 else b
            integ[i] += value * (upto - a)
            used[i] += upto - a
            a, i = upto, i + 1

    held = number(store.values_at([name], start).get(name))
    t = start
    for sample in store.raw(name, start, end):
        add(t, sample.server_time, held)
        t, held = sample.server_time, number(sample)
    add(t, end, held)
    return [s / u if u > 0 else None for s, u in zip(integ, used, strict=True)]


class EnergyAnalysis:
    """Energy figures of recorded periods (pure: pass the store)."""

    def __init__(self, settings: AnalyticsSettings, units: Mapping[str, str] | None = None):
        self.settings = settings
        self.tags = EnergyTags.from_areas(settings.energy.areas, units)
        self.tariff = Tariff.from_settings(settings)
        self.calendar = ShiftCalendar.from_settings(settings)
        self.currency = settings.tariff.currency

    @classmethod
    def from_project(cls, project: Project) -> EnergyAnalysis:
        units = {name: tag.unit for name, tag in project.tags.items()}
        return cls(project.analytics, units)

    def totals(
        self, store: HistoryStore, start: float, end: float, bucket: float | None = None
    ) -> EnergyTotals:
        width = bucket or self.settings.energy.bucket_seconds
        recorded = set(store.tag_names())
        names = [n for n in self.tags.names() if n in recorded]
        means = {n: bucket_means(store, n, start, end, width) for n in names}
        totals = EnergyTotals(start, start)
        count = max(1, math.ceil((end - start) / width - 1e-9))
        for i in range(count):
            a, b = start + i * width, min(start + (i + 1) * width, end)
            totals.add(a, b, {n: m[i] for n, m in means.items()}, self.tags, self.tariff)
        return totals

    def period(
        self, store: HistoryStore, start: float, end: float, label: str = ""
    ) -> EnergyFigures:
        """The figures of ``[start, end)``."""
        return figures(self.totals(store, start, end), self.tags, self.currency, label)

    def series(
        self, store: HistoryStore, kind: str, start: float, end: float
    ) -> list[EnergyFigures]:
        """Figures per hour, shift, day or week overlapping ``[start, end)`` (clipped to it)."""
        rows: list[EnergyFigures] = []
        for p in self.calendar.periods(kind, start, end):
            a, b = max(p.start, start), min(p.end, end)
            if b > a:
                rows.append(self.period(store, a, b, p.label))
        return rows

    def compare(self, f: EnergyFigures) -> list[TargetCheck]:
        return compare(f, self.settings.energy.areas)


# live ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LiveEnergySnapshot:
    instant: InstantEnergy
    shift: EnergyFigures
    """The current shift so far (from when integration began, if that was later)."""
    previous_shift: EnergyFigures | None
    targets: tuple[TargetCheck, ...]
    """The current shift against the targets."""


class LiveEnergy:
    """Energy figures of the running plant, integrated batch by batch."""

    def __init__(
        self,
        tags: Mapping[str, TagDef],
        settings: AnalyticsSettings,
        clock: Clock,
        *,
        notify_interval: float = 1.0,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.energy_tags = EnergyTags.from_areas(
            settings.energy.areas, {n: t.unit for n, t in tags.items()}
        )
        self.names = [n for n in self.energy_tags.names() if n in tags]
        self.tariff = Tariff.from_settings(settings)
        self.calendar = ShiftCalendar.from_settings(settings)
        self.notify_interval = notify_interval
        self.values: dict[str, float | None] = {}
        now = clock.now()
        self._shift = self.calendar.shift_at(now)
        self._totals = EnergyTotals(now, now)
        self._previous: EnergyFigures | None = None
        self._last = now
        self._notified = -math.inf
        self._listeners: Listeners[LiveEnergySnapshot] = Listeners(log, "energy")
        self._subscription: Subscription | None = None

    def attach(self, db: TagDatabase) -> None:
        self.detach()
        self._subscription = db.subscribe(self.on_batch, tags=self.names, initial=True)

    def detach(self) -> None:
        if self._subscription is not None:
            self._subscription.close()
            self._subscription = None

    def subscribe(self, listener: Callable[[LiveEnergySnapshot], None]) -> Subscription:
        """``listener(snapshot)`` after a batch, at most every ``notify_interval`` seconds."""
        return self._listeners.subscribe(listener)

    def on_batch(self, batch: Batch) -> None:
        self.advance(self.clock.now())
        for name, sample in batch.items():
            self.values[name] = usable(sample)
        now = self.clock.now()
        if self._listeners and now - self._notified >= self.notify_interval:
            self._notified = now
            self._listeners.notify(self.snapshot())

    def advance(self, now: float) -> None:
        """Integrate the held values up to ``now``, closing shifts on the way."""
        while now > self._last:
            upto = min(now, self._shift.end)
            self._totals.add(self._last, upto, self.values, self.energy_tags, self.tariff)
            self._last = upto
            if upto >= self._shift.end:
                self._previous = self._figures(self._totals, self._shift.label)
                self._shift = self.calendar.shift_at(upto)
                self._totals = EnergyTotals(upto, upto)

    def _figures(self, totals: EnergyTotals, label: str) -> EnergyFigures:
        return figures(totals, self.energy_tags, self.settings.tariff.currency, label)

    def snapshot(self) -> LiveEnergySnapshot:
        now = self.clock.now()
        self.advance(now)
        shift = self._figures(self._totals, self._shift.label)
        return LiveEnergySnapshot(
            instant=self.instant(now),
            shift=shift,
            previous_shift=self._previous,
            targets=tuple(compare(shift, self.settings.energy.areas)),
        )

    def instant(self, now: float) -> InstantEnergy:
        band = self.tariff.band_at(now)
        return InstantEnergy(
            time=now,
            band=band.value,
            price=self.tariff.prices[band],
            areas=instant_values(self.energy_tags, self.values),
        )
