"""The field simulator's Modbus PLCs: registers from register_map.py, values from the models.

One ``ModbusPlc`` per PLC of the map (plc-cwp, plc-rect): a pymodbus TCP server with one
device per unit id, each table sized to the map (reads past it answer exception 02).
``publish`` copies every mapped point's current value into the datastore (the field server
calls it at the model rate). Client writes (FC05/06/15/16) reach ``PlantSimulator.write``
before they touch the datastore:

* every written register or coil must belong to a mapped point, and a 32-bit value must be
  written whole (one FC16): otherwise exception 02 (unmapped address) or 03 (half a value);
* a value the model refuses (read-only point, outside its limits, SP while in MAN ...) is
  answered with exception 03 and the registers keep the model's value;
* several points in one request are written in address order; the first refusal ends it.

Sensor faults, as a PLC passes on a failed transmitter: a faulted float32 value is sent as
NaN (the console's driver shows it Bad, BadOutOfRange "float32 is nan") and the unit's own
status register says why where the model has one (CWP ASH_ANALYSER.STATUS). Scaled integers
cannot carry NaN and saturate at the limits of their type, so points whose sensor can fail are
mapped as float32 (a test starts every scenario and checks it).

Client connections silent for ``idle_timeout`` seconds are closed, and at most ``max_clients``
are kept (modbus_server.py), as a PLC's limited connection slots.
"""

from __future__ import annotations

import functools
import logging
import math
import struct
from collections.abc import Mapping, Sequence
from typing import Any

from pymodbus.constants import ExcCodes
from pymodbus.exceptions import NoSuchIdException
from pymodbus.simulator import DataType as SimType
from pymodbus.simulator import SimData, SimDevice

from tags.address import ModbusTable, ModbusType, WordOrder
from tags.simulation.modbus_server import IDLE_TIMEOUT, MAX_CLIENTS, IdleClosingServer
from tags.simulation.plant import PointInfo, PointValue
from tags.simulation.register_map import MappedPoint, Plc, mapped_points
from tags.simulation.simulator import PlantSimulator

log = logging.getLogger(__name__)

_READ_CODE = {
    ModbusTable.COIL: 1,
    ModbusTable.DISCRETE_INPUT: 2,
    ModbusTable.HOLDING_REGISTER: 3,
    ModbusTable.INPUT_REGISTER: 4,
}
_WRITE_TABLE = {
    5: ModbusTable.COIL,
    15: ModbusTable.COIL,
    6: ModbusTable.HOLDING_REGISTER,
    16: ModbusTable.HOLDING_REGISTER,
    23: ModbusTable.HOLDING_REGISTER,
}
_TABLES = (
    ModbusTable.COIL,
    ModbusTable.DISCRETE_INPUT,
    ModbusTable.HOLDING_REGISTER,
    ModbusTable.INPUT_REGISTER,
)  # the order of SimDevice's four blocks
_INT_LIMITS = {ModbusType.INT16: (-32768, 32767), ModbusType.UINT16: (0, 65535)}
_BYTE_ORDER = {  # register bytes, for the bytes ABCD of a big-endian 32-bit value
    WordOrder.ABCD: (0, 1, 2, 3),
    WordOrder.CDAB: (2, 3, 0, 1),
    WordOrder.BADC: (1, 0, 3, 2),
    WordOrder.DCBA: (3, 2, 1, 0),
}


def encode(point: MappedPoint, value: PointValue, *, faulted: bool = False) -> list[int]:
    """The registers of a value (a 16-bit table) as the PLC sends them."""
    if point.type is ModbusType.FLOAT32:
        number = math.nan if faulted else float(value)
        raw = struct.pack(">f", number)
        ordered = bytes(raw[i] for i in _BYTE_ORDER[point.order])
        return list(struct.unpack(">HH", ordered))
    low, high = _INT_LIMITS[point.type]
    scaled = float(value) / point.scale
    number = round(scaled) if math.isfinite(scaled) else high
    return [min(max(number, low), high) & 0xFFFF]


