"""What the shift report shows of each area, declared in the project file under the area.

The report's trends of key figures and the units whose stops it lists belong to the plant, not
to the engine: each area declares its own, and the report takes them in area order::

    [[areas.AREA.report.trend]]           # one chart of the report's trends
    title = "Kiln shell temperature"
    title_zh = "回转窑筒体温度"            # the title in Chinese (optional)
    tags = ["AREA.KILN.SHELL.T"]          # one or more tags, drawn in one chart

    [[areas.AREA.report.downtime]]        # a unit whose stops the report lists
    unit = "AREA.KILN"                    # its name (and the tag prefix of its alarms)
    title = "Rotary kiln"
    title_zh = "回转窑"                    # the unit's name in Chinese (optional)
    running = "AREA.FEED.TPH"             # stopped below a tenth of this tag's normal low ...
    # stopped_when = "AREA.KILN.RUN == 0" # ... or when these conditions hold (as suppress_when)
    # stopped_mode = "any"                # or "all"
    product = "t product"                 # what a stop loses, with its unit
    rate = ["AREA.PROD.RATE"]             # product per hour = rate_factor x these tags' values
    rate_factor = 1.0
    trends = ["AREA.FEED.TPH", "AREA.PROD.RATE"]   # charted around each stop
    equipment = ["AREA.KILN", "AREA.FEED"]         # tag prefixes whose alarms say what stopped it

The trends are their own declaration rather than the overview's key figures: a report chart
may draw several tags together (generation beside export), and the overview's cards are the
operator's live picture, which is not the same list as what a shift is judged by.
``area_report_problems`` checks the names against the project's tags once they are loaded.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tags.alarms.suppression import SuppressionRule
from tags.analytics.stopped_units import parse_stopped_when
from tags.config.problems import ProblemLog
from tags.i18n.catalogue import text
from tags.model import TagDef

TREND_KEYS = frozenset({"title", "title_zh", "tags"})
DOWNTIME_KEYS = frozenset({
    "unit", "title", "title_zh", "running", "stopped_when", "stopped_mode", "product", "rate",
    "rate_factor", "trends", "equipment",
})  # fmt: skip
REPORT_KEYS = frozenset({"trend", "downtime"})


@dataclass(frozen=True)
class ReportTrend:
    """One chart of the report's trends: its title and the tags it draws."""

    title: str
    tags: tuple[str, ...]
    title_zh: str = ""
    """The title in Simplified Chinese ("": the English one is printed)."""


@dataclass(frozen=True)
class DowntimeUnit:
    """A unit whose stops the report lists, as the project declares it."""

    unit: str
    title: str
    product: str
    """What a stop loses, with its unit: "t Mn", "MWh exported" ..."""
    running: str = ""
    """The throughput tag: stopped below a tenth of its normal low ("" with stopped_when)."""
    stopped_when: SuppressionRule | None = None
    rate: tuple[str, ...] = ()
    """Production per hour is ``rate_factor`` times the product of these tags' values."""
    rate_factor: float = 1.0
    trends: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    """Tag-name prefixes whose alarms may say what stopped the unit (default: its name)."""
    title_zh: str = ""
    """The unit's name in Simplified Chinese ("": the English one is printed)."""

    def named_tags(self) -> dict[str, tuple[str, ...]]:
        """The tags each key names, for the check against the project's tags."""
        stopped = tuple(c.tag for c in self.stopped_when.conditions) if self.stopped_when else ()
        running = (self.running,) if self.running else ()
        return {"running": running, "stopped_when": stopped, "rate": self.rate,
                "trends": self.trends}  # fmt: skip


@dataclass(frozen=True)
class AreaReport:
    """``[areas.X.report]``: the area's trends and watched units."""

    trends: tuple[ReportTrend, ...] = ()
    downtime: tuple[DowntimeUnit, ...] = ()


def _texts(value: Any) -> tuple[str, ...] | None:
    """A text or a list of texts -> a tuple; None for anything else."""
    if isinstance(value, str) and value:
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
        return tuple(value)
    return None


def _array(value: Any, where: str, example: str, log: ProblemLog) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        log.add(where, text("config.report.array", where=where, example=example))
        return []
    return value


def _unknown(table: dict[str, Any], known: frozenset[str], where: str, log: ProblemLog) -> None:
    for key in sorted(set(table) - known):
        log.add(f"{where}.{key}", text("config.unknown_key", known=", ".join(sorted(known))))


