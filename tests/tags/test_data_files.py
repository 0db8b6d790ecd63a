"""The data folder is owner-only (0700) and every file the engine makes in it too (0600)."""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tags import paths
from tags.clock import SystemClock
from tags.config.project import load_project
from tags.reports.archive import ReportArchive
from tags.runtime import Runtime
from tags.security.permissions import SecurityPolicy
from tags.security.users import UserStore
from tests.paths import SIGNALS_PROJECT
from tests.waiting import until

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


@pytest.fixture(autouse=True)
def umask() -> Iterator[None]:
    """The usual umask, under which files are made readable by everyone unless asked."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def modes(folder: Path) -> dict[str, int]:
    """The mode of every file and folder under ``folder`` (by relative path)."""
    return {str(p.relative_to(folder)): mode(p) for p in sorted(folder.rglob("*"))}


def assert_private(folder: Path) -> None:
    assert mode(folder) == 0o700
    found = modes(folder)
    wide = {
        name: f"{m:04o}"
        for name, m in found.items()
        if m != (0o700 if (folder / name).is_dir() else 0o600)
    }
    assert wide == {}, f"not owner-only: {wide}"


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_running_console_keeps_its_data_files_owner_only(tmp_path: Path) -> None:
    data = paths.data_dir(tmp_path / "data")
    assert mode(data) == 0o700
    runtime = Runtime(load_project(SIGNALS_PROJECT), data)
    await runtime.start()
    try:
        historian = runtime.historian
        assert historian is not None and historian.recording
        await until(lambda: historian.stats.transactions >= 1)  # WAL files exist now
        assert runtime.training_store is not None  # opened on first use, closed at stop
        present = set(modes(data))
        assert {"users.db", "audit.db", "alarms.db", "history.db", "training.db"} <= present
        assert "history.db-wal" in present and "alarms.db-wal" in present
        assert_private(data)
    finally:
        await runtime.stop()
    assert_private(data)


def test_a_runtime_tightens_a_data_folder_it_is_given(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    runtime = Runtime(load_project(SIGNALS_PROJECT), data, history=False)
    runtime.users.close()
    runtime.audit.close()
    runtime.alarm_journal.close()
    assert runtime.forces is not None
    runtime.forces.store.close()
    assert_private(data)


def test_a_world_readable_users_database_is_tightened_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    path = data / "users.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (1)")
    conn.commit()
    assert mode(path) == 0o644 and mode(data / "users.db-wal") == 0o644
    caplog.set_level(logging.WARNING, logger="tags.paths")
    paths.data_dir(data)
    for _ in range(2):
        with UserStore(path, SystemClock(), SecurityPolicy()):
            assert mode(path) == 0o600 and mode(data / "users.db-wal") == 0o600
    conn.close()
    assert mode(data) == 0o700
    tightened = [r.getMessage() for r in caplog.records if "tightened" in r.getMessage()]
    assert len(tightened) == 4, tightened  # the folder, the database, -wal, -shm: once each
    assert any("users.db had mode 0644" in t for t in tightened)


def test_reports_and_notes_are_owner_only(tmp_path: Path) -> None:
    data = paths.data_dir(tmp_path / "data")
    archive = ReportArchive.in_data_dir(data)
    report = archive.path_for(0.0, "day shift")
    report.write_bytes(b"%PDF-")  # as the PDF writer opens it: the mode stays
    archive.add_note("pump 2 noisy", "olga", 10.0)
    sidecar = report.with_name(report.name + ".json")
    private = paths.private_file(sidecar)
    sidecar.write_text("{}", encoding="utf-8")
    assert private == sidecar
    assert_private(data)
