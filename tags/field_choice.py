"""Which field the commissioning commands (``read``, ``write``) use for a simulated project.

A project with ``[simulator] embedded = true`` (the demo) is read from its field simulator. When
``python main.py sim`` already serves the project (every endpoint it serves answers as the
simulator: a Modbus PLC gives a mapped register, the OPC UA server has the simulator's
namespaces), the commands use that one, so a write reaches the plant everybody else sees.
Otherwise they start a private simulator of their own on free loopback ports, which never
collides with a simulator on the project's ports. ``Field.EMBEDDED`` and ``Field.EXTERNAL``
force either (external fails, in one line, when nothing answers).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from tags.address import ModbusTable
from tags.config.project import Project

if TYPE_CHECKING:
    from tags.simulation.register_map import MappedPoint

# the simulator's modules are imported where used: every command imports this module, and
# they bring the models (numpy) and the protocol servers (seconds of import)

PROBE_TIMEOUT = 5.0
"""Seconds an endpoint that accepts a connection has to answer as the simulator (loopback
answers in milliseconds; a busy machine may take seconds). A closed port answers at once."""


class Field(StrEnum):
    """Where ``read`` and ``write`` find the field of a simulated project."""

    AUTO = "auto"
    """The running simulator when it serves the project, else a private one."""
    EMBEDDED = "embedded"
    """A private simulator on free ports; a running one is never touched."""
    EXTERNAL = "external"
    """The running simulator on the project's ports, or an error."""


class FieldUnavailable(Exception):
    """The field asked for cannot be used; the message is one line saying why."""


@dataclass(frozen=True)
class ServedEndpoint:
    """An endpoint the project's simulator serves, as the project addresses it."""

    connection: str
    host: str
    port: int
    opcua: bool
    """An OPC UA server (else a Modbus TCP PLC)."""

    @property
    def where(self) -> str:
        if self.opcua:
            return f"opc.tcp://{self.host}:{self.port}/"
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class FieldChoice:
    """The project as the runtime must run it and the line saying which field that is."""

    project: Project
    description: str

    @property
    def line(self) -> str:
        return f"field: {self.description}"


def served_endpoints(project: Project) -> list[ServedEndpoint]:
    """The endpoints of the project's connections that its simulator serves."""
    from tags.simulation.field_server import listen_addresses
    from tags.simulation.opcua_namespace import CONNECTION as DCS

    addresses = listen_addresses(project.connections)
    return [
        ServedEndpoint(name, host, port, opcua=name == DCS)
        for name, (host, port) in addresses.items()
        if name in project.connections
    ]


async def choose_field(
    project: Project, field: Field = Field.AUTO, *, timeout: float = PROBE_TIMEOUT
) -> FieldChoice:
    """Where to read and write ``project``'s field (FieldUnavailable when that cannot be)."""
    if not project.simulator.embedded:
        if field is Field.EMBEDDED:
            raise FieldUnavailable(
                f"--field embedded: project '{project.name}' has no embedded simulator "
                "([simulator] embedded = false)"
            )
        names = ", ".join(project.connections)
        own = f"the project's connections ({names})" if names else "the project's sim:// sources"
        return FieldChoice(project, own)
    private = FieldChoice(project, "private embedded simulator")
    if field is Field.EMBEDDED:
        return private  # not even asked: a running simulator is left alone
    endpoints = served_endpoints(project)
    answers = await asyncio.gather(*(answers_as_simulator(e, timeout) for e in endpoints))
    up = [e.where for e, ok in zip(endpoints, answers, strict=True) if ok]
    down = [e.where for e, ok in zip(endpoints, answers, strict=True) if not ok]
    if endpoints and not down:
        external = dataclasses.replace(
            project, simulator=dataclasses.replace(project.simulator, embedded=False)
        )
        return FieldChoice(external, f"running simulator at {', '.join(up)}")
    if field is Field.EXTERNAL:
        missing = ", ".join(down) or "(the project has no connection the simulator serves)"
        raise FieldUnavailable(
            f"--field external: no simulator answers at {missing} "
            "(start it with `python main.py sim`, or use --field embedded)"
        )
    if up:
        raise FieldUnavailable(
            f"field: the simulator answers at {', '.join(up)} but not at {', '.join(down)}: "
            "restart `python main.py sim`, or choose --field embedded"
        )
    return private


async def answers_as_simulator(endpoint: ServedEndpoint, timeout: float = PROBE_TIMEOUT) -> bool:
    """Whether the field simulator answers at ``endpoint`` (False on any failure)."""
    try:
        async with asyncio.timeout(timeout):
            if endpoint.opcua:
                return await _opcua_answers(endpoint, timeout)
            return await _modbus_answers(endpoint, timeout)
    except Exception:  # refused, reset, timed out, not the protocol: it does not answer
        return False


async def _modbus_answers(endpoint: ServedEndpoint, timeout: float) -> bool:
    from pymodbus.client import AsyncModbusTcpClient

    point = _first_point(endpoint.connection)
    if point is None:
        return False
    client = AsyncModbusTcpClient(
        endpoint.host, port=endpoint.port, timeout=timeout, retries=0, reconnect_delay=0
    )
    try:
        if not await client.connect():
            return False
        read = {
            ModbusTable.COIL: client.read_coils,
            ModbusTable.DISCRETE_INPUT: client.read_discrete_inputs,
            ModbusTable.HOLDING_REGISTER: client.read_holding_registers,
            ModbusTable.INPUT_REGISTER: client.read_input_registers,
        }[point.table]
        reply = await read(point.offset, count=1, device_id=point.unit)
        return not reply.isError()
    finally:
        client.close()


def _first_point(connection: str) -> MappedPoint | None:
    from tags.simulation.register_map import mapped_points

    return next((p for p in mapped_points() if p.connection == connection), None)


async def _opcua_answers(endpoint: ServedEndpoint, timeout: float) -> bool:
    from asyncua.client.client import Client

    from tags.simulation.opcua_namespace import NAMESPACES

    client = Client(endpoint.where, timeout=timeout)
    await client.connect()
    try:
        namespaces = await client.get_namespace_array()
    finally:
        with contextlib.suppress(Exception):
            await client.disconnect()
    return all(ns.uri in namespaces for ns in NAMESPACES.values())