def decode(point: MappedPoint, registers: Sequence[int], kind: str) -> PointValue:
    """A value written by a client, in the model's point kind."""
    if point.type is ModbusType.FLOAT32:
        data = struct.pack(">HH", *registers)
        raw = bytes(data[_BYTE_ORDER[point.order].index(i)] for i in range(4))
        return float(struct.unpack(">f", raw)[0])
    number = registers[0]
    if point.type is ModbusType.INT16 and number >= 0x8000:
        number -= 0x10000
    if kind == "int" and point.scale == 1.0:
        return number
    return number * point.scale


def check_map(simulator: PlantSimulator) -> list[str]:
    """Problems of the register map against the models (empty when it fits)."""
    problems = []
    for p in mapped_points():
        if p.model not in simulator.model_names():
            continue
        info = simulator.points(p.model).get(p.point)
        where = f"{p.connection}/{p.unit}/{p.table.value}/{p.offset} ({p.model}/{p.point})"
        if info is None:
            problems.append(f"{where}: the model has no such point")
            continue
        if (info.kind == "bool") != p.table.is_bit:
            problems.append(f"{where}: a {info.kind} point in a {p.table.name.lower()} table")
        if info.writable != p.table.is_writable:
            access = "writable" if info.writable else "read-only"
            problems.append(f"{where}: a {access} point in a {p.table.name.lower()} table")
        if info.kind == "int" and (p.type is ModbusType.FLOAT32 or p.scale != 1.0):
            problems.append(f"{where}: an int point needs an unscaled integer type")
    return problems


class _Gateway:
    """The datastore behind a gateway: an unknown unit id is answered with exception 0B."""

    def __init__(self, core: Any) -> None:
        self._core = core

    def device_ids(self) -> list[int]:
        return list(self._core.device_ids())

    def _check(self, device_id: int) -> None:
        if device_id not in self._core.devices:
            raise NoSuchIdException(f"no unit {device_id}")

    async def async_getValues(
        self, device_id: int, func_code: int, address: int, count: int = 1
    ) -> Any:
        self._check(device_id)
        return await self._core.async_getValues(device_id, func_code, address, count)

    async def async_setValues(
        self, device_id: int, func_code: int, address: int, values: Any
    ) -> Any:
        self._check(device_id)
        return await self._core.async_setValues(device_id, func_code, address, values)


