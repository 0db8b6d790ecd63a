"""Export a set of tags over a time range to CSV (or Parquet when pyarrow is installed).

Two CSV layouts:
- ``long`` (default, lossless): one row per recorded sample: time, tag, value, quality,
  reason.
- ``wide`` (for spreadsheets): one row per time at which any tag changed, one value column
  and one quality column per tag, values held between samples.
Times are ISO 8601 with the UTC offset (local time unless ``utc``). Parquet files are long,
with the time as a UTC timestamp and the OPC UA status code as a number.

``progress(done, total)`` is called after every chunk; returning False cancels the export
(the partial file is removed and ExportCancelled raised).
"""

from __future__ import annotations

import csv
import importlib.util
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from tags.history.store import HistoryStore, Record
from tags.model import TagSample

Progress = Callable[[int, int], bool | None]
Layout = Literal["long", "wide"]
WIDE_SLICE = 3600.0


class ExportCancelled(Exception):
    """The progress callback asked to stop."""


def parquet_available() -> bool:
    return importlib.util.find_spec("pyarrow") is not None


def export(
    store: HistoryStore,
    path: str | Path,
    names: Sequence[str],
    start: float,
    end: float,
    *,
    layout: Layout = "long",
    utc: bool = False,
    progress: Progress | None = None,
    chunk: int = 20_000,
) -> int:
    """Write the samples of ``names`` in ``[start, end)`` to ``path``; the rows written.

    The format follows the suffix: ``.parquet`` (needs pyarrow) or anything else for CSV.
    """
    path = Path(path)
    unknown = sorted(set(names) - set(store.tag_names()))
    if unknown:
        raise KeyError(f"no history for tag '{unknown[0]}'")
    total = store.count(names, start, end)
    try:
        if path.suffix.lower() == ".parquet":
            return _parquet(store, path, names, start, end, total, progress, chunk)
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            if layout == "wide":
                return _wide(store, writer, names, start, end, utc, total, progress, chunk)
            return _long(store, writer, names, start, end, utc, total, progress, chunk)
    except ExportCancelled:
        path.unlink(missing_ok=True)
        raise


def _report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and progress(done, total) is False:
        raise ExportCancelled(f"export cancelled after {done} of {total} samples")


def _time(t: float, utc: bool) -> str:
    moment = datetime.fromtimestamp(t, UTC)
    return (moment if utc else moment.astimezone()).isoformat(timespec="milliseconds")


def _cell(sample: TagSample) -> Any:
    value = sample.value
    if isinstance(value, bool):
        return int(value)
    return "" if value is None else value


def _long(
    store: HistoryStore,
    writer: Any,
    names: Sequence[str],
    start: float,
    end: float,
    utc: bool,
    total: int,
    progress: Progress | None,
    chunk: int,
) -> int:
    writer.writerow(["time", "tag", "value", "quality", "reason"])
    done = 0
    _report(progress, 0, total)
    for records in store.iter_raw(names, start, end, chunk):
        writer.writerows(
            (_time(s.server_time, utc), name, _cell(s), s.quality.label, s.reason)
            for name, s in records
        )
        done += len(records)
        _report(progress, done, total)
    return done


def _slices(
    store: HistoryStore, names: Sequence[str], start: float, end: float
) -> Iterator[list[Record]]:
    """Samples of all tags in time order, an hour at a time (``window`` is ``(after, until]``,
    so 1 ms less at both ends gives ``[start, end)`` in whole milliseconds)."""
    after, last = start - 0.001, end - 0.001
    while after < last:
        until = min(after + WIDE_SLICE, last)
        yield store.window(names, after, until)
        after = until


def _wide(
    store: HistoryStore,
    writer: Any,
    names: Sequence[str],
    start: float,
    end: float,
    utc: bool,
    total: int,
    progress: Progress | None,
    chunk: int,
) -> int:
    header = ["time"]
    for name in names:
        header += [name, f"{name} quality"]
    writer.writerow(header)
    column = {name: i for i, name in enumerate(names)}
    held: list[Any] = []
    before = store.values_at(names, start - 0.001)
    for name in names:
        sample = before.get(name)
        if sample is None:
            held += ["", ""]
        else:
            held += ["" if sample.quality.is_bad else _cell(sample), sample.quality.label]
    rows = done = reported = 0
    _report(progress, 0, total)
    for records in _slices(store, names, start, end):
        i = 0
        while i < len(records):
            t = records[i][1].server_time
            while i < len(records) and records[i][1].server_time == t:
                name, sample = records[i]
                k = 2 * column[name]
                held[k] = "" if sample.quality.is_bad else _cell(sample)
                held[k + 1] = sample.quality.label
                i += 1
                done += 1
            writer.writerow([_time(t, utc), *held])
            rows += 1
        if done - reported >= chunk:
            reported = done
            _report(progress, done, total)
    _report(progress, done, total)
    return rows


def _parquet(
    store: HistoryStore,
    path: Path,
    names: Sequence[str],
    start: float,
    end: float,
    total: int,
    progress: Progress | None,
    chunk: int,
) -> int:
    if not parquet_available():
        raise RuntimeError("Parquet export needs pyarrow (pip install pyarrow); CSV works without")
    import pyarrow as pa  # type: ignore[import-not-found, unused-ignore]
    import pyarrow.parquet as pq  # type: ignore[import-not-found, unused-ignore]

    schema = pa.schema(
        [
            ("time", pa.timestamp("ms", tz="UTC")),
            ("tag", pa.string()),
            ("value", pa.float64()),
            ("text", pa.string()),
            ("quality", pa.uint32()),
            ("reason", pa.string()),
        ]
    )
    done = 0
    _report(progress, 0, total)
    with pq.ParquetWriter(str(path), schema) as out:
        for records in store.iter_raw(names, start, end, chunk):
            numbers = [_number(s.value) for _, s in records]
            columns = {
                "time": [round(s.server_time * 1000) for _, s in records],
                "tag": [name for name, _ in records],
                "value": numbers,
                "text": [s.value if isinstance(s.value, str) else None for _, s in records],
                "quality": [int(s.quality) for _, s in records],
                "reason": [s.reason or None for _, s in records],
            }
            out.write_table(pa.table(columns, schema=schema))
            done += len(records)
            _report(progress, done, total)
    return done


def _number(value: object) -> float | None:
    if isinstance(value, bool | int | float):
        return float(value)
    return None
