"""The one clock of the engine, injected so tests step time instead of sleeping."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Wall-clock time in POSIX seconds (timestamps)."""
        ...

    def monotonic(self) -> float:
        """Seconds that never go backwards (timeouts, periods)."""
        ...


class SystemClock:
    def now(self) -> float:
        return time.time()

    def monotonic(self) -> float:
        return time.monotonic()


class ManualClock:
    """A clock that moves only when told to."""

    def __init__(self, start: float = 1_750_000_000.0) -> None:
        self._now = start
        self._mono = 0.0

    def now(self) -> float:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock does not go backwards")
        self._now += seconds
        self._mono += seconds


def parse_time(text: str) -> float:
    """ISO 8601 (local time unless it carries an offset) -> POSIX seconds."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a time such as 2025-06-15T08:00") from None
    return moment.astimezone().timestamp() if moment.tzinfo is None else moment.timestamp()
