"""What the energy screen and the shift report show: figures per period and area, targets, CSV.

Plain frozen dataclasses made from EnergyTotals (tags/analytics/energy_totals.py): one
``AreaFigures`` per declared area (tags/analytics/energy_areas.py), in project order, with the
figures of its kind (None when its inputs were not recorded in the period).
Electrolysis: SEC = DC kWh / t, which equals 1000·U_cell/(1.0249·CE) for manganese; CE =
product / (Faraday mass of the charge passed). Washing: kWh per tonne of product, consumable
kg per tonne of feed, yield = product / feed. Heat to power: cycle efficiency = gross / heat;
gain = net export over what the baseline plant would have exported from the same heat.
Production: amount made, kWh, kWh per unit, cost. What each kind shows, in which unit, is
its catalogue (tags/analytics/energy_catalogue.py).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tags.analytics.energy_areas import AreaEnergy, Better, ElectrolysisSpec
from tags.analytics.energy_catalogue import (
    CATALOGUE,
    CSV_COLUMNS,
    FigureSpec,
    csv_name,
    figure_name,
    figure_value,
)
from tags.analytics.energy_totals import (
    AreaTotals,
    ElectrolysisTotals,
    EnergyTags,
    EnergyTotals,
    HeatToPowerTotals,
    ProductionTotals,
    WashingTotals,
)
from tags.analytics.faraday import faraday_ce_percent
from tags.analytics.tariff import Band
from tags.i18n.catalogue import text

__all__ = ["AreaFigures", "Better", "EnergyFigures", "TargetCheck", "compare", "figures"]


def _ratio(top: float, bottom: float, scale: float = 1.0) -> float | None:
    return top / bottom * scale if bottom > 1e-12 else None


@dataclass(frozen=True)
class SeriesFigures:
    name: str
    hours: float
    dc_kwh: float
    kah: float
    product_t: float
    sec_kwh_t: float | None
    ce_percent: float | None
    cost: float
    mean_current_ka: float | None
    mean_voltage_v: float | None


@dataclass(frozen=True)
class ElectrolysisFigures:
    series: tuple[SeriesFigures, ...]
    dc_kwh: float
    product_t: float
    sec_kwh_t: float | None
    ce_percent: float | None
    """Product over the Faraday mass of the charge passed: the charge-weighted efficiency."""
    ce_measured_percent: float | None
    """Time-weighted mean of the efficiency tag."""
    cost: float
    cost_per_t: float | None
    kwh_by_band: dict[str, float]


@dataclass(frozen=True)
class WashingFigures:
    feed_t: float
    product_t: float
    yield_percent: float | None
    quality_percent: float | None
    kwh: float
    kwh_per_t: float | None
    consumable_kg: float
    consumable_kg_per_t: float | None
    power_basis: str
    cost: float
    kwh_by_band: dict[str, float]


@dataclass(frozen=True)
class HeatToPowerFigures:
    heat_mwh: float
    gross_mwh: float
    net_mwh: float
    """Energy exported."""
    auxiliaries_mwh: float
    cycle_efficiency_percent: float | None
    net_efficiency_percent: float | None
    baseline_mwh: float
    gain_percent: float | None
    export_value: float


@dataclass(frozen=True)
class ProductionFigures:
    amount: float
    """Product made, in the area's unit."""
    kwh: float
    kwh_per_unit: float | None
    cost: float
    cost_per_unit: float | None
    power_basis: str
    kwh_by_band: dict[str, float]


@dataclass(frozen=True)
class AreaFigures:
    """One declared area's figures of a period."""

    area: str
    title: str
    kind: str
    product: str
    unit: str
    coverage: float
    """Share of the period with usable inputs (0..1)."""
    electrolysis: ElectrolysisFigures | None = None
    washing: WashingFigures | None = None
    heat_to_power: HeatToPowerFigures | None = None
    production: ProductionFigures | None = None

    @property
    def recorded(self) -> bool:
        return self.coverage > 0 and self.figures is not None

    @property
    def figures(self) -> object | None:
        """The figures of the area's kind (None: nothing recorded)."""
        found: object | None = getattr(self, self.kind, None)
        return found

    @property
    def produced(self) -> float | None:
        """What the area made, in its unit (what its plan is compared with)."""
        f = self.figures
        if f is None:
            return None
        if isinstance(f, HeatToPowerFigures):
            return f.net_mwh
        if isinstance(f, ProductionFigures):
            return f.amount
        if isinstance(f, ElectrolysisFigures | WashingFigures):
            return f.product_t
        return None

    def value(self, spec: FigureSpec) -> float | None:
        return figure_value(self.figures, spec)


