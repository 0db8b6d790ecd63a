"""The project's ``[process_alarms]`` section: defaults per signal type, shelving, re-alarm, KPIs.

```toml
[process_alarms]
max_shelve_hours = 8          # shelving for longer is refused
realarm_minutes = 30          # re-annunciate standing unacknowledged alarms (0: never)
bad_quality_priority = "low"  # the bad-quality alarm each tag with alarms gets
bad_quality_delay = 2         # seconds a value must stay Bad before it alarms
rate_window = 10              # seconds over which rate-of-change alarms measure

[process_alarms.defaults.flow]  # also level, pressure, temperature
deadband_percent = 5          # of the tag's range
on_delay = 15                 # seconds
off_delay = 15

[process_alarms.kpi]            # EEMUA 191 figures
window_minutes = 10
flood_begin = 10              # a flood begins above 10 alarms in the window ...
flood_end = 5                 # ... and ends below 5
chatter_count = 3             # 3 activations ...
chatter_seconds = 60          # ... within 60 s is chattering
stale_hours = 24
target_per_window = 1
```

An alarm that does not give deadband, on_delay or off_delay takes them from the defaults of
its signal type: ``signal = "flow"`` on the alarm or its tag's alarms table, else inferred from
the unit (m³/h, t/h, kg/s ... flow; bar, kPa, MPa ... pressure; °C, K ... temperature) or a
LEVEL/LVL part of the tag name. Starting points are PLANTS.md's.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tags.config.fields import not_finite
from tags.config.problems import ProblemLog
from tags.i18n.catalogue import text
from tags.model import AlarmDef, AlarmKind, Priority, SignalType, TagDef

SECTION = "process_alarms"
INHERITABLE = ("deadband", "on_delay", "off_delay")


@dataclass(frozen=True, slots=True)
class SignalDefaults:
    deadband_percent: float
    on_delay: float
    off_delay: float


DEFAULT_SIGNALS: Mapping[SignalType, SignalDefaults] = {
    SignalType.FLOW: SignalDefaults(5.0, 15.0, 15.0),
    SignalType.LEVEL: SignalDefaults(5.0, 60.0, 60.0),
    SignalType.PRESSURE: SignalDefaults(2.0, 15.0, 15.0),
    SignalType.TEMPERATURE: SignalDefaults(1.0, 60.0, 60.0),
}


@dataclass(frozen=True, slots=True)
class KpiSettings:
    window_minutes: float = 10.0
    flood_begin: int = 10
    flood_end: int = 5
    chatter_count: int = 3
    chatter_seconds: float = 60.0
    stale_hours: float = 24.0
    target_per_window: float = 1.0


@dataclass(frozen=True, slots=True)
class AlarmSettings:
    max_shelve_hours: float = 8.0
    realarm_minutes: float = 0.0
    bad_quality_priority: Priority = Priority.LOW
    bad_quality_delay: float = 0.0
    rate_window: float = 10.0
    defaults: Mapping[SignalType, SignalDefaults] = field(
        default_factory=lambda: dict(DEFAULT_SIGNALS)
    )
    kpi: KpiSettings = field(default_factory=KpiSettings)


_BOUNDS: dict[str, tuple[float, float]] = {
    "max_shelve_hours": (0.01, 24.0 * 30),
    "realarm_minutes": (0.0, 24.0 * 60),
    "bad_quality_delay": (0.0, 3600.0),
    "rate_window": (0.5, 3600.0),
    "deadband_percent": (0.0, 50.0),
    "on_delay": (0.0, 3600.0),
    "off_delay": (0.0, 3600.0),
    "window_minutes": (1.0, 24.0 * 60),
    "flood_begin": (1, 100_000),
    "flood_end": (0, 100_000),
    "chatter_count": (2, 1000),
    "chatter_seconds": (1.0, 3600.0),
    "stale_hours": (0.1, 24.0 * 365),
    "target_per_window": (0.0, 100_000.0),
}


def parse_alarm_settings(table: Any, log: ProblemLog) -> AlarmSettings:
    """The ``[process_alarms]`` table -> AlarmSettings; problems go to ``log``."""
    if not isinstance(table, dict):
        log.add(SECTION, text("config.must_be_table"))
        return AlarmSettings()
    flat = {k: v for k, v in table.items() if k not in ("defaults", "kpi")}
    numbers = _numbers(flat, AlarmSettings, SECTION, log, skip={"bad_quality_priority"})
    priority = Priority.LOW
    if "bad_quality_priority" in flat:
        try:
            priority = Priority[str(flat["bad_quality_priority"]).upper()]
        except KeyError:
            log.add(f"{SECTION}.bad_quality_priority", text("config.priority"))
    defaults = dict(DEFAULT_SIGNALS)
    given = table.get("defaults", {})
    if not isinstance(given, dict):
        log.add(f"{SECTION}.defaults", text("config.alarm.defaults"))
        given = {}
    for name, spec in given.items():
        path = f"{SECTION}.defaults.{name}"
        try:
            signal = SignalType(name)
        except ValueError:
            known = ", ".join(s.value for s in DEFAULT_SIGNALS)
            log.add(path, text("config.unknown_signal", known=known))
            continue
        if not isinstance(spec, dict):
            log.add(path, text("config.alarm.default_table"))
            continue
        base = defaults.get(signal, SignalDefaults(0.0, 0.0, 0.0))
        values = _numbers(spec, SignalDefaults, path, log)
        defaults[signal] = dataclasses.replace(base, **values)
    kpi_table = table.get("kpi", {})
    if not isinstance(kpi_table, dict):
        log.add(f"{SECTION}.kpi", text("config.must_be_table"))
        kpi_table = {}
    kpi = KpiSettings(**_numbers(kpi_table, KpiSettings, f"{SECTION}.kpi", log))
    if kpi.flood_end > kpi.flood_begin:
        log.add(f"{SECTION}.kpi.flood_end", text("config.alarm.flood_end"))
    return AlarmSettings(**numbers, bad_quality_priority=priority, defaults=defaults, kpi=kpi)


def _numbers(
    table: dict[str, Any], cls: type, path: str, log: ProblemLog, skip: set[str] | None = None
) -> dict[str, Any]:
    """Checked numeric fields of ``cls`` from ``table`` (ints stay ints where cls wants int)."""
    fields = {f.name: f for f in dataclasses.fields(cls)}
    known = sorted(n for n in fields if n not in ("defaults", "kpi"))
    values: dict[str, Any] = {}
    for key, value in table.items():
        where = f"{path}.{key}"
        if key in (skip or set()):
            continue
        if key not in fields or key in ("defaults", "kpi"):
            extra = ", defaults, kpi" if cls is AlarmSettings else ""
            log.add(where, text("config.unknown_key", known=", ".join(known) + extra))
            continue
        wants_int = fields[key].type in ("int", int)
        if isinstance(value, bool) or not isinstance(value, int if wants_int else int | float):
            log.add(
                where, text("config.must_be_whole_number" if wants_int else "config.must_be_number")
            )
            continue
        if (problem := not_finite(value)) is not None:
            log.add(where, problem)
            continue
        low, high = _BOUNDS[key]
        if not low <= value <= high:
            log.add(where, text("config.outside", value=value, low=f"{low:g}", high=f"{high:g}"))
            continue
        values[key] = value if wants_int else float(value)
    return values


# defaults per signal type --------------------------------------------------------------------

_FLOW = {"m3/h", "m3/s", "m3/min", "nm3/h", "knm3/h", "t/h", "kg/s", "kg/h", "l/s", "l/min",
         "l/h", "gpm"}  # fmt: skip
_PRESSURE = {"bar", "barg", "bara", "mbar", "pa", "kpa", "kpag", "mpa", "psi", "psig"}
_TEMPERATURE = {"°c", "degc", "k", "°f", "degf"}


def infer_signal(tag: TagDef) -> SignalType:
    """The signal type a tag's name or unit suggests (OTHER when neither does)."""
    return signal_of(tag.name, tag.unit)


