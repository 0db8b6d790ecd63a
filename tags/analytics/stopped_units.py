"""Units whose instruments are not judged while the unit is stopped.

A stopped turbine reads 0 % speed and 0 kg/s flow, its loop settles at one pressure: that is
equipment that is off, not a failing instrument. The project says which tags belong to a unit
and when it is stopped, in ``[plant_analytics.health.units]``::

    [plant_analytics.health.units."Turbine loop"]
    tags = ["AREA.TURB.*", "AREA.COMP.*"]          # name patterns (* and ?)
    stopped_when = ["AREA.TURB.TRIP == 1", "AREA.GEN.BREAKER == 0"]
    stopped_mode = "any"                           # or "all"

Conditions are written as alarms' ``suppress_when`` are (tags/alarms/suppression.py).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tags.alarms.suppression import ConditionError, SuppressionRule
from tags.config.problems import ProblemLog
from tags.i18n.catalogue import text
from tags.model import SuppressMode


@dataclass(frozen=True)
class StoppedUnit:
    """A unit's tags (name patterns) and the condition under which it is stopped."""

    name: str
    tags: tuple[str, ...]
    stopped: SuppressionRule

    def holds_tag(self, tag: str) -> bool:
        return any(fnmatch.fnmatchcase(tag, pattern) for pattern in self.tags)


def unit_rules(tag: str, units: Sequence[StoppedUnit]) -> tuple[SuppressionRule, ...]:
    """The stopped conditions of the units a tag belongs to."""
    return tuple(u.stopped for u in units if u.holds_tag(tag))


def _texts(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def parse_stopped_when(
    table: Mapping[str, Any], where: str, log: ProblemLog
) -> SuppressionRule | None:
    """A table's ``stopped_when`` (a condition or a list, written as alarms' ``suppress_when``)
    and ``stopped_mode`` (any, all) -> the rule; None, with the problem logged, when
    stopped_when cannot be read or is missing (a bad stopped_mode is logged and read as any,
    so the rest is still checked: the project does not load either way)."""
    conditions = _texts(table.get("stopped_when"))
    if conditions is None:
        log.add(f"{where}.stopped_when", text("config.units.stopped_when"))
    mode_text = table.get("stopped_mode", "any")
    try:
        mode = SuppressMode(mode_text)
    except ValueError:  # logged; the conditions are still read, to report their problems too
        log.add(
            f"{where}.stopped_mode", text("config.not_one_of", value=mode_text, choices="any, all")
        )
        mode = SuppressMode.ANY
    if conditions is None:
        return None
    try:
        return SuppressionRule.compile(conditions, mode)
    except ConditionError as exc:
        log.add(f"{where}.stopped_when", str(exc))
        return None


def parse_units(table: Any, path: str, log: ProblemLog) -> tuple[StoppedUnit, ...]:
    """``[...health.units]`` -> StoppedUnits; problems go to ``log`` with their field."""
    if not isinstance(table, dict):
        log.add(path, text("config.units.table"))
        return ()
    units = []
    for name, unit in table.items():
        where = f"{path}.{name}"
        if not isinstance(unit, dict):
            log.add(where, text("config.units.unit"))
            continue
        unknown = sorted(set(unit) - {"tags", "stopped_when", "stopped_mode"})
        for key in unknown:
            known = "tags, stopped_when, stopped_mode"
            log.add(f"{where}.{key}", text("config.unknown_key", known=known))
        tags = _texts(unit.get("tags"))
        if tags is None:
            log.add(f"{where}.tags", text("config.units.tags"))
        rule = parse_stopped_when(unit, where, log)
        if tags is None or rule is None:
            continue
        units.append(StoppedUnit(str(name), tags, rule))
    return tuple(units)


def unit_problems(units: Sequence[StoppedUnit], tags: Collection[str]) -> list[tuple[str, str]]:
    """(field, message) per unit whose patterns match no tag or whose condition names a tag
    the project does not have."""
    found = []
    for unit in units:
        if not any(unit.holds_tag(name) for name in tags):
            pattern = ", ".join(unit.tags)
            found.append((f"{unit.name}.tags", text("config.no_tag_matches", pattern=pattern)))
        for condition in unit.stopped.conditions:
            if condition.tag not in tags:
                problem = text("config.unknown_tag", tag=condition.tag)
                found.append((f"{unit.name}.stopped_when", problem))
    return found
