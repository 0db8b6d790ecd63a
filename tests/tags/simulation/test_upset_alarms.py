"""What each of the nine upsets annunciates (count and names) and how the process answers,
through the demo project's alarm engine on plant time (see upset_run.py)."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

import main
from tags.alarms.journal import AlarmJournal
from tests.paths import DEMO_PROJECT
from tests.tags.simulation.upset_run import UpsetRun, run_upset

SCO2_TRACE = ("BRG.VIB", "COMP.FLOW", "COMP.IN_RHO", "TURB.IN_T", "TURB.SPEED", "TURB.TRIP")


def _names(*points: str) -> set[str]:
    return set(points)


def _during(run: UpsetRun, point: str, start: float, end: float, at: float) -> list[float]:
    """The traced values of ``point`` from ``start`` to ``end`` s after the upset began."""
    return run.trace[point][int(at + start) : int(at + end)]


@pytest.mark.slow
def test_a_rectifier_trip_annunciates_its_cause_not_its_sixty_dead_cells() -> None:
    run = run_upset(
        "emm-rectifier-trip", at=60.0, minutes=11.0, trace=("CELL.S01.C30.U", "CELL.S02.C30.U")
    )
    assert set(run.names()) == _names(
        "EMM.RECT1.GND_FAULT.DISCRETE", "EMM.RECT1.TRIP.DISCRETE", "EMM.KPI.MN_RATE.LO"
    )
    dead = {f"EMM.CELL.S01.C{c:02d}.U.LO" for c in range(1, 61)}
    assert dead <= run.suppressed  # out of service with their series: listed, not annunciated
    volts = run.trace["CELL.S01.C30.U"]
    assert 1.5 < volts[61] < 3.6  # I·R gone at once: below L, open-circuit voltage remains
    assert volts[61 + 60] < volts[61] - 0.5  # decaying over minutes, not 0 V at once
    assert 0.0 < volts[-1] < 0.2  # settled; never a reading below the range
    assert min(run.trace["CELL.S02.C30.U"]) > 4.2  # the other series runs on


@pytest.mark.slow
def test_a_purification_upset_raises_one_alarm_after_the_kpi_drift() -> None:
    run = run_upset("emm-purification", at=60.0, minutes=28.0, trace=("KPI.CE",))
    assert run.names() == ["EMM.KPI.SEC_DC.HI"]
    (when, _), *_ = run.activations
    assert 15 * 60 < when < 27 * 60  # documented: after ~20-30 min
    assert run.trace["KPI.CE"][60 + 15 * 60] < run.trace["KPI.CE"][59] - 1.5  # drift before


@pytest.mark.slow
def test_a_circulation_pump_trip_annunciates_the_lost_flow() -> None:
    run = run_upset("emm-pump-trip", at=60.0, minutes=3.0)
    assert set(run.names()) == _names(
        "EMM.CIRC.NO_FLOW.DISCRETE", "EMM.FEED.FLOW.PV.LO", "EMM.FEED.FLOW.PV.LOLO"
    )
    assert all(t < 30.0 for t, _ in run.activations)


def test_magnetite_loss_annunciates_four_alarms_and_loses_its_documented_size() -> None:
    run = run_upset("cwp-magnetite-loss", trace=("MAG.CONSUMPTION", "KPI.YIELD"))
    assert run.names() == [
        "CWP.MAGSEP.TAILS_MAG.HI",
        "CWP.DMC.DENS.PV.DEV_LO",
        "CWP.MAG.CONSUMPTION.HI",
        "CWP.SPLITTER.POS.HI",
    ]
    consumption = run.trace["MAG.CONSUMPTION"]
    assert consumption[300 + 10 * 60] > 3.0  # past 3 kg/t within ~10 min
    assert 3.0 < max(consumption) < 8.0  # the upset's size, not 17 kg/t
    assert run.trace["KPI.YIELD"][-1] < run.trace["KPI.YIELD"][299] - 5.0


def test_a_feed_change_puts_clean_ash_off_spec_with_one_alarm() -> None:
    run = run_upset("cwp-feed-change")
    assert run.names() == ["CWP.CLEAN.ASH.HI"]
    assert 6 * 60 < run.activations[0][0] < 15 * 60


def test_an_analyser_fault_annunciates_its_status_at_once() -> None:
    run = run_upset("cwp-analyser-fault", minutes=10.0)
    assert run.names() == ["CWP.ASH_ANALYSER.STATUS.HI"]
    assert run.activations[0][0] <= 2.0


@pytest.mark.slow
def test_a_cooling_water_pump_trip_loses_density_and_flow_with_it() -> None:
    run = run_upset("sco2-cw-pump-trip", trace=SCO2_TRACE)
    assert run.names() == [
        "SCO2.CW.P2.RUN.DISCRETE",
        "SCO2.PRECOOL.CW_FLOW.LO",
        "SCO2.PRECOOL.CW_FLOW.LOLO",
        "SCO2.GEN.P.LO",
        "SCO2.NET.P.LO",
        "SCO2.COMP.IN_RHO.LO",
        "SCO2.COMP.IN_T.PV.ROC",
        "SCO2.COMP.ASV.POS.HI",
        "SCO2.KPI.CYCLE_EFF.LO",
        "SCO2.COMP.OUT_T.HI",
        "SCO2.COMP.IN_T.PV.HI",
        "SCO2.RECUP.LP_OUT_T.HI",
    ]
    steady = run.trace["COMP.FLOW"][:300]
    assert statistics.fmean(steady) == pytest.approx(87.0, abs=1.0)
    assert statistics.pstdev(steady) > 0.1  # a flowmeter, not a constant
    # flow follows the compressor's inlet density (the anti-surge recycle is on top of it)
    low = _during(run, "COMP.FLOW", 120, 300, 300.0)
    assert 60.0 < statistics.fmean(low) < 80.0
    assert min(run.trace["COMP.IN_RHO"]) < 0.55 * statistics.fmean(run.trace["COMP.IN_RHO"][:300])


@pytest.mark.slow
def test_a_sinter_stop_runs_back_then_trips_on_low_turbine_inlet_temperature() -> None:
    run = run_upset("sco2-sinter-stop", trace=SCO2_TRACE)
    assert run.names() == [
        "SCO2.NET.P.LO",
        "SCO2.GEN.P.LO",
        "SCO2.TURB.BYPASS.POS.HI",
        "SCO2.WHX.GAS_IN_T.LO",
        "SCO2.KPI.CYCLE_EFF.LO",
        "SCO2.TURB.IN_T.LO",
        "SCO2.TURB.TRIP.DISCRETE",
        "SCO2.GEN.BREAKER.DISCRETE",
        "SCO2.TURB.IN_T.LOLO",
        "SCO2.BRG.VIB.HI",
    ]
    trip = dict((name, t) for t, name in reversed(run.activations))["SCO2.TURB.TRIP.DISCRETE"]
    assert 8 * 60 < trip < 15 * 60
    inlet = run.trace["TURB.IN_T"][int(300 + trip) - 12]
    assert 295.0 < inlet < 305.0  # tripped at its 300 °C protection level, 10 s on
    # the trip's own consequences are suppressed by design
    assert {"SCO2.RECUP.HP_OUT_T.LO", "SCO2.COMP.IN_T.PV.LOLO"} <= run.suppressed


@pytest.mark.slow
def test_a_breaker_trip_annunciates_five_alarms_and_its_vibration_on_time() -> None:
    run = run_upset("sco2-breaker-trip", trace=SCO2_TRACE)
    assert run.names() == [
        "SCO2.TURB.SPEED.HI",
        "SCO2.TURB.TRIP.DISCRETE",
        "SCO2.GEN.BREAKER.DISCRETE",
        "SCO2.BRG.VIB.HI",
        "SCO2.ENCL.CO2.HI",
    ]
    assert len(run.names(within=120.0)) <= 5
    when = {name: t for t, name in run.activations}
    assert when["SCO2.BRG.VIB.HI"] < 20.0  # coasting through the critical speed
    assert 60.0 < max(run.trace["BRG.VIB"]) < 87.0  # above H, below the 90 µm trip level
    consequences = {
        "SCO2.RECUP.EFF.LO",
        "SCO2.COMP.IN_T.PV.LOLO",
        "SCO2.PRECOOL.CW_FLOW.LO",
        "SCO2.PRECOOL.CW_FLOW.LOLO",
        "SCO2.GEN.P.LO",
        "SCO2.NET.P.LO",
        "SCO2.WHX.GAS_OUT_T.HI",
    }
    assert consequences <= run.suppressed


@pytest.mark.slow
def test_a_recorded_breaker_trip_journals_the_same_five_alarms(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HMI_DATA_DIR", str(tmp_path / "data"))
    out = tmp_path / "breaker.db"
    code = main.main(
        ["record", "--project", str(DEMO_PROJECT), "--minutes", "5", "--speed", "100000",
         "--scenario", "sco2-breaker-trip@60", "--out", str(out)]
    )  # fmt: skip
    assert code == 0, capsys.readouterr().out
    journal = AlarmJournal(out)
    try:
        names = [a.alarm for a in journal.activations(0.0, 1e12)]
    finally:
        journal.close()
    assert sorted(names) == sorted(
        [
            "SCO2.TURB.SPEED.HI",
            "SCO2.TURB.TRIP.DISCRETE",
            "SCO2.GEN.BREAKER.DISCRETE",
            "SCO2.BRG.VIB.HI",
            "SCO2.ENCL.CO2.HI",
        ]
    )
