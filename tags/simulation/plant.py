"""What every plant model shares: its point list, controller points and the write path."""

from __future__ import annotations

import abc
import math
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import ClassVar, Literal

import numpy as np

from tags.model import Quality
from tags.simulation.blocks import PID, Mode, Noise, SensorFault

PointKind = Literal["float", "int", "bool"]
PointValue = bool | int | float


@dataclass(frozen=True, slots=True)
class PointInfo:
    """One point a model publishes: unit, value kind, whether the console may write it."""

    unit: str
    kind: PointKind
    writable: bool
    description: str


def controller_points(prefix: str, unit: str, what: str, op_what: str) -> dict[str, PointInfo]:
    """The four points of a controller: PV, SP (AUTO), OP (MAN) and MODE."""
    return {
        f"{prefix}.PV": PointInfo(unit, "float", False, what),
        f"{prefix}.SP": PointInfo(unit, "float", True, f"{what} setpoint"),
        f"{prefix}.OP": PointInfo("%", "float", True, op_what),
        f"{prefix}.MODE": PointInfo("", "int", True, f"{what} controller mode (0 MAN, 1 AUTO)"),
    }


Setter = Callable[[PointValue], None]


class PlantModel(abc.ABC):
    """A fixed-step process model with named points.

    Subclasses fill ``POINTS``, register their controllers and other writable points in
    ``__init__``, and implement ``step``, ``initialise`` and ``_scalar_values``.
    """

    name: ClassVar[str]
    POINTS: ClassVar[Mapping[str, PointInfo]]

    def __init__(self, *, seed: int, dt: float) -> None:
        self.dt = dt
        if seed < 0:
            raise ValueError(f"seed must be >= 0, got {seed}")
        self.rng = np.random.default_rng([seed, zlib.crc32(self.name.encode())])
        self.noise = Noise(self.rng)
        self.slow_every = max(1, round(1.0 / dt))  # slow dynamics (hours) run once a second
        self.slow_dt = self.slow_every * dt
        self._tick = 0
        self._controllers: dict[str, PID] = {}
        self._setters: dict[str, Setter] = {}
        self._limits: dict[str, tuple[float, float]] = {}
        self.sensor_faults: dict[str, SensorFault] = {}

    # -- what subclasses provide ---------------------------------------------------------

    @abc.abstractmethod
    def step(self) -> None:
        """Advance the plant by one fixed step ``dt``."""

    @abc.abstractmethod
    def initialise(self) -> None:
        """Put every state at the steady state of the normal operating point."""

    @abc.abstractmethod
    def _scalar_values(self) -> dict[str, PointValue]:
        """Every point except controller points (and except bulk arrays a subclass adds)."""

    # -- shared machinery ----------------------------------------------------------------

    def add_controller(self, prefix: str, pid: PID, sp_limits: tuple[float, float]) -> None:
        self._controllers[prefix] = pid
        self._limits[f"{prefix}.SP"] = sp_limits
        self._limits[f"{prefix}.OP"] = (pid.op_low, pid.op_high)
        self._limits[f"{prefix}.MODE"] = (0, 1)

    def add_setter(
        self, point: str, setter: Setter, limits: tuple[float, float] | None = None
    ) -> None:
        self._setters[point] = setter
        if limits is not None:
            self._limits[point] = limits

    def values(self) -> dict[str, PointValue]:
        out = self._scalar_values()
        for prefix, pid in self._controllers.items():
            out[f"{prefix}.PV"] = pid.pv
            out[f"{prefix}.SP"] = pid.sp
            out[f"{prefix}.OP"] = pid.op
            out[f"{prefix}.MODE"] = int(pid.mode)
        return out

    def faults(self) -> dict[str, tuple[Quality, str]]:
        return {
            point: (fault.quality, fault.reason)
            for point, fault in self.sensor_faults.items()
            if fault.active and not fault.quality.is_good
        }

    def points(self) -> Mapping[str, PointInfo]:
        return MappingProxyType(dict(self.POINTS))

    def write(self, point: str, value: PointValue) -> None:
        info = self.POINTS.get(point)
        if info is None:
            raise KeyError(f"{self.name}: no point {point!r}")
        if not info.writable:
            raise ValueError(f"{self.name}/{point} is read-only")
        checked = _checked(self.name, point, info, value)
        limits = self._limits.get(point)
        if limits is not None and not limits[0] <= checked <= limits[1]:
            raise ValueError(
                f"{self.name}/{point}: {checked:g} outside {limits[0]:g}..{limits[1]:g} {info.unit}"
            )
        prefix, _, leaf = point.rpartition(".")
        pid = self._controllers.get(prefix)
        try:
            if pid is not None and leaf == "SP":
                pid.set_sp(float(checked))
            elif pid is not None and leaf == "OP":
                pid.set_op(float(checked))
            elif pid is not None and leaf == "MODE":
                pid.set_mode(Mode(int(checked)))
            else:
                self._setters[point](checked)
        except ValueError as exc:
            raise ValueError(f"{self.name}/{point}: {exc}") from None

    def tick(self) -> bool:
        """Count a step; True once a second, when the slow dynamics run."""
        self._tick += 1
        if self._tick >= self.slow_every:
            self._tick = 0
            return True
        return False


def _checked(model: str, point: str, info: PointInfo, value: PointValue) -> PointValue:
    """The value converted to the point's kind, or ValueError saying what is wrong."""
    where = f"{model}/{point}"
    if info.kind == "bool":
        if isinstance(value, bool) or (isinstance(value, int) and value in (0, 1)):
            return bool(value)
        raise ValueError(f"{where} takes a bool (0 or 1), got {value!r}")
    if info.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{where} takes an integer, got {value!r}")
        if isinstance(value, float) and not value.is_integer():
            raise ValueError(f"{where} takes an integer, got {value!r}")
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{where} takes a number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{where} takes a finite number, got {value!r}")
    return float(value)
