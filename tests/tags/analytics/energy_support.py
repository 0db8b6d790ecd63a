"""Helpers of the energy tests: the start time and a writer of step-wise recorded values."""

from __future__ import annotations

from collections.abc import Mapping

from tags.history.sqlite_store import SqliteHistoryStore
from tags.model import Quality, TagSample

T0 = 1_749_981_600.0  # 2025-06-15 10:00 UTC: a peak hour, then flat from 11:00


def write_steps(
    store: SqliteHistoryStore, steps: Mapping[float, Mapping[str, float | None]]
) -> None:
    """At each time, these values (None: a Bad sample)."""
    records = []
    for t, values in sorted(steps.items()):
        for name, value in values.items():
            quality = Quality.BAD_NO_COMMUNICATION if value is None else Quality.GOOD
            records.append((name, TagSample(value, quality, t, t)))
    store.append(records)
