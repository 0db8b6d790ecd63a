"""Rollups: what the historian keeps per tag and time bucket, so trends and statistics over any
range read a bounded number of rows.

A rollup summarises the samples of one tag in one bucket: count, first/last/min/max usable
value with their times, the first Bad sample, the last sample's quality, and the step-held
integrals (value x time, time usable, time Good) between the bucket's first and last sample.
Rollups of consecutive buckets merge exactly (the held value bridges the gap between them), so
a month is summarised from hourly rows and the edges from finer ones.

Times are integer milliseconds; values are floats (bools and ints as numbers). "Usable" means
not Bad (Good or Uncertain): trends draw usable values and break on Bad ones.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence
from typing import Any

TIERS_MS: tuple[int, ...] = (10_000, 60_000, 600_000, 3_600_000)
"""Bucket widths of the rollup tiers: 10 s, 1 min, 10 min, 1 h (each a multiple of the last)."""

UNCERTAIN_CODE = 0x40000000
BAD_CODE = 0x80000000

# field positions in a rollup list
N, NBAD, TFIRST, TLAST, QLAST, TBAD = 0, 1, 2, 3, 4, 5
T0, V0, T1, V1, TMIN, VMIN, TMAX, VMAX = 6, 7, 8, 9, 10, 11, 12, 13
NUSE, VSUM, INTEG, USE_MS, GOOD_MS = 14, 15, 16, 17, 18
FIELDS = (
    "n", "nbad", "tfirst", "tlast", "qlast", "tbad", "t0", "v0", "t1", "v1",
    "tmin", "vmin", "tmax", "vmax", "nuse", "vsum", "integ", "use_ms", "good_ms",
)  # fmt: skip

Rollup = list[Any]
"""A mutable rollup (positions above); ``empty()`` makes one."""


def empty() -> Rollup:
    return [0, 0, None, None, 0, None, None, None, None, None, None, None, None, None, 0, 0.0,
            0.0, 0, 0]  # fmt: skip


def number(value: object) -> float | None:
    """The value as a number for rollups, or None (text, None, NaN)."""
    if isinstance(value, bool | int):
        return float(value)
    if isinstance(value, float) and math.isfinite(value):
        return value
    return None


def held(r: Rollup) -> float | None:
    """The usable numeric value the last sample leaves held, or None (Bad or not a number)."""
    if r[N] and r[T1] == r[TLAST] and r[QLAST] < BAD_CODE:
        return float(r[V1])
    return None


def merge(a: Rollup, b: Rollup) -> Rollup:
    """The rollup of ``a`` followed by ``b`` (``b`` entirely later); neither is changed."""
    if not a[N]:
        return list(b)
    if not b[N]:
        return list(a)
    gap = b[TFIRST] - a[TLAST]
    integ = a[INTEG] + b[INTEG]
    use = a[USE_MS] + b[USE_MS]
    good = a[GOOD_MS] + b[GOOD_MS]
    bridge = held(a)
    if bridge is not None:
        integ += bridge * gap
        use += gap
    if a[QLAST] < UNCERTAIN_CODE:
        good += gap
    first = a if a[T0] is not None else b
    last = b if b[T1] is not None else a
    low = a if b[VMIN] is None or (a[VMIN] is not None and a[VMIN] <= b[VMIN]) else b
    high = a if b[VMAX] is None or (a[VMAX] is not None and a[VMAX] >= b[VMAX]) else b
    return [
        a[N] + b[N],
        a[NBAD] + b[NBAD],
        a[TFIRST],
        b[TLAST],
        b[QLAST],
        a[TBAD] if a[TBAD] is not None else b[TBAD],
        first[T0],
        first[V0],
        last[T1],
        last[V1],
        low[TMIN],
        low[VMIN],
        high[TMAX],
        high[VMAX],
        a[NUSE] + b[NUSE],
        a[VSUM] + b[VSUM],
        integ,
        use,
        good,
    ]


def merge_all(parts: list[Rollup]) -> Rollup:
    """Merge rollups given in time order."""
    total = empty()
    for part in parts:
        if part[N]:
            total = merge(total, part)
    return total


def extend(r: Rollup, until: int) -> tuple[float, int, int]:
    """(integral, usable ms, good ms) of ``r`` with its last sample held until ``until``."""
    integ, use, good = float(r[INTEG]), int(r[USE_MS]), int(r[GOOD_MS])
    if r[N] and until > r[TLAST]:
        dt = until - r[TLAST]
        value = held(r)
        if value is not None:
            integ += value * dt
            use += dt
        if r[QLAST] < UNCERTAIN_CODE:
            good += dt
    return integ, use, good


def floor_to(t: int, width: int) -> int:
    return t - t % width


_WIDTH = len(FIELDS)
_NONE = math.nan
"""An absent field (None) in the compact store: stored values are finite, so NaN is free."""
_INTEGERS = (N, NBAD, TFIRST, TLAST, QLAST, TBAD, T0, T1, TMIN, TMAX, NUSE, USE_MS, GOOD_MS)
_OPTIONAL = (TFIRST, TLAST, TBAD, T0, V0, T1, V1, TMIN, VMIN, TMAX, VMAX)
_EMPTY_CELLS = array("d", [_NONE if v is None else float(v) for v in empty()])
_START = len(TIERS_MS) * _WIDTH
_LAST = _START + 1
"""Cell positions after the tiers (tier k at ``k * _WIDTH``): the open 10 s bucket's start and
the last sample's time."""


