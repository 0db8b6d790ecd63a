"""The rows of the energy display: which figure, in which unit, compared with which target.

Plain data and functions (no Qt): one section per declared energy area, in project order, with
the figures of its kind (tags/analytics/energy_catalogue.py). Each row reads its value from a
period's EnergyFigures (this shift, the previous one, today) and, where the engine has it,
from the instantaneous figures ("now"). A row with a declared target says which way is
better; ``judge`` compares a value with it the way tags/analytics/energy_figures.py does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tags.analytics.energy import InstantEnergy
from tags.analytics.energy_areas import AreaEnergy, AreaTarget, ElectrolysisSpec
from tags.analytics.energy_catalogue import CATALOGUE, FigureSpec, fill
from tags.analytics.energy_figures import Better, EnergyFigures, TargetCheck

PeriodValue = Callable[[EnergyFigures], float | None]
Namer = Callable[[str, AreaEnergy], str]
"""A catalogue name (template) for an area, in the language shown (``fill``: English)."""
SERIES = "DC specific energy, series {series}"
NowValue = Callable[[InstantEnergy], float | None]


@dataclass(frozen=True)
class Row:
    key: str
    area: str
    label: str
    unit: str
    decimals: int
    period: PeriodValue
    now: NowValue | None = None
    now_unit: str = ""
    """The unit of the "now" value when it differs (a power beside an energy)."""
    target: AreaTarget | None = None
    title: str = ""
    """The heading of the row's area."""

    @property
    def better(self) -> Better | None:
        return None if self.target is None else self.target.better

    def check(self, value: float | None) -> TargetCheck | None:
        """The value against this row's target (None: the row has no target)."""
        if self.target is None:
            return None
        return TargetCheck(self.area, self.label, value, self.target.value, self.unit,
                           self.target.better, self.target.figure)  # fmt: skip


def number(value: float | None, decimals: int) -> str:
    """A figure as shown: thousands grouped, a dash when not available."""
    if value is None:
        return "—"
    return f"{value:,.{decimals}f}".replace(",", " ")


# the rows -----------------------------------------------------------------------------------


def area_value(area: str, spec: FigureSpec) -> PeriodValue:
    def read(f: EnergyFigures) -> float | None:
        found = f.area(area)
        return None if found is None else found.value(spec)

    return read


def _series_sec(area: str, prefix: str) -> PeriodValue:
    def read(f: EnergyFigures) -> float | None:
        found = f.area(area)
        x = None if found is None else found.electrolysis
        if x is None:
            return None
        return next((s.sec_kwh_t for s in x.series if s.name == prefix), None)

    return read


def _now(area: str, key: str) -> NowValue:
    return lambda i: i.value(area, key)


def rows(declared: Sequence[AreaEnergy], name: Namer = fill) -> list[Row]:
    """Every row of the display, by declared area; an electrolysis area first has one
    specific-energy row per rectifier series. ``name`` gives the figures' names (units stay
    as the catalogue has them); areas are headed in the current language."""
    out: list[Row] = []
    for decl in declared:
        a, specs = decl.area, CATALOGUE[decl.kind]
        heading = decl.heading_shown
        if isinstance(decl.spec, ElectrolysisSpec):
            sec = specs["sec_kwh_t"]
            out += [
                Row(f"{a}:sec_kwh_t:{p}", a, name(SERIES, decl).replace("{series}", p),
                    fill(sec.unit, decl), sec.decimals, _series_sec(a, p),
                    _now(a, f"sec_kwh_t:{p}"), target=decl.target("sec_kwh_t"),
                    title=heading)
                for p in decl.spec.series
            ]  # fmt: skip
        for spec in specs.values():
            if not spec.shown:
                continue
            out.append(Row(f"{a}:{spec.id}", a, name(spec.label, decl), fill(spec.unit, decl),
                           spec.decimals, area_value(a, spec),
                           _now(a, spec.id) if spec.now else None, spec.now_unit,
                           decl.target(spec.id), heading))  # fmt: skip
    return out
