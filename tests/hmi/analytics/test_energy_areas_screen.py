"""The energy display of projects other than the demo: one section per declared area in
project order (the fluorochemicals plant's two production areas, the four-plant project's
four), figures known by hand, and a screenshot."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hmi.analytics.energy_table import NOW, SHIFT, TARGET
from hmi.analytics.energy_view import EnergyView
from tests.hmi.analytics.analytics_bench import PLANT, T0, analytics_console
from tests.paths import FLUORIDE_PROJECT, FOUR_PLANTS_PROJECT

H = 3600.0
FLUORIDE = {"AHF.PROD.RATE": 3.6, "AHF.POWER": 3420.0, "LIPF6.PROD.RATE": 190.0}
"""Steady figures: 3420 kWh per 3.6 t AHF = 950 kWh/t; 190 kg LiPF6 at 21 kWh/kg."""


def energy_view(window: object) -> EnergyView:
    view = window.open_screen("energy")  # type: ignore[attr-defined]
    assert isinstance(view, EnergyView)
    return view


def section_titles(view: EnergyView) -> list[str]:
    table = view.table
    titles = []
    for line in range(table.rowCount()):
        if table.columnSpan(line, 0) > 1:
            item = table.item(line, 0)
            assert item is not None
            titles.append(item.text())
    return titles


@pytest.mark.slow
def test_the_fluoride_energy_display_shows_its_two_production_areas(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, screenshot_dir: Path
) -> None:
    with analytics_console(qloop, tmp_path, project_file=FLUORIDE_PROJECT) as bench:
        bench.publish(FLUORIDE)
        bench.run(H, FLUORIDE, step=60.0)  # 10:00-11:00 UTC, the peak-price hour
        view = energy_view(bench.window)
        bench.window.show()
        view.show_live()
        assert section_titles(view) == [
            "AHF — anhydrous hydrogen fluoride unit", "LiPF6 — lithium hexafluorophosphate line"
        ]  # fmt: skip
        table = view.table
        assert table.text("AHF:amount", SHIFT) == "3.60"
        assert table.text("AHF:kwh_per_unit", SHIFT) == "950.0"
        assert table.text("AHF:kwh_per_unit", NOW) == "950.0"
        assert table.text("AHF:kwh_per_unit", TARGET) == "950.0"
        assert table.text("AHF:mwh", SHIFT) == "3.42"
        assert table.text("AHF:cost", SHIFT) == "3 488"  # 3420 kWh x 1.02 CNY
        assert table.text("LIPF6:amount", SHIFT) == "190.00"
        assert table.text("LIPF6:kwh_per_unit", SHIFT) == "21.0"
        assert table.text("LIPF6:mwh", NOW) == "3.99 MW"  # 190 kg/h x 21 kWh/kg
        assert not table.off_target("AHF:kwh_per_unit", SHIFT)  # on its target: met
        assert table.text("LIPF6:kwh_per_unit", 7) == "met, 4.5 % better"  # 21 against 22
        assert not table.off_target("LIPF6:amount", SHIFT)  # no target: never coloured
        assert view.coverage_label.text() == "Data this shift: AHF 100 %, LIPF6 100 %"
        qloop.run_until_complete(view.reload())
        assert list(view.charts.charts) == [
            "AHF:kwh_per_unit", "AHF:amount", "LIPF6:kwh_per_unit", "LIPF6:amount"
        ]  # fmt: skip
        assert view.charts.charts["AHF:kwh_per_unit"].values[-1] == pytest.approx(950.0)
        bench.window.resize(1920, 1080)
        bench.window.grab().save(str(screenshot_dir / "fluoride_energy.png"))


@pytest.mark.slow
def test_the_four_plant_energy_display_has_four_sections(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, screenshot_dir: Path
) -> None:
    values = {**PLANT, **FLUORIDE}
    with analytics_console(qloop, tmp_path, T0, FOUR_PLANTS_PROJECT) as bench:
        bench.publish(values)
        bench.run(H, values, step=60.0)
        view = energy_view(bench.window)
        bench.window.show()
        view.show_live()
        assert section_titles(view) == [
            "EMM — electrolytic manganese cell house (rectifier DC)", "CWP — coal washing plant",
            "SCO2 — waste-heat power loop", "AHF — anhydrous hydrogen fluoride unit",
        ]  # fmt: skip
        table = view.table
        assert table.text("EMM:sec_kwh_t", SHIFT) == "6 455"  # as on the demo
        assert table.text("AHF:kwh_per_unit", SHIFT) == "950.0"
        bench.window.resize(1920, 1080)
        bench.window.grab().save(str(screenshot_dir / "four_plants_energy.png"))
