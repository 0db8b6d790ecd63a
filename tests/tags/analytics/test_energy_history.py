"""Energy figures from recorded history, checked against hand calculations."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest

from tags.analytics.energy import EnergyAnalysis
from tags.analytics.energy_figures import csv_columns, export_csv
from tags.config.project import load_project
from tags.history.sqlite_store import SqliteHistoryStore
from tests.paths import DEMO_PROJECT, DEMO_RECORDING
from tests.tags.analytics.energy_support import T0, cwp, demo_settings, emm, sco2, write_steps

H = 3600.0
DEMO_COLUMNS = [
    "period", "start", "end", "emm_dc_kwh", "emm_mn_t", "emm_sec_kwh_t", "emm_ce_percent",
    "emm_cost", "cwp_feed_t", "cwp_clean_t", "cwp_yield_percent", "cwp_clean_ash_percent",
    "cwp_kwh", "cwp_kwh_per_t_clean", "cwp_magnetite_kg_per_t", "sco2_heat_mwh",
    "sco2_gross_mwh", "sco2_net_mwh", "sco2_cycle_eff_percent", "sco2_baseline_mwh",
    "sco2_gain_percent",
]  # fmt: skip
"""The demo's energy CSV columns, as they have always been."""

PLANT = {
    "EMM.RECT1.IDC": 10.0, "EMM.RECT1.UDC": 260.0,
    "EMM.RECT2.IDC": 10.0, "EMM.RECT2.UDC": 270.0,
    "EMM.KPI.MN_RATE": 0.8, "EMM.KPI.CE": 66.0,
    "CWP.FEED.TPH": 450.0, "CWP.CLEAN.TPH": 250.0, "CWP.CLEAN.ASH": 10.0,
    "CWP.MAG.CONSUMPTION": 1.2,
    "SCO2.KPI.HEAT_RECOVERED": 19.0, "SCO2.GEN.P": 5.0, "SCO2.NET.P": 4.6,
}  # fmt: skip


def utc_analysis(series: tuple[str, ...] | None = None) -> EnergyAnalysis:
    analysis = EnergyAnalysis(demo_settings(series=series))
    assert analysis.tariff.tz is not None and analysis.tariff.tz.utcoffset(None) == UTC.utcoffset(
        None
    )
    return analysis


def test_two_hours_of_the_three_plants_match_the_hand_calculation(
    store: SqliteHistoryStore,
) -> None:
    second_hour = {"EMM.RECT1.IDC": 9.0, "EMM.RECT1.UDC": 250.0, "CWP.CLEAN.ASH": 11.0}
    write_steps(store, {T0: PLANT, T0 + H: second_hour, T0 + 2 * H: PLANT})
    f = utc_analysis().period(store, T0, T0 + 2 * H, "two hours")
    assert emm(f) is not None and cwp(f) is not None and sco2(f) is not None
    s1, s2 = emm(f).series
    # series 1: 10 kA x 260 V for an hour, then 9 kA x 250 V
    assert s1.dc_kwh == pytest.approx(2600 + 2250)
    assert s2.dc_kwh == pytest.approx(2 * 2700)
    # Faraday: kAh x 60 cells x 1.0249 kg/kAh x CE 66 % (the lagging 0.8 t/h rate tag is not used)
    mn1, mn2 = 19 * 60 * 1.0249 * 0.66 / 1000, 20 * 60 * 1.0249 * 0.66 / 1000
    assert s1.product_t == pytest.approx(mn1, rel=1e-4)
    assert s2.product_t == pytest.approx(mn2, rel=1e-4)
    assert emm(f).product_t == pytest.approx(mn1 + mn2, rel=1e-4)
    assert emm(f).sec_kwh_t == pytest.approx(10250 / (mn1 + mn2), rel=1e-4)
    assert emm(f).ce_percent == pytest.approx(66.0)
    assert emm(f).ce_measured_percent == pytest.approx(66.0)
    # 10:00-11:00 is peak (1.02), 11:00-12:00 flat (0.66)
    assert emm(f).kwh_by_band == pytest.approx({"peak": 5300.0, "flat": 4950.0, "valley": 0.0})
    assert emm(f).cost == pytest.approx(5300 * 1.02 + 4950 * 0.66)
    assert emm(f).cost_per_t == pytest.approx(emm(f).cost / (mn1 + mn2), rel=1e-4)
    # CWP: 900 t feed, 500 t clean at 10 % then 11 % ash, 8 kWh per t feed
    assert (cwp(f).feed_t, cwp(f).product_t) == pytest.approx((900.0, 500.0))
    assert cwp(f).yield_percent == pytest.approx(500 / 900 * 100)
    assert cwp(f).quality_percent == pytest.approx(10.5)
    assert cwp(f).kwh == pytest.approx(7200.0)
    assert cwp(f).kwh_per_t == pytest.approx(14.4)
    assert cwp(f).consumable_kg_per_t == pytest.approx(1.2)
    assert "8 kWh per t raw coal" in cwp(f).power_basis
    # SCO2: 38 MWh heat, 10 gross, 9.2 exported; the baseline exports 18 % of the heat
    assert (sco2(f).heat_mwh, sco2(f).gross_mwh, sco2(f).net_mwh) == pytest.approx((38, 10, 9.2))
    assert sco2(f).cycle_efficiency_percent == pytest.approx(10 / 38 * 100)
    assert sco2(f).baseline_mwh == pytest.approx(38 * 0.18)
    assert sco2(f).gain_percent == pytest.approx((9.2 - 6.84) / 6.84 * 100)
    assert f.coverage == pytest.approx({"EMM": 1.0, "CWP": 1.0, "SCO2": 1.0})


