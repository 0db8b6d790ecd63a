"""The register map of the field simulator's two Modbus PLCs: one definition, three uses.

The field server serves exactly these registers (modbus_plc.py), the demo tag lists take
their ``modbus://`` sources from ``modbus_source`` (a test keeps the two equal), and
``python3 -m tags.simulation.register_doc --out FILE`` writes the Markdown register map an
engineer checks a project file against.

Layout, as a coal-prep PLC and two rectifier controllers would have it:

* ``plc-cwp``: unit 1 the dense-medium circuit (float32, words swapped: CDAB), unit 2
  flotation (scaled int16), behind one gateway.
* ``plc-rect``: one rectifier controller per unit id (unit n = rectifier n), identical maps:
  float32 big-endian (ABCD), scaled int16/uint16, trip states as discrete inputs, the trip
  reset as a coil.

Measured values are input registers, setpoints, outputs and modes holding registers, states
discrete inputs, commands coils. Offsets inside a block follow each other in the order given.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from tags.address import ModbusTable, ModbusType, WordOrder

F32 = ModbusType.FLOAT32
I16 = ModbusType.INT16
U16 = ModbusType.UINT16
BOOL = ModbusType.BOOL
IR = ModbusTable.INPUT_REGISTER
HR = ModbusTable.HOLDING_REGISTER
DI = ModbusTable.DISCRETE_INPUT
CO = ModbusTable.COIL

_WIDTH = {F32: 2, I16: 1, U16: 1, BOOL: 1}
_DOCUMENT_BASE = {CO: 1, DI: 10001, IR: 30001, HR: 40001}


@dataclass(frozen=True, slots=True)
class Reg:
    """One entry of the definition: a model point, its wire type and scale."""

    point: str
    type: ModbusType
    scale: float = 1.0


@dataclass(frozen=True, slots=True)
class Block:
    """Consecutive entries of one table from ``start`` on."""

    table: ModbusTable
    start: int
    entries: tuple[Reg, ...]
    order: WordOrder = WordOrder.ABCD


@dataclass(frozen=True, slots=True)
class Unit:
    """One unit id: the points of ``model`` named ``prefix + entry.point``."""

    unit: int
    title: str
    model: str
    blocks: tuple[Block, ...]
    prefix: str = ""


@dataclass(frozen=True, slots=True)
class Plc:
    """One Modbus TCP endpoint, named as its connection in the project file."""

    connection: str
    title: str
    units: tuple[Unit, ...]


@dataclass(frozen=True, slots=True)
class MappedPoint:
    """Where one model point lives on the wire and how it is encoded."""

    connection: str
    unit: int
    model: str
    point: str
    table: ModbusTable
    offset: int
    type: ModbusType
    order: WordOrder
    scale: float

    @property
    def count(self) -> int:
        """Registers (or bits) the value occupies."""
        return _WIDTH[self.type]

    @property
    def document_address(self) -> int:
        """The 1-based address of manuals (30001 = input register 0)."""
        return _DOCUMENT_BASE[self.table] + self.offset

    @property
    def uri(self) -> str:
        """The tag-list source: ``modbus://plc-cwp/1/ir/0?type=float32&order=CDAB``."""
        base = f"modbus://{self.connection}/{self.unit}/{self.table.value}/{self.offset}"
        params = []
        if not self.table.is_bit:
            params.append(f"type={self.type.value}")
        if self.count > 1 and self.order is not WordOrder.ABCD:
            params.append(f"order={self.order.value}")
        if self.scale != 1.0:
            params.append(f"scale={self.scale:g}")
        return base + ("?" + "&".join(params) if params else "")


# --- the definition ---------------------------------------------------------------------------

_DMC_MEASURED = (
    "FEED.TPH", "FEED.ASH", "DMC.DENS.PV", "DMC.INLET_P", "DMC.UF_DENS", "DMC.OF_DENS",
    "DMC.DENS_DIFF", "CMSUMP.LEVEL.PV", "DILUTE.DENS", "MAGSEP.TAILS_MAG", "MAG.CONSUMPTION",
    "MAG.INVENTORY", "CLEAN.ASH", "CLEAN.TPH", "KPI.YIELD", "MIDDS.ASH", "MIDDS.TPH", "REJECT.ASH",
)  # fmt: skip
_DMC_SETTINGS = (
    "FEED.TPH_SP", "DMC.DENS.SP", "DMC.DENS.OP", "CMSUMP.LEVEL.SP", "CMSUMP.LEVEL.OP",
)  # fmt: skip

