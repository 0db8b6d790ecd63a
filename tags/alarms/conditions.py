"""The test behind each alarm kind: is the alarm condition present for this value?

A check gets the tag's value as a number (None when it is Bad or not a number), the engine's
latest samples and whether the alarm is active now, because the deadband applies on return:
a HI alarm activates at ``value >= limit`` and returns only below ``limit - deadband``. It
answers None when it cannot tell (no usable value or setpoint): the alarm is then left as it
is. Rate of change is in engineering units per minute, measured over ``rate_window`` seconds
of source timestamps; deviation compares with the setpoint tag's current value.
"""

from __future__ import annotations

import functools
import math
from collections import deque
from collections.abc import Callable, Mapping

from tags.model import AlarmDef, AlarmKind, Quality, TagSample

Check = Callable[[float | None, Mapping[str, TagSample], bool], bool | None]

_BAD = int(Quality.BAD)


def number(sample: TagSample | None) -> float | None:
    """The sample's value as a float, or None when it is Bad, missing or not a number."""
    if sample is None or sample.quality >= _BAD:
        return None
    value = sample.value
    if isinstance(value, float):
        return value if value == value else None  # NaN is not a usable number
    if isinstance(value, bool | int):
        return float(value)
    return None


def no_check(value: float | None, samples: Mapping[str, TagSample], active: bool) -> bool | None:
    """The bad-quality alarm has no value test: the engine drives it from the quality."""
    return None


def make_check(alarm: AlarmDef, rate_window: float) -> Check:
    """The condition test of one alarm (``no_check`` for a bad-quality alarm)."""
    kind = alarm.kind
    limit = alarm.limit if alarm.limit is not None else math.inf
    band = alarm.deadband
    if kind in (AlarmKind.HI, AlarmKind.HIHI):
        return _above(limit, limit - band)
    if kind in (AlarmKind.LO, AlarmKind.LOLO):
        return _below(limit, limit + band)
    if kind in (AlarmKind.DEVIATION_HI, AlarmKind.DEVIATION_HIHI):
        return _deviation(str(alarm.setpoint_tag), _above(limit, limit - band))
    if kind in (AlarmKind.DEVIATION_LO, AlarmKind.DEVIATION_LOLO):
        return _deviation(str(alarm.setpoint_tag), _below(-limit, -limit + band))
    if kind is AlarmKind.DISCRETE:
        return _discrete(limit)
    if kind is AlarmKind.RATE:
        return RateCheck(alarm.tag, limit, band, rate_window)
    if kind is AlarmKind.BAD_QUALITY:
        return no_check
    raise ValueError(f"{alarm.name}: no condition test for {kind.value} alarms")


@functools.lru_cache(maxsize=16384)  # stateless: alarms with the same limits share one
def _above(on: float, off: float) -> Check:
    def check(value: float | None, samples: Mapping[str, TagSample], active: bool) -> bool | None:
        if value is None:
            return None
        return value >= off if active else value >= on

    return check


@functools.lru_cache(maxsize=16384)
def _below(on: float, off: float) -> Check:
    def check(value: float | None, samples: Mapping[str, TagSample], active: bool) -> bool | None:
        if value is None:
            return None
        return value <= off if active else value <= on

    return check


def _deviation(setpoint_tag: str, compare: Check) -> Check:
    def check(value: float | None, samples: Mapping[str, TagSample], active: bool) -> bool | None:
        setpoint = number(samples.get(setpoint_tag))
        if value is None or setpoint is None:
            return None
        return compare(value - setpoint, samples, active)

    return check


def _discrete(state: float) -> Check:
    def check(value: float | None, samples: Mapping[str, TagSample], active: bool) -> bool | None:
        return None if value is None else value == state

    return check


class RateCheck:
    """|rate of change| per minute over a sliding window of the tag's own samples."""

    __slots__ = ("band", "history", "limit", "tag", "window")

    def __init__(self, tag: str, limit: float, band: float, window: float) -> None:
        self.tag = tag
        self.limit = limit
        self.band = band
        self.window = window
        self.history: deque[tuple[float, float]] = deque()

    def rate(self) -> float | None:
        """Units per minute between the oldest and newest sample kept (None: too few)."""
        if len(self.history) < 2:
            return None
        (t0, v0), (t1, v1) = self.history[0], self.history[-1]
        if t1 <= t0:
            return None
        return (v1 - v0) / (t1 - t0) * 60.0

    def __call__(
        self, value: float | None, samples: Mapping[str, TagSample], active: bool
    ) -> bool | None:
        history = self.history
        if value is None:
            history.clear()  # a gap: do not measure a rate across it
            return None
        sample = samples.get(self.tag)
        now = sample.source_time if sample is not None else 0.0
        if history and now < history[-1][0]:
            history.clear()  # the source clock went back
        history.append((now, value))
        while len(history) > 2 and now - history[1][0] >= self.window:
            history.popleft()
        rate = self.rate()
        if rate is None:
            return None
        threshold = self.limit - self.band if active else self.limit
        return abs(rate) >= threshold
