"""The driver table: one entry per URI scheme, its heavy modules loaded only when used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tags.address import Scheme, parse_address
from tags.clock import ManualClock
from tags.config.connections import ModbusConnection, OpcUaConnection
from tags.drivers.modbus.driver import ModbusDriver
from tags.drivers.opcua.driver import OpcUaDriver
from tags.drivers.registry import DRIVERS, DriverContext
from tags.drivers.simulated import SimulatedDriver
from tags.model import Batch, TagDef
from tests.paths import ROOT

SOURCES = {
    Scheme.MODBUS: "modbus://plc/1/hr/0",
    Scheme.OPCUA: "opcua://dcs/ns=2;s=A.B",
    Scheme.SIM: "sim://memory/A.B",
}


def context(tmp_path: Path, batches: list[Batch]) -> DriverContext:
    connections = {
        "plc": ModbusConnection("plc", "127.0.0.1"),
        "dcs": OpcUaConnection("dcs", "opc.tcp://127.0.0.1:4840/"),
    }
    return DriverContext(
        connections, batches.append, lambda names, when: None, ManualClock(), tmp_path
    )


def test_every_scheme_a_source_can_have_has_a_driver() -> None:
    assert set(DRIVERS) == set(Scheme)
    assert set(SOURCES) == set(Scheme)


def test_each_entry_builds_the_driver_of_its_scheme(tmp_path: Path) -> None:
    expected = {
        Scheme.MODBUS: ModbusDriver,
        Scheme.OPCUA: OpcUaDriver,
        Scheme.SIM: SimulatedDriver,
    }
    batches: list[Batch] = []
    for scheme, source in SOURCES.items():
        tag = TagDef("A.B.X", source, parse_address(source))
        assert tag.address.scheme is scheme
        driver = DRIVERS[scheme](context(tmp_path, batches), [tag])
        assert isinstance(driver, expected[scheme])


def test_loading_the_table_loads_no_protocol_library() -> None:
    code = (
        "import sys, tags.drivers.registry, tags.runtime, tags.config.project; "
        "print(sorted(m for m in ('asyncua', 'pymodbus') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
