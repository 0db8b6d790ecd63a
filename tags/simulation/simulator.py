"""The field simulator: the three plant models at a fixed step, their points and scenarios.

The console reads it through ``sim://<model>/<point>`` URIs (and later through the Modbus and
OPC UA servers that publish it). Time only moves when ``advance`` is called, in whole fixed
steps, so a caller chooses the time factor by how much plant time it asks for per wall
second, and the same seed always gives the same trajectory.

``snapshot`` / ``restore`` save and put back the whole state of every model (a trainer's
starting point); see ``PlantSnapshot``.
"""

from __future__ import annotations

import copy
import enum
import functools
import importlib
import json
import math
import types
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from tags.model import Quality
from tags.simulation.cwp import CwpModel
from tags.simulation.emm import EmmModel
from tags.simulation.plant import PlantModel, PointInfo, PointValue
from tags.simulation.scenarios import SCENARIOS, Scenario, ScenarioInfo
from tags.simulation.sco2 import Sco2Model

__all__ = [
    "MODELS",
    "PlantSimulator",
    "PlantSnapshot",
    "PointInfo",
    "ScenarioInfo",
    "SnapshotMismatch",
]

MODELS: dict[str, type[PlantModel]] = {"emm": EmmModel, "cwp": CwpModel, "sco2": Sco2Model}
SETTLE_S = 60.0  # plant seconds run by warm_up after placing every state at equilibrium


class PlantSimulator:
    """All plant models behind one clock; see DESIGN.md "The field simulator"."""

    def __init__(
        self,
        *,
        seed: int = 1,
        step: float = 0.1,
        models: Iterable[str] = ("emm", "cwp", "sco2"),
    ) -> None:
        if not (math.isfinite(step) and 0.0 < step <= 1.0):
            raise ValueError(f"model step must be in (0, 1] s, got {step!r}")
        names = list(models)
        unknown = [n for n in names if n not in MODELS]
        if unknown or len(set(names)) != len(names) or not names:
            raise ValueError(f"models must be distinct names from {sorted(MODELS)}, got {names}")
        self.seed = seed
        self.step = step
        self.time = 0.0
        self._steps = 0
        self._carry = 0.0
        self._models: dict[str, PlantModel] = {n: MODELS[n](seed=seed, dt=step) for n in names}
        self._scenarios: dict[str, Scenario] = {
            s.info.name: s for s in SCENARIOS if s.model in self._models
        }
        self._active: list[str] = []

    # -- models and points ---------------------------------------------------------------------

    def model_names(self) -> list[str]:
        return list(self._models)

    def _model(self, model: str) -> PlantModel:
        try:
            return self._models[model]
        except KeyError:
            raise KeyError(f"no model {model!r}; simulated: {', '.join(self._models)}") from None

    def points(self, model: str) -> Mapping[str, PointInfo]:
        return self._model(model).points()

    def values(self, model: str) -> Mapping[str, PointValue]:
        return self._model(model).values()

    def faults(self, model: str) -> Mapping[str, tuple[Quality, str]]:
        return self._model(model).faults()

    def write(self, model: str, point: str, value: PointValue) -> None:
        """Operator write: KeyError for an unknown point, ValueError saying why it is refused."""
        self._model(model).write(point, value)

    # -- time ----------------------------------------------------------------------------------

    def advance(self, seconds: float) -> None:
        """Run whole fixed steps; a remainder shorter than a step waits for the next call."""
        if not math.isfinite(seconds) or seconds < 0.0:
            raise ValueError(f"cannot advance by {seconds!r} s")
        total = self._carry + seconds
        n = int(total / self.step + 1e-9)
        self._carry = max(total - n * self.step, 0.0)
        for model in self._models.values():
            step = model.step
            for _ in range(n):
                step()
        self._steps += n
        self.time = self._steps * self.step

    def warm_up(self) -> None:
        """Put every model at its steady state, then let noise and filters settle a minute.

        Plant time (``time``) does not move; active scenarios stay active.
        """
        n = round(SETTLE_S / self.step)
        for model in self._models.values():
            model.initialise()
            step = model.step
            for _ in range(n):
                step()

    # -- scenarios -----------------------------------------------------------------------------

    def scenarios(self) -> list[ScenarioInfo]:
        return [s.info for s in self._scenarios.values()]

    def _scenario(self, name: str) -> Scenario:
        try:
            return self._scenarios[name]
        except KeyError:
            raise KeyError(f"no scenario {name!r}; known: {', '.join(self._scenarios)}") from None

    def start_scenario(self, name: str) -> None:
        """Switch the scenario's cause on (starting an active scenario does nothing)."""
        scenario = self._scenario(name)
        if name not in self._active:
            scenario.start(self._models[scenario.model])
            self._active.append(name)

    def stop_scenario(self, name: str) -> None:
        """Remove the cause; the process recovers by its dynamics and operator action."""
        scenario = self._scenario(name)
        if name in self._active:
            scenario.stop(self._models[scenario.model])
            self._active.remove(name)

    def active_scenarios(self) -> list[str]:
        return list(self._active)

    # -- snapshots -----------------------------------------------------------------------------

    def snapshot(self) -> PlantSnapshot:
        """The whole state of every model (and the active scenarios) at this instant."""
        memo: dict[int, int] = {}
        states = {name: _capture(model, memo) for name, model in self._models.items()}
        return PlantSnapshot(self.time, self.step, tuple(self._active), states)

    def restore(self, snapshot: PlantSnapshot) -> None:
        """Put every model back in the snapshot's state; plant time (``time``) does not move.

        SnapshotMismatch when the snapshot was taken of other models or another step.
        """
        if snapshot.step != self.step or set(snapshot.models) != set(self._models):
            raise SnapshotMismatch(
                f"snapshot of {', '.join(sorted(snapshot.models))} at step {snapshot.step:g} s "
                f"does not fit {', '.join(sorted(self._models))} at step {self.step:g} s"
            )
        restore = _Restore()
        for name, model in self._models.items():
            restore.value(model, snapshot.models[name], name)
        self._active = [n for n in snapshot.active if n in self._scenarios]
        self._carry = 0.0

    def steady_snapshot(self) -> PlantSnapshot:
        """The state a new simulator of the same seed and step starts in (after ``warm_up``)."""
        fresh = PlantSimulator(seed=self.seed, step=self.step, models=self._models)
        fresh.warm_up()
        return fresh.snapshot()


