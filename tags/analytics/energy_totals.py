"""Energy totals of the declared areas, integrated over time from held tag values.

``EnergyTotals.add(a, b, values)`` integrates values held constant over ``[a, b)``, split at
the tariff's period boundaries; the live object feeds it each batch interval and the history
queries feed it bucket means (tags/analytics/energy.py). Each declared area
(tags/analytics/energy_areas.py) has the totals of its kind; totals add up (``merge``), so
shift totals make days and weeks. ``figures()`` turns them into what operators read
(tags/analytics/energy_figures.py).

Units: current kA, voltage V (kA·V = kW), rates per hour, power kW or MW, heat MW, quality
%, consumable kg per tonne of feed. Electrolysis product per series is Faraday's
(tags/analytics/faraday.py): the charge passed times the current efficiency; only an area
without an efficiency tag falls back to the plating-rate tag shared by current, which lags.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields

from tags.analytics.energy_areas import (
    AreaEnergy,
    ElectrolysisSpec,
    HeatToPowerSpec,
    ProductionSpec,
    WashingSpec,
)
from tags.analytics.faraday import plated_mn_t
from tags.analytics.tariff import Band, Tariff

MIN_CURRENT_KA = 0.05

Values = Mapping[str, float | None]


def _bands() -> dict[Band, float]:
    return dict.fromkeys(Band, 0.0)


def power_scale(tag: str, units: Mapping[str, str]) -> float:
    """kW per unit of a power tag (1000 for MW)."""
    return 1000.0 if units.get(tag, "kW").strip() == "MW" else 1.0


class _Sums:
    """Plain sums of floats (and per-band dicts) that merge by adding."""

    def merge(self, other: _Sums) -> None:
        for f in fields(self):  # type: ignore[arg-type]
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if isinstance(mine, float):
                setattr(self, f.name, mine + theirs)
            elif isinstance(mine, dict) and f.name == "kwh_by_band":
                for band, kwh in theirs.items():
                    mine[band] += kwh


@dataclass
class SeriesTotals(_Sums):
    hours: float = 0.0
    kwh: float = 0.0
    kah: float = 0.0
    volt_hours: float = 0.0
    product_t: float = 0.0
    cost: float = 0.0
    kwh_by_band: dict[Band, float] = field(default_factory=_bands)


@dataclass
class ElectrolysisTotals(_Sums):
    hours: float = 0.0
    ce_hours: float = 0.0
    ce_integral: float = 0.0
    series: dict[str, SeriesTotals] = field(default_factory=dict)

    def add(self, h: float, v: Values, spec: ElectrolysisSpec, price: float, band: Band) -> None:
        usable: list[tuple[str, float, float]] = []
        for prefix in spec.series:
            current, voltage = v.get(f"{prefix}.IDC"), v.get(f"{prefix}.UDC")
            if current is not None and voltage is not None:
                usable.append((prefix, max(current, 0.0), max(voltage, 0.0)))
        if not usable:
            return
        self.hours += h
        ce = v.get(spec.efficiency_tag) if spec.efficiency_tag else None
        if ce is not None:
            self.ce_hours += h
            self.ce_integral += ce * h
        rate = v.get(spec.rate_tag) if spec.rate_tag else None
        total_current = sum(i for _, i, _ in usable)
        for prefix, current, voltage in usable:
            s = self.series.setdefault(prefix, SeriesTotals())
            kwh = current * voltage * h
            s.hours += h
            s.kwh += kwh
            s.kah += current * h
            s.volt_hours += voltage * h
            s.cost += kwh * price
            s.kwh_by_band[band] += kwh
            if current < MIN_CURRENT_KA:
                continue
            if ce is not None:
                s.product_t += plated_mn_t(current, h, spec.cells_per_series, ce, spec.per_kah)
            elif rate is not None and total_current > 0:
                s.product_t += max(rate, 0.0) * current / total_current * h

    def merge(self, other: _Sums) -> None:
        assert isinstance(other, ElectrolysisTotals)
        self.hours += other.hours
        self.ce_hours += other.ce_hours
        self.ce_integral += other.ce_integral
        for prefix, s in other.series.items():
            self.series.setdefault(prefix, SeriesTotals()).merge(s)


@dataclass
class WashingTotals(_Sums):
    hours: float = 0.0
    feed_t: float = 0.0
    product_t: float = 0.0
    quality_t: float = 0.0
    quality_weight: float = 0.0
    consumable_kg: float = 0.0
    kwh: float = 0.0
    cost: float = 0.0
    kwh_by_band: dict[Band, float] = field(default_factory=_bands)

    def add(
        self, h: float, v: Values, spec: WashingSpec, scale: float, price: float, band: Band
    ) -> None:
        feed, product = v.get(spec.feed_tag), v.get(spec.product_tag)
        if feed is None or product is None:
            return
        quality = v.get(spec.quality_tag) if spec.quality_tag else None
        consumable = v.get(spec.consumable_tag) if spec.consumable_tag else None
        self.hours += h
        self.feed_t += feed * h
        self.product_t += product * h
        if quality is not None:
            self.quality_t += product * quality / 100.0 * h
            self.quality_weight += product * h
        if consumable is not None:
            self.consumable_kg += consumable * feed * h
        if spec.power_tag:
            power = v.get(spec.power_tag)
            kwh = 0.0 if power is None else power * scale * h
        else:
            kwh = feed * h * spec.kwh_per_t_feed
        self.kwh += kwh
        self.cost += kwh * price
        self.kwh_by_band[band] += kwh


@dataclass
class HeatToPowerTotals(_Sums):
    hours: float = 0.0
    heat_mwh: float = 0.0
    gross_mwh: float = 0.0
    net_mwh: float = 0.0
    export_value: float = 0.0

    def add(self, h: float, v: Values, spec: HeatToPowerSpec, price: float) -> None:
        heat, gross, net = v.get(spec.heat_tag), v.get(spec.gross_tag), v.get(spec.net_tag)
        if heat is None or gross is None or net is None:
            return
        self.hours += h
        self.heat_mwh += heat * h
        self.gross_mwh += gross * h
        self.net_mwh += net * h
        self.export_value += net * 1000.0 * h * price


@dataclass
class ProductionTotals(_Sums):
    hours: float = 0.0
    amount: float = 0.0
    kwh: float = 0.0
    cost: float = 0.0
    kwh_by_band: dict[Band, float] = field(default_factory=_bands)

    def add(
        self, h: float, v: Values, spec: ProductionSpec, scale: float, price: float, band: Band
    ) -> None:
        rate = v.get(spec.rate_tag)
        if rate is None:
            return
        self.hours += h
        self.amount += max(rate, 0.0) * h
        if spec.power_tag:
            power = v.get(spec.power_tag)
            kwh = 0.0 if power is None else max(power, 0.0) * scale * h
        else:
            kwh = max(rate, 0.0) * h * spec.kwh_per_unit
        self.kwh += kwh
        self.cost += kwh * price
        self.kwh_by_band[band] += kwh


AreaTotals = ElectrolysisTotals | WashingTotals | HeatToPowerTotals | ProductionTotals
_TOTALS: dict[str, type[AreaTotals]] = {
    "electrolysis": ElectrolysisTotals,
    "washing": WashingTotals,
    "heat_to_power": HeatToPowerTotals,
    "production": ProductionTotals,
}


@dataclass(frozen=True)
class EnergyTags:
    """The declared areas and the units of the project's tags (for power tags' scale)."""

    areas: tuple[AreaEnergy, ...]
    units: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_areas(
        cls, areas: Sequence[AreaEnergy], units: Mapping[str, str] | None = None
    ) -> EnergyTags:
        return cls(tuple(areas), dict(units or {}))

    def names(self) -> list[str]:
        seen: dict[str, None] = {}
        for area in self.areas:
            seen.update(dict.fromkeys(area.names()))
        return list(seen)

    def scale(self, tag: str) -> float:
        return power_scale(tag, self.units)


@dataclass
class EnergyTotals:
    """Running integrals of one period, per declared area (plain sums: periods merge)."""

    start: float
    end: float
    areas: dict[str, AreaTotals] = field(default_factory=dict)
    hours: float = 0.0

    def area(self, decl: AreaEnergy) -> AreaTotals:
        found = self.areas.get(decl.area)
        if found is None:
            found = self.areas[decl.area] = _TOTALS[decl.kind]()
        return found

    def add(self, a: float, b: float, values: Values, tags: EnergyTags, tariff: Tariff) -> None:
        """Integrate ``values`` held over ``[a, b)`` (None: not usable there)."""
        if b <= a:
            return
        self.start = min(self.start, a)
        self.end = max(self.end, b)
        for lo, hi, band in tariff.split(a, b):
            h, price = (hi - lo) / 3600.0, tariff.prices[band]
            self.hours += h
            for decl in tags.areas:
                self._piece(decl, h, values, tags, price, band)

    def _piece(
        self, decl: AreaEnergy, h: float, v: Values, tags: EnergyTags, price: float, band: Band
    ) -> None:
        totals, spec = self.area(decl), decl.spec
        if isinstance(totals, ElectrolysisTotals) and isinstance(spec, ElectrolysisSpec):
            totals.add(h, v, spec, price, band)
        elif isinstance(totals, WashingTotals) and isinstance(spec, WashingSpec):
            totals.add(h, v, spec, tags.scale(spec.power_tag), price, band)
        elif isinstance(totals, HeatToPowerTotals) and isinstance(spec, HeatToPowerSpec):
            totals.add(h, v, spec, price)
        elif isinstance(totals, ProductionTotals) and isinstance(spec, ProductionSpec):
            totals.add(h, v, spec, tags.scale(spec.power_tag), price, band)

    def merge(self, other: EnergyTotals) -> None:
        """Add another period's totals to these."""
        self.start = min(self.start, other.start)
        self.end = max(self.end, other.end)
        self.hours += other.hours
        for name, totals in other.areas.items():
            mine = self.areas.get(name)
            if mine is None:
                mine = self.areas[name] = type(totals)()
            mine.merge(totals)

    def copy(self) -> EnergyTotals:
        twin = EnergyTotals(self.start, self.end)
        twin.merge(self)
        return twin
