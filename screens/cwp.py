"""L2 coal washing: raw coal feed and desliming, the dense-medium cyclone with its density
control, clean coal and reject drain-and-rinse screens, the medium circuit (correct-medium
sump, water addition, splitter, magnetic separator, magnetite), the clean coal with its
online ash analyser against the 10.5 % limit, middlings and reject, and flotation.
"""

from __future__ import annotations

from hmi.canvas.builder import canvas_screen
from hmi.canvas.elements import (
    analog,
    controller,
    layout,
    link,
    panel,
    pipe,
    sparkline,
    symbol,
    tank,
    text,
    value,
    valve,
)
from hmi.i18n.marks import QT_TRANSLATE_NOOP

CYCLONES = [
    panel(10, 10, 1100, 370, QT_TRANSLATE_NOOP("Screen", "Dense-medium cyclones")),
    symbol(25, 50, 100, 44, "box", QT_TRANSLATE_NOOP("Screen", "Raw coal")),
    pipe([(125, 72), (300, 72)], flow="CWP.FEED.TPH", threshold=10.0),
    analog(25, 112, "CWP.FEED.TPH", label=QT_TRANSLATE_NOOP("Screen", "Feed"), w=255),
    analog(25, 162, "CWP.FEED.ASH", label=QT_TRANSLATE_NOOP("Screen", "Feed ash"), w=255),
    value(25, 214, "CWP.FEED.TPH_SP", label=QT_TRANSLATE_NOOP("Screen", "Feed setpoint"), w=255),
    symbol(300, 50, 110, 50, "screen", QT_TRANSLATE_NOOP("Screen", "Deslime")),
    text(290, 104, 150, 18, QT_TRANSLATE_NOOP("Screen", "fines ▸ flotation"), dim=True),
    pipe([(410, 76), (440, 76), (440, 150), (490, 150)], arrows=False),
    symbol(490, 110, 110, 200, "cyclone", "DMC"),
    pipe([(545, 110), (545, 90), (860, 90)]),
    symbol(860, 64, 110, 50, "screen", QT_TRANSLATE_NOOP("Screen", "Clean D&R")),
    pipe([(970, 90), (1108, 90)]),
    pipe([(545, 310), (545, 330), (860, 330)]),
    symbol(860, 304, 110, 50, "screen", QT_TRANSLATE_NOOP("Screen", "Reject D&R")),
    pipe([(970, 330), (1108, 330)]),
    value(620, 60, "CWP.DMC.OF_DENS", label=QT_TRANSLATE_NOOP("Screen", "Overflow"), w=210),
    controller(620, 108, "CWP.DMC.DENS", label=QT_TRANSLATE_NOOP("Screen", "Medium density DIC")),
    analog(620, 222, "CWP.DMC.INLET_P", label=QT_TRANSLATE_NOOP("Screen", "Inlet pressure"), w=210),
    analog(620, 270, "CWP.DMC.DENS_DIFF", label="UF - OF", w=210),
    value(620, 340, "CWP.DMC.UF_DENS", label=QT_TRANSLATE_NOOP("Screen", "Underflow"), w=210),
    text(860, 124, 230, 18, QT_TRANSLATE_NOOP("Screen", "Medium density, 30 min"), dim=True),
    sparkline(860, 144, 235, 70, "CWP.DMC.DENS.PV", minutes=30),
    text(
        860,
        118 + 110,
        235,
        18,
        QT_TRANSLATE_NOOP("Screen", "medium from D&R screens ▾ sump"),
        dim=True,
    ),
    link(860, 256, "dmc", QT_TRANSLATE_NOOP("Screen", "Density loop (F6)"), w=235),
]

PRODUCTS = [
    panel(1120, 10, 470, 370, QT_TRANSLATE_NOOP("Screen", "Products")),
    text(1130, 34, 300, 20, QT_TRANSLATE_NOOP("Screen", "Clean coal"), bold=True),
    analog(
        1130, 56, "CWP.CLEAN.ASH", label=QT_TRANSLATE_NOOP("Screen", "Ash (online analyser)"), w=450
    ),
    sparkline(1130, 104, 450, 50, "CWP.CLEAN.ASH", minutes=30),
    value(
        1130, 160, "CWP.ASH_ANALYSER.STATUS", label=QT_TRANSLATE_NOOP("Screen", "Analyser"), w=220
    ),
    analog(1130, 186, "CWP.CLEAN.TPH", label=QT_TRANSLATE_NOOP("Screen", "Clean coal"), w=450),
    analog(1130, 234, "CWP.KPI.YIELD", label=QT_TRANSLATE_NOOP("Screen", "Yield"), w=450),
    text(1130, 284, 300, 20, QT_TRANSLATE_NOOP("Screen", "Middlings and reject"), bold=True),
    value(1130, 308, "CWP.MIDDS.TPH", label=QT_TRANSLATE_NOOP("Screen", "Middlings"), w=220),
    value(1360, 308, "CWP.MIDDS.ASH", label=QT_TRANSLATE_NOOP("Screen", "Middlings ash"), w=220),
    value(1130, 334, "CWP.REJECT.ASH", label=QT_TRANSLATE_NOOP("Screen", "Reject ash"), w=220),
]

