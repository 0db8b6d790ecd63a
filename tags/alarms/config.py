"""The ``alarms`` table of a tag -> AlarmDef objects, with the ordering rules of ISA-18.2.

Besides one entry per alarm kind, the table may hold settings for all of the tag's alarms,
which each alarm may override: ``signal`` (flow, level, pressure, temperature, other: picks
the project's default deadband and delays), ``suppress_when`` (a condition or a list of them,
see tags.alarms.suppression) with ``suppress_mode`` (any, all), and ``realarm_minutes``.

```toml
[tags."AREA.CELL1_01.V".alarms]
suppress_when = "AREA.RECT1.IDC < 1"        # rectifier off: the whole series is dead
lo = { limit = 3.6, priority = "low", deadband = 0.05, on_delay = 30 }
```
"""

from __future__ import annotations

import itertools
import sys
from dataclasses import dataclass
from typing import Any

from tags.alarms.settings import INHERITABLE, AlarmSettings, inherited
from tags.alarms.suppression import ConditionError, parse_condition
from tags.config.fields import not_finite
from tags.config.problems import ProblemLog
from tags.i18n.catalogue import text as tr
from tags.model import AlarmDef, AlarmKind, DataType, Priority, SignalType, SuppressMode

SHARED_KEYS = {"signal", "suppress_when", "suppress_mode", "realarm_minutes"}
"""Keys allowed beside the alarm kinds: they apply to every alarm of the tag."""

ALARM_KEYS = {
    "limit", "state", "setpoint", "priority", "deadband", "on_delay", "off_delay", "latch",
    "message", "consequence", "action", "group", *SHARED_KEYS,
    "message_zh", "consequence_zh", "action_zh",
}  # fmt: skip

TEXT_KEYS = (
    "message", "consequence", "action", "group", "message_zh", "consequence_zh", "action_zh",
)  # fmt: skip
"""Texts of an alarm; the ``_zh`` ones are shown when the console speaks Chinese."""

_ANALOG = (AlarmKind.LOLO, AlarmKind.LO, AlarmKind.HI, AlarmKind.HIHI)
_DEVIATION = (
    AlarmKind.DEVIATION_LOLO,
    AlarmKind.DEVIATION_LO,
    AlarmKind.DEVIATION_HI,
    AlarmKind.DEVIATION_HIHI,
)


@dataclass(frozen=True, slots=True)
class AlarmFill:
    """Where an alarm that leaves out deadband or delays takes them from while it is parsed:
    the project's defaults, the signal type the tag's name or unit suggests and the width of
    its range (so each alarm is built once, complete)."""

    settings: AlarmSettings
    signal: SignalType
    span: float


def parse_alarms(
    tag: str,
    table: Any,
    data_type: DataType,
    path: str,
    log: ProblemLog,
    fill: AlarmFill | None = None,
) -> tuple[AlarmDef, ...]:
    """Parse and check one tag's alarms; problems go to ``log``. With ``fill`` the settings
    left out are filled in (else ``inherit`` names them, for ``apply_defaults``)."""
    if not isinstance(table, dict):
        log.add(path, tr("config.alarm.table"))
        return ()
    alarms: list[AlarmDef] = []
    shared: dict[str, Any] = {}
    if not table.keys().isdisjoint(SHARED_KEYS):
        shared = _shared_settings({k: v for k, v in table.items() if k in SHARED_KEYS}, path, log)
    for key, spec in table.items():
        if key in SHARED_KEYS:
            continue
        try:
            kind = AlarmKind(key)
        except ValueError:
            known = ", ".join(k.value for k in AlarmKind)
            log.add(f"{path}.{key}", tr("config.alarm.kind", known=known))
            continue
        alarm = _parse_one(tag, kind, spec, data_type, f"{path}.{key}", log, shared, fill)
        if alarm is not None:
            alarms.append(alarm)
    order_problems(alarms, path, log)
    return tuple(alarms)


