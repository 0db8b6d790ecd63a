"""An in-process pymodbus TCP server on 127.0.0.1 for the Modbus driver's tests and benchmark.

It serves the unit ids it is given, each with its own coils, discrete inputs, holding and
input registers (``pymodbus.simulator.SimDevice``, the current datastore). Tests can stop it
(every client connection is dropped, as when a PLC is switched off), restart it on the same
port with the same values, and make it misbehave for a range of addresses: answer with an
exception code, send one register too few, or not answer at all. ``holes`` leaves registers
out of the datastore, as a PLC leaves them unmapped: pymodbus itself answers any read that
touches one with exception 02 (illegal data address).
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from pymodbus.pdu import ExceptionResponse, ModbusPDU
from pymodbus.server import ModbusTcpServer
from pymodbus.simulator import DataType as SimType
from pymodbus.simulator import SimData, SimDevice

from tags.address import ModbusAddress, ModbusTable, ModbusType, parse_address
from tags.model import DataType, Quality, TagDef, TagSample, Value
from tests.waiting import GENEROUS

HOST = "127.0.0.1"

_FUNCTION_TABLES = {
    1: ModbusTable.COIL,
    5: ModbusTable.COIL,
    15: ModbusTable.COIL,
    2: ModbusTable.DISCRETE_INPUT,
    3: ModbusTable.HOLDING_REGISTER,
    6: ModbusTable.HOLDING_REGISTER,
    16: ModbusTable.HOLDING_REGISTER,
    22: ModbusTable.HOLDING_REGISTER,
    23: ModbusTable.HOLDING_REGISTER,
    4: ModbusTable.INPUT_REGISTER,
}
_READ_CODES = {
    ModbusTable.COIL: 1,
    ModbusTable.DISCRETE_INPUT: 2,
    ModbusTable.HOLDING_REGISTER: 3,
    ModbusTable.INPUT_REGISTER: 4,
}


class Fault(enum.Enum):
    SHORT = "short"
    """Answer with one register (or eight bits) fewer than asked for."""
    SILENT = "silent"
    """Do not answer at all (the client times out)."""


@dataclass(frozen=True)
class _RangeFault:
    unit: int
    table: ModbusTable
    start: int
    end: int
    fault: Fault | int

    def matches(self, unit: int, table: ModbusTable, start: int, count: int) -> bool:
        return (
            unit == self.unit
            and table is self.table
            and start < self.end
            and start + max(count, 1) > self.start
        )


Hole = tuple[int, ModbusTable, int, int]
"""Registers left out of a device's datastore: (unit, table hr or ir, start, count)."""


class ModbusTestServer:
    """A Modbus TCP server on loopback at a free port (see the module docstring)."""

    def __init__(
        self,
        units: Sequence[int] = (1, 2),
        registers: int = 2000,
        bits: int = 256,
        *,
        holes: Sequence[Hole] = (),
    ) -> None:
        self.units = tuple(units)
        self.port = 0
        self.requests: Counter[tuple[int, int]] = Counter()
        """Requests received, by (unit, function code)."""
        self.on_request: Callable[[ModbusPDU], None] | None = None
        """Called with every request received, before it is answered."""
        self._devices = [self._device(unit, registers, bits, holes) for unit in self.units]
        self._server: ModbusTcpServer | None = None
        self._context: object | None = None
        self._range_faults: list[_RangeFault] = []
        self._function_faults: dict[int, int] = {}
        self._pending: dict[tuple[int, int], ModbusPDU] = {}
        self._drop_next = False

    @staticmethod
    def _device(unit: int, registers: int, bits: int, holes: Sequence[Hole]) -> SimDevice:
        def table(kind: ModbusTable) -> list[SimData]:
            gaps = sorted((s, s + n) for u, t, s, n in holes if u == unit and t is kind)
            return _registers_around(registers, gaps)

        return SimDevice(
            unit,
            simdata=(
                [SimData(0, count=bits, values=False, datatype=SimType.BITS)],
                [SimData(0, count=bits, values=False, datatype=SimType.BITS)],
                table(ModbusTable.HOLDING_REGISTER),
                table(ModbusTable.INPUT_REGISTER),
            ),
        )

    # --- lifecycle ---------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def clients(self) -> int:
        """Client connections open now (0 while stopped)."""
        return 0 if self._server is None else len(self._server.active_connections)

    async def start(self) -> None:
        """Listen (on a free port the first time, on the same port after a stop)."""
        if self._server is not None:
            return
        server = ModbusTcpServer(
            self._devices,
            address=(HOST, self.port),
            trace_pdu=self._trace_pdu,
            trace_packet=self._trace_packet,
        )
        if self._context is None:
            self._context = server.context
        else:  # keep the values written before the restart
            server.context = self._context  # type: ignore[assignment]
        await server.serve_forever(background=True)
        if not self.port:
            self.port = server.transport.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        self._server = server

    async def stop(self) -> None:
        """Stop listening and drop every client connection at once."""
        server, self._server = self._server, None
        if server is not None:
            await server.shutdown()  # type: ignore[no-untyped-call]
        self._pending.clear()

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def __aenter__(self) -> ModbusTestServer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # --- values ------------------------------------------------------------------------

    def _live(self) -> ModbusTcpServer:
        if self._server is None:
            raise RuntimeError("start the server first")
        return self._server

    async def set_registers(
        self, unit: int, table: ModbusTable, offset: int, values: Sequence[int]
    ) -> None:
        code = 16 if table is ModbusTable.HOLDING_REGISTER else 4
        await self._live().async_setValues(unit, code, offset, list(values))

    async def get_registers(
        self, unit: int, table: ModbusTable, offset: int, count: int
    ) -> list[int]:
        values = await self._live().async_getValues(unit, _READ_CODES[table], offset, count)
        return [int(v) for v in values]

    async def set_bits(
        self, unit: int, table: ModbusTable, offset: int, values: Sequence[bool]
    ) -> None:
        code = 15 if table is ModbusTable.COIL else 2
        await self._live().async_setValues(unit, code, offset, list(values))

    async def get_bits(self, unit: int, table: ModbusTable, offset: int, count: int) -> list[bool]:
        values = await self._live().async_getValues(unit, _READ_CODES[table], offset, count)
        return [bool(v) for v in values]

    # --- faults ------------------------------------------------------------------------

    def fail(
        self, unit: int, table: ModbusTable, start: int, count: int, fault: Fault | int
    ) -> None:
        """Requests touching start..start+count-1 get an exception code or a Fault."""
        self._range_faults.append(_RangeFault(unit, table, start, start + count, fault))

    def refuse_function(self, function_code: int, exception_code: int = 0x01) -> None:
        """Answer every request with this function code with an exception."""
        self._function_faults[function_code] = exception_code

    def clear_faults(self) -> None:
        self._range_faults.clear()
        self._function_faults.clear()

    def _trace_pdu(self, sending: bool, pdu: ModbusPDU) -> ModbusPDU:
        key = (pdu.dev_id, pdu.transaction_id)
        if not sending:
            self.requests[(pdu.dev_id, pdu.function_code)] += 1
            if self.on_request is not None:
                self.on_request(pdu)
            self._pending[key] = pdu
            return pdu
        request = self._pending.pop(key, None)
        if request is None:
            return pdu
        fault = self._fault_for(request)
        if fault is None:
            return pdu
        if fault is Fault.SILENT:
            self._drop_next = True
            return pdu
        if fault is Fault.SHORT:
            if pdu.registers:
                pdu.registers = list(pdu.registers)[:-1]
            elif pdu.bits:
                pdu.bits = list(pdu.bits)[:-8]
            return pdu
        return ExceptionResponse(
            request.function_code, fault, device_id=request.dev_id, transaction=key[1]
        )

    def _fault_for(self, request: ModbusPDU) -> Fault | int | None:
        code = request.function_code
        if code in self._function_faults:
            return self._function_faults[code]
        table = _FUNCTION_TABLES.get(code)
        for fault in self._range_faults:
            if table is not None and fault.matches(
                request.dev_id, table, request.address, request.count
            ):
                return fault.fault
        return None

    def _trace_packet(self, sending: bool, data: bytes) -> bytes:
        if sending and self._drop_next:
            self._drop_next = False
            return b""
        return data


