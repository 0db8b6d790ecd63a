"""The nine upsets of PLANTS.md as scenarios a trainer starts and stops.

A scenario only switches a cause in its model (a ground fault, a tripped pump, a failed
separator); everything that follows comes from the model's own dynamics. Stopping it removes
the cause; tripped equipment stays tripped until the operator restarts or resets it, as in
the plant, and the process then recovers by its dynamics.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tags.simulation.cwp import CwpModel
from tags.simulation.emm import EmmModel
from tags.simulation.plant import PlantModel
from tags.simulation.sco2 import Sco2Model
from tags.simulation.washability import BASE_ASH


@dataclass(frozen=True, slots=True)
class ScenarioInfo:
    """What a trainer reads before starting a scenario."""

    name: str
    area: str
    title: str
    description: str
    duration_s: float  # how long the upset takes to unfold (it runs until stopped)
    expected: str  # the alarms and limits it crosses, and when


@dataclass(frozen=True, slots=True)
class Scenario:
    info: ScenarioInfo
    model: str
    start: Callable[[PlantModel], None]
    stop: Callable[[PlantModel], None]


def _emm(model: PlantModel) -> EmmModel:
    assert isinstance(model, EmmModel)
    return model


def _cwp(model: PlantModel) -> CwpModel:
    assert isinstance(model, CwpModel)
    return model


def _sco2(model: PlantModel) -> Sco2Model:
    assert isinstance(model, Sco2Model)
    return model


def _ground_fault(active: bool) -> Callable[[PlantModel], None]:
    def switch(model: PlantModel) -> None:
        _emm(model).ground_fault[0] = active

    return switch


def _purification(active: bool) -> Callable[[PlantModel], None]:
    def switch(model: PlantModel) -> None:
        _emm(model).purification_upset = active

    return switch


def _circulation_pump(active: bool) -> Callable[[PlantModel], None]:
    def switch(model: PlantModel) -> None:
        _emm(model).pump_tripped[0] = active

    return switch


def _magsep(active: bool) -> Callable[[PlantModel], None]:
    def switch(model: PlantModel) -> None:
        _cwp(model).magsep_fault = active

    return switch


def _feed_change(active: bool) -> Callable[[PlantModel], None]:
    def switch(model: PlantModel) -> None:
        _cwp(model).feed_ash_target = 34.0 if active else BASE_ASH

    return switch


def _analyser(active: bool) -> Callable[[PlantModel], None]:
    def switch(model: PlantModel) -> None:
        _cwp(model).set_analyser_fault(1 if active else 0)

    return switch


def _cw_pump(active: bool) -> Callable[[PlantModel], None]:
    def switch(model: PlantModel) -> None:
        _sco2(model).cw_pump_tripped[1] = active

    return switch


def _sinter(active: bool) -> Callable[[PlantModel], None]:
    def switch(model: PlantModel) -> None:
        _sco2(model).sinter_stopped = active

    return switch


def _breaker(active: bool) -> Callable[[PlantModel], None]:
    def switch(model: PlantModel) -> None:
        _sco2(model).breaker_fault = active

    return switch


def _scenario(
    model: str,
    name: str,
    title: str,
    duration: float,
    description: str,
    expected: str,
    switch: Callable[[bool], Callable[[PlantModel], None]],
) -> Scenario:
    info = ScenarioInfo(name, model.upper(), title, description, duration, expected)
    return Scenario(info, model, switch(True), switch(False))


SCENARIOS: tuple[Scenario, ...] = (
    _scenario(
        "emm",
        "emm-rectifier-trip",
        "Rectifier 1 trips on a DC ground fault",
        1800.0,
        "A DC ground fault trips rectifier 1: its current falls to zero within one step and the "
        "whole series of 60 cells goes dead at once. To recover: stop the scenario (fault "
        "cleared), then reset with RECT1.RESET = 1; the current ramps back at 3 %/min.",
        "RECT1.GND_FAULT = 1 and RECT1.TRIP = 1 (high) at once; RECT1.IDC below LL 8.0 kA and "
        "RECT1.UDC below L 220 V at once; all 60 CELL.S01.Cnn.U below L 3.6 V in the same step, "
        "their open-circuit voltage then decaying to ~0.05 V over ~5 min (their alarms "
        "suppressed by design: 3 annunciated, not 60); KPI.MN_RATE below L; series-1 cell "
        "temperatures cool and cross L 34 °C after ~30 min.",
        _ground_fault,
    ),
    _scenario(
        "emm",
        "emm-purification",
        "Purification upset: Co/Ni up, SeO2 dosing fails",
        7200.0,
        "Cobalt and nickel break through purification and the SeO2 dosing pump fails. Current "
        "efficiency slides from ~67 % toward 45 % over two hours; the KPI trends show the "
        "drift before the first hard alarm. Stopping the scenario restores purification.",
        "KPI.CE drifts down visibly within 15 min (no alarm yet); KPI.SEC_DC above H 6800 after "
        "~20-30 min; FEED.SEO2 below L 25 mg/L after ~30 min; KPI.CE below L 58 % after "
        "~40-50 min and near 45 % at 2 h; HALL.H2 rises (stays below H 10).",
        _purification,
    ),
    _scenario(
        "emm",
        "emm-pump-trip",
        "Duty circulation pump trips",
        10800.0,
        "Circulation pump 1 trips on motor protection: no catholyte feed reaches the cells, "
        "and catholyte manganese is plated out. The operator should start standby pump 2 "
        "(CIRC.P2.CMD = 1). Stopping the scenario lets pump 1 be restarted.",
        "CIRC.P1.RUN = 0 and CIRC.NO_FLOW = 1 (high) at once; FEED.FLOW.PV below LL 35 m³/h "
        "within seconds; CATH.MN falls from ~16.5 g/L below L 10 after ~2 h and toward LL 8 "
        "after ~2.5 h; cell temperatures rise ~3 K and CATH.PH ~0.3 over 3 h (no circulation "
        "to cool or flush the cells); KPI.CE falls with them.",
        _circulation_pump,
    ),
    _scenario(
        "cwp",
        "cwp-magnetite-loss",
        "Magnetite loss at the magnetic separators",
        1800.0,
        "The magnetic separators lose recovery and a torn drain-screen panel sends medium to "
        "the product: magnetite leaves the circuit faster than make-up replaces it. Stopping "
        "the scenario repairs both; density and level then recover through the controllers.",
        "MAGSEP.TAILS_MAG above H 1.0 g/L at once; MAG.CONSUMPTION above H 2.0 and past "
        "3 kg/t within ~10 min (4-6 kg/t at 30 min); DMC.DENS.PV falls: WATER_ADD.POS closes, "
        "density deviation below -0.02 within ~5 min, SPLITTER.POS above H 80 % (setpoint "
        "unreachable) after ~12-20 min; KPI.YIELD ~5 points lower and CLEAN.ASH lower within "
        "~30 min.",
        _magsep,
    ),
    _scenario(
        "cwp",
        "cwp-feed-change",
        "Raw coal changes to 34 % ash",
        1800.0,
        "The raw coal changes from ~29.5 % to 34 % ash over ~10 min. Clean coal ash goes off "
        "spec; the operator should lower the density setpoint by about 0.03 g/cm³. Stopping "
        "the scenario brings the old coal back.",
        "FEED.ASH rises to ~34 % (H 35 not crossed); CLEAN.ASH above H 10.5 % (spec) about "
        "10-15 min after the start (transport delay and analyser averaging); after "
        "DMC.DENS.SP is lowered by 0.03 it returns below 10.5 %.",
        _feed_change,
    ),
    _scenario(
        "cwp",
        "cwp-analyser-fault",
        "Ash analyser source fault",
        600.0,
        "The clean-coal ash analyser reports a source fault: its reading freezes and is no "
        "longer trustworthy. The display must show it as uncertain and stale. Stopping the "
        "scenario repairs the analyser.",
        "ASH_ANALYSER.STATUS = 1 (SRC fault) at once; CLEAN.ASH frozen with quality "
        "UncertainSensorNotAccurate (listed by faults()) until the scenario stops.",
        _analyser,
    ),
    _scenario(
        "sco2",
        "sco2-cw-pump-trip",
        "Cooling-water pump 2 trips",
        600.0,
        "One of the two precooler cooling-water pumps trips. The compressor inlet heats past "
        "the pseudo-critical point, inlet density halves, the anti-surge valve opens and power "
        "falls. After stopping the scenario restart the pump (CW.P2.CMD = 1); overcorrecting "
        "with the precooler valve in MAN drives the inlet below 31.5 °C (two-phase).",
        "PRECOOL.CW_FLOW below LL 900 m³/h at once; COMP.IN_T.PV above H 36 °C after ~1 min "
        "and HH 38 °C after 1-2 min; COMP.IN_RHO below L 400 (about half); COMP.FLOW falls "
        "from ~87 to ~70 kg/s with the density; COMP.ASV.POS opens to ~30 % (H 30); GEN.P "
        "below L 4.0 MW and NET.P below L 3.8 MW (about -40 %).",
        _cw_pump,
    ),
    _scenario(
        "sco2",
        "sco2-sinter-stop",
        "Sinter machine stops",
        1800.0,
        "The sinter strand stops: flue gas to the waste-heat exchanger cools from 400 to "
        "250 °C over 10 min. The turbine inlet follows with a ~5 min lag and the unit runs "
        "back to bypass; when the inlet stays below 300 °C the protection trips the turbine. "
        "Stopping the scenario restarts the sinter machine; reset with TURB.RESET = 1 once "
        "the shaft has stopped.",
        "WHX.GAS_IN_T below L 330 °C after ~5 min; GEN.P below L 4.0 MW and NET.P below "
        "L 3.8 MW after ~5-6 min; TURB.BYPASS.POS above H 5 % on load after ~6 min; "
        "KPI.CYCLE_EFF below L 22 % after ~6-8 min; TURB.IN_T below L 340 °C after ~7 min; "
        "below LL 300 °C for 10 s after ~10 min: TURB.TRIP = 1, GEN.BREAKER = 0, BRG.VIB "
        "above H 60 µm passing the critical speed; the trip's consequences suppressed.",
        _sinter,
    ),
    _scenario(
        "sco2",
        "sco2-breaker-trip",
        "Generator breaker trip (load rejection)",
        900.0,
        "The generator breaker opens under full load. The shaft overspeeds, the turbine trips, "
        "CO2 vents into the enclosure and the shaft coasts down. To recover: stop the scenario, "
        "then TURB.RESET = 1 once the shaft has stopped; the unit runs up and resynchronises "
        "in about 2 min.",
        "GEN.BREAKER = 0 and TURB.TRIP = 1 at once; TURB.SPEED above H 105 % within 0.5 s "
        "(peak ~106-107 %); BRG.VIB above H 60 µm (peak ~82, below HH 90) for ~8 s from ~8 s "
        "as the coasting rotor passes its critical speed; ENCL.CO2 above H 5000 ppm within "
        "~1 min; GEN.P to 0; WHX.GAS_OUT_T above H 280 °C after ~2 min. Five alarms "
        "annunciated; the trip's consequences (power, bypass, precooler, compressor inlet, "
        "recuperator, flue gas) are suppressed by design.",
        _breaker,
    ),
)
