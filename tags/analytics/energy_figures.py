"""What the energy screen and the shift report show: figures per period, targets, CSV.

Plain frozen dataclasses made from EnergyTotals (tags/analytics/energy_totals.py). A figure is None
when its inputs were not recorded (a project without that plant, or no usable data).
EMM: SEC = DC kWh / t Mn, which equals 1000·U_cell/(1.0249·CE); CE = Mn plated / (Faraday
mass of the charge passed). CWP: plant kWh per tonne of clean coal, magnetite kg per tonne of
raw coal, yield = clean / feed. SCO2: cycle efficiency = gross / heat recovered; gain = net
export over what the replaced plant would have exported from the same heat.
"""

from __future__ import annotations

import csv
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tags.analytics.config import TargetSettings
from tags.analytics.energy_totals import EnergyTags, EnergyTotals
from tags.analytics.faraday import faraday_ce_percent
from tags.analytics.tariff import Band


def _ratio(top: float, bottom: float, scale: float = 1.0) -> float | None:
    return top / bottom * scale if bottom > 1e-12 else None


@dataclass(frozen=True)
class EmmSeriesFigures:
    name: str
    hours: float
    dc_kwh: float
    kah: float
    mn_t: float
    sec_kwh_t: float | None
    ce_percent: float | None
    cost: float
    mean_current_ka: float | None
    mean_voltage_v: float | None


@dataclass(frozen=True)
class EmmFigures:
    series: tuple[EmmSeriesFigures, ...]
    dc_kwh: float
    mn_t: float
    sec_kwh_t: float | None
    ce_percent: float | None
    """Mn plated over the Faraday mass of the charge passed: the charge-weighted KPI.CE."""
    ce_measured_percent: float | None
    """Time-weighted mean of the KPI.CE tag."""
    cost: float
    cost_per_t: float | None
    kwh_by_band: dict[str, float]


@dataclass(frozen=True)
class CwpFigures:
    feed_t: float
    clean_t: float
    yield_percent: float | None
    clean_ash_percent: float | None
    kwh: float
    kwh_per_t_clean: float | None
    magnetite_kg: float
    magnetite_kg_per_t: float | None
    power_basis: str
    cost: float


@dataclass(frozen=True)
class Sco2Figures:
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
class EnergyFigures:
    label: str
    start: float
    end: float
    currency: str
    emm: EmmFigures | None
    cwp: CwpFigures | None
    sco2: Sco2Figures | None
    coverage: dict[str, float]
    """Per area, the share of the period with usable inputs (0..1)."""


def figures(
    totals: EnergyTotals, tags: EnergyTags, currency: str, label: str = ""
) -> EnergyFigures:
    span_h = max((totals.end - totals.start) / 3600.0, 1e-12)
    return EnergyFigures(
        label=label,
        start=totals.start,
        end=totals.end,
        currency=currency,
        emm=_emm(totals, tags) if totals.emm_hours > 0 else None,
        cwp=_cwp(totals, tags) if totals.cwp_hours > 0 else None,
        sco2=_sco2(totals, tags) if totals.sco2_hours > 0 else None,
        coverage={
            "EMM": min(totals.emm_hours / span_h, 1.0),
            "CWP": min(totals.cwp_hours / span_h, 1.0),
            "SCO2": min(totals.sco2_hours / span_h, 1.0),
        },
    )


def _emm(t: EnergyTotals, tags: EnergyTags) -> EmmFigures:
    series = tuple(
        EmmSeriesFigures(
            name=name,
            hours=s.hours,
            dc_kwh=s.kwh,
            kah=s.kah,
            mn_t=s.mn_t,
            sec_kwh_t=_ratio(s.kwh, s.mn_t),
            ce_percent=faraday_ce_percent(s.mn_t, s.kah, tags.cells),
            cost=s.cost,
            mean_current_ka=_ratio(s.kah, s.hours),
            mean_voltage_v=_ratio(s.volt_hours, s.hours),
        )
        for name, s in sorted(t.series.items())
    )
    kwh = sum(s.dc_kwh for s in series)
    mn = sum(s.mn_t for s in series)
    cost = sum(s.cost for s in series)
    bands = {b.value: sum(s.kwh_by_band[b] for s in t.series.values()) for b in Band}
    return EmmFigures(
        series=series,
        dc_kwh=kwh,
        mn_t=mn,
        sec_kwh_t=_ratio(kwh, mn),
        ce_percent=faraday_ce_percent(mn, sum(s.kah for s in series), tags.cells),
        ce_measured_percent=_ratio(t.ce_integral, t.ce_hours),
        cost=cost,
        cost_per_t=_ratio(cost, mn),
        kwh_by_band=bands,
    )


def _cwp(t: EnergyTotals, tags: EnergyTags) -> CwpFigures:
    basis = (
        f"power tag {tags.power_tag}"
        if tags.power_tag
        else f"configured {tags.kwh_per_t_feed:g} kWh per t raw coal"
    )
    return CwpFigures(
        feed_t=t.feed_t,
        clean_t=t.clean_t,
        yield_percent=_ratio(t.clean_t, t.feed_t, 100.0),
        clean_ash_percent=_ratio(t.ash_t, t.ash_hours, 100.0),
        kwh=t.cwp_kwh,
        kwh_per_t_clean=_ratio(t.cwp_kwh, t.clean_t),
        magnetite_kg=t.magnetite_kg,
        magnetite_kg_per_t=_ratio(t.magnetite_kg, t.feed_t),
        power_basis=basis,
        cost=t.cwp_cost,
    )


