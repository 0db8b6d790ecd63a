"""The loops to check, derived from the project: one per field instrument.

A field point is a tag read from a device (a Modbus or OPC UA address; not a simulated
source, not a calculated figure such as a KPI). An analog loop (a number with an engineering
range) is checked at 0, 50 and 100 % of its range; a discrete one (a bool, or a number with
named states) at each of its states. The screens that show a tag are given by the caller
(the console knows its displays; the engine does not).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tags.address import Scheme
from tags.config.project import Project
from tags.model import DataType, TagDef

ANALOG_POINTS = ("0", "50", "100")
"""The points of an analog loop: per cent of its engineering range."""
CALCULATED_SEGMENTS = frozenset({"KPI", "CALC"})
"""A tag with one of these name segments is a calculated figure, not an instrument."""
DEFAULT_TOLERANCE_PERCENT = 1.0
"""How far a value seen may be from the expected one, in % of the span."""


@dataclass(frozen=True)
class AlarmLimit:
    """One alarm limit of a loop, as the sheet lists it ("HI 44.0")."""

    kind: str
    limit: float | None


@dataclass(frozen=True)
class Loop:
    """One instrument to check: what the sheet says of it, and its check points."""

    tag: str
    description: str
    area: str
    unit: str
    low: float | None
    high: float | None
    analog: bool
    output: bool
    """Written by the console (a setpoint or command), else read from the device."""
    points: tuple[str, ...]
    alarms: tuple[AlarmLimit, ...] = ()
    screens: tuple[str, ...] = ()
    states: tuple[tuple[int, str], ...] = ()
    display_format: str = ".2f"
    description_zh: str = ""
    """The tag's description in Simplified Chinese ("": the English one is printed)."""

    @property
    def span(self) -> float:
        """High minus low of the range (0 for a discrete loop)."""
        if self.low is None or self.high is None:
            return 0.0
        return self.high - self.low

    @property
    def kind(self) -> str:
        """ "AO", "AI", "DO" or "DI"."""
        return ("A" if self.analog else "D") + ("O" if self.output else "I")

    def expected(self, point: str) -> float:
        """The value the instrument must show at ``point`` (KeyError: not a point of it)."""
        if point not in self.points:
            raise KeyError(point)
        if not self.analog:
            return float(point)
        assert self.low is not None
        return self.low + self.span * float(point) / 100.0

    def tolerance(self, percent: float = DEFAULT_TOLERANCE_PERCENT) -> float:
        """The tolerance in engineering units (a discrete point must match exactly)."""
        return abs(self.span) * percent / 100.0 if self.analog else 0.0

    def point_label(self, point: str) -> str:
        """ "50 %" for an analog point, "1 RUNNING" for a discrete one."""
        if self.analog:
            return f"{point} %"
        name = dict(self.states).get(int(point), "")
        return f"{point} {name}".strip()

    def format(self, value: float | None) -> str:
        """``value`` as the console shows it, with the unit ("----" when none)."""
        if value is None:
            return "----"
        if not self.analog:
            return str(int(value))
        try:
            text = format(value, self.display_format)
        except ValueError:
            text = repr(value)
        return f"{text} {self.unit}".strip()

    def range_text(self) -> str:
        if not self.analog:
            return "/".join(self.point_label(p) for p in self.points)
        return f"{self.format(self.low)} to {self.format(self.high)}"

    def alarms_text(self) -> str:
        return ", ".join(
            a.kind.upper() if a.limit is None or not self.analog
            else f"{a.kind.upper()} {self.format(a.limit)}"
            for a in self.alarms
        )  # fmt: skip


def is_field_point(tag: TagDef) -> bool:
    """A tag read from a device: a Modbus or OPC UA address, not a calculated figure."""
    if tag.address.scheme not in (Scheme.MODBUS, Scheme.OPCUA):
        return False
    if CALCULATED_SEGMENTS & set(tag.name.upper().split(".")):
        return False
    return loop_points(tag) is not None


def loop_points(tag: TagDef) -> tuple[str, ...] | None:
    """The check points of ``tag``; None when it has none (a text, or a number without a
    range or states)."""
    if tag.data_type is DataType.BOOL:
        return tuple(str(s) for s in sorted(tag.states)) if tag.states else ("0", "1")
    if tag.data_type not in (DataType.FLOAT, DataType.INT):
        return None
    if tag.states:
        return tuple(str(s) for s in sorted(tag.states))
    if tag.eng_low is None or tag.eng_high is None or tag.eng_high == tag.eng_low:
        return None
    return ANALOG_POINTS


def loop_of(tag: TagDef, screens: Iterable[str] = ()) -> Loop:
    """The loop of one field point (``is_field_point(tag)`` must hold)."""
    points = loop_points(tag)
    assert points is not None, tag.name
    analog = points == ANALOG_POINTS and not tag.states and tag.data_type is not DataType.BOOL
    return Loop(
        tag=tag.name, description=tag.description, area=tag.area or tag.name.split(".")[0],
        unit=tag.unit, low=tag.eng_low if analog else None,
        high=tag.eng_high if analog else None, analog=analog, output=tag.writable,
        points=points, alarms=tuple(AlarmLimit(a.kind.value, a.limit) for a in tag.alarms),
        screens=tuple(screens), states=tuple(sorted(tag.states.items())),
        display_format=tag.display_format, description_zh=tag.description_zh,
    )  # fmt: skip


def checklist(project: Project, screens: Mapping[str, Iterable[str]] | None = None) -> list[Loop]:
    """Every loop of ``project``, by area then tag; ``screens``: tag -> the titles of the
    displays that show it."""
    screens = screens or {}
    loops = [
        loop_of(tag, screens.get(name, ()))
        for name, tag in project.tags.items()
        if is_field_point(tag)
    ]
    return sorted(loops, key=lambda loop: (loop.area, loop.tag))
