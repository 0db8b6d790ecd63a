"""Production against plan: each area's plan per shift from its energy declaration
(``plan_per_shift`` in ``[plant_analytics.energy.areas.<AREA>]``), prorated over the shifts a
report's period covers, beside what was made and what stops cost."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tags.analytics.energy_areas import AreaEnergy
from tags.analytics.energy_figures import EnergyFigures
from tags.analytics.shift_calendar import ShiftCalendar


@dataclass(frozen=True)
class PlanLine:
    area: str
    product: str
    unit: str
    plan: float
    actual: float
    lost: float | None
    """To stops (tags/reports/downtime.py); None when no stop was priced."""

    @property
    def difference(self) -> float:
        return self.actual - self.plan

    @property
    def percent(self) -> float | None:
        return self.actual / self.plan * 100.0 if self.plan > 0 else None


def planned_share(calendar: ShiftCalendar, start: float, end: float) -> float:
    """How many shifts' worth ``[start, end)`` is (each shift prorated by its overlap)."""
    share = 0.0
    for shift in calendar.shifts(start, end):
        length = shift.end - shift.start
        if length > 0:
            share += (min(end, shift.end) - max(start, shift.start)) / length
    return share


def against_plan(
    energy: EnergyFigures,
    declared: Sequence[AreaEnergy],
    calendar: ShiftCalendar,
    start: float,
    end: float,
    lost: dict[str, float],
) -> tuple[PlanLine, ...]:
    """One line per area with a plan and recorded production, in project order."""
    share = planned_share(calendar, start, end)
    lines: list[PlanLine] = []
    for decl in declared:
        area = energy.area(decl.area)
        made = None if area is None else area.produced
        if made is None or decl.plan_per_shift <= 0:
            continue
        product = decl.product[:1].upper() + decl.product[1:]
        lines.append(PlanLine(decl.area, product, decl.unit, decl.plan_per_shift * share, made,
                              lost.get(decl.area)))  # fmt: skip
    return tuple(lines)