def _sco2(t: EnergyTotals, tags: EnergyTags) -> Sco2Figures:
    baseline = t.heat_mwh * tags.baseline_efficiency / 100.0
    gain = _ratio(t.net_mwh - baseline, baseline, 100.0)
    return Sco2Figures(
        heat_mwh=t.heat_mwh,
        gross_mwh=t.gross_mwh,
        net_mwh=t.net_mwh,
        auxiliaries_mwh=t.gross_mwh - t.net_mwh,
        cycle_efficiency_percent=_ratio(t.gross_mwh, t.heat_mwh, 100.0),
        net_efficiency_percent=_ratio(t.net_mwh, t.heat_mwh, 100.0),
        baseline_mwh=baseline,
        gain_percent=gain,
        export_value=t.export_value,
    )


# targets ------------------------------------------------------------------------------------


class Better(enum.Enum):
    LOWER = "lower"
    HIGHER = "higher"


@dataclass(frozen=True)
class TargetCheck:
    area: str
    label: str
    value: float | None
    target: float
    unit: str
    better: Better

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


def compare(f: EnergyFigures, targets: TargetSettings) -> list[TargetCheck]:
    """The period's figures against the project's targets."""
    low, high = Better.LOWER, Better.HIGHER
    checks: list[TargetCheck] = []
    if f.emm is not None:
        checks += [
            TargetCheck(
                "EMM", "DC specific energy", f.emm.sec_kwh_t, targets.emm_sec, "kWh/t", low
            ),
            TargetCheck("EMM", "Current efficiency", f.emm.ce_percent, targets.emm_ce, "%", high),
        ]
    if f.cwp is not None:
        c = f.cwp
        checks += [
            TargetCheck("CWP", "Energy per t clean coal", c.kwh_per_t_clean,
                        targets.cwp_kwh_per_t_clean, "kWh/t", low),
            TargetCheck("CWP", "Magnetite consumption", c.magnetite_kg_per_t,
                        targets.cwp_magnetite, "kg/t", low),
            TargetCheck("CWP", "Yield", c.yield_percent, targets.cwp_yield, "%", high),
            TargetCheck("CWP", "Clean coal ash", c.clean_ash_percent, targets.cwp_clean_ash,
                        "%", low),
        ]  # fmt: skip
    if f.sco2 is not None:
        s = f.sco2
        checks += [
            TargetCheck("SCO2", "Cycle efficiency", s.cycle_efficiency_percent,
                        targets.sco2_cycle_eff, "%", high),
            TargetCheck("SCO2", "Gain over baseline", s.gain_percent, targets.sco2_gain, "%",
                        high),
        ]  # fmt: skip
    return checks


# CSV ----------------------------------------------------------------------------------------

_CSV_FIELDS: tuple[tuple[str, str, str, str], ...] = (
    ("emm_dc_kwh", "emm", "dc_kwh", ".3f"),
    ("emm_mn_t", "emm", "mn_t", ".4f"),
    ("emm_sec_kwh_t", "emm", "sec_kwh_t", ".1f"),
    ("emm_ce_percent", "emm", "ce_percent", ".2f"),
    ("emm_cost", "emm", "cost", ".2f"),
    ("cwp_feed_t", "cwp", "feed_t", ".3f"),
    ("cwp_clean_t", "cwp", "clean_t", ".3f"),
    ("cwp_yield_percent", "cwp", "yield_percent", ".2f"),
    ("cwp_clean_ash_percent", "cwp", "clean_ash_percent", ".2f"),
    ("cwp_kwh", "cwp", "kwh", ".3f"),
    ("cwp_kwh_per_t_clean", "cwp", "kwh_per_t_clean", ".3f"),
    ("cwp_magnetite_kg_per_t", "cwp", "magnetite_kg_per_t", ".3f"),
    ("sco2_heat_mwh", "sco2", "heat_mwh", ".4f"),
    ("sco2_gross_mwh", "sco2", "gross_mwh", ".4f"),
    ("sco2_net_mwh", "sco2", "net_mwh", ".4f"),
    ("sco2_cycle_eff_percent", "sco2", "cycle_efficiency_percent", ".2f"),
    ("sco2_baseline_mwh", "sco2", "baseline_mwh", ".4f"),
    ("sco2_gain_percent", "sco2", "gain_percent", ".2f"),
)
CSV_COLUMNS = ("period", "start", "end", *(column for column, _, _, _ in _CSV_FIELDS))


def csv_row(f: EnergyFigures) -> list[str]:
    """One CSV line of a period (times as POSIX seconds; empty where not recorded)."""
    row = [f.label, f"{f.start:.0f}", f"{f.end:.0f}"]
    for _, area, name, fmt in _CSV_FIELDS:
        value = getattr(getattr(f, area), name, None)
        row.append("" if value is None else format(value, fmt))
    return row


def export_csv(rows: Iterable[EnergyFigures], path: Path) -> int:
    """One line per period; the number of periods written."""
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for f in rows:
            writer.writerow(csv_row(f))
            written += 1
    return written
