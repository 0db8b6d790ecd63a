"""``[plant_analytics]``: tariff, energy, targets, shifts, predictive warnings, instrument health.

Every key is optional; the defaults are the demo plants' (est.) figures.

```toml
[plant_analytics]
timezone = ""                  # IANA name for shifts and tariff periods; "" = this machine's

[plant_analytics.tariff]       # time-of-use electricity price (per kWh)
currency = "CNY"
peak_price = 1.02
flat_price = 0.66              # any time that is neither peak nor valley
valley_price = 0.32
peak = ["08:00-11:00", "18:00-23:00"]
valley = ["23:00-07:00"]

[plant_analytics.energy]
emm_series = ["EMM.RECT1", "EMM.RECT2"]   # rectifier series: <prefix>.IDC (kA), .UDC (V)
emm_cells_per_series = 60
cwp_power_tag = ""             # plant power in kW or MW, if the project has one ...
cwp_kwh_per_t_feed = 8.0       # ... else this specific consumption per tonne of raw coal
sco2_baseline_efficiency = 18.0  # % of the recovered heat the replaced steam plant exported
bucket_seconds = 60            # resolution of figures computed from history

[plant_analytics.targets]      # what the figures are compared with
emm_sec = 6000.0               # kWh/t Mn (lower is better)
emm_ce = 65.0                  # % (higher is better)
cwp_kwh_per_t_clean = 16.0
cwp_magnetite = 1.0            # kg/t raw coal
cwp_yield = 55.0               # %
cwp_clean_ash = 10.2           # %
sco2_cycle_eff = 25.0          # %
sco2_gain = 30.0               # % more export than the baseline

[plant_analytics.plan]         # production planned per shift (a report prorates it)
emm_mn_t = 6.6                 # t Mn (0.83 t/h over 8 h)
cwp_clean_t = 2080.0           # t clean coal (260 t/h)
sco2_net_mwh = 36.0            # MWh exported (4.5 MW)

[plant_analytics.shifts]
starts = ["06:00", "14:00", "22:00"]
names = ["Morning", "Afternoon", "Night"]
reports = true                 # a PDF report at every shift change
keep_days = 365                # reports older than this are deleted

[plant_analytics.prediction]   # predictive warnings (never alarms)
window_minutes = 15            # recent history the trend is fitted over
sample_seconds = 10
horizon_minutes = 60           # warn when a limit is this close or closer
min_confidence = 0.6           # |Kendall tau| of the window (0 noise .. 1 clean ramp)
min_points = 12

[plant_analytics.health]       # instrument health
frozen_periods = 120           # no change beyond noise for this many scan periods
band_percent = 0.01            # "no change": within this % of the range
noise_percent = 2.0            # robust noise above this % of the range is excessive
limit_percent = 0.5            # within this % of a range end is "at the limit"
window_minutes = 10            # quality and noise are judged over this window
bad_percent = 5.0              # not Good for more than this % of the window
exclude = ["*.KPI.*"]          # calculations, not instruments

[plant_analytics.health.units."sCO2 loop"]   # while stopped, its instruments are not judged
tags = ["SCO2.TURB.*", "SCO2.COMP.*"]        # tag-name patterns of the unit
stopped_when = ["SCO2.TURB.TRIP == 1"]       # as an alarm's suppress_when; stopped_mode any/all
```
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

from tags.analytics.stopped_units import StoppedUnit, parse_units
from tags.config.fields import parse_fields
from tags.config.problems import ProblemLog

SECTION = "plant_analytics"
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def clock_minutes(text: str) -> int:
    """``"HH:MM"`` -> minutes after midnight; ValueError otherwise."""
    match = _CLOCK.match(text.strip())
    if match is None:
        raise ValueError(f"'{text}' is not a time of day such as 06:00")
    return int(match.group(1)) * 60 + int(match.group(2))


def clock_range(text: str) -> tuple[int, int]:
    """``"HH:MM-HH:MM"`` -> (start, end) minutes; the range may wrap past midnight."""
    start, sep, end = text.partition("-")
    if not sep:
        raise ValueError(f"'{text}' is not a period such as 23:00-07:00")
    first, last = clock_minutes(start), clock_minutes(end)
    if first == last:
        raise ValueError(f"'{text}' is an empty period")
    return first, last


@dataclass(frozen=True)
class TariffSettings:
    currency: str = "CNY"
    peak_price: float = 1.02
    flat_price: float = 0.66
    valley_price: float = 0.32
    peak: tuple[str, ...] = ("08:00-11:00", "18:00-23:00")
    valley: tuple[str, ...] = ("23:00-07:00",)
    bounds: ClassVar[dict[str, tuple[float, float]]] = {
        "peak_price": (0.0, 1e6),
        "flat_price": (0.0, 1e6),
        "valley_price": (0.0, 1e6),
    }


@dataclass(frozen=True)
class EnergySettings:
    emm_series: tuple[str, ...] = ("EMM.RECT1", "EMM.RECT2")
    emm_cells_per_series: int = 60
    cwp_power_tag: str = ""
    cwp_kwh_per_t_feed: float = 8.0
    sco2_baseline_efficiency: float = 18.0
    bucket_seconds: float = 60.0
    bounds: ClassVar[dict[str, tuple[float, float]]] = {
        "emm_cells_per_series": (1, 10_000),
        "cwp_kwh_per_t_feed": (0.0, 1000.0),
        "sco2_baseline_efficiency": (0.1, 100.0),
        "bucket_seconds": (1.0, 3600.0),
    }


@dataclass(frozen=True)
class TargetSettings:
    emm_sec: float = 6000.0
    emm_ce: float = 65.0
    cwp_kwh_per_t_clean: float = 16.0
    cwp_magnetite: float = 1.0
    cwp_yield: float = 55.0
    cwp_clean_ash: float = 10.2
    sco2_cycle_eff: float = 25.0
    sco2_gain: float = 30.0
    bounds: ClassVar[dict[str, tuple[float, float]]] = {}


@dataclass(frozen=True)
class PlanSettings:
    """Production planned per shift; 0 = no plan for that plant."""

    emm_mn_t: float = 6.6
    cwp_clean_t: float = 2080.0
    sco2_net_mwh: float = 36.0
    bounds: ClassVar[dict[str, tuple[float, float]]] = {
        "emm_mn_t": (0.0, 1e6),
        "cwp_clean_t": (0.0, 1e7),
        "sco2_net_mwh": (0.0, 1e6),
    }


@dataclass(frozen=True)
class ShiftSettings:
    starts: tuple[str, ...] = ("06:00", "14:00", "22:00")
    names: tuple[str, ...] = ("Morning", "Afternoon", "Night")
    reports: bool = True
    keep_days: float = 365.0
    bounds: ClassVar[dict[str, tuple[float, float]]] = {"keep_days": (1.0, 36500.0)}


@dataclass(frozen=True)
class PredictionSettings:
    window_minutes: float = 15.0
    sample_seconds: float = 10.0
    horizon_minutes: float = 60.0
    min_confidence: float = 0.6
    min_points: int = 12
    bounds: ClassVar[dict[str, tuple[float, float]]] = {
        "window_minutes": (1.0, 24 * 60.0),
        "sample_seconds": (0.1, 3600.0),
        "horizon_minutes": (1.0, 7 * 24 * 60.0),
        "min_confidence": (0.05, 1.0),
        "min_points": (4, 10_000),
    }


@dataclass(frozen=True)
class HealthSettings:
    frozen_periods: int = 120
    band_percent: float = 0.01
    noise_percent: float = 2.0
    limit_percent: float = 0.5
    window_minutes: float = 10.0
    bad_percent: float = 5.0
    exclude: tuple[str, ...] = ("*.KPI.*",)
    units: tuple[StoppedUnit, ...] = ()
    """Units whose instruments are not judged while stopped (tags/analytics/stopped_units.py)."""
    bounds: ClassVar[dict[str, tuple[float, float]]] = {
        "frozen_periods": (3, 1_000_000),
        "band_percent": (0.0, 50.0),
        "noise_percent": (0.001, 100.0),
        "limit_percent": (0.0, 50.0),
        "window_minutes": (0.5, 24 * 60.0),
        "bad_percent": (0.0, 100.0),
    }


@dataclass(frozen=True)
class AnalyticsSettings:
    """``[plant_analytics]``: everything energy, prediction, health and shift reports need."""

    timezone: str = ""
    tariff: TariffSettings = field(default_factory=TariffSettings)
    energy: EnergySettings = field(default_factory=EnergySettings)
    targets: TargetSettings = field(default_factory=TargetSettings)
    plan: PlanSettings = field(default_factory=PlanSettings)
    shifts: ShiftSettings = field(default_factory=ShiftSettings)
    prediction: PredictionSettings = field(default_factory=PredictionSettings)
    health: HealthSettings = field(default_factory=HealthSettings)


_TABLES: dict[str, type] = {
    "tariff": TariffSettings,
    "energy": EnergySettings,
    "targets": TargetSettings,
    "plan": PlanSettings,
    "shifts": ShiftSettings,
    "prediction": PredictionSettings,
    "health": HealthSettings,
}


def parse_analytics(table: Any, log: ProblemLog) -> AnalyticsSettings:
    """The ``[plant_analytics]`` table -> AnalyticsSettings; problems go to ``log``."""
    if not isinstance(table, dict):
        log.add(SECTION, "must be a table")
        return AnalyticsSettings()
    parts: dict[str, Any] = {}
    for key, value in table.items():
        path = f"{SECTION}.{key}"
        if key == "timezone":
            if isinstance(value, str) and _valid_zone(value):
                parts[key] = value
            else:
                log.add(path, "must be a time zone name such as Asia/Shanghai (or empty)")
        elif key in _TABLES:
            if isinstance(value, dict) and key == "health" and "units" in value:
                fields = {k: v for k, v in value.items() if k != "units"}
                units = parse_units(value["units"], f"{path}.units", log)
                parts[key] = parse_fields(HealthSettings, fields, path, log, units=units)
            elif isinstance(value, dict):
                parts[key] = parse_fields(_TABLES[key], value, path, log)
            else:
                log.add(path, "must be a table")
        else:
            known = ", ".join(["timezone", *_TABLES])
            log.add(path, f"unknown key (known: {known})")
    settings = AnalyticsSettings(**parts)
    _check_periods(settings, log)
    return settings


def _valid_zone(name: str) -> bool:
    if not name:
        return True
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _check_periods(settings: AnalyticsSettings, log: ProblemLog) -> None:
    """Times of day must parse; shifts need as many names as starts, in time order."""
    for band in ("peak", "valley"):
        for text in getattr(settings.tariff, band):
            try:
                clock_range(text)
            except ValueError as exc:
                log.add(f"{SECTION}.tariff.{band}", str(exc))
    shifts = settings.shifts
    try:
        minutes = [clock_minutes(s) for s in shifts.starts]
    except ValueError as exc:
        log.add(f"{SECTION}.shifts.starts", str(exc))
        return
    if not minutes or minutes != sorted(set(minutes)):
        log.add(f"{SECTION}.shifts.starts", "give one or more distinct times in order")
    if len(shifts.names) != len(shifts.starts):
        log.add(f"{SECTION}.shifts.names", "give one name per shift start")
