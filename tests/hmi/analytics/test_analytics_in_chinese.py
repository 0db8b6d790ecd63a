"""The energy and plant health displays in Chinese on the demo project (a real runtime with
its historian and analytics): figures named by the catalogue in Chinese with the areas' own
words, judgements, tariff band and shift; instrument problems and severities; no English word
left; English again after switching; screenshots at 1920 x 1080."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from hmi.analytics.energy_table import JUDGEMENT, SHIFT
from hmi.analytics.energy_view import EnergyView
from hmi.analytics.missing import analytics_missing
from hmi.analytics.plant_health_view import PlantHealthView
from hmi.i18n.translators import install_language
from tags.analytics.energy_catalogue import CATALOGUE
from tags.i18n.catalogue import MESSAGES
from tags.i18n.language import Language
from tests.hmi.analytics.analytics_bench import PLANT, analytics_console
from tests.hmi.analytics.test_plant_health import sick_instruments
from tests.hmi.i18n.english_left import english_left

H = 3600.0
CURRENCY = ("CNY",)


@pytest.fixture(autouse=True)
def english_afterwards(qapp: QApplication) -> Iterator[None]:
    yield
    install_language(Language.EN)


def test_every_name_the_energy_catalogue_gives_has_its_chinese() -> None:
    names = {s.label for kind in CATALOGUE.values() for s in kind.values() if s.shown}
    names |= {s.chart for kind in CATALOGUE.values() for s in kind.values() if s.chart}
    names |= {s.marks_name for kind in CATALOGUE.values() for s in kind.values() if s.marks_name}
    assert sorted(n for n in names if f"figure.{n}" not in MESSAGES) == []


@pytest.mark.slow
def test_the_energy_display_speaks_chinese_and_english_again(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, screenshot_dir: Path
) -> None:
    with analytics_console(qloop, tmp_path) as bench:
        install_language(Language.ZH_CN)
        bench.publish(PLANT)
        bench.run(H, PLANT, step=60.0)  # 10:00-11:00 UTC, the peak-price hour
        view = bench.window.open_screen("energy")
        assert isinstance(view, EnergyView)
        view.show_live()
        qloop.run_until_complete(view.reload())
        table = view.table
        assert table.text("EMM:sec_kwh_t", JUDGEMENT) == "未达标，差 7.6 %"
        assert table.text("SCO2:gain_percent", JUDGEMENT) == "达标，优 15.0 %"
        assert table.text("CWP:yield_percent", 0) == "精煤产率"
        assert table.text("CWP:consumable_kg_per_t", 0) == "每吨原煤磁铁矿粉消耗"
        assert table.text("EMM:sec_kwh_t:EMM.RECT1", 0) == "单位直流电耗，EMM.RECT1 系列"
        assert table.text("EMM:sec_kwh_t", 1) == "kWh/t Mn"  # units stay as they are
        assert view.tariff_label.text() == "当前电价：平，0.66 CNY/kWh"
        assert view.shift_label.text() == "本班：2025-06-15 早班，自 10:00 起"
        assert "单位直流电耗" in view.charts.charts["EMM:sec_kwh_t"].titleLabel.text
        assert english_left(view, CURRENCY) == []
        bench.window.grab().save(str(screenshot_dir / "energy_zh_CN.png"))

        install_language(Language.EN)
        bench.wait(lambda: table.text("EMM:sec_kwh_t", JUDGEMENT) == "OFF TARGET, 7.6 % worse")
        assert table.text("CWP:yield_percent", 0) == "Clean coal yield"
        assert table.horizontalHeaderItem(SHIFT).text() == "This\nshift"  # type: ignore[union-attr]
        assert view.tariff_label.text() == "Tariff now: flat, 0.66 CNY/kWh"
        assert view.shift_label.text() == "This shift: 2025-06-15 Morning, since 10:00"
        assert "DC specific energy" in view.charts.charts["EMM:sec_kwh_t"].titleLabel.text
        assert view.refresh_button.text() == "Refresh"


@pytest.mark.slow
def test_the_plant_health_display_speaks_chinese_and_english_again(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, screenshot_dir: Path
) -> None:
    with analytics_console(qloop, tmp_path) as bench:
        install_language(Language.ZH_CN)
        view = bench.window.open_screen("plant_health")
        assert isinstance(view, PlantHealthView)
        where = (str(bench.analytics.reports_where),)
        assert view.health.count.text().startswith("所检 ")
        assert english_left(view, where) == []
        sick_instruments(bench)
        bench.wait(lambda: len(view.health.rows()) == 5)
        assert view.health.rows()[0] == ("故障", "CWP.MIDDS.ASH", "超量程")
        assert [row[2] for row in view.health.rows()[1:]] == ["质量坏", "冻结", "卡在量程端",
                                                               "噪声大"]  # fmt: skip
        table = view.health.table
        details = [table.item(row, 3).text() for row in range(table.rowCount())]  # type: ignore[union-attr]
        left = [line for line in english_left(view, where) if not any(d in line for d in details)]
        assert left == []  # (a problem's detail is the engine's text)
        bench.window.grab().save(str(screenshot_dir / "plant_health_zh_CN.png"))

        install_language(Language.EN)
        bench.wait(lambda: view.health.rows()[0] == ("Fault", "CWP.MIDDS.ASH", "out of range"))
        assert view.health.table.horizontalHeaderItem(0).text() == "Severity"  # type: ignore[union-attr]
        assert view.reports.report_button.text() == "Report now"
        assert view.warnings.empty.text().startswith("No predictive warnings")


def test_the_missing_analytics_page_speaks_chinese_and_english_again(qtbot: QtBot) -> None:
    install_language(Language.ZH_CN)
    page = analytics_missing("Energy figures")
    qtbot.addWidget(page)
    assert english_left(page) == []
    assert page.findChild(QWidget, "analyticsMissing").text().startswith("能耗指标来自装置分析")  # type: ignore[union-attr]
    install_language(Language.EN)
    note = page.findChild(QWidget, "analyticsMissing")
    qtbot.waitUntil(lambda: note.text().startswith("Energy figures come"))  # type: ignore[union-attr]
