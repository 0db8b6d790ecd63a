"""Connection settings of a project file, one dataclass per kind of field connection.

Each field of a dataclass is a key of ``[connections.NAME]`` in the project TOML; the
parser in config.py checks names, types and bounds from these declarations, so adding a
setting here is all it takes to make it configurable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar


@dataclass(frozen=True)
class ModbusConnection:
    """A Modbus TCP endpoint (a PLC or a gateway with several unit ids behind it)."""

    kind: ClassVar[str] = "modbus"
    bounds: ClassVar[dict[str, tuple[float, float]]] = {
        "port": (1, 65535),
        "timeout": (0.05, 30.0),
        "retries": (0, 5),
        "backoff_max": (0.1, 300.0),
        "max_block_registers": (1, 125),
        "max_block_bits": (1, 2000),
        "max_gap": (0, 124),
        "inter_request_delay": (0.0, 5.0),
    }

    name: str
    host: str
    port: int = 502
    timeout: float = 0.5
    retries: int = 1
    backoff_max: float = 10.0
    max_block_registers: int = 125
    max_block_bits: int = 2000
    max_gap: int = 124
    """Widest run of unused registers a read may bridge (16 x as many bits); 124, the
    default, is no cap: any gap a request can span. Lower it for a device that refuses
    reads across unmapped registers it does not report with exception 02."""
    inter_request_delay: float = 0.0

    @property
    def endpoint(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class OpcUaConnection:
    """An OPC UA server. Credentials never live here: see ``credentials`` (a secrets key)."""

    kind: ClassVar[str] = "opcua"
    bounds: ClassVar[dict[str, tuple[float, float]]] = {
        "timeout": (0.1, 60.0),
        "backoff_max": (0.1, 300.0),
        "watchdog": (0.5, 600.0),
    }
    choices: ClassVar[dict[str, tuple[str, ...]]] = {
        "security": ("None", "Basic256Sha256_Sign", "Basic256Sha256_SignAndEncrypt"),
        "trust": ("first_use", "list"),
    }

    name: str
    url: str
    security: str = "None"
    credentials: str = ""
    trust: str = "first_use"
    timeout: float = 4.0
    backoff_max: float = 10.0
    watchdog: float = 5.0
    trusted_certificates: tuple[str, ...] = field(default_factory=tuple)

    @property
    def endpoint(self) -> str:
        return self.url


Connection = ModbusConnection | OpcUaConnection

CONNECTION_KINDS: dict[str, type[ModbusConnection] | type[OpcUaConnection]] = {
    "modbus": ModbusConnection,
    "opcua": OpcUaConnection,
}
