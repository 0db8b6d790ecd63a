"""How a Modbus link treats an unhealthy device: reconnect backoff and units that stop answering.

Both are pure rules, testable with plain values.

``Backoff``: the delays between connection attempts double up to a cap, each drawn with
jitter, and start over only after a Modbus reply (a TCP connect proves nothing).

``UnitSilence``: a device whose port stays open but which never answers (frozen, or a
gateway's unit switched off) would cost a full timeout per block, scan after scan, and every
other request on the connection would queue behind them. Instead:

- a read that times out makes its whole unit silent, unless that block also timed out the
  last time it was asked (a range the device does not answer: only that block is Bad);
- while a unit is silent its reads are not sent, except one probe per pass over its blocks,
  each block in turn (so a range that never answers cannot keep the unit silent);
- the first reply from a silent unit makes it answering again.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from tags.address import ModbusTable

FIRST_RETRY_DELAY = 0.1
"""Seconds before the first reconnect attempt; doubles up to the connection's backoff_max."""
JITTER = 0.5
"""Each delay is drawn between (1 - JITTER) and 1 times the nominal one, so that consoles
restarted together do not knock on a gateway in step."""

BlockKey = tuple[int, ModbusTable, int, int]
"""(unit, table, start, count) of one read request."""


class Backoff:
    """Delays between connection attempts: doubling from ``first`` up to ``cap``, with jitter."""

    def __init__(
        self, cap: float, first: float = FIRST_RETRY_DELAY, rng: random.Random | None = None
    ) -> None:
        self.cap = cap
        self.first = min(first, cap)
        self._nominal = self.first
        self._rng = rng or random.Random()

    def next(self) -> float:
        """The delay before the next attempt (and the one after doubles)."""
        delay = self._nominal * self._rng.uniform(1.0 - JITTER, 1.0)
        self._nominal = min(self._nominal * 2, self.cap)
        return delay

    def reset(self) -> None:
        """After a good reply: the next failure retries soon again."""
        self._nominal = self.first


@dataclass
class _Silent:
    reason: str
    order: list[BlockKey]
    """The unit's blocks in the order they were asked for during this silence."""
    position: dict[BlockKey, int]
    cursor: int = 0
    """The probe is the first block of a pass at or after this position."""
    previous: int = 0
    """Position of the block asked for last: one at or before it starts a new pass."""
    due: bool = False
    """A pass began and has not sent its probe yet."""

    def place(self, key: BlockKey) -> int:
        where = self.position.get(key)
        if where is None:
            where = self.position[key] = len(self.order)
            self.order.append(key)
        return where


class UnitSilence:
    """Which units of one connection are silent and which read may probe them."""

    def __init__(self) -> None:
        self._silent: dict[int, _Silent] = {}
        self._mute: set[BlockKey] = set()
        """Blocks whose last read timed out while their unit was answering."""

    def silent(self, unit: int) -> str | None:
        """Why ``unit`` is silent, or None while it answers."""
        state = self._silent.get(unit)
        return None if state is None else state.reason

    def may_send(self, key: BlockKey) -> bool:
        """Whether to send this read now (False: its unit is silent and it is not the probe)."""
        state = self._silent.get(key[0])
        if state is None:
            return True
        where = state.place(key)
        if where <= state.previous:  # a new pass over the unit's blocks
            if state.due or state.cursor >= len(state.order):  # past the end: from the top
                state.cursor = 0
            state.due = True
        state.previous = where
        return state.due and where >= state.cursor

    def timed_out(self, key: BlockKey, reason: str) -> bool:
        """Record a read that got no reply; True when its unit is (still) silent."""
        state = self._silent.get(key[0])
        if state is None:
            if key in self._mute:
                return False
            self._mute.add(key)
            state = self._silent[key[0]] = _Silent(reason, [], {})
        where = state.place(key)  # the next probe: the block after this one, on the next pass
        state.cursor = where + 1
        state.previous = where
        state.due = False
        return True

    def answered(self, key: BlockKey) -> bool:
        """Record a reply; True when it ends the silence of its unit."""
        self._mute.discard(key)
        return self._silent.pop(key[0], None) is not None