def _parse_one(
    tag: str,
    kind: AlarmKind,
    spec: Any,
    data_type: DataType,
    path: str,
    log: ProblemLog,
    shared: dict[str, Any] | None = None,
    fill: AlarmFill | None = None,
) -> AlarmDef | None:
    if not isinstance(spec, dict):
        spec = {"state" if kind is AlarmKind.DISCRETE else "limit": spec}
    written = spec.keys()
    if not written <= ALARM_KEYS:
        for key in sorted(written - ALARM_KEYS):
            known = ", ".join(sorted(k for k in ALARM_KEYS if not k.endswith("_zh")))
            log.add(f"{path}.{key}", tr("config.alarm.key", known=known))
    numeric = data_type in (DataType.FLOAT, DataType.INT)
    limit: float | None = None
    if kind is AlarmKind.DISCRETE:
        state = spec.get("state")
        if isinstance(state, int):  # bool is an int too
            limit = float(state)
        else:
            log.add(f"{path}.state", tr("config.alarm.state"))
    elif kind is not AlarmKind.BAD_QUALITY:
        if not numeric:
            log.add(path, tr("config.alarm.numeric", kind=kind.value, type=data_type.value))
        raw = spec.get("limit")
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            log.add(f"{path}.limit", tr("config.alarm.limit"))
        elif (problem := not_finite(raw)) is not None:
            log.add(f"{path}.limit", problem)
        else:
            limit = float(raw)
        distance = kind in _DEVIATION or kind is AlarmKind.RATE
        if distance and limit is not None and limit <= 0:
            log.add(f"{path}.limit", tr("config.alarm.distance"))
    setpoint = spec.get("setpoint")
    if kind in _DEVIATION and not isinstance(setpoint, str):
        log.add(f"{path}.setpoint", tr("config.alarm.setpoint"))
    if kind not in _DEVIATION and setpoint is not None:
        log.add(f"{path}.setpoint", tr("config.alarm.no_setpoint"))
    try:
        priority = Priority[str(spec.get("priority", "low")).upper()]
    except KeyError:
        log.add(f"{path}.priority", tr("config.priority"))
        priority = Priority.LOW
    numbers: dict[str, float] = {}
    for key in INHERITABLE:
        value = spec.get(key, 0.0)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            log.add(f"{path}.{key}", tr("config.at_least_zero"))
            value = 0.0
        elif (problem := not_finite(value)) is not None:
            log.add(f"{path}.{key}", problem)
            value = 0.0
        numbers[key] = float(value)
    texts = {k: spec.get(k, "") for k in TEXT_KEYS}
    for key, value in texts.items():
        if not isinstance(value, str):
            log.add(f"{path}.{key}", tr("config.must_be_text"))
        elif key.endswith("_zh") and value and not texts[key.removesuffix("_zh")]:
            log.add(f"{path}.{key}", tr("config.alarm.translation", key=key.removesuffix("_zh")))
    latch = spec.get("latch", False)
    if not isinstance(latch, bool):
        log.add(f"{path}.latch", tr("config.must_be_bool"))
    extra = dict(shared) if shared else {}
    if not written.isdisjoint(SHARED_KEYS):
        extra.update(_shared_settings(spec, path, log))
    inherit: frozenset[str] = frozenset()
    if kind not in (AlarmKind.DISCRETE, AlarmKind.BAD_QUALITY):
        inherit = frozenset(k for k in INHERITABLE if k not in written)
    if fill is not None and inherit:
        signal = extra.get("signal") or fill.signal
        numbers.update(inherited(kind, inherit, signal, fill.span, fill.settings))
        extra["signal"] = signal
        inherit = frozenset()
    return AlarmDef(
        tag=tag,
        kind=kind,
        limit=limit,
        priority=priority,
        deadband=numbers["deadband"],
        on_delay=numbers["on_delay"],
        off_delay=numbers["off_delay"],
        latch=bool(latch),
        message=sys.intern(str(texts["message"])),
        consequence=str(texts["consequence"]),
        action=str(texts["action"]),
        message_zh=str(texts["message_zh"]),
        consequence_zh=str(texts["consequence_zh"]),
        action_zh=str(texts["action_zh"]),
        setpoint_tag=setpoint if isinstance(setpoint, str) else None,
        group=str(texts["group"]),
        area=sys.intern(tag.split(".", 1)[0]),
        inherit=inherit,
        **extra,
    )


def _shared_settings(spec: dict[str, Any], path: str, log: ProblemLog) -> dict[str, Any]:
    """signal, suppress_when, suppress_mode and realarm_minutes as AlarmDef fields."""
    values: dict[str, Any] = {}
    if "signal" in spec:
        try:
            values["signal"] = SignalType(spec["signal"])
        except ValueError:
            known = ", ".join(s.value for s in SignalType)
            why = tr("config.alarm.signal", signal=spec["signal"], known=known)
            log.add(f"{path}.signal", why)
    if "suppress_when" in spec:
        raw = spec["suppress_when"]
        texts = [raw] if isinstance(raw, str) else raw
        if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
            log.add(f"{path}.suppress_when", tr("config.alarm.suppress_when"))
        else:
            for text in texts:
                try:
                    parse_condition(text)
                except ConditionError as exc:
                    log.add(f"{path}.suppress_when", str(exc))
            values["suppress_when"] = tuple(texts)
    if "suppress_mode" in spec:
        try:
            values["suppress_mode"] = SuppressMode(spec["suppress_mode"])
        except ValueError:
            log.add(f"{path}.suppress_mode", tr("config.alarm.suppress_mode"))
    if "realarm_minutes" in spec:
        minutes = spec["realarm_minutes"]
        if isinstance(minutes, bool) or not isinstance(minutes, int | float) or minutes < 0:
            log.add(f"{path}.realarm_minutes", tr("config.alarm.realarm"))
        elif (problem := not_finite(minutes)) is not None:
            log.add(f"{path}.realarm_minutes", problem)
        else:
            values["realarm_minutes"] = float(minutes)
    return values


def order_problems(alarms: list[AlarmDef], path: str, log: ProblemLog) -> None:
    """Limits out of order (lolo < lo < hi < hihi; inner deviation below outer)."""
    if len(alarms) < 2:  # nothing to be out of order with
        return
    _check_order(alarms, _ANALOG, path, log)
    _check_order(alarms, _DEVIATION, path, log, magnitude=True)


def _check_order(
    alarms: list[AlarmDef],
    order: tuple[AlarmKind, ...],
    path: str,
    log: ProblemLog,
    magnitude: bool = False,
) -> None:
    """lolo < lo < hi < hihi; for deviations the outer limit is the larger distance."""
    limits = {a.kind: a.limit for a in alarms if a.kind in order and a.limit is not None}
    if magnitude:
        pairs = [(order[1], order[0]), (order[2], order[3])]
        for inner, outer in pairs:
            if inner in limits and outer in limits and limits[inner] >= limits[outer]:
                log.add(f"{path}.{inner.value}", tr("config.must_be_below", other=outer.value))
        return
    present = [k for k in order if k in limits]
    for lower, upper in itertools.pairwise(present):
        if limits[lower] >= limits[upper]:
            log.add(f"{path}.{lower.value}", tr("config.must_be_below", other=upper.value))