_DMC = Unit(
    1,
    "Dense-medium circuit",
    "cwp",
    (
        Block(IR, 0, tuple(Reg(p, F32) for p in _DMC_MEASURED), WordOrder.CDAB),
        Block(
            IR,
            50,
            (
                Reg("WATER_ADD.POS", I16, 0.1),
                Reg("SPLITTER.POS", I16, 0.1),
                Reg("ASH_ANALYSER.STATUS", U16),
            ),
        ),
        Block(HR, 0, tuple(Reg(p, F32) for p in _DMC_SETTINGS), WordOrder.CDAB),
        Block(HR, 20, (Reg("DMC.DENS.MODE", I16), Reg("CMSUMP.LEVEL.MODE", I16))),
    ),
)

_FLOTATION = Unit(
    2,
    "Flotation",
    "cwp",
    (
        Block(
            IR,
            0,
            (
                Reg("FLOT.FEED_SOLIDS", I16, 0.1),
                Reg("FLOT.COLLECTOR.PV", I16, 0.001),
                Reg("FLOT.CONC_ASH", I16, 0.01),
                Reg("FLOT.TAIL_ASH", I16, 0.01),
            ),
        ),
        Block(HR, 0, (Reg("FLOT.COLLECTOR.SP", I16, 0.001),)),
    ),
)


def _rectifier(n: int) -> Unit:
    return Unit(
        n,
        f"Rectifier {n}",
        "emm",
        (
            Block(IR, 0, (Reg("IDC", F32), Reg("UDC", U16, 0.1), Reg("XFMR_OIL_T", I16, 0.1))),
            Block(DI, 0, (Reg("TRIP", BOOL), Reg("GND_FAULT", BOOL))),
            Block(HR, 0, (Reg("IDC_SP", F32),)),
            Block(CO, 0, (Reg("RESET", BOOL),)),
        ),
        prefix=f"RECT{n}.",
    )


_RECTIFIERS = (_rectifier(1), _rectifier(2))
PLCS: tuple[Plc, ...] = (
    Plc("plc-cwp", "Coal washing plant PLC (units behind one gateway)", (_DMC, _FLOTATION)),
    Plc("plc-rect", "EMM rectifier controllers (unit n = rectifier n)", _RECTIFIERS),
)


# --- derived views ----------------------------------------------------------------------------


def _layout(plc: Plc, unit: Unit) -> list[MappedPoint]:
    points: list[MappedPoint] = []
    used: dict[ModbusTable, set[int]] = {}
    for block in unit.blocks:
        offset = block.start
        for reg in block.entries:
            point = MappedPoint(
                plc.connection,
                unit.unit,
                unit.model,
                unit.prefix + reg.point,
                block.table,
                offset,
                reg.type,
                block.order,
                reg.scale,
            )
            taken = used.setdefault(block.table, set())
            span = set(range(offset, offset + point.count))
            if taken & span:
                raise ValueError(f"{plc.connection} unit {unit.unit}: {point.point} overlaps")
            taken |= span
            points.append(point)
            offset += point.count
    return points


@cache
def mapped_points() -> tuple[MappedPoint, ...]:
    """Every served register, PLC by PLC, unit by unit, in definition order."""
    return tuple(p for plc in PLCS for unit in plc.units for p in _layout(plc, unit))


@cache
def _by_point() -> dict[tuple[str, str], MappedPoint]:
    table: dict[tuple[str, str], MappedPoint] = {}
    for point in mapped_points():
        key = (point.model, point.point)
        if key in table:
            raise ValueError(f"{point.model}/{point.point} is mapped twice")
        table[key] = point
    return table


def modbus_point(model: str, point: str) -> MappedPoint | None:
    """Where a model point is served over Modbus (None: it is not)."""
    return _by_point().get((model, point))


def modbus_source(model: str, point: str) -> str | None:
    """The tag-list source of a model point served over Modbus (None: it is not)."""
    found = modbus_point(model, point)
    return None if found is None else found.uri
