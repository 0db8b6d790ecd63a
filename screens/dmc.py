"""L3 dense-medium density loop: the density controller with its deviation limits around
the setpoint, the two actuators (water addition raises nothing but dilutes; the splitter
bleeds medium to the magnetic separator), the correct-medium sump and its level loop,
magnetite balance, and the effect on the product (clean coal ash, yield), with trends.
"""

from __future__ import annotations

from hmi.canvas.builder import canvas_screen
from hmi.canvas.elements import (
    analog,
    controller,
    layout,
    link,
    panel,
    sparkline,
    tank,
    text,
    value,
    valve,
)
from hmi.i18n.marks import QT_TRANSLATE_NOOP

TREND = 30.0
"""Minutes of the trends (their captions say so)."""

DENSITY = [
    panel(10, 10, 780, 420, QT_TRANSLATE_NOOP("Screen", "Medium density control")),
    controller(
        20,
        40,
        "CWP.DMC.DENS",
        label=QT_TRANSLATE_NOOP("Screen", "Medium density DIC"),
        w=250,
        h=112,
    ),
    analog(290, 40, "CWP.DMC.DENS.PV", label=QT_TRANSLATE_NOOP("Screen", "Density"), w=490, h=48),
    analog(
        290,
        96,
        "CWP.DMC.DENS.OP",
        label=QT_TRANSLATE_NOOP("Screen", "Controller output"),
        w=490,
        h=48,
    ),
    text(
        20,
        166,
        760,
        18,
        QT_TRANSLATE_NOOP("Screen", "Density, 30 min (normal band shaded)"),
        dim=True,
    ),
    sparkline(20, 186, 760, 100, "CWP.DMC.DENS.PV", minutes=TREND),
    text(20, 292, 370, 18, QT_TRANSLATE_NOOP("Screen", "Setpoint"), dim=True),
    sparkline(20, 312, 370, 50, "CWP.DMC.DENS.SP", minutes=TREND),
    text(410, 292, 370, 18, QT_TRANSLATE_NOOP("Screen", "Controller output"), dim=True),
    sparkline(410, 312, 370, 50, "CWP.DMC.DENS.OP", minutes=TREND),
    value(20, 374, "CWP.DMC.OF_DENS", label=QT_TRANSLATE_NOOP("Screen", "Overflow density"), w=370),
    value(
        20, 400, "CWP.DMC.UF_DENS", label=QT_TRANSLATE_NOOP("Screen", "Underflow density"), w=370
    ),
    value(410, 374, "CWP.DMC.DENS_DIFF", label="UF - OF", w=370),
    value(
        410,
        400,
        "CWP.DMC.INLET_P",
        label=QT_TRANSLATE_NOOP("Screen", "Cyclone inlet pressure"),
        w=370,
    ),
]

ACTUATORS = [
    panel(800, 10, 790, 420, QT_TRANSLATE_NOOP("Screen", "Actuators")),
    valve(815, 40, "CWP.WATER_ADD.POS", label=QT_TRANSLATE_NOOP("Screen", "Water"), w=80, h=80),
    analog(
        905,
        44,
        "CWP.WATER_ADD.POS",
        label=QT_TRANSLATE_NOOP("Screen", "Water addition (too dense)"),
        w=330,
    ),
    sparkline(1245, 46, 335, 44, "CWP.WATER_ADD.POS", minutes=TREND),
    valve(815, 140, "CWP.SPLITTER.POS", label=QT_TRANSLATE_NOOP("Screen", "Splitter"), w=80, h=80),
    analog(
        905,
        144,
        "CWP.SPLITTER.POS",
        label=QT_TRANSLATE_NOOP("Screen", "Splitter (too light)"),
        w=330,
    ),
    sparkline(1245, 146, 335, 44, "CWP.SPLITTER.POS", minutes=TREND),
    analog(905, 244, "CWP.DILUTE.DENS", label=QT_TRANSLATE_NOOP("Screen", "Dilute medium"), w=330),
    sparkline(1245, 246, 335, 44, "CWP.DILUTE.DENS", minutes=TREND),
    analog(
        905,
        304,
        "CWP.DMC.INLET_P",
        label=QT_TRANSLATE_NOOP("Screen", "Cyclone inlet pressure"),
        w=330,
    ),
    sparkline(1245, 306, 335, 44, "CWP.DMC.INLET_P", minutes=TREND),
    link(1380, 390, "cwp", QT_TRANSLATE_NOOP("Screen", "Coal washing (F3)"), w=200),
]

