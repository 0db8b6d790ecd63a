"""The upsets of PLANTS.md on plant time: the predictive warning comes before the alarm."""

from __future__ import annotations

import re

import pytest

from tags.analytics.config import PredictionSettings
from tags.analytics.prediction import PredictiveWarning, TrendPredictor
from tests.tags.analytics.plant_bench import PlantBench


def watch(bench: PlantBench) -> tuple[TrendPredictor, dict[str, tuple[float, str]]]:
    """A predictor on the bench; the first warning per alarm: (time, text)."""
    predictor = TrendPredictor(bench.tags, PredictionSettings(), bench.clock)
    first: dict[str, tuple[float, str]] = {}

    def note(warnings: list[PredictiveWarning]) -> None:
        for w in warnings:
            first.setdefault(w.alarm, (bench.clock.now(), w.text))

    predictor.subscribe(note)
    predictor.attach(bench.db)
    return predictor, first


@pytest.mark.slow
def test_purification_upset_is_predicted_well_before_each_alarm() -> None:
    names = ["EMM.KPI.CE", "EMM.KPI.SEC_DC", "EMM.FEED.SEO2", "EMM.HALL.H2", "EMM.CATH.PH"]
    bench = PlantBench(["emm"], names)
    _, first = watch(bench)
    bench.run(600)  # ten steady minutes first: nothing to predict
    assert first == {} and bench.alarm_times == {}
    bench.sim.start_scenario("emm-purification")
    expected = ("EMM.KPI.SEC_DC.HI", "EMM.FEED.SEO2.LO", "EMM.KPI.CE.LO")
    bench.run(3600, until=lambda: all(a in bench.alarm_times for a in expected))
    for alarm in expected:
        assert alarm in bench.alarm_times, f"{alarm} never alarmed"
        warned, text = first[alarm]
        lead = bench.alarm_times[alarm] - warned
        assert lead >= 15 * 60, f"{alarm}: warned only {lead:.0f} s ahead ({text})"
    assert re.fullmatch(r"EMM\.KPI\.CE reaches 58 % in about \d+ min", first["EMM.KPI.CE.LO"][1])
    assert "EMM.HALL.H2.HI" not in first  # H2 rises but stays far below its limit


@pytest.mark.slow
def test_feed_change_warns_of_off_spec_ash_before_the_alarm_and_clears_after() -> None:
    bench = PlantBench(["cwp"], ["CWP.CLEAN.ASH", "CWP.FEED.ASH", "CWP.KPI.YIELD"])
    predictor, first = watch(bench)
    bench.run(600)
    assert first == {}
    bench.sim.start_scenario("cwp-feed-change")
    bench.run(1800, until=lambda: "CWP.CLEAN.ASH.HI" in bench.alarm_times)
    warned, text = first["CWP.CLEAN.ASH.HI"]
    assert bench.alarm_times["CWP.CLEAN.ASH.HI"] - warned >= 150  # 3.3 min here
    assert re.fullmatch(r"CWP\.CLEAN\.ASH reaches 10\.5 % in about \d+ min", text)
    # the operator lowers the density setpoint by 0.03: the ash turns, the warnings go
    sp = float(bench.sim.values("cwp")["DMC.DENS.SP"])
    bench.sim.write("cwp", "DMC.DENS.SP", sp - 0.03)
    bench.run(1200)
    assert predictor.warning_for("CWP.CLEAN.ASH") is None
