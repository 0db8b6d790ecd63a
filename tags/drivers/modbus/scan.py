"""Scan classes of the Modbus driver: when each scan starts, overruns, and what they report.

A scan class is all blocks of one connection with one scan period; one task reads them in
turn each period. ``ScanTimer`` is the pure timing rule, testable with plain numbers: a
scan that takes longer than its period counts an overrun and the next one starts at once,
without a backlog of missed scans.
"""

from __future__ import annotations

from dataclasses import dataclass

from tags.address import ModbusTable
from tags.drivers.base import ConnectionStats


class ScanTimer:
    """Start times of one scan class on a monotonic clock (seconds)."""

    def __init__(self, period: float) -> None:
        if period <= 0:
            raise ValueError(f"scan period {period} must be positive")
        self.period = period
        self.overruns = 0
        self.scans = 0
        self.last_duration = 0.0
        self.max_duration = 0.0
        self.mean_duration = 0.0
        self._due: float | None = None
        self._started = 0.0

    def reset(self) -> None:
        """Forget the schedule (after the link was down): the next scan starts at once."""
        self._due = None

    def begin(self, now: float) -> None:
        """A scan starts; one that starts a period or more late re-anchors the grid."""
        if self._due is None or now - self._due >= self.period:
            self._due = now
        self._started = now

    def end(self, now: float) -> float:
        """Record the scan that began at ``begin``; return seconds to wait before the next."""
        duration = max(0.0, now - self._started)
        self.scans += 1
        self.last_duration = duration
        self.max_duration = max(self.max_duration, duration)
        weight = 0.1 if self.scans > 10 else 1.0 / self.scans
        self.mean_duration += (duration - self.mean_duration) * weight
        if duration > self.period:
            self.overruns += 1
            self._due = now
            return 0.0
        due = (self._due if self._due is not None else self._started) + self.period
        # never a backlog, and never longer than a period (a clock that stood still)
        due = min(max(due, now), now + self.period)
        self._due = due
        return due - now


@dataclass(frozen=True)
class ScanStatus:
    """A snapshot of one scan class for diagnostics (durations in milliseconds)."""

    connection: str
    period: float
    blocks: int
    tags: int
    scans: int
    overruns: int
    last_ms: float
    mean_ms: float
    max_ms: float


@dataclass(frozen=True)
class BlockStatus:
    """A snapshot of one poll block: what it reads and how its requests went."""

    connection: str
    label: str
    unit: int
    table: ModbusTable
    start: int
    count: int
    period: float
    tags: int
    failing: bool
    stats: ConnectionStats
