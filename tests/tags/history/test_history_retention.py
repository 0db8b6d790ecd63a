"""Retention by age and by size (both stores), compaction (SQLite), and rollups that stay
exact after deleting."""

from __future__ import annotations

from pathlib import Path

import pytest

from tags.clock import ManualClock
from tags.config.project import HistorianSettings
from tags.database import TagDatabase
from tags.history.historian import Historian
from tags.history.sqlite_store import SqliteHistoryStore
from tags.history.store import HistoryStore
from tags.model import TagSample
from tests.tags.history.conftest import History
from tests.tags.history.support import T0, close, good, memory_tag, reference_stats

DAY = 86400.0


def three_days(store: HistoryStore) -> dict[str, list[TagSample]]:
    """Two tags, a sample every 10 s for three days."""
    truth: dict[str, list[TagSample]] = {"A.B.X": [], "A.B.Y": []}
    for hour in range(72):
        batch = []
        for i in range(360):
            t = T0 + hour * 3600 + i * 10
            for k, name in enumerate(truth):
                s = good(float((hour * 360 + i) % (50 + k)), t)
                truth[name].append(s)
                batch.append((name, s))
        store.append(batch)
    return truth


@pytest.mark.slow
def test_retention_by_age_deletes_older_samples_and_keeps_statistics_exact(
    store: HistoryStore,
) -> None:
    truth = three_days(store)
    result = store.retain(now=T0 + 3 * DAY + 123.456, keep_seconds=DAY, max_bytes=None)
    cutoff = T0 + 2 * DAY + 123.456
    assert result.cutoff == pytest.approx(cutoff)
    assert result.deleted_samples == sum(
        1 for samples in truth.values() for s in samples if s.server_time < cutoff
    )
    first, last = store.span() or (0.0, 0.0)
    assert first >= cutoff and last == truth["A.B.X"][-1].server_time
    kept = [s for s in truth["A.B.X"] if s.server_time >= cutoff]
    for start, end in ((cutoff, T0 + 3 * DAY), (T0 + 2 * DAY + 3000, T0 + 2 * DAY + 9000)):
        got = store.statistics("A.B.X", start, end)
        for key, want in reference_stats(kept, start, end).items():
            assert close(getattr(got, key), want), key
    trend = store.trend("A.B.X", T0, T0 + 3 * DAY, 72)
    assert sum(b.count for b in trend.buckets) == len(kept)


@pytest.mark.slow
def test_retention_by_size_removes_the_oldest_until_the_history_fits(
    store: HistoryStore,
) -> None:
    three_days(store)
    used = store.used_bytes()
    result = store.retain(now=T0 + 3 * DAY, keep_seconds=None, max_bytes=used // 2)
    assert result.used_bytes_before == used
    assert result.used_bytes_after <= used // 2
    first, last = store.span() or (0.0, 0.0)
    assert first > T0 + DAY / 2 and last == T0 + 3 * DAY - 10


def test_nothing_is_deleted_when_the_history_is_young_and_small(
    store: HistoryStore,
) -> None:
    store.append([("A.B.X", good(1.0, T0))])
    result = store.retain(now=T0 + 10, keep_seconds=DAY, max_bytes=10**9)
    assert (result.deleted_samples, result.cutoff) == (0, None)


@pytest.mark.slow
def test_compaction_gives_the_space_back_to_the_file_system(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    with SqliteHistoryStore(path, durable=False) as store:
        three_days(store)
        store.compact()
        full = path.stat().st_size
        store.retain(now=T0 + 3 * DAY, keep_seconds=DAY / 2, max_bytes=None)
        store.compact()
        assert path.stat().st_size < full * 0.4


@pytest.mark.asyncio
async def test_the_historian_applies_the_project_retention_on_its_writer(history: History) -> None:
    clock = ManualClock(T0)
    db = TagDatabase({"A.B.X": memory_tag("A.B.X")}, clock)
    historian = Historian(db, history.factory, HistorianSettings(retention_days=1))
    await historian.start(tasks=False)
    for hour in range(48):
        db.publish({"A.B.X": good(float(hour), T0 + hour * 3600)})
    await historian.flush()
    clock.advance(48 * 3600)
    result = await historian.maintain()
    assert result is not None and result.deleted_samples == 24
    assert [s.value for s in await historian.raw("A.B.X", T0, T0 + 3 * DAY)] == [
        float(h) for h in range(24, 48)
    ]
    await historian.stop()