class SnapshotMismatch(ValueError):
    """A snapshot that does not fit the models it is restored into (the message says why)."""


@dataclass(frozen=True)
class PlantSnapshot:
    """Every model's state as plain data (numbers, lists, arrays, generator states).

    Captured by walking each model's attributes (``__dict__`` and ``__slots__``): blocks,
    controllers, delay buffers, noise buffers and random generators, so a restored plant runs
    on exactly as it would have. Functions (write handlers) and frozen dataclasses (constant
    tables such as the CO2 properties) belong to the model's build, not its state, and are
    left out. ``to_bytes`` / ``from_bytes`` store it (compressed JSON: data only, no code).
    """

    time: float
    """Plant time when it was taken."""
    step: float
    active: tuple[str, ...]
    models: Mapping[str, Any]

    def to_bytes(self) -> bytes:
        body = {"time": self.time, "step": self.step, "active": list(self.active)}
        body["models"] = dict(self.models)
        return zlib.compress(json.dumps(body, separators=(",", ":")).encode("utf-8"), 6)

    @classmethod
    def from_bytes(cls, data: bytes) -> PlantSnapshot:
        try:
            body = json.loads(zlib.decompress(data).decode("utf-8"))
            return cls(
                float(body["time"]), float(body["step"]), tuple(body["active"]), body["models"]
            )
        except (zlib.error, ValueError, KeyError, TypeError) as exc:
            raise SnapshotMismatch(f"not a plant snapshot: {exc}") from None


# Node forms of a captured state: plain JSON values (None, bool, int, float, str) as they
# are; {"s": 0} a part of the build (left as it is); {"l": [...]} list; {"t": [...]} tuple;
# {"d": [[key, node], ...]} dict; {"o": {attr: node}} object; {"a": [dtype, shape, values]}
# array; {"g": state} random generator; {"e": [module, class, value]} enum member; {"r": 0} an
# object already captured through another reference.


def _skipped(value: object) -> bool:
    """Part of the model's build, not its state: functions, classes, frozen dataclasses."""
    if isinstance(value, _BUILD):
        return True
    params = getattr(type(value), "__dataclass_params__", None)
    return params is not None and bool(params.frozen)


_BUILD = (
    types.FunctionType,
    types.MethodType,
    types.BuiltinFunctionType,
    types.ModuleType,
    functools.partial,
    type,
)
_SKIPPED = {"s": 0}


def _attributes(obj: object) -> dict[str, Any]:
    names = list(getattr(obj, "__dict__", {}))
    for cls in type(obj).__mro__:
        slots = cls.__dict__.get("__slots__", ())
        names += [slots] if isinstance(slots, str) else list(slots)
    out: dict[str, Any] = {}
    for name in names:
        if name.startswith("__") or name in out:
            continue
        try:
            out[name] = getattr(obj, name)
        except AttributeError:
            continue
    return out


