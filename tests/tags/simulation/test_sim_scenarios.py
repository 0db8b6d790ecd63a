"""Each upset of PLANTS.md crosses the limits it names, the documented way, in time."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping

import pytest

from tags.model import Quality
from tags.simulation.simulator import PlantSimulator

Warm = Callable[..., PlantSimulator]
Limit = Callable[[str, str, str], float]
Values = Mapping[str, bool | int | float]
RunUntil = Callable[..., float | None]

NAMES = [
    "emm-rectifier-trip",
    "emm-purification",
    "emm-pump-trip",
    "cwp-magnetite-loss",
    "cwp-feed-change",
    "cwp-analyser-fault",
    "sco2-cw-pump-trip",
    "sco2-sinter-stop",
    "sco2-breaker-trip",
]


def _f(values: Values, point: str) -> float:
    return float(values[point])


def test_the_nine_upsets_are_offered_with_what_they_do() -> None:
    infos = PlantSimulator().scenarios()
    assert [i.name for i in infos] == NAMES
    for info in infos:
        assert info.area == info.name.split("-")[0].upper()
        assert info.title and info.description and info.expected
        assert info.duration_s > 0


def test_only_the_simulated_models_offer_scenarios() -> None:
    names = [i.name for i in PlantSimulator(models=("cwp",)).scenarios()]
    assert names == [n for n in NAMES if n.startswith("cwp-")]


def test_scenarios_start_and_stop_once_and_unknown_names_are_refused() -> None:
    sim = PlantSimulator(models=("sco2",))
    sim.start_scenario("sco2-sinter-stop")
    sim.start_scenario("sco2-sinter-stop")
    assert sim.active_scenarios() == ["sco2-sinter-stop"]
    sim.stop_scenario("sco2-sinter-stop")
    sim.stop_scenario("sco2-sinter-stop")
    assert sim.active_scenarios() == []
    with pytest.raises(KeyError, match="no scenario 'emm-pump-trip'"):
        sim.start_scenario("emm-pump-trip")


@pytest.mark.slow
def test_rectifier_trip_floods_every_cell_voltage_of_the_series_in_one_step(
    warm: Warm, alarm_limit: Limit, run_until: RunUntil
) -> None:
    sim = warm("emm")
    cell_lo = alarm_limit("emm", "CELL.S01.C01.U", "lo")
    sim.start_scenario("emm-rectifier-trip")
    sim.advance(0.1)
    v = sim.values("emm")
    assert v["RECT1.TRIP"] is True and v["RECT1.GND_FAULT"] is True
    assert _f(v, "RECT1.IDC") < alarm_limit("emm", "RECT1.IDC", "lolo")
    assert _f(v, "RECT1.UDC") < alarm_limit("emm", "RECT1.UDC", "lo")
    assert all(_f(v, f"CELL.S01.C{c:02d}.U") < cell_lo for c in range(1, 61))
    assert all(_f(v, f"CELL.S02.C{c:02d}.U") > cell_lo for c in range(1, 61))
    cold = run_until(
        sim, "emm", lambda v: _f(v, "CELL.S01.C30.T") < 34.0, within=45 * 60, every=10.0
    )
    assert cold is not None and 15 * 60 < cold < 45 * 60
    # recovery: the fault is cleared, the operator resets, the current ramps at 3 %/min
    with pytest.raises(ValueError, match="ground fault still present"):
        sim.write("emm", "RECT1.RESET", True)
    sim.stop_scenario("emm-rectifier-trip")
    sim.write("emm", "RECT1.RESET", True)
    sim.advance(60.0)
    assert _f(sim.values("emm"), "RECT1.IDC") == pytest.approx(0.3, abs=0.05)
    sim.advance(33 * 60.0)
    v = sim.values("emm")
    assert v["RECT1.TRIP"] is False
    assert _f(v, "RECT1.IDC") == pytest.approx(10.0, abs=0.05)
    assert all(_f(v, f"CELL.S01.C{c:02d}.U") > cell_lo for c in range(1, 61))


@pytest.mark.slow
def test_purification_upset_shows_on_the_kpi_trend_before_any_alarm(
    warm: Warm, alarm_limit: Limit
) -> None:
    sim = warm("emm")
    ce0 = _f(sim.values("emm"), "KPI.CE")
    sim.start_scenario("emm-purification")
    crossed: dict[str, float] = {}
    checks: dict[str, Callable[[float], bool]] = {
        "KPI.SEC_DC": lambda x: x > alarm_limit("emm", "KPI.SEC_DC", "hi"),
        "FEED.SEO2": lambda x: x < alarm_limit("emm", "FEED.SEO2", "lo"),
        "KPI.CE": lambda x: x < alarm_limit("emm", "KPI.CE", "lo"),
    }
    drift_before_alarm = None
    for minute in range(1, 121):
        sim.advance(60.0)
        v = sim.values("emm")
        if drift_before_alarm is None and ce0 - _f(v, "KPI.CE") > 1.5:
            drift_before_alarm = not crossed
        for point, check in checks.items():
            if point not in crossed and check(_f(v, point)):
                crossed[point] = minute
    assert drift_before_alarm is True  # CE visibly down before the first hard alarm
    assert crossed.keys() == checks.keys()
    assert min(crossed.values()) >= 10
    assert crossed["KPI.CE"] <= 90
    assert _f(v, "KPI.CE") == pytest.approx(45.0, abs=4.0)  # 68 -> 45 % over two hours
    assert _f(v, "HALL.H2") > 2.0 * 1.2


@pytest.mark.slow
def test_circulation_pump_trip_plates_out_manganese_until_the_standby_pump_runs(
    warm: Warm, alarm_limit: Limit, run_until: RunUntil
) -> None:
    sim = warm("emm")
    v0 = dict(sim.values("emm"))
    sim.start_scenario("emm-pump-trip")
    sim.advance(30.0)
    v = sim.values("emm")
    assert v["CIRC.P1.RUN"] is False and v["CIRC.P2.RUN"] is False
    assert v["CIRC.NO_FLOW"] is True
    assert _f(v, "FEED.FLOW.PV") < alarm_limit("emm", "FEED.FLOW.PV", "lolo")
    low = run_until(
        sim,
        "emm",
        lambda v: _f(v, "CATH.MN") < alarm_limit("emm", "CATH.MN", "lo"),
        within=3 * 3600,
        every=60.0,
    )
    assert low is not None and 1.5 * 3600 <= low <= 2.5 * 3600
    lowlow = run_until(
        sim,
        "emm",
        lambda v: _f(v, "CATH.MN") < alarm_limit("emm", "CATH.MN", "lolo"),
        within=3600,
        every=60.0,
    )
    assert lowlow is not None and low + lowlow <= 3 * 3600
    # no circulation: the cells heat up on their coils alone, and the hydroxide nobody flushes
    # out raises catholyte pH (the ammonia dosing no longer reaches the cells)
    v = sim.values("emm")
    assert _f(v, "CELL.S01.C30.T") > _f(v0, "CELL.S01.C30.T") + 2.0
    assert _f(v, "CATH.PH") > _f(v0, "CATH.PH") + 0.15
    assert _f(v, "KPI.CE") < _f(v0, "KPI.CE") - 10.0
    sim.write("emm", "CIRC.P2.CMD", True)  # the operator starts the standby pump
    sim.advance(1800.0)
    v = sim.values("emm")
    assert v["CIRC.NO_FLOW"] is False
    assert _f(v, "FEED.FLOW.PV") == pytest.approx(51.0, abs=1.0)
    assert _f(v, "CATH.MN") > alarm_limit("emm", "CATH.MN", "lolo")


def test_magnetite_loss_makes_the_density_setpoint_unreachable(
    warm: Warm, alarm_limit: Limit
) -> None:
    sim = warm("cwp")
    v0 = sim.values("cwp")
    sim.start_scenario("cwp-magnetite-loss")
    sim.advance(60.0)
    assert _f(sim.values("cwp"), "MAGSEP.TAILS_MAG") > alarm_limit("cwp", "MAGSEP.TAILS_MAG", "hi")
    sim.advance(14 * 60.0)
    v = sim.values("cwp")
    assert _f(v, "DMC.DENS.SP") - _f(v, "DMC.DENS.PV") > 0.02  # deviation alarm
    assert _f(v, "WATER_ADD.POS") == 0.0  # water addition closed
    assert _f(v, "MAG.CONSUMPTION") > 3.0
    assert _f(v, "KPI.YIELD") < _f(v0, "KPI.YIELD") - 4.0
    sim.advance(15 * 60.0)
    v = sim.values("cwp")
    assert _f(v, "SPLITTER.POS") >= alarm_limit("cwp", "SPLITTER.POS", "hi")  # unreachable
    assert _f(v, "DMC.DENS.SP") - _f(v, "DMC.DENS.PV") > 0.03
    assert 3.0 < _f(v, "MAG.CONSUMPTION") < 8.0  # the documented size: > 3 kg/t
    assert _f(v, "KPI.YIELD") < _f(v0, "KPI.YIELD") - 5.0
    assert _f(v, "CLEAN.ASH") < _f(v0, "CLEAN.ASH") - 0.5
    sim.stop_scenario("cwp-magnetite-loss")  # repaired: the controllers win the medium back
    sim.advance(3600.0)
    assert _f(sim.values("cwp"), "DMC.DENS.PV") == pytest.approx(1.42, abs=0.01)


def test_a_higher_ash_feed_puts_clean_coal_off_spec_until_the_density_is_lowered(
    warm: Warm, alarm_limit: Limit, run_until: RunUntil
) -> None:
    sim = warm("cwp")
    spec = alarm_limit("cwp", "CLEAN.ASH", "hi")
    sim.start_scenario("cwp-feed-change")
    off_spec = run_until(sim, "cwp", lambda v: _f(v, "CLEAN.ASH") > spec, within=1200.0)
    assert off_spec is not None and 6 * 60 < off_spec < 15 * 60
    sim.advance(300.0)
    assert _f(sim.values("cwp"), "FEED.ASH") == pytest.approx(34.0, abs=1.5)
    sim.write("cwp", "DMC.DENS.SP", 1.39)  # the operator lowers the setpoint by 0.03
    sim.advance(600.0)
    samples = []
    for _ in range(60):
        sim.advance(5.0)
        samples.append(_f(sim.values("cwp"), "CLEAN.ASH"))
    assert statistics.fmean(samples) < spec


def test_an_analyser_fault_freezes_clean_ash_as_uncertain_until_repaired(warm: Warm) -> None:
    sim = warm("cwp")
    sim.start_scenario("cwp-analyser-fault")
    sim.advance(1.0)
    frozen = sim.values("cwp")["CLEAN.ASH"]
    sim.write("cwp", "DMC.DENS.SP", 1.45)  # the process moves; the reading does not
    sim.advance(900.0)
    v = sim.values("cwp")
    assert v["ASH_ANALYSER.STATUS"] == 1
    assert v["CLEAN.ASH"] == frozen
    assert sim.faults("cwp")["CLEAN.ASH"][0] is Quality.UNCERTAIN_SENSOR_NOT_ACCURATE
    sim.stop_scenario("cwp-analyser-fault")
    sim.advance(2.0)
    assert sim.faults("cwp") == {}
    assert sim.values("cwp")["ASH_ANALYSER.STATUS"] == 0
    assert _f(sim.values("cwp"), "CLEAN.ASH") > float(frozen) + 0.3


def test_a_cooling_water_pump_trip_heats_the_compressor_inlet_off_the_density_cliff(
    warm: Warm, alarm_limit: Limit, run_until: RunUntil
) -> None:
    sim = warm("sco2")
    v0 = sim.values("sco2")
    sim.start_scenario("sco2-cw-pump-trip")
    low_flow = run_until(
        sim,
        "sco2",
        lambda v: _f(v, "PRECOOL.CW_FLOW") < alarm_limit("sco2", "PRECOOL.CW_FLOW", "lolo"),
        within=30.0,
    )
    assert low_flow is not None
    hot = run_until(
        sim,
        "sco2",
        lambda v: _f(v, "COMP.IN_T.PV") > alarm_limit("sco2", "COMP.IN_T.PV", "hi"),
        within=180.0,
    )
    very_hot = run_until(
        sim,
        "sco2",
        lambda v: _f(v, "COMP.IN_T.PV") > alarm_limit("sco2", "COMP.IN_T.PV", "hihi"),
        within=180.0,
    )
    assert hot is not None and very_hot is not None
    assert 60.0 <= low_flow + hot + very_hot <= 180.0  # 33 -> 38 °C in about two minutes
    sim.advance(120.0)
    v = sim.values("sco2")
    assert _f(v, "COMP.IN_RHO") < 0.6 * _f(v0, "COMP.IN_RHO")  # density halves
    assert _f(v, "COMP.IN_RHO") < alarm_limit("sco2", "COMP.IN_RHO", "lo")
    assert _f(v, "COMP.ASV.POS") > 20.0
    assert _f(v, "COMP.SURGE_MARGIN") > alarm_limit("sco2", "COMP.SURGE_MARGIN", "lolo")
    drop = 1.0 - _f(v, "GEN.P") / _f(v0, "GEN.P")
    assert 0.2 <= drop <= 0.5  # the loop flow falls with the density too
    assert _f(v, "NET.P") < alarm_limit("sco2", "NET.P", "lo")
    # recovery, then overcorrection with the valve in MAN: the two-phase alarm
    sim.stop_scenario("sco2-cw-pump-trip")
    sim.write("sco2", "CW.P2.CMD", True)
    sim.advance(600.0)
    assert _f(sim.values("sco2"), "COMP.IN_T.PV") == pytest.approx(33.0, abs=0.3)
    sim.write("sco2", "COMP.IN_T.MODE", 0)
    sim.write("sco2", "COMP.IN_T.OP", 100.0)
    two_phase = run_until(
        sim,
        "sco2",
        lambda v: _f(v, "COMP.IN_T.PV") < alarm_limit("sco2", "COMP.IN_T.PV", "lolo"),
        within=600.0,
    )
    assert two_phase is not None


@pytest.mark.slow
def test_a_sinter_stop_runs_the_unit_back_to_bypass(
    warm: Warm, alarm_limit: Limit, run_until: RunUntil
) -> None:
    sim = warm("sco2")
    sim.start_scenario("sco2-sinter-stop")
    crossings = {}
    for point, kind, above in (
        ("WHX.GAS_IN_T", "lo", False),
        ("GEN.P", "lo", False),
        ("NET.P", "lo", False),
        ("TURB.BYPASS.POS", "hi", True),
        ("KPI.CYCLE_EFF", "lo", False),
    ):
        level = alarm_limit("sco2", point, kind)

        def crossed(
            v: Values, point: str = point, level: float = level, above: bool = above
        ) -> bool:
            return _f(v, point) > level if above else _f(v, point) < level

        waited = run_until(sim, "sco2", crossed, within=1200.0, every=5.0)
        assert waited is not None, point
        crossings[point] = sim.time
    assert 3 * 60 < crossings["WHX.GAS_IN_T"] < 7 * 60
    assert crossings["TURB.BYPASS.POS"] < 12 * 60
    assert crossings["KPI.CYCLE_EFF"] < 20 * 60
    # the runback cannot hold it: the low-inlet-temperature protection trips the turbine
    tripped = run_until(sim, "sco2", lambda v: v["TURB.TRIP"] is True, within=900.0, every=5.0)
    assert tripped is not None
    assert 8 * 60 < sim.time < 15 * 60
    assert _f(sim.values("sco2"), "TURB.IN_T") < alarm_limit("sco2", "TURB.IN_T", "lolo")
    sim.advance(20 * 60 - sim.time)
    assert _f(sim.values("sco2"), "TURB.IN_T") < 300.0  # the turbine inlet followed the gas
    sim.stop_scenario("sco2-sinter-stop")
    sim.advance(1200.0)  # flue gas back; the shaft has stopped
    sim.write("sco2", "TURB.RESET", True)
    sim.advance(3600.0)
    v = sim.values("sco2")
    assert v["TURB.TRIP"] is False and v["GEN.BREAKER"] is True
    assert _f(v, "TURB.BYPASS.POS") == 0.0
    assert _f(v, "GEN.P") > alarm_limit("sco2", "GEN.P", "lo") + 0.5


def test_a_breaker_trip_overspeeds_and_trips_the_turbine_and_vents_co2(
    warm: Warm, alarm_limit: Limit, run_until: RunUntil
) -> None:
    sim = warm("sco2")
    sim.start_scenario("sco2-breaker-trip")
    peak = 0.0
    for _ in range(10):
        sim.advance(0.1)
        v = sim.values("sco2")
        peak = max(peak, _f(v, "TURB.SPEED"))
    assert v["GEN.BREAKER"] is False and v["TURB.TRIP"] is True
    assert (
        alarm_limit("sco2", "TURB.SPEED", "hi") < peak < alarm_limit("sco2", "TURB.SPEED", "hihi")
    )
    # coasting down through the rotor's critical speed: above the alarm, below the trip level
    vibration: list[float] = []
    for _ in range(300):
        sim.advance(0.1)
        vibration.append(_f(sim.values("sco2"), "BRG.VIB"))
    assert alarm_limit("sco2", "BRG.VIB", "hi") < max(vibration)
    assert max(vibration) < alarm_limit("sco2", "BRG.VIB", "hihi") - 3.0
    assert sum(x > alarm_limit("sco2", "BRG.VIB", "hi") for x in vibration) * 0.1 > 5.0
    assert _f(v, "GEN.P") == 0.0
    vented = run_until(
        sim,
        "sco2",
        lambda v: _f(v, "ENCL.CO2") > alarm_limit("sco2", "ENCL.CO2", "hi"),
        within=120.0,
    )
    assert vented is not None
    hot_gas = run_until(
        sim,
        "sco2",
        lambda v: _f(v, "WHX.GAS_OUT_T") > alarm_limit("sco2", "WHX.GAS_OUT_T", "hi"),
        within=300.0,
    )
    assert hot_gas is not None
    # recovery: fault cleared, shaft stopped, reset: run-up and resynchronisation
    sim.stop_scenario("sco2-breaker-trip")
    sim.advance(120.0)
    assert _f(sim.values("sco2"), "TURB.SPEED") == 0.0
    # the loop stands at its settle-out pressure, and its transmitters still show their noise
    pressures: dict[str, list[float]] = {"TURB.IN_P": [], "COMP.IN_P": [], "COMP.OUT_P": []}
    for _ in range(60):
        sim.advance(1.0)
        v = sim.values("sco2")
        for point, seen in pressures.items():
            seen.append(_f(v, point))
    for point, seen in pressures.items():
        spread = statistics.pstdev(seen)
        span = 15.0 if point == "COMP.IN_P" else 30.0
        assert 0.0004 * span < spread < 0.002 * span, (point, spread)  # 0.05-0.1 % of span
    sim.write("sco2", "TURB.RESET", True)
    synced = run_until(sim, "sco2", lambda v: v["GEN.BREAKER"] is True, within=300.0)
    assert synced is not None and synced < 150.0
    sim.advance(900.0)
    assert _f(sim.values("sco2"), "GEN.P") > alarm_limit("sco2", "GEN.P", "lo")
