"""The energy display (F10) in a console on published values: figures known by hand, live and
from the history, compared with the targets (only a missed target is coloured), charts per
shift and day, CSV export, and a screenshot."""

from __future__ import annotations

import asyncio
import csv
import math
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hmi.analytics.energy_charts import thinned
from hmi.analytics.energy_table import NOW, PREVIOUS, SHIFT, TODAY
from hmi.analytics.energy_view import EnergyView
from tests.hmi.analytics.analytics_bench import PLANT, T0, analytics_console

H = 3600.0


def energy_view(window: object) -> EnergyView:
    view = window.open_screen("energy")  # type: ignore[attr-defined]
    assert isinstance(view, EnergyView)
    return view


FARADAY_SEC = 2580 / (10 * 60 * 1.0249 * 0.65 / 1000)
"""kWh/t of a series at 10 kA, 258 V and 65 % CE (6455)."""


@pytest.mark.slow
def test_an_hour_of_steady_plant_gives_the_hand_calculated_figures(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    with analytics_console(qloop, tmp_path) as bench:
        bench.publish(PLANT)
        bench.run(H, PLANT, step=60.0)  # 10:00-11:00 UTC, the peak-price hour
        view = energy_view(bench.window)
        view.show_live()
        table = view.table
        # each series: 10 kA x 258 V = 2580 kWh for 10 kAh x 60 x 1.0249 x 65 % = 0.3997 t Mn
        assert table.text("EMM:sec_kwh_t:EMM.RECT1", SHIFT) == "6 455"
        assert table.text("EMM:sec_kwh_t", SHIFT) == "6 455"
        assert table.text("EMM:sec_kwh_t", NOW) == "6 455"
        assert table.text("EMM:dc_mwh", SHIFT) == "5.16"
        assert table.text("EMM:dc_mwh", NOW) == "5.16 MW"
        # CE = KPI.CE 65 % (Faraday from the charge passed)
        assert table.text("EMM:ce_percent", SHIFT) == "65.0"
        assert (table.text("EMM:peak_mwh", SHIFT), table.text("EMM:flat_mwh", SHIFT)) == (
            "5.16",
            "0.00",
        )
        assert table.text("EMM:cost", SHIFT) == "5 263"  # 5160 kWh x 1.02 CNY
        assert table.text("EMM:cost_per_t", SHIFT) == "6 584"  # per 0.7994 t
        # CWP: 450 t feed x 8 kWh/t over 250 t clean; SCO2: 4.6 MWh out of 19 MWh of heat
        assert table.text("CWP:kwh_per_t", SHIFT) == "14.4"
        assert table.text("CWP:yield_percent", SHIFT) == "55.6"
        assert table.text("CWP:consumable_kg_per_t", SHIFT) == "1.20"
        assert table.text("SCO2:net_mwh", SHIFT) == "4.60"
        assert table.text("SCO2:cycle_efficiency_percent", SHIFT) == "26.3"
        assert table.text("SCO2:baseline_mwh", SHIFT) == "3.42"  # 18 % of 19 MWh
        assert table.text("SCO2:gain_percent", SHIFT) == "34.5"  # (4.6 - 3.42) / 3.42
        # only the figures that miss their target are coloured, and say so in words
        judged = ("EMM:sec_kwh_t", "EMM:ce_percent", "CWP:kwh_per_t", "CWP:yield_percent",
                  "CWP:consumable_kg_per_t", "CWP:quality_percent",
                  "SCO2:cycle_efficiency_percent", "SCO2:gain_percent")  # fmt: skip
        off = {key for key in judged if table.off_target(key, SHIFT)}
        assert off == {"EMM:sec_kwh_t", "CWP:consumable_kg_per_t"}
        assert table.text("EMM:sec_kwh_t", 7) == "OFF TARGET, 7.6 % worse"
        assert table.text("CWP:consumable_kg_per_t", 7) == "OFF TARGET, 20.0 % worse"
        assert table.text("SCO2:gain_percent", 7) == "met, 15.0 % better"  # 34.5 against 30
        assert not table.off_target("SCO2:net_mwh", SHIFT)  # no target: never coloured
        assert view.tariff_label.text() == "Tariff now: flat, 0.66 CNY/kWh"  # 11:00
        assert view.shift_label.text() == "This shift: 2025-06-15 Morning, since 10:00"

        rows = qloop.run_until_complete(view.reload())
        assert [r.label for r in rows][-2:] == ["2025-06-14 Night", "2025-06-15 Morning"]
        assert (
            table.text("EMM:sec_kwh_t", TODAY) == "6 455"
        )  # the history agrees with the live figures
        assert table.text("SCO2:net_mwh", TODAY) == "4.60"
        assert table.text("EMM:sec_kwh_t", PREVIOUS) == "—"  # nothing recorded in the night
        chart = view.charts.charts["EMM:sec_kwh_t"]
        assert chart.values[-1] == pytest.approx(FARADAY_SEC, rel=1e-4)
        assert chart.values[:-1] == [None] * 20
        assert chart.missed[-1] is False  # the running shift is not judged yet


@pytest.mark.slow
def test_a_finished_shift_that_missed_its_target_is_the_coloured_bar_and_is_exported(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    with analytics_console(qloop, tmp_path) as bench:
        bench.publish(PLANT)
        bench.run(5 * H, PLANT, step=300.0)  # 10:00 to 15:00: the Morning shift ends at 14:00
        view = energy_view(bench.window)
        view.show_live()
        table = view.table
        # the live previous shift: 10:00-14:00, peak price until 11:00, flat after
        assert table.text("EMM:dc_mwh", PREVIOUS) == "20.64"
        assert table.text("EMM:cost", PREVIOUS) == "15 480"  # 5160 x 1.02 + 15480 x 0.66
        assert table.text("SCO2:net_mwh", SHIFT) == "4.60"  # 14:00-15:00
        assert table.off_target("EMM:sec_kwh_t", PREVIOUS)

        shifts = qloop.run_until_complete(view.reload())
        assert [r.label for r in shifts[-2:]] == ["2025-06-15 Morning", "2025-06-15 Afternoon"]
        sec, gain = view.charts.charts["EMM:sec_kwh_t"], view.charts.charts["SCO2:gain_percent"]
        assert sec.values[-2] == pytest.approx(FARADAY_SEC, rel=1e-4) and sec.missed[-2] is True
        assert gain.values[-2] == pytest.approx((4.6 - 3.42) / 3.42 * 100) and not gain.missed[-2]
        assert table.text("SCO2:net_mwh", TODAY) == "23.00"  # exported today: 5 h x 4.6 MW
        history = view.history
        assert history is not None
        asked = history.queries
        bench.run(300.0, PLANT, step=300.0)
        qloop.run_until_complete(view.reload())
        assert history.queries - asked == 1  # only the running shift is read again

        view.period.setCurrentIndex(1)  # per day
        days = qloop.run_until_complete(view.reload())
        assert len(days) == 14 and days[-1].label == "2025-06-15"
        target = tmp_path / "energy.csv"
        assert view.export(target) == 14
        with open(target, encoding="utf-8", newline="") as handle:
            lines = list(csv.DictReader(handle))
        today = lines[-1]
        assert today["period"] == "2025-06-15"
        assert float(today["emm_sec_kwh_t"]) == pytest.approx(FARADAY_SEC, rel=1e-4)
        assert float(today["sco2_net_mwh"]) == pytest.approx(4.6 * (5 + 5 / 60), abs=1e-4)
        assert lines[0]["emm_sec_kwh_t"] == ""  # nothing recorded that day
        assert view.status.text() == f"14 periods written to {target}"


def varying(n: int, step: float) -> dict[str, float]:
    """Three days of a plant whose cell voltage and plating wander from shift to shift."""
    hours = n * step / H
    shift = int(hours // 8)
    values = dict(PLANT)
    values["EMM.RECT1.UDC"] = values["EMM.RECT2.UDC"] = 250.0 + 14.0 * math.sin(shift * 1.3)
    values["EMM.KPI.MN_RATE"] = 0.82 + 0.03 * math.cos(shift * 0.7)
    values["CWP.CLEAN.TPH"] = 250.0 + 12.0 * math.sin(shift * 0.9 + 1.0)
    values["CWP.MAG.CONSUMPTION"] = 0.9 + 0.25 * (shift % 4 == 2)
    values["SCO2.NET.P"] = 4.6 - 0.5 * (shift % 5 == 3) + 0.05 * math.sin(hours)
    return values


@pytest.mark.slow
@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768), (1280, 720)],
                         ids=["1920x1080", "1366x768", "1280x720"])  # fmt: skip
