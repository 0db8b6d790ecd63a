"""Energy totals of the three plants, integrated over time from held tag values.

``EnergyTotals.add(a, b, values)`` integrates values held constant over ``[a, b)``, split at
the tariff's period boundaries; the live object feeds it each batch interval and the history
queries feed it bucket means (tags/analytics/energy.py). Totals add up (``merge``), so shift
totals make days and weeks. ``figures()`` turns them into what operators read
(tags/analytics/energy_figures.py).

Units: current kA, voltage V (kA·V = kW), rates t/h, power MW, magnetite kg/t of raw coal.
EMM manganese per series is Faraday's (tags/analytics/faraday.py): the charge passed times the
current efficiency (KPI.CE); only a project without a CE tag falls back to the plating-rate
tag (KPI.MN_RATE) shared by current, which lags the plant.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from tags.analytics.config import EnergySettings
from tags.analytics.faraday import plated_mn_t
from tags.analytics.tariff import Band, Tariff

MIN_CURRENT_KA = 0.05

MN_RATE = "EMM.KPI.MN_RATE"
CE = "EMM.KPI.CE"
FEED = "CWP.FEED.TPH"
CLEAN = "CWP.CLEAN.TPH"
ASH = "CWP.CLEAN.ASH"
MAGNETITE = "CWP.MAG.CONSUMPTION"
HEAT = "SCO2.KPI.HEAT_RECOVERED"
GROSS = "SCO2.GEN.P"
NET = "SCO2.NET.P"

Values = Mapping[str, float | None]


@dataclass(frozen=True)
class EnergyTags:
    """The tags the energy figures read (those a project lacks are left out)."""

    series: tuple[str, ...]
    """Rectifier series prefixes: ``<prefix>.IDC`` and ``<prefix>.UDC``."""
    cells: int
    power_tag: str
    power_scale: float
    """kW per unit of the power tag (1000 for MW)."""
    kwh_per_t_feed: float
    baseline_efficiency: float

    @classmethod
    def from_settings(
        cls, settings: EnergySettings, units: Mapping[str, str] | None = None
    ) -> EnergyTags:
        unit = (units or {}).get(settings.cwp_power_tag, "kW").strip()
        return cls(
            series=settings.emm_series,
            cells=settings.emm_cells_per_series,
            power_tag=settings.cwp_power_tag,
            power_scale=1000.0 if unit == "MW" else 1.0,
            kwh_per_t_feed=settings.cwp_kwh_per_t_feed,
            baseline_efficiency=settings.sco2_baseline_efficiency,
        )

    def names(self) -> list[str]:
        names = [f"{p}.{leaf}" for p in self.series for leaf in ("IDC", "UDC")]
        names += [MN_RATE, CE, FEED, CLEAN, ASH, MAGNETITE, HEAT, GROSS, NET]
        if self.power_tag:
            names.append(self.power_tag)
        return names


def _bands() -> dict[Band, float]:
    return dict.fromkeys(Band, 0.0)


@dataclass
class SeriesTotals:
    hours: float = 0.0
    kwh: float = 0.0
    kah: float = 0.0
    volt_hours: float = 0.0
    mn_t: float = 0.0
    cost: float = 0.0
    kwh_by_band: dict[Band, float] = field(default_factory=_bands)

    def merge(self, other: SeriesTotals) -> None:
        for name in ("hours", "kwh", "kah", "volt_hours", "mn_t", "cost"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for band, kwh in other.kwh_by_band.items():
            self.kwh_by_band[band] += kwh


@dataclass
class EnergyTotals:
    """Running integrals of one period (all plain sums, so periods merge by adding)."""

    start: float
    end: float
    series: dict[str, SeriesTotals] = field(default_factory=dict)
    hours: float = 0.0
    emm_hours: float = 0.0
    ce_hours: float = 0.0
    ce_integral: float = 0.0
    cwp_hours: float = 0.0
    feed_t: float = 0.0
    clean_t: float = 0.0
    ash_t: float = 0.0
    ash_hours: float = 0.0
    magnetite_kg: float = 0.0
    cwp_kwh: float = 0.0
    cwp_cost: float = 0.0
    sco2_hours: float = 0.0
    heat_mwh: float = 0.0
    gross_mwh: float = 0.0
    net_mwh: float = 0.0
    export_value: float = 0.0

    def add(self, a: float, b: float, values: Values, tags: EnergyTags, tariff: Tariff) -> None:
        """Integrate ``values`` held over ``[a, b)`` (None: not usable there)."""
        if b <= a:
            return
        self.start = min(self.start, a)
        self.end = max(self.end, b)
        for lo, hi, band in tariff.split(a, b):
            self._piece((hi - lo) / 3600.0, values, tags, tariff.prices[band], band)

    def _piece(self, h: float, v: Values, tags: EnergyTags, price: float, band: Band) -> None:
        self.hours += h
        self._emm(h, v, tags, price, band)
        feed, clean, ash, mag = v.get(FEED), v.get(CLEAN), v.get(ASH), v.get(MAGNETITE)
        if feed is not None and clean is not None:
            self.cwp_hours += h
            self.feed_t += feed * h
            self.clean_t += clean * h
            if ash is not None:
                self.ash_t += clean * ash / 100.0 * h
                self.ash_hours += clean * h
            if mag is not None:
                self.magnetite_kg += mag * feed * h
            power = v.get(tags.power_tag) if tags.power_tag else None
            if tags.power_tag:
                kwh = 0.0 if power is None else power * tags.power_scale * h
            else:
                kwh = feed * h * tags.kwh_per_t_feed
            self.cwp_kwh += kwh
            self.cwp_cost += kwh * price
        heat, gross, net = v.get(HEAT), v.get(GROSS), v.get(NET)
        if heat is not None and gross is not None and net is not None:
            self.sco2_hours += h
            self.heat_mwh += heat * h
            self.gross_mwh += gross * h
            self.net_mwh += net * h
            self.export_value += net * 1000.0 * h * price

    def _emm(self, h: float, v: Values, tags: EnergyTags, price: float, band: Band) -> None:
        usable: list[tuple[str, float, float]] = []
        for prefix in tags.series:
            current, voltage = v.get(f"{prefix}.IDC"), v.get(f"{prefix}.UDC")
            if current is not None and voltage is not None:
                usable.append((prefix, max(current, 0.0), max(voltage, 0.0)))
        if not usable:
            return
        self.emm_hours += h
        ce = v.get(CE)
        if ce is not None:
            self.ce_hours += h
            self.ce_integral += ce * h
        rate = v.get(MN_RATE)
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
                s.mn_t += plated_mn_t(current, h, tags.cells, ce)
            elif rate is not None and total_current > 0:
                s.mn_t += max(rate, 0.0) * current / total_current * h

    def merge(self, other: EnergyTotals) -> None:
        """Add another period's totals to these."""
        self.start = min(self.start, other.start)
        self.end = max(self.end, other.end)
        for prefix, s in other.series.items():
            self.series.setdefault(prefix, SeriesTotals()).merge(s)
        for name in (
            "hours", "emm_hours", "ce_hours", "ce_integral", "cwp_hours", "feed_t", "clean_t",
            "ash_t", "ash_hours", "magnetite_kg", "cwp_kwh", "cwp_cost", "sco2_hours",
            "heat_mwh", "gross_mwh", "net_mwh", "export_value",
        ):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def copy(self) -> EnergyTotals:
        twin = EnergyTotals(self.start, self.end)
        twin.merge(self)
        return twin
