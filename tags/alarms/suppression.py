"""Suppression by design: conditions on other tags that hide an alarm (ISA-18.2).

A condition is ``TAG OP NUMBER``, e.g. ``"AREA.RECT1.IDC < 1"`` (rectifier off) or
``"AREA.PUMP1.RUN == 0"``; OP is one of ``<  <=  >  >=  ==  !=``; ``true``/``false`` stand
for 1/0. An alarm takes one condition or a list, combined with ``suppress_mode = "any"``
(the default) or ``"all"``. A condition whose tag is Bad, missing or not a number does not
hold: when the engine cannot tell, it annunciates rather than hides.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from tags.i18n.catalogue import text as tr
from tags.model import SuppressMode, TagSample

OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<=": operator.le,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    ">": operator.gt,
}

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|true|false"
_PATTERN = re.compile(
    rf"^\s*(?P<tag>[A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)+)\s*(?P<op><=|>=|==|!=|<|>)\s*"
    rf"(?P<number>{_NUMBER})\s*$"
)


class ConditionError(ValueError):
    """A suppression condition that cannot be read; the message says how to write it."""


@dataclass(frozen=True, slots=True)
class Condition:
    """One comparison of a tag's current value with a number."""

    tag: str
    op: str
    number: float

    def holds(self, sample: TagSample | None) -> bool:
        """True when the tag has a usable number that satisfies the comparison."""
        if sample is None or sample.quality.is_bad:
            return False
        value = sample.value
        if isinstance(value, bool | int | float) and not isinstance(value, str):
            return self.holds_number(float(value))
        return False

    def holds_number(self, number: float | None) -> bool:
        """True when ``number`` (a recorded mean, say) satisfies the comparison; None and NaN
        do not."""
        return (
            number is not None
            and not math.isnan(number)
            and OPERATORS[self.op](number, self.number)
        )

    def __str__(self) -> str:
        return f"{self.tag} {self.op} {self.number:g}"


def parse_condition(text: str) -> Condition:
    """``"AREA.RECT1.IDC < 1"`` -> Condition, or ConditionError saying how to write it."""
    match = _PATTERN.match(text)
    if match is None:
        syntax = tr("config.alarm.syntax")
        raise ConditionError(tr("config.alarm.condition", text=text, syntax=syntax))
    number_text = match["number"]
    if number_text in ("true", "false"):
        number = 1.0 if number_text == "true" else 0.0
    else:
        number = float(number_text)
    return Condition(match["tag"], match["op"], number)


@dataclass(frozen=True, slots=True)
class SuppressionRule:
    """The compiled ``suppress_when`` of one alarm."""

    conditions: tuple[Condition, ...]
    mode: SuppressMode = SuppressMode.ANY

    @classmethod
    def compile(cls, texts: tuple[str, ...], mode: SuppressMode) -> SuppressionRule | None:
        """None for an alarm without conditions; ConditionError for a bad one."""
        if not texts:
            return None
        return cls(tuple(parse_condition(text) for text in texts), mode)

    @property
    def tags(self) -> frozenset[str]:
        return frozenset(c.tag for c in self.conditions)

    def holds(self, samples: Mapping[str, TagSample]) -> bool:
        """True when the alarm is suppressed by design now."""
        results = (c.holds(samples.get(c.tag)) for c in self.conditions)
        return all(results) if self.mode is SuppressMode.ALL else any(results)

    def holds_numbers(self, values: Mapping[str, float | None]) -> bool:
        """The rule on plain numbers per tag (a missing tag does not hold)."""
        results = (c.holds_number(values.get(c.tag)) for c in self.conditions)
        return all(results) if self.mode is SuppressMode.ALL else any(results)

    def __str__(self) -> str:
        joiner = " and " if self.mode is SuppressMode.ALL else " or "
        return joiner.join(str(c) for c in self.conditions)
