"""The history stores (SQLite and PostgreSQL run the same tests): raw ranges, values at a time,
trends and statistics.

Answers are computed by hand for small cases and by a brute-force reference (conftest) for
random histories, including late samples, duplicate milliseconds and a reopened file.
"""

from __future__ import annotations

import gc
import itertools
import math
import random
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tags.history import pg_query
from tags.history import query as history_query
from tags.history.rollup import TIERS_MS
from tags.history.sqlite_store import SqliteHistoryStore
from tags.history.store import HistoryLocked, HistoryStore
from tags.model import Quality, TagSample
from tags.sqlite_file import DataFileError
from tests.tags.history.conftest import History
from tests.tags.history.support import T0, close, good, reference_stats, sample


def test_the_file_is_sqlite_in_wal_mode_with_one_row_per_sample(
    sqlite_store: SqliteHistoryStore, tmp_path: Path
) -> None:
    sqlite_store.append([("A.B.C", good(1.0, T0)), ("A.B.C", good(2.0, T0 + 1))])
    with closing(sqlite3.connect(tmp_path / "history.db")) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT count(*) FROM samples").fetchone()[0] == 2


def test_raw_range_is_half_open_and_keeps_value_types_quality_and_reason(
    store: HistoryStore,
) -> None:
    store.append(
        [
            ("A.F.PV", good(1.5, T0)),
            ("A.F.PV", sample(2.5, T0 + 1, Quality.UNCERTAIN_SENSOR_NOT_ACCURATE, "drift")),
            ("A.F.PV", sample(None, T0 + 2, Quality.BAD_TIMEOUT, "no answer")),
            ("A.P.RUN", good(True, T0)),
            ("A.P.RUN", good(False, T0 + 1)),
            ("A.P.MODE", good("AUTO", T0)),
            ("A.P.COUNT", good(7, T0)),
        ]
    )
    raw = store.raw("A.F.PV", T0, T0 + 2)
    assert [(s.value, s.quality, s.server_time, s.reason) for s in raw] == [
        (1.5, Quality.GOOD, T0, ""),
        (2.5, Quality.UNCERTAIN_SENSOR_NOT_ACCURATE, T0 + 1, "drift"),
    ]
    assert [s.value for s in store.raw("A.P.RUN", T0, T0 + 5)] == [True, False]
    assert store.raw("A.P.MODE", T0, T0 + 1)[0].value == "AUTO"
    count = store.raw("A.P.COUNT", T0, T0 + 1)[0].value
    assert count == 7 and isinstance(count, int)
    assert store.raw("A.F.PV", T0 + 2, T0 + 3)[0].reason == "no answer"


def test_source_time_is_kept_beside_the_history_time(store: HistoryStore) -> None:
    store.append([("A.B.C", TagSample(1.0, Quality.GOOD, T0 - 0.25, T0))])
    (kept,) = store.raw("A.B.C", T0, T0 + 1)
    assert (kept.source_time, kept.server_time) == (T0 - 0.25, T0)


def test_value_at_is_the_last_sample_at_or_before_the_time(store: HistoryStore) -> None:
    store.append([("A.B.C", good(1.0, T0)), ("A.B.C", good(2.0, T0 + 10))])
    assert store.values_at(["A.B.C"], T0 - 1) == {}
    assert store.values_at(["A.B.C"], T0)["A.B.C"].value == 1.0
    assert store.values_at(["A.B.C"], T0 + 9.999)["A.B.C"].value == 1.0
    assert store.values_at(["A.B.C"], T0 + 10)["A.B.C"].value == 2.0
    assert store.values_at(["A.B.C", "X.Y.Z"], T0 + 99) == {"A.B.C": good(2.0, T0 + 10)}


def test_window_is_time_ordered_across_tags_and_next_time_finds_the_next_sample(
    store: HistoryStore,
) -> None:
    store.append([("A.B.X", good(1, T0)), ("A.B.X", good(2, T0 + 2)), ("A.B.Y", good(9, T0 + 1))])
    window = store.window(["A.B.X", "A.B.Y"], T0, T0 + 2)
    assert [(n, s.value) for n, s in window] == [("A.B.Y", 9), ("A.B.X", 2)]
    assert store.next_time(["A.B.X", "A.B.Y"], T0) == T0 + 1
    assert store.next_time(["A.B.X"], T0 + 2) is None
    assert store.span() == (T0, T0 + 2)
    assert store.span(["A.B.Y"]) == (T0 + 1, T0 + 1)


