"""``main.py record`` as a real process stopped by SIGINT or SIGTERM, or killed by SIGKILL:
the recording keeps what it committed, opens without help and says when it stopped."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from commands.files import unreadable
from tags.history.sqlite_store import SqliteHistoryStore
from tags.replay.request import inspect_recording
from tests.paths import MAIN_PY, ROOT
from tests.waiting import GENEROUS, until

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals"),
]


@dataclass(frozen=True)
class Seen:
    """What a reader found committed in the recording while it ran."""

    samples: int
    meta: dict[str, str]

    @property
    def recorded_seconds(self) -> float:
        return float(self.meta["end"]) - float(self.meta["start"])


def committed(path: Path) -> Seen | None:
    """The samples and facts committed so far (None before the file holds its facts)."""
    if not path.exists():
        return None
    try:
        with closing(sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)) as conn:
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            samples = conn.execute("SELECT count(*) FROM samples").fetchone()[0]
    except sqlite3.Error:
        return None  # the file is being created
    return Seen(samples, meta) if "start" in meta else None


@pytest.fixture
def recorder(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """``main.py record`` of the demo plant at 60x, for longer than any test waits."""
    out = tmp_path / "shift.db"
    command = [sys.executable, str(MAIN_PY), "--data-dir", str(tmp_path / "data"), "record"]
    command += ["--minutes", "600", "--speed", "60", "--out", str(out)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        yield process, out
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()


def recording_for_a_while(process: subprocess.Popen[str], out: Path) -> Seen:
    """Wait until a plant minute or more is committed (a few flushes at 60x)."""

    def far_enough() -> bool:
        assert process.poll() is None, process.communicate()
        seen = committed(out)
        return seen is not None and seen.samples > 0 and seen.recorded_seconds >= 60

    asyncio.run(until(far_enough))
    seen = committed(out)
    assert seen is not None
    return seen


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_stops_the_recording_into_one_self_contained_file(
    recorder: tuple[subprocess.Popen[str], Path], sig: signal.Signals
) -> None:
    process, out = recorder
    seen = recording_for_a_while(process, out)
    assert seen.meta["state"] == "recording"
    assert seen.meta["project"] == "Demo plants" and "CWP.DMC.DENS.PV" in seen.meta["tags"]
    process.send_signal(sig)
    stdout, stderr = process.communicate(timeout=GENEROUS)
    assert process.returncode == 0, stderr
    assert stdout.startswith(f"stopped early by {sig.name}: recorded ")
    assert "Traceback" not in stderr
    for side in ("-wal", "-shm"):
        assert not Path(f"{out}{side}").exists(), side
    info = inspect_recording(out)  # what replay checks before the console opens
    assert info.meta["state"] == "stopped" and info.meta["stopped_by"] == sig.name
    assert float(info.meta["end"]) >= float(seen.meta["end"])
    assert float(info.meta["end"]) == pytest.approx(info.end, abs=1.0)
    with SqliteHistoryStore(out, readonly=True) as store:
        assert store.count(store.tag_names(), 0, 2e9) >= seen.samples  # nothing committed lost


def test_a_killed_recording_opens_with_what_it_committed_and_says_when_it_last_recorded(
    recorder: tuple[subprocess.Popen[str], Path], tmp_path: Path
) -> None:
    process, out = recorder
    seen = recording_for_a_while(process, out)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=GENEROUS)
    assert process.returncode == -signal.SIGKILL
    # SQLite keeps what was committed since the last checkpoint in the -wal file: with it,
    # the recording opens as it stood at the last flush
    assert Path(f"{out}-wal").exists()
    assert unreadable(out) == ""
    info = inspect_recording(out)
    assert info.meta["state"] == "recording"  # it never stopped: killed while recording
    assert float(info.meta["end"]) >= float(seen.meta["end"])
    assert info.end >= float(seen.meta["end"])
    # the file alone (its -wal lost) still says what it is: the facts are in it from the start
    alone = tmp_path / "alone.db"
    shutil.copyfile(out, alone)
    with closing(sqlite3.connect(alone)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    assert (meta["project"], meta["start"]) == ("Demo plants", seen.meta["start"])
    assert meta["tags"] == seen.meta["tags"]
    # opened for writing, SQLite folds the -wal in: every committed sample is kept
    with SqliteHistoryStore(out) as store:
        assert store.count(store.tag_names(), 0, 2e9) >= seen.samples
        store.finish()
    assert not Path(f"{out}-wal").exists()
    assert inspect_recording(out).end == info.end
