"""The rows of the energy display: which figure, in which unit, compared with which target.

Plain data and functions (no Qt): each row reads its value from a period's EnergyFigures
(this shift, the previous one, today) and, where the engine has it, from the instantaneous
figures ("now"). A row with a target says which way is better; ``judge`` compares a value
with it the way tags/analytics/energy_figures.py does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tags.analytics.config import AnalyticsSettings, TargetSettings
from tags.analytics.energy import InstantEnergy
from tags.analytics.energy_figures import Better, EnergyFigures, TargetCheck

PeriodValue = Callable[[EnergyFigures], float | None]
NowValue = Callable[[InstantEnergy, AnalyticsSettings], float | None]
AREA_TITLES = {
    "EMM": "EMM — electrolytic manganese cell house (rectifier DC)",
    "CWP": "CWP — coal washing plant",
    "SCO2": "SCO2 — waste-heat power loop",
}


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
    target: Callable[[TargetSettings], float] | None = None
    better: Better | None = None

    def check(self, value: float | None, targets: TargetSettings) -> TargetCheck | None:
        """The value against this row's target (None: the row has no target)."""
        if self.target is None or self.better is None:
            return None
        return TargetCheck(self.area, self.label, value, self.target(targets), self.unit,
                           self.better)  # fmt: skip


def number(value: float | None, decimals: int) -> str:
    """A figure as shown: thousands grouped, a dash when not available."""
    if value is None:
        return "—"
    return f"{value:,.{decimals}f}".replace(",", " ")


def judgement(check: TargetCheck | None) -> str:
    """How a figure stands against its target, in words (colour is never the only sign)."""
    if check is None or check.met is None:
        return ""
    deviation = check.deviation_percent
    if deviation is None:
        return "met" if check.met else "off target"
    if check.met:
        return "met" if abs(deviation) < 0.05 else f"met, {deviation:.1f} % better"
    return f"OFF TARGET, {-deviation:.1f} % worse"


# value readers ------------------------------------------------------------------------------


def _emm(name: str, scale: float = 1.0) -> PeriodValue:
    def read(f: EnergyFigures) -> float | None:
        value = None if f.emm is None else getattr(f.emm, name)
        return None if value is None else value * scale

    return read


def _band(band: str) -> PeriodValue:
    return lambda f: None if f.emm is None else f.emm.kwh_by_band.get(band, 0.0) / 1000.0


def _series_sec(prefix: str) -> PeriodValue:
    def read(f: EnergyFigures) -> float | None:
        if f.emm is None:
            return None
        found = [s.sec_kwh_t for s in f.emm.series if s.name == prefix]
        return found[0] if found else None

    return read


def _now_sec(key: str) -> NowValue:
    return lambda i, _s: i.emm_sec_kwh_t.get(key)


def _cwp(name: str, scale: float = 1.0) -> PeriodValue:
    def read(f: EnergyFigures) -> float | None:
        value = None if f.cwp is None else getattr(f.cwp, name)
        return None if value is None else value * scale

    return read


def _sco2(name: str) -> PeriodValue:
    return lambda f: None if f.sco2 is None else getattr(f.sco2, name)


def _scaled(value: float | None, scale: float) -> float | None:
    return None if value is None else value * scale


def _now_gross(i: InstantEnergy, _s: AnalyticsSettings) -> float | None:
    if i.sco2_heat_mw is None or i.sco2_cycle_efficiency_percent is None:
        return None
    return i.sco2_heat_mw * i.sco2_cycle_efficiency_percent / 100.0


def _now_gain(i: InstantEnergy, s: AnalyticsSettings) -> float | None:
    if i.sco2_heat_mw is None or i.sco2_net_mw is None:
        return None
    baseline = i.sco2_heat_mw * s.energy.sco2_baseline_efficiency / 100.0
    return (i.sco2_net_mw - baseline) / baseline * 100.0 if baseline > 1e-12 else None


def _short(prefix: str) -> str:
    return prefix.rsplit(".", 1)[-1]


# the rows -----------------------------------------------------------------------------------

LOW, HIGH = Better.LOWER, Better.HIGHER


