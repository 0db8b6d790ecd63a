"""L1 plant overview: per area the few numbers that matter, each with its target and a
30-minute trend, the area's alarm counts (a click opens the area) and its main equipment.
"""

from __future__ import annotations

from typing import Any

from hmi.canvas.builder import canvas_screen
from hmi.canvas.elements import (
    Element,
    alarm_counts,
    kpi,
    layout,
    link,
    panel,
    sparkline,
    text,
    value,
)
from hmi.widgets.critical_point import CO2_CRITICAL_T_C

COLUMN_W = 520
CARD_W = 245
TREND_MIN = 30.0


CARD_H = 140
TREND_H = 62
ROW_H = CARD_H + TREND_H + 12


def card(x: float, y: float, tag: str, label: str, **options: Any) -> list[Element]:
    """A KPI tile with its trend underneath."""
    return [
        kpi(x, y, tag, label=label, w=CARD_W, h=CARD_H, **options),
        sparkline(x, y + CARD_H + 2, CARD_W, TREND_H, tag, minutes=TREND_MIN),
    ]


def column(
    index: int,
    area: str,
    title: str,
    screen: str,
    screen_label: str,
    cards: list[tuple[str, str, dict[str, Any]]],
    equipment: list[tuple[str, str]],
) -> list[Element]:
    x = 10 + index * (COLUMN_W + 15)
    parts: list[Element] = [
        panel(x, 10, COLUMN_W, 840, title),
        alarm_counts(x + 10, 40, area, screen=screen, w=320, h=30),
        link(x + COLUMN_W - 180, 42, screen, screen_label, w=170),
    ]
    for i, (tag, label, options) in enumerate(cards):
        cx = x + 10 + (i % 2) * (CARD_W + 10)
        cy = 86 + (i // 2) * ROW_H
        parts += card(cx, cy, tag, label, **options)
    y = 86 + 3 * ROW_H + 4
    parts.append(
        text(
            x + 10,
            826,
            COLUMN_W - 20,
            18,
            f"trends: last {TREND_MIN:g} min",
            dim=True,
            align="right",
        )
    )
    for i, (tag, label) in enumerate(equipment):
        parts.append(
            value(
                x + 10 + (i % 2) * (CARD_W + 10),
                y + (i // 2) * 28,
                tag,
                label=label,
                w=CARD_W,
                h=24,
            )
        )
    return parts


EMM = column(
    0,
    "EMM",
    "EMM  electrolytic manganese cell house",
    "emm",
    "Cell house (F2)",
    [
        ("EMM.RECT1.IDC", "Series 1 DC current", {}),
        ("EMM.RECT2.IDC", "Series 2 DC current", {}),
        ("EMM.KPI.MN_RATE", "Mn production rate", {}),
        ("EMM.KPI.CE", "Current efficiency", {}),
        ("EMM.KPI.SEC_DC", "DC energy per tonne", {}),
        ("EMM.CATH.MN", "Catholyte Mn", {}),
    ],
    [
        ("EMM.RECT1.TRIP", "Rectifier 1"),
        ("EMM.RECT2.TRIP", "Rectifier 2"),
        ("EMM.CIRC.P1.RUN", "Circulation pump 1"),
        ("EMM.CIRC.P2.RUN", "Circulation pump 2"),
        ("EMM.CIRC.NO_FLOW", "Electrolyte flow"),
        ("EMM.HALL.H2", "Hall hydrogen"),
    ],
)

CWP = column(
    1,
    "CWP",
    "CWP  coal washing plant",
    "cwp",
    "Coal washing (F3)",
    [
        ("CWP.FEED.TPH", "Raw coal feed", {}),
        ("CWP.CLEAN.ASH", "Clean coal ash", {"limit": "hi"}),
        ("CWP.KPI.YIELD", "Clean coal yield", {}),
        ("CWP.DMC.DENS.PV", "Medium density", {}),
        ("CWP.CLEAN.TPH", "Clean coal", {}),
        ("CWP.MAG.CONSUMPTION", "Magnetite consumption", {}),
    ],
    [
        ("CWP.ASH_ANALYSER.STATUS", "Ash analyser"),
        ("CWP.FEED.ASH", "Raw coal ash"),
        ("CWP.CMSUMP.LEVEL.PV", "Medium sump level"),
        ("CWP.DMC.DENS.MODE", "Density control"),
        ("CWP.FLOT.CONC_ASH", "Flotation conc. ash"),
        ("CWP.REJECT.ASH", "Reject ash"),
    ],
)

SCO2 = column(
    2,
    "SCO2",
    "SCO2  supercritical CO2 waste-heat loop",
    "sco2",
    "sCO2 loop (F4)",
    [
        ("SCO2.NET.P", "Net power", {}),
        ("SCO2.KPI.CYCLE_EFF", "Cycle efficiency", {}),
        (
            "SCO2.COMP.IN_T.PV",
            "Comp. inlet above critical T",
            {"reference": CO2_CRITICAL_T_C, "unit": "K"},
        ),
        ("SCO2.KPI.HEAT_RECOVERED", "Heat recovered", {}),
        ("SCO2.GEN.P", "Generator output", {}),
        ("SCO2.TURB.IN_T", "Turbine inlet", {}),
    ],
    [
        ("SCO2.GEN.BREAKER", "Generator breaker"),
        ("SCO2.TURB.TRIP", "Turbine"),
        ("SCO2.CW.P1.RUN", "CW pump 1"),
        ("SCO2.CW.P2.RUN", "CW pump 2"),
        ("SCO2.COMP.SURGE_MARGIN", "Surge margin"),
        ("SCO2.WHX.GAS_IN_T", "Flue gas in"),
    ],
)

OVERVIEW = canvas_screen("overview", "Overview", 1, layout(EMM, CWP, SCO2), shortcut="F1")
