"""Read queries of the PostgreSQL historian: the same answers as tags/history/query.py, from
the tables of tags/history/pg_store.py. Coroutines over one pooled connection (the store runs
each on the database's loop); the rollup arithmetic is rollup.py's, the bucket grid and the
tier choice are query.py's, so the two stores cannot disagree.

A value is kept in the column of its type: ``f`` (float), ``i`` (int and bool) or ``s``
(text); NaN is stored as NULL as SQLite stores it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import psycopg

from tags.history.query import (
    NEVER,
    Pixels,
    TagRef,
    bucket,
    ms,
    range_stats,
    tier_for,
    to_sample,
)
from tags.history.rollup import (
    TIERS_MS,
    Rollup,
    add,
    decode,
    empty,
    floor_to,
    merge,
    merge_all,
    merge_into,
    new_cells,
    number,
    rollup_of,
)
from tags.history.store import RangeStats, Record, Trend
from tags.model import TagSample

Conn = psycopg.AsyncConnection[Any]
SAMPLE_COLUMNS = "t, f, i, s, q, ds, reason"
ROLLUP_COLUMNS = (
    "n, nbad, tfirst, tlast, qlast, tbad, t0, v0, t1, v1, tmin, vmin, tmax, vmax, "
    "nuse, vsum, integ, use_ms, good_ms"
)


def sample(row: Sequence[Any], kind: str) -> TagSample:
    """A TagSample of a (t, f, i, s, q, ds, reason) row."""
    t, f, i, s, q, ds, reason = row
    return to_sample(t, f if f is not None else (i if i is not None else s), q, ds, reason, kind)


async def _rows(
    conn: Conn, sql: str, params: Sequence[Any] | Mapping[str, Any]
) -> list[tuple[Any, ...]]:
    cur = conn.cursor(binary=True)
    await cur.execute(sql, params)
    return await cur.fetchall()


async def raw(
    conn: Conn, tag: TagRef, start: float, end: float, limit: int | None
) -> list[TagSample]:
    sql = f"SELECT {SAMPLE_COLUMNS} FROM samples WHERE tag=%s AND t>=%s AND t<%s ORDER BY t"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    kind = tag[2]
    return [sample(row, kind) for row in await _rows(conn, sql, (tag[0], ms(start), ms(end)))]


async def raw_chunk(conn: Conn, tag: TagRef, lo: int, hi: int, chunk: int) -> list[TagSample]:
    """At most ``chunk`` samples of one tag in ``[lo, hi)`` ms (iter_raw pages with these)."""
    sql = (
        f"SELECT {SAMPLE_COLUMNS} FROM samples WHERE tag=%s AND t>=%s AND t<%s "
        f"ORDER BY t LIMIT {int(chunk)}"
    )
    return [sample(row, tag[2]) for row in await _rows(conn, sql, (tag[0], lo, hi))]


def _ids(tags: Sequence[TagRef]) -> list[int]:
    return [int(tid) for tid, _, _ in tags]


async def count(conn: Conn, tags: Sequence[TagRef], start: float, end: float) -> int:
    sql = "SELECT count(*) FROM samples WHERE tag = ANY(%s) AND t>=%s AND t<%s"
    return int((await _rows(conn, sql, (_ids(tags), ms(start), ms(end))))[0][0])


async def window(conn: Conn, tags: Sequence[TagRef], after: float, until: float) -> list[Record]:
    """Samples in ``(after, until]`` ordered by time (then tag)."""
    refs = {tid: (name, kind) for tid, name, kind in tags}
    sql = (
        f"SELECT tag, {SAMPLE_COLUMNS} FROM samples WHERE tag = ANY(%s) "
        "AND t>%s AND t<=%s ORDER BY t, tag"
    )
    records: list[Record] = []
    for row in await _rows(conn, sql, (_ids(tags), ms(after), ms(until))):
        name, kind = refs[row[0]]
        records.append((name, sample(row[1:], kind)))
    return records


async def value_at(conn: Conn, tag: TagRef, t_ms: int) -> TagSample | None:
    sql = f"SELECT {SAMPLE_COLUMNS} FROM samples WHERE tag=%s AND t<=%s ORDER BY t DESC LIMIT 1"
    rows = await _rows(conn, sql, (tag[0], t_ms))
    return sample(rows[0], tag[2]) if rows else None


async def values_at(conn: Conn, tags: Sequence[TagRef], t: float) -> dict[str, TagSample]:
    refs = {tid: (name, kind) for tid, name, kind in tags}
    sql = (
        f"SELECT x.id, v.* FROM unnest(%s::int4[]) AS x(id) CROSS JOIN LATERAL ("
        f"SELECT {SAMPLE_COLUMNS} FROM samples WHERE tag=x.id AND t<=%s "
        "ORDER BY t DESC LIMIT 1) AS v"
    )
    found = {}
    for row in await _rows(conn, sql, (_ids(tags), ms(t))):
        name, kind = refs[row[0]]
        found[name] = sample(row[1:], kind)
    return {tag[1]: found[tag[1]] for tag in tags if tag[1] in found}


async def next_time(conn: Conn, tags: Sequence[TagRef], after: float) -> float | None:
    sql = (
        "SELECT min(v.t) FROM unnest(%s::int4[]) AS x(id) CROSS JOIN LATERAL ("
        "SELECT t FROM samples WHERE tag=x.id AND t>%s ORDER BY t LIMIT 1) AS v"
    )
    first = (await _rows(conn, sql, (_ids(tags), ms(after))))[0][0]
    return None if first is None else first / 1000.0


async def span(conn: Conn, tags: Sequence[TagRef]) -> tuple[float, float] | None:
    sql = (
        "SELECT min((SELECT t FROM samples WHERE tag=x.id ORDER BY t LIMIT 1)), "
        "max((SELECT t FROM samples WHERE tag=x.id ORDER BY t DESC LIMIT 1)) "
        "FROM unnest(%s::int4[]) AS x(id)"
    )
    first, last = (await _rows(conn, sql, (_ids(tags),)))[0]
    return None if first is None else (first / 1000.0, last / 1000.0)


async def last_time(conn: Conn, tid: int) -> int | None:
    sql = "SELECT t FROM samples WHERE tag=%s ORDER BY t DESC LIMIT 1"
    rows = await _rows(conn, sql, (tid,))
    return int(rows[0][0]) if rows else None


async def rollup_rows(
    conn: Conn, tid: int, tier: int, lo: int, hi: int
) -> list[tuple[int, Rollup]]:
    """(bucket start, rollup) of one tier with ``lo <= b < hi``."""
    sql = (
        f"SELECT b, {ROLLUP_COLUMNS} FROM rollups "
        "WHERE tag=%s AND tier=%s AND b>=%s AND b<%s ORDER BY b"
    )
    return [
        (row[0], decode(row[0], row[1:])) for row in await _rows(conn, sql, (tid, tier, lo, hi))
    ]


async def raw_rollup(conn: Conn, tid: int, lo: int, hi: int) -> Rollup:
    c = new_cells()
    sql = "SELECT t, f, i, q FROM samples WHERE tag=%s AND t>=%s AND t<%s ORDER BY t"
    for t, f, i, q in await _rows(conn, sql, (tid, lo, hi)):
        add(c, t, number(f if f is not None else i), q)
    return rollup_of(c)


async def horizons(conn: Conn, tid: int) -> list[int]:
    """Per tier, the end of the tag's last stored (closed) bucket (query.horizons)."""
    sql = (
        "SELECT x.tier, (SELECT b FROM rollups WHERE tag=%s AND tier=x.tier "
        "ORDER BY b DESC LIMIT 1) FROM generate_series(0, %s) AS x(tier) ORDER BY x.tier"
    )
    rows = await _rows(conn, sql, (tid, len(TIERS_MS) - 1))
    return [NEVER if b is None else int(b) + TIERS_MS[tier] for tier, b in rows]