def test_screenshot_of_the_energy_display_after_three_days(
    qtbot: QtBot,
    qloop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    screenshot_dir: Path,
    size: tuple[int, int],
) -> None:
    start = T0 - 52 * H  # 2025-06-13 06:00: whole shifts from the first day on
    with analytics_console(qloop, tmp_path, start) as bench:
        step = 600.0
        bench.publish(varying(0, step))
        bench.run(3 * 24 * H + 5 * H, lambda n: varying(n + 1, step), step=step)
        view = energy_view(bench.window)
        bench.window.resize(*size)
        bench.window.show()
        view.show_live()
        rows = qloop.run_until_complete(view.reload())
        assert (
            sum(r.figures.area("EMM").electrolysis is not None for r in rows) == 10
        )  # 13 Jun 06:00 on
        assert any(view.charts.charts["EMM:sec_kwh_t"].missed)
        assert not all(view.charts.charts["EMM:sec_kwh_t"].missed)
        width, height = size
        bench.window.grab().save(str(screenshot_dir / f"screen_energy_{width}x{height}.png"))


@pytest.mark.slow
@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)], ids=["1920x1080", "1366x768"])
def test_every_figure_name_is_whole_and_no_chart_is_cut_on_common_screens(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, size: tuple[int, int]
) -> None:
    with analytics_console(qloop, tmp_path) as bench:
        bench.publish(PLANT)
        view = energy_view(bench.window)
        bench.window.resize(*size)
        bench.window.show()
        view.show_live()
        qloop.run_until_complete(view.reload())
        bench.wait(lambda: view.isVisible() and view.charts.width() > 0)
        assert (bench.window.width(), bench.window.height()) == size  # nothing pushed it wider
        table = view.table
        metrics = table.fontMetrics()
        names = [row.label for row in table.rows]
        assert "Export of the replaced plant (baseline)" in names
        for name in names:  # whole, with the cell's margins to spare
            assert metrics.horizontalAdvance(name) + 8 <= table.columnWidth(0), name
        columns = sum(table.columnWidth(c) for c in range(table.columnCount()))
        assert columns <= table.viewport().width()  # no column hidden behind a scroll bar
        assert table.horizontalScrollBar().maximum() == 0
        charts = view.charts
        inside = charts.rect()
        corner = charts.mapTo(bench.window, charts.rect().bottomRight())
        assert bench.window.rect().contains(corner), (corner, bench.window.rect())
        for chart in charts.charts.values():
            shown = charts.mapFromScene(chart.mapRectToScene(chart.boundingRect())).boundingRect()
            assert inside.contains(shown), (chart.spec.key, shown, inside)
            title = charts.mapFromScene(
                chart.titleLabel.mapRectToScene(chart.titleLabel.item.boundingRect())
            ).boundingRect()
            assert inside.contains(title), (chart.spec.key, title, inside)


