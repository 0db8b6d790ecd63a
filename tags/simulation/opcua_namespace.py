"""The OPC UA address space of the field simulator's DCS server, and where every point is served.

One namespace per area, registered in a fixed order so the indexes in the tag lists hold:
ns=2 EMM (the cell house; the rectifiers are on their own Modbus PLC), ns=3 SCO2. Every point
of those models not in the Modbus register map is a variable at Objects/<Area>/<Unit>/.../<Point>
(the tag name split at its dots), node id ``ns=<i>;s=<tag name>``; the folders between are
objects with node ids of the same form (``ns=2;s=EMM.FEED.FLOW`` holds PV, SP, OP and MODE).

Data types: float points Double, int points Int32, bool points Boolean. Points with a unit
carry an EngineeringUnits property (EUInformation, UNECE common codes); writable points have
CurrentRead | CurrentWrite access, the others CurrentRead only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tags.simulation.plant import PointInfo
from tags.simulation.register_map import modbus_source

CONNECTION = "dcs"
EU_NAMESPACE = "http://www.opcfoundation.org/UA/units/un/cefact"


@dataclass(frozen=True, slots=True)
class Namespace:
    area: str
    uri: str
    index: int


NAMESPACES: dict[str, Namespace] = {
    "emm": Namespace("EMM", "urn:operator-console:field-simulator:emm", 2),
    "sco2": Namespace("SCO2", "urn:operator-console:field-simulator:sco2", 3),
}
"""Models served over OPC UA, by model name, in registration order."""

UPDATE_PERIOD = 0.25
"""Seconds between value updates of a served variable (the console's fastest scan class)."""
SLOW_UPDATES = {"emm": ("CELL.",)}
"""Points updated once a second: the 240 cell readings come from a cell-voltage monitoring
system scanned once a second, as in a real cell house (and they are most of the writes)."""

VARIANT_TYPES = {"float": "Double", "int": "Int32", "bool": "Boolean"}
"""The OPC UA built-in type of each point kind (asyncua ``ua.VariantType`` member names)."""

UNECE_CODES = {
    "°C": "CEL", "kA": "B22", "V": "VLT", "%": "P1", "g/L": "GL", "mg/L": "M1",
    "m³/h": "MQH", "ppm": "59", "t/h": "E18", "h": "HUR", "MPa": "MPA", "kPa": "KPA",
    "kg/m³": "KMQ", "MW": "MAW", "kg/s": "KGS", "t": "TNE", "µm": "4H", "g/cm³": "23",
}  # fmt: skip
"""UNECE Recommendation 20 common codes; units without one (%LEL, kWh/t ...) get UnitId -1."""


def unit_id(unit: str) -> int:
    """The EUInformation UnitId of a unit: its common code's bytes, or -1 when it has none."""
    code = UNECE_CODES.get(unit)
    if code is None:
        return -1
    number = 0
    for char in code:
        number = (number << 8) | ord(char)
    return number


@dataclass(frozen=True, slots=True)
class UaPoint:
    """One served variable: where it is, its type and what it is."""

    model: str
    point: str
    namespace: Namespace
    info: PointInfo

    @property
    def name(self) -> str:
        """The tag name, which is also the string part of the node id."""
        return f"{self.namespace.area}.{self.point}"

    @property
    def node_id(self) -> str:
        return f"ns={self.namespace.index};s={self.name}"

    @property
    def path(self) -> tuple[str, ...]:
        """Browse names below Objects: area, unit, ..., point."""
        return (self.namespace.area, *self.point.split("."))

    @property
    def variant_type(self) -> str:
        return VARIANT_TYPES[self.info.kind]

    @property
    def uri(self) -> str:
        return f"opcua://{CONNECTION}/{self.node_id}"

    @property
    def update_period(self) -> float:
        """Seconds between updates of the served value."""
        if self.point.startswith(SLOW_UPDATES.get(self.model, ())):
            return 1.0
        return UPDATE_PERIOD


def ua_points(model: str, points: Mapping[str, PointInfo]) -> list[UaPoint]:
    """The variables served for a model: its points that are not on a Modbus PLC."""
    namespace = NAMESPACES.get(model)
    if namespace is None:
        return []
    served = [
        UaPoint(model, point, namespace, info)
        for point, info in points.items()
        if modbus_source(model, point) is None
    ]
    names = {p.name for p in served}
    for p in served:
        folders = {".".join(p.path[: i + 1]) for i in range(1, len(p.path) - 1)}
        clash = folders & names
        if clash:
            raise ValueError(f"{p.name}: folder {sorted(clash)[0]} is also a variable")
    return served


def served_source(model: str, point: str) -> str:
    """The tag-list source of a model point as the field server serves it."""
    source = modbus_source(model, point)
    if source is not None:
        return source
    namespace = NAMESPACES.get(model)
    if namespace is None:
        raise KeyError(f"{model}/{point} is neither in the register map nor on the OPC UA server")
    return f"opcua://{CONNECTION}/ns={namespace.index};s={namespace.area}.{point}"