def _capture(value: Any, memo: dict[int, int]) -> Any:
    """The node of one value; ``memo`` numbers mutable objects in the order first met."""
    if isinstance(value, enum.Enum):  # before int: an IntEnum member is an int too
        return {"e": [type(value).__module__, type(value).__qualname__, value.value]}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if _skipped(value):
        return _SKIPPED
    if isinstance(value, tuple):
        return {"t": [_capture(v, memo) for v in value]}
    if id(value) in memo:
        return {"r": memo[id(value)]}
    memo[id(value)] = len(memo)
    if isinstance(value, list):
        return {"l": [_capture(v, memo) for v in value]}
    if isinstance(value, dict):
        return {"d": [[k, _capture(v, memo)] for k, v in value.items() if not _skipped(v)]}
    if isinstance(value, np.ndarray):
        return {"a": [value.dtype.str, list(value.shape), value.ravel().tolist()]}
    if isinstance(value, np.random.Generator):
        return {"g": value.bit_generator.state}
    attrs = _attributes(value)
    return {"o": {k: _capture(v, memo) for k, v in attrs.items() if not _skipped(v)}}


class _Restore:
    """Rebuilds captured values over the running ones.

    Objects, lists, dicts and arrays are restored in place the first time they are met, so
    whatever else refers to them sees the restored state; met again (the running model shares
    what the snapshot did not), a copy is made. ``objects`` numbers them as ``_capture`` did,
    so shared references come back shared.
    """

    def __init__(self) -> None:
        self.objects: list[Any] = []
        self.done: set[int] = set()

    def _fresh(self, live: Any, kind: type) -> bool:
        return isinstance(live, kind) and id(live) not in self.done

    def _own(self, obj: Any) -> Any:
        self.objects.append(obj)
        self.done.add(id(obj))
        return obj

    def value(self, live: Any, node: Any, where: str) -> Any:
        """The value the owner of ``live`` must hold after the restore."""
        if not isinstance(node, dict):
            return node
        if "s" in node:
            if live is None:
                raise SnapshotMismatch(f"{where}: missing in the running model")
            return live
        if "r" in node:
            return self.objects[node["r"]]
        if "e" in node:
            return _enum(node["e"], live, where)
        if "t" in node:
            items = node["t"]
            old = (
                live
                if isinstance(live, tuple) and len(live) == len(items)
                else (None,) * len(items)
            )
            return tuple(self.value(v, c, where) for v, c in zip(old, items, strict=True))
        if "l" in node:
            return self._list(live, node["l"], where)
        if "d" in node:
            return self._dict(live, node["d"], where)
        if "a" in node:
            dtype, shape, values = node["a"]
            array = np.array(values, dtype=np.dtype(dtype)).reshape(shape)
            if (
                self._fresh(live, np.ndarray)
                and live.shape == array.shape
                and live.dtype == array.dtype
                and live.flags.writeable
            ):
                live[...] = array
                return self._own(live)
            return self._own(array)
        if "g" in node:
            return self._generator(live, node["g"])
        return self._object(live, node["o"], where)

    def _list(self, live: Any, items: list[Any], where: str) -> list[Any]:
        old = live if isinstance(live, list) else []
        target = live if self._fresh(live, list) and len(live) == len(items) else []
        self._own(target)
        values = [
            self.value(old[i] if i < len(old) else None, c, f"{where}[{i}]")
            for i, c in enumerate(items)
        ]
        target[:] = values
        return target

    def _dict(self, live: Any, items: list[Any], where: str) -> dict[Any, Any]:
        old = live if isinstance(live, dict) else {}
        target = live if self._fresh(live, dict) else {}
        self._own(target)
        build = {k: v for k, v in old.items() if _skipped(v)}
        for key, child in items:
            key = tuple(key) if isinstance(key, list) else key
            build[key] = self.value(old.get(key), child, f"{where}[{key!r}]")
        target.clear()
        target.update(build)
        return target

    def _generator(self, live: Any, state: dict[str, Any]) -> np.random.Generator:
        if not self._fresh(live, np.random.Generator):
            live = np.random.Generator(getattr(np.random, state["bit_generator"])())
        live.bit_generator.state = state
        return self._own(live)  # type: ignore[no-any-return]

    def _object(self, live: Any, attrs: dict[str, Any], where: str) -> Any:
        if live is None or isinstance(live, bool | int | float | str | list | dict | tuple):
            raise SnapshotMismatch(f"{where}: the running model has no object here")
        target = live if id(live) not in self.done else copy.copy(live)
        self._own(target)
        for name, child in attrs.items():
            current = getattr(target, name, None)
            restored = self.value(current, child, f"{where}.{name}")
            if restored is not current:
                setattr(target, name, restored)
        return target


def _enum(spec: list[Any], live: Any, where: str) -> enum.Enum:
    module, qualname, value = spec
    if isinstance(live, enum.Enum) and type(live).__qualname__ == qualname:
        return type(live)(value)
    if not module.startswith("tags."):
        raise SnapshotMismatch(f"{where}: enum {module}.{qualname} is not the plant's")
    kind: Any = importlib.import_module(module)
    for part in qualname.split("."):
        kind = getattr(kind, part)
    return kind(value)  # type: ignore[no-any-return]
