"""Alarm-system performance figures after EEMUA 191 / ISA-18.2, live and over any period.

Counted are annunciated activations (an alarm appearing for the operator; re-alarms and
hidden alarms are not counted). Over a period: activations per 10-minute window on average and
at peak (the most in any sliding window), flood periods (a flood begins when more than
``flood_begin`` alarms fall in the window and ends when fewer than ``flood_end`` do) and the
time spent in flood, chattering alarms (``chatter_count`` activations within
``chatter_seconds``), stale alarms (standing longer than ``stale_hours``), the priority mix and
the ten most frequent alarms with their share.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from tags.alarms.settings import KpiSettings
from tags.model import Priority

DAY = 24 * 3600.0


@dataclass(frozen=True, slots=True)
class Activation:
    time: float
    alarm: str
    priority: Priority
    area: str


@dataclass(frozen=True, slots=True)
class FloodPeriod:
    begin: float
    end: float | None
    """None while the flood goes on."""
    peak: int
    """The most alarms in one window during the flood."""


@dataclass(frozen=True, slots=True)
class TopAlarm:
    alarm: str
    count: int
    share: float
    """Of all activations in the period (0..1)."""


@dataclass(frozen=True, slots=True)
class KpiReport:
    start: float
    end: float
    annunciated: int
    average_per_window: float
    peak_per_window: int
    current_window: int
    """Activations in the window that ends at ``end``."""
    floods: tuple[FloodPeriod, ...]
    time_in_flood: float
    in_flood: bool
    chattering: tuple[TopAlarm, ...]
    """Chattering alarms with their activation count in the period."""
    stale: tuple[str, ...]
    priorities: Mapping[Priority, int]
    priority_shares: Mapping[Priority, float]
    top: tuple[TopAlarm, ...]
    window_seconds: float
    target_per_window: float

    @property
    def within_target(self) -> bool:
        return self.average_per_window <= self.target_per_window


def compute_kpis(
    activations: Sequence[Activation],
    start: float,
    end: float,
    settings: KpiSettings,
    standing: Iterable[tuple[str, float]] = (),
) -> KpiReport:
    """The figures of (start, end]; ``activations`` are in time order and may begin before
    ``start`` (one window earlier is enough to know whether a flood was on at ``start``).
    ``standing`` is (alarm, active since) of alarms standing at ``end``."""
    window = settings.window_minutes * 60.0
    inside = [a for a in activations if start < a.time <= end]
    floods, peak, current, flooding = _sweep(activations, start, end, window, settings)
    in_flood_s = sum(min(f.end if f.end is not None else end, end) - max(f.begin, start)
                     for f in floods)  # fmt: skip
    total = len(inside)
    periods = max((end - start) / window, 1.0)
    counts = Counter(a.alarm for a in inside)
    priorities = Counter(a.priority for a in inside)
    stale_after = settings.stale_hours * 3600.0
    return KpiReport(
        start=start,
        end=end,
        annunciated=total,
        average_per_window=total / periods,
        peak_per_window=peak,
        current_window=current,
        floods=tuple(floods),
        time_in_flood=in_flood_s,
        in_flood=flooding,
        chattering=_chattering(inside, settings, total),
        stale=tuple(sorted(name for name, since in standing if end - since >= stale_after)),
        priorities={p: priorities.get(p, 0) for p in Priority},
        priority_shares={p: (priorities.get(p, 0) / total if total else 0.0) for p in Priority},
        top=tuple(TopAlarm(name, n, n / total) for name, n in counts.most_common(10)),
        window_seconds=window,
        target_per_window=settings.target_per_window,
    )


def _sweep(
    activations: Sequence[Activation],
    start: float,
    end: float,
    window: float,
    settings: KpiSettings,
) -> tuple[list[FloodPeriod], int, int, bool]:
    """Walk arrivals (t) and departures (t + window) in time order, tracking the count in the
    sliding window: the floods overlapping [start, end), the peak count, the count at end."""
    recent: deque[float] = deque()
    floods: list[FloodPeriod] = []
    begin: float | None = None
    flood_peak = peak = 0

    def depart_until(moment: float) -> None:
        nonlocal begin, flood_peak
        while recent and recent[0] + window <= moment:
            left = recent.popleft() + window
            if begin is not None and len(recent) < settings.flood_end:
                floods.append(FloodPeriod(begin, left, flood_peak))
                begin = None

    for activation in activations:
        moment = activation.time
        if moment > end:
            break
        if moment <= start - window:
            continue
        depart_until(moment)
        recent.append(moment)
        count = len(recent)
        if moment > start:
            peak = max(peak, count)
        if begin is None and count > settings.flood_begin:
            begin, flood_peak = moment, count
        elif begin is not None:
            flood_peak = max(flood_peak, count)
    depart_until(end)
    current = len(recent)
    if begin is not None:
        floods.append(FloodPeriod(begin, None, flood_peak))
    overlapping = [f for f in floods if f.end is None or f.end > start]
    return overlapping, peak, current, begin is not None


def _chattering(
    inside: Sequence[Activation], settings: KpiSettings, total: int
) -> tuple[TopAlarm, ...]:
    times: dict[str, list[float]] = {}
    for a in inside:
        times.setdefault(a.alarm, []).append(a.time)
    found: list[TopAlarm] = []
    need = settings.chatter_count
    for name, moments in times.items():
        if len(moments) < need:
            continue
        if any(moments[i + need - 1] - moments[i] <= settings.chatter_seconds
               for i in range(len(moments) - need + 1)):  # fmt: skip
            found.append(TopAlarm(name, len(moments), len(moments) / total))
    return tuple(sorted(found, key=lambda t: (-t.count, t.alarm)))


class KpiTracker:
    """Keeps a day (plus one window) of activations in memory for the live figures."""

    def __init__(self, settings: KpiSettings, keep: float = DAY) -> None:
        self.settings = settings
        self.keep = keep + settings.window_minutes * 60.0
        self._recent: deque[Activation] = deque()

    def record(self, activation: Activation) -> None:
        self._recent.append(activation)
        oldest = activation.time - self.keep
        while self._recent and self._recent[0].time < oldest:
            self._recent.popleft()

    def report(
        self,
        now: float,
        period: float,
        *,
        areas: Iterable[str] | None = None,
        standing: Iterable[tuple[str, float]] = (),
    ) -> KpiReport:
        """Figures over the ``period`` seconds up to ``now`` (for some areas, or all)."""
        chosen: Sequence[Activation] = self._recent
        if areas is not None:
            wanted = set(areas)
            chosen = [a for a in self._recent if a.area in wanted]
        return compute_kpis(chosen, now - period, now, self.settings, standing)


@dataclass(frozen=True, slots=True)
class LiveKpis:
    window: KpiReport
    """The sliding window (10 minutes) up to now."""
    day: KpiReport
    """The 24 hours up to now."""
