"""L2 sCO2 loop: the recuperated Brayton cycle as a flow diagram (compressor, recuperator,
waste-heat exchanger, turbine, generator, precooler with its cooling-water pumps) with the
temperature and pressure at each numbered state point, the anti-surge and turbine bypass
valves, and the compressor inlet's distance from the critical point on a chart.
"""

from __future__ import annotations

from hmi.canvas.builder import canvas_screen
from hmi.canvas.elements import (
    Element,
    analog,
    controller,
    critical_point,
    layout,
    link,
    panel,
    pipe,
    pump,
    sparkline,
    symbol,
    text,
    value,
    valve,
)
from hmi.i18n.marks import QT_TRANSLATE_NOOP

CIRCLED = "①②③④⑤⑥"


def state_point(
    n: int, x: float, y: float, temperature: str, pressure: str | None = None
) -> list[Element]:
    """A numbered state point: its number and the temperature (and pressure) there."""
    parts = [
        text(x, y, 24, 22, CIRCLED[n - 1], size=1.35),
        value(x + 26, y, temperature, label="T", w=140),
    ]
    if pressure:
        parts.append(value(x + 26, y + 24, pressure, label="p", w=140))
    return parts


LOOP = [
    panel(10, 10, 1080, 840, QT_TRANSLATE_NOOP("Screen", "Recuperated Brayton loop")),
    # heat source
    text(
        300,
        26,
        230,
        20,
        QT_TRANSLATE_NOOP("Screen", "flue gas from the sinter cooler"),
        dim=True,
        align="right",
    ),
    pipe([(540, 36), (540, 100)]),
    symbol(380, 100, 220, 80, "hx", ""),
    text(380, 76, 220, 20, QT_TRANSLATE_NOOP("Screen", "Waste-heat exchanger"), align="center"),
    pipe([(575, 180), (575, 236)]),
    text(585, 220, 120, 20, QT_TRANSLATE_NOOP("Screen", "to stack"), dim=True),
    # turbine and generator
    pipe([(600, 140), (690, 140)], flow="SCO2.COMP.FLOW", threshold=5.0),
    symbol(690, 95, 120, 90, "turbine", QT_TRANSLATE_NOOP("Screen", "Turbine")),
    pipe([(810, 140), (850, 140)], arrows=False, width=6.0),
    symbol(850, 105, 70, 70, "generator", "G"),
    analog(830, 190, "SCO2.TURB.SPEED", label=QT_TRANSLATE_NOOP("Screen", "Speed"), w=250),
    analog(830, 238, "SCO2.GEN.P", label=QT_TRANSLATE_NOOP("Screen", "Generator"), w=250),
    analog(830, 286, "SCO2.NET.P", label=QT_TRANSLATE_NOOP("Screen", "Net power"), w=250),
    value(830, 336, "SCO2.GEN.BREAKER", label=QT_TRANSLATE_NOOP("Screen", "Breaker"), w=250),
    value(830, 362, "SCO2.TURB.TRIP", label=QT_TRANSLATE_NOOP("Screen", "Turbine"), w=250),
    analog(830, 390, "SCO2.BRG.VIB", label=QT_TRANSLATE_NOOP("Screen", "Bearing vibration"), w=250),
    # turbine bypass
    pipe([(640, 140), (640, 280), (668, 280)], arrows=False),
    valve(668, 246, "SCO2.TURB.BYPASS.POS", label=QT_TRANSLATE_NOOP("Screen", "Bypass")),
    pipe([(732, 280), (760, 280)], flow="SCO2.TURB.BYPASS.POS", threshold=1.0, arrows=False),
    # exhaust to the recuperator (hot side) and on to the precooler
    pipe([(760, 185), (760, 350), (520, 350), (520, 380)], flow="SCO2.COMP.FLOW", threshold=5.0),
    symbol(330, 380, 240, 110, "hx", ""),
    text(330, 490, 240, 20, QT_TRANSLATE_NOOP("Screen", "Recuperator"), align="center"),
    pipe([(520, 490), (520, 600)], flow="SCO2.COMP.FLOW", threshold=5.0),
    symbol(460, 600, 200, 80, "hx", ""),
    text(460, 680, 200, 20, QT_TRANSLATE_NOOP("Screen", "Precooler"), align="center"),
    # cold side: precooler -> compressor -> recuperator -> waste-heat exchanger
    pipe(
        [(560, 680), (560, 760), (150, 760), (150, 640), (200, 640)],
        flow="SCO2.COMP.FLOW",
        threshold=5.0,
    ),
    symbol(200, 600, 120, 80, "compressor", QT_TRANSLATE_NOOP("Screen", "Comp.")),
    pipe([(320, 640), (400, 640), (400, 490)], flow="SCO2.COMP.FLOW", threshold=5.0),
    pipe([(400, 380), (400, 180)], flow="SCO2.COMP.FLOW", threshold=5.0),
    # anti-surge recycle
    pipe([(360, 640), (360, 714), (332, 714)], arrows=False),
    valve(268, 681, "SCO2.COMP.ASV.POS", label=QT_TRANSLATE_NOOP("Screen", "Anti-surge")),
    pipe(
        [(268, 714), (180, 714), (180, 760)], flow="SCO2.COMP.ASV.POS", threshold=1.0, arrows=False
    ),
    # cooling water: two pumps in parallel into the precooler, return to the right
    pipe([(1080, 667), (800, 667)], flow="SCO2.PRECOOL.CW_FLOW", threshold=100.0),
    text(900, 645, 170, 20, QT_TRANSLATE_NOOP("Screen", "◂ CW supply"), dim=True, align="right"),
    pipe([(800, 622), (800, 712)], arrows=False),
    pipe([(800, 622), (775, 622)], flow="SCO2.CW.P1.RUN", arrows=False),
    pipe([(800, 712), (775, 712)], flow="SCO2.CW.P2.RUN", arrows=False),
    pump(720, 600, "SCO2.CW.P1.RUN", cmd="SCO2.CW.P1.CMD", label="CW P1", facing="left"),
    pump(720, 690, "SCO2.CW.P2.RUN", cmd="SCO2.CW.P2.CMD", label="CW P2", facing="left"),
    pipe([(735, 622), (700, 622)], flow="SCO2.CW.P1.RUN", arrows=False),
    pipe([(735, 712), (700, 712)], flow="SCO2.CW.P2.RUN", arrows=False),
    pipe([(700, 622), (700, 712)], arrows=False),
    pipe([(700, 660), (660, 660)], flow="SCO2.PRECOOL.CW_FLOW", threshold=100.0),
    pipe([(620, 600), (620, 584), (1080, 584)], flow="SCO2.PRECOOL.CW_FLOW", threshold=100.0),
    text(900, 562, 170, 20, QT_TRANSLATE_NOOP("Screen", "CW return ▸"), dim=True, align="right"),
    analog(830, 700, "SCO2.PRECOOL.CW_FLOW", label=QT_TRANSLATE_NOOP("Screen", "CW flow"), w=250),
    analog(830, 750, "SCO2.PRECOOL.CW_IN_T", label=QT_TRANSLATE_NOOP("Screen", "CW supply"), w=250),
    # state points
    *state_point(1, 30, 560, "SCO2.COMP.IN_T.PV", "SCO2.COMP.IN_P"),
    *state_point(2, 200, 530, "SCO2.COMP.OUT_T", "SCO2.COMP.OUT_P"),
    *state_point(3, 190, 250, "SCO2.RECUP.HP_OUT_T"),
    *state_point(4, 600, 40, "SCO2.TURB.IN_T", "SCO2.TURB.IN_P"),
    *state_point(5, 560, 356, "SCO2.TURB.OUT_T"),
    *state_point(6, 560, 520, "SCO2.RECUP.LP_OUT_T"),
    analog(
        30, 790, "SCO2.COMP.SURGE_MARGIN", label=QT_TRANSLATE_NOOP("Screen", "Surge margin"), w=250
    ),
    analog(
        290, 790, "SCO2.COMP.ASV.POS", label=QT_TRANSLATE_NOOP("Screen", "Anti-surge valve"), w=250
    ),
]

