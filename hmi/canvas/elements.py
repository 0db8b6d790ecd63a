"""The vocabulary of declarative screens: elements on a virtual canvas, as plain data.

A screen is a ``Layout``: a list of ``Element`` (widget kind, position and size on a virtual
canvas of ``CANVAS_W`` x ``CANVAS_H`` units, tag names by role, options). ``hmi.canvas.builder``
turns a layout into widgets and rescales it with the window. Nothing here imports Qt, so
tests can walk every binding of every screen without building one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

CANVAS_W = 1600.0
CANVAS_H = 860.0

STATIC_KINDS = frozenset({"panel", "text", "symbol"})
"""Painted by the canvas itself (no widget, no binding)."""


@dataclass(frozen=True, eq=False)
class Element:
    """One thing on a screen: ``kind`` picks the widget, ``tags`` maps role -> tag name."""

    kind: str
    x: float
    y: float
    w: float
    h: float
    tags: Mapping[str, str] = field(default_factory=dict)
    options: Mapping[str, Any] = field(default_factory=dict)

    def option(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)


@dataclass(frozen=True, eq=False)
class Layout:
    """A whole display: its elements in painting order (later ones on top)."""

    elements: tuple[Element, ...]
    width: float = CANVAS_W
    height: float = CANVAS_H

    def tags(self) -> set[str]:
        """Every tag name the screen binds."""
        return {name for e in self.elements for name in e.tags.values()}

    def screens(self) -> set[str]:
        """Every screen key the display links to."""
        return {str(e.options["screen"]) for e in self.elements if "screen" in e.options}


def layout(*parts: Element | Iterable[Element]) -> Layout:
    """A layout from elements and lists of elements, in order."""
    elements: list[Element] = []
    for part in parts:
        if isinstance(part, Element):
            elements.append(part)
        else:
            elements.extend(part)
    return Layout(tuple(elements))


def _tags(**roles: str | None) -> dict[str, str]:
    return {role: name for role, name in roles.items() if name}


# static decoration ---------------------------------------------------------------------------


def panel(x: float, y: float, w: float, h: float, title: str = "") -> Element:
    """A thin frame grouping a unit, with its title in the top-left corner."""
    return Element("panel", x, y, w, h, options={"title": title})


def text(
    x: float,
    y: float,
    w: float,
    h: float,
    content: str,
    *,
    size: float = 1.0,
    bold: bool = False,
    align: str = "left",
    dim: bool = False,
    context: str = "",
    values: Mapping[str, str] | None = None,
) -> Element:
    """Static text; ``size`` scales the base font, ``align`` is left, center or right.
    ``context``: the canvas's own text (not a project's), marked with QT_TRANSLATE_NOOP under
    that context and painted translated, with ``values`` put into its ``{placeholders}``."""
    options: dict[str, Any] = {
        "text": content, "size": size, "bold": bold, "align": align, "dim": dim,
    }  # fmt: skip
    if context:
        options["context"] = context
        options["values"] = tuple((values or {}).items())
    return Element("text", x, y, w, h, options=options)


def symbol(x: float, y: float, w: float, h: float, shape: str, label: str = "") -> Element:
    """A static equipment outline (see hmi.widgets.shapes.SHAPES)."""
    return Element("symbol", x, y, w, h, options={"shape": shape, "label": label})


# bound widgets ---------------------------------------------------------------------------------


def value(
    x: float, y: float, tag: str, *, label: str = "", w: float = 190, h: float = 22
) -> Element:
    """A value readout (label left, value and unit right); quality and alarm shown."""
    return Element("value", x, y, w, h, _tags(pv=tag), {"label": label})


def analog(
    x: float,
    y: float,
    tag: str,
    *,
    label: str = "",
    setpoint: str | None = None,
    span: tuple[float, float] | None = None,
    w: float = 250,
    h: float = 44,
) -> Element:
    """ISA-101 moving analog indicator: normal band, alarm limits, setpoint, pointer."""
    return Element("analog", x, y, w, h, _tags(pv=tag, sp=setpoint), {"label": label, "span": span})


def pump(
    x: float,
    y: float,
    run: str,
    *,
    label: str = "",
    cmd: str | None = None,
    trip: str | None = None,
    mode: str | None = None,
    facing: str = "right",
    w: float = 70,
    h: float = 78,
) -> Element:
    """Pump/motor: running (filled), stopped (hollow), tripped, in manual."""
    return Element(
        "pump",
        x,
        y,
        w,
        h,
        _tags(run=run, cmd=cmd, trip=trip, mode=mode),
        {"label": label, "facing": facing},
    )


def valve(
    x: float,
    y: float,
    position: str,
    *,
    label: str = "",
    mode: str | None = None,
    vertical: bool = False,
    w: float = 70,
    h: float = 74,
) -> Element:
    """Control valve with its position (%): open is filled, closed is hollow."""
    return Element(
        "valve", x, y, w, h, _tags(pos=position, mode=mode), {"label": label, "vertical": vertical}
    )


def tank(
    x: float,
    y: float,
    w: float,
    h: float,
    level: str,
    *,
    label: str = "",
    setpoint: str | None = None,
    cone: bool = False,
) -> Element:
    """Tank or sump with its level, normal band, alarm limits and setpoint."""
    return Element("tank", x, y, w, h, _tags(pv=level, sp=setpoint), {"label": label, "cone": cone})


def pipe(
    points: Sequence[tuple[float, float]],
    *,
    flow: str | None = None,
    threshold: float = 0.0,
    arrows: bool = True,
    width: float = 3.0,
) -> Element:
    """A process line through ``points`` (canvas units) with arrows in the flow direction;
    bound to a flow tag it is drawn idle (thin, no arrows) at or below ``threshold``."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    pad = 8.0
    x, y = min(xs) - pad, min(ys) - pad
    return Element(
        "pipe",
        x,
        y,
        max(xs) - x + pad,
        max(ys) - y + pad,
        _tags(flow=flow),
        {
            "points": tuple((px - x, py - y) for px, py in points),
            "threshold": threshold,
            "arrows": arrows,
            "width": width,
        },
    )


