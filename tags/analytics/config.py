"""``[plant_analytics]``: tariff, energy, targets, shifts, predictive warnings, instrument health.

Every key is optional. Energy figures, targets and the plan per shift are declared per area
in ``[plant_analytics.energy.areas.<AREA>]`` (tags/analytics/energy_areas.py describes every
kind and key); an area without one has no energy figures.

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
bucket_seconds = 60            # resolution of figures computed from history

[plant_analytics.energy.areas.AREA]   # one table per area with energy figures
kind = "electrolysis"          # or washing, heat_to_power, production
title = "AREA — cell house (rectifier DC)"
product = "Mn"
series = ["AREA.RECT1", "AREA.RECT2"]   # rectifier series: <prefix>.IDC (kA), .UDC (V)
cells_per_series = 60
efficiency_tag = "AREA.KPI.CE"  # % (Faraday); or rate_tag = "AREA.KPI.RATE" (t/h)
plan_per_shift = 6.6           # t planned per shift (a report prorates it)

[plant_analytics.energy.areas.AREA.targets]   # what the figures are compared with
sec_kwh_t = { value = 6000.0, better = "lower" }
ce_percent = { value = 65.0, better = "higher" }

[plant_analytics.shifts]
starts = ["06:00", "14:00", "22:00"]
names = ["Morning", "Afternoon", "Night"]
names_zh = ["早班", "中班", "夜班"]  # optional: the names shown in Chinese
reports = true                 # a PDF report at every shift change
keep_days = 365                # reports older than this are deleted

[plant_analytics.prediction]   # predictive warnings (never alarms)
window_minutes = 15            # recent history the trend is fitted over
sample_seconds = 10
horizon_minutes = 60           # warn when a limit is this close or closer
min_confidence = 0.6           # |Kendall tau| of the window (0 noise .. 1 clean ramp)
min_points = 12
tags = ["*"]                   # which tags with limit alarms are predicted (name patterns,
exclude = []                   # e.g. per area: ["AREA.CLEAN.ASH", "AREA.DMC.*"]), and which not

[plant_analytics.health]       # instrument health
frozen_periods = 120           # no change beyond noise for this many scan periods
band_percent = 0.01            # "no change": within this % of the range
noise_percent = 2.0            # robust noise above this % of the range is excessive
limit_percent = 0.5            # within this % of a range end is "at the limit"
window_minutes = 10            # quality and noise are judged over this window
bad_percent = 5.0              # not Good for more than this % of the window
exclude = ["*.KPI.*"]          # calculations, not instruments

[plant_analytics.health.units."Turbine loop"]  # while stopped, its instruments are not judged
tags = ["AREA.TURB.*", "AREA.COMP.*"]        # tag-name patterns of the unit
stopped_when = ["AREA.TURB.TRIP == 1"]       # as an alarm's suppress_when; stopped_mode any/all
```
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any, ClassVar

from tags.analytics.energy_areas import AreaEnergy, parse_energy_areas
from tags.analytics.energy_catalogue import FIGURE_KEYS
from tags.analytics.stopped_units import StoppedUnit, parse_units
from tags.config.fields import parse_fields
from tags.config.problems import ProblemLog
from tags.i18n.catalogue import text as tr

SECTION = "plant_analytics"
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def clock_minutes(text: str) -> int:
    """``"HH:MM"`` -> minutes after midnight; ValueError otherwise."""
    match = _CLOCK.match(text.strip())
    if match is None:
        raise ValueError(tr("config.analytics.time_of_day", text=text))
    return int(match.group(1)) * 60 + int(match.group(2))


def clock_range(text: str) -> tuple[int, int]:
    """``"HH:MM-HH:MM"`` -> (start, end) minutes; the range may wrap past midnight."""
    start, sep, end = text.partition("-")
    if not sep:
        raise ValueError(tr("config.analytics.period", text=text))
    first, last = clock_minutes(start), clock_minutes(end)
    if first == last:
        raise ValueError(tr("config.analytics.empty_period", text=text))
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
    bucket_seconds: float = 60.0
    areas: tuple[AreaEnergy, ...] = ()
    """The areas with energy figures, in project order (tags/analytics/energy_areas.py)."""
    bounds: ClassVar[dict[str, tuple[float, float]]] = {"bucket_seconds": (1.0, 3600.0)}


MOVED = {
    "energy.emm_series": "series",
    "energy.emm_cells_per_series": "cells_per_series",
    "energy.cwp_power_tag": "power_tag",
    "energy.cwp_kwh_per_t_feed": "kwh_per_t_feed",
    "energy.sco2_baseline_efficiency": "baseline_efficiency",
    "targets": "targets",
    "plan": "plan_per_shift",
}
"""Keys of older project files and the key of an area's energy declaration they became."""