def test_two_samples_in_one_millisecond_are_both_kept(store: HistoryStore) -> None:
    store.append([("A.B.C", good(1.0, T0)), ("A.B.C", good(2.0, T0))])
    assert [(s.value, s.server_time) for s in store.raw("A.B.C", T0, T0 + 1)] == [
        (1.0, T0),
        (2.0, T0 + 0.001),
    ]


def test_a_batch_written_again_after_reopening_or_a_failure_is_stored_once(
    history: History,
) -> None:
    """A console killed between an append and the removal of its batch from the spool writes
    the batch again at its next start (and a failed append may have been committed all the
    same): the newest stored sample is replaced, not kept twice. Afterwards two samples in
    one millisecond are both kept again."""
    last = [("A.B.C", good(4.0, T0 + 4)), ("A.B.D", good(1.0, T0 + 4))]  # one flush
    with closing(history.open()) as writer:
        writer.append([("A.B.C", good(float(i), T0 + i)) for i in range(4)])
        writer.append(last)
    with closing(history.open()) as writer:
        writer.append(last)
        writer.append([("A.B.C", good(9.0, T0 + 4))])
    with closing(history.open(True)) as reader:
        got = [(s.value, s.server_time) for s in reader.raw("A.B.C", T0, T0 + 10)]
        assert got == [(float(i), T0 + i) for i in range(5)] + [(9.0, T0 + 4.001)]
        assert reader.statistics("A.B.C", T0, T0 + 10).count == 6
        assert reader.raw("A.B.D", T0, T0 + 10) == [good(1.0, T0 + 4)]


HAND = [
    good(10.0, T0 + 100),
    good(20.0, T0 + 110),
    sample(5.0, T0 + 130, Quality.UNCERTAIN_LAST_USABLE_VALUE),
    sample(None, T0 + 140, Quality.BAD_NOT_CONNECTED),
    good(30.0, T0 + 150),
]


def test_statistics_by_hand(store: HistoryStore) -> None:
    store.append([("A.B.C", s) for s in HAND])
    stats = store.statistics("A.B.C", T0 + 100, T0 + 160)
    assert (stats.count, stats.bad_count) == (5, 1)
    assert (stats.minimum, stats.minimum_time) == (5.0, T0 + 130)
    assert (stats.maximum, stats.maximum_time) == (30.0, T0 + 150)
    assert stats.mean == pytest.approx(16.25)  # (10 + 20 + 5 + 30) / 4
    # 10x10 + 20x20 + 5x10 + 30x10 over the 50 usable seconds (the Bad 10 s do not count)
    assert stats.time_weighted_mean == pytest.approx(17.0)
    assert stats.good_seconds == pytest.approx(40.0)  # 100-130 and 150-160
    assert stats.usable_seconds == pytest.approx(50.0)
    assert stats.good_percent == pytest.approx(100 * 40 / 60)


def test_statistics_start_from_the_value_held_at_the_range_start(
    store: HistoryStore,
) -> None:
    store.append([("A.B.C", s) for s in HAND])
    stats = store.statistics("A.B.C", T0 + 105, T0 + 155)
    assert stats.count == 4
    assert stats.mean == pytest.approx((20 + 5 + 30) / 3)
    # 10x5 (held from 100) + 20x20 + 5x10 + 30x5 over the 40 usable seconds
    assert stats.time_weighted_mean == pytest.approx(650 / 40)
    assert stats.usable_seconds == pytest.approx(40.0)
    assert stats.good_seconds == pytest.approx(30.0)  # 105-130 and 150-155


def test_statistics_of_a_range_without_samples_hold_the_last_value(
    store: HistoryStore,
) -> None:
    store.append([("A.B.C", good(4.0, T0))])
    stats = store.statistics("A.B.C", T0 + 3600, T0 + 7200)
    assert (stats.count, stats.minimum, stats.mean) == (0, None, None)
    assert stats.time_weighted_mean == 4.0
    assert stats.good_seconds == 3600.0


