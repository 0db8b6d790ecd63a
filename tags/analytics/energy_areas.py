"""Energy declared per area: ``[plant_analytics.energy.areas.<AREA>]`` of a project file.

Each declared area says what it produces, where its energy comes from, its targets and its
plan per shift; ``kind`` names the calculation, by what it computes (never by plant):

- ``electrolysis``: rectifier series (``<prefix>.IDC`` kA, ``<prefix>.UDC`` V), product by
  Faraday's law (``molar_mass`` g/mol and ``valence`` of the metal, manganese's unless
  given) from the current-efficiency tag (%), else the plating-rate tag (t/h) shared by
  current; DC specific energy per tonne.
- ``washing``: feed and product rates (t/h), product quality (%), a consumable per tonne of
  feed (kg/t), yield; energy from a power tag (kW or MW) or kWh per tonne of feed.
- ``heat_to_power``: heat recovered, gross and net generation (MW); cycle efficiency and the
  gain over a baseline plant exporting ``baseline_efficiency`` % of the same heat.
- ``production``: any plant: a product rate tag (``<unit>/h``) -> amount made, a power tag
  (kW or MW) or ``kwh_per_unit`` -> kWh, specific energy per unit, cost by tariff band.

```toml
[plant_analytics.energy.areas.AREA]
kind = "production"
title = "AREA — what the area is"      # the section heading (default: the area's name)
title_zh = "AREA — 该区域是什么"         # the heading in Chinese (default: the English one)
product = "Product"                    # what is made (plan lines, report)
product_zh = "产品"                     # in Chinese (also feed_zh, quality_zh, consumable_zh)
unit = "t"                             # of the product
rate_tag = "AREA.PROD.RATE"            # t/h
power_tag = "AREA.POWER"               # kW or MW; or kwh_per_unit = 950.0
plan_per_shift = 28.0                  # planned per shift in ``unit`` (0: no plan)

[plant_analytics.energy.areas.AREA.targets]   # figure = { value, better }
kwh_per_unit = { value = 950.0, better = "lower" }
```

An area without a declaration has no energy figures. ``check`` reports a wrong kind, a
missing or unknown key, an out-of-range number, a tag the project lacks or one in the wrong
unit, each with its table and key.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

from tags.analytics.faraday import MN_MOLAR_MASS, MN_VALENCE, kg_per_kah
from tags.config.fields import parse_fields
from tags.config.problems import ProblemLog
from tags.i18n.catalogue import text
from tags.i18n.descriptions import in_language


class Better(enum.Enum):
    LOWER = "lower"
    HIGHER = "higher"


@dataclass(frozen=True)
class AreaTarget:
    figure: str
    value: float
    better: Better


@dataclass(frozen=True)
class ElectrolysisSpec:
    series: tuple[str, ...]
    """Rectifier series prefixes: ``<prefix>.IDC`` (kA) and ``<prefix>.UDC`` (V)."""
    cells_per_series: int
    efficiency_tag: str = ""
    """Current efficiency in %: the product is Faraday's (preferred)."""
    rate_tag: str = ""
    """Plating rate in t/h, shared by current (used without an efficiency tag)."""
    molar_mass: float = MN_MOLAR_MASS
    """g/mol of the metal plated (Faraday's law; manganese's unless declared)."""
    valence: int = MN_VALENCE
    bounds: ClassVar[dict[str, tuple[float, float]]] = {
        "cells_per_series": (1, 10_000),
        "molar_mass": (1.0, 300.0),
        "valence": (1, 8),
    }

    @property
    def per_kah(self) -> float:
        """kg plated per kA·h at 100 % efficiency."""
        return kg_per_kah(self.molar_mass, self.valence)

    def names(self) -> list[str]:
        names = [f"{p}.{leaf}" for p in self.series for leaf in ("IDC", "UDC")]
        return names + [n for n in (self.efficiency_tag, self.rate_tag) if n]

    def units(self) -> dict[str, tuple[str, ...]]:
        units: dict[str, tuple[str, ...]] = {f"{p}.IDC": ("kA",) for p in self.series}
        units.update({f"{p}.UDC": ("V",) for p in self.series})
        if self.efficiency_tag:
            units[self.efficiency_tag] = ("%",)
        if self.rate_tag:
            units[self.rate_tag] = ("t/h",)
        return units


@dataclass(frozen=True)
class WashingSpec:
    feed_tag: str
    product_tag: str
    quality_tag: str = ""
    """Product quality in % (e.g. ash), weighted by product."""
    quality: str = "quality"
    consumable_tag: str = ""
    """A consumable in kg per tonne of feed."""
    consumable: str = "consumable"
    feed: str = "feed"
    power_tag: str = ""
    kwh_per_t_feed: float = 0.0
    """Specific consumption per tonne of feed, used without a power tag."""
    bounds: ClassVar[dict[str, tuple[float, float]]] = {"kwh_per_t_feed": (0.0, 1e5)}

    def names(self) -> list[str]:
        tags = (self.feed_tag, self.product_tag, self.quality_tag, self.consumable_tag,
                self.power_tag)  # fmt: skip
        return [n for n in tags if n]

    def units(self) -> dict[str, tuple[str, ...]]:
        units: dict[str, tuple[str, ...]] = {self.feed_tag: ("t/h",), self.product_tag: ("t/h",)}
        if self.quality_tag:
            units[self.quality_tag] = ("%",)
        if self.consumable_tag:
            units[self.consumable_tag] = ("kg/t",)
        if self.power_tag:
            units[self.power_tag] = POWER_UNITS
        return units


