"""Instrument health: which measurements can't be trusted, and why, worst first.

Per analog measurement (float, not writable, not excluded by ``[plant_analytics.health]
exclude``) from the samples it delivers:

- frozen: no change beyond ``band_percent`` of the range for ``frozen_periods`` scan periods
  and for ten times its usual time between changes (a stuck transmitter, a frozen analyser
  reading); a value never seen to move (a noise-free calculation) is not called frozen;
- out of range: beyond its engineering range, or a quality saying so;
- stuck at a limit: at a range end (``limit_percent``) for as long, unless its normal band
  includes that end (a closed valve reads 0);
- noisy: robust noise (second differences, so a ramp is not noise) above ``noise_percent``
  of the range over ``window_minutes``;
- bad quality: not Good for more than ``bad_percent`` of the window (a fault while it is Bad
  now, a warning while Uncertain, an advisory when intermittent).

Equipment that is off is not a failing instrument: while the ``suppress_when`` condition of
one of a tag's alarms holds (its series tripped, its pump stopped: the project's own state of
the unit), or the ``stopped_when`` of a unit it belongs to (``[plant_analytics.health.units]``,
tags/analytics/stopped_units.py), the tag is not judged, and its runs start afresh when the
unit runs again.

``InstrumentHealth.issues()`` lists them by severity; a listener hears every change. Feed it
batches (``attach``) or samples from history in time order (``feed``). A history keeps a
value only when it moved beyond the historian's deadband (or at its heartbeat), so judged
from history (``confirmed_runs``) a value is frozen only as long as recorded samples repeat
it: a gap between samples is a steady value, not a frozen one. One heartbeat landing within
the band of the value before it is chance (a noisy value moves inside the deadband between
heartbeats); a frozen value is called only once ``HISTORY_REPEATS`` recorded samples repeat it.
"""

from __future__ import annotations

import enum
import fnmatch
import logging
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from tags.alarms.suppression import ConditionError, SuppressionRule
from tags.analytics.config import HealthSettings
from tags.analytics.energy import usable
from tags.analytics.stopped_units import StoppedUnit, unit_rules
from tags.clock import Clock
from tags.i18n.catalogue import text
from tags.i18n.words import word
from tags.model import Batch, DataType, Quality, TagDef, TagSample
from tags.subscription import Listeners, Subscription

if TYPE_CHECKING:
    from tags.database import TagDatabase

log = logging.getLogger(__name__)

NOISE_POINTS = 240
"""Newest values kept per tag for the noise estimate."""
RUN_MEMORY = 50
"""Changes the usual time between changes is averaged over."""
MIN_RUNS = 5
OUT_OF_RANGE_CODES = frozenset(
    {Quality.UNCERTAIN_ENGINEERING_UNITS_EXCEEDED, Quality.BAD_OUT_OF_RANGE}
)
FROZEN_FACTOR = 10.0
HISTORY_REPEATS = 3
"""Recorded samples that must repeat a value before history calls it frozen."""


class Check(enum.Enum):
    OUT_OF_RANGE = "out of range"
    BAD_QUALITY = "bad quality"
    FROZEN = "frozen"
    STUCK_AT_LIMIT = "stuck at limit"
    NOISY = "noisy"


class Severity(enum.IntEnum):
    ADVISORY = 1
    WARNING = 2
    FAULT = 3


@dataclass(frozen=True, slots=True)
class InstrumentIssue:
    tag: str
    area: str
    check: Check
    severity: Severity
    since: float
    detail: str

    @property
    def text(self) -> str:
        return text("health.issue", tag=self.tag, check=word("check", self.check.value),
                    detail=self.detail)  # fmt: skip


def checked(tag: TagDef, settings: HealthSettings) -> bool:
    """Whether a tag is an analog measurement whose health is judged."""
    if tag.data_type is not DataType.FLOAT or tag.writable or tag.states:
        return False
    return not any(fnmatch.fnmatchcase(tag.name, p) for p in settings.exclude)


