"""The Modbus poll planner: tags -> the fewest read requests (blocks) per scan.

Tags are grouped by (connection, unit, table, scan period); inside a group their address
ranges are merged into blocks of at most ``max_registers`` registers (``max_bits`` bits for
coils and discrete inputs). A block bridges an unused gap of at most ``max_gap`` registers
(``16 * max_gap`` bits: the same bytes on the wire) only when that saves a request: among
the partitions with the fewest requests the planner picks the one that reads the fewest
registers. A tag is never split across blocks. Pure functions, no I/O.

By default any gap a request can hold is bridged (``UNCAPPED_GAP``), so a sparse map needs
no more requests than blocks of 125 registers (2000 bits) covering its tags. A device that
refuses some of the registers in a gap answers exception 02; the driver then learns where
(probe.py) and records it in ``Holes``: no block contains a hole, and a tag that holds
one is read alone, so only it is Bad.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tags.address import ModbusAddress, ModbusTable
from tags.i18n.catalogue import text

MAX_READ_REGISTERS = 125
MAX_READ_BITS = 2000
UNCAPPED_GAP = MAX_READ_REGISTERS - 1
"""A ``max_gap`` this large is no cap: a block may bridge any gap that fits in a request."""


@dataclass(frozen=True, slots=True)
class PollItem:
    """One tag to poll: its name, where it lives and how often it is read (seconds)."""

    name: str
    address: ModbusAddress
    period: float


@dataclass(frozen=True, slots=True)
class Limits:
    """How large a request may be and how large a gap it may bridge."""

    max_registers: int = MAX_READ_REGISTERS
    max_bits: int = MAX_READ_BITS
    max_gap: int = UNCAPPED_GAP

    def __post_init__(self) -> None:
        if not 1 <= self.max_registers <= MAX_READ_REGISTERS:
            raise ValueError(f"max_registers {self.max_registers} outside 1..{MAX_READ_REGISTERS}")
        if not 1 <= self.max_bits <= MAX_READ_BITS:
            raise ValueError(f"max_bits {self.max_bits} outside 1..{MAX_READ_BITS}")
        if self.max_gap < 0:
            raise ValueError(f"max_gap {self.max_gap} is negative")

    def size_and_gap(self, table: ModbusTable) -> tuple[int, int]:
        """The largest request and the widest gap it may bridge, in registers or bits."""
        if table.is_bit:
            uncapped = self.max_gap >= UNCAPPED_GAP
            return self.max_bits, self.max_bits if uncapped else 16 * self.max_gap
        return self.max_registers, self.max_gap


@dataclass(frozen=True, slots=True)
class Block:
    """One read request of a scan: ``count`` registers (or bits) from ``start``."""

    connection: str
    unit: int
    table: ModbusTable
    period: float
    start: int
    count: int
    items: tuple[PollItem, ...]

    @property
    def end(self) -> int:
        """One past the last register (or bit) read."""
        return self.start + self.count

    @property
    def label(self) -> str:
        """How logs and Bad reasons name the block, e.g. ``unit 1 hr 100-163``."""
        return f"unit {self.unit} {self.table.value} {self.start}-{self.end - 1}"

    @property
    def shown(self) -> str:
        """The label in the current language, as Bad reasons give it."""
        table = self.table.value
        return text(
            "modbus.block", unit=self.unit, table=table, first=self.start, last=self.end - 1
        )


Span = tuple[int, int]
"""A range of registers (or bits): (start, end), the end excluded."""


class Holes:
    """What a device refused to read, per (unit, table): spans no request may contain.

    A hole (start, end) says that every read covering all of start..end-1 fails: an unmapped
    register in a gap, or the registers of a tag the device does not have. A
    cut between two registers (a device that refuses a long read with exception 03) is the
    hole of the two registers either side of it: no request may cross it.
    """

    def __init__(self) -> None:
        self._spans: dict[tuple[int, ModbusTable], set[Span]] = defaultdict(set)

    def add(self, unit: int, table: ModbusTable, span: Span) -> bool:
        """Record a hole (see ``hole_span``); True if it was not known yet."""
        known = self._spans[(unit, table)]
        if span in known:
            return False
        known.add(span)
        return True

    def of(self, unit: int, table: ModbusTable) -> list[Span]:
        """The holes of one table, sorted."""
        return sorted(self._spans.get((unit, table), ()))

    def clear(self) -> None:
        self._spans.clear()

    def __bool__(self) -> bool:
        return any(self._spans.values())


def hole_span(start: int, end: int) -> Span:
    """The hole between two readable ranges, the first ending at ``start`` and the next
    beginning at ``end``; when they touch, the two registers either side of the cut."""
    return (start - 1, start + 1) if start >= end else (start, end)


GroupKey = tuple[str, int, ModbusTable, float]


def plan_blocks(
    items: Iterable[PollItem], limits: Limits, holes: Holes | None = None
) -> list[Block]:
    """All blocks for ``items``, ordered by connection, period, unit, table and address."""
    groups: dict[GroupKey, list[PollItem]] = defaultdict(list)
    for item in items:
        a = item.address
        groups[(a.connection, a.unit, a.table, item.period)].append(item)
    blocks: list[Block] = []
    for key in sorted(groups, key=lambda k: (k[0], k[3], k[1], k[2].value)):
        connection, unit, table, period = key
        max_size, max_gap = limits.size_and_gap(table)
        refused = holes.of(unit, table) if holes else []
        for start, count, members in plan_group(groups[key], max_size, max_gap, refused):
            blocks.append(Block(connection, unit, table, period, start, count, members))
    return blocks


@dataclass(slots=True)
class _Cluster:
    """Tags whose ranges overlap, read as one piece (never split)."""

    start: int
    end: int
    items: list[PollItem]


PlannedBlock = tuple[int, int, tuple[PollItem, ...]]
"""(start, count, items) of one block of a group."""


def plan_group(
    items: Sequence[PollItem],
    max_size: int,
    max_gap: int,
    holes: Sequence[Span] = (),
) -> list[PlannedBlock]:
    """Partition one group's tags into (start, count, items) blocks, fewest requests first.

    Dynamic programme over the tags sorted by address: overlapping tags form clusters,
    then cost(i) = min over feasible runs i..j of (1 + requests(j+1), registers) where a run
    is feasible when its span fits ``max_size``, no gap inside it exceeds ``max_gap`` and it
    contains no hole. A tag that contains a hole itself is a block of its own.
    """
    limit = _HoleLimit(holes)
    unreadable: dict[Span, list[PollItem]] = defaultdict(list)
    readable: list[PollItem] = []
    for item in items:
        span = (item.address.offset, item.address.offset + item.address.count)
        if span[1] - span[0] > max_size:
            raise ValueError(_too_large(item, span[1] - span[0], max_size))
        if limit.end_before(span[0]) <= span[1]:
            unreadable[span].append(item)
        else:
            readable.append(item)
    blocks = _partition(_clusters(readable, max_size), max_size, max_gap, limit)
    blocks += [(s, e - s, tuple(members)) for (s, e), members in unreadable.items()]
    return sorted(blocks, key=lambda b: (b[0], b[1]))


class _HoleLimit:
    """How far a block may reach without containing a hole."""

    NONE = 1 << 30

    def __init__(self, holes: Sequence[Span]) -> None:
        ordered = sorted(holes)
        self._starts = [start for start, _ in ordered]
        self._min_end = [self.NONE] * (len(ordered) + 1)  # over holes[k:]
        for k in range(len(ordered) - 1, -1, -1):
            self._min_end[k] = min(ordered[k][1], self._min_end[k + 1])

    def end_before(self, start: int) -> int:
        """A block from ``start`` must end before this (the nearest end of a hole in reach)."""
        return self._min_end[bisect_left(self._starts, start)]


def _partition(
    clusters: list[_Cluster], max_size: int, max_gap: int, limit: _HoleLimit
) -> list[PlannedBlock]:
    """The dynamic programme of ``plan_group`` over sorted clusters."""
    n = len(clusters)
    # best[i] = (requests, registers read, -stop): the run chosen at i ends before ``stop``;
    # on a tie the longest first run wins, so blocks fill up from the low addresses
    best: list[tuple[int, int, int]] = [(0, 0, -n)] * (n + 1)
    for i in range(n - 1, -1, -1):
        start = clusters[i].start
        end = clusters[i].end
        hole_end = limit.end_before(start)
        choice: tuple[int, int, int] | None = None
        for j in range(i, n):
            if j > i:
                if clusters[j].start - end > max_gap:
                    break
                end = max(end, clusters[j].end)
                if end >= hole_end:
                    break
            if end - start > max_size:
                break
            requests, registers, _ = best[j + 1]
            candidate = (requests + 1, registers + end - start, -(j + 1))
            if choice is None or candidate < choice:
                choice = candidate
        assert choice is not None  # a single cluster always fits (see _clusters)
        best[i] = choice
    blocks: list[PlannedBlock] = []
    i = 0
    while i < n:
        stop = -best[i][2]
        run = clusters[i:stop]
        end = max(c.end for c in run)
        members = tuple(item for c in run for item in c.items)
        blocks.append((run[0].start, end - run[0].start, members))
        i = stop
    return blocks


def tag_clusters(items: Sequence[PollItem], max_size: int) -> list[tuple[int, int, list[PollItem]]]:
    """Sorted (start, end, items) of overlapping tags, as the planner keeps them together."""
    return [(c.start, c.end, c.items) for c in _clusters(items, max_size)]


def _clusters(items: Sequence[PollItem], max_size: int) -> list[_Cluster]:
    """Sorted clusters of overlapping tags; a chain of overlaps longer than a request is cut
    between tags (the pieces then overlap, and some registers are read twice)."""
    ordered = sorted(items, key=lambda it: (it.address.offset, it.address.count, it.name))
    clusters: list[_Cluster] = []
    for item in ordered:
        start = item.address.offset
        end = start + item.address.count
        if end - start > max_size:
            raise ValueError(_too_large(item, end - start, max_size))
        last = clusters[-1] if clusters else None
        if last is not None and start < last.end and max(last.end, end) - last.start <= max_size:
            last.end = max(last.end, end)
            last.items.append(item)
        else:
            clusters.append(_Cluster(start, end, [item]))
    return clusters


def _too_large(item: PollItem, count: int, limit: int) -> str:
    return text("modbus.too_large", tag=item.name, count=count, limit=limit)
