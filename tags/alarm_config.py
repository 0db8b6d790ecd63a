"""The ``alarms`` table of a tag -> AlarmDef objects, with the ordering rules of ISA-18.2."""

from __future__ import annotations

import itertools
from typing import Any

from tags.model import AlarmDef, AlarmKind, DataType, Priority
from tags.problems import ProblemLog

ALARM_KEYS = {
    "limit", "state", "setpoint", "priority", "deadband", "on_delay", "off_delay", "latch",
    "message", "consequence", "action", "group",
}  # fmt: skip

_ANALOG = (AlarmKind.LOLO, AlarmKind.LO, AlarmKind.HI, AlarmKind.HIHI)
_DEVIATION = (
    AlarmKind.DEVIATION_LOLO,
    AlarmKind.DEVIATION_LO,
    AlarmKind.DEVIATION_HI,
    AlarmKind.DEVIATION_HIHI,
)


def parse_alarms(
    tag: str, table: Any, data_type: DataType, path: str, log: ProblemLog
) -> tuple[AlarmDef, ...]:
    """Parse and check one tag's alarms; problems go to ``log``."""
    if not isinstance(table, dict):
        log.add(path, "must be a table of alarms (lolo, lo, hi, hihi, dev_*, roc, ...)")
        return ()
    alarms: list[AlarmDef] = []
    for key, spec in table.items():
        try:
            kind = AlarmKind(key)
        except ValueError:
            known = ", ".join(k.value for k in AlarmKind)
            log.add(f"{path}.{key}", f"unknown alarm kind (known: {known})")
            continue
        alarm = _parse_one(tag, kind, spec, data_type, f"{path}.{key}", log)
        if alarm is not None:
            alarms.append(alarm)
    _check_order(alarms, _ANALOG, path, log)
    _check_order(alarms, _DEVIATION, path, log, magnitude=True)
    return tuple(alarms)


def _parse_one(
    tag: str, kind: AlarmKind, spec: Any, data_type: DataType, path: str, log: ProblemLog
) -> AlarmDef | None:
    if not isinstance(spec, dict):
        spec = {"state" if kind is AlarmKind.DISCRETE else "limit": spec}
    for key in sorted(set(spec) - ALARM_KEYS):
        log.add(f"{path}.{key}", f"unknown key (known: {', '.join(sorted(ALARM_KEYS))})")
    numeric = data_type in (DataType.FLOAT, DataType.INT)
    limit: float | None = None
    if kind is AlarmKind.DISCRETE:
        state = spec.get("state")
        if isinstance(state, int):  # bool is an int too
            limit = float(state)
        else:
            log.add(f"{path}.state", "a discrete alarm needs state = <value that alarms>")
    elif kind is not AlarmKind.BAD_QUALITY:
        if not numeric:
            log.add(path, f"a {kind.value} alarm needs a numeric tag, not {data_type.value}")
        raw = spec.get("limit")
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            log.add(f"{path}.limit", "missing or not a number")
        else:
            limit = float(raw)
        distance = kind in _DEVIATION or kind is AlarmKind.RATE
        if distance and limit is not None and limit <= 0:
            log.add(f"{path}.limit", "must be above 0 (it is a distance, not a level)")
    setpoint = spec.get("setpoint")
    if kind in _DEVIATION and not isinstance(setpoint, str):
        log.add(f"{path}.setpoint", 'a deviation alarm needs setpoint = "<tag name>"')
    if kind not in _DEVIATION and setpoint is not None:
        log.add(f"{path}.setpoint", "only deviation alarms take a setpoint")
    try:
        priority = Priority[str(spec.get("priority", "low")).upper()]
    except KeyError:
        log.add(f"{path}.priority", "must be critical, high, medium or low")
        priority = Priority.LOW
    numbers: dict[str, float] = {}
    for key in ("deadband", "on_delay", "off_delay"):
        value = spec.get(key, 0.0)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            log.add(f"{path}.{key}", "must be a number of at least 0")
            value = 0.0
        numbers[key] = float(value)
    texts = {k: spec.get(k, "") for k in ("message", "consequence", "action", "group")}
    for key, value in texts.items():
        if not isinstance(value, str):
            log.add(f"{path}.{key}", "must be text")
    latch = spec.get("latch", False)
    if not isinstance(latch, bool):
        log.add(f"{path}.latch", "must be true or false")
    return AlarmDef(
        tag=tag,
        kind=kind,
        limit=limit,
        priority=priority,
        deadband=numbers["deadband"],
        on_delay=numbers["on_delay"],
        off_delay=numbers["off_delay"],
        latch=bool(latch),
        message=str(texts["message"]),
        consequence=str(texts["consequence"]),
        action=str(texts["action"]),
        setpoint_tag=setpoint if isinstance(setpoint, str) else None,
        group=str(texts["group"]),
    )


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
                log.add(f"{path}.{inner.value}", f"must be below {outer.value}")
        return
    present = [k for k in order if k in limits]
    for lower, upper in itertools.pairwise(present):
        if limits[lower] >= limits[upper]:
            log.add(f"{path}.{lower.value}", f"must be below {upper.value}")
