"""Small fixed-step building blocks of the plant models: lags, delays, controllers, noise.

Every block takes the model step ``dt`` once, at construction, and precomputes what it can:
the step loop runs tens of thousands of times per plant minute, so ``update`` is plain float
arithmetic (no numpy on scalars, no allocation).
"""

from __future__ import annotations

import enum
import math

import numpy as np

from tags.model import Quality


class FirstOrder:
    """y' = (u - y) / tau, discretised exactly for a piecewise-constant input."""

    __slots__ = ("_alpha", "tau", "y")

    def __init__(self, tau: float, dt: float, initial: float = 0.0) -> None:
        if tau < 0.0 or dt <= 0.0:
            raise ValueError(f"FirstOrder needs tau >= 0 and dt > 0, got tau={tau}, dt={dt}")
        self.tau = tau
        self._alpha = 1.0 if tau == 0.0 else 1.0 - math.exp(-dt / tau)
        self.y = initial

    def update(self, u: float) -> float:
        self.y += self._alpha * (u - self.y)
        return self.y

    def reset(self, value: float) -> None:
        self.y = value


class DeadTime:
    """A pure transport delay of round(delay / dt) steps (a ring buffer, O(1) per step)."""

    __slots__ = ("_buffer", "_index", "steps")

    def __init__(self, delay: float, dt: float, initial: float = 0.0) -> None:
        if delay < 0.0 or dt <= 0.0:
            raise ValueError(f"DeadTime needs delay >= 0 and dt > 0, got {delay}, {dt}")
        self.steps = round(delay / dt)
        self._buffer = [initial] * max(self.steps, 1)
        self._index = 0

    def update(self, u: float) -> float:
        """Push this step's input; return the input of ``steps`` steps ago."""
        if self.steps == 0:
            return u
        i = self._index
        out = self._buffer[i]
        self._buffer[i] = u
        self._index = i + 1 if i + 1 < self.steps else 0
        return out

    def reset(self, value: float) -> None:
        self._buffer = [value] * max(self.steps, 1)
        self._index = 0


class MovingAverage:
    """The mean of the last round(window / dt) inputs (an analyser's averaging time)."""

    __slots__ = ("_buffer", "_count", "_index", "_sum", "n")

    def __init__(self, window: float, dt: float, initial: float = 0.0) -> None:
        self.n = max(round(window / dt), 1)
        self._buffer: list[float] = []
        self._sum = 0.0
        self._index = 0
        self._count = 0
        self.reset(initial)

    def update(self, u: float) -> float:
        i = self._index
        self._sum += u - self._buffer[i]
        self._buffer[i] = u
        self._index = i + 1 if i + 1 < self.n else 0
        self._count += 1
        if self._count >= self.n:  # re-add from scratch now and then: no drift of the sum
            self._count = 0
            self._sum = math.fsum(self._buffer)
        return float(self._sum / self.n)

    @property
    def value(self) -> float:
        return self._sum / self.n

    def reset(self, value: float) -> None:
        self._buffer = [value] * self.n
        self._sum = value * self.n
        self._index = 0
        self._count = 0


class Integrator:
    """y' = gain * u, clamped to [low, high]."""

    __slots__ = ("_k", "high", "low", "y")

    def __init__(
        self,
        dt: float,
        *,
        gain: float = 1.0,
        initial: float = 0.0,
        low: float = -math.inf,
        high: float = math.inf,
    ) -> None:
        self._k = gain * dt
        self.low = low
        self.high = high
        self.y = initial

    def update(self, u: float) -> float:
        y = self.y + self._k * u
        self.y = self.low if y < self.low else self.high if y > self.high else y
        return self.y


class RateLimiter:
    """Follows its input at no more than ``rise`` / ``fall`` units per second."""

    __slots__ = ("_down", "_up", "y")

    def __init__(self, rise: float, dt: float, *, fall: float | None = None, initial: float = 0.0):
        self._up = rise * dt
        self._down = (rise if fall is None else fall) * dt
        self.y = initial

    def update(self, u: float) -> float:
        y = self.y
        if u > y + self._up:
            y += self._up
        elif u < y - self._down:
            y -= self._down
        else:
            y = u
        self.y = y
        return y