@dataclass(frozen=True)
class ShiftSettings:
    starts: tuple[str, ...] = ("06:00", "14:00", "22:00")
    names: tuple[str, ...] = ("Morning", "Afternoon", "Night")
    names_zh: tuple[str, ...] = ()
    """The shifts' names in Chinese, as shown (the English ``names`` stay the keys of stored
    records, report files and columns); none: the English names everywhere."""
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
    tags: tuple[str, ...] = ("*",)
    """Name patterns (``*``, ``?``) of the tags with limit alarms whose trend is predicted: a
    project chooses per area what is worth a warning (each predicted tag keeps a window of
    recent points)."""
    exclude: tuple[str, ...] = ()
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
    shifts: ShiftSettings = field(default_factory=ShiftSettings)
    prediction: PredictionSettings = field(default_factory=PredictionSettings)
    health: HealthSettings = field(default_factory=HealthSettings)


_TABLES: dict[str, type] = {
    "tariff": TariffSettings,
    "energy": EnergySettings,
    "shifts": ShiftSettings,
    "prediction": PredictionSettings,
    "health": HealthSettings,
}


def parse_analytics(table: Any, log: ProblemLog) -> AnalyticsSettings:
    """The ``[plant_analytics]`` table -> AnalyticsSettings; problems go to ``log``."""
    if not isinstance(table, dict):
        log.add(SECTION, tr("config.must_be_table"))
        return AnalyticsSettings()
    parts: dict[str, Any] = {}
    for key, value in table.items():
        path = f"{SECTION}.{key}"
        if key == "timezone":
            if isinstance(value, str) and _valid_zone(value):
                parts[key] = value
            else:
                log.add(path, tr("config.analytics.timezone"))
        elif key in _TABLES:
            if isinstance(value, dict) and key == "health" and "units" in value:
                fields = {k: v for k, v in value.items() if k != "units"}
                units = parse_units(value["units"], f"{path}.units", log)
                parts[key] = parse_fields(HealthSettings, fields, path, log, units=units)
            elif isinstance(value, dict) and key == "energy":
                parts[key] = _energy(value, path, log)
            elif isinstance(value, dict):
                parts[key] = parse_fields(_TABLES[key], value, path, log)
            else:
                log.add(path, tr("config.must_be_table"))
        elif key in MOVED:
            log.add(path, _moved(MOVED[key]))
        else:
            known = ", ".join(["timezone", *_TABLES])
            log.add(path, tr("config.unknown_key", known=known))
    settings = AnalyticsSettings(**parts)
    _check_periods(settings, log)
    return settings


def predicted(settings: PredictionSettings, name: str) -> bool:
    """Whether the tag ``name`` is chosen for predictive warnings (if it has limits)."""
    return any(fnmatch.fnmatchcase(name, p) for p in settings.tags) and not any(
        fnmatch.fnmatchcase(name, p) for p in settings.exclude
    )


def prediction_problems(
    settings: PredictionSettings, names: Collection[str]
) -> list[tuple[str, str]]:
    """(field, message) of each pattern of ``tags`` or ``exclude`` that matches no tag."""
    found = []
    for key in ("tags", "exclude"):
        for pattern in getattr(settings, key):
            if not any(fnmatch.fnmatchcase(name, pattern) for name in names):
                found.append((key, tr("config.no_tag_matches", pattern=pattern)))
    return found


def _moved(key: str) -> str:
    return tr("config.analytics.moved", key=key, section=SECTION)


def _energy(table: dict[str, Any], path: str, log: ProblemLog) -> EnergySettings:
    fields: dict[str, Any] = {}
    areas: tuple[AreaEnergy, ...] = ()
    for key, value in table.items():
        if key == "areas":
            areas = parse_energy_areas(value, f"{path}.areas", log, FIGURE_KEYS)
        elif f"energy.{key}" in MOVED:
            log.add(f"{path}.{key}", _moved(MOVED[f"energy.{key}"]))
        else:
            fields[key] = value
    return parse_fields(EnergySettings, fields, path, log, areas=areas)


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
        log.add(f"{SECTION}.shifts.starts", tr("config.analytics.shift_starts"))
    if len(shifts.names) != len(shifts.starts):
        log.add(f"{SECTION}.shifts.names", tr("config.analytics.shift_names"))
    if shifts.names_zh and len(shifts.names_zh) != len(shifts.starts):
        log.add(f"{SECTION}.shifts.names_zh", tr("config.analytics.shift_names_zh"))
