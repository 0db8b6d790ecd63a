"""The JSON of the server's status and of the states it publishes under ``hmi/<group>/state/``.

=======================  ==============================================================
``connections``          a JSON list of connection states (``messages.connection_to_json``)
``kpis``                 the live alarm KPIs (``LiveKpis``: the window and the last 24 h)
``area_kpis``            ``{"areas": {area: LiveKpis}}``: the same per area of the project
``energy``               the live energy figures (``LiveEnergySnapshot``), null without
``predictions``          ``{"warnings": [PredictiveWarning ...]}``, the soonest first
``instrument_health``    ``{"issues": [InstrumentIssue ...]}``, the worst first
``training``             ``TrainingState``: the mode and the running session, if any
=======================  ==============================================================

Each state is the engine's own frozen dataclass written field by field (enums by value,
non-finite numbers as text), and read back into the same dataclass by its type hints, so the
console shows exactly what the server's engine holds. Every reader raises ``MessageError``.
"""

from __future__ import annotations

import enum
import json
import math
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import MISSING, dataclass, fields, is_dataclass
from functools import cache
from typing import Any, TypeVar

from tags.alarms.kpi import LiveKpis
from tags.analytics.energy import LiveEnergySnapshot
from tags.analytics.instrument_health import InstrumentIssue
from tags.analytics.prediction import PredictiveWarning
from tags.control_room.messages import (
    Json,
    MessageError,
    connection_from_json,
    connection_to_json,
    dumps,
    loads,
)
from tags.drivers.base import ConnectionStatus
from tags.mode import Mode
from tags.training.plan import PlannedUpset

T = TypeVar("T")

CONNECTIONS = "connections"
KPIS = "kpis"
AREA_KPIS = "area_kpis"
ENERGY = "energy"
PREDICTIONS = "predictions"
INSTRUMENT_HEALTH = "instrument_health"
TRAINING = "training"
STATES = (CONNECTIONS, KPIS, AREA_KPIS, ENERGY, PREDICTIONS, INSTRUMENT_HEALTH, TRAINING)
"""Every state topic the server publishes (``topics.state(name)``)."""


# the server's status -----------------------------------------------------------------------


@dataclass(frozen=True)
class ServerStatus:
    """The retained ``hmi/<group>/server``: online (published at start) or offline (its will,
    or published at a clean stop)."""

    online: bool
    node: str
    host: str = ""
    project: str = ""
    started_at: float = 0.0
    bd_seq: int = 0
    """The Sparkplug birth/death sequence of the node's present connection."""
    instance: str = ""
    """Which server of a redundant pair (empty for a server on its own)."""
    role: str = ""
    """``primary`` in a pair (empty for a server on its own)."""
    serving_since: float = 0.0
    """When this server began to serve (POSIX seconds)."""


def status_to_json(status: ServerStatus) -> bytes:
    return dumps(encode(status))


def status_from_json(data: bytes | bytearray | str) -> ServerStatus:
    return decode(ServerStatus, loads(data), "server status")


# training ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class UpsetView:
    """One upset of the running session (times in session seconds; None: not yet)."""

    scenario: str
    title: str
    area: str
    source: str
    """``plan`` or ``trainer``."""
    planned_at: float | None
    planned_stop: float | None
    started: float | None
    stopped: float | None


@dataclass(frozen=True)
class ScenarioView:
    """A scenario of the server's field simulator, as a trainer reads it before starting it
    (the fields of ``tags.simulation.scenarios.ScenarioInfo``)."""

    name: str
    area: str
    title: str
    description: str
    duration_s: float
    expected: str
    title_zh: str = ""
    description_zh: str = ""
    expected_zh: str = ""


@dataclass(frozen=True)
class TrainingSessionView:
    """The session running on the server, as the trainer panel and the header follow it."""

    id: int
    title: str
    trainer: str
    trainee: str
    start: float
    time_factor: float
    start_state: str
    upsets: tuple[UpsetView, ...]
    scenarios: tuple[ScenarioView, ...]
    """Every scenario the trainer may start."""
    name: str = ""
    project: str = ""
    plan: tuple[PlannedUpset, ...] = ()


@dataclass(frozen=True)
class TrainingState:
    """What the console's header and trainer panel show: the mode, the session running, and
    whether the server can run one (it runs the embedded field simulator)."""

    mode: Mode
    session: TrainingSessionView | None = None
    can_train: bool = False


# the state topics --------------------------------------------------------------------------


def connections_to_json(status: Sequence[ConnectionStatus]) -> bytes:
    return dumps_list([connection_to_json(s) for s in status])


def connections_from_json(data: bytes | bytearray | str) -> list[ConnectionStatus]:
    try:
        items = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise MessageError(f"connections: not JSON: {exc}") from None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise MessageError("connections: must be a JSON list of objects")
    return [connection_from_json(item) for item in items]


def dumps_list(items: list[Json]) -> bytes:
    return json.dumps(items, separators=(",", ":"), allow_nan=False).encode()


def kpis_to_json(kpis: LiveKpis) -> bytes:
    return dumps(encode(kpis))


def kpis_from_json(data: bytes | bytearray | str) -> LiveKpis:
    return decode(LiveKpis, loads(data), KPIS)


def area_kpis_to_json(by_area: Mapping[str, LiveKpis]) -> bytes:
    return dumps({"areas": {area: encode(k) for area, k in by_area.items()}})


