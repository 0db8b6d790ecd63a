"""Predictive warnings: when will a tag cross its next alarm limit, judging by its trend?

For every tag with HI/HIHI/LO/LOLO limits (those ``[plant_analytics.prediction] tags`` and
``exclude`` choose), ``TrendPredictor`` samples the newest usable value
every ``sample_seconds``, fits a robust line (Theil–Sen, tags/analytics/trend_fit.py) to the last
``window_minutes`` (and to its newest half and quarter, so an upset that began inside the
window is seen at its own pace) and, when a line is confident (``|tau| >= min_confidence``)
and reaches the next limit in its direction within ``horizon_minutes``, raises a warning such as
"AREA.CLEAN.ASH reaches 10.5 % in about 14 min". Warnings are their own list, never alarms:
nothing is journaled or annunciated. A raised warning is kept while the trend holds (a little
hysteresis on confidence and horizon) and clears itself when the trend turns, flattens or the
value passes the limit (its alarm takes over; the next limit may get a warning of its own).
No warning for equipment that is off (an alarm of the tag suppressed by design, a unit of
``[plant_analytics.health.units]`` stopped): its alarm will not come; the trend starts afresh
when it runs again.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tags.analytics.config import PredictionSettings, predicted
from tags.analytics.energy import usable
from tags.analytics.instrument_health import off_rules
from tags.analytics.stopped_units import StoppedUnit
from tags.analytics.trend_fit import TrendFit, theil_sen
from tags.clock import Clock
from tags.i18n.catalogue import text
from tags.model import AlarmKind, Batch, TagDef, TagSample
from tags.subscription import Listeners, Subscription

if TYPE_CHECKING:
    from tags.database import TagDatabase

log = logging.getLogger(__name__)

HIGH_KINDS = (AlarmKind.HI, AlarmKind.HIHI)
LOW_KINDS = (AlarmKind.LO, AlarmKind.LOLO)
KEEP_CONFIDENCE = 0.75
"""A raised warning stays while the confidence is above this share of ``min_confidence`` ..."""
KEEP_HORIZON = 1.5
"""... and the limit is within this multiple of the horizon."""
WINDOW_PARTS = (1, 2, 4)
"""The trend is fitted over the whole window and over its newest half and quarter; the
confident fit reaching a limit soonest counts ..."""
REACH = 4.0
"""... as far ahead as four times the time it was fitted over (and the horizon) ..."""
SIGNIFICANCE = 7.0
"""A half or quarter counts when its line moved at least this many standard deviations of
the values before it (wandering noise can look like a short trend)."""

Listener = Callable[[list["PredictiveWarning"]], None]


@dataclass(frozen=True, slots=True)
class Limit:
    alarm: str
    kind: AlarmKind
    value: float
    rising: bool


@dataclass(frozen=True, slots=True)
class PredictiveWarning:
    """One tag heading for one of its limits."""

    tag: str
    area: str
    alarm: str
    """The alarm the limit belongs to (``AREA.CLEAN.ASH.HI``)."""
    kind: AlarmKind
    limit: float
    unit: str
    value: float
    """The fitted present value."""
    rate_per_minute: float
    seconds: float
    """Until the limit, from ``time``."""
    time: float
    confidence: float
    since: float
    """When the warning was first raised."""

    @property
    def eta(self) -> float:
        return self.time + self.seconds

    @property
    def text(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return text("predict.reaches", tag=self.tag, limit=f"{self.limit:g}{unit}",
                    when=in_about(self.seconds))  # fmt: skip


def in_about(seconds: float) -> str:
    minutes = seconds / 60.0
    if minutes < 1.0:
        return text("predict.under_a_minute")
    if minutes < 90.0:
        return text("predict.minutes", minutes=round(minutes))
    return text("predict.hours", hours=f"{minutes / 60.0:.1f}")


def limits_of(tag: TagDef) -> list[Limit]:
    """The absolute limits of a tag's alarms, the ones a trend can run into."""
    return [
        Limit(a.name, a.kind, float(a.limit), a.kind in HIGH_KINDS)
        for a in tag.alarms
        if a.kind in HIGH_KINDS + LOW_KINDS and a.limit is not None
    ]


