"""Instrument issues and predictive warnings per unit: one line for a series of cells.

Sixty cells of a series that all cool toward their limit are one finding about the series,
not sixty. A name with nested indices (``AREA.CELL.S01.C07.T``: series 1, cell 7) is an
instrument of an array inside a unit; its innermost index is collapsed to ``*``
(``AREA.CELL.S01.C*.T``), so equal instruments of one unit share a line while different units
(``AREA.RECT1`` and ``AREA.RECT2``, series 1 and 2) keep their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tags.analytics.instrument_health import Check, InstrumentIssue, Severity
from tags.analytics.prediction import PredictiveWarning, in_about

_INDEXED = re.compile(r"^([A-Z_]*[A-Z_])(\d+)$")


def group_name(tag: str) -> str:
    """``AREA.CELL.S01.C07.T`` -> ``AREA.CELL.S01.C*.T``; a name with one index or none is
    its own group (``AREA.RECT1.IDC``)."""
    parts = tag.split(".")
    indexed = [i for i, part in enumerate(parts) if i > 0 and _INDEXED.match(part)]
    if len(indexed) < 2:
        return tag
    last = indexed[-1]
    match = _INDEXED.match(parts[last])
    assert match is not None
    parts[last] = f"{match.group(1)}*"
    return ".".join(parts)


@dataclass(frozen=True)
class IssueGroup:
    """The issues of one check on the instruments of one group."""

    name: str
    area: str
    check: Check
    severity: Severity
    """The worst of the group."""
    since: float
    cleared: float | None
    """When the last of them cleared; None while one still stands."""
    tags: tuple[str, ...]
    detail: str
    """The first issue's detail."""

    @property
    def count(self) -> int:
        return len(self.tags)

    @property
    def text(self) -> str:
        many = f" ({self.count} instruments)" if self.count > 1 else ""
        return f"{self.name}: {self.check.value}{many}, {self.detail}"


def group_issues(
    issues: Iterable[tuple[InstrumentIssue, float | None]],
) -> list[IssueGroup]:
    """Issues (with the time each cleared) per group and check, worst and earliest first."""
    found: dict[tuple[str, Check], list[tuple[InstrumentIssue, float | None]]] = {}
    for issue, cleared in issues:
        found.setdefault((group_name(issue.tag), issue.check), []).append((issue, cleared))
    groups = []
    for (name, check), members in found.items():
        first = min(members, key=lambda m: m[0].since)[0]
        ends = [c for _, c in members]
        groups.append(
            IssueGroup(
                name=name,
                area=first.area,
                check=check,
                severity=max(i.severity for i, _ in members),
                since=first.since,
                cleared=None if any(c is None for c in ends) else max(c for c in ends if c),
                tags=tuple(sorted({i.tag for i, _ in members})),
                detail=first.detail,
            )
        )
    rank = {check: n for n, check in enumerate(Check)}
    return sorted(groups, key=lambda g: (-g.severity, rank[g.check], g.since, g.name))


@dataclass(frozen=True)
class WarningGroup:
    """Predictive warnings of one group heading for the same kind of limit."""

    name: str
    area: str
    warnings: tuple[PredictiveWarning, ...]
    """Soonest first."""

    @property
    def count(self) -> int:
        return len(self.warnings)

    @property
    def text(self) -> str:
        first, last = self.warnings[0], self.warnings[-1]
        if self.count == 1:
            return first.text
        unit = f" {first.unit}" if first.unit else ""
        when = in_about(first.seconds)
        if in_about(last.seconds) != when:
            when = f"{when} (the last {in_about(last.seconds)})"
        return f"{self.name}: {self.count} instruments reach {first.limit:g}{unit} {when}"


def group_warnings(warnings: Sequence[PredictiveWarning]) -> list[WarningGroup]:
    """Warnings per group and limit kind, the soonest group first."""
    found: dict[tuple[str, str], list[PredictiveWarning]] = {}
    for w in warnings:
        found.setdefault((group_name(w.tag), w.kind.value), []).append(w)
    groups = [
        WarningGroup(name, members[0].area, tuple(sorted(members, key=lambda w: w.seconds)))
        for (name, _), members in found.items()
    ]
    return sorted(groups, key=lambda g: (g.warnings[0].seconds, g.name))