def off_rules(tag: TagDef, units: Sequence[StoppedUnit] = ()) -> tuple[SuppressionRule, ...]:
    """The conditions under which a tag's equipment is off: its alarms' suppress_when, and
    the stopped condition of each unit it belongs to."""
    rules = [rule for rule in unit_rules(tag.name, units)]
    for alarm in tag.alarms:
        try:
            rule = SuppressionRule.compile(alarm.suppress_when, alarm.suppress_mode)
        except ConditionError:
            continue  # the project check reports it; health cannot use it
        if rule is not None and rule not in rules:
            rules.append(rule)
    return tuple(rules)


def _span(tag: TagDef) -> float | None:
    if tag.eng_low is not None and tag.eng_high is not None and tag.eng_high > tag.eng_low:
        return tag.eng_high - tag.eng_low
    if tag.normal_low is not None and tag.normal_high is not None:
        return max(tag.normal_high - tag.normal_low, 0.0) or None
    return None


def robust_noise(values: Iterable[float]) -> float:
    """Standard deviation of white noise on a signal, blind to steps and ramps."""
    v = np.asarray(list(values), dtype=float)
    if v.size < 8:
        return 0.0
    second = v[2:] - 2.0 * v[1:-1] + v[:-2]
    return 1.4826 * float(np.median(np.abs(second))) / float(np.sqrt(6.0))


class _Monitor:
    """The state one tag's checks need."""

    def __init__(self, tag: TagDef, settings: HealthSettings, now: float) -> None:
        self.tag = tag
        self.span = _span(tag)
        band = 0.0 if self.span is None else settings.band_percent / 100.0 * self.span
        self.band = max(band, 1e-12)
        self.off_rules = off_rules(tag, settings.units)
        self.off = False
        self.run_value: float | None = None
        self.run_start = now
        self.run_confirmed = now
        """The newest sample that repeated the run's value."""
        self.repeats = 0
        """Samples that repeated the run's value."""
        self.runs = 0
        self.typical_run = 0.0
        """Moving average of the time between changes beyond the band."""
        self.last: TagSample | None = None
        self.values: deque[float] = deque(maxlen=NOISE_POINTS)
        self.not_good: deque[tuple[float, bool]] = deque([(now, False)])
        self.out_since: float | None = None

    def switch_off(self, off: bool, t: float) -> None:
        """The equipment stopped (nothing is judged) or runs again (runs start afresh)."""
        if off == self.off:
            return
        self.off = off
        self.run_value, self.run_start, self.run_confirmed = None, t, t
        self.repeats = 0
        self.out_since = None
        self.values.clear()
        self.runs, self.typical_run = 0, 0.0

    def update(self, sample: TagSample) -> None:
        t = sample.server_time
        value = usable(sample)
        good = sample.quality.is_good
        if self.not_good[-1][1] == good:
            self.not_good.append((t, not good))
        self.last = sample
        if value is None:
            self.run_value = None
            return
        self.values.append(value)
        if self.run_value is None or abs(value - self.run_value) > self.band:
            if self.run_value is not None:
                self.runs += 1
                weight = 1.0 / min(self.runs, RUN_MEMORY)
                self.typical_run += weight * (t - self.run_start - self.typical_run)
            self.run_value, self.run_start, self.repeats = value, t, 0
        else:
            self.repeats += 1
        self.run_confirmed = t
        tag = self.tag
        low = tag.eng_low is not None and value < tag.eng_low
        high = tag.eng_high is not None and value > tag.eng_high
        out = low or high or sample.quality in OUT_OF_RANGE_CODES
        if out and self.out_since is None:
            self.out_since = t
        elif not out:
            self.out_since = None

    def not_good_seconds(self, start: float, end: float) -> float:
        """Seconds of ``[start, end)`` the tag was not Good."""
        history = self.not_good
        while len(history) > 1 and history[1][0] <= start:
            history.popleft()
        total = 0.0
        for i, (t, bad) in enumerate(history):
            upto = history[i + 1][0] if i + 1 < len(history) else end
            if bad:
                total += max(0.0, min(upto, end) - max(t, start))
        return total


