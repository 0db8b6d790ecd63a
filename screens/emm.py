"""L2 EMM cell house: the two rectifiers, the electrolyte circulation with its pumps and feed
control, feed and catholyte chemistry, both cell series as cell maps (voltage and
temperature of every cell), cooling water, hall gas monitors and the production KPIs.
"""

from __future__ import annotations

from hmi.canvas.builder import canvas_screen
from hmi.canvas.elements import (
    Element,
    analog,
    cell_map,
    controller,
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

CELLS = 60
SERIES = {1: QT_TRANSLATE_NOOP("Screen", "Series 1"), 2: QT_TRANSLATE_NOOP("Screen", "Series 2")}
"""Each series' name as shown (marked one by one so the translations find them)."""
RECTIFIER_TITLES = {
    1: QT_TRANSLATE_NOOP("Screen", "Rectifier 1  (series 1)"),
    2: QT_TRANSLATE_NOOP("Screen", "Rectifier 2  (series 2)"),
}
SERIES_TITLES = {
    1: QT_TRANSLATE_NOOP("Screen", "Series 1  (rectifier 1), cells 1-60"),
    2: QT_TRANSLATE_NOOP("Screen", "Series 2  (rectifier 2), cells 1-60"),
}


def cells(series: int, point: str) -> list[str]:
    """The tags of one measurement of every cell of a series."""
    return [f"EMM.CELL.S{series:02d}.C{c:02d}.{point}" for c in range(1, CELLS + 1)]


def rectifier(n: int, x: float) -> list[Element]:
    r = f"EMM.RECT{n}"
    return [
        symbol(x, 38, 44, 34, "rectifier"),
        text(x + 54, 38, 220, 34, RECTIFIER_TITLES[n], bold=True),
        analog(
            x,
            80,
            f"{r}.IDC",
            label=QT_TRANSLATE_NOOP("Screen", "DC current"),
            setpoint=f"{r}.IDC_SP",
            w=280,
        ),
        analog(x, 128, f"{r}.UDC", label=QT_TRANSLATE_NOOP("Screen", "DC voltage"), w=280),
        analog(
            x, 176, f"{r}.XFMR_OIL_T", label=QT_TRANSLATE_NOOP("Screen", "Transformer oil"), w=280
        ),
        value(x, 226, f"{r}.TRIP", label=QT_TRANSLATE_NOOP("Screen", "Trip"), w=280),
        value(
            x, 250, f"{r}.GND_FAULT", label=QT_TRANSLATE_NOOP("Screen", "DC ground fault"), w=280
        ),
    ]


def series_map(series: int, y: float) -> list[Element]:
    return [
        text(20, y, 400, 18, SERIES_TITLES[series], bold=True),
        cell_map(
            20,
            y + 20,
            1560,
            110,
            [
                (QT_TRANSLATE_NOOP("Screen", "Voltage"), cells(series, "U")),
                (QT_TRANSLATE_NOOP("Screen", "Temp."), cells(series, "T")),
            ],
            title=SERIES[series],
        ),
    ]


RECTIFIERS = [
    panel(10, 10, 600, 290, QT_TRANSLATE_NOOP("Screen", "Rectifiers")),
    *rectifier(1, 20),
    *rectifier(2, 320),
    link(440, 14, "rectifier", QT_TRANSLATE_NOOP("Screen", "Rectifier detail (F5)"), w=160, h=22),
]

CIRCULATION = [
    panel(620, 10, 970, 290, QT_TRANSLATE_NOOP("Screen", "Electrolyte circulation")),
    symbol(640, 60, 80, 110, "vessel", QT_TRANSLATE_NOOP("Screen", "Feed")),
    pipe([(720, 120), (745, 120), (745, 66), (770, 66)], arrows=False),
    pipe([(745, 120), (745, 176), (770, 176)], arrows=False),
    pump(762, 44, "EMM.CIRC.P1.RUN", cmd="EMM.CIRC.P1.CMD", label="P1"),
    pump(762, 154, "EMM.CIRC.P2.RUN", cmd="EMM.CIRC.P2.CMD", label="P2"),
    pipe([(820, 66), (860, 66), (860, 120)], flow="EMM.CIRC.P1.RUN", arrows=False),
    pipe([(820, 176), (860, 176), (860, 120)], flow="EMM.CIRC.P2.RUN", arrows=False),
    pipe([(860, 120), (887, 120)], flow="EMM.FEED.FLOW.PV", threshold=5.0),
    valve(884, 86, "EMM.FEED.FLOW.OP", label="FV-1", mode="EMM.FEED.FLOW.MODE"),
    pipe([(950, 120), (1010, 120)], flow="EMM.FEED.FLOW.PV", threshold=5.0),
    symbol(1010, 80, 100, 80, "box", QT_TRANSLATE_NOOP("Screen", "Cells")),
    controller(880, 184, "EMM.FEED.FLOW", label=QT_TRANSLATE_NOOP("Screen", "Feed flow FIC")),
    value(
        640, 262, "EMM.CIRC.NO_FLOW", label=QT_TRANSLATE_NOOP("Screen", "Electrolyte flow"), w=220
    ),
    text(1135, 36, 215, 20, QT_TRANSLATE_NOOP("Screen", "Feed solution"), bold=True),
    analog(1135, 60, "EMM.FEED.MN", label="Mn", w=215),
    analog(1135, 110, "EMM.FEED.SEO2", label=QT_TRANSLATE_NOOP("Screen", "SeO2"), w=215),
    text(1360, 36, 215, 20, QT_TRANSLATE_NOOP("Screen", "Catholyte"), bold=True),
    analog(1360, 60, "EMM.CATH.PH", label="pH", w=220),
    analog(1360, 110, "EMM.CATH.MN", label="Mn", w=220),
    analog(1360, 160, "EMM.CATH.AS", label="(NH4)2SO4", w=220),
]

CELL_HOUSE = [
    panel(10, 310, 1580, 330, QT_TRANSLATE_NOOP("Screen", "Cell house")),
    text(
        700,
        312,
        880,
        20,
        QT_TRANSLATE_NOOP(
            "Screen",
            "cells: light = normal band, darker = further out  (▲ above / ▼ below), marker = alarm",
        ),
        dim=True,
        align="right",
    ),
    *series_map(1, 336),
    *series_map(2, 488),
]

UTILITIES = [
    panel(10, 650, 600, 200, QT_TRANSLATE_NOOP("Screen", "Cooling water and hall gas")),
    analog(20, 678, "EMM.CW.SUP_T", label=QT_TRANSLATE_NOOP("Screen", "Cooling water"), w=280),
    sparkline(310, 680, 290, 42, "EMM.CW.SUP_T"),
    analog(20, 728, "EMM.HALL.H2", label=QT_TRANSLATE_NOOP("Screen", "Hydrogen"), w=280),
    sparkline(310, 730, 290, 42, "EMM.HALL.H2"),
    analog(20, 778, "EMM.HALL.NH3", label=QT_TRANSLATE_NOOP("Screen", "Ammonia"), w=280),
    sparkline(310, 780, 290, 42, "EMM.HALL.NH3"),
]

PRODUCTION = [
    panel(620, 650, 970, 200, QT_TRANSLATE_NOOP("Screen", "Production")),
    analog(630, 678, "EMM.KPI.CE", label=QT_TRANSLATE_NOOP("Screen", "Current efficiency"), w=300),
    sparkline(940, 680, 300, 42, "EMM.KPI.CE"),
    analog(630, 728, "EMM.KPI.SEC_DC", label=QT_TRANSLATE_NOOP("Screen", "DC energy"), w=300),
    sparkline(940, 730, 300, 42, "EMM.KPI.SEC_DC"),
    analog(630, 778, "EMM.KPI.MN_RATE", label=QT_TRANSLATE_NOOP("Screen", "Mn rate"), w=300),
    sparkline(940, 780, 300, 42, "EMM.KPI.MN_RATE"),
    analog(
        1260, 678, "EMM.CYCLE.ELAPSED", label=QT_TRANSLATE_NOOP("Screen", "Since stripping"), w=320
    ),
]

EMM = canvas_screen(
    "emm",
    QT_TRANSLATE_NOOP("Screen", "Cell house"),
    2,
    layout(RECTIFIERS, CIRCULATION, CELL_HOUSE, UTILITIES, PRODUCTION),
    area="EMM",
    shortcut="F2",
)
