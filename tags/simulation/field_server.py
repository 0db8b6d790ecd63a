"""The field server: the plant models served over real Modbus TCP and OPC UA sockets.

What is served where (PLANTS.md, "How the field simulator serves them"):

* ``plc-cwp`` (Modbus TCP): the coal washing plant, unit 1 dense-medium circuit, unit 2
  flotation; ``plc-rect`` (Modbus TCP): the two EMM rectifier controllers, units 1 and 2.
  Registers in register_map.py (and resources/projects/demo/REGISTER_MAP.md).
* ``dcs`` (OPC UA): the EMM cell house (ns=2) and the sCO2 loop (ns=3), see opcua_namespace.py.

Timing: every ``tick`` wall seconds (0.1) the models advance by the wall time passed times
``speed`` in whole fixed steps (PlantSimulator), due scenarios start, the Modbus tables are
refreshed and the OPC UA server gets the changed values of the points whose update period is
due (opcua_dcs.py: 0.25 s, the console's fastest scan class; cell readings 1 s). A late tick
is not caught up.
Speed 0 freezes the plant: values stay served and writes still reach the models.

Client connections that stay silent for ``idle_timeout`` seconds are closed (Modbus: no
request, modbus_server.py; OPC UA: no session activated, asyncua's own watchdog), and each
endpoint keeps at most ``max_clients`` connections.

The connection names are those of the demo project; a project that serves itself names its
connections the same (see ``listen_addresses`` and ``served_connections``).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import math
import socket
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from tags.config.connections import Connection, ModbusConnection, OpcUaConnection
from tags.shutdown import cancel_and_wait
from tags.simulation.modbus_plc import ModbusPlc, check_map
from tags.simulation.modbus_server import IDLE_TIMEOUT, MAX_CLIENTS
from tags.simulation.opcua_dcs import OpcUaDcs
from tags.simulation.opcua_namespace import CONNECTION as DCS
from tags.simulation.opcua_namespace import Namespace
from tags.simulation.register_map import PLCS
from tags.simulation.scenarios import ScenarioInfo
from tags.simulation.simulator import PlantSimulator

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
DEFAULT_PORTS = {"plc-cwp": 5020, "plc-rect": 5021, DCS: 4840}
"""Ports used when a project does not name a served connection."""

Address = tuple[str, int]


@dataclass(frozen=True, slots=True)
class ServedEndpoint:
    """One listening endpoint, as ``python main.py sim`` prints it."""

    connection: str
    kind: str  # "modbus" or "opcua"
    url: str
    host: str
    port: int
    title: str


def listen_addresses(
    connections: Mapping[str, Connection], *, free_ports: bool = False
) -> dict[str, Address]:
    """Where to serve each endpoint: the project's host and port, or (127.0.0.1, 0)."""
    addresses: dict[str, Address] = {}
    for name, default in DEFAULT_PORTS.items():
        if free_ports:
            addresses[name] = (HOST, 0)
            continue
        connection = connections.get(name)
        if isinstance(connection, ModbusConnection) and name != DCS:
            addresses[name] = (connection.host, connection.port)
        elif isinstance(connection, OpcUaConnection) and name == DCS:
            parts = urlsplit(connection.url)
            addresses[name] = (parts.hostname or HOST, parts.port or default)
        else:
            addresses[name] = (HOST, default)
    return addresses


def served_connections(
    connections: Mapping[str, Connection], bound: Mapping[str, Address]
) -> dict[str, Connection]:
    """The project's connections with the served ones pointed at the bound ports."""
    result = dict(connections)
    for name, connection in connections.items():
        if name not in bound:
            continue
        host, port = bound[name]
        if isinstance(connection, ModbusConnection) and name != DCS:
            result[name] = dataclasses.replace(connection, host=host, port=port)
        elif isinstance(connection, OpcUaConnection) and name == DCS:
            result[name] = dataclasses.replace(connection, url=f"opc.tcp://{host}:{port}/")
    return result