@dataclass(frozen=True)
class EnergyFigures:
    label: str
    start: float
    end: float
    currency: str
    areas: tuple[AreaFigures, ...] = ()

    def area(self, name: str) -> AreaFigures | None:
        return next((a for a in self.areas if a.area == name), None)

    @property
    def coverage(self) -> dict[str, float]:
        """Per area, the share of the period with usable inputs (0..1)."""
        return {a.area: a.coverage for a in self.areas}


def figures(
    totals: EnergyTotals, tags: EnergyTags, currency: str, label: str = ""
) -> EnergyFigures:
    span_h = max((totals.end - totals.start) / 3600.0, 1e-12)
    return EnergyFigures(
        label=label,
        start=totals.start,
        end=totals.end,
        currency=currency,
        areas=tuple(_area(decl, totals.areas.get(decl.area), span_h) for decl in tags.areas),
    )


def _area(decl: AreaEnergy, t: AreaTotals | None, span_h: float) -> AreaFigures:
    hours = 0.0 if t is None else t.hours
    parts: dict[str, object] = {}
    if t is not None and hours > 0:
        parts[decl.kind] = _kind(decl, t)
    return AreaFigures(decl.area, decl.heading, decl.kind, decl.product, decl.unit,
                       min(hours / span_h, 1.0), **parts)  # type: ignore[arg-type]  # fmt: skip


def _kind(decl: AreaEnergy, t: AreaTotals) -> object:
    if isinstance(t, ElectrolysisTotals):
        spec = decl.spec
        assert isinstance(spec, ElectrolysisSpec)
        return _electrolysis(t, spec.cells_per_series, spec.per_kah)
    if isinstance(t, WashingTotals):
        return _washing(t, decl)
    if isinstance(t, HeatToPowerTotals):
        return _heat_to_power(t, getattr(decl.spec, "baseline_efficiency", 0.0))
    return _production(t, decl)


def _by_band(kwh: dict[Band, float]) -> dict[str, float]:
    return {b.value: kwh[b] for b in Band}


def _electrolysis(t: ElectrolysisTotals, cells: int, per_kah: float) -> ElectrolysisFigures:
    series = tuple(
        SeriesFigures(
            name=name,
            hours=s.hours,
            dc_kwh=s.kwh,
            kah=s.kah,
            product_t=s.product_t,
            sec_kwh_t=_ratio(s.kwh, s.product_t),
            ce_percent=faraday_ce_percent(s.product_t, s.kah, cells, per_kah),
            cost=s.cost,
            mean_current_ka=_ratio(s.kah, s.hours),
            mean_voltage_v=_ratio(s.volt_hours, s.hours),
        )
        for name, s in sorted(t.series.items())
    )
    kwh = sum(s.dc_kwh for s in series)
    made = sum(s.product_t for s in series)
    cost = sum(s.cost for s in series)
    bands = {b.value: sum(s.kwh_by_band[b] for s in t.series.values()) for b in Band}
    return ElectrolysisFigures(
        series=series,
        dc_kwh=kwh,
        product_t=made,
        sec_kwh_t=_ratio(kwh, made),
        ce_percent=faraday_ce_percent(made, sum(s.kah for s in series), cells, per_kah),
        ce_measured_percent=_ratio(t.ce_integral, t.ce_hours),
        cost=cost,
        cost_per_t=_ratio(cost, made),
        kwh_by_band=bands,
    )


def _power_basis(power_tag: str, per_unit: float, unit: str) -> str:
    if power_tag:
        return text("report.power_tag", tag=power_tag)
    return text("report.power_configured", kwh=f"{per_unit:g}", unit=unit)


def _washing(t: WashingTotals, decl: AreaEnergy) -> WashingFigures:
    spec = decl.spec
    feed = getattr(spec, "feed", "feed")
    basis = _power_basis(getattr(spec, "power_tag", ""), getattr(spec, "kwh_per_t_feed", 0.0),
                         f"t {feed}")  # fmt: skip
    return WashingFigures(
        feed_t=t.feed_t,
        product_t=t.product_t,
        yield_percent=_ratio(t.product_t, t.feed_t, 100.0),
        quality_percent=_ratio(t.quality_t, t.quality_weight, 100.0),
        kwh=t.kwh,
        kwh_per_t=_ratio(t.kwh, t.product_t),
        consumable_kg=t.consumable_kg,
        consumable_kg_per_t=_ratio(t.consumable_kg, t.feed_t),
        power_basis=basis,
        cost=t.cost,
        kwh_by_band=_by_band(t.kwh_by_band),
    )


