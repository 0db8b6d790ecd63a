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
from screens.emm import cells


def rectifier(n: int, x: float) -> list[Element]:
    r = f"EMM.RECT{n}"
    u, t = cells(n, "U"), cells(n, "T")
    return [
        panel(x, 10, 780, 620, f"Rectifier {n}  (series {n}, 60 cells)"),
        analog(x + 10, 40, f"{r}.IDC", label="DC current", setpoint=f"{r}.IDC_SP", w=370),
        sparkline(x + 390, 42, 380, 42, f"{r}.IDC"),
        analog(x + 10, 92, f"{r}.UDC", label="DC voltage", w=370),
        sparkline(x + 390, 94, 380, 42, f"{r}.UDC"),
        analog(x + 10, 144, f"{r}.XFMR_OIL_T", label="Transformer oil", w=370),
        sparkline(x + 390, 146, 380, 42, f"{r}.XFMR_OIL_T"),
        value(x + 10, 200, f"{r}.IDC_SP", label="Current setpoint", w=370),
        value(x + 10, 226, f"{r}.TRIP", label="Trip", w=370),
        value(x + 10, 252, f"{r}.GND_FAULT", label="DC ground fault", w=370),
        value(x + 10, 278, f"{r}.RESET", label="Trip reset command", w=370),
        text(x + 390, 200, 380, 80, "trends: last 10 min", dim=True),
        text(x + 10, 314, 500, 20, "Cells (light = normal band; darker = further out)", bold=True),
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
            title=f"Series {n}",
        ),
    ]


TOTALS = [
    panel(10, 640, 1580, 210, "Cell house totals"),
    analog(20, 668, "EMM.KPI.MN_RATE", label="Mn rate", w=370),
    sparkline(400, 670, 380, 42, "EMM.KPI.MN_RATE", minutes=30),
    analog(20, 720, "EMM.KPI.CE", label="Current efficiency", w=370),
    sparkline(400, 722, 380, 42, "EMM.KPI.CE", minutes=30),
    analog(20, 772, "EMM.KPI.SEC_DC", label="DC energy", w=370),
    sparkline(400, 774, 380, 42, "EMM.KPI.SEC_DC", minutes=30),
    analog(810, 668, "EMM.CYCLE.ELAPSED", label="Since stripping", w=370),
    analog(810, 720, "EMM.CW.SUP_T", label="Cooling water", w=370),
    value(810, 776, "EMM.CIRC.NO_FLOW", label="Electrolyte flow", w=370),
    link(1200, 668, "emm", "Cell house (F2)", w=200),
]

RECTIFIER = canvas_screen(
    "rectifier",
    "Rectifiers",
    3,
    layout(rectifier(1, 10), rectifier(2, 810), TOTALS),
    area="EMM",
    shortcut="F5",
)
