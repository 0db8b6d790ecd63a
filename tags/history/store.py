"""The historian's storage interface and the results of its queries.

``HistoryStore`` is what the historian, the replay driver, exports and trends call. The
embedded default is ``SqliteHistoryStore`` (tags/history/sqlite_store.py); a PostgreSQL database
shared by several consoles is ``PgHistoryStore`` (tags/history/pg_store.py), the same protocol
with the same answers, so nothing above it changes.

Conventions: times are POSIX seconds; ranges are ``[start, end)``; a recorded sample comes
back as a TagSample whose ``server_time`` is its history time (the time the console received
it) and whose ``source_time`` is the device's. Between samples a value is held (step
interpolation); a Bad sample means "no usable value from here on".

A store object is used from one thread at a time (the historian gives the writer and the
readers a store each, each on its own thread).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from tags.model import TagSample

Record = tuple[str, TagSample]
"""A tag name and one of its samples, as recorded or played back."""


@dataclass(frozen=True, slots=True)
class Point:
    """A (time, value) point of a trend bucket."""

    t: float
    value: float


@dataclass(frozen=True, slots=True)
class TrendBucket:
    """One pixel's worth of a trend: first, lowest, highest and last usable value.

    ``bad_time`` is the first Bad sample in the bucket (the line breaks there) and ``ends_bad``
    says the bucket's last sample is Bad (no line to the next bucket).
    """

    start: float
    end: float
    count: int
    first: Point | None
    low: Point | None
    high: Point | None
    last: Point | None
    bad_time: float | None
    ends_bad: bool


@dataclass(frozen=True)
class Trend:
    """A decimated range: at most one bucket per pixel, buckets without samples left out."""

    tag: str
    start: float
    end: float
    pixels: int
    resolution: float
    """Width of the rollups read, in seconds (0: raw samples were read)."""
    before: TagSample | None
    """The last sample before ``start`` (the value the trend enters the range with)."""
    buckets: tuple[TrendBucket, ...]

    def points(self) -> tuple[list[float], list[float]]:
        """(times, values) in time order with NaN where the line must break (Bad quality).

        Each bucket gives its first, low, high and last point; pyqtgraph draws it with
        ``connect="finite"``.
        """
        xs: list[float] = []
        ys: list[float] = []
        nan = math.nan
        if self.before is not None and not self.before.quality.is_bad:
            held = _as_number(self.before.value)
            if held is not None:
                xs.append(self.start)
                ys.append(held)
        for bucket in self.buckets:
            points = sorted(
                {
                    p.t: p for p in (bucket.first, bucket.low, bucket.high, bucket.last) if p
                }.values(),
                key=lambda p: p.t,
            )
            breaks = [] if bucket.bad_time is None else [bucket.bad_time]
            for point in points:
                while breaks and breaks[0] <= point.t:
                    xs.append(breaks.pop(0))
                    ys.append(nan)
                xs.append(point.t)
                ys.append(point.value)
            if bucket.ends_bad and (not ys or not math.isnan(ys[-1])):
                # a bucket's rollups may reach past its end: keep the times in order
                xs.append(breaks.pop(0) if breaks else max(bucket.end, xs[-1] if xs else 0.0))
                ys.append(nan)
            elif breaks:
                xs.append(breaks[0])
                ys.append(nan)
        return xs, ys


def _as_number(value: object) -> float | None:
    if isinstance(value, bool | int | float) and math.isfinite(float(value)):
        return float(value)
    return None


@dataclass(frozen=True)
class RangeStats:
    """Statistics of one tag over ``[start, end)``.

    ``count``, ``minimum``, ``maximum`` and ``mean`` are over the usable (not Bad) samples
    recorded inside the range. ``time_weighted_mean`` and the durations hold each value until
    the next sample, starting from the value in effect at ``start`` and holding the last one
    until ``end``.
    """

    tag: str
    start: float
    end: float
    count: int
    bad_count: int
    minimum: float | None
    minimum_time: float | None
    maximum: float | None
    maximum_time: float | None
    mean: float | None
    time_weighted_mean: float | None
    good_seconds: float
    usable_seconds: float

    @property
    def good_percent(self) -> float:
        span = self.end - self.start
        return 100.0 * self.good_seconds / span if span > 0 else 0.0


@dataclass(frozen=True)
class RetentionResult:
    """What one retention pass removed."""

    deleted_samples: int
    cutoff: float | None
    """Samples before this time are gone (None: nothing had to go)."""
    used_bytes_before: int
    used_bytes_after: int


class HistoryLocked(Exception):
    """Another process is already recording into this history."""


class HistoryStore(Protocol):
    """Storage of recorded samples and the queries on them."""

    def append(self, records: Sequence[Record]) -> int:
        """Store samples in one transaction (durable when this returns); the number stored."""
        ...

    def tag_names(self) -> list[str]:
        """Every tag with recorded samples."""
        ...

    def span(self, names: Sequence[str] | None = None) -> tuple[float, float] | None:
        """Time of the first and the last recorded sample (of these tags), None when empty."""
        ...

    def raw(self, tag: str, start: float, end: float, limit: int | None = None) -> list[TagSample]:
        """Recorded samples of one tag in ``[start, end)``, oldest first."""
        ...

    def iter_raw(
        self, names: Sequence[str], start: float, end: float, chunk: int = 50_000
    ) -> Iterator[list[Record]]:
        """Samples of several tags in ``[start, end)`` as chunks, tag by tag, oldest first."""
        ...

    def count(self, names: Sequence[str], start: float, end: float) -> int:
        """How many samples ``iter_raw`` would give."""
        ...

    def window(self, names: Sequence[str], after: float, until: float) -> list[Record]:
        """Samples of these tags in ``(after, until]`` in time order (for playback)."""
        ...

    def values_at(self, names: Sequence[str], t: float) -> dict[str, TagSample]:
        """The sample in effect at ``t`` (the last at or before it) of each tag that has one."""
        ...

    def next_time(self, names: Sequence[str], after: float) -> float | None:
        """The first sample time of any of these tags after ``after``."""
        ...

    def trend(self, tag: str, start: float, end: float, pixels: int) -> Trend:
        """The range decimated to at most ``pixels`` buckets; cost bounded by ``pixels``."""
        ...

    def statistics(self, tag: str, start: float, end: float) -> RangeStats: ...

    def retain(
        self, *, now: float, keep_seconds: float | None, max_bytes: int | None
    ) -> RetentionResult:
        """Delete samples older than ``keep_seconds`` and the oldest beyond ``max_bytes``."""
        ...

    def compact(self) -> None:
        """Give free space back to the file system (after retention)."""
        ...

    def checkpoint(self) -> None:
        """Make everything committed part of the store's main file (SQLite: copy the
        write-ahead log into the database file), so the file alone holds it."""
        ...

    def used_bytes(self) -> int: ...

    def metadata(self) -> dict[str, str]:
        """Free-form facts about the history (for a recording: project, scenario, speed ...)."""
        ...

    def set_metadata(self, values: dict[str, str]) -> None: ...

    def close(self) -> None: ...