def _registers_around(registers: int, holes: Sequence[tuple[int, int]]) -> list[SimData]:
    """Registers 0..registers-1 as datastore blocks, the (start, end) holes marked invalid."""
    blocks: list[SimData] = []
    at = 0
    for start, end in [*holes, (registers, registers)]:
        start, end = max(start, at), min(end, registers)
        if start > at:
            blocks.append(SimData(at, count=start - at, values=0, datatype=SimType.REGISTERS))
        if end > start:
            blocks.append(SimData(start, count=end - start, datatype=SimType.INVALID))
        at = max(at, end)
    return blocks


# --- helpers shared by the driver tests and the benchmark -------------------------------


def modbus_tag(name: str, uri: str, period: float = 0.1, *, writable: bool = True) -> TagDef:
    """A tag for ``uri`` whose data type follows the Modbus type (float when scaled)."""
    address = parse_address(uri)
    assert isinstance(address, ModbusAddress)
    if address.type is ModbusType.BOOL:
        data_type = DataType.BOOL
    elif address.type is ModbusType.STRING:
        data_type = DataType.STRING
    elif address.type in (ModbusType.FLOAT32, ModbusType.FLOAT64) or address.scale != 1.0:
        data_type = DataType.FLOAT
    else:
        data_type = DataType.INT
    return TagDef(name, uri, address, data_type=data_type, writable=writable, scan_period=period)


class Recorder:
    """A publish callback that keeps every batch and lets a test wait for a condition."""

    def __init__(self) -> None:
        self.batches: list[dict[str, TagSample]] = []
        self.latest: dict[str, TagSample] = {}
        self._changed = asyncio.Event()

    def __call__(self, batch: Mapping[str, TagSample]) -> None:
        self.batches.append(dict(batch))
        self.latest.update(batch)
        self._changed.set()

    def value(self, name: str) -> Value:
        return self.latest[name].value

    def quality(self, name: str) -> Quality | None:
        sample = self.latest.get(name)
        return None if sample is None else sample.quality

    async def wait_for(self, condition: Callable[[], bool], timeout: float = GENEROUS) -> None:
        """Return as soon as ``condition()`` holds after some batch; fail after ``timeout``."""
        async with asyncio.timeout(timeout):
            while not condition():
                self._changed.clear()
                await self._changed.wait()

    async def next_batch(self, timeout: float = GENEROUS) -> dict[str, TagSample]:
        count = len(self.batches)
        await self.wait_for(lambda: len(self.batches) > count, timeout)
        return self.batches[count]


class LoopLag:
    """A ticker task that measures how late the event loop runs it (the worst lag, in s)."""

    def __init__(self, interval: float = 0.01) -> None:
        self.interval = interval
        self.worst = 0.0
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> LoopLag:
        self._task = asyncio.create_task(self._tick())
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _tick(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            before = loop.time()
            await asyncio.sleep(self.interval)  # the meter's tick: how late it wakes is the lag
            self.worst = max(self.worst, loop.time() - before - self.interval)


async def eventually(condition: Callable[[], bool], timeout: float = GENEROUS) -> None:
    """Poll ``condition`` every 10 ms until it holds (for state that publishes no batch)."""
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)
