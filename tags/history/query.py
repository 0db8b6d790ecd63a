"""Read queries of the SQLite historian: raw ranges, playback windows, values at a time,
decimated trends and statistics. Pure functions over a connection (the store owns it).

A trend of ``pixels`` buckets reads the coarsest rollup tier no wider than one pixel, so it
reads at most about ten rows per pixel (tier widths grow by 6 or 10) whatever the range; below
10 s per pixel it reads the raw samples, at most 10 s worth per pixel.
"""

from __future__ import annotations

import sqlite3
from array import array
from collections.abc import Iterable, Iterator, Sequence

from tags.history.rollup import (
    BAD_CODE,
    NBAD,
    NUSE,
    QLAST,
    T0,
    T1,
    TBAD,
    TFIRST,
    TIERS_MS,
    TMAX,
    TMIN,
    V0,
    V1,
    VMAX,
    VMIN,
    VSUM,
    N,
    Rollup,
    add,
    decode,
    empty,
    extend,
    floor_to,
    merge,
    merge_all,
    merge_into,
    new_cells,
    number,
    rollup_of,
)
from tags.history.store import Point, RangeStats, Record, Trend, TrendBucket
from tags.model import Quality, TagSample

TagRef = tuple[int, str, str]
"""(id, name, kind) of a recorded tag."""


class TagCache:
    """Both stores' copy of their tags table, by name (a base class of theirs): read again
    when a name is missing or has no kind yet (another process may have recorded it)."""

    _tags: dict[str, TagRef]

    def _load_tags(self) -> None:
        """Read the tags table into ``_tags``."""
        raise NotImplementedError

    def _refs(self, names: Sequence[str] | None) -> list[TagRef]:
        """The refs of those of ``names`` that are recorded (all tags for None)."""
        if names is None:
            self._load_tags()
            return list(self._tags.values())
        if any(n not in self._tags or not self._tags[n][2] for n in names):
            self._load_tags()
        return [self._tags[n] for n in names if n in self._tags]

    def _ref(self, name: str) -> TagRef:
        refs = self._refs([name])
        return refs[0] if refs else (-1, name, "")


ROLLUP_COLUMNS = (
    "n, nbad, tfirst, tlast, qlast, tbad, t0, v0, t1, v1, tmin, vmin, tmax, vmax, "
    "nuse, vsum, integ, use_ms, good_ms"
)
SAMPLE_COLUMNS = "t, v, q, ds, reason"
ROLLUP_INSERT = "INSERT OR REPLACE INTO rollups VALUES (" + ",".join(["?"] * 22) + ")"

_QUALITY: dict[int, Quality] = {int(q): q for q in Quality}


def ms(t: float) -> int:
    return round(t * 1000.0)


def quality(code: int) -> Quality:
    found = _QUALITY.get(code)
    return found if found is not None else Quality.from_code(code)


def to_sample(
    t: int, v: object, q: int, ds: int | None, reason: str | None, kind: str
) -> TagSample:
    if kind == "bool" and v is not None:
        v = bool(v)
    value = v if v is None or isinstance(v, bool | int | float | str) else str(v)
    server = t / 1000.0
    source = server if ds is None else (t - ds) / 1000.0
    return TagSample(value, quality(q), source, server, reason or "")


def raw(
    conn: sqlite3.Connection, tag: TagRef, start: float, end: float, limit: int | None
) -> list[TagSample]:
    sql = f"SELECT {SAMPLE_COLUMNS} FROM samples WHERE tag=? AND t>=? AND t<? ORDER BY t"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    kind = tag[2]
    rows = conn.execute(sql, (tag[0], ms(start), ms(end)))
    return [to_sample(t, v, q, ds, reason, kind) for t, v, q, ds, reason in rows]


def iter_raw(
    conn: sqlite3.Connection, tags: Sequence[TagRef], start: float, end: float, chunk: int
) -> Iterable[list[Record]]:
    sql = f"SELECT {SAMPLE_COLUMNS} FROM samples WHERE tag=? AND t>=? AND t<? ORDER BY t"
    for tid, name, kind in tags:
        cursor = conn.execute(sql, (tid, ms(start), ms(end)))
        while rows := cursor.fetchmany(chunk):
            yield [(name, to_sample(t, v, q, ds, reason, kind)) for t, v, q, ds, reason in rows]


def count(conn: sqlite3.Connection, tags: Sequence[TagRef], start: float, end: float) -> int:
    sql = "SELECT count(*) FROM samples WHERE tag=? AND t>=? AND t<?"
    return sum(conn.execute(sql, (tid, ms(start), ms(end))).fetchone()[0] for tid, _, _ in tags)


def id_list(tags: Sequence[TagRef]) -> str:
    return ",".join(str(int(tid)) for tid, _, _ in tags) or "NULL"


