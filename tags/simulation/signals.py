"""Signal generators for commissioning: ``sim://signal/<shape>?param=...`` sources.

Shapes: constant (value), ramp (low, high, period: a sawtooth), sine (low, high, period,
phase), square (low, high, period, duty), random_walk (low, high, step, seed). Each is a
pure function of time except the random walk, which keeps a seeded state per tag.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass, field

SHAPES: dict[str, dict[str, float]] = {
    "constant": {"value": 0.0},
    "ramp": {"low": 0.0, "high": 100.0, "period": 60.0},
    "sine": {"low": 0.0, "high": 100.0, "period": 60.0, "phase": 0.0},
    "square": {"low": 0.0, "high": 1.0, "period": 10.0, "duty": 0.5},
    "random_walk": {"low": 0.0, "high": 100.0, "step": 1.0, "seed": 1.0},
}


class SignalError(ValueError):
    """A signal source with an unknown shape or a bad parameter."""


@dataclass
class Signal:
    """One generator; ``value(t)`` for t in POSIX seconds."""

    shape: str
    params: dict[str, float]
    _walk: float | None = None
    _rng: random.Random = field(default_factory=random.Random)

    def value(self, t: float) -> float:
        p = self.params
        if self.shape == "constant":
            return p["value"]
        if self.shape == "random_walk":
            return self._step_walk()
        span = p["high"] - p["low"]
        phase = (t / p["period"]) % 1.0
        if self.shape == "ramp":
            return p["low"] + span * phase
        if self.shape == "sine":
            angle = 2 * math.pi * phase + math.radians(p["phase"])
            return p["low"] + span * (0.5 + 0.5 * math.sin(angle))
        return p["high"] if phase < p["duty"] else p["low"]

    def _step_walk(self) -> float:
        p = self.params
        if self._walk is None:
            self._rng.seed(int(p["seed"]))
            self._walk = (p["low"] + p["high"]) / 2
            return self._walk
        step = self._rng.uniform(-p["step"], p["step"])
        walked = self._walk + step
        if not p["low"] <= walked <= p["high"]:  # reflect at the bounds
            walked = self._walk - step
        self._walk = min(max(walked, p["low"]), p["high"])
        return self._walk


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