@pytest.mark.parametrize(("ce", "expected"), [(65.0, 6455.0), (70.0, 5994.0)])
def test_without_a_plating_rate_sec_follows_faraday(
    store: SqliteHistoryStore, ce: float, expected: float
) -> None:
    """PLANTS.md: at 4.3 V per cell, CE 65 % gives 6455 kWh/t and 70 % gives 5994 kWh/t."""
    values = {"EMM.RECT1.IDC": 10.0, "EMM.RECT1.UDC": 4.3 * 60, "EMM.KPI.CE": ce}
    write_steps(store, {T0: values})
    f = utc_analysis(series=("EMM.RECT1",)).period(store, T0, T0 + H)
    assert emm(f) is not None
    assert emm(f).sec_kwh_t == pytest.approx(expected, abs=0.5)
    assert emm(f).ce_percent == pytest.approx(ce)
    assert cwp(f) is None and sco2(f) is None


def test_a_bad_gap_counts_against_coverage_not_as_zero_energy(
    store: SqliteHistoryStore,
) -> None:
    loop = {k: v for k, v in PLANT.items() if k.startswith("SCO2")}
    write_steps(store, {T0: loop, T0 + 0.5 * H: {"SCO2.NET.P": None}, T0 + H: loop})
    f = utc_analysis().period(store, T0, T0 + 2 * H)
    assert sco2(f) is not None
    assert f.coverage["SCO2"] == pytest.approx(0.75)
    assert sco2(f).net_mwh == pytest.approx(1.5 * 4.6)
    assert sco2(f).heat_mwh == pytest.approx(1.5 * 19.0)


def test_a_plant_power_tag_replaces_the_configured_specific_consumption(
    store: SqliteHistoryStore,
) -> None:
    washing = {k: v for k, v in PLANT.items() if k.startswith("CWP")}
    write_steps(store, {T0: {**washing, "CWP.POWER": 3.0}})
    settings = demo_settings(power_tag="CWP.POWER")
    f = EnergyAnalysis(settings, {"CWP.POWER": "MW"}).period(store, T0, T0 + H)
    assert cwp(f) is not None
    assert cwp(f).kwh == pytest.approx(3000.0)
    assert cwp(f).kwh_per_t == pytest.approx(12.0)
    assert cwp(f).power_basis == "power tag CWP.POWER"


