"""The numbers behind a trend pen, without Qt: history arrays, the live tail, held steps,
the value at a cursor and a min/max pyramid that keeps any number of points cheap to draw.

Conventions: times are POSIX seconds, values floats, NaN means "no usable value from here
on" (a Bad sample); lines are drawn with ``connect="finite"`` so NaN is a break. Between
points a value is held (the historian's step interpolation).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from tags.history.store import Trend
from tags.model import TagSample

Array = npt.NDArray[np.float64]
EMPTY: Array = np.empty(0, dtype=np.float64)
TAIL_LIMIT = 50_000
"""Live points kept per pen between history fetches (a refetch trims the tail)."""
LOD_MIN_POINTS = 4
"""Below this many points per pixel the points are drawn as they are."""


def sample_value(sample: TagSample) -> float:
    """A sample as a trend value: NaN when Bad or not a number."""
    if sample.quality.is_bad:
        return math.nan
    value = sample.value
    if isinstance(value, bool | int | float):
        return float(value)
    return math.nan


def trend_arrays(trend: Trend) -> tuple[Array, Array]:
    """A decimated history range as (times, values) with NaN where Bad quality broke it."""
    xs, ys = trend.points()
    return np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64)


class LiveTail:
    """Samples that arrived after the last history fetch (the historian writes once a second,
    so the newest second is only here)."""

    def __init__(self, limit: int = TAIL_LIMIT) -> None:
        self.limit = limit
        self._t: list[float] = []
        self._v: list[float] = []

    def __len__(self) -> int:
        return len(self._t)

    def add(self, sample: TagSample) -> None:
        t = sample.server_time
        if self._t and t < self._t[-1]:
            return  # a late sample: history will have it
        self._t.append(t)
        self._v.append(sample_value(sample))
        if len(self._t) > self.limit:
            del self._t[: len(self._t) - self.limit]
            del self._v[: len(self._v) - self.limit]

    def drop_before(self, t: float) -> None:
        k = int(np.searchsorted(np.asarray(self._t), t, side="left")) if self._t else 0
        del self._t[:k]
        del self._v[:k]

    def after(self, t: float) -> tuple[Array, Array]:
        """Points strictly after ``t``."""
        if not self._t or self._t[-1] <= t:
            return EMPTY, EMPTY
        ts = np.asarray(self._t, dtype=np.float64)
        k = int(np.searchsorted(ts, t, side="right"))
        return ts[k:], np.asarray(self._v[k:], dtype=np.float64)

    def clear(self) -> None:
        self._t.clear()
        self._v.clear()


class PenSeries:
    """Per pen: the history last fetched and the live samples after it."""

    def __init__(self) -> None:
        self._history: dict[str, tuple[Array, Array]] = {}
        self._tails: dict[str, LiveTail] = {}

    def add(self, name: str) -> None:
        self._tails[name] = LiveTail()

    def remove(self, name: str) -> None:
        self._tails.pop(name, None)
        self._history.pop(name, None)

    def live(self, name: str, sample: TagSample) -> None:
        tail = self._tails.get(name)
        if tail is not None:
            tail.add(sample)

    def history(self, trend: Trend) -> None:
        """A fetched range replaces the pen's history; live samples it covers are dropped."""
        if trend.tag not in self._tails:
            return
        xs, _ = self._history[trend.tag] = trend_arrays(trend)
        if len(xs):
            self._tails[trend.tag].drop_before(float(xs[-1]))

    def __call__(self, name: str) -> tuple[Array, Array]:
        """History then the live points after it: (times, values with NaN where Bad)."""
        history = self._history.get(name)
        last = float(history[0][-1]) if history is not None and len(history[0]) else -math.inf
        tail = self._tails[name].after(last)
        return join([history, tail] if history is not None else [tail])


def join(parts: Sequence[tuple[Array, Array]]) -> tuple[Array, Array]:
    parts = [p for p in parts if len(p[0])]
    if not parts:
        return EMPTY, EMPTY
    if len(parts) == 1:
        return parts[0]
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def steps(xs: Array, ys: Array, hold_until: float | None = None) -> tuple[Array, Array]:
    """Held values as a line: each value runs flat to the next point's time, then jumps.

    A NaN value breaks the line until the next point; the last usable value is held until
    ``hold_until`` (the live edge or the end of the range).
    """
    n = len(xs)
    if n == 0:
        return EMPTY, EMPTY
    x = np.repeat(xs, 2)[1:]
    y = np.repeat(ys, 2)[:-1]
    if hold_until is not None and hold_until > xs[-1] and not math.isnan(ys[-1]):
        x = np.append(x, hold_until)
        y = np.append(y, ys[-1])
    return x, y


def value_at(xs: Array, ys: Array, t: float) -> float | None:
    """The value held at ``t`` (NaN: Bad there; None: nothing before ``t``)."""
    k = int(np.searchsorted(xs, t, side="right")) - 1
    return None if k < 0 else float(ys[k])


def value_range(
    xs: Array, ys: Array, start: float = -math.inf, end: float = math.inf
) -> tuple[float, float] | None:
    """Lowest and highest usable value between ``start`` and ``end`` (None: there is none)."""
    inside = ys[(xs >= start) & (xs <= end)]
    inside = inside[np.isfinite(inside)]
    return (float(inside.min()), float(inside.max())) if len(inside) else None


def visible(xs: Array, start: float, end: float) -> tuple[int, int]:
    """Index range covering ``[start, end]`` plus one point each side (lines run off the
    edges instead of stopping short of them)."""
    lo = max(int(np.searchsorted(xs, start, side="left")) - 1, 0)
    hi = min(int(np.searchsorted(xs, end, side="right")) + 1, len(xs))
    return lo, hi


class PeakPyramid:
    """Min/max of every 2, 4, 8 ... consecutive points, built once per data set, so a view of
    any width reads about two points per pixel: peaks are never lost, and a frame costs the
    same for a thousand points or a million (the in-memory twin of the historian's rollups).
    A bucket holding a NaN is NaN, so a Bad period never disappears when zoomed out."""

    def __init__(self, xs: Array, ys: Array) -> None:
        self.xs = xs
        self.ys = ys
        self.levels: list[tuple[Array, Array, Array]] = []
        """Per level k (bucket of 2**(k+1) points): bucket start time, min, max."""
        x, lo, hi = xs, ys, ys
        while len(x) >= 2 * LOD_MIN_POINTS:
            n = len(x) // 2
            x = x[: 2 * n : 2]
            lo = np.minimum(lo[: 2 * n : 2], lo[1 : 2 * n : 2])
            hi = np.maximum(hi[: 2 * n : 2], hi[1 : 2 * n : 2])
            self.levels.append((x, lo, hi))

    def __len__(self) -> int:
        return len(self.xs)

    def view(self, start: float, end: float, pixels: int) -> tuple[Array, Array]:
        """Points to draw for ``[start, end]`` on ``pixels`` pixels (raw when few enough)."""
        lo, hi = visible(self.xs, start, end)
        count = hi - lo
        if count <= LOD_MIN_POINTS * max(pixels, 1) or not self.levels:
            return self.xs[lo:hi], self.ys[lo:hi]
        level = min(int(math.log2(count / max(pixels, 1))) - 1, len(self.levels) - 1)
        bx, bmin, bmax = self.levels[max(level, 0)]
        a, b = visible(bx, start, end)
        n = b - a
        x = np.repeat(bx[a:b], 2)
        y = np.empty(2 * n, dtype=np.float64)
        y[0::2] = bmin[a:b]
        y[1::2] = bmax[a:b]
        return x, y