class Mode(enum.IntEnum):
    """Controller mode as the MODE point carries it."""

    MAN = 0
    AUTO = 1


class PID:
    """A positional PI(D) controller with auto/manual, anti-windup and bumpless transfer.

    ``direct`` action raises the output when PV rises above SP (a cooler's valve); reverse
    action (the default) raises it when PV falls below SP. In MAN the operator owns OP and SP
    tracks PV, so switching back to AUTO moves nothing; switching to AUTO re-seeds the
    integral from the current OP.
    """

    __slots__ = (
        "_d",
        "_i_gain",
        "_prev_pv",
        "_sign",
        "integral",
        "kd",
        "kp",
        "mode",
        "op",
        "op_high",
        "op_low",
        "pv",
        "sp",
        "sp_tracking",
    )

    def __init__(
        self,
        *,
        kp: float,
        ti: float,
        dt: float,
        td: float = 0.0,
        direct: bool = False,
        sp: float = 0.0,
        op: float = 0.0,
        op_low: float = 0.0,
        op_high: float = 100.0,
        mode: Mode = Mode.AUTO,
        sp_tracking: bool = True,
    ) -> None:
        if ti <= 0.0:
            raise ValueError(f"PID integral time must be > 0, got {ti}")
        self.kp = kp
        self.kd = kp * td / dt
        self._i_gain = kp * dt / ti
        self._sign = -1.0 if direct else 1.0
        self.sp = sp
        self.pv = sp
        self.op = op
        self.op_low = op_low
        self.op_high = op_high
        self.mode = mode
        self.sp_tracking = sp_tracking
        self._prev_pv = sp
        self.integral = op

    def update(self, pv: float) -> float:
        """One controller scan: take the measured PV, return the output."""
        self.pv = pv
        if self.mode is Mode.MAN:
            if self.sp_tracking:
                self.sp = pv
            self._prev_pv = pv
            self.integral = self.op
            return self.op
        e = self._sign * (self.sp - pv)
        derivative = -self._sign * self.kd * (pv - self._prev_pv)
        self._prev_pv = pv
        integral = self.integral + self._i_gain * e
        op = self.kp * e + integral + derivative
        if op > self.op_high:  # clamp, and stop the integral from winding up past the clamp
            op = self.op_high
            integral = min(integral, self.integral)
        elif op < self.op_low:
            op = self.op_low
            integral = max(integral, self.integral)
        self.integral = integral
        self.op = op
        return op

    def set_mode(self, mode: Mode) -> None:
        if mode is Mode.AUTO and self.mode is Mode.MAN:
            self.integral = self.op - self.kp * self._sign * (self.sp - self.pv)
            self._prev_pv = self.pv
        self.mode = mode

    def set_sp(self, sp: float) -> None:
        if self.mode is not Mode.AUTO:
            raise ValueError("setpoint is writable in AUTO only (MODE = 1)")
        self.sp = sp

    def set_op(self, op: float) -> None:
        if self.mode is not Mode.MAN:
            raise ValueError("output is writable in MAN only (MODE = 0)")
        if not self.op_low <= op <= self.op_high:
            raise ValueError(f"output {op:g} outside {self.op_low:g}..{self.op_high:g}")
        self.op = op
        self.integral = op

    def initialise(self, *, pv: float, op: float) -> None:
        """Start at a steady state: PV at SP, output ``op``, integral holding it."""
        self.pv = pv
        self._prev_pv = pv
        self.op = op
        self.integral = op - self.kp * self._sign * (self.sp - pv)