def window(
    conn: sqlite3.Connection, tags: Sequence[TagRef], after: float, until: float
) -> list[Record]:
    """Samples in ``(after, until]`` ordered by time (then tag). The replay's hot path:
    ``to_sample`` is inlined."""
    refs = {tid: (name, kind == "bool") for tid, name, kind in tags}
    sql = (
        f"SELECT tag, {SAMPLE_COLUMNS} FROM samples WHERE tag IN ({id_list(tags)}) "
        "AND t>? AND t<=? ORDER BY t, tag"
    )
    records: list[Record] = []
    append = records.append
    known = _QUALITY
    for tid, t, v, q, ds, reason in conn.execute(sql, (ms(after), ms(until))):
        name, boolean = refs[tid]
        if boolean and v is not None:
            v = bool(v)
        server = t / 1000.0
        source = server if ds is None else (t - ds) / 1000.0
        code = known[q] if q in known else Quality.from_code(q)
        append((name, TagSample(v, code, source, server, reason or "")))
    return records


def value_at(conn: sqlite3.Connection, tag: TagRef, t_ms: int) -> TagSample | None:
    row = conn.execute(
        f"SELECT {SAMPLE_COLUMNS} FROM samples WHERE tag=? AND t<=? ORDER BY t DESC LIMIT 1",
        (tag[0], t_ms),
    ).fetchone()
    if row is None:
        return None
    t, v, q, ds, reason = row
    return to_sample(t, v, q, ds, reason, tag[2])


def values_at(conn: sqlite3.Connection, tags: Sequence[TagRef], t: float) -> dict[str, TagSample]:
    t_ms = ms(t)
    found: dict[str, TagSample] = {}
    for tag in tags:
        sample = value_at(conn, tag, t_ms)
        if sample is not None:
            found[tag[1]] = sample
    return found


def next_time(conn: sqlite3.Connection, tags: Sequence[TagRef], after: float) -> float | None:
    sql = (
        "SELECT min((SELECT t FROM samples WHERE tag=tags.id AND t>? ORDER BY t LIMIT 1)) "
        f"FROM tags WHERE id IN ({id_list(tags)})"
    )
    first = conn.execute(sql, (ms(after),)).fetchone()[0]
    return None if first is None else first / 1000.0


def span(conn: sqlite3.Connection, tags: Sequence[TagRef]) -> tuple[float, float] | None:
    sql = (
        "SELECT min((SELECT t FROM samples WHERE tag=tags.id ORDER BY t LIMIT 1)), "
        "max((SELECT t FROM samples WHERE tag=tags.id ORDER BY t DESC LIMIT 1)) "
        f"FROM tags WHERE id IN ({id_list(tags)})"
    )
    first, last = conn.execute(sql).fetchone()
    return None if first is None else (first / 1000.0, last / 1000.0)


def rollup_rows(
    conn: sqlite3.Connection, tid: int, tier: int, lo: int, hi: int
) -> list[tuple[int, Rollup]]:
    """(bucket start, rollup) of one tier with ``lo <= b < hi``."""
    sql = (
        f"SELECT b, {ROLLUP_COLUMNS} FROM rollups "
        "WHERE tag=? AND tier=? AND b>=? AND b<? ORDER BY b"
    )
    return [(row[0], decode(row[0], row[1:])) for row in conn.execute(sql, (tid, tier, lo, hi))]


def raw_rollup(conn: sqlite3.Connection, tid: int, lo: int, hi: int) -> Rollup:
    c = new_cells()
    for t, v, q in conn.execute(
        "SELECT t, v, q FROM samples WHERE tag=? AND t>=? AND t<? ORDER BY t", (tid, lo, hi)
    ):
        add(c, t, number(v), q)
    return rollup_of(c)


def horizons(conn: sqlite3.Connection, tid: int) -> list[int]:
    """Per tier, the end of the tag's last stored (closed) bucket: rollups are complete
    before it; what is newer is read from the finer tiers and finally from the samples."""
    ends = []
    for tier, width in enumerate(TIERS_MS):
        row = conn.execute(
            "SELECT max(b) FROM rollups WHERE tag=? AND tier=?", (tid, tier)
        ).fetchone()
        ends.append(NEVER if row[0] is None else int(row[0]) + width)
    return ends


NEVER = -(2**62)