def rows(series: Sequence[str]) -> list[Row]:
    """Every row of the display, by area; one specific-energy row per rectifier series."""
    emm = [
        Row(f"sec:{p}", "EMM", f"DC specific energy, series {_short(p)}", "kWh/t Mn", 0,
            _series_sec(p), _now_sec(p),
            target=lambda t: t.emm_sec, better=LOW)
        for p in series
    ]  # fmt: skip
    emm += [
        Row("sec", "EMM", "DC specific energy, cell house", "kWh/t Mn", 0, _emm("sec_kwh_t"),
            lambda i, _s: i.emm_sec_kwh_t.get("EMM"), target=lambda t: t.emm_sec, better=LOW),
        Row("ce", "EMM", "Current efficiency (Faraday)", "%", 1, _emm("ce_percent"),
            lambda i, _s: i.emm_ce_percent, target=lambda t: t.emm_ce, better=HIGH),
        Row("emm_mwh", "EMM", "DC energy", "MWh", 2, _emm("dc_kwh", 0.001),
            lambda i, _s: _scaled(i.emm_dc_kw, 0.001), now_unit="MW"),
        Row("emm_peak", "EMM", "  of it at peak price", "MWh", 2, _band("peak")),
        Row("emm_flat", "EMM", "  of it at flat price", "MWh", 2, _band("flat")),
        Row("emm_valley", "EMM", "  of it at valley price", "MWh", 2, _band("valley")),
        Row("mn_t", "EMM", "Manganese plated", "t", 2, _emm("mn_t")),
        Row("emm_cost", "EMM", "DC energy cost", "{currency}", 0, _emm("cost")),
        Row("emm_cost_t", "EMM", "DC energy cost per t Mn", "{currency}/t", 0, _emm("cost_per_t")),
    ]  # fmt: skip
    cwp = [
        Row("cwp_kwh_t", "CWP", "Energy per t clean coal", "kWh/t", 1, _cwp("kwh_per_t_clean"),
            lambda i, _s: i.cwp_kwh_per_t_clean, target=lambda t: t.cwp_kwh_per_t_clean,
            better=LOW),
        Row("magnetite", "CWP", "Magnetite consumption", "kg/t raw", 2,
            _cwp("magnetite_kg_per_t"), target=lambda t: t.cwp_magnetite, better=LOW),
        Row("yield", "CWP", "Clean coal yield", "%", 1, _cwp("yield_percent"),
            lambda i, _s: i.cwp_yield_percent, target=lambda t: t.cwp_yield, better=HIGH),
        Row("ash", "CWP", "Clean coal ash", "%", 2, _cwp("clean_ash_percent"),
            target=lambda t: t.cwp_clean_ash, better=LOW),
        Row("feed_t", "CWP", "Raw coal washed", "t", 0, _cwp("feed_t")),
        Row("clean_t", "CWP", "Clean coal produced", "t", 0, _cwp("clean_t")),
        Row("cwp_mwh", "CWP", "Plant energy", "MWh", 2, _cwp("kwh", 0.001),
            lambda i, _s: _scaled(i.cwp_kw, 0.001), now_unit="MW"),
        Row("cwp_cost", "CWP", "Energy cost", "{currency}", 0, _cwp("cost")),
    ]  # fmt: skip
    sco2 = [
        Row("heat", "SCO2", "Heat recovered", "MWh", 2, _sco2("heat_mwh"),
            lambda i, _s: i.sco2_heat_mw, now_unit="MW"),
        Row("gross", "SCO2", "Gross generation", "MWh", 2, _sco2("gross_mwh"), _now_gross,
            now_unit="MW"),
        Row("net", "SCO2", "Net generation exported", "MWh", 2, _sco2("net_mwh"),
            lambda i, _s: i.sco2_net_mw, now_unit="MW"),
        Row("cycle_eff", "SCO2", "Cycle efficiency (gross / heat)", "%", 1,
            _sco2("cycle_efficiency_percent"), lambda i, _s: i.sco2_cycle_efficiency_percent,
            target=lambda t: t.sco2_cycle_eff, better=HIGH),
        Row("baseline", "SCO2", "Export of the replaced plant (baseline)", "MWh", 2,
            _sco2("baseline_mwh")),
        Row("gain", "SCO2", "Gain over the baseline", "%", 1, _sco2("gain_percent"), _now_gain,
            target=lambda t: t.sco2_gain, better=HIGH),
        Row("export_value", "SCO2", "Value of the export", "{currency}", 0, _sco2("export_value")),
    ]  # fmt: skip
    return emm + cwp + sco2