class Noise:
    """Standard-normal samples from a seeded Generator, drawn in blocks for speed.

    One instance per model: the order of ``next`` calls fixes the trajectory, so the same seed
    gives the same plant run.
    """

    __slots__ = ("_block", "_buffer", "_i", "rng")

    def __init__(self, rng: np.random.Generator, block: int = 4096) -> None:
        self.rng = rng
        self._block = block
        self._buffer: list[float] = []
        self._i = 0

    def next(self) -> float:
        i = self._i
        if i >= len(self._buffer):
            self._buffer = self.rng.standard_normal(self._block).tolist()
            i = 0
        self._i = i + 1
        return self._buffer[i]


class NoiseRows:
    """One row of ``width`` standard normals per step: a model's measurement noise, drawn once.

    Readings are formed from the last row when someone reads them, so how often the console
    polls changes nothing in the trajectory.
    """

    __slots__ = ("_block", "_i", "_rows", "rng", "width")

    def __init__(self, rng: np.random.Generator, width: int, block: int = 256) -> None:
        self.rng = rng
        self.width = width
        self._block = block
        self._rows: list[list[float]] = []
        self._i = 0

    def next(self) -> list[float]:
        i = self._i
        if i >= len(self._rows):
            self._rows = self.rng.standard_normal((self._block, self.width)).tolist()
            i = 0
        self._i = i + 1
        return self._rows[i]


class OrnsteinUhlenbeck:
    """A mean-reverting random walk: a slowly wandering disturbance (feed grade, CW temp)."""

    __slots__ = ("_a", "_b", "_noise", "mean", "y")

    def __init__(self, noise: Noise, dt: float, *, mean: float, sigma: float, tau: float):
        self._noise = noise
        self._a = math.exp(-dt / tau)
        self._b = sigma * math.sqrt(1.0 - self._a * self._a)
        self.mean = mean
        self.y = mean

    def update(self) -> float:
        self.y = self.mean + self._a * (self.y - self.mean) + self._b * self._noise.next()
        return self.y


class SensorFaultKind(enum.Enum):
    NONE = "none"
    FREEZE = "freeze"  # value stuck at the last good reading
    DRIFT = "drift"  # error growing at ``rate`` units per second
    BIAS = "bias"  # constant offset
    BAD = "bad"  # failed sensor: last value held, quality Bad


class SensorFault:
    """What a faulty transmitter does to a true value, and the quality it reports.

    FREEZE reports Uncertain (the device knows its reading is stale), BAD reports Bad;
    DRIFT and BIAS stay Good unless a quality is given, as undetected faults do.
    """

    __slots__ = ("_offset", "_rate", "kind", "last", "quality", "reason")

    def __init__(self) -> None:
        self.kind = SensorFaultKind.NONE
        self.quality = Quality.GOOD
        self.reason = ""
        self.last = 0.0
        self._offset = 0.0
        self._rate = 0.0

    @property
    def active(self) -> bool:
        return self.kind is not SensorFaultKind.NONE

    def set(
        self,
        kind: SensorFaultKind,
        reason: str,
        *,
        amount: float = 0.0,
        quality: Quality | None = None,
    ) -> None:
        """Inject a fault; ``amount`` is the bias, or the drift rate per second."""
        self.kind = kind
        self.reason = reason
        self._offset = amount if kind is SensorFaultKind.BIAS else 0.0
        self._rate = amount if kind is SensorFaultKind.DRIFT else 0.0
        default = {
            SensorFaultKind.NONE: Quality.GOOD,
            SensorFaultKind.FREEZE: Quality.UNCERTAIN_SENSOR_NOT_ACCURATE,
            SensorFaultKind.BAD: Quality.BAD_SENSOR_FAILURE,
        }.get(kind, Quality.GOOD)
        self.quality = default if quality is None else quality

    def clear(self) -> None:
        self.set(SensorFaultKind.NONE, "")

    def apply(self, value: float, dt: float) -> float:
        """The reading the transmitter sends for the true ``value`` this step."""
        kind = self.kind
        if kind is SensorFaultKind.NONE:
            self.last = value
        elif kind is SensorFaultKind.DRIFT:
            self._offset += self._rate * dt
            self.last = value + self._offset
        elif kind is SensorFaultKind.BIAS:
            self.last = value + self._offset
        return self.last
