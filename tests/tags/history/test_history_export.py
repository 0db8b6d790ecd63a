"""Export of a tag set and a range to CSV (long and wide), with progress and cancelling."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest

from tags.history.export import ExportCancelled, export, parquet_available
from tags.history.store import HistoryStore
from tags.model import Quality
from tests.tags.history.support import T0, good, sample


def rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.fixture
def filled(store: HistoryStore) -> HistoryStore:
    store.append(
        [
            ("A.B.X", good(1.5, T0)),
            ("A.B.Y", good(True, T0)),
            ("A.B.X", sample(None, T0 + 1, Quality.BAD_TIMEOUT, "no answer")),
            ("A.B.X", good(2.5, T0 + 2)),
            ("A.B.Y", good(False, T0 + 2)),
            ("A.B.Z", good("AUTO", T0 + 2)),
            ("A.B.X", good(9.0, T0 + 10)),  # outside the exported range
        ]
    )
    return store


def test_long_csv_has_one_row_per_sample_with_quality_and_reason(
    filled: HistoryStore, tmp_path: Path
) -> None:
    out = tmp_path / "x.csv"
    assert export(filled, out, ["A.B.X", "A.B.Y"], T0, T0 + 10, utc=True) == 5
    assert rows(out) == [
        ["time", "tag", "value", "quality", "reason"],
        ["2025-06-15T00:00:00.000+00:00", "A.B.X", "1.5", "Good", ""],
        ["2025-06-15T00:00:01.000+00:00", "A.B.X", "", "BadTimeout", "no answer"],
        ["2025-06-15T00:00:02.000+00:00", "A.B.X", "2.5", "Good", ""],
        ["2025-06-15T00:00:00.000+00:00", "A.B.Y", "1", "Good", ""],
        ["2025-06-15T00:00:02.000+00:00", "A.B.Y", "0", "Good", ""],
    ]


def test_local_times_carry_their_utc_offset(filled: HistoryStore, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    export(filled, out, ["A.B.X"], T0, T0 + 1)
    assert datetime.fromisoformat(rows(out)[1][0]).timestamp() == T0


def test_wide_csv_holds_every_tag_value_on_each_change(
    filled: HistoryStore, tmp_path: Path
) -> None:
    out = tmp_path / "wide.csv"
    assert export(filled, out, ["A.B.X", "A.B.Y", "A.B.Z"], T0, T0 + 10, layout="wide", utc=True)
    assert rows(out) == [
        ["time", "A.B.X", "A.B.X quality", "A.B.Y", "A.B.Y quality", "A.B.Z", "A.B.Z quality"],
        ["2025-06-15T00:00:00.000+00:00", "1.5", "Good", "1", "Good", "", ""],
        ["2025-06-15T00:00:01.000+00:00", "", "BadTimeout", "1", "Good", "", ""],
        ["2025-06-15T00:00:02.000+00:00", "2.5", "Good", "0", "Good", "AUTO", "Good"],
    ]


def test_progress_is_reported_per_chunk_and_can_cancel(store: HistoryStore, tmp_path: Path) -> None:
    store.append([("A.B.X", good(float(i), T0 + i)) for i in range(1000)])
    seen: list[tuple[int, int]] = []
    out = tmp_path / "a.csv"
    export(store, out, ["A.B.X"], T0, T0 + 1000, progress=lambda *p: seen.append(p), chunk=300)
    assert seen == [(0, 1000), (300, 1000), (600, 1000), (900, 1000), (1000, 1000)]
    out = tmp_path / "b.csv"
    with pytest.raises(ExportCancelled, match="after 300 of 1000"):
        export(store, out, ["A.B.X"], T0, T0 + 1000, progress=lambda d, t: d < 300, chunk=300)
    assert not out.exists()


def test_an_unknown_tag_is_refused_by_name(store: HistoryStore, tmp_path: Path) -> None:
    with pytest.raises(KeyError, match=r"A\.B\.NOPE"):
        export(store, tmp_path / "x.csv", ["A.B.NOPE"], T0, T0 + 1)


@pytest.mark.skipif(not parquet_available(), reason="pyarrow is not installed")
def test_parquet_export_when_pyarrow_is_present(
    filled: HistoryStore, tmp_path: Path
) -> None:  # pragma: no cover - depends on an optional package
    import pyarrow.parquet as pq  # type: ignore[import-not-found, unused-ignore]

    out = tmp_path / "x.parquet"
    assert export(filled, out, ["A.B.X", "A.B.Z"], T0, T0 + 10) == 4
    table = pq.read_table(out)
    assert table.column("tag").to_pylist() == ["A.B.X", "A.B.X", "A.B.X", "A.B.Z"]
    assert table.column("text").to_pylist()[-1] == "AUTO"


def test_parquet_without_pyarrow_says_what_to_install(
    filled: HistoryStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tags.history.export.parquet_available", lambda: False)
    with pytest.raises(RuntimeError, match="pyarrow"):
        export(filled, tmp_path / "x.parquet", ["A.B.X"], T0, T0 + 10)
