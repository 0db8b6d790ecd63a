"""At steady state every point sits in the normal band its tag file declares, and stays quiet."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from tags.simulation.opcua_namespace import served_source
from tags.simulation.simulator import PlantSimulator
from tests.paths import DEMO_PROJECT

MODELS = ("emm", "cwp", "sco2")
Tables = dict[str, dict[str, dict[str, Any]]]


@pytest.mark.parametrize("model", MODELS)
def test_every_point_has_one_tag_whose_source_is_that_point(model: str, tag_tables: Tables) -> None:
    points = PlantSimulator(models=(model,)).points(model)
    tables = tag_tables[model]
    assert set(tables) == set(points)
    for point, table in tables.items():
        assert table["source"] == served_source(model, point)
        assert table["type"] == points[point].kind
        assert table.get("writable", False) == points[point].writable
        assert table.get("unit", "") == points[point].unit


def test_the_demo_project_loads_its_tag_lists_without_problems() -> None:
    from tags.config.project import check_project

    assert check_project(DEMO_PROJECT) == []


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_point_is_inside_its_normal_band_after_warm_up(
    seed: int, warm: Callable[..., PlantSimulator], tag_tables: Tables
) -> None:
    sim = warm(seed=seed)
    outside = []
    for model in MODELS:
        values = sim.values(model)
        for point, table in tag_tables[model].items():
            if "normal" not in table:
                continue
            low, high = table["normal"]
            value = float(values[point])
            if not low <= value <= high:
                outside.append(f"{model}/{point} = {value:.4g} not in [{low}, {high}]")
    assert outside == []


def _crossed(
    table: dict[str, Any], value: float, values: dict[str, float], model: str
) -> list[str]:
    crossed = []
    for kind, spec in table.get("alarms", {}).items():
        spec = spec if isinstance(spec, dict) else {"limit": spec}
        low = kind in ("lo", "lolo") and value <= spec["limit"]
        high = kind in ("hi", "hihi") and value >= spec["limit"]
        state = kind == "discrete" and value == spec["state"]
        if low or high or state:
            crossed.append(kind)
        elif kind.startswith("dev_"):
            sp = values[spec["setpoint"].split(".", 1)[1]]
            distance = value - sp if kind in ("dev_hi", "dev_hihi") else sp - value
            if distance >= spec["limit"]:
                crossed.append(kind)
    return crossed


@pytest.mark.slow
def test_a_quiet_plant_crosses_no_alarm_limit_for_half_an_hour(
    warm: Callable[..., PlantSimulator], tag_tables: Tables
) -> None:
    sim = warm(seed=4)
    alarms: Counter[str] = Counter()
    for _ in range(180):
        sim.advance(10.0)
        for model in MODELS:
            values = {k: float(v) for k, v in sim.values(model).items()}
            for point, table in tag_tables[model].items():
                for kind in _crossed(table, values[point], values, model):
                    alarms[f"{model}/{point}.{kind}"] += 1
    assert dict(alarms) == {}


def test_the_alarm_priorities_are_mostly_low(tag_tables: Tables) -> None:
    priorities: Counter[str] = Counter()
    for tables in tag_tables.values():
        for table in tables.values():
            for spec in table.get("alarms", {}).values():
                priorities[spec.get("priority", "low") if isinstance(spec, dict) else "low"] += 1
    total = sum(priorities.values())
    assert 0.75 <= priorities["low"] / total <= 0.85
    assert 0.10 <= priorities["medium"] / total <= 0.20
    assert 0.02 <= (priorities["high"] + priorities["critical"]) / total <= 0.08


def test_alarm_limits_lie_inside_the_engineering_range(tag_tables: Tables) -> None:
    for tables in tag_tables.values():
        for point, table in tables.items():
            if "range" not in table:
                continue
            low, high = table["range"]
            for kind, spec in table.get("alarms", {}).items():
                if kind in ("lolo", "lo", "hi", "hihi"):
                    value = spec["limit"] if isinstance(spec, dict) else spec
                    assert low <= value <= high, f"{point}.{kind}"


def test_the_corrected_normal_bands_are_the_documented_ones(tag_tables: Tables) -> None:
    """PLANTS.md: Mn production 0.78-0.90 t/h, compressor outlet 63-73 °C (the models were
    right, the first bands were not)."""
    assert tag_tables["emm"]["KPI.MN_RATE"]["normal"] == [0.78, 0.9]
    assert tag_tables["sco2"]["COMP.OUT_T"]["normal"] == [63.0, 73.0]
