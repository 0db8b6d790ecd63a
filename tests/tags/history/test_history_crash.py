"""Crash safety: a recording process killed with SIGKILL leaves a readable history that lacks
at most the last flush interval (one second). Tested with a real child process."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from tags.history.sqlite_store import SqliteHistoryStore
from tests.paths import ROOT
from tests.tags.history.support import good

FLUSH = 1.0
SLACK = 0.4  # scheduling and the commit itself on a busy machine

CHILD = """
import asyncio, sys
from pathlib import Path
from tags.clock import SystemClock
from tags.config.project import HistorianSettings
from tags.database import TagDatabase
from tags.history.historian import Historian
from tags.model import Quality, TagSample
from tests.tags.history.support import memory_tag

async def main(path):
    clock = SystemClock()
    db = TagDatabase({"A.B.X": memory_tag("A.B.X")}, clock)
    historian = Historian.sqlite(db, Path(path), HistorianSettings(flush_interval=FLUSH))
    await historian.start()
    i = 0
    while True:
        now = clock.now()
        db.publish({"A.B.X": TagSample(float(i), Quality.GOOD, now, now)})
        print(i, repr(now), flush=True)
        i += 1
        await asyncio.sleep(0.02)  # the recording process publishes 50 samples a second

asyncio.run(main(sys.argv[1]))
""".replace("FLUSH", repr(FLUSH))


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("run_for", [2.4, 3.7])
def test_sigkill_while_recording_loses_at_most_the_last_flush(
    tmp_path: Path, run_for: float
) -> None:
    path = tmp_path / "history.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    try:
        first = child.stdout.readline()
        assert first, child.stderr.read() if child.stderr else "no output"
        started = time.monotonic()
        last = first
        while time.monotonic() - started < run_for:
            last = child.stdout.readline()
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        if child.stderr is not None:
            child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    index, published = last.split()
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with SqliteHistoryStore(path) as store:  # the lock died with the child
        kept = store.raw("A.B.X", 0, 2e9)
        assert [s.value for s in kept] == [float(i) for i in range(len(kept))]  # no holes
        assert float(published) - kept[-1].server_time <= FLUSH + SLACK
        assert len(kept) <= int(index) + 1
        store.append([("A.B.X", good(-1.0, kept[-1].server_time + 60))])  # writable again
        assert store.statistics("A.B.X", 0, 2e9).count == len(kept) + 1