def one_hour_ramp(store: HistoryStore, bad_at: int | None = None) -> None:
    """Value = seconds since T0, one sample a second for an hour and ten seconds."""
    records = []
    for i in range(3610):
        if i == bad_at:
            records.append(("A.B.C", sample(None, T0 + i, Quality.BAD_COMMUNICATION_ERROR)))
        else:
            records.append(("A.B.C", good(float(i), T0 + i)))
    store.append(records)


def test_trend_of_an_hour_in_six_pixels_reads_ten_minute_rollups(
    store: HistoryStore,
) -> None:
    one_hour_ramp(store)
    trend = store.trend("A.B.C", T0, T0 + 3600, 6)
    assert trend.resolution == 600.0
    assert len(trend.buckets) == 6
    for i, bucket in enumerate(trend.buckets):
        lo = 600.0 * i
        assert (bucket.start, bucket.end, bucket.count) == (T0 + lo, T0 + lo + 600, 600)
        assert (bucket.first.t, bucket.first.value) == (T0 + lo, lo)  # type: ignore[union-attr]
        assert bucket.low.value == lo and bucket.high.value == lo + 599  # type: ignore[union-attr]
        assert (bucket.last.t, bucket.last.value) == (T0 + lo + 599, lo + 599)  # type: ignore[union-attr]
        assert bucket.bad_time is None and not bucket.ends_bad


def test_trend_below_ten_seconds_a_pixel_reads_raw_samples(store: HistoryStore) -> None:
    one_hour_ramp(store)
    trend = store.trend("A.B.C", T0 + 100, T0 + 130, 10)
    assert trend.resolution == 0.0
    assert [(b.count, b.low.value, b.high.value) for b in trend.buckets] == [  # type: ignore[union-attr]
        (3, 100 + 3 * i, 102 + 3 * i) for i in range(10)
    ]
    assert trend.before == good(99.0, T0 + 99)


def test_a_bad_sample_breaks_the_trend_line_where_it_happened(store: HistoryStore) -> None:
    one_hour_ramp(store, bad_at=1000)
    trend = store.trend("A.B.C", T0, T0 + 3600, 6)
    second = trend.buckets[1]
    assert second.bad_time == T0 + 1000 and second.count == 600
    assert second.high.value == 1199.0 and not second.ends_bad  # type: ignore[union-attr]
    xs, ys = trend.points()
    breaks = [x for x, y in zip(xs, ys, strict=True) if math.isnan(y)]
    assert breaks == [T0 + 1000]
    assert xs == sorted(xs)


def test_a_range_ending_in_bad_quality_ends_the_line(store: HistoryStore) -> None:
    store.append([("A.B.C", good(1.0, T0)), ("A.B.C", sample(None, T0 + 5, Quality.BAD))])
    trend = store.trend("A.B.C", T0, T0 + 10, 2)
    assert trend.buckets[-1].ends_bad
    xs, ys = trend.points()
    assert xs == [T0, T0 + 5] and ys[0] == 1.0 and math.isnan(ys[1])


def test_trend_includes_the_newest_samples_not_yet_rolled_up(store: HistoryStore) -> None:
    one_hour_ramp(store)
    store.append([("A.B.C", good(-50.0, T0 + 3615))])  # the newest 10 s bucket is still open
    trend = store.trend("A.B.C", T0, T0 + 7200, 2)
    assert trend.resolution == 3600.0
    assert sum(b.count for b in trend.buckets) == 3611
    assert trend.buckets[1].low.value == -50.0  # type: ignore[union-attr]


