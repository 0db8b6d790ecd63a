"""Alarm times found in recorded values: where a replay can jump when no journal is at hand.

``LimitCrossings`` finds the moments a recorded value went beyond a HIHI/HI limit (or below
a LO/LOLO limit) from a usable value on the right side of it. It ignores deadbands, delays,
shelving and suppression, so it approximates the alarm journal; the replay uses the journal
(tags/alarms/journal.py) when the recording has one. Candidate periods come from a decimated
trend (cost bounded per tag), then raw samples give the exact times.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from tags.alarms.journal import AlarmJournal, JournalStore, Standing
from tags.history.store import HistoryStore
from tags.model import AlarmKind, TagDef

HIGH = (AlarmKind.HIHI, AlarmKind.HI)
LOW = (AlarmKind.LOLO, AlarmKind.LO)
PIXELS = 2000


class LimitCrossings:
    """An AlarmTimes over precomputed limit crossings."""

    def __init__(self, times: Iterable[float]) -> None:
        self.times = sorted(set(times))

    def alarm_times(self, start: float, end: float) -> Sequence[float]:
        lo = bisect.bisect_left(self.times, start)
        hi = bisect.bisect_right(self.times, end)
        return self.times[lo:hi]

    @classmethod
    def scan(
        cls, store: HistoryStore, tags: Iterable[TagDef], start: float, end: float
    ) -> LimitCrossings:
        """Find the crossings of every limit alarm of ``tags`` in ``[start, end]``."""
        recorded = set(store.tag_names())
        found: list[float] = []
        for tag in tags:
            limits = [
                (a.kind in HIGH, a.limit)
                for a in tag.alarms
                if a.kind in HIGH + LOW and a.limit is not None
            ]
            if limits and tag.name in recorded:
                found.extend(_crossings(store, tag.name, limits, start, end))
        return cls(found)


def _crossings(
    store: HistoryStore,
    name: str,
    limits: list[tuple[bool, float]],
    start: float,
    end: float,
) -> list[float]:
    trend = store.trend(name, start, end + 0.001, PIXELS)
    periods: list[tuple[float, float]] = []
    for bucket in trend.buckets:
        beyond = any(
            (high and bucket.high is not None and bucket.high.value > limit)
            or (not high and bucket.low is not None and bucket.low.value < limit)
            for high, limit in limits
        )
        if beyond:
            if periods and periods[-1][1] >= bucket.start:
                periods[-1] = (periods[-1][0], bucket.end)
            else:
                periods.append((bucket.start, bucket.end))
    times: list[float] = []
    for lo, hi in periods:
        # pixel edges fall between milliseconds and a bucket's rollups may reach one rollup
        # beyond it: read a second more on each side (crossings found twice are merged)
        lo, hi = lo - 1.0, hi + trend.resolution + 1.0
        before = store.values_at([name], lo - 0.001).get(name)
        previous = before.value if before is not None and not before.quality.is_bad else None
        for sample in store.raw(name, lo, hi):
            value = sample.value if not sample.quality.is_bad else None
            if isinstance(value, int | float) and isinstance(previous, int | float):
                for high, limit in limits:
                    crossed = previous <= limit < value if high else previous >= limit > value
                    if crossed and start <= sample.server_time <= end:
                        times.append(sample.server_time)
            previous = value
    return times


class JournalActivations(Protocol):
    def activations(self, since: float, until: float) -> Sequence[Any]: ...


class JournalAlarmTimes:
    """AlarmTimes of the live alarm journal (tags/alarms/journal.py): its activations."""

    def __init__(self, journal: JournalActivations) -> None:
        self.journal = journal

    def alarm_times(self, start: float, end: float) -> Sequence[float]:
        return [a.time for a in self.journal.activations(start, end + 0.001)]


class RecordedJournal:
    """AlarmTimes (and the alarms standing at a moment) from a recorded alarm journal.

    ``record`` keeps the alarm journal of the recorded run in the same file (table
    ``alarm_journal`` of tags/alarms/journal.py). ``open`` reads it read-only so that a
    shipped recording is never modified by opening it; any other JournalStore (the shared
    store's journal) serves the same way.
    """

    def __init__(self, journal: JournalStore) -> None:
        self.journal = journal

    @classmethod
    def open(cls, path: Path) -> RecordedJournal | None:
        """The journal of a recording, or None when it has none."""
        journal = AlarmJournal.open_readonly(path)
        return None if journal is None else cls(journal)

    def alarm_times(self, start: float, end: float) -> Sequence[float]:
        return self.journal.alarm_times(start, end)

    def standing_at(self, t: float) -> Standing:
        """The alarms active at ``t``: name -> (when it became active, acknowledged by ``t``)."""
        return self.journal.standing_at(t)

    def close(self) -> None:
        self.journal.close()