@dataclass(frozen=True)
class HeatToPowerSpec:
    heat_tag: str
    gross_tag: str
    net_tag: str
    baseline_efficiency: float
    """% of the recovered heat the replaced plant exported."""
    bounds: ClassVar[dict[str, tuple[float, float]]] = {"baseline_efficiency": (0.1, 100.0)}

    def names(self) -> list[str]:
        return [self.heat_tag, self.gross_tag, self.net_tag]

    def units(self) -> dict[str, tuple[str, ...]]:
        return dict.fromkeys(self.names(), ("MW",))


@dataclass(frozen=True)
class ProductionSpec:
    rate_tag: str
    """Product made per hour, in ``<unit>/h``."""
    power_tag: str = ""
    kwh_per_unit: float = 0.0
    """Specific consumption per unit of product, used without a power tag."""
    bounds: ClassVar[dict[str, tuple[float, float]]] = {"kwh_per_unit": (0.0, 1e7)}

    def names(self) -> list[str]:
        return [n for n in (self.rate_tag, self.power_tag) if n]

    def units(self) -> dict[str, tuple[str, ...]]:
        units: dict[str, tuple[str, ...]] = {self.rate_tag: ("{unit}/h",)}
        if self.power_tag:
            units[self.power_tag] = POWER_UNITS
        return units


KindSpec = ElectrolysisSpec | WashingSpec | HeatToPowerSpec | ProductionSpec
KINDS: dict[str, type[Any]] = {
    "electrolysis": ElectrolysisSpec,
    "washing": WashingSpec,
    "heat_to_power": HeatToPowerSpec,
    "production": ProductionSpec,
}
FIXED_UNITS = {"electrolysis": "t", "washing": "t", "heat_to_power": "MWh"}
"""The product unit of the kinds that compute it in one unit."""
POWER_UNITS = ("kW", "MW")
COMMON = ("kind", "title", "title_zh", "product", "unit", "plan_per_shift", "targets")
WORDS = ("product", "feed", "quality", "consumable")
"""The words of an area a figure's name is made with; ``<word>_zh`` gives one in Chinese."""


@dataclass(frozen=True)
class AreaEnergy:
    """One area's energy declaration."""

    area: str
    kind: str
    spec: KindSpec
    title: str = ""
    title_zh: str = ""
    """The heading in Simplified Chinese ("": the English one is shown)."""
    product: str = "product"
    unit: str = "t"
    plan_per_shift: float = 0.0
    targets: tuple[AreaTarget, ...] = field(default=())
    words_zh: Mapping[str, str] = field(default_factory=dict)
    """The area's words (``WORDS``) in Simplified Chinese, by word, as far as given."""

    @property
    def heading(self) -> str:
        return self.title or self.area

    @property
    def heading_shown(self) -> str:
        """The heading in the console's current language (English where no Chinese is given)."""
        return in_language(self.heading, self.title_zh)

    def names(self) -> list[str]:
        """The tags the area's figures read."""
        return self.spec.names()

    def target(self, figure: str) -> AreaTarget | None:
        return next((t for t in self.targets if t.figure == figure), None)


def parse_energy_areas(
    table: Any, path: str, log: ProblemLog, figure_keys: Mapping[str, tuple[str, ...]]
) -> tuple[AreaEnergy, ...]:
    """``[<path>.<AREA>]`` tables -> declarations; ``figure_keys`` are per kind the figures a
    target may name."""
    if not isinstance(table, dict):
        log.add(path, text("config.energy.areas"))
        return ()
    found: list[AreaEnergy] = []
    for area, body in table.items():
        where = f"{path}.{area}"
        if not isinstance(body, dict):
            log.add(where, text("config.must_be_table"))
            continue
        parsed = _area(area, body, where, log, figure_keys)
        if parsed is not None:
            found.append(parsed)
    return tuple(found)