def test_labels_under_narrow_charts_are_thinned_from_the_newest_and_never_cut() -> None:
    days = ["10 Jun", "", "", "11 Jun", "", "", "12 Jun", "", "", "13 Jun", "", ""]
    assert thinned(days, 40.0, 1200.0) == days  # 100 px a bar: all fit
    narrow = thinned(days, 40.0, 120.0)  # 10 px a bar: one label in every 6 bars
    assert narrow == ["", "", "", "11 Jun", "", "", "", "", "", "13 Jun", "", ""]
    assert thinned(["10 Jun"], 40.0, 30.0) == [""]  # wider than the chart: not drawn cut


@pytest.mark.slow
def test_below_1366_pixels_names_give_way_with_the_full_name_in_their_tooltip(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    with analytics_console(qloop, tmp_path) as bench:
        bench.publish(PLANT)
        view = energy_view(bench.window)
        bench.window.resize(1280, 720)
        bench.window.show()
        bench.wait(lambda: view.isVisible() and view.charts.width() > 0)
        assert bench.window.width() == 1280  # the display does not push the window wider
        table = view.table
        assert table.horizontalScrollBar().maximum() == 0  # every number column still shown
        longest = "Export of the replaced plant (baseline)"
        line = next(i for i in range(table.rowCount()) if table.item(i, 0).text() == longest)
        assert table.fontMetrics().horizontalAdvance(longest) > table.columnWidth(0)  # elided
        assert table.item(line, 0).toolTip() == longest
        charts = view.charts
        corner = charts.mapTo(bench.window, charts.rect().bottomRight())
        assert bench.window.rect().contains(corner)