def signal_of(name: str, unit: str) -> SignalType:
    """The signal type a tag name or unit suggests (OTHER when neither does)."""
    maybe_level = "LEVEL" in name or "LVL" in name  # cheap test first: most tags are neither
    if maybe_level and any("LEVEL" in part or "LVL" in part for part in name.split(".")[1:]):
        return SignalType.LEVEL
    return _signal_of_unit(unit)


@functools.lru_cache(maxsize=1024)
def _signal_of_unit(unit: str) -> SignalType:
    unit = unit.strip().lower().replace("³", "3").replace(" ", "")
    if unit in _FLOW:
        return SignalType.FLOW
    if unit in _PRESSURE:
        return SignalType.PRESSURE
    if unit in _TEMPERATURE:
        return SignalType.TEMPERATURE
    return SignalType.OTHER


def inherited(
    kind: AlarmKind,
    inherit: frozenset[str],
    signal: SignalType,
    span: float,
    settings: AlarmSettings,
) -> dict[str, float]:
    """The settings an alarm left out (``inherit``), from the defaults of its signal type
    (``span``: the tag's range high - low, 0 without a range); empty when there are none."""
    chosen = settings.defaults.get(signal)
    if chosen is None or kind in (AlarmKind.DISCRETE, AlarmKind.BAD_QUALITY):
        return {}
    given = {
        "deadband": chosen.deadband_percent / 100.0 * span,
        "on_delay": chosen.on_delay,
        "off_delay": chosen.off_delay,
    }
    return {k: v for k, v in given.items() if k in inherit}


def span_of(tag: TagDef) -> float:
    """The width of a tag's range (0 without one)."""
    if tag.eng_low is not None and tag.eng_high is not None:
        return tag.eng_high - tag.eng_low
    return 0.0


def resolve_alarm(alarm: AlarmDef, tag: TagDef, settings: AlarmSettings) -> AlarmDef:
    """Fill the settings the file left out from the defaults of the alarm's signal type."""
    if not alarm.inherit:
        return alarm
    signal = alarm.signal or infer_signal(tag)
    values: dict[str, Any] = {"inherit": frozenset(), "signal": signal}
    values.update(inherited(alarm.kind, alarm.inherit, signal, span_of(tag), settings))
    return dataclasses.replace(alarm, **values)


def apply_defaults(tags: Mapping[str, TagDef], settings: AlarmSettings) -> dict[str, TagDef]:
    """Tags whose alarms have every setting filled in (unchanged tags are the same objects)."""
    resolved: dict[str, TagDef] = {}
    for name, tag in tags.items():
        if tag.alarms and any(a.inherit for a in tag.alarms):
            alarms = tuple(resolve_alarm(a, tag, settings) for a in tag.alarms)
            tag = dataclasses.replace(tag, alarms=alarms)
        resolved[name] = tag
    return resolved
