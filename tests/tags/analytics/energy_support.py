"""Helpers of the energy tests: the start time, a writer of step-wise recorded values, the
demo's settings and its areas' figures."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from tags.analytics.config import AnalyticsSettings
from tags.analytics.energy_areas import ElectrolysisSpec, WashingSpec
from tags.analytics.energy_figures import EnergyFigures
from tags.config.project import load_project
from tags.history.sqlite_store import SqliteHistoryStore
from tags.model import Quality, TagSample
from tests.paths import DEMO_PROJECT

T0 = 1_749_981_600.0  # 2025-06-15 10:00 UTC: a peak hour, then flat from 11:00


def write_steps(
    store: SqliteHistoryStore, steps: Mapping[float, Mapping[str, float | None]]
) -> None:
    """At each time, these values (None: a Bad sample)."""
    records = []
    for t, values in sorted(steps.items()):
        for name, value in values.items():
            quality = Quality.BAD_NO_COMMUNICATION if value is None else Quality.GOOD
            records.append((name, TagSample(value, quality, t, t)))
    store.append(records)


def demo_settings(
    timezone: str = "UTC", *, series: tuple[str, ...] | None = None, power_tag: str | None = None
) -> AnalyticsSettings:
    """The demo project's analytics settings (its energy areas as its files declare them), in
    ``timezone``; ``series`` replaces the cell house's rectifier series, ``power_tag`` gives
    the washing plant a power meter."""
    settings = load_project(DEMO_PROJECT).analytics
    areas = []
    for decl in settings.energy.areas:
        if series is not None and isinstance(decl.spec, ElectrolysisSpec):
            decl = replace(decl, spec=replace(decl.spec, series=series))
        if power_tag is not None and isinstance(decl.spec, WashingSpec):
            decl = replace(decl, spec=replace(decl.spec, power_tag=power_tag))
        areas.append(decl)
    energy = replace(settings.energy, areas=tuple(areas))
    return replace(settings, timezone=timezone, energy=energy)


def _kind(f: EnergyFigures, area: str, kind: str) -> Any:
    found = f.area(area)
    return None if found is None else getattr(found, kind)


def emm(f: EnergyFigures) -> Any:
    """The cell house's electrolysis figures (None: not recorded)."""
    return _kind(f, "EMM", "electrolysis")


def cwp(f: EnergyFigures) -> Any:
    """The washing plant's figures (None: not recorded)."""
    return _kind(f, "CWP", "washing")


def sco2(f: EnergyFigures) -> Any:
    """The heat-to-power loop's figures (None: not recorded)."""
    return _kind(f, "SCO2", "heat_to_power")


def demo_energy_toml() -> str:
    """The demo project's ``[plant_analytics.energy.areas.*]`` tables as its file spells them
    (for test projects with the demo's tags)."""
    kept: list[str] = []
    keep = False
    for line in DEMO_PROJECT.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            keep = line.startswith("[plant_analytics.energy.areas.")
        if keep:
            kept.append(line)
    return "\n".join(kept) + "\n"