INLET = [
    panel(
        1100, 10, 490, 470, QT_TRANSLATE_NOOP("Screen", "Compressor inlet and the critical point")
    ),
    critical_point(1110, 36, 470, 300, temperature="SCO2.COMP.IN_T.PV", pressure="SCO2.COMP.IN_P"),
    controller(
        1110,
        346,
        "SCO2.COMP.IN_T",
        label=QT_TRANSLATE_NOOP("Screen", "Inlet temperature TIC"),
        w=230,
    ),
    analog(1350, 346, "SCO2.COMP.IN_RHO", label=QT_TRANSLATE_NOOP("Screen", "Density"), w=230),
    value(1350, 398, "SCO2.COMP.FLOW", label=QT_TRANSLATE_NOOP("Screen", "CO2 flow"), w=230),
    link(1350, 440, "compressor", QT_TRANSLATE_NOOP("Screen", "Compressor (F7)"), w=230),
]

UNIT = [
    panel(1100, 490, 490, 360, QT_TRANSLATE_NOOP("Screen", "Heat source and unit")),
    analog(1110, 516, "SCO2.WHX.GAS_IN_T", label=QT_TRANSLATE_NOOP("Screen", "Flue gas in"), w=230),
    analog(
        1350, 516, "SCO2.WHX.GAS_OUT_T", label=QT_TRANSLATE_NOOP("Screen", "Flue gas out"), w=230
    ),
    analog(
        1110, 566, "SCO2.WHX.GAS_FLOW", label=QT_TRANSLATE_NOOP("Screen", "Flue gas flow"), w=230
    ),
    analog(
        1350,
        566,
        "SCO2.KPI.HEAT_RECOVERED",
        label=QT_TRANSLATE_NOOP("Screen", "Heat recovered"),
        w=230,
    ),
    analog(
        1110,
        616,
        "SCO2.KPI.CYCLE_EFF",
        label=QT_TRANSLATE_NOOP("Screen", "Cycle efficiency"),
        w=230,
    ),
    analog(
        1350, 616, "SCO2.RECUP.EFF", label=QT_TRANSLATE_NOOP("Screen", "Recuperator eff."), w=230
    ),
    analog(
        1110, 666, "SCO2.LOOP.INVENTORY", label=QT_TRANSLATE_NOOP("Screen", "CO2 inventory"), w=230
    ),
    analog(1350, 666, "SCO2.ENCL.CO2", label=QT_TRANSLATE_NOOP("Screen", "Enclosure CO2"), w=230),
    text(
        1110,
        720,
        470,
        18,
        QT_TRANSLATE_NOOP("Screen", "Compressor inlet temperature, 30 min"),
        dim=True,
    ),
    sparkline(1110, 740, 470, 40, "SCO2.COMP.IN_T.PV", minutes=30),
    text(1110, 784, 470, 18, QT_TRANSLATE_NOOP("Screen", "Net power, 30 min"), dim=True),
    sparkline(1110, 804, 470, 38, "SCO2.NET.P", minutes=30),
]

SCO2 = canvas_screen(
    "sco2",
    QT_TRANSLATE_NOOP("Screen", "sCO2 loop"),
    2,
    layout(LOOP, INLET, UNIT),
    area="SCO2",
    shortcut="F4",
)