MEDIUM = [
    panel(10, 390, 1100, 460, QT_TRANSLATE_NOOP("Screen", "Medium circuit")),
    text(25, 460, 60, 20, QT_TRANSLATE_NOOP("Screen", "Water"), dim=True),
    pipe([(75, 470), (150, 470)], flow="CWP.WATER_ADD.POS", threshold=1.0, arrows=False),
    valve(150, 436, "CWP.WATER_ADD.POS", label=QT_TRANSLATE_NOOP("Screen", "Water")),
    pipe([(220, 470), (304, 470)], flow="CWP.WATER_ADD.POS", threshold=1.0),
    controller(40, 530, "CWP.CMSUMP.LEVEL", label=QT_TRANSLATE_NOOP("Screen", "Sump level LIC")),
    analog(
        40, 650, "CWP.WATER_ADD.POS", label=QT_TRANSLATE_NOOP("Screen", "Water addition"), w=230
    ),
    text(300, 396, 120, 18, QT_TRANSLATE_NOOP("Screen", "Medium sump"), bold=True),
    tank(300, 420, 170, 240, "CWP.CMSUMP.LEVEL.PV", setpoint="CWP.CMSUMP.LEVEL.SP", cone=True),
    pipe([(375, 662), (375, 700), (405, 700)], arrows=False),
    symbol(405, 684, 32, 32, "pump"),
    pipe([(437, 700), (485, 700), (485, 150)]),
    pipe([(485, 700), (560, 700)], arrows=False),
    valve(560, 666, "CWP.SPLITTER.POS", label=QT_TRANSLATE_NOOP("Screen", "Splitter")),
    pipe([(630, 700), (720, 700)], flow="CWP.SPLITTER.POS", threshold=1.0),
    symbol(720, 650, 120, 90, "magsep", QT_TRANSLATE_NOOP("Screen", "Mag. sep.")),
    # magnetite back to the sump; the gap marks where it crosses the medium riser
    pipe([(780, 650), (780, 404), (491, 404)], arrows=False),
    pipe([(479, 404), (436, 404), (436, 421)]),
    text(600, 408, 170, 18, QT_TRANSLATE_NOOP("Screen", "magnetite"), dim=True, align="right"),
    pipe([(840, 700), (1100, 700)]),
    text(950, 676, 150, 20, QT_TRANSLATE_NOOP("Screen", "tails ▸"), dim=True, align="right"),
    analog(500, 770, "CWP.SPLITTER.POS", label=QT_TRANSLATE_NOOP("Screen", "Splitter"), w=190),
    analog(700, 770, "CWP.DILUTE.DENS", label=QT_TRANSLATE_NOOP("Screen", "Dilute"), w=190),
    analog(
        900,
        770,
        "CWP.MAGSEP.TAILS_MAG",
        label=QT_TRANSLATE_NOOP("Screen", "Tails magnetite"),
        w=200,
    ),
    analog(
        880, 470, "CWP.MAG.CONSUMPTION", label=QT_TRANSLATE_NOOP("Screen", "Magnetite use"), w=210
    ),
    analog(880, 520, "CWP.MAG.INVENTORY", label=QT_TRANSLATE_NOOP("Screen", "Inventory"), w=210),
]

FLOTATION = [
    panel(1120, 390, 470, 460, QT_TRANSLATE_NOOP("Screen", "Flotation")),
    text(1130, 420, 250, 18, QT_TRANSLATE_NOOP("Screen", "◂ fines from desliming"), dim=True),
    pipe([(1130, 490), (1180, 490)]),
    symbol(1180, 450, 240, 80, "flotation", ""),
    pipe([(1300, 450), (1300, 430), (1580, 430)]),
    text(1420, 410, 160, 18, QT_TRANSLATE_NOOP("Screen", "concentrate ▸"), dim=True, align="right"),
    pipe([(1420, 510), (1580, 510)]),
    text(1420, 514, 160, 18, QT_TRANSLATE_NOOP("Screen", "tails ▸"), dim=True, align="right"),
    analog(
        1130, 560, "CWP.FLOT.FEED_SOLIDS", label=QT_TRANSLATE_NOOP("Screen", "Feed solids"), w=450
    ),
    analog(
        1130,
        610,
        "CWP.FLOT.COLLECTOR.PV",
        label=QT_TRANSLATE_NOOP("Screen", "Collector"),
        setpoint="CWP.FLOT.COLLECTOR.SP",
        w=450,
    ),
    value(
        1130,
        660,
        "CWP.FLOT.COLLECTOR.SP",
        label=QT_TRANSLATE_NOOP("Screen", "Collector setpoint"),
        w=450,
    ),
    analog(
        1130, 690, "CWP.FLOT.CONC_ASH", label=QT_TRANSLATE_NOOP("Screen", "Concentrate ash"), w=450
    ),
    analog(
        1130, 740, "CWP.FLOT.TAIL_ASH", label=QT_TRANSLATE_NOOP("Screen", "Tailings ash"), w=450
    ),
]

CWP = canvas_screen(
    "cwp",
    QT_TRANSLATE_NOOP("Screen", "Coal washing"),
    2,
    layout(CYCLONES, PRODUCTS, MEDIUM, FLOTATION),
    area="CWP",
    shortcut="F3",
)
