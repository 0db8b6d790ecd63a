"""Signal generators for commissioning: ``sim://signal/<shape>?param=...`` sources.

Shapes: constant (value), ramp (low, high, period: a sawtooth), sine (low, high, period,
phase), square (low, high, period, duty), random_walk (low, high, step, seed). Each is a
pure function of time except the random walk, which keeps a seeded state per tag.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping

SHAPES: dict[str, dict[str, float]] = {
    "constant": {"value": 0.0},
    "ramp": {"low": 0.0, "high": 100.0, "period": 60.0},
    "sine": {"low": 0.0, "high": 100.0, "period": 60.0, "phase": 0.0},
    "square": {"low": 0.0, "high": 1.0, "period": 10.0, "duty": 0.5},
    "random_walk": {"low": 0.0, "high": 100.0, "step": 1.0, "seed": 1.0},
}


class SignalError(ValueError):
    """A signal source with an unknown shape or a bad parameter."""


class Signal:
    """One generator; ``value(t)`` for t in POSIX seconds.

    Compact (slots, the parameters as attributes) because a large plant has one per tag;
    only a random walk carries a random generator (about 2.5 KB) and state of its own.
    """

    __slots__ = ("_extra", "_high", "_low", "_period", "_phase", "_span", "_walk", "shape")

    def __init__(self, shape: str, params: dict[str, float]) -> None:
        self.shape = shape
        self._low = params.get("low", 0.0)
        self._high = params.get("high", 0.0)
        self._span = params.get("high", 0.0) - self._low
        self._period = params.get("period", 1.0)
        self._phase = math.radians(params.get("phase", 0.0))
        self._extra = params.get("duty", params.get("value", 0.0))
        self._walk: _Walk | None = None
        if shape == "random_walk":
            self._walk = _Walk(params)

    @property
    def bounds(self) -> tuple[float, float]:
        """The lowest and the highest value the generator gives."""
        if self.shape == "constant":
            return self._extra, self._extra
        return self._low, self._high

    def value(self, t: float) -> float:
        shape = self.shape
        if shape == "sine":
            angle = _TWO_PI * ((t / self._period) % 1.0) + self._phase
            return self._low + self._span * (0.5 + 0.5 * math.sin(angle))
        if shape == "constant":
            return self._extra
        if self._walk is not None:
            return self._walk.step()
        phase = (t / self._period) % 1.0
        if shape == "ramp":
            return self._low + self._span * phase
        return self._high if phase < self._extra else self._low


_TWO_PI = 2 * math.pi


class _Walk:
    """The seeded state of one random walk."""

    __slots__ = ("_high", "_low", "_rng", "_step", "_value")

    def __init__(self, params: dict[str, float]) -> None:
        self._low, self._high, self._step = params["low"], params["high"], params["step"]
        self._rng = random.Random(int(params["seed"]))
        self._value: float | None = None

    def step(self) -> float:
        if self._value is None:
            self._value = (self._low + self._high) / 2
            return self._value
        step = self._rng.uniform(-self._step, self._step)
        walked = self._value + step
        if not self._low <= walked <= self._high:  # reflect at the bounds
            walked = self._value - step
        self._value = min(max(walked, self._low), self._high)
        return self._value


def make_signal(shape: str, params: Mapping[str, str]) -> Signal:
    """Build a generator, or SignalError naming the bad shape or parameter."""
    defaults = SHAPES.get(shape)
    if defaults is None:
        raise SignalError(f"unknown signal shape '{shape}' (known: {', '.join(SHAPES)})")
    values = dict(defaults)
    for key, text in params.items():
        if key not in defaults:
            raise SignalError(f"{shape} has no parameter '{key}' (known: {', '.join(defaults)})")
        try:
            values[key] = float(text)
        except ValueError:
            raise SignalError(f"{shape}: {key} '{text}' is not a number") from None
    if "period" in values and values["period"] <= 0:
        raise SignalError(f"{shape}: period must be above 0")
    if "low" in values and values["low"] >= values["high"]:
        raise SignalError(f"{shape}: low must be below high")
    if "duty" in values and not 0 < values["duty"] < 1:
        raise SignalError(f"{shape}: duty must lie between 0 and 1")
    return Signal(shape, values)
