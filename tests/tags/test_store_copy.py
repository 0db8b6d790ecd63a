"""Copying a data folder into PostgreSQL (tags/store_copy.py) when it is interrupted, killed
or meets a target that already recorded: run again, it finishes without doubling a row."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tags import store_copy
from tags.history.pg_store import PgHistoryStore
from tags.model import Quality, TagSample
from tags.store.postgres import PgDatabase
from tags.store.url import StoreUrl
from tags.store_copy import CopyResult, copy_data_dir
from tests.store_copy_source import T0, TAGS, assert_copied, make_console

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


class Stop:
    """A ``say`` that interrupts the copy (as Ctrl-C would) at the n-th line saying ``text``."""

    def __init__(self, text: str, n: int) -> None:
        self.text, self.n, self.lines = text, n, list[str]()

    def __call__(self, line: str) -> None:
        self.lines.append(line)
        if self.text in line:
            self.n -= 1
            if self.n == 0:
                raise KeyboardInterrupt


def _complete(result: CopyResult) -> None:
    assert result.ok, [t.line() for t in result.tallies]
    assert result.audit is not None and result.audit.ok, result.audit


def test_interrupted_in_the_history_and_in_the_audit_trail_then_finished(
    tmp_path: Path, pg_url: StoreUrl, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_console(tmp_path, samples=1000, entries=30)
    monkeypatch.setattr(store_copy, "ROWS", 7)
    with PgDatabase(pg_url) as db:
        with pytest.raises(KeyboardInterrupt):  # half of the first tag, one chunk of another
            copy_data_dir(tmp_path, db, Stop("samples read", 3), chunk=300)
        with PgHistoryStore(db, readonly=True) as history:
            assert history.count(list(TAGS), T0, T0 + 1000) == 900
        with pytest.raises(KeyboardInterrupt):  # the history done, the audit trail begun
            copy_data_dir(tmp_path, db, Stop("records, ", 2), chunk=300)
        say = Stop("never", 1)
        result = copy_data_dir(tmp_path, db, say, chunk=300)
        _complete(result)
        tallies = {t.store: t for t in result.tallies}
        assert (tallies["history"].copied, tallies["history"].already) == (0, 4000)
        assert (tallies["audit trail"].copied, tallies["audit trail"].already) == (36, 14)
        assert tallies["alarm journal"].copied == 0  # the second run copied these whole
        assert_copied(tmp_path, db)
        again = copy_data_dir(tmp_path, db, say)
        _complete(again)
        assert [t.copied for t in again.tallies] == [0] * len(again.tallies)


def test_a_target_that_recorded_later_samples_gets_the_earlier_ones_once(
    tmp_path: Path, pg_url: StoreUrl
) -> None:
    make_console(tmp_path, samples=200, entries=3)
    tag = TAGS[0]
    later = [(tag, TagSample(99.0, Quality.GOOD, T0 + 500 + k, T0 + 500 + k)) for k in range(5)]
    with PgDatabase(pg_url) as db:
        with PgHistoryStore(db) as history:
            history.append(later)
        result = copy_data_dir(tmp_path, db, print, stores=["history"])
        assert result.ok
        assert result.tallies[0].copied == 800 and result.tallies[0].target == 805
        again = copy_data_dir(tmp_path, db, print, stores=["history"])
        assert again.tallies[0].copied == 0 and again.tallies[0].target == 805
        with PgHistoryStore(db, readonly=True) as history:
            assert history.count([tag], T0, T0 + 1000) == 205
            assert history.raw(tag, T0 + 500, T0 + 600) == [s for _, s in later]


def test_a_copy_killed_midway_is_finished_by_running_it_again(
    tmp_path: Path, pg_url: StoreUrl
) -> None:
    folder = tmp_path / "console"
    folder.mkdir()
    make_console(folder, samples=1500, entries=10)
    command = [sys.executable, "main.py", "store", "copy", "--from", f"sqlite:{folder}",
               "--to", str(pg_url)]  # fmt: skip
    env = {**os.environ, "HMI_DATA_DIR": str(tmp_path / "data")}
    with subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                          text=True) as process:  # fmt: skip
        assert process.stdout is not None
        seen = []
        for line in process.stdout:
            seen.append(line)
            if "samples read" in line:
                process.send_signal(signal.SIGKILL)  # no clean-up of any kind
                break
        assert process.wait(timeout=60) == -signal.SIGKILL, seen
    with PgDatabase(pg_url) as db, PgHistoryStore(db, readonly=True) as history:
        assert history.count(list(TAGS), T0, T0 + 1000) > 0  # (how far it got: by chance)
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300, check=False)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "history: source 6000, target 6000" in done.stdout
    with PgDatabase(pg_url) as db:
        assert_copied(folder, db)