def free_port(host: str) -> int:
    """A port nobody listens on now (OPC UA must know its port before it binds)."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


class FieldServer:
    """The models of one PlantSimulator behind two Modbus PLCs and one OPC UA server."""

    def __init__(
        self,
        simulator: PlantSimulator,
        listen: Mapping[str, Address] | None = None,
        *,
        speed: float = 1.0,
        tick: float = 0.1,
        schedule: Iterable[tuple[str, float]] = (),
        idle_timeout: float = IDLE_TIMEOUT,
        max_clients: int = MAX_CLIENTS,
    ) -> None:
        problems = check_map(simulator)
        if problems:
            raise ValueError("register map does not fit the models: " + "; ".join(problems))
        self.simulator = simulator
        self.speed = _checked_speed(speed)
        self.tick = tick
        self.overruns = 0
        self.publish_seconds = 0.0  # CPU time of this thread spent advancing and publishing
        where = dict(listen or listen_addresses({}))
        models = set(simulator.model_names())
        self.plcs = [
            ModbusPlc(
                plc,
                simulator,
                *where[plc.connection],
                idle_timeout=idle_timeout,
                max_clients=max_clients,
            )
            for plc in PLCS
            if {u.model for u in plc.units} <= models
        ]
        self.dcs: OpcUaDcs | None = None
        if models & {"emm", "sco2"}:
            self.dcs = OpcUaDcs(
                simulator, *where[DCS], idle_timeout=idle_timeout, max_clients=max_clients
            )
        self._schedule: list[tuple[float, str]] = []
        for name, delay in schedule:
            self._check_scenario(name)
            self._schedule.append((simulator.time + delay, name))
        self._schedule.sort()
        self._task: asyncio.Task[None] | None = None

    # -- life cycle ----------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on every endpoint and start the clock; ports 0 become free ports."""
        try:
            for plc in self.plcs:
                await plc.start()
            if self.dcs is not None:
                await self._start_dcs(self.dcs)
        except BaseException:
            await self.stop()
            raise
        self._start_due()
        self._task = asyncio.create_task(self._run(), name="field-server")

    async def _start_dcs(self, dcs: OpcUaDcs) -> None:
        pick = dcs.port == 0
        for attempt in range(3):
            if pick:
                dcs.port = free_port(dcs.host)
            try:
                await dcs.start()
                return
            except OSError:
                await dcs.stop()
                if not pick or attempt == 2:
                    raise

    async def stop(self) -> None:
        """Stop the clock and close every endpoint (clients see the links drop)."""
        task, self._task = self._task, None
        if task is not None:
            await cancel_and_wait(task)
        for plc in self.plcs:
            await plc.stop()
        if self.dcs is not None:
            await self.dcs.stop()

    @property
    def endpoints(self) -> list[ServedEndpoint]:
        served = [
            ServedEndpoint(p.plc.connection, "modbus", p.url, p.host, p.port, p.plc.title)
            for p in self.plcs
        ]
        if self.dcs is not None:
            areas = ", ".join(f"{ns.area} ns={ns.index}" for ns in _namespaces(self.dcs))
            title = f"DCS: {areas}"
            served.append(
                ServedEndpoint(DCS, "opcua", self.dcs.url, self.dcs.host, self.dcs.port, title)
            )
        return served

    def bound(self) -> dict[str, Address]:
        """Connection name -> (host, port) actually listened on."""
        return {e.connection: (e.host, e.port) for e in self.endpoints}

    # -- the clock -----------------------------------------------------------------------------

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        last = loop.time()
        next_tick = last + self.tick
        while True:
            await asyncio.sleep(max(next_tick - loop.time(), 0.0))
            now = loop.time()
            started = time.thread_time()
            try:
                self.simulator.advance((now - last) * self.speed)
                self._start_due()
                for plc in self.plcs:
                    await plc.publish()
                if self.dcs is not None:
                    await self.dcs.publish(now)
            except Exception:
                log.exception("field server: a tick failed; serving on")
            self.publish_seconds += time.thread_time() - started
            last = now
            next_tick += self.tick
            if next_tick < loop.time():
                self.overruns += 1
                next_tick = loop.time() + self.tick

    def set_speed(self, speed: float) -> None:
        """Change the time factor (0 freezes the plant)."""
        self.speed = _checked_speed(speed)

    # -- scenarios -----------------------------------------------------------------------------

    def scenarios(self) -> list[ScenarioInfo]:
        return self.simulator.scenarios()

    def active_scenarios(self) -> list[str]:
        return self.simulator.active_scenarios()

    def start_scenario(self, name: str, *, after: float = 0.0) -> None:
        """Start a scenario now, or after ``after`` plant seconds (KeyError: unknown name)."""
        self._check_scenario(name)
        if after <= 0.0:
            self.simulator.start_scenario(name)
            log.info("scenario %s started at plant time %.1f s", name, self.simulator.time)
            return
        self._schedule.append((self.simulator.time + after, name))
        self._schedule.sort()

    def stop_scenario(self, name: str) -> None:
        self._check_scenario(name)
        self._schedule = [(t, n) for t, n in self._schedule if n != name]
        self.simulator.stop_scenario(name)

    def _check_scenario(self, name: str) -> None:
        known = [s.name for s in self.simulator.scenarios()]
        if name not in known:
            raise KeyError(f"no scenario {name!r}; known: {', '.join(known)}")

    def _start_due(self) -> None:
        while self._schedule and self._schedule[0][0] <= self.simulator.time + 1e-9:
            _, name = self._schedule.pop(0)
            self.start_scenario(name)


def _checked_speed(speed: float) -> float:
    if not (math.isfinite(speed) and 0.0 <= speed <= 1000.0):
        raise ValueError(f"speed must be 0..1000 (0 freezes the plant), got {speed!r}")
    return float(speed)


def _namespaces(dcs: OpcUaDcs) -> list[Namespace]:
    seen: dict[int, Namespace] = {}
    for point in dcs.points:
        seen.setdefault(point.namespace.index, point.namespace)
    return list(seen.values())
