"""The nine upsets of PLANTS.md as scenarios a trainer starts and stops.

A scenario only switches a cause in its model (a ground fault, a tripped pump, a failed
separator); everything that follows comes from the model's own dynamics. Stopping it removes
the cause; tripped equipment stays tripped until the operator restarts or resets it, as in
the plant, and the process then recovers by its dynamics.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tags.i18n.descriptions import in_language
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
    title_zh: str = ""
    description_zh: str = ""
    expected_zh: str = ""

    @property
    def shown_title(self) -> str:
        """The title in the current language."""
        return in_language(self.title, self.title_zh)

    @property
    def shown_description(self) -> str:
        """The description in the current language."""
        return in_language(self.description, self.description_zh)

    @property
    def shown_expected(self) -> str:
        """What it is expected to do, in the current language."""
        return in_language(self.expected, self.expected_zh)


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
    chinese: tuple[str, str, str],
) -> Scenario:
    """A scenario; ``chinese``: its title, description and what it is expected to do in
    Chinese."""
    info = ScenarioInfo(name, model.upper(), title, description, duration, expected, *chinese)
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
        (
            "1 号整流器直流接地故障跳闸",
            "直流接地故障使 1 号整流器跳闸：电流在一个步长内降到零，整个系列 60 个电解槽同时失电。"
            "恢复：停止该情景（故障消除），再置 RECT1.RESET = 1 复位；电流以 3 %/min 的速率回升。",
            "RECT1.GND_FAULT = 1 与 RECT1.TRIP = 1（高）同时出现；"
            "RECT1.IDC 立即低于 LL 8.0 kA，RECT1.UDC 立即低于 L 22"
            "0 V；全部 60 个 CELL.S01.Cnn.U 在同一步长内低于 L 3.6 V，"
            "其开路电压随后约 5 min 内衰减至约 0.05 V（这些报警按设计抑制：只报 3 个"
            "，而非 60 个）；KPI.MN_RATE 低于 L；1 系列电解槽温度下降，约 30 "
            "min 后低于 L 34 °C。",
        ),
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
        (
            "净化异常：钴/镍升高，SeO2 投加失效",
            "钴、镍穿透净化工序，SeO2 投加泵故障。电流效率在两小时内从约 67 % 降向 45 %；"
            "KPI 趋势在首个硬报警之前即显示漂移。停止该情景即恢复净化。",
            "KPI.CE 在 15 min 内明显下降（尚无报警）；约 20–30 min 后 KP"
            "I.SEC_DC 高于 H 6800；约 30 min 后 FEED.SEO2 低于 L"
            " 25 mg/L；约 40–50 min 后 KPI.CE 低于 L 58 %，2 h "
            "时接近 45 %；HALL.H2 上升（仍低于 H 10）。",
        ),
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
        (
            "主用循环泵跳闸",
            "1 号循环泵因电机保护跳闸：阴极液不再送入电解槽，阴极液中的锰被持续电积消耗。"
            "操作员应启动 2 号备用泵（CIRC.P2.CMD = 1）。"
            "停止该情景后 1 号泵可重新启动。",
            "CIRC.P1.RUN = 0 与 CIRC.NO_FLOW = 1（高）同时出现；数秒"
            "内 FEED.FLOW.PV 低于 LL 35 m³/h；CATH.MN 从约 16.5"
            " g/L 下降，约 2 h 后低于 L 10，约 2.5 h 后趋近 LL 8；3 h "
            "内槽温升高约 3 K，CATH.PH 升高约 0.3（无循环冷却和冲洗）；KPI.CE "
            "随之下降。",
        ),
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
        (
            "磁选机处磁铁矿流失",
            "磁选机回收率下降，脱介筛板破损使介质进入产品：磁铁矿流失快于补加。"
            "停止该情景即修复两者；重介质密度和液位随后经控制器恢复。",
            "MAGSEP.TAILS_MAG 立即高于 H 1.0 g/L；MAG.CONSUMPT"
            "ION 高于 H 2.0，约 10 min 内超过 3 kg/t（30 min 时 4–"
            "6 kg/t）；DMC.DENS.PV 下降：WATER_ADD.POS 关闭，约 5 "
            "min 内密度偏差低于 -0.02，约 12–20 min 后 SPLITTER.POS"
            " 高于 H 80 %（设定值无法达到）；约 30 min 内 KPI.YIELD 下降约"
            " 5 个百分点，CLEAN.ASH 降低。",
        ),
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
        (
            "原煤灰分变为 34 %",
            "原煤灰分在约 10 min 内从约 29.5 % 升至 34 %。精煤灰分超标；"
            "操作员应将密度设定值降低约 0.03 g/cm³。停止该情景即恢复原来的煤。",
            "FEED.ASH 升至约 34 %（未越过 H 35）；开始后约 10–15 min C"
            "LEAN.ASH 高于 H 10.5 %（指标）（输送延迟与灰分仪平均）；DMC.DEN"
            "S.SP 降低 0.03 后回到 10.5 % 以下。",
        ),
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
        (
            "灰分仪放射源故障",
            "精煤灰分仪报放射源故障：读数冻结，不再可信。画面必须将其显示为不确定和陈旧。"
            "停止该情景即修复灰分仪。",
            "ASH_ANALYSER.STATUS = 1（放射源故障）立即出现；CLEAN.ASH"
            " 冻结，质量为 UncertainSensorNotAccurate（faults() "
            "中列出），直至停止该情景。",
        ),
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
        (
            "2 号冷却水泵跳闸",
            "两台预冷器冷却水泵中的一台跳闸。压缩机入口温度升过拟临界点，入口密度减半，"
            "防喘振阀打开，功率下降。停止该情景后重新启动该泵（CW.P2.CMD = 1）；"
            "在手动方式下用预冷器阀门过度调节，会使入口温度低于 31.5 °C（进入两相区）。",
            "PRECOOL.CW_FLOW 立即低于 LL 900 m³/h；约 1 min 后 C"
            "OMP.IN_T.PV 高于 H 36 °C，1–2 min 后高于 HH 38 °C；"
            "COMP.IN_RHO 低于 L 400（约降一半）；COMP.FLOW 随密度从约 8"
            "7 kg/s 降至约 70 kg/s；COMP.ASV.POS 开至约 30 %（H 3"
            "0）；GEN.P 低于 L 4.0 MW，NET.P 低于 L 3.8 MW（约 -40"
            " %）。",
        ),
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
        (
            "烧结机停机",
            "烧结机停机：进入余热换热器的烟气在 10 min 内从 400 °C 降到 250 °C。"
            "透平入口温度滞后约 5 min 跟随下降，机组转入旁路运行；"
            "入口温度持续低于 300 °C 时保护使透平跳闸。"
            "停止该情景即重新启动烧结机；转子停稳后置 TURB.RESET = 1 复位。",
            "约 5 min 后 WHX.GAS_IN_T 低于 L 330 °C；约 5–6 min"
            " 后 GEN.P 低于 L 4.0 MW，NET.P 低于 L 3.8 MW；约 6 m"
            "in 后带负荷时 TURB.BYPASS.POS 高于 H 5 %；约 6–8 min "
            "后 KPI.CYCLE_EFF 低于 L 22 %；约 7 min 后 TURB.IN_"
            "T 低于 L 340 °C；约 10 min 后低于 LL 300 °C 持续 10 s"
            "：TURB.TRIP = 1，GEN.BREAKER = 0，通过临界转速时 BRG.V"
            "IB 高于 H 60 µm；跳闸后果报警被抑制。",
        ),
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
        (
            "发电机断路器跳闸（甩负荷）",
            "发电机断路器在满负荷下断开。转子超速，透平跳闸，超临界二氧化碳泄放到机罩内，转子惰走。"
            "恢复：停止该情景，转子停稳后置 TURB.RESET = 1；机组升速并重新并网，"
            "约需 2 min。",
            "GEN.BREAKER = 0 与 TURB.TRIP = 1 同时出现；0.5 s 内"
            " TURB.SPEED 高于 H 105 %（峰值约 106–107 %）；惰转转子通过"
            "临界转速时，约从第 8 s 起 BRG.VIB 高于 H 60 µm（峰值约 82，低于"
            " HH 90）持续约 8 s；约 1 min 内 ENCL.CO2 高于 H 5000 "
            "ppm；GEN.P 降至 0；约 2 min 后 WHX.GAS_OUT_T 高于 H "
            "280 °C。报出五个报警；跳闸后果（功率、旁路、预冷器、压缩机入口、回热器、烟气）按设"
            "计抑制。",
        ),
    ),
)