def parse_area_report(value: Any, where: str, log: ProblemLog) -> AreaReport:
    """``[areas.X.report]`` -> AreaReport; problems go to ``log`` with their field."""
    if value is None:
        return AreaReport()
    if not isinstance(value, dict):
        log.add(where, text("config.report.table"))
        return AreaReport()
    _unknown(value, REPORT_KEYS, where, log)
    trends = []
    for n, table in enumerate(_array(value.get("trend"), f"{where}.trend",
                                     'title = "..." tags = ["..."]', log), start=1):  # fmt: skip
        trend = _trend(table, f"{where}.trend[{n}]", log)
        if trend is not None:
            trends.append(trend)
    units = []
    for n, table in enumerate(_array(value.get("downtime"), f"{where}.downtime",
                                     'unit = "..." running = "..."', log), start=1):  # fmt: skip
        unit = _downtime(table, f"{where}.downtime[{n}]", log)
        if unit is not None:
            units.append(unit)
    return AreaReport(tuple(trends), tuple(units))


def _trend(table: dict[str, Any], where: str, log: ProblemLog) -> ReportTrend | None:
    _unknown(table, TREND_KEYS, where, log)
    title, tags = table.get("title"), _texts(table.get("tags"))
    if not isinstance(title, str) or not title.strip():
        log.add(f"{where}.title", text("config.report.title"))
    if tags is None:
        log.add(f"{where}.tags", text("config.report.tags"))
    if not isinstance(title, str) or not title.strip() or tags is None:
        return None
    title_zh = _title_zh(table, where, log)
    return ReportTrend(title, tags, title_zh)


def _downtime(table: dict[str, Any], where: str, log: ProblemLog) -> DowntimeUnit | None:
    problems = len(log.problems)
    _unknown(table, DOWNTIME_KEYS, where, log)
    unit, product = table.get("unit"), table.get("product")
    if not isinstance(unit, str) or not unit.strip():
        log.add(f"{where}.unit", text("config.report.unit"))
    title = table.get("title", unit)
    if not isinstance(title, str) or not title.strip():
        what = text("config.report.unit_title")
        log.add(f"{where}.title", text("config.must_be_a_text", what=what))
    if not isinstance(product, str) or not product.strip():
        log.add(f"{where}.product", text("config.report.product"))
    title_zh = _title_zh(table, where, log)
    running, rule = table.get("running"), _stopped_when(table, where, log)
    if "running" in table and (not isinstance(running, str) or not running):
        log.add(f"{where}.running", text("config.report.running"))
    if ("running" in table) == ("stopped_when" in table):
        log.add(where, text("config.report.running_or_stopped"))
    lists: dict[str, tuple[str, ...] | None] = {}
    for key in ("rate", "trends", "equipment"):
        value = table.get(key, [])
        lists[key] = () if value == [] else _texts(value)
        if lists[key] is None:
            log.add(f"{where}.{key}", text("config.report.tag_list"))
    factor = table.get("rate_factor", 1.0)
    if (
        isinstance(factor, bool)
        or not isinstance(factor, int | float)
        or not (math.isfinite(factor) and factor > 0)
    ):
        log.add(f"{where}.rate_factor", text("config.report.rate_factor"))
    if len(log.problems) > problems:
        return None
    assert isinstance(unit, str) and isinstance(title, str) and isinstance(product, str)
    return DowntimeUnit(
        unit=unit, title=title, product=product, running=running or "", stopped_when=rule,
        rate=lists["rate"] or (), rate_factor=float(factor), trends=lists["trends"] or (),
        equipment=lists["equipment"] or (unit,), title_zh=title_zh,
    )  # fmt: skip


def _title_zh(table: dict[str, Any], where: str, log: ProblemLog) -> str:
    value = table.get("title_zh", "")
    if not isinstance(value, str):
        log.add(f"{where}.title_zh", text("config.must_be_a_text", what=text("config.title_zh")))
        return ""
    return value.strip()


def _stopped_when(table: dict[str, Any], where: str, log: ProblemLog) -> SuppressionRule | None:
    if "stopped_when" not in table:
        if "stopped_mode" in table:
            log.add(f"{where}.stopped_mode", text("config.report.stopped_mode"))
        return None
    return parse_stopped_when(table, where, log)


def area_report_problems(
    area: str, report: AreaReport, tags: Mapping[str, TagDef]
) -> list[tuple[str, str]]:
    """(field, message) per name of ``[areas.<area>.report]`` the project has no tag for, and
    per throughput tag without the normal band a stop is judged by."""
    where = f"areas.{area}.report"
    found = []
    for n, trend in enumerate(report.trends, start=1):
        found += [(f"{where}.trend[{n}].tags", text("config.unknown_tag", tag=name))
                  for name in trend.tags if name not in tags]  # fmt: skip
    for n, unit in enumerate(report.downtime, start=1):
        for key, names in unit.named_tags().items():
            found += [(f"{where}.downtime[{n}].{key}", text("config.unknown_tag", tag=name))
                      for name in names if name not in tags]  # fmt: skip
        running = tags.get(unit.running)
        if running is not None and running.normal_low is None:
            problem = text("config.report.normal_band", tag=unit.running)
            found.append((f"{where}.downtime[{n}].running", problem))
    return found