def new_cells() -> array[float]:
    """An empty rollup in the compact form (absent fields NaN), for ``add`` and ``merge_into``."""
    return array("d", _EMPTY_CELLS)


def add(c: array[float], t: int, x: float | None, q: int) -> None:
    """Add one sample (in time order) to the compact rollup at the start of ``c``.

    The writer's hot path (once per stored sample), and the readers' for raw samples: the
    positions are written as numbers, see the constants above (N=0, NBAD=1, TFIRST=2,
    TLAST=3, QLAST=4, TBAD=5, T0=6, V0=7, T1=8, V1=9, TMIN=10, VMIN=11, TMAX=12, VMAX=13,
    NUSE=14, VSUM=15, INTEG=16, USE_MS=17, GOOD_MS=18).
    """
    n = c[0]
    if n:
        last = c[3]
        dt = t - last
        held_quality = c[4]
        if c[8] == last and held_quality < 0x80000000:  # the last sample is a usable number
            c[16] += c[9] * dt
            c[17] += dt
        if held_quality < 0x40000000:
            c[18] += dt
    else:
        c[2] = t
    c[0] = n + 1
    c[3] = t
    c[4] = q
    if q >= 0x80000000:
        c[1] += 1
        if c[5] != c[5]:
            c[5] = t
    elif x is not None:
        if c[6] != c[6]:
            c[6] = t
            c[7] = x
        c[8] = t
        c[9] = x
        if not x >= c[11]:  # NaN (none yet) compares false
            c[10] = t
            c[11] = x
        if not x <= c[13]:
            c[12] = t
            c[13] = x
        c[14] += 1
        c[15] += x


def rollup_of(c: array[float], base: int = 0) -> Rollup:
    """The compact rollup at ``base`` as a Rollup list (a copy)."""
    r: Rollup = c[base : base + _WIDTH].tolist()
    for i in _OPTIONAL:
        if r[i] != r[i]:
            r[i] = None
    for i in _INTEGERS:
        if r[i] is not None:
            r[i] = int(r[i])
    return r


class TagRollups:
    """The open bucket of every tier of one tag, kept by the writer in memory.

    Only closed buckets are stored (a bucket closes when a later sample falls in a later
    bucket), so the writer adds about one rollup row per ten samples at 1 Hz. Tier 0 is the
    open 10 s bucket; tier k merges the closed tier k-1 buckets inside the open tier k
    bucket. Readers take what is newer than a tier's last stored bucket from the finer
    tiers and, for the open 10 s bucket, from the samples. Samples must come in time order.

    A historian keeps one per recorded tag, so the state is one array of doubles (times and
    counts are whole numbers far below 2**53, an absent field is NaN): about 700 bytes a tag
    and no object per field. ``acc(k)`` gives a tier as a Rollup list.
    """

    __slots__ = ("cells",)

    def __init__(self, start: int, last: int) -> None:
        self.cells = _EMPTY_CELLS * len(TIERS_MS) + array("d", (float(start), float(last)))

    @classmethod
    def fresh(cls, t: int) -> TagRollups:
        return cls(floor_to(t, TIERS_MS[0]), -(2**62))

    @property
    def start(self) -> int:
        """The start of the open 10 s bucket."""
        return int(self.cells[_START])

    @property
    def starts(self) -> list[int]:
        """The start of each tier's open bucket (each tier's width a multiple of the last)."""
        start = int(self.cells[_START])
        return [floor_to(start, w) for w in TIERS_MS]

    @property
    def last(self) -> int:
        """The time of the newest sample added (far in the past before the first)."""
        return int(self.cells[_LAST])

    @last.setter
    def last(self, t: int) -> None:
        self.cells[_LAST] = t

    def acc(self, tier: int) -> Rollup:
        """The open bucket of a tier as a Rollup (a copy)."""
        return rollup_of(self.cells, tier * _WIDTH)

    def set_acc(self, tier: int, r: Rollup) -> None:
        base = tier * _WIDTH
        self.cells[base : base + _WIDTH] = array("d", [_NONE if v is None else v for v in r])

    def put(self, t: int, x: float | None, q: int) -> None:
        """Add a sample to the open 10 s bucket (the caller rolls first when ``t`` lies past
        it)."""
        add(self.cells, t, x, q)
        self.cells[_LAST] = t

    def add(self, t: int, x: float | None, q: int, closed: list[tuple[int, int, Rollup]]) -> None:
        """Add a sample later than ``last``; buckets it closes are appended to ``closed``."""
        if t >= self.cells[_START] + TIERS_MS[0]:
            self.roll(t, closed)
        self.put(t, x, q)

    def roll(self, t: int, closed: list[tuple[int, int, Rollup]]) -> None:
        """Close the open buckets that end before ``t`` and open those holding ``t``."""
        cells = self.cells
        starts = self.starts
        final = self.acc(0)
        if final[N]:
            closed.append((0, starts[0], final))
        cells[_START] = floor_to(t, TIERS_MS[0])
        cells[0:_WIDTH] = _EMPTY_CELLS
        for k in range(1, len(TIERS_MS)):
            start = floor_to(t, TIERS_MS[k])
            base = k * _WIDTH
            if start == starts[k]:
                if final[N]:
                    merge_into(cells, final, base)
                return
            final = merge(self.acc(k), final)
            if final[N]:
                closed.append((k, starts[k], final))
            cells[base : base + _WIDTH] = _EMPTY_CELLS


