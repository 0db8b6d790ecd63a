"""The field server's Modbus endpoints close silent client connections and bound how many.

Real pymodbus servers on free loopback ports, raw TCP sockets that connect and send nothing
(as a crashed console or a half-open socket leaves them) and a pymodbus client that polls.
Who is closed is decided on a stepped clock, so a busy machine cannot change the outcome;
one test runs the real timers of a simulator PLC with a short timeout, one the OPC UA side.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
import pytest_asyncio
from pymodbus.client import AsyncModbusTcpClient
from pymodbus.simulator import DataType as SimType
from pymodbus.simulator import SimData, SimDevice

from tags.config.project import SimulatorSettings
from tags.simulation.field_server import FieldServer, free_port
from tags.simulation.modbus_plc import ModbusPlc
from tags.simulation.modbus_server import IdleClosingServer
from tags.simulation.opcua_dcs import OpcUaDcs
from tags.simulation.register_map import PLCS
from tags.simulation.simulator import PlantSimulator
from tests.waiting import until


@dataclass
class SteppedClock:
    now: float = 0.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Silent:
    """Raw sockets that connect and never send a byte."""

    streams: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = field(default_factory=list)

    async def open(self, port: int, count: int) -> None:
        for _ in range(count):
            self.streams.append(await asyncio.open_connection("127.0.0.1", port))

    def closed_by_server(self) -> int:
        """How many of them the server has closed (EOF seen: they sent and got nothing)."""
        return sum(reader.at_eof() for reader, _ in self.streams)

    def close(self) -> None:
        for _, writer in self.streams:
            writer.close()


async def _server(clock: SteppedClock, **limits: float) -> IdleClosingServer:
    registers = [SimData(0, count=10, values=7, datatype=SimType.REGISTERS)]
    bits = [SimData(0, count=1, datatype=SimType.BITS)]
    device = SimDevice(1, simdata=(bits, bits, registers, registers))
    server = IdleClosingServer(device, address=("127.0.0.1", 0), clock=clock, **limits)  # type: ignore[arg-type]
    await server.serve_forever(background=True)
    return server


def _port(server: IdleClosingServer) -> int:
    return int(server.transport.sockets[0].getsockname()[1])  # type: ignore[attr-defined]


@pytest_asyncio.fixture
async def stepped() -> AsyncIterator[tuple[IdleClosingServer, SteppedClock]]:
    clock = SteppedClock()
    server = await _server(clock, idle_timeout=60.0, max_clients=100)
    yield server, clock
    await server.shutdown()  # type: ignore[no-untyped-call]


async def _poller(port: int) -> AsyncModbusTcpClient:
    client = AsyncModbusTcpClient("127.0.0.1", port=port, timeout=5, retries=0)
    assert await client.connect()
    return client


async def _poll(client: AsyncModbusTcpClient) -> None:
    response = await client.read_holding_registers(0, count=2, device_id=1)
    assert response.registers == [7, 7]


@pytest.mark.asyncio
async def test_silent_connections_are_closed_after_the_idle_timeout_a_poller_is_not(
    stepped: tuple[IdleClosingServer, SteppedClock],
) -> None:
    server, clock = stepped
    silent = Silent()
    poller = await _poller(_port(server))
    try:
        await silent.open(_port(server), 20)
        await until(lambda: server.clients == 21)
        clock.now = 30.0
        await _poll(poller)
        assert server.close_idle() == 0, "nobody is idle for 60 s yet"
        clock.now = 61.0
        await _poll(poller)  # the poller's last request: 0 s ago; the silent ones: 61 s
        assert server.close_idle() == 20
        await until(lambda: silent.closed_by_server() == 20)
        assert server.clients == 1 and server.dropped == 20
        await _poll(poller)  # the same connection still answers
        assert poller.connected
    finally:
        silent.close()
        poller.close()


@pytest.mark.asyncio
async def test_bytes_that_are_no_request_do_not_keep_a_connection_open(
    stepped: tuple[IdleClosingServer, SteppedClock],
) -> None:
    server, clock = stepped
    reader, writer = await asyncio.open_connection("127.0.0.1", _port(server))
    try:
        await until(lambda: server.clients == 1)
        clock.now = 61.0
        writer.write(b"\x00\x01")  # half an MBAP header: not a request
        await writer.drain()
        await until(lambda: any(h.recv_buffer for h in server.active_connections.values()))
        assert server.close_idle() == 1
        # closed with the two bytes unread: the peer may see a reset instead of EOF
        with contextlib.suppress(ConnectionResetError):
            assert await asyncio.wait_for(reader.read(), 30.0) == b""
        assert server.clients == 0
    finally:
        writer.close()


@pytest.mark.asyncio
async def test_when_every_slot_is_taken_a_silent_connection_makes_room_not_a_poller() -> None:
    clock = SteppedClock()
    server = await _server(clock, idle_timeout=60.0, max_clients=10)
    silent = Silent()
    poller = await _poller(_port(server))
    try:
        await silent.open(_port(server), 5)  # silent since t=0
        clock.now = 1.0
        await _poll(poller)  # the poller's last request at t=1
        clock.now = 2.0
        await silent.open(_port(server), 25)  # a flood newer than the poller's last request
        await until(lambda: silent.closed_by_server() == 21)
        assert server.dropped == 21
        await _poll(poller)
        assert poller.connected and server.clients == 10
    finally:
        silent.close()
        poller.close()
        await server.shutdown()  # type: ignore[no-untyped-call]


@pytest.mark.asyncio
async def test_a_simulator_plc_closes_silent_clients_on_its_own_timer() -> None:
    simulator = PlantSimulator(models=("cwp",))
    plc_cwp = next(p for p in PLCS if p.connection == "plc-cwp")
    plc = ModbusPlc(plc_cwp, simulator, "127.0.0.1", 0, idle_timeout=0.2, max_clients=50)
    await plc.start()
    silent = Silent()
    try:
        await silent.open(plc.port, 10)
        await until(lambda: silent.closed_by_server() == 10)
        assert plc.dropped_clients == 10 and plc.clients == 0
    finally:
        silent.close()
        await plc.stop()


def test_the_idle_timeout_and_client_limit_are_settings_with_defaults() -> None:
    settings = SimulatorSettings()
    assert (settings.client_idle_timeout, settings.max_clients) == (60.0, 100)
    assert SimulatorSettings.bounds["client_idle_timeout"][0] > 0


def test_the_field_server_gives_every_endpoint_the_same_limits() -> None:
    server = FieldServer(PlantSimulator(), idle_timeout=5.0, max_clients=7)
    assert server.dcs is not None
    assert {(p.idle_timeout, p.max_clients) for p in server.plcs} == {(5.0, 7)}
    assert (server.dcs.idle_timeout, server.dcs.max_clients) == (5.0, 7)


@pytest.mark.slow  # builds an OPC UA address space (about a second)
@pytest.mark.asyncio
async def test_the_opcua_endpoint_closes_a_connection_that_opens_no_session() -> None:
    dcs = OpcUaDcs(PlantSimulator(models=("emm",)), "127.0.0.1", 0, idle_timeout=0.2)
    dcs.port = free_port("127.0.0.1")
    await dcs.start()
    silent = Silent()
    try:
        await silent.open(dcs.port, 3)
        await until(lambda: silent.closed_by_server() == 3)
    finally:
        silent.close()
        await dcs.stop()