def _heat_to_power(t: HeatToPowerTotals, baseline_efficiency: float) -> HeatToPowerFigures:
    baseline = t.heat_mwh * baseline_efficiency / 100.0
    return HeatToPowerFigures(
        heat_mwh=t.heat_mwh,
        gross_mwh=t.gross_mwh,
        net_mwh=t.net_mwh,
        auxiliaries_mwh=t.gross_mwh - t.net_mwh,
        cycle_efficiency_percent=_ratio(t.gross_mwh, t.heat_mwh, 100.0),
        net_efficiency_percent=_ratio(t.net_mwh, t.heat_mwh, 100.0),
        baseline_mwh=baseline,
        gain_percent=_ratio(t.net_mwh - baseline, baseline, 100.0),
        export_value=t.export_value,
    )


def _production(t: AreaTotals, decl: AreaEnergy) -> ProductionFigures:
    assert isinstance(t, ProductionTotals)
    basis = _power_basis(getattr(decl.spec, "power_tag", ""),
                         getattr(decl.spec, "kwh_per_unit", 0.0), decl.unit)  # fmt: skip
    return ProductionFigures(
        amount=t.amount,
        kwh=t.kwh,
        kwh_per_unit=_ratio(t.kwh, t.amount),
        cost=t.cost,
        cost_per_unit=_ratio(t.cost, t.amount),
        power_basis=basis,
        kwh_by_band=_by_band(t.kwh_by_band),
    )


# targets ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetCheck:
    area: str
    label: str
    value: float | None
    target: float
    unit: str
    better: Better
    figure: str = ""
    """The catalogue id of the figure (tags/analytics/energy_catalogue.py)."""

    @property
    def met(self) -> bool | None:
        if self.value is None:
            return None
        slack = 1e-9 * max(abs(self.target), 1.0)  # a figure on its target meets it
        if self.better is Better.LOWER:
            return self.value <= self.target + slack
        return self.value >= self.target - slack

    @property
    def deviation_percent(self) -> float | None:
        """How far from the target, in % of it (positive: better than the target)."""
        if self.value is None or self.target == 0:
            return None
        diff = (self.value - self.target) / abs(self.target) * 100.0
        return -diff if self.better is Better.LOWER else diff


def compare(f: EnergyFigures, declared: Sequence[AreaEnergy]) -> list[TargetCheck]:
    """The period's figures against each recorded area's declared targets."""
    checks: list[TargetCheck] = []
    for decl in declared:
        area = f.area(decl.area)
        if area is None or area.figures is None:
            continue
        for target in decl.targets:
            spec = CATALOGUE[decl.kind].get(target.figure)
            if spec is None:
                continue
            checks.append(TargetCheck(decl.area, spec.text(decl, figure_name(spec.label)).strip(),
                                      area.value(spec), target.value,
                                      spec.text(decl, spec.unit), target.better,
                                      target.figure))  # fmt: skip
    return checks


# CSV ----------------------------------------------------------------------------------------


def csv_columns(declared: Sequence[AreaEnergy]) -> list[str]:
    """period, start, end, then each area's exported figures (``CSV_COLUMNS``)."""
    columns = ["period", "start", "end"]
    for decl in declared:
        columns += [csv_name(decl, name) for _, name in CSV_COLUMNS[decl.kind]]
    return columns


def csv_row(f: EnergyFigures, declared: Sequence[AreaEnergy]) -> list[str]:
    """One CSV line of a period (times as POSIX seconds; empty where not recorded)."""
    row = [f.label, f"{f.start:.0f}", f"{f.end:.0f}"]
    for decl in declared:
        area = f.area(decl.area)
        for figure, _ in CSV_COLUMNS[decl.kind]:
            spec = CATALOGUE[decl.kind][figure]
            value = None if area is None else area.value(spec)
            row.append("" if value is None else format(value, spec.csv))
    return row


def export_csv(rows: Iterable[EnergyFigures], path: Path, declared: Sequence[AreaEnergy]) -> int:
    """One line per period; the number of periods written."""
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(csv_columns(declared))
        for f in rows:
            writer.writerow(csv_row(f, declared))
            written += 1
    return written