@pytest.mark.slow
def test_trend_cost_is_bounded_by_the_pixels_not_the_range(
    history: History, store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = [("A.B.C", good(float(i % 97), T0 + 5 * i)) for i in range(3 * 86400 // 5)]
    store.append(records)  # three days, one sample every 5 s
    read: list[int] = []
    if history.kind == "sqlite":
        original = history_query.rollup_rows

        def counting(*args: object) -> list[tuple[int, list[object]]]:
            rows = original(*args)  # type: ignore[arg-type]
            read.append(len(rows))
            return rows

        monkeypatch.setattr(history_query, "rollup_rows", counting)
    else:
        pg_original = pg_query.pixel_rollups

        async def pg_counting(*args: object) -> list[tuple[int, list[object], int]]:
            pixels = await pg_original(*args)  # type: ignore[arg-type]
            read.append(sum(rows for _, _, rows in pixels))  # merged by the server
            return pixels

        monkeypatch.setattr(pg_query, "pixel_rollups", pg_counting)
    for days in (0.5, 1, 3):
        read.clear()
        trend = store.trend("A.B.C", T0, T0 + days * 86400, 200)
        assert len(trend.buckets) <= 200
        assert read, days
        assert sum(read) <= 200 * 10 + 20, days  # at most ~10 rollups per pixel


def test_random_history_agrees_with_the_reference(history: History) -> None:
    rng = random.Random(6)
    names = ["A.B.X", "A.B.Y"]
    truth: dict[str, dict[float, TagSample]] = {n: {} for n in names}
    store = history.open()
    t = T0 - 7
    qualities = [Quality.GOOD] * 8 + [Quality.UNCERTAIN, Quality.BAD_TIMEOUT]
    for batch_no in range(40):
        batch = []
        for _ in range(rng.randint(1, 120)):
            t += rng.choice([0.001, 0.5, 1.0, 7.0, 33.0, 400.0])
            name = rng.choice(names)
            s = sample(round(rng.uniform(-5, 5), 3), round(t, 3), rng.choice(qualities))
            batch.append((name, s))
            truth[name][s.server_time] = s
        if batch_no % 7 == 3:  # a late sample (clock stepped back) in an old bucket
            old = round(t - rng.uniform(60, 4000), 3)
            s = good(42.0, old)
            batch.append(("A.B.X", s))
            truth["A.B.X"][old] = s
        store.append(batch)
        if batch_no == 20:  # the writer restarts: open buckets come back from the file
            store.close()
            store = history.open()
    with closing(store):
        for name in names:
            samples = [truth[name][k] for k in sorted(truth[name])]
            stored = store.raw(name, T0 - 10, t + 1)
            assert [(s.server_time, s.value) for s in stored] == [
                (s.server_time, s.value) for s in samples
            ]
            for _ in range(25):
                a, b = sorted(rng.uniform(T0 - 20, t + 50) for _ in range(2))
                a, b = round(a, 3), round(b, 3)
                got = store.statistics(name, a, b)
                want = reference_stats(samples, a, b)
                for key, value in want.items():
                    assert close(getattr(got, key), value), (name, a, b, key)
            whole = store.trend(name, T0 - 10, t + 1, 37)
            assert sum(b.count for b in whole.buckets) == len(samples)
            xs, ys = whole.points()
            assert xs == sorted(xs) and any(math.isnan(y) for y in ys)


def test_a_second_writer_is_refused_while_the_first_records(
    history: History, store: HistoryStore
) -> None:
    with pytest.raises(HistoryLocked, match="another process"):
        history.open()
    with closing(history.open(True)) as reader:
        assert reader.tag_names() == []
    store.close()
    with closing(history.open()) as writer:  # the lock went with the first writer
        assert writer.tag_names() == []


def test_a_reader_sees_what_the_writer_committed(history: History, store: HistoryStore) -> None:
    with closing(history.open(True)) as reader:
        store.append([("A.B.C", good(1.0, T0))])
        assert reader.raw("A.B.C", T0, T0 + 1) == [good(1.0, T0)]
        with pytest.raises(PermissionError):
            reader.append([("A.B.C", good(2.0, T0 + 1))])


def test_rollup_tiers_nest() -> None:
    assert all(b % a == 0 for a, b in itertools.pairwise(TIERS_MS))


def test_a_reader_opened_before_the_tables_exist_fails_and_keeps_nothing_open(
    tmp_path: Path,
) -> None:
    """A query at console start may open the history before the writer made its tables: the
    error reaches the caller and the connection is closed (Python 3.13 warns of an unclosed one,
    which this suite turns into an error)."""
    path = tmp_path / "history.db"
    sqlite3.connect(path).close()  # an empty SQLite file
    with pytest.raises(DataFileError, match=r"not a history \(no recorded samples in it\)"):
        SqliteHistoryStore(path, readonly=True)
    gc.collect()
