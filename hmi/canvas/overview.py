"""The L1 overview of any project: one column per area (one to eight), each with the key
figures the project declares for it.

A column holds the area's alarm counts (a click opens the area's display), a link to that
display, its KPI cards (big value and target band, a trend underneath) and its equipment
states. One to four areas sit side by side; five to eight in two rows. Cards keep the size
of three columns of six figures where they fit and shrink together where they do not (their
trends go when a card gets too short to read one; where even a card is too short, the
figures become value readouts above the equipment). Plain data: nothing here imports Qt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from hmi.canvas.elements import (
    CANVAS_H,
    CANVAS_W,
    Element,
    Layout,
    alarm_counts,
    kpi,
    layout,
    link,
    panel,
    sparkline,
    text,
    value,
)
from hmi.i18n.marks import QT_TRANSLATE_NOOP

MAX_AREAS = 8
TREND_MIN = 30.0
CARD_W = 245.0
CARD_H = 140.0
TREND_H = 62.0
ROW_H = CARD_H + TREND_H + 12
"""A card row at full size: card, 2 units, trend, 10 units to the next row."""
MIN_TREND_ROW_H = 150.0
"""Below this a card row has no room for a readable trend: the card alone."""
MIN_CARD_ROW_H = 110.0
"""Below this a card cannot show value, band and target: the figures become readouts."""
MAX_CARD_W = 320.0
STATE_W = 160.0
STATE_H = 24.0
STATE_ROW_H = 28.0
GAP = 15.0
MARGIN = 10.0
LINK_W = 170.0
COUNTS_W = 320.0
HEADER_H = 76.0
NARROW_HEADER_H = 108.0
"""A column too narrow for alarm counts and link side by side has them one above the other."""
FOOTER_H = 24.0

TRENDS_NOTE = QT_TRANSLATE_NOOP("Overview", "trends: last {minutes} min")
"""The note under an area's trends (the canvas's own text, translated where painted)."""


@dataclass(frozen=True)
class KeyFigure:
    """A KPI card: ``tag`` with ``label``; ``options`` as for ``elements.kpi`` (target,
    limit, reference, reference_label, unit)."""

    tag: str
    label: str
    options: dict[str, Any] = field(default_factory=dict)
    label_zh: str = ""


@dataclass(frozen=True)
class EquipmentState:
    """A value readout of an equipment state (running, tripped, a level...)."""

    tag: str
    label: str
    label_zh: str = ""


@dataclass(frozen=True)
class OverviewArea:
    """What the overview shows of one area: ``screen`` is the key of its display."""

    area: str
    title: str
    screen: str = ""
    link_label: str = ""
    figures: tuple[KeyFigure, ...] = ()
    equipment: tuple[EquipmentState, ...] = ()
    title_zh: str = ""
    link_label_zh: str = ""


@dataclass(frozen=True)
class _Box:
    x: float
    y: float
    w: float
    h: float


def overview_layout(areas: list[OverviewArea] | tuple[OverviewArea, ...]) -> Layout:
    """The overview of ``areas`` in their order (ValueError past MAX_AREAS)."""
    if len(areas) > MAX_AREAS:
        raise ValueError(f"{len(areas)} areas: the overview shows at most {MAX_AREAS}")
    boxes = _columns(len(areas))
    return layout(*(column(area, box) for area, box in zip(areas, boxes, strict=True)))


def _columns(count: int) -> list[_Box]:
    """The panel of each of ``count`` columns: one row up to four, else two rows."""
    if count == 0:
        return []
    rows = 1 if count <= 4 else 2
    per_row = math.ceil(count / rows)
    w = (CANVAS_W - MARGIN - GAP * (per_row - 1)) / per_row
    h = (CANVAS_H - 2 * MARGIN - MARGIN * (rows - 1)) / rows
    return [
        _Box(MARGIN + (i % per_row) * (w + GAP), MARGIN + (i // per_row) * (h + MARGIN), w, h)
        for i in range(count)
    ]


def _grid(width: float, count: int, cell_w: float, max_per_row: int | None = None) -> int:
    """How many cells of about ``cell_w`` fit side by side in ``width`` (at least one)."""
    fit = max(1, int((width - MARGIN) // (cell_w + MARGIN)))
    return max(1, min(fit, count, max_per_row or fit))


def _card_grid(width: float, height: float, count: int) -> tuple[int, float, float]:
    """(cards per row, card width, row height) that show ``count`` cards largest: each
    dimension counted against the full-size card, the smaller one decides; ties go to more
    cards per row (a wide column fills its width)."""
    best = (0.0, 1, CARD_W, ROW_H)
    for per_row in range(1, max(1, count) + 1):
        card_w = min(MAX_CARD_W, (width - MARGIN - MARGIN * per_row) / per_row)
        row_h = min(ROW_H, height / math.ceil(max(1, count) / per_row))
        score = min(1.0, card_w / CARD_W, row_h / ROW_H)
        if score >= best[0]:
            best = (score, per_row, card_w, row_h)
    return best[1], best[2], best[3]


def column(area: OverviewArea, box: _Box) -> list[Element]:
    """One area's column inside ``box``."""
    x, y, w, h = box.x, box.y, box.w, box.h
    parts: list[Element] = [_zh(panel(x, y, w, h, area.title), title_zh=area.title_zh)]
    narrow = w < COUNTS_W + LINK_W + 3 * MARGIN
    counts_w = w - 2 * MARGIN if narrow else COUNTS_W
    label = area.link_label or area.screen
    counts = alarm_counts(x + MARGIN, y + 30, area.area, screen=area.screen, label=label,
                          w=counts_w, h=30)  # fmt: skip
    parts.append(_zh(counts, label_zh=area.link_label_zh))
    if area.screen:
        link_y = y + 66 if narrow else y + 32
        shown = link(x + w - LINK_W - MARGIN, link_y, area.screen, label, w=LINK_W)
        parts.append(_zh(shown, label_zh=area.link_label_zh))
    states_per_row = _grid(w - MARGIN, len(area.equipment), STATE_W, 2 if w <= 600 else None)
    state_rows = math.ceil(len(area.equipment) / states_per_row)
    top = y + (NARROW_HEADER_H if narrow else HEADER_H)
    bottom = y + h - FOOTER_H
    room = bottom - top - 4 - state_rows * STATE_ROW_H
    per_row, card_w, row_h = _card_grid(w, room, len(area.figures))
    if area.figures and row_h < MIN_CARD_ROW_H:
        readouts = [EquipmentState(f.tag, f.label, f.label_zh) for f in area.figures]
        return parts + _states(x, top, w, readouts + list(area.equipment), states_per_row)
    with_trends = row_h >= MIN_TREND_ROW_H
    for i, figure in enumerate(area.figures):
        cx = x + MARGIN + (i % per_row) * (card_w + MARGIN)
        cy = top + (i // per_row) * row_h
        if with_trends:
            trend_h = TREND_H * row_h / ROW_H
            card_h = row_h - trend_h - 12
            card = kpi(cx, cy, figure.tag, label=figure.label, w=card_w, h=card_h,
                       **_english(figure.options))  # fmt: skip
            parts.append(_zh(card, label_zh=figure.label_zh, **_chinese(figure.options)))
            parts.append(
                sparkline(cx, cy + card_h + 2, card_w, trend_h, figure.tag, minutes=TREND_MIN)
            )
        else:
            card = kpi(cx, cy, figure.tag, label=figure.label, w=card_w, h=row_h - MARGIN,
                       **_english(figure.options))  # fmt: skip
            parts.append(_zh(card, label_zh=figure.label_zh, **_chinese(figure.options)))
    rows = math.ceil(len(area.figures) / per_row)
    if with_trends and area.figures:
        parts.append(text(x + MARGIN, bottom, w - 2 * MARGIN, 18, TRENDS_NOTE, dim=True,
                          align="right", context="Overview",
                          values={"minutes": f"{TREND_MIN:g}"}))  # fmt: skip
    return parts + _states(x, top + rows * row_h + 4, w, list(area.equipment), states_per_row)


def _states(
    x: float, top: float, w: float, states: list[EquipmentState], per_row: int
) -> list[Element]:
    """Value readouts from ``top``, ``per_row`` side by side."""
    state_w = (w - MARGIN - MARGIN * per_row) / per_row
    return [
        _zh(
            value(
                x + MARGIN + (i % per_row) * (state_w + MARGIN),
                top + (i // per_row) * STATE_ROW_H,
                state.tag,
                label=state.label,
                w=state_w,
                h=STATE_H,
            ),
            label_zh=state.label_zh,
        )
        for i, state in enumerate(states)
    ]


def _zh(element: Element, **chinese: str) -> Element:
    """``element`` with the Chinese of its texts (``label_zh``...) where the project gives it."""
    given = {k: v for k, v in chinese.items() if v}
    return replace(element, options={**element.options, **given}) if given else element


def _english(options: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in options.items() if not k.endswith("_zh")}


def _chinese(options: dict[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in options.items() if k.endswith("_zh")}
