"""L3 compressor: the inlet state against the CO2 critical point (large), the inlet
temperature loop and precooler cooling water that set it, and the compressor itself:
surge margin, anti-surge valve, discharge conditions, with trends.
"""

from __future__ import annotations

from hmi.canvas.builder import canvas_screen
from hmi.canvas.elements import (
    analog,
    controller,
    critical_point,
    layout,
    link,
    panel,
    pump,
    sparkline,
    text,
    value,
    valve,
)
from hmi.i18n.marks import QT_TRANSLATE_NOOP

TREND = 10.0
"""Minutes of the trends (their captions say so)."""

CHART = [
    panel(
        10, 10, 900, 560, QT_TRANSLATE_NOOP("Screen", "Compressor inlet and the CO2 critical point")
    ),
    critical_point(20, 36, 880, 526, temperature="SCO2.COMP.IN_T.PV", pressure="SCO2.COMP.IN_P"),
]

INLET = [
    panel(920, 10, 670, 560, QT_TRANSLATE_NOOP("Screen", "Inlet temperature and precooler")),
    controller(
        930,
        40,
        "SCO2.COMP.IN_T",
        label=QT_TRANSLATE_NOOP("Screen", "Inlet temperature TIC"),
        w=250,
        h=112,
    ),
    analog(
        1195,
        40,
        "SCO2.COMP.IN_T.PV",
        label=QT_TRANSLATE_NOOP("Screen", "Inlet temperature"),
        w=385,
        h=48,
    ),
    analog(
        1195,
        96,
        "SCO2.COMP.IN_T.OP",
        label=QT_TRANSLATE_NOOP("Screen", "Precooler valve"),
        w=385,
        h=48,
    ),
    text(930, 162, 650, 18, QT_TRANSLATE_NOOP("Screen", "Inlet temperature, 10 min"), dim=True),
    sparkline(930, 182, 650, 80, "SCO2.COMP.IN_T.PV", minutes=TREND),
    analog(930, 276, "SCO2.COMP.IN_RHO", label=QT_TRANSLATE_NOOP("Screen", "Inlet density"), w=320),
    sparkline(1260, 278, 320, 44, "SCO2.COMP.IN_RHO", minutes=TREND),
    analog(930, 330, "SCO2.COMP.IN_P", label=QT_TRANSLATE_NOOP("Screen", "Inlet pressure"), w=320),
    sparkline(1260, 332, 320, 44, "SCO2.COMP.IN_P", minutes=TREND),
    analog(
        930, 384, "SCO2.PRECOOL.CW_FLOW", label=QT_TRANSLATE_NOOP("Screen", "Cooling water"), w=320
    ),
    sparkline(1260, 386, 320, 44, "SCO2.PRECOOL.CW_FLOW", minutes=TREND),
    analog(930, 438, "SCO2.PRECOOL.CW_IN_T", label=QT_TRANSLATE_NOOP("Screen", "CW supply"), w=320),
    pump(1270, 440, "SCO2.CW.P1.RUN", cmd="SCO2.CW.P1.CMD", label="CW P1", facing="left"),
    pump(1350, 440, "SCO2.CW.P2.RUN", cmd="SCO2.CW.P2.CMD", label="CW P2", facing="left"),
    link(1370, 530, "sco2", QT_TRANSLATE_NOOP("Screen", "sCO2 loop (F4)"), w=210),
]

MACHINE = [
    panel(10, 580, 1580, 270, QT_TRANSLATE_NOOP("Screen", "Compressor and anti-surge")),
    analog(
        20, 610, "SCO2.COMP.SURGE_MARGIN", label=QT_TRANSLATE_NOOP("Screen", "Surge margin"), w=370
    ),
    sparkline(400, 612, 380, 44, "SCO2.COMP.SURGE_MARGIN", minutes=TREND),
    valve(
        20, 668, "SCO2.COMP.ASV.POS", label=QT_TRANSLATE_NOOP("Screen", "Anti-surge"), w=80, h=80
    ),
    analog(
        110, 672, "SCO2.COMP.ASV.POS", label=QT_TRANSLATE_NOOP("Screen", "Anti-surge valve"), w=280
    ),
    sparkline(400, 674, 380, 44, "SCO2.COMP.ASV.POS", minutes=TREND),
    value(20, 770, "SCO2.COMP.FLOW", label=QT_TRANSLATE_NOOP("Screen", "CO2 flow"), w=370),
    analog(
        810, 610, "SCO2.COMP.OUT_P", label=QT_TRANSLATE_NOOP("Screen", "Discharge pressure"), w=370
    ),
    sparkline(1190, 612, 390, 44, "SCO2.COMP.OUT_P", minutes=TREND),
    analog(
        810,
        664,
        "SCO2.COMP.OUT_T",
        label=QT_TRANSLATE_NOOP("Screen", "Discharge temperature"),
        w=370,
    ),
    sparkline(1190, 666, 390, 44, "SCO2.COMP.OUT_T", minutes=TREND),
    analog(810, 718, "SCO2.TURB.SPEED", label=QT_TRANSLATE_NOOP("Screen", "Shaft speed"), w=370),
    analog(810, 772, "SCO2.BRG.VIB", label=QT_TRANSLATE_NOOP("Screen", "Bearing vibration"), w=370),
    sparkline(1190, 774, 390, 44, "SCO2.BRG.VIB", minutes=TREND),
]

COMPRESSOR = canvas_screen(
    "compressor",
    QT_TRANSLATE_NOOP("Screen", "Compressor"),
    3,
    layout(CHART, INLET, MACHINE),
    area="SCO2",
    shortcut="F7",
)
