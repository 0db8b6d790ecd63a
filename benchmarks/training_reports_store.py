"""The training, bookmark and report stores on each kind of store (the data folder's SQLite
files, a PostgreSQL server started for the run on loopback, without fsync).

Prints (JSON lines), each with ``store`` = sqlite or postgresql:
- ``training_record_append_ms``: median time of appending one session record (the recorder
  appends one per alarm transition, write or screen visit), 500 appends.
- ``training_records_read_ms``: reading a session of 5,000 records in time order.
- ``bookmark_add_ms``: median time of adding a bookmark, 200 adds.
- ``report_list_ms``: listing 1,000 kept reports (three shifts a day for a year); for SQLite
  also ``report_list_sidecars_ms`` (context): the same read from the 1,000 JSON files.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from _common import emit

from tags.paths import private_dir
from tags.replay.bookmarks import BookmarkStore, SqliteBookmarkStore
from tags.replay.pg_bookmarks import PgBookmarkStore
from tags.replay.timeline import EventKind
from tags.reports.archive import ReportArchive, ReportIndex, ReportInfo
from tags.reports.pg_archive import PgReportIndex
from tags.store.postgres import PgDatabase
from tags.training.pg_store import PgTrainingStore
from tags.training.store import STEADY_STATE, SessionRecord, SqliteTrainingStore, TrainingStore
from tests.pg_server import PgServer

APPENDS = 500
SESSION_RECORDS = 5_000
BOOKMARKS = 200
REPORTS = 1_000
T0 = 1_750_000_000.0


def median_ms(action: Callable[[int], object], count: int) -> float:
    times = []
    for i in range(count):
        started = time.perf_counter()
        action(i)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def elapsed_ms(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def new_session(store: TrainingStore, name: str) -> int:
    facts = {"trainer": "tess", "trainee": "olga", "project": "Demo"}
    info = store.create_session(
        name=name, **facts, start=T0, time_factor=1.0, start_state=STEADY_STATE, plan=()
    )
    return info.id


def training(store: TrainingStore, kind: str) -> None:
    session = new_session(store, "bench")

    def append(i: int) -> None:
        record = SessionRecord(T0 + i, EventKind.WRITE, f"write {i}", "CWP.FIC1.SP", "olga",
                               action="confirmed", old=str(i), new=str(i + 1))  # fmt: skip
        store.add_records(session, [record])

    emit("training_record_append_ms", median_ms(append, APPENDS), "ms", store=kind)
    bulk = [SessionRecord(T0 + i, EventKind.SCREEN, f"screen {i}") for i in range(SESSION_RECORDS)]
    other = new_session(store, "long")
    store.add_records(other, bulk)
    read = elapsed_ms(lambda: store.records(other))
    emit("training_records_read_ms", read, "ms", store=kind, records=SESSION_RECORDS)


def bookmarks(store: BookmarkStore, kind: str, folder: Path) -> None:
    recording = folder / "shift.db"
    add = median_ms(lambda i: store.add(recording, T0 + i, f"note {i}", "ada"), BOOKMARKS)
    emit("bookmark_add_ms", add, "ms", store=kind)


def reports(folder: Path, index: ReportIndex | None, kind: str) -> None:
    archive = ReportArchive.in_data_dir(folder, index)
    for i in range(REPORTS):
        start = T0 + i * 8 * 3600
        target = archive.folder / f"shift-{i:04d}.pdf"
        private_dir(archive.folder)
        target.write_bytes(b"%PDF-1.4" + bytes(200_000 if kind == "postgresql" else 0))
        anchor = {"seq": i, "mac": "ab" * 32, "keyed_from": 1, "signature": "cd" * 32}
        end = start + 8 * 3600
        info = ReportInfo(target, f"Shift report {i}", f"shift {i}", start, end, end, "", anchor)
        archive.register(info)
    assert len(archive.reports()) == REPORTS
    emit("report_list_ms", elapsed_ms(archive.reports), "ms", store=kind, reports=REPORTS)
    if kind == "sqlite":
        emit("report_list_sidecars_ms", elapsed_ms(lambda: read_sidecars(archive.folder)), "ms",
             reports=REPORTS)  # fmt: skip


def read_sidecars(folder: Path) -> list[dict[str, object]]:
    """How the list was read before the index: every JSON file, every PDF looked for."""
    found = []
    for sidecar in folder.glob("*.pdf.json"):
        facts = json.loads(sidecar.read_text(encoding="utf-8"))
        if (folder / facts["path"]).exists():
            found.append(facts)
    return found


@contextmanager
def postgresql() -> Iterator[PgDatabase]:
    server = PgServer()
    try:
        server.start()
        name = server.new_database()
        with PgDatabase(server.url(name)) as db:
            yield db
    finally:
        server.remove()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with SqliteTrainingStore.in_data_dir(folder) as store:
            training(store, "sqlite")
        with SqliteBookmarkStore(folder / "bookmarks.db") as marks:
            bookmarks(marks, "sqlite", folder)
        reports(folder / "sqlite", None, "sqlite")
        with postgresql() as db:
            training(PgTrainingStore(db), "postgresql")
            bookmarks(PgBookmarkStore(db), "postgresql", folder)
            reports(folder / "pg", PgReportIndex(db), "postgresql")


if __name__ == "__main__":
    main()
