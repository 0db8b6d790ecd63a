"""Cross-checks between tags' alarms, run when a project loads and when an engine is built.

Deviation setpoints must be existing numeric tags; suppression conditions must read and name
existing numeric or bool tags; and suppression must not loop: an alarm hidden by a condition
on its own tag, or tags whose alarms suppress one another, could hide the very upset they
report.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from tags.alarms.config import order_problems
from tags.alarms.suppression import ConditionError, parse_condition
from tags.config.problems import ProblemLog
from tags.i18n.catalogue import text as tr
from tags.model import AlarmDef, DataType, TagDef

_NUMERIC = (DataType.FLOAT, DataType.INT)


class AlarmConfigError(ValueError):
    """Alarm definitions the engine refuses; ``problems`` lists every reason."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("alarm configuration refused:\n" + "\n".join(f"  {p}" for p in problems))


@dataclass(frozen=True, slots=True)
class AlarmProblem:
    """One wrong alarm setting: the tag it belongs to, the field path and what is wrong."""

    tag: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def alarm_path(alarm: AlarmDef, field: str) -> str:
    return f"tags.{alarm.tag}.alarms.{alarm.kind.value}.{field}"


def reference_problems(
    tags: Mapping[str, TagDef], defined: Collection[str] = ()
) -> list[AlarmProblem]:
    """Every bad reference and suppression loop; tags in ``defined`` but not in ``tags``
    exist with problems of their own (reported there), so references to them pass."""
    problems: list[AlarmProblem] = []
    for tag in tags.values():
        for alarm in tag.alarms:
            if alarm.setpoint_tag is not None:
                message = _target_problem(alarm.setpoint_tag, tags, defined, _NUMERIC)
                if message:
                    problems.append(AlarmProblem(tag.name, alarm_path(alarm, "setpoint"), message))
            for text in alarm.suppress_when:
                path = alarm_path(alarm, "suppress_when")
                try:
                    target = parse_condition(text).tag
                except ConditionError as exc:
                    problems.append(AlarmProblem(tag.name, path, str(exc)))
                    continue
                message = _target_problem(target, tags, defined, (*_NUMERIC, DataType.BOOL))
                if message:
                    message = tr("config.quoted", text=text, problem=message)
                    problems.append(AlarmProblem(tag.name, path, message))
    problems.extend(loop_problems(tags))
    return problems


def _target_problem(
    name: str,
    tags: Mapping[str, TagDef],
    defined: Collection[str],
    types: tuple[DataType, ...],
) -> str:
    target = tags.get(name)
    if target is None:
        return "" if name in defined else tr("tag.unknown", tag=name)
    if target.data_type not in types:
        kind = "not_numeric" if DataType.BOOL not in types else "not_numeric_or_bool"
        return tr(f"config.alarm.{kind}", tag=name)
    return ""


def _edges(tags: Mapping[str, TagDef]) -> dict[str, dict[str, AlarmDef]]:
    """tag -> {tag its alarms' suppression reads: the first alarm that reads it}."""
    edges: dict[str, dict[str, AlarmDef]] = {}
    for tag in tags.values():
        for alarm in tag.alarms:
            for text in alarm.suppress_when:
                try:
                    target = parse_condition(text).tag
                except ConditionError:
                    continue
                if target in tags:
                    edges.setdefault(tag.name, {}).setdefault(target, alarm)
    return edges


def loop_problems(tags: Mapping[str, TagDef]) -> list[AlarmProblem]:
    """Suppression loops: each reported once, at the alarm of the first tag in the loop."""
    edges = _edges(tags)
    problems: list[AlarmProblem] = []
    seen: set[frozenset[str]] = set()
    for cycle in _cycles(edges):
        key = frozenset(cycle)
        if key in seen:
            continue
        seen.add(key)
        start = cycle.index(min(cycle))
        cycle = cycle[start:] + cycle[:start]
        first, second = cycle[0], cycle[1 % len(cycle)]
        alarm = edges[first][second]
        if len(cycle) == 1:
            message = tr("config.alarm.self_loop", tag=first)
        else:
            chain = " -> ".join([*cycle, first])
            message = tr("config.alarm.loop", chain=chain)
        problems.append(AlarmProblem(first, alarm_path(alarm, "suppress_when"), message))
    return problems


def _cycles(edges: Mapping[str, Mapping[str, AlarmDef]]) -> list[list[str]]:
    """Cycles met by a depth-first walk (enough to name every loop at least once)."""
    white, grey, black = 0, 1, 2
    colour: dict[str, int] = {}
    cycles: list[list[str]] = []
    for root in sorted(edges):
        if colour.get(root, white) != white:
            continue
        path: list[str] = [root]
        stack = [iter(sorted(edges.get(root, {})))]
        colour[root] = grey
        while stack:
            following = next(stack[-1], None)
            if following is None:
                colour[path.pop()] = black
                stack.pop()
                continue
            state = colour.get(following, white)
            if state == grey:
                cycles.append(path[path.index(following) :])
            elif state == white:
                colour[following] = grey
                path.append(following)
                stack.append(iter(sorted(edges.get(following, {}))))
    return cycles


def definition_problems(tags: Mapping[str, TagDef]) -> list[str]:
    """Everything a project load would refuse, for alarm definitions built in code."""
    problems = [str(p) for p in reference_problems(tags)]
    order = ProblemLog("")
    for tag in tags.values():
        order_problems(list(tag.alarms), f"tags.{tag.name}.alarms", order)
        kinds = [a.kind for a in tag.alarms]
        for kind in sorted({k for k in kinds if kinds.count(k) > 1}, key=lambda k: k.value):
            problems.append(f"tags.{tag.name}.alarms.{kind.value}: defined twice")
        problems.extend(
            f"tags.{tag.name}.alarms.{a.kind.value}: belongs to tag '{a.tag}', not {tag.name}"
            for a in tag.alarms
            if a.tag != tag.name
        )
    problems.extend(f"{p.path}: {p.message}" for p in order.problems)
    return problems
