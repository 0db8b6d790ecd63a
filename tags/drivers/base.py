"""What every driver is: the Driver protocol, connection state and statistics, write errors."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from tags.model import Quality, TagDef, Value

Heartbeat = Callable[[Iterable[str], float], None]
"""Called with the names of Good tags whose values are confirmed unchanged, and the time."""


class ConnectionState(enum.Enum):
    CONNECTING = "connecting"
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    FAILED = "failed"
    STOPPED = "stopped"


@dataclass
class ConnectionStats:
    """Counters a driver keeps per connection (and per poll block for Modbus)."""

    requests: int = 0
    errors: int = 0
    last_rtt_ms: float = 0.0
    mean_rtt_ms: float = 0.0
    max_rtt_ms: float = 0.0
    overruns: int = 0
    reconnects: int = 0
    last_error: str = ""
    last_error_time: float = 0.0

    def record_rtt(self, ms: float) -> None:
        self.requests += 1
        self.last_rtt_ms = ms
        self.max_rtt_ms = max(self.max_rtt_ms, ms)
        # exponential mean: recent behaviour matters more than the start-up
        weight = 0.1 if self.requests > 10 else 1.0 / self.requests
        self.mean_rtt_ms += (ms - self.mean_rtt_ms) * weight

    def record_error(self, message: str, when: float) -> None:
        self.errors += 1
        self.last_error = message
        self.last_error_time = when


@dataclass(frozen=True)
class ConnectionStatus:
    """A snapshot of one connection for the console (status lights, diagnostics)."""

    name: str
    kind: str
    endpoint: str
    state: ConnectionState
    detail: str
    stats: ConnectionStats
    tag_count: int


class WriteError(Exception):
    """A driver could not carry out a write; ``quality`` says which kind of failure.

    ``sent``: the request may have reached the device, but no answer came (a timeout, the
    link lost while waiting): the device may apply the value, so the outcome is unknown.
    False when nothing left (no link, a value that cannot be encoded) or the device answered
    with a refusal.
    """

    def __init__(
        self,
        reason: str,
        quality: Quality = Quality.BAD_COMMUNICATION_ERROR,
        *,
        sent: bool = False,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.quality = quality
        self.sent = sent


class Driver(Protocol):
    """A source of samples for the tags whose URI has one scheme (tags/drivers/registry.py).

    A driver is built with its tags, a publish callback and the engine clock, owns its
    connections, and never raises out of its tasks: failures become Bad samples.
    """

    async def start(self) -> None:
        """Connect and begin polling or subscribing; return without waiting for data."""

    async def stop(self) -> None:
        """Stop all tasks and close connections."""

    async def write(self, tag: TagDef, value: Value) -> None:
        """Send a value (already checked and converted to the tag's data type).

        Raise WriteError with the reason when the device refuses or cannot be reached, with
        ``sent=True`` when the request went out and no answer came back.
        Read-back is the write path's job: it waits for the next published sample.
        """

    def status(self) -> Sequence[ConnectionStatus]:
        """State and statistics of every connection."""
