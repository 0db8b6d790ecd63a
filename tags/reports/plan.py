"""Production against plan: the plan per shift from ``[plant_analytics.plan]``, prorated
over the shifts a report's period covers, beside what was made and what stops cost."""

from __future__ import annotations

from dataclasses import dataclass

from tags.analytics.config import PlanSettings
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
    plan: PlanSettings,
    calendar: ShiftCalendar,
    start: float,
    end: float,
    lost: dict[str, float],
) -> tuple[PlanLine, ...]:
    """One line per plant with a plan and recorded production."""
    share = planned_share(calendar, start, end)
    lines: list[PlanLine] = []
    if energy.emm is not None and plan.emm_mn_t > 0:
        lines.append(PlanLine("EMM", "Manganese", "t", plan.emm_mn_t * share, energy.emm.mn_t,
                              lost.get("EMM")))  # fmt: skip
    if energy.cwp is not None and plan.cwp_clean_t > 0:
        lines.append(PlanLine("CWP", "Clean coal", "t", plan.cwp_clean_t * share,
                              energy.cwp.clean_t, lost.get("CWP")))  # fmt: skip
    if energy.sco2 is not None and plan.sco2_net_mwh > 0:
        lines.append(PlanLine("SCO2", "Power exported", "MWh", plan.sco2_net_mwh * share,
                              energy.sco2.net_mwh, lost.get("SCO2")))  # fmt: skip
    return tuple(lines)