def test_figures_per_shift_day_and_week_add_up(store: SqliteHistoryStore, tmp_path: Path) -> None:
    write_steps(store, {T0 - 10 * H: PLANT})  # 00:00 UTC on the 15th
    analysis = utc_analysis()
    start, end = T0 - 4 * H, T0 + 20 * H  # 06:00 to 06:00
    shifts = analysis.series(store, "shift", start, end)
    assert [r.label for r in shifts] == [
        "2025-06-15 Morning", "2025-06-15 Afternoon", "2025-06-15 Night"
    ]  # fmt: skip
    (day,) = analysis.series(store, "day", start, end)
    assert day.label == "2025-06-15"
    assert sco2(day) is not None and sco2(day).net_mwh == pytest.approx(24 * 4.6)
    assert sum(sco2(r).net_mwh for r in shifts if sco2(r)) == pytest.approx(sco2(day).net_mwh)
    (week,) = analysis.series(store, "week", start, end)
    assert week.label == "2025-W24" and week.start == start
    hours = analysis.series(store, "hour", T0, T0 + 3 * H)
    assert len(hours) == 3 and all(cwp(h) and cwp(h).product_t == pytest.approx(250) for h in hours)
    out = tmp_path / "energy.csv"
    assert export_csv(shifts, out, analysis.settings.energy.areas) == 3
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].split(",") == csv_columns(analysis.settings.energy.areas) == DEMO_COLUMNS
    assert lines[1].startswith("2025-06-15 Morning,")
    assert ",36.8000," in lines[1]  # 8 h x 4.6 MW exported


def test_targets_say_which_side_is_better(store: SqliteHistoryStore) -> None:
    write_steps(store, {T0: PLANT})
    analysis = utc_analysis()
    checks = {c.figure: c for c in analysis.compare(analysis.period(store, T0, T0 + H))}
    sec = checks["sec_kwh_t"]  # 5300 kWh / (20 kAh x 60 x 1.0249 x 66 %), target 6000
    expected = 5300 / (20 * 60 * 1.0249 * 0.66 / 1000)
    assert sec.value == pytest.approx(expected, rel=1e-4) and sec.met is False
    assert sec.deviation_percent == pytest.approx(-(expected - 6000) / 60, rel=1e-3)
    assert checks["yield_percent"].met is True  # 55.6 % >= 55 %
    assert checks["gain_percent"].met is True  # 4.6 vs 3.42 MWh: +34.5 %


def test_the_shipped_recording_agrees_with_its_own_statistics() -> None:
    """Exported MWh and tonnes are time integrals: the historian's statistics give the same."""
    analysis = EnergyAnalysis.from_project(load_project(DEMO_PROJECT))
    with SqliteHistoryStore(DEMO_RECORDING, readonly=True) as store:
        first, last = store.span() or (0.0, 0.0)
        f = analysis.period(store, first, last)
        hours = (last - first) / H

        def mean(tag: str) -> float:
            value = store.statistics(tag, first, last).time_weighted_mean
            assert value is not None
            return value

        assert sco2(f) is not None and cwp(f) is not None and emm(f) is not None
        assert sco2(f).net_mwh == pytest.approx(mean("SCO2.NET.P") * hours, rel=1e-9)
        assert sco2(f).heat_mwh == pytest.approx(mean("SCO2.KPI.HEAT_RECOVERED") * hours)
        assert cwp(f).product_t == pytest.approx(mean("CWP.CLEAN.TPH") * hours)
        assert emm(f).product_t == pytest.approx(mean("EMM.KPI.MN_RATE") * hours, rel=2e-3)
        u_cell = (mean("EMM.RECT1.UDC") + mean("EMM.RECT2.UDC")) / 2 / 60
        ce = emm(f).ce_percent or 0.0
        assert emm(f).sec_kwh_t == pytest.approx(1000 * u_cell / (1.0249 * ce / 100), rel=2e-3)
        assert emm(f).ce_percent == pytest.approx(mean("EMM.KPI.CE"), abs=0.2)
        assert 6000 < (emm(f).sec_kwh_t or 0) < 6700