SUMP = [
    panel(10, 440, 780, 410, QT_TRANSLATE_NOOP("Screen", "Correct-medium sump and magnetite")),
    tank(
        20,
        470,
        180,
        300,
        "CWP.CMSUMP.LEVEL.PV",
        label=QT_TRANSLATE_NOOP("Screen", "Sump"),
        setpoint="CWP.CMSUMP.LEVEL.SP",
        cone=True,
    ),
    controller(
        220,
        470,
        "CWP.CMSUMP.LEVEL",
        label=QT_TRANSLATE_NOOP("Screen", "Sump level LIC"),
        w=250,
        h=112,
    ),
    sparkline(490, 472, 290, 108, "CWP.CMSUMP.LEVEL.PV", minutes=TREND),
    analog(
        220,
        600,
        "CWP.MAG.INVENTORY",
        label=QT_TRANSLATE_NOOP("Screen", "Magnetite inventory"),
        w=260,
    ),
    sparkline(490, 602, 290, 44, "CWP.MAG.INVENTORY", minutes=TREND),
    analog(
        220, 654, "CWP.MAG.CONSUMPTION", label=QT_TRANSLATE_NOOP("Screen", "Magnetite use"), w=260
    ),
    sparkline(490, 656, 290, 44, "CWP.MAG.CONSUMPTION", minutes=TREND),
    analog(
        220,
        708,
        "CWP.MAGSEP.TAILS_MAG",
        label=QT_TRANSLATE_NOOP("Screen", "Separator tails"),
        w=260,
    ),
    sparkline(490, 710, 290, 44, "CWP.MAGSEP.TAILS_MAG", minutes=TREND),
]

PRODUCT = [
    panel(800, 440, 790, 410, QT_TRANSLATE_NOOP("Screen", "Effect on the product")),
    analog(810, 470, "CWP.CLEAN.ASH", label=QT_TRANSLATE_NOOP("Screen", "Clean coal ash"), w=330),
    sparkline(1150, 472, 430, 44, "CWP.CLEAN.ASH", minutes=TREND),
    value(
        810,
        522,
        "CWP.ASH_ANALYSER.STATUS",
        label=QT_TRANSLATE_NOOP("Screen", "Ash analyser"),
        w=330,
    ),
    analog(810, 556, "CWP.FEED.ASH", label=QT_TRANSLATE_NOOP("Screen", "Raw coal ash"), w=330),
    sparkline(1150, 558, 430, 44, "CWP.FEED.ASH", minutes=TREND),
    analog(810, 616, "CWP.KPI.YIELD", label=QT_TRANSLATE_NOOP("Screen", "Yield"), w=330),
    sparkline(1150, 618, 430, 44, "CWP.KPI.YIELD", minutes=TREND),
    analog(810, 676, "CWP.REJECT.ASH", label=QT_TRANSLATE_NOOP("Screen", "Reject ash"), w=330),
    sparkline(1150, 678, 430, 44, "CWP.REJECT.ASH", minutes=TREND),
    analog(810, 736, "CWP.FEED.TPH", label=QT_TRANSLATE_NOOP("Screen", "Raw coal feed"), w=330),
    sparkline(1150, 738, 430, 44, "CWP.FEED.TPH", minutes=TREND),
]

DMC = canvas_screen(
    "dmc",
    QT_TRANSLATE_NOOP("Screen", "Density loop"),
    3,
    layout(DENSITY, ACTUATORS, SUMP, PRODUCT),
    area="CWP",
    shortcut="F6",
)