class ModbusPlc:
    """One Modbus TCP endpoint of the register map, serving a PlantSimulator."""

    def __init__(
        self,
        plc: Plc,
        simulator: PlantSimulator,
        host: str,
        port: int,
        *,
        idle_timeout: float = IDLE_TIMEOUT,
        max_clients: int = MAX_CLIENTS,
    ) -> None:
        self.plc = plc
        self.host = host
        self.port = port
        self.idle_timeout = idle_timeout
        self.max_clients = max_clients
        self.accepted_writes = 0
        self.refused_writes = 0
        self._sim = simulator
        self._points = [p for p in mapped_points() if p.connection == plc.connection]
        self._infos: dict[str, Mapping[str, PointInfo]] = {
            m: simulator.points(m) for m in {p.model for p in self._points}
        }
        self._by_register: dict[tuple[int, ModbusTable, int], MappedPoint] = {}
        for p in self._points:
            for i in range(p.count):
                self._by_register[(p.unit, p.table, p.offset + i)] = p
        self._server: IdleClosingServer | None = None

    @property
    def url(self) -> str:
        return f"modbus://{self.host}:{self.port}"

    def _device(self, unit: int) -> SimDevice:
        blocks: list[list[SimData]] = []
        for table in _TABLES:
            mine = [p for p in self._points if p.unit == unit and p.table is table]
            end = max((p.offset + p.count for p in mine), default=1)
            if table.is_bit:
                blocks.append([SimData(0, count=(end + 15) // 16, datatype=SimType.BITS)])
            else:
                blocks.append([SimData(0, count=end, values=0, datatype=SimType.REGISTERS)])
        return SimDevice(
            unit,
            simdata=(blocks[0], blocks[1], blocks[2], blocks[3]),
            action=functools.partial(self._action, unit),
        )

    async def start(self) -> None:
        """Listen on host:port (port 0: a free port, then ``port`` is the bound one)."""
        devices = [self._device(u.unit) for u in self.plc.units]
        server = IdleClosingServer(
            devices,
            address=(self.host, self.port),
            name=self.plc.connection,
            idle_timeout=self.idle_timeout,
            max_clients=self.max_clients,
        )
        server.context = _Gateway(server.context)  # type: ignore[assignment]
        try:
            await server.serve_forever(background=True)
        except RuntimeError as exc:  # pymodbus' way of saying the address is taken
            raise OSError(f"{self.plc.connection}: cannot listen on {self.url}: {exc}") from None
        if not self.port:
            self.port = int(server.transport.sockets[0].getsockname()[1])  # type: ignore[attr-defined]
        self._server = server
        await self.publish()

    @property
    def clients(self) -> int:
        """Client connections open now (0 when not serving)."""
        return self._server.clients if self._server is not None else 0

    @property
    def dropped_clients(self) -> int:
        """Client connections closed as idle (or the longest idle one when all slots were full)."""
        return self._server.dropped if self._server is not None else 0

    async def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            await server.shutdown()  # type: ignore[no-untyped-call]

    async def publish(self) -> None:
        """Copy the models' current values (NaN for faulted float32 points) into the tables."""
        server = self._server
        if server is None:
            return
        values = {m: self._sim.values(m) for m in self._infos}
        faults = {m: self._sim.faults(m) for m in self._infos}
        runs: dict[tuple[int, ModbusTable], dict[int, int | bool]] = {}
        for p in self._points:
            value = values[p.model][p.point]
            cells = runs.setdefault((p.unit, p.table), {})
            if p.table.is_bit:
                cells[p.offset] = bool(value)
                continue
            faulted = p.point in faults[p.model]
            for i, word in enumerate(encode(p, value, faulted=faulted)):
                cells[p.offset + i] = word
        for (unit, table), cells in runs.items():
            start, end = min(cells), max(cells) + 1
            filler: int | bool = False if table.is_bit else 0
            row = [cells.get(i, filler) for i in range(start, end)]
            await server.async_setValues(unit, _READ_CODE[table], start, row)

    async def _action(
        self,
        unit: int,
        function_code: int,
        start_address: int,
        address: int,
        count: int,
        registers: list[int],
        values: list[int] | list[bool] | None,
    ) -> ExcCodes | None:
        """pymodbus' datastore hook: None lets a request through, an ExcCodes answers it."""
        if values is None or function_code in _READ_CODE.values():
            return None  # a read, or publish() filling the tables
        table = _WRITE_TABLE.get(function_code)
        if table is None:
            return ExcCodes.ILLEGAL_FUNCTION
        return self._client_write(unit, table, address, list(values))

    def _client_write(
        self, unit: int, table: ModbusTable, address: int, values: list[int] | list[bool]
    ) -> ExcCodes | None:
        end = address + len(values)
        touched: list[MappedPoint] = []
        for offset in range(address, end):
            point = self._by_register.get((unit, table, offset))
            if point is None:
                self._refuse(unit, table, offset, "no point at this address")
                return ExcCodes.ILLEGAL_ADDRESS
            if point.offset < address or point.offset + point.count > end:
                self._refuse(unit, table, offset, f"{point.point} must be written whole")
                return ExcCodes.ILLEGAL_VALUE
            if not touched or touched[-1] is not point:
                touched.append(point)
        for point in touched:
            first = point.offset - address
            raw = values[first : first + point.count]
            if table.is_bit:
                value: PointValue = bool(raw[0])
            else:
                value = decode(
                    point, [int(r) for r in raw], self._infos[point.model][point.point].kind
                )
            try:
                self._sim.write(point.model, point.point, value)
            except (KeyError, ValueError) as exc:
                self._refuse(unit, table, point.offset, str(exc).strip("'\""))
                return ExcCodes.ILLEGAL_VALUE
            self.accepted_writes += 1
        return None

    def _refuse(self, unit: int, table: ModbusTable, offset: int, why: str) -> None:
        self.refused_writes += 1
        log.info(
            "%s unit %d %s %d: write refused: %s",
            self.plc.connection,
            unit,
            table.value,
            offset,
            why,
        )