def _area(
    area: str,
    body: dict[str, Any],
    where: str,
    log: ProblemLog,
    figure_keys: Mapping[str, tuple[str, ...]],
) -> AreaEnergy | None:
    kind = body.get("kind")
    if kind is None:
        log.add(f"{where}.kind", text("config.energy.kind_missing", kinds=", ".join(KINDS)))
        return None
    if kind not in KINDS:
        log.add(f"{where}.kind", text("config.not_one_of", value=kind, choices=", ".join(KINDS)))
        return None
    cls = KINDS[kind]
    known = [f.name for f in fields(cls)]
    chinese = [f"{w}_zh" for w in WORDS if w == "product" or w in known]
    rest = {k: v for k, v in body.items() if k not in COMMON and k not in chinese}
    for key in sorted(set(rest) - set(known)):
        everything = ", ".join([*COMMON, *known, *chinese])
        log.add(f"{where}.{key}", text("config.unknown_key", known=everything))
    spec = parse_fields(cls, {k: v for k, v in rest.items() if k in known}, where, log)
    values: dict[str, Any] = {}
    for key in ("title", "title_zh", "product", "unit"):
        if key in body:
            if isinstance(body[key], str) and body[key].strip():
                values[key] = body[key].strip()
            else:
                log.add(f"{where}.{key}", text("config.energy.non_empty"))
    words_zh: dict[str, str] = {}
    for key in chinese:
        if key in body:
            if isinstance(body[key], str) and body[key].strip():
                words_zh[key.removesuffix("_zh")] = body[key].strip()
            else:
                log.add(f"{where}.{key}", text("config.energy.non_empty"))
    if words_zh:
        values["words_zh"] = words_zh
    fixed = FIXED_UNITS.get(kind)
    if fixed is not None and values.get("unit", fixed) != fixed:
        log.add(f"{where}.unit", text("config.energy.product_unit", kind=kind, unit=fixed))
    if fixed is not None:
        values["unit"] = fixed
    if "plan_per_shift" in body:
        plan = body["plan_per_shift"]
        if isinstance(plan, bool) or not isinstance(plan, int | float) or not 0 <= plan <= 1e9:
            log.add(f"{where}.plan_per_shift", text("config.energy.plan"))
        else:
            values["plan_per_shift"] = float(plan)
    targets = _targets(body.get("targets", {}), f"{where}.targets", log, figure_keys[kind])
    return AreaEnergy(area, kind, spec, targets=targets, **values)


def _targets(
    table: Any, where: str, log: ProblemLog, keys: tuple[str, ...]
) -> tuple[AreaTarget, ...]:
    if not isinstance(table, dict):
        log.add(where, text("config.energy.targets"))
        return ()
    found: list[AreaTarget] = []
    for figure, spec in table.items():
        at = f"{where}.{figure}"
        if figure not in keys:
            log.add(at, text("config.energy.figure", known=", ".join(keys)))
            continue
        if not isinstance(spec, dict):
            log.add(at, text("config.energy.target"))
            continue
        for key in sorted(set(spec) - {"value", "better"}):
            log.add(f"{at}.{key}", text("config.unknown_key", known="value, better"))
        value, better = spec.get("value"), spec.get("better")
        if isinstance(value, bool) or not isinstance(value, int | float):
            log.add(f"{at}.value", text("config.alarm.limit"))
            continue
        if not -1e12 < value < 1e12:
            log.add(f"{at}.value", text("config.outside", value=value, low="-1e12", high="1e12"))
            continue
        if better not in ("lower", "higher"):
            log.add(f"{at}.better", text("config.energy.better"))
            continue
        found.append(AreaTarget(figure, float(value), Better(better)))
    return tuple(found)


def energy_area_problems(
    declared: tuple[AreaEnergy, ...],
    areas: Mapping[str, object],
    units: Mapping[str, str],
) -> list[tuple[str, str]]:
    """(``<AREA>.<key>``, message) per area the project lacks, tag it lacks or tag in a unit
    the calculation cannot use; ``units`` are the project's tags' units by name."""
    found: list[tuple[str, str]] = []
    for decl in declared:
        if decl.area not in areas:
            known = ", ".join(sorted(areas)) or text("config.none")
            found.append((decl.area, text("config.not_an_area", known=known)))
        wanted = decl.spec.units()
        for key in _tag_keys(decl.spec):
            value = getattr(decl.spec, key)
            for name in value if isinstance(value, tuple) else (value,):
                if not name:
                    continue
                tags = [f"{name}.IDC", f"{name}.UDC"] if key == "series" else [name]
                for tag in tags:
                    problem = _tag_problem(tag, units, wanted.get(tag, ()), decl.unit)
                    if problem:
                        found.append((f"{decl.area}.{key}", problem))
        power_tag = getattr(decl.spec, "power_tag", None)
        if power_tag == "" and _per_unit(decl.spec) == 0.0:
            found.append((f"{decl.area}.power_tag", text("config.energy.power")))
    return found


def _per_unit(spec: KindSpec) -> float:
    if isinstance(spec, WashingSpec):
        return spec.kwh_per_t_feed
    if isinstance(spec, ProductionSpec):
        return spec.kwh_per_unit
    return 0.0


def _tag_keys(spec: KindSpec) -> list[str]:
    return [f.name for f in fields(spec) if f.name == "series" or f.name.endswith("_tag")]


def _tag_problem(
    tag: str, units: Mapping[str, str], wanted: tuple[str, ...], product_unit: str
) -> str:
    if tag not in units:
        return text("config.unknown_tag", tag=tag)
    allowed = tuple(u.format(unit=product_unit) for u in wanted)
    if allowed and units[tag].strip() not in allowed:
        needs = text("config.energy.or").join(allowed)
        return text("config.energy.unit", tag=tag, unit=units[tag], allowed=needs)
    return ""
