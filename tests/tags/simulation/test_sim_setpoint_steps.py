"""Operator moves push each plant the documented way within its time constants."""

from __future__ import annotations

import statistics
from collections.abc import Callable

import pytest

from tags.simulation.simulator import PlantSimulator

Warm = Callable[..., PlantSimulator]


def _mean(sim: PlantSimulator, model: str, point: str, seconds: float = 60.0) -> float:
    samples = []
    for _ in range(int(seconds)):
        sim.advance(1.0)
        samples.append(float(sim.values(model)[point]))
    return statistics.fmean(samples)


def _cells(sim: PlantSimulator, series: int, leaf: str) -> float:
    values = sim.values("emm")
    return statistics.fmean(
        float(values[f"CELL.S{series:02d}.C{c:02d}.{leaf}"]) for c in range(1, 61)
    )


def test_raising_the_density_setpoint_raises_clean_coal_ash_and_yield(warm: Warm) -> None:
    sim = warm("cwp")
    ash0 = _mean(sim, "cwp", "CLEAN.ASH")
    yield0 = float(sim.values("cwp")["KPI.YIELD"])
    sim.write("cwp", "DMC.DENS.SP", 1.44)
    sim.advance(240.0)  # the density loop settles within a few minutes
    assert float(sim.values("cwp")["DMC.DENS.PV"]) == pytest.approx(1.44, abs=0.005)
    sim.advance(300.0)  # transport dead time, analyser averaging
    ash1 = _mean(sim, "cwp", "CLEAN.ASH")
    assert ash1 - ash0 > 0.3  # ±0.02 g/cm³ moves the clean ash by about half a point
    assert float(sim.values("cwp")["KPI.YIELD"]) > yield0 + 1.5


def test_lowering_the_density_setpoint_lowers_clean_coal_ash(warm: Warm) -> None:
    sim = warm("cwp")
    ash0 = _mean(sim, "cwp", "CLEAN.ASH")
    sim.write("cwp", "DMC.DENS.SP", 1.39)
    sim.advance(600.0)
    assert _mean(sim, "cwp", "CLEAN.ASH") < ash0 - 0.5


def test_the_clean_ash_reading_lags_the_density_by_the_analyser_delay(warm: Warm) -> None:
    sim = warm("cwp")
    ash0 = float(sim.values("cwp")["CLEAN.ASH"])
    sim.write("cwp", "DMC.DENS.SP", 1.45)
    sim.advance(120.0)  # density already moved; coal has not reached the analyser yet
    assert float(sim.values("cwp")["DMC.DENS.PV"]) > 1.435
    assert float(sim.values("cwp")["CLEAN.ASH"]) == pytest.approx(ash0, abs=0.15)


def test_opening_the_precooler_valve_cools_the_compressor_inlet(warm: Warm) -> None:
    sim = warm("sco2")
    t0 = float(sim.values("sco2")["COMP.IN_T.PV"])
    rho0 = float(sim.values("sco2")["COMP.IN_RHO"])
    op0 = float(sim.values("sco2")["COMP.IN_T.OP"])
    sim.write("sco2", "COMP.IN_T.MODE", 0)
    sim.write("sco2", "COMP.IN_T.OP", op0 + 5.0)
    sim.advance(8.0)  # the dead time: nothing yet
    assert float(sim.values("sco2")["COMP.IN_T.PV"]) == pytest.approx(t0, abs=0.15)
    sim.advance(60.0)
    on_the_way = t0 - _mean(sim, "sco2", "COMP.IN_T.PV", 30.0)  # lags of 30-90 s
    sim.advance(400.0)
    settled = t0 - _mean(sim, "sco2", "COMP.IN_T.PV", 30.0)
    assert 0.2 * settled < on_the_way < settled
    assert settled / 5.0 == pytest.approx(0.25, abs=0.1)  # gain about -0.3 K per % (est.)
    assert float(sim.values("sco2")["COMP.IN_RHO"]) > rho0 + 20.0


def test_the_compressor_inlet_follows_its_setpoint_in_auto(warm: Warm) -> None:
    sim = warm("sco2")
    sim.write("sco2", "COMP.IN_T.SP", 33.5)
    sim.advance(400.0)
    assert _mean(sim, "sco2", "COMP.IN_T.PV", 30.0) == pytest.approx(33.5, abs=0.1)
    assert float(sim.values("sco2")["COMP.IN_RHO"]) < 540.0  # down the density cliff


def test_a_current_setpoint_step_ramps_at_3_percent_a_minute_and_raises_cell_voltage(
    warm: Warm,
) -> None:
    sim = warm("emm")
    u0 = _cells(sim, 1, "U")
    u_other = _cells(sim, 2, "U")
    sim.write("emm", "RECT1.IDC_SP", 10.5)
    sim.advance(60.0)
    assert float(sim.values("emm")["RECT1.IDC"]) == pytest.approx(10.3, abs=0.05)
    sim.advance(60.0)
    assert float(sim.values("emm")["RECT1.IDC"]) == pytest.approx(10.5, abs=0.05)
    assert _cells(sim, 1, "U") - u0 == pytest.approx(0.5 * 0.17, abs=0.02)  # ΔI·R
    assert _cells(sim, 2, "U") == pytest.approx(u_other, abs=0.01)
    t0 = _cells(sim, 1, "T")
    sim.advance(1800.0)  # more heat: the cells warm with a time constant of 30-60 min
    assert _cells(sim, 1, "T") > t0 + 0.3


def test_the_feed_flow_loop_follows_its_setpoint(warm: Warm) -> None:
    sim = warm("emm")
    sim.write("emm", "FEED.FLOW.SP", 56.0)
    sim.advance(60.0)
    assert _mean(sim, "emm", "FEED.FLOW.PV", 20.0) == pytest.approx(56.0, abs=0.3)


@pytest.mark.slow
def test_more_feed_flow_raises_catholyte_manganese_over_hours(warm: Warm) -> None:
    sim = warm("emm")
    mn0 = float(sim.values("emm")["CATH.MN"])
    sim.write("emm", "FEED.FLOW.SP", 58.0)
    sim.advance(2 * 3600.0)  # V/Q is about four hours
    assert float(sim.values("emm")["CATH.MN"]) > mn0 + 0.5


def test_more_collector_raises_flotation_concentrate_ash(warm: Warm) -> None:
    sim = warm("cwp")
    conc0 = _mean(sim, "cwp", "FLOT.CONC_ASH", 30.0)
    sim.write("cwp", "FLOT.COLLECTOR.SP", 2.0)
    sim.advance(1800.0)
    assert _mean(sim, "cwp", "FLOT.CONC_ASH", 30.0) > conc0 + 1.0


def test_a_higher_level_setpoint_adds_magnetite(warm: Warm) -> None:
    sim = warm("cwp")
    inventory0 = float(sim.values("cwp")["MAG.INVENTORY"])
    sim.write("cwp", "CMSUMP.LEVEL.SP", 65.0)
    sim.advance(1800.0)
    assert float(sim.values("cwp")["CMSUMP.LEVEL.PV"]) > 61.0
    assert float(sim.values("cwp")["MAG.INVENTORY"]) > inventory0 + 0.2