async def rollup_range(
    conn: Conn, tid: int, lo: int, hi: int, level: int, ends: list[int]
) -> Rollup:
    """The exact rollup of ``[lo, hi)`` (query.rollup_range)."""
    if lo >= hi:
        return empty()
    if level < 0:
        return await raw_rollup(conn, tid, lo, hi)
    width = TIERS_MS[level]
    a = -(-lo // width) * width
    b = floor_to(min(hi, ends[level]), width)
    if a >= b:
        return await rollup_range(conn, tid, lo, hi, level - 1, ends)
    left = await rollup_range(conn, tid, lo, a, level - 1, ends)
    middle = merge_all([r for _, r in await rollup_rows(conn, tid, level, a, b)])
    right = await rollup_range(conn, tid, b, hi, level - 1, ends)
    return merge(merge(left, middle), right)


async def statistics(conn: Conn, tag: TagRef, start: float, end: float) -> RangeStats:
    lo, hi = ms(start), ms(end)
    ends = await horizons(conn, tag[0])
    body = await rollup_range(conn, tag[0], lo, hi, len(TIERS_MS) - 1, ends)
    return range_stats(tag[1], start, end, body, await value_at(conn, tag, lo - 1))


PIXEL_ROLLUPS = """
SELECT p, count(*), sum(n), sum(nbad), min(tfirst + b), max(coalesce(tlast, tfirst) + b),
    (array_agg(qlast ORDER BY b DESC))[1], min(tbad + b),
    (array_agg(t0 + b ORDER BY b) FILTER (WHERE t0 IS NOT NULL))[1],
    (array_agg(v0 ORDER BY b) FILTER (WHERE t0 IS NOT NULL))[1],
    (array_agg(coalesce(t1, t0) + b ORDER BY b DESC) FILTER (WHERE t0 IS NOT NULL))[1],
    (array_agg(CASE WHEN t1 IS NULL THEN v0 ELSE v1 END ORDER BY b DESC)
        FILTER (WHERE t0 IS NOT NULL))[1],
    (array_agg(coalesce(tmin, t0) + b ORDER BY CASE WHEN tmin IS NULL THEN v0 ELSE vmin END, b)
        FILTER (WHERE t0 IS NOT NULL))[1],
    min(CASE WHEN tmin IS NULL THEN v0 ELSE vmin END),
    (array_agg(coalesce(tmax, t0) + b
        ORDER BY CASE WHEN tmax IS NULL THEN v0 ELSE vmax END DESC, b)
        FILTER (WHERE t0 IS NOT NULL))[1],
    max(CASE WHEN tmax IS NULL THEN v0 ELSE vmax END),
    sum(nuse)
FROM (SELECT *, greatest(least(floor((b - %(lo)s)::float8 / %(width)s)::int8, %(last)s), 0) AS p
      FROM rollups WHERE tag=%(tag)s AND tier=%(tier)s AND b>=%(b0)s AND b<%(b1)s) AS r
GROUP BY p ORDER BY p
"""


async def pixel_rollups(
    conn: Conn, grid: Pixels, tid: int, tier: int, lo: int, hi: int
) -> list[tuple[int, Rollup, int]]:
    """(pixel, rollup, rows merged) of one tier's buckets with ``lo <= b < hi``, merged per
    pixel by the server as ``rollup.merge`` merges them, for a trend: a pixel holds up to ten
    buckets and the server merges them where they lie. The integrals (time-weighted mean,
    usable and good time) are left at zero: a trend does not draw them."""
    params = {"lo": grid.lo, "width": grid.width, "last": grid.last, "tag": tid, "tier": tier,
              "b0": lo, "b1": hi}  # fmt: skip
    found = []
    for row in await _rows(conn, PIXEL_ROLLUPS, params):
        (p, rows, n, nbad, tfirst, tlast, qlast, tbad, t0, v0, t1, v1, tmin, vmin, tmax, vmax,
         nuse) = row  # fmt: skip
        r = [int(n), int(nbad), tfirst, tlast, qlast, tbad, t0, v0, t1, v1, tmin, vmin, tmax,
             vmax, int(nuse), 0.0, 0.0, 0, 0]  # fmt: skip
        found.append((int(p), r, int(rows)))
    return found


async def fill(
    conn: Conn, grid: Pixels, tid: int, lo: int, hi: int, level: int, ends: list[int]
) -> None:
    """Pixels.fill: the data of ``[lo, hi)`` read at ``level``, newer parts from finer ones."""
    while lo < hi:
        if level < 0:
            parts, index = grid.parts, grid.index
            sql = "SELECT t, f, i, q FROM samples WHERE tag=%s AND t>=%s AND t<%s ORDER BY t"
            for t, f, i, q in await _rows(conn, sql, (tid, lo, hi)):
                add(parts[index(t)], t, number(f if f is not None else i), q)
            return
        width = TIERS_MS[level]
        top = min(hi, ends[level])
        if top > lo:
            for i, r, _ in await pixel_rollups(conn, grid, tid, level, floor_to(lo, width), top):
                merge_into(grid.parts[i], r)
            lo = max(lo, ends[level])
        level -= 1


async def trend(conn: Conn, tag: TagRef, start: float, end: float, pixels: int) -> Trend:
    pixels = max(1, int(pixels))
    lo, hi = ms(start), ms(end)
    width = max(hi - lo, 1) / pixels
    tier = tier_for(width)
    grid = Pixels(lo, width, pixels)
    await fill(conn, grid, tag[0], lo, hi, tier, await horizons(conn, tag[0]))
    buckets = tuple(
        bucket(r, (lo + i * width) / 1000.0, (lo + (i + 1) * width) / 1000.0)
        for i, r in grid.rollups()
    )
    resolution = 0.0 if tier < 0 else TIERS_MS[tier] / 1000.0
    before = await value_at(conn, tag, lo - 1)
    return Trend(tag[1], start, end, pixels, resolution, before, buckets)