def merge_into(c: array[float], b: Rollup, base: int = 0) -> None:
    """The compact rollup at ``base`` becomes ``merge(it, b)`` in place (``b`` later): the
    same arithmetic in the same order, so the sums are the same to the last bit."""
    if not b[N]:
        return
    if not c[base + N]:
        c[base : base + _WIDTH] = array("d", [_NONE if v is None else v for v in b])
        return
    a_tlast, a_quality = c[base + TLAST], c[base + QLAST]
    gap = b[TFIRST] - a_tlast
    integ = c[base + INTEG] + b[INTEG]
    use = c[base + USE_MS] + b[USE_MS]
    good = c[base + GOOD_MS] + b[GOOD_MS]
    if c[base + T1] == a_tlast and a_quality < BAD_CODE:  # a usable number is held
        integ += c[base + V1] * gap
        use += gap
    if a_quality < UNCERTAIN_CODE:
        good += gap
    if c[base + T0] != c[base + T0] and b[T0] is not None:  # the first usable value is b's
        c[base + T0], c[base + V0] = b[T0], b[V0]
    if b[T1] is not None:
        c[base + T1], c[base + V1] = b[T1], b[V1]
    low = c[base + VMIN]
    if b[VMIN] is not None and not low <= b[VMIN]:  # NaN (none yet) compares false
        c[base + TMIN], c[base + VMIN] = b[TMIN], b[VMIN]
    high = c[base + VMAX]
    if b[VMAX] is not None and not high >= b[VMAX]:
        c[base + TMAX], c[base + VMAX] = b[TMAX], b[VMAX]
    c[base + N] += b[N]
    c[base + NBAD] += b[NBAD]
    c[base + TLAST] = b[TLAST]
    c[base + QLAST] = b[QLAST]
    if c[base + TBAD] != c[base + TBAD] and b[TBAD] is not None:
        c[base + TBAD] = b[TBAD]
    c[base + NUSE] += b[NUSE]
    c[base + VSUM] = c[base + VSUM] + b[VSUM]
    c[base + INTEG] = integ
    c[base + USE_MS] = use
    c[base + GOOD_MS] = good


def encode(b: int, r: Rollup) -> tuple[Any, ...]:
    """A rollup as stored: times relative to the bucket start (two or three bytes instead of
    six) and NULL for what repeats the first value, which is common in sparse buckets."""
    t0, v0 = r[T0], r[V0]
    first = (t0, v0)
    return (
        r[N],
        r[NBAD],
        r[TFIRST] - b,
        None if r[TLAST] == r[TFIRST] else r[TLAST] - b,
        r[QLAST],
        None if r[TBAD] is None else r[TBAD] - b,
        None if t0 is None else t0 - b,
        v0,
        None if (r[T1], r[V1]) == first else r[T1] - b,
        None if (r[T1], r[V1]) == first else r[V1],
        None if (r[TMIN], r[VMIN]) == first else r[TMIN] - b,
        None if (r[TMIN], r[VMIN]) == first else r[VMIN],
        None if (r[TMAX], r[VMAX]) == first else r[TMAX] - b,
        None if (r[TMAX], r[VMAX]) == first else r[VMAX],
        r[NUSE],
        None if r[NUSE] == 1 else r[VSUM],
        r[INTEG],
        r[USE_MS],
        r[GOOD_MS],
    )


def decode(b: int, row: Sequence[Any]) -> Rollup:
    """The rollup of a stored row (``encode`` reversed)."""
    (n, nbad, tfirst, tlast, qlast, tbad, t0, v0, t1, v1, tmin, vmin, tmax, vmax, nuse, vsum,
     integ, use, good) = row  # fmt: skip
    tfirst += b
    if t0 is not None:
        t0 += b
        t1, v1 = (t0, v0) if t1 is None else (t1 + b, v1)
        tmin, vmin = (t0, v0) if tmin is None else (tmin + b, vmin)
        tmax, vmax = (t0, v0) if tmax is None else (tmax + b, vmax)
    return [
        n,
        nbad,
        tfirst,
        tfirst if tlast is None else tlast + b,
        qlast,
        None if tbad is None else tbad + b,
        t0,
        v0,
        t1,
        v1,
        tmin,
        vmin,
        tmax,
        vmax,
        nuse,
        v0 if vsum is None and nuse == 1 else (vsum or 0.0),
        integ,
        use,
        good,
    ]
