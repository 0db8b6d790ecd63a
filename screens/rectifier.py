"""L3 rectifier detail: both rectifiers with current (setpoint marker), voltage and
transformer oil against their limits and 10-minute trends, trip, ground fault and reset,
and the cells of each series (voltage and temperature, thirty to a row).
"""

from __future__ import annotations

from hmi.canvas.builder import canvas_screen
from hmi.canvas.elements import (
    Element,
    analog,
    cell_map,
    layout,
    link,
    panel,
    sparkline,
    text,
    value,
)
from hmi.i18n.marks import QT_TRANSLATE_NOOP
from screens.emm import SERIES, cells

DETAIL_TITLES = {
    1: QT_TRANSLATE_NOOP("Screen", "Rectifier 1  (series 1, 60 cells)"),
    2: QT_TRANSLATE_NOOP("Screen", "Rectifier 2  (series 2, 60 cells)"),
}


def rectifier(n: int, x: float) -> list[Element]:
    r = f"EMM.RECT{n}"
    u, t = cells(n, "U"), cells(n, "T")
    return [
        panel(x, 10, 780, 620, DETAIL_TITLES[n]),
        analog(
            x + 10,
            40,
            f"{r}.IDC",
            label=QT_TRANSLATE_NOOP("Screen", "DC current"),
            setpoint=f"{r}.IDC_SP",
            w=370,
        ),
        sparkline(x + 390, 42, 380, 42, f"{r}.IDC"),
        analog(x + 10, 92, f"{r}.UDC", label=QT_TRANSLATE_NOOP("Screen", "DC voltage"), w=370),
        sparkline(x + 390, 94, 380, 42, f"{r}.UDC"),
        analog(
            x + 10,
            144,
            f"{r}.XFMR_OIL_T",
            label=QT_TRANSLATE_NOOP("Screen", "Transformer oil"),
            w=370,
        ),
        sparkline(x + 390, 146, 380, 42, f"{r}.XFMR_OIL_T"),
        value(
            x + 10, 200, f"{r}.IDC_SP", label=QT_TRANSLATE_NOOP("Screen", "Current setpoint"), w=370
        ),
        value(x + 10, 226, f"{r}.TRIP", label=QT_TRANSLATE_NOOP("Screen", "Trip"), w=370),
        value(
            x + 10,
            252,
            f"{r}.GND_FAULT",
            label=QT_TRANSLATE_NOOP("Screen", "DC ground fault"),
            w=370,
        ),
        value(
            x + 10,
            278,
            f"{r}.RESET",
            label=QT_TRANSLATE_NOOP("Screen", "Trip reset command"),
            w=370,
        ),
        text(x + 390, 200, 380, 80, QT_TRANSLATE_NOOP("Screen", "trends: last 10 min"), dim=True),
        text(
            x + 10,
            314,
            500,
            20,
            QT_TRANSLATE_NOOP("Screen", "Cells (light = normal band; darker = further out)"),
            bold=True,
        ),
        cell_map(
            x + 10,
            338,
            760,
            280,
            [
                ("U 1-30", u[:30]),
                ("U 31-60", u[30:]),
                ("T 1-30", t[:30]),
                ("T 31-60", t[30:]),
            ],
            title=SERIES[n],
        ),
    ]


TOTALS = [
    panel(10, 640, 1580, 210, QT_TRANSLATE_NOOP("Screen", "Cell house totals")),
    analog(20, 668, "EMM.KPI.MN_RATE", label=QT_TRANSLATE_NOOP("Screen", "Mn rate"), w=370),
    sparkline(400, 670, 380, 42, "EMM.KPI.MN_RATE", minutes=30),
    analog(20, 720, "EMM.KPI.CE", label=QT_TRANSLATE_NOOP("Screen", "Current efficiency"), w=370),
    sparkline(400, 722, 380, 42, "EMM.KPI.CE", minutes=30),
    analog(20, 772, "EMM.KPI.SEC_DC", label=QT_TRANSLATE_NOOP("Screen", "DC energy"), w=370),
    sparkline(400, 774, 380, 42, "EMM.KPI.SEC_DC", minutes=30),
    analog(
        810, 668, "EMM.CYCLE.ELAPSED", label=QT_TRANSLATE_NOOP("Screen", "Since stripping"), w=370
    ),
    analog(810, 720, "EMM.CW.SUP_T", label=QT_TRANSLATE_NOOP("Screen", "Cooling water"), w=370),
    value(
        810, 776, "EMM.CIRC.NO_FLOW", label=QT_TRANSLATE_NOOP("Screen", "Electrolyte flow"), w=370
    ),
    link(1200, 668, "emm", QT_TRANSLATE_NOOP("Screen", "Cell house (F2)"), w=200),
]

RECTIFIER = canvas_screen(
    "rectifier",
    QT_TRANSLATE_NOOP("Screen", "Rectifiers"),
    3,
    layout(rectifier(1, 10), rectifier(2, 810), TOTALS),
    area="EMM",
    shortcut="F5",
)