def controller(
    x: float, y: float, loop: str, *, label: str = "", w: float = 210, h: float = 104
) -> Element:
    """PID controller block of ``loop`` (tags loop.PV, .SP, .OP, .MODE); opens the faceplate."""
    return Element(
        "controller",
        x,
        y,
        w,
        h,
        _tags(pv=f"{loop}.PV", sp=f"{loop}.SP", op=f"{loop}.OP", mode=f"{loop}.MODE"),
        {"label": label or loop},
    )


def sparkline(
    x: float, y: float, w: float, h: float, tag: str, *, minutes: float = 10.0
) -> Element:
    """A short trend of one tag, kept in the widget from the bridge's samples."""
    return Element("sparkline", x, y, w, h, _tags(pv=tag), {"minutes": minutes})


def cell_map(
    x: float,
    y: float,
    w: float,
    h: float,
    rows: Sequence[tuple[str, Sequence[str]]],
    *,
    title: str = "",
    columns: Sequence[str] = (),
) -> Element:
    """One widget painting many cells: each row is (label, tag per cell); cells are coloured
    only by deviation from their normal band. Roles are ``row/column`` indices."""
    tags = {f"{r}/{c}": name for r, (_, names) in enumerate(rows) for c, name in enumerate(names)}
    return Element(
        "cell_map",
        x,
        y,
        w,
        h,
        tags,
        {
            "rows": tuple((label, len(names)) for label, names in rows),
            "title": title,
            "columns": tuple(columns),
        },
    )


def kpi(
    x: float,
    y: float,
    tag: str,
    *,
    label: str,
    w: float = 250,
    h: float = 118,
    target: tuple[float, float] | None = None,
    limit: str = "",
    reference: float | None = None,
    reference_label: str = "",
    unit: str | None = None,
) -> Element:
    """KPI tile: big value, target band (default: the tag's normal band), an optional limit
    taken from the tag's alarm of that kind ("hi", "lo"...); with ``reference`` the tile shows
    the value minus the reference (a margin), with ``unit`` in place of the tag's unit."""
    return Element(
        "kpi",
        x,
        y,
        w,
        h,
        _tags(pv=tag),
        {
            "label": label,
            "target": target,
            "limit": limit,
            "reference": reference,
            "reference_label": reference_label,
            "unit": unit,
        },
    )


def alarm_counts(
    x: float,
    y: float,
    area: str,
    *,
    screen: str = "",
    label: str = "",
    w: float = 330,
    h: float = 34,
) -> Element:
    """Alarm counts of an area per priority (shape + number + count); opens ``screen``
    (``label``: its name in the tooltip, else the screen's key)."""
    options: dict[str, Any] = {"area": area}
    if screen:
        options["screen"] = screen
    if label:
        options["label"] = label
    return Element("alarm_counts", x, y, w, h, options=options)


def link(x: float, y: float, screen: str, label: str, *, w: float = 170, h: float = 26) -> Element:
    """A button to another display."""
    return Element("link", x, y, w, h, options={"screen": screen, "label": label})


def critical_point(
    x: float, y: float, w: float, h: float, *, temperature: str, pressure: str
) -> Element:
    """CO2 near its critical point: saturation line, critical point, the measured state and
    its distance (temperature margin) from the critical point."""
    return Element("critical_point", x, y, w, h, _tags(t=temperature, p=pressure))
