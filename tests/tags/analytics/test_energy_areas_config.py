"""Energy declared per area in a project file: what a good declaration gives, and every
problem of a bad one named by file, table and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from tags.analytics.energy_areas import Better, ElectrolysisSpec, ProductionSpec
from tags.config.project import load_project
from tests.tags.config.config_projects import PROJECT, make_project, refused, summaries, with_rows

ROWS = (
    "TST.PROD.RATE,Production,t/h,float,sim://signal/sine?low=3&high=4,0,6,,,,,,,",
    "TST.POWER,Unit power,kW,float,sim://signal/sine?low=3000&high=3500,0,5000,,,,,,,",
    "TST.HEAT,Heat recovered,MW,float,sim://signal/sine?low=15&high=20,0,30,,,,,,,",
)

GOOD = """
[plant_analytics.energy.areas.TST]
kind = "production"
title = "TST — test bench"
product = "product"
unit = "t"
rate_tag = "TST.PROD.RATE"
power_tag = "TST.POWER"
plan_per_shift = 28

[plant_analytics.energy.areas.TST.targets]
kwh_per_unit = { value = 950, better = "lower" }
amount = { value = 27.5, better = "higher" }
"""


def test_a_declared_area_gives_its_kind_tags_targets_and_plan(tmp_path: Path) -> None:
    path = make_project(tmp_path, project=PROJECT + GOOD, csv=with_rows(*ROWS))
    (area,) = load_project(path).analytics.energy.areas
    assert (area.area, area.kind, area.heading, area.unit) == (
        "TST", "production", "TST — test bench", "t"
    )  # fmt: skip
    assert area.spec == ProductionSpec(rate_tag="TST.PROD.RATE", power_tag="TST.POWER")
    assert area.plan_per_shift == 28.0
    assert [(t.figure, t.value, t.better) for t in area.targets] == [
        ("kwh_per_unit", 950.0, Better.LOWER), ("amount", 27.5, Better.HIGHER)
    ]  # fmt: skip
    assert area.names() == ["TST.PROD.RATE", "TST.POWER"]


BAD = """
[plant_analytics.energy.areas.TST]
kind = "production"
rate_tag = "TST.NOPE"
power_tag = "TST.FIC1.PV"
kwh_per_unit = -1.0
colour = "red"
plan_per_shift = "lots"

[plant_analytics.energy.areas.TST.targets]
kwh_per_unit = { value = 900, better = "smaller" }
sec_kwh_t = { value = 6000, better = "lower" }

[plant_analytics.energy.areas.SMELT]
kind = "smelting"

[plant_analytics.energy.areas.LOOP]
kind = "heat_to_power"
heat_tag = "TST.HEAT"
baseline_efficiency = 180.0
"""


def test_every_problem_of_a_declaration_names_its_table_and_key(tmp_path: Path) -> None:
    path = make_project(tmp_path, project=PROJECT + BAD, csv=with_rows(*ROWS))
    found = summaries(refused(path))
    assert all(line.startswith(f"{path.name}: ") for line in found)
    table = "plant_analytics.energy.areas"
    assert [line.split(": ", 1)[1] for line in found] == [
        f"{table}.TST.colour: unknown key (known: kind, title, title_zh, product, unit, "
        "plan_per_shift, targets, rate_tag, power_tag, kwh_per_unit, product_zh)",
        f"{table}.TST.kwh_per_unit: -1.0 outside 0..1e+07",
        f"{table}.TST.plan_per_shift: must be a number 0..1e9 (0: no plan)",
        f'{table}.TST.targets.kwh_per_unit.better: must be "lower" or "higher"',
        f"{table}.TST.targets.sec_kwh_t: unknown figure (known: kwh_per_unit, amount, mwh, "
        "peak_mwh, flat_mwh, valley_mwh, cost, cost_per_unit, kwh)",
        f"{table}.SMELT.kind: 'smelting' is not one of electrolysis, washing, heat_to_power, "
        "production",
        f"{table}.LOOP.baseline_efficiency: 180.0 outside 0.1..100",
        f"{table}.LOOP.baseline_efficiency: missing",
        f"{table}.LOOP.gross_tag: missing",
        f"{table}.LOOP.net_tag: missing",
        f"{table}.TST.rate_tag: unknown tag TST.NOPE",
        f"{table}.TST.power_tag: TST.FIC1.PV is in 'm³/h', the calculation needs kW or MW",
        f"{table}.LOOP: not an area of the project (areas: TST)",
    ]


OLD = """
[plant_analytics.energy]
emm_series = ["TST.RECT1"]

[plant_analytics.targets]
emm_sec = 6000.0

[plant_analytics.plan]
emm_mn_t = 6.6
"""


def test_the_old_plant_keys_say_where_they_moved(tmp_path: Path) -> None:
    found = summaries(refused(make_project(tmp_path, project=PROJECT + OLD)))
    where = "in [plant_analytics.energy.areas.<AREA>] (see the project's energy areas)"
    assert [line.split(": ", 1)[1] for line in found] == [
        f"plant_analytics.energy.emm_series: moved: declare it per area as series {where}",
        f"plant_analytics.targets: moved: declare it per area as targets {where}",
        f"plant_analytics.plan: moved: declare it per area as plan_per_shift {where}",
    ]


def test_the_example_projects_declare_their_areas_in_project_order() -> None:
    root = Path(__file__).resolve().parents[3] / "resources" / "projects"
    expected = {
        "demo/demo.toml": ["EMM", "CWP", "SCO2"],
        "fluoride/fluoride.toml": ["AHF", "LIPF6"],
        "four_plants/four_plants.toml": ["EMM", "CWP", "SCO2", "AHF"],
    }
    for name, areas in expected.items():
        declared = load_project(root / name).analytics.energy.areas
        assert [a.area for a in declared] == areas, name


def test_an_electrolysis_area_plates_the_metal_it_declares() -> None:
    manganese = ElectrolysisSpec(series=("AREA.RECT1",), cells_per_series=60)
    zinc = ElectrolysisSpec(series=("AREA.RECT1",), cells_per_series=60, molar_mass=65.38)
    assert manganese.per_kah == pytest.approx(1.0249, rel=1e-4)  # kg per kA·h
    assert zinc.per_kah == pytest.approx(1.2197, rel=1e-4)