def area_kpis_from_json(data: bytes | bytearray | str) -> dict[str, LiveKpis]:
    areas = loads(data).get("areas")
    if not isinstance(areas, dict):
        raise MessageError(f"{AREA_KPIS}: field 'areas' must be an object")
    return {str(a): decode(LiveKpis, k, f"{AREA_KPIS}.{a}") for a, k in areas.items()}


def energy_to_json(snapshot: LiveEnergySnapshot | None) -> bytes:
    """The energy figures; ``{"energy": null}`` when the server runs no analytics."""
    return dumps({"energy": None if snapshot is None else encode(snapshot)})


def energy_from_json(data: bytes | bytearray | str) -> LiveEnergySnapshot | None:
    message = loads(data)
    if "energy" not in message:
        raise MessageError("energy: missing field 'energy'")
    body = message["energy"]
    return None if body is None else decode(LiveEnergySnapshot, body, ENERGY)


def predictions_to_json(warnings: Sequence[PredictiveWarning]) -> bytes:
    return dumps({"warnings": [encode(w) for w in warnings]})


def predictions_from_json(data: bytes | bytearray | str) -> list[PredictiveWarning]:
    return _listed(data, "warnings", PredictiveWarning, PREDICTIONS)


def health_to_json(issues: Sequence[InstrumentIssue]) -> bytes:
    return dumps({"issues": [encode(i) for i in issues]})


def health_from_json(data: bytes | bytearray | str) -> list[InstrumentIssue]:
    return _listed(data, "issues", InstrumentIssue, INSTRUMENT_HEALTH)


def training_to_json(state: TrainingState) -> bytes:
    return dumps(encode(state))


def training_from_json(data: bytes | bytearray | str) -> TrainingState:
    return decode(TrainingState, loads(data), TRAINING)


def _listed(data: bytes | bytearray | str, key: str, kind: type[T], what: str) -> list[T]:
    items = loads(data).get(key)
    if not isinstance(items, list):
        raise MessageError(f"{what}: field '{key}' must be a list")
    return [decode(kind, item, f"{what}[{n}]") for n, item in enumerate(items)]


# dataclasses to JSON and back --------------------------------------------------------------


def encode(value: Any) -> Any:
    """A frozen dataclass (nested ones, tuples, mappings, enums) as plain JSON values."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, enum.IntEnum):
        return int(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # "inf", "-inf", "nan": JSON has no such numbers
    if isinstance(value, Mapping):
        return {str(encode(k)): encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [encode(v) for v in value]
    return value


def decode(kind: type[T], data: Any, what: str) -> T:
    """``data`` (as ``encode`` wrote it) read back into ``kind``; MessageError says where."""
    try:
        return typing.cast(T, _read(kind, data, what))
    except MessageError:
        raise
    except (TypeError, ValueError, KeyError) as exc:
        raise MessageError(f"{what}: {exc}") from None


@cache
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)


def _read(kind: Any, data: Any, where: str) -> Any:
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        if data is None:
            return None
        if len(options) != 1:
            raise MessageError(f"{where}: unsupported type {kind}")
        return _read(options[0], data, where)
    if isinstance(kind, type) and is_dataclass(kind):
        if not isinstance(data, dict):
            raise MessageError(f"{where}: must be an object")
        hints = _hints(kind)
        values = {}
        for f in fields(kind):
            if f.name not in data:
                if f.init and _has_default(f):
                    continue
                raise MessageError(f"{where}: missing field '{f.name}'")
            values[f.name] = _read(hints[f.name], data[f.name], f"{where}.{f.name}")
        return kind(**values)
    if origin in (tuple, list, Sequence) or kind in (tuple, list):
        if not isinstance(data, list):
            raise MessageError(f"{where}: must be a list")
        args = typing.get_args(kind)
        if origin is tuple and args and args[-1] is not Ellipsis:  # tuple[str, float]
            if len(data) != len(args):
                raise MessageError(f"{where}: must be a list of {len(args)} items")
            pairs = enumerate(zip(args, data, strict=True))
            return tuple(_read(a, v, f"{where}[{n}]") for n, (a, v) in pairs)
        item = args[0] if args else Any
        items = [_read(item, v, f"{where}[{n}]") for n, v in enumerate(data)]
        return tuple(items) if origin is tuple or kind is tuple else items
    if origin in (dict, Mapping):
        if not isinstance(data, dict):
            raise MessageError(f"{where}: must be an object")
        key_kind, value_kind = typing.get_args(kind)
        return {
            _key(key_kind, k, where): _read(value_kind, v, f"{where}.{k}") for k, v in data.items()
        }
    return _scalar(kind, data, where)


def _has_default(f: Any) -> bool:
    return f.default is not MISSING or f.default_factory is not MISSING


def _key(kind: Any, text: str, where: str) -> Any:
    if isinstance(kind, type) and issubclass(kind, enum.IntEnum):
        return kind(int(text))
    return _scalar(kind, text, where)


def _scalar(kind: Any, data: Any, where: str) -> Any:
    if kind is Any:
        return data
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        try:
            return kind(data)
        except ValueError:
            raise MessageError(f"{where}: {data!r} is not a {kind.__name__}") from None
    if kind is float:
        if isinstance(data, str) and data in ("inf", "-inf", "nan"):
            return float(data)
        if isinstance(data, bool) or not isinstance(data, int | float):
            raise MessageError(f"{where}: must be a number")
        return float(data)
    if kind is bool and not isinstance(data, bool):
        raise MessageError(f"{where}: must be true or false")
    if kind is int and (isinstance(data, bool) or not isinstance(data, int)):
        raise MessageError(f"{where}: must be a whole number")
    if kind is str and not isinstance(data, str):
        raise MessageError(f"{where}: must be text")
    return data
