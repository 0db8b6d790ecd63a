"""Splitting a block the device refused with exception 02/03 to find what it cannot read.

A read that touches one unmapped register fails as a whole, good tags and all. ``probe``
bisects the refused block along its tags: a part that reads gives its tags' values, a tag
that fails on its own is unreadable, and where two parts read on their own but not together
the gap between them holds a hole. Where one side of a split failed, the two readable tags
nearest the split are read together once more, so afterwards every pair of readable tags
with no hole found between them is known to read together: a plan made with the holes found
(``plan.Holes``) is refused no more, and converges in the scan after the probe.

Costs about two requests per hole and level of the bisection, once per connection.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from tags.drivers.modbus.link import RequestError
from tags.drivers.modbus.plan import Block, PollItem, Span, hole_span, tag_clusters

ADDRESS_CODES = frozenset({0x02, 0x03})
"""Illegal data address and illegal data value: the device refuses what was asked for."""

Read = Callable[[int, int], Awaitable[list[int] | list[bool]]]
"""Reads (start, count) of the block's table; raises RequestError."""


@dataclass(frozen=True)
class Piece:
    """A part of the refused block that the device did read, with its values."""

    start: int
    count: int
    values: list[int] | list[bool]
    items: tuple[PollItem, ...]


@dataclass(frozen=True)
class Unreadable:
    """Tags (of one span) the device refuses to read even on their own."""

    start: int
    end: int
    items: tuple[PollItem, ...]
    error: RequestError


@dataclass
class Findings:
    """What a probe learned: values read, tags unreadable, holes a read must not span."""

    pieces: list[Piece] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    holes: list[Span] = field(default_factory=list)
    requests: int = 0


def is_refusal(error: RequestError) -> bool:
    """An exception reply about the addresses asked for (not the device or the link)."""
    return error.exception_code in ADDRESS_CODES


def can_split(block: Block) -> bool:
    """A block holding tags of more than one span: a split may save some of them."""
    spans = {(i.address.offset, i.address.count) for i in block.items}
    return len(spans) > 1


async def probe(read: Read, block: Block, refused: RequestError) -> Findings:
    """Bisect ``block``, whose read was ``refused``; other errors are raised as they come."""
    prober = _Prober(read, block)
    await prober.visit(0, len(prober.clusters), refused)
    return prober.findings


class _Prober:
    def __init__(self, read: Read, block: Block) -> None:
        self.read = read
        self.clusters = tag_clusters(block.items, block.count)
        self.readable = [False] * len(self.clusters)
        self.findings = Findings()

    async def attempt(self, start: int, end: int) -> list[int] | list[bool] | RequestError:
        """Values, or the refusal; any other error is raised."""
        self.findings.requests += 1
        try:
            return await self.read(start, end - start)
        except RequestError as err:
            if is_refusal(err):
                return err
            raise

    async def visit(self, lo: int, hi: int, refused: RequestError | None) -> bool:
        """Clusters lo..hi-1: True when they read as one (``refused``: known not to)."""
        start, end = self.clusters[lo][0], self.clusters[hi - 1][1]
        if refused is None:
            result = await self.attempt(start, end)
            if not isinstance(result, RequestError):
                items = tuple(i for c in self.clusters[lo:hi] for i in c[2])
                self.findings.pieces.append(Piece(start, end - start, result, items))
                self.readable[lo:hi] = [True] * (hi - lo)
                return True
            refused = result
        if hi - lo == 1:
            await self.visit_cluster(lo, refused)
            return False
        mid = (lo + hi) // 2
        left = await self.visit(lo, mid, None)
        right = await self.visit(mid, hi, None)
        if left and right:  # each half reads, both together do not: the gap between them
            self.findings.holes.append(hole_span(self.clusters[mid - 1][1], self.clusters[mid][0]))
        else:
            await self.visit_junction(lo, mid, hi)
        return False

    async def visit_cluster(self, index: int, refused: RequestError) -> None:
        """Tags that overlap: each distinct span alone (the whole span is known refused)."""
        start, end, items = self.clusters[index]
        spans: dict[Span, list[PollItem]] = defaultdict(list)
        for item in items:
            spans[(item.address.offset, item.address.offset + item.address.count)].append(item)
        for (s, e), members in spans.items():
            result = refused if (s, e) == (start, end) else await self.attempt(s, e)
            if isinstance(result, RequestError):
                self.findings.unreadable.append(Unreadable(s, e, tuple(members), result))
                self.findings.holes.append((s, e))
            else:
                self.findings.pieces.append(Piece(s, e - s, result, tuple(members)))

    async def visit_junction(self, lo: int, mid: int, hi: int) -> None:
        """Can the readable tags nearest the split, one each side, be read together?"""
        left = [k for k in range(lo, mid) if self.readable[k]]
        right = [k for k in range(mid, hi) if self.readable[k]]
        if not left or not right:
            return
        start, end = self.clusters[left[-1]][0], self.clusters[right[0]][1]
        if any(start <= a and b <= end for a, b in self.findings.holes):
            return  # a hole found between them already keeps them apart
        result = await self.attempt(start, end)
        if isinstance(result, RequestError):
            gap = hole_span(self.clusters[left[-1]][1], self.clusters[right[0]][0])
            self.findings.holes.append(gap)


def describe(block: Block, findings: Findings) -> str:
    """One line for the log: what the probe found in ``block``."""
    table = block.table.value
    parts = [f"readable parts: {len(findings.pieces)}"]
    if findings.unreadable:
        spans = ", ".join(_span_text(u.start, u.end) for u in findings.unreadable)
        parts.append(f"unreadable {table} {spans}")
    gaps = [h for h in findings.holes if not _is_tag_span(h, findings.unreadable)]
    if gaps:
        parts.append(f"not bridged {table} " + ", ".join(_span_text(a, b) for a, b in gaps))
    return f"{'; '.join(parts)} ({findings.requests} requests)"


def _span_text(start: int, end: int) -> str:
    return str(start) if end - start == 1 else f"{start}-{end - 1}"


def _is_tag_span(span: Span, unreadable: Sequence[Unreadable]) -> bool:
    return any((u.start, u.end) == span for u in unreadable)