class InstrumentHealth:
    """The health of every checked measurement of a project."""

    def __init__(
        self,
        tags: Mapping[str, TagDef],
        settings: HealthSettings,
        clock: Clock,
        *,
        evaluate_every: float = 5.0,
        confirmed_runs: bool = False,
    ) -> None:
        self.settings = settings
        self.confirmed_runs = confirmed_runs
        self.clock = clock
        now = clock.now()
        self.evaluate_every = evaluate_every
        self._next_evaluation = now + evaluate_every
        self._monitors = {
            n: _Monitor(t, settings, now) for n, t in tags.items() if checked(t, settings)
        }
        self._states: dict[str, TagSample] = {}
        """Newest samples of the tags that say whether equipment is off."""
        self.state_names = sorted(
            {c for m in self._monitors.values() for r in m.off_rules for c in r.tags}
        )
        self._issues: dict[tuple[str, Check], InstrumentIssue] = {}
        self._listeners: Listeners[list[InstrumentIssue]] = Listeners(log, "instrument health")
        self._subscription: Subscription | None = None
        self.log: list[tuple[InstrumentIssue, float | None]] = []
        """Every issue raised, with the time it cleared (None: still standing)."""

    @property
    def names(self) -> list[str]:
        return list(self._monitors)

    def attach(self, db: TagDatabase) -> None:
        self.detach()
        names = sorted({*self.names, *self.state_names})
        self._subscription = db.subscribe(self.on_batch, tags=names)

    def detach(self) -> None:
        if self._subscription is not None:
            self._subscription.close()
            self._subscription = None

    def subscribe(self, listener: Callable[[list[InstrumentIssue]], None]) -> Subscription:
        """``listener(issues)`` whenever the standing issues or their severities change."""
        return self._listeners.subscribe(listener)

    def on_batch(self, batch: Batch) -> None:
        for name, sample in batch.items():
            self.feed(name, sample)
        now = self.clock.now()
        if now >= self._next_evaluation:
            self._next_evaluation = now + self.evaluate_every
            self.evaluate(now)

    def feed(self, name: str, sample: TagSample) -> None:
        """One sample of one tag (history in time order, or tests)."""
        if name in self._states or name in self.state_names:
            self._states[name] = sample
        monitor = self._monitors.get(name)
        if monitor is not None:
            self._switch(monitor, sample.server_time)
            if not monitor.off:
                monitor.update(sample)

    def _switch(self, monitor: _Monitor, t: float) -> None:
        if monitor.off_rules:
            off = any(rule.holds(self._states) for rule in monitor.off_rules)
            monitor.switch_off(off, t)

    def evaluate(self, now: float | None = None) -> list[InstrumentIssue]:
        """Judge every tag at ``now``; the standing issues, worst first."""
        now = self.clock.now() if now is None else now
        found: dict[tuple[str, Check], InstrumentIssue] = {}
        for name, monitor in self._monitors.items():
            self._switch(monitor, now)
            for check, severity, since, detail in self._judge(monitor, now):
                old = self._issues.get((name, check))
                start = old.since if old is not None else since
                area = monitor.tag.area
                found[(name, check)] = InstrumentIssue(name, area, check, severity, start, detail)
        changed = found.keys() != self._issues.keys() or any(
            found[k].severity != self._issues[k].severity for k in found
        )
        for key, issue in found.items():
            if key not in self._issues:
                self.log.append((issue, None))
        for key in self._issues.keys() - found.keys():
            self.log = [(i, now if (i.tag, i.check) == key and c is None else c)
                        for i, c in self.log]  # fmt: skip
        self._issues = found
        issues = self.issues()
        if changed:
            self._listeners.notify(issues)
        return issues

    def issues(self) -> list[InstrumentIssue]:
        """Standing issues: by severity, then kind (range, quality, frozen, stuck, noise)."""
        rank = {check: n for n, check in enumerate(Check)}
        return sorted(
            self._issues.values(), key=lambda i: (-i.severity, rank[i.check], i.since, i.tag)
        )

    def _judge(self, m: _Monitor, now: float) -> Iterable[tuple[Check, Severity, float, str]]:
        s, tag, last = self.settings, m.tag, m.last
        if last is None or m.off:
            return
        window = s.window_minutes * 60.0
        held = (m.run_confirmed if self.confirmed_runs else now) - m.run_start
        limit_time = s.frozen_periods * tag.scan_period
        moved = m.runs >= MIN_RUNS and held >= FROZEN_FACTOR * m.typical_run
        if self.confirmed_runs and m.repeats < HISTORY_REPEATS:
            moved = False  # not yet repeated often enough to be more than chance
        unit = f" {tag.unit}" if tag.unit else ""
        if m.out_since is not None:
            yield (
                Check.OUT_OF_RANGE,
                Severity.FAULT,
                m.out_since,
                text(
                    "health.out_of_range",
                    value=f"{tag.format_value(last.value)}{unit}",
                    low=f"{tag.eng_low:g}",
                    high=f"{tag.eng_high:g}",
                    unit=unit,
                    quality=word("quality", last.quality.label),
                ),
            )
        bad = m.not_good_seconds(now - window, now)
        if bad > s.bad_percent / 100.0 * window or last.quality.is_bad:
            severity = (
                Severity.FAULT if last.quality.is_bad
                else Severity.WARNING if not last.quality.is_good
                else Severity.ADVISORY
            )  # fmt: skip
            reason = text("health.reason", reason=last.reason) if last.reason else ""
            yield (
                Check.BAD_QUALITY,
                severity,
                now - bad,
                text(
                    "health.bad_quality",
                    percent=f"{100.0 * bad / window:.0f}",
                    minutes=f"{s.window_minutes:g}",
                    quality=word("quality", last.quality.label),
                    reason=reason,
                ),
            )
        if m.run_value is not None and held >= limit_time and m.span is not None:
            at_low = tag.eng_low is not None and abs(m.run_value - tag.eng_low) <= (
                s.limit_percent / 100.0 * m.span
            )
            at_high = tag.eng_high is not None and abs(m.run_value - tag.eng_high) <= (
                s.limit_percent / 100.0 * m.span
            )
            normal_low = (
                tag.normal_low is not None
                and tag.eng_low is not None
                and (tag.normal_low <= tag.eng_low)
            )
            normal_high = (
                tag.normal_high is not None
                and tag.eng_high is not None
                and (tag.normal_high >= tag.eng_high)
            )
            value = f"{tag.format_value(m.run_value)}{unit}"
            if (at_low and not normal_low) or (at_high and not normal_high):
                stuck = "health.stuck_low" if at_low else "health.stuck_high"
                yield (
                    Check.STUCK_AT_LIMIT,
                    Severity.WARNING,
                    m.run_start,
                    text(stuck, value=value, minutes=f"{held / 60.0:.0f}"),
                )
            elif moved and not (at_low or at_high):
                evidence = (
                    text("health.samples", count=m.repeats + 1)
                    if self.confirmed_runs
                    else text("health.scans", count=f"{held / tag.scan_period:.0f}")
                )
                yield (
                    Check.FROZEN,
                    Severity.WARNING,
                    m.run_start,
                    text(
                        "health.frozen",
                        value=value,
                        minutes=f"{held / 60.0:.0f}",
                        evidence=evidence,
                    ),
                )
        if m.span is not None and len(m.values) >= 8:
            noise = robust_noise(m.values)
            if noise > s.noise_percent / 100.0 * m.span:
                yield (
                    Check.NOISY,
                    Severity.ADVISORY,
                    now,
                    text(
                        "health.noisy",
                        noise=f"{tag.format_value(noise)}{unit}",
                        percent=f"{100.0 * noise / m.span:.1f}",
                    ),
                )
