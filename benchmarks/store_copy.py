"""``store copy`` of a console's history into PostgreSQL (a real server started here,
durable: fsync on).

Prints (JSON lines):
- ``store_copy_samples_per_s``: history samples copied per second (20 tags x 25,000 samples
  read from SQLite in chunks and appended by binary COPY, rollups made on the way).
- ``store_copy_rerun_s``: a second run over the same folder (everything there already:
  counted and skipped, nothing written).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from _common import emit

from tags.history.historian import HISTORY_FILE
from tags.history.sqlite_store import SqliteHistoryStore
from tags.model import Quality, TagSample
from tags.store.postgres import PgDatabase
from tags.store_copy import copy_data_dir
from tests.pg_server import PgServer

TAGS = 20
SAMPLES = 25_000
T0 = 1_750_000_000.0


def main() -> None:
    server = PgServer(durable=True)
    try:
        server.start()
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            with SqliteHistoryStore(folder / HISTORY_FILE) as history:
                for start in range(0, SAMPLES, 5000):
                    history.append([
                        (f"EMM.BENCH.V{k:02d}",
                         TagSample(float(i % 100), Quality.GOOD, T0 + i, T0 + i))
                        for i in range(start, start + 5000) for k in range(TAGS)
                    ])  # fmt: skip
            url = server.url(server.new_database())
            with PgDatabase(url) as db:
                started = time.perf_counter()
                result = copy_data_dir(folder, db, lambda line: None, stores=["history"])
                took = time.perf_counter() - started
                assert result.ok and result.tallies[0].copied == TAGS * SAMPLES
                emit("store_copy_samples_per_s", TAGS * SAMPLES / took, "samples/s",
                     samples=TAGS * SAMPLES, seconds=round(took, 2))  # fmt: skip
                started = time.perf_counter()
                again = copy_data_dir(folder, db, lambda line: None, stores=["history"])
                assert again.tallies[0].copied == 0
                emit("store_copy_rerun_s", time.perf_counter() - started, "s")
    finally:
        server.stop()
        server.remove()


if __name__ == "__main__":
    main()
