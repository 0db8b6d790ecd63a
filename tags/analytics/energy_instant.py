"""Figures of this moment per declared area, from the newest values (the "now" column).

``instant_values`` gives per area the catalogue ids with an instantaneous value
(tags/analytics/energy_catalogue.py): kWh per unit from power over the production rate,
efficiencies from the newest readings; an electrolysis area also has
``sec_kwh_t:<series prefix>`` per rectifier series. The production rate of an electrolysis
series is Faraday's from its current and the efficiency tag (the plating-rate tag lags).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tags.analytics.energy_areas import (
    ElectrolysisSpec,
    HeatToPowerSpec,
    ProductionSpec,
    WashingSpec,
)
from tags.analytics.energy_totals import EnergyTags
from tags.analytics.faraday import mn_rate_t_h

Values = Mapping[str, float | None]
Figures = dict[str, float | None]


@dataclass(frozen=True)
class InstantEnergy:
    """Figures of this moment, from the newest values."""

    time: float
    band: str
    price: float
    areas: dict[str, dict[str, float | None]]
    """Per area, its figures' instantaneous values by catalogue id."""

    def value(self, area: str, figure: str) -> float | None:
        return self.areas.get(area, {}).get(figure)


def instant_values(tags: EnergyTags, v: Values) -> dict[str, Figures]:
    found: dict[str, Figures] = {}
    for decl in tags.areas:
        spec = decl.spec
        if isinstance(spec, ElectrolysisSpec):
            found[decl.area] = _electrolysis(spec, v)
        elif isinstance(spec, WashingSpec):
            found[decl.area] = _washing(spec, v, tags.scale(spec.power_tag))
        elif isinstance(spec, HeatToPowerSpec):
            found[decl.area] = _heat_to_power(spec, v)
        elif isinstance(spec, ProductionSpec):
            found[decl.area] = _production(spec, v, tags.scale(spec.power_tag))
    return found


def _ratio(top: float | None, bottom: float | None, scale: float = 1.0) -> float | None:
    if top is None or bottom is None or abs(bottom) <= 1e-12:
        return None
    return top / bottom * scale


def _electrolysis(spec: ElectrolysisSpec, v: Values) -> Figures:
    powers: dict[str, float] = {}
    currents: dict[str, float] = {}
    for prefix in spec.series:
        current, voltage = v.get(f"{prefix}.IDC"), v.get(f"{prefix}.UDC")
        if current is not None and voltage is not None:
            powers[prefix] = max(current, 0.0) * max(voltage, 0.0)
            currents[prefix] = max(current, 0.0)
    ce = v.get(spec.efficiency_tag) if spec.efficiency_tag else None
    rate_tag = v.get(spec.rate_tag) if spec.rate_tag else None
    total_i = sum(currents.values())
    cells = spec.cells_per_series
    rates: dict[str, float | None] = {}
    for prefix, current in currents.items():
        if ce is not None:
            rates[prefix] = mn_rate_t_h(current, cells, ce, spec.per_kah)
        else:
            rates[prefix] = None if rate_tag is None or total_i <= 0 else (
                rate_tag * current / total_i)  # fmt: skip
    out: Figures = {}
    for prefix, kw in powers.items():
        rate = rates.get(prefix)
        out[f"sec_kwh_t:{prefix}"] = kw / rate if rate else None
    if powers:
        known = [r for r in rates.values() if r is not None]
        total = sum(known) if len(known) == len(rates) else None
        out["sec_kwh_t"] = sum(powers.values()) / total if total else None
        out["dc_mwh"] = sum(powers.values()) / 1000.0
    else:
        out["sec_kwh_t"] = out["dc_mwh"] = None
    if ce is None and rates and all(r is not None for r in rates.values()) and total_i > 0:
        plated = sum(r for r in rates.values() if r is not None)
        ce = plated / mn_rate_t_h(total_i, cells, 100.0, spec.per_kah) * 100.0
    out["ce_percent"] = ce
    return out


def _washing(spec: WashingSpec, v: Values, scale: float) -> Figures:
    feed, product = v.get(spec.feed_tag), v.get(spec.product_tag)
    kw: float | None = None
    if spec.power_tag:
        power = v.get(spec.power_tag)
        kw = None if power is None else power * scale
    elif feed is not None:
        kw = feed * spec.kwh_per_t_feed
    return {
        "kwh_per_t": None if kw is None or not product else kw / product,
        "yield_percent": _ratio(product, feed, 100.0),
        "mwh": None if kw is None else kw / 1000.0,
    }


def _heat_to_power(spec: HeatToPowerSpec, v: Values) -> Figures:
    heat, gross, net = v.get(spec.heat_tag), v.get(spec.gross_tag), v.get(spec.net_tag)
    baseline = None if heat is None else heat * spec.baseline_efficiency / 100.0
    gain = None if net is None or baseline is None else _ratio(net - baseline, baseline, 100.0)
    return {
        "heat_mwh": heat,
        "gross_mwh": gross,
        "net_mwh": net,
        "cycle_efficiency_percent": None if heat is None or heat <= 0 else _ratio(
            gross, heat, 100.0),
        "gain_percent": gain,
    }  # fmt: skip


def _production(spec: ProductionSpec, v: Values, scale: float) -> Figures:
    rate = v.get(spec.rate_tag)
    kw: float | None = None
    if spec.power_tag:
        power = v.get(spec.power_tag)
        kw = None if power is None else max(power, 0.0) * scale
    elif rate is not None:
        kw = max(rate, 0.0) * spec.kwh_per_unit
    return {
        "kwh_per_unit": None if kw is None or rate is None or rate <= 0 else kw / rate,
        "mwh": None if kw is None else kw / 1000.0,
    }
