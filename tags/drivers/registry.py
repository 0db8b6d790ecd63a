"""Which driver reads which URI scheme: one table, so a new protocol is one entry.

The runtime builds one driver per scheme in use from DRIVERS, and the project check reports
a source whose scheme has no entry. Each factory imports its driver module when it is
called, so the table costs nothing to load: asyncua and pymodbus load only for projects
that use them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from tags.address import Scheme
from tags.clock import Clock
from tags.config.connections import Connection, ModbusConnection, OpcUaConnection
from tags.drivers.base import Driver, Heartbeat
from tags.model import Publish, TagDef

if TYPE_CHECKING:
    from tags.drivers.simulated import PlantModels


@dataclass(frozen=True)
class DriverContext:
    """What a running project offers the drivers it builds; each factory takes what it needs."""

    connections: Mapping[str, Connection]
    publish: Publish
    heartbeat: Heartbeat
    clock: Clock
    data_dir: Path
    """Where drivers keep state of their own (OPC UA certificates and trust lists)."""
    plant: PlantModels | None = None
    """An in-process plant for ``sim://`` plant points (None: the drivers build their own)."""
    speed: float = 1.0
    """How fast simulated time runs against the clock."""


DriverFactory = Callable[[DriverContext, Sequence[TagDef]], Driver]
"""Builds the driver of one scheme for the tags that use it."""


def _simulated(context: DriverContext, tags: Sequence[TagDef]) -> Driver:
    from tags.drivers.simulated import SimulatedDriver

    return SimulatedDriver(
        context.connections,
        tags,
        context.publish,
        context.clock,
        plant=context.plant,
        speed=context.speed,
    )


def _modbus(context: DriverContext, tags: Sequence[TagDef]) -> Driver:
    from tags.drivers.modbus.driver import ModbusDriver

    mine = {k: c for k, c in context.connections.items() if isinstance(c, ModbusConnection)}
    return ModbusDriver(mine, tags, context.publish, context.clock)


def _opcua(context: DriverContext, tags: Sequence[TagDef]) -> Driver:
    from tags.drivers.opcua.driver import OpcUaDriver

    mine = {k: c for k, c in context.connections.items() if isinstance(c, OpcUaConnection)}
    return OpcUaDriver(
        mine,
        tags,
        context.publish,
        context.clock,
        data_dir=context.data_dir,
        heartbeat=context.heartbeat,
    )


DRIVERS: Mapping[Scheme, DriverFactory] = MappingProxyType(
    {
        Scheme.MODBUS: _modbus,
        Scheme.OPCUA: _opcua,
        Scheme.SIM: _simulated,
    }
)