def spread(values: list[float]) -> float:
    """Robust standard deviation of values around their median."""
    if not values:
        return 0.0
    ordered = sorted(values)
    middle = ordered[len(ordered) // 2]
    deviations = sorted(abs(v - middle) for v in values)
    return 1.4826 * deviations[len(deviations) // 2]


def next_limit(limits: list[Limit], fit: TrendFit) -> Limit | None:
    """The nearest limit ahead of the fitted value in the direction it moves."""
    if fit.slope > 0:
        ahead = [x for x in limits if x.rising and x.value > fit.level]
        return min(ahead, key=lambda x: x.value, default=None)
    if fit.slope < 0:
        ahead = [x for x in limits if not x.rising and x.value < fit.level]
        return max(ahead, key=lambda x: x.value, default=None)
    return None


class TrendPredictor:
    """Predictive warnings for the tags with limit alarms; feed it batches or points."""

    def __init__(
        self,
        tags: Mapping[str, TagDef],
        settings: PredictionSettings,
        clock: Clock,
        units: Sequence[StoppedUnit] = (),
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.tags = {n: t for n, t in tags.items() if limits_of(t) and predicted(settings, n)}
        self._limits = {n: limits_of(t) for n, t in self.tags.items()}
        self._off_rules = {n: r for n, t in self.tags.items() if (r := off_rules(t, units))}
        """Per tag, when its equipment is off: no trend then, and its alarm is not expected."""
        self.state_names = sorted(
            {c for rs in self._off_rules.values() for r in rs for c in r.tags}
        )
        self._states: dict[str, TagSample] = {}
        self._points: dict[str, deque[tuple[float, float]]] = {n: deque() for n in self.tags}
        self._held: dict[str, float | None] = {}
        self._warnings: dict[str, PredictiveWarning] = {}
        self._next_sample = clock.now()
        self._listeners: Listeners[list[PredictiveWarning]] = Listeners(log, "prediction")
        self._subscription: Subscription | None = None

    @property
    def names(self) -> list[str]:
        return list(self.tags)

    def attach(self, db: TagDatabase) -> None:
        self.detach()
        names = sorted({*self.names, *self.state_names})
        self._subscription = db.subscribe(self.on_batch, tags=names, initial=True)

    def detach(self) -> None:
        if self._subscription is not None:
            self._subscription.close()
            self._subscription = None

    def subscribe(self, listener: Listener) -> Subscription:
        """``listener(warnings)`` whenever the list or a warning's text changes."""
        return self._listeners.subscribe(listener)

    def on_batch(self, batch: Batch) -> None:
        held, states = self._held, self._states
        for name, sample in batch.items():
            held[name] = usable(sample)
            if name in self._off_rules or name in self.state_names:
                states[name] = sample
        self.tick()

    def is_off(self, name: str) -> bool:
        """Whether a tag's equipment is off now (an alarm suppressed by design, a unit
        stopped)."""
        return any(rule.holds(self._states) for rule in self._off_rules.get(name, ()))

    def tick(self) -> None:
        """Sample and evaluate when a sample is due (batches call it; a timer may too)."""
        now = self.clock.now()
        if now < self._next_sample:
            return
        step = self.settings.sample_seconds
        self._next_sample = max(self._next_sample + step, now)
        for name, value in self._held.items():
            if name not in self._points:
                continue
            if self.is_off(name):  # no trend of equipment that is off; afresh when it runs
                self._points[name].clear()
            elif value is not None:
                self.add(name, now, value)
        self.evaluate(now)

    def add(self, tag: str, t: float, value: float) -> None:
        """One point of a tag's recent history (in time order)."""
        points = self._points[tag]
        points.append((t, value))
        oldest = t - self.settings.window_minutes * 60.0
        while points and points[0][0] < oldest:
            points.popleft()

    def evaluate(self, now: float) -> list[PredictiveWarning]:
        """Refit every tag; the warnings now standing (listeners hear of any change)."""
        before = {n: w.text for n, w in self._warnings.items()}
        for name in self.tags:
            found = self._judge(name, now)
            if found is None:
                self._warnings.pop(name, None)
            else:
                self._warnings[name] = found
        current = self.warnings()
        if {n: w.text for n, w in self._warnings.items()} != before:
            self._listeners.notify(current)
        return current

    def _judge(self, name: str, now: float) -> PredictiveWarning | None:
        settings = self.settings
        points = self._points[name]
        oldest = now - settings.window_minutes * 60.0
        while points and points[0][0] < oldest:
            points.popleft()
        if len(points) < settings.min_points:
            return None
        times = [p[0] for p in points]
        values = [p[1] for p in points]
        old = self._warnings.get(name)
        best: tuple[float, TrendFit, Limit] | None = None
        for part in WINDOW_PARTS:  # an upset that began inside the window shows best late
            first = len(times) - max(settings.min_points, len(times) // part)
            if part > 1 and first <= 0:
                break
            fit = theil_sen(times[first:], values[first:])
            if fit is None:
                continue
            span = times[-1] - times[first]
            if part > 1 and abs(fit.slope) * span < SIGNIFICANCE * spread(values[:first]):
                continue  # a short stretch must move beyond what the value did before it
            limit = next_limit(self._limits[name], fit)
            seconds = None if limit is None else fit.time_to(limit.value)
            if limit is None or seconds is None:
                continue
            seconds = max(0.0, seconds - (now - fit.t_end))
            kept = old is not None and old.alarm == limit.alarm
            if self._confident(fit, seconds, kept, REACH * span) and (
                best is None or seconds < best[0]
            ):
                best = (seconds, fit, limit)
        if best is None:
            return None
        seconds, fit, limit = best
        kept = old is not None and old.alarm == limit.alarm
        tag = self.tags[name]
        return PredictiveWarning(
            tag=name,
            area=tag.area,
            alarm=limit.alarm,
            kind=limit.kind,
            limit=limit.value,
            unit=tag.unit,
            value=fit.value_at(now),
            rate_per_minute=fit.slope * 60.0,
            seconds=seconds,
            time=now,
            confidence=fit.confidence,
            since=old.since if old is not None and kept else now,
        )

    def _confident(self, fit: TrendFit, seconds: float, kept: bool, reach: float) -> bool:
        """Raise on a clear trend inside the horizon; keep a raised one with some slack."""
        settings = self.settings
        horizon = min(settings.horizon_minutes * 60.0, reach)
        if kept:
            return (
                fit.confidence >= settings.min_confidence * KEEP_CONFIDENCE
                and seconds <= horizon * KEEP_HORIZON
            )
        return fit.confidence >= settings.min_confidence and seconds <= horizon

    def warnings(self) -> list[PredictiveWarning]:
        """Standing warnings, the soonest first."""
        return sorted(self._warnings.values(), key=lambda w: (w.seconds, w.tag))

    def warning_for(self, tag: str) -> PredictiveWarning | None:
        """The warning of one tag (for its faceplate), if any."""
        return self._warnings.get(tag)