def rollup_range(
    conn: sqlite3.Connection, tid: int, lo: int, hi: int, level: int, ends: list[int]
) -> Rollup:
    """The exact rollup of ``[lo, hi)``: whole stored buckets of the coarsest tier that fits,
    the ragged edges and the newest part from finer tiers and finally from the samples."""
    if lo >= hi:
        return empty()
    if level < 0:
        return raw_rollup(conn, tid, lo, hi)
    width = TIERS_MS[level]
    a = -(-lo // width) * width
    b = floor_to(min(hi, ends[level]), width)
    if a >= b:
        return rollup_range(conn, tid, lo, hi, level - 1, ends)
    left = rollup_range(conn, tid, lo, a, level - 1, ends)
    middle = merge_all([r for _, r in rollup_rows(conn, tid, level, a, b)])
    right = rollup_range(conn, tid, b, hi, level - 1, ends)
    return merge(merge(left, middle), right)


def statistics(conn: sqlite3.Connection, tag: TagRef, start: float, end: float) -> RangeStats:
    lo, hi = ms(start), ms(end)
    body = rollup_range(conn, tag[0], lo, hi, len(TIERS_MS) - 1, horizons(conn, tag[0]))
    return range_stats(tag[1], start, end, body, value_at(conn, tag, lo - 1))


def range_stats(
    name: str, start: float, end: float, body: Rollup, before: TagSample | None
) -> RangeStats:
    """The statistics of ``[start, end)`` from the rollup of its samples and the sample in
    force at its start (``before``: the last one before it, None without one)."""
    lo, hi = ms(start), ms(end)
    integ, use, good = extend(body, hi) if body[N] else (0.0, 0, 0)
    if before is not None:
        lead = (body[TFIRST] if body[N] else hi) - lo
        x = number(before.value)
        if x is not None and not before.quality.is_bad:
            integ += x * lead
            use += lead
        if before.quality.is_good:
            good += lead
    return RangeStats(
        tag=name,
        start=start,
        end=end,
        count=body[N],
        bad_count=body[NBAD],
        minimum=body[VMIN],
        minimum_time=None if body[TMIN] is None else body[TMIN] / 1000.0,
        maximum=body[VMAX],
        maximum_time=None if body[TMAX] is None else body[TMAX] / 1000.0,
        mean=body[VSUM] / body[NUSE] if body[NUSE] else None,
        time_weighted_mean=integ / use if use else None,
        good_seconds=good / 1000.0,
        usable_seconds=use / 1000.0,
    )


def tier_for(width_ms: float) -> int:
    """The coarsest tier whose buckets are no wider than a pixel, -1 for raw samples."""
    tier = -1
    for k, w in enumerate(TIERS_MS):
        if w <= width_ms:
            tier = k
    return tier


class Pixels:
    """Per-pixel rollups of a trend, filled in time order."""

    def __init__(self, lo: int, width: float, pixels: int) -> None:
        self.lo = lo
        self.width = width
        self.last = pixels - 1
        self.parts: list[array[float]] = [new_cells() for _ in range(pixels)]
        """Per pixel, a compact rollup (tags/history/rollup.py)."""

    def index(self, t: int) -> int:
        return min(max(int((t - self.lo) / self.width), 0), self.last)

    def rollups(self) -> Iterator[tuple[int, Rollup]]:
        """(pixel, rollup) of each pixel that holds data."""
        for i, part in enumerate(self.parts):
            if part[N]:
                yield i, rollup_of(part)

    def fill(
        self, conn: sqlite3.Connection, tid: int, lo: int, hi: int, level: int, ends: list[int]
    ) -> None:
        """Add the data of ``[lo, hi)`` read at ``level`` (newer parts from finer levels)."""
        if lo >= hi:
            return
        if level < 0:
            parts, index = self.parts, self.index
            sql = "SELECT t, v, q FROM samples WHERE tag=? AND t>=? AND t<? ORDER BY t"
            for t, v, q in conn.execute(sql, (tid, lo, hi)):
                add(parts[index(t)], t, number(v), q)
            return
        width = TIERS_MS[level]
        top = min(hi, ends[level])
        if top > lo:
            for b, r in rollup_rows(conn, tid, level, floor_to(lo, width), top):
                merge_into(self.parts[self.index(b)], r)
            lo = max(lo, ends[level])
        self.fill(conn, tid, lo, hi, level - 1, ends)


def trend(conn: sqlite3.Connection, tag: TagRef, start: float, end: float, pixels: int) -> Trend:
    pixels = max(1, int(pixels))
    lo, hi = ms(start), ms(end)
    width = max(hi - lo, 1) / pixels
    tier = tier_for(width)
    grid = Pixels(lo, width, pixels)
    grid.fill(conn, tag[0], lo, hi, tier, horizons(conn, tag[0]))
    buckets = tuple(
        bucket(r, (lo + i * width) / 1000.0, (lo + (i + 1) * width) / 1000.0)
        for i, r in grid.rollups()
    )
    resolution = 0.0 if tier < 0 else TIERS_MS[tier] / 1000.0
    before = value_at(conn, tag, lo - 1)
    return Trend(tag[1], start, end, pixels, resolution, before, buckets)


def _point(t: int | None, v: float | None) -> Point | None:
    return None if t is None or v is None else Point(t / 1000.0, float(v))


def bucket(r: Rollup, start: float, end: float) -> TrendBucket:
    return TrendBucket(
        start=start,
        end=end,
        count=r[N],
        first=_point(r[T0], r[V0]),
        low=_point(r[TMIN], r[VMIN]),
        high=_point(r[TMAX], r[VMAX]),
        last=_point(r[T1], r[V1]),
        bad_time=None if r[TBAD] is None else r[TBAD] / 1000.0,
        ends_bad=r[QLAST] >= BAD_CODE,
    )
