"""Samples of a previous history writer that another source saw (a standby following its
primary through the broker): which of them the shared history does not hold yet."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from tags.history.store import HistoryStore, Record

FUTURE_S = 3600.0
"""How far past ``now`` a store's last sample is looked for (clocks of two machines)."""


def not_yet_stored(
    store: HistoryStore, records: Sequence[Record], recorded: Collection[str], now: float
) -> list[Record]:
    """The ``records`` of ``recorded`` tags newer than the store's last sample of their tag,
    in their order (what the previous writer held in memory and never wrote)."""
    names = sorted({name for name, _ in records if name in recorded})
    last = store.values_at(names, now + FUTURE_S)
    return [
        (name, sample)
        for name, sample in records
        if name in recorded and (name not in last or sample.source_time > last[name].source_time)
    ]
