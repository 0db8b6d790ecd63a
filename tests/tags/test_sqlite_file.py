"""A data file that is not the database it should be is named in one line, never a traceback,
and the file is left as it was for whoever looks into it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tags.alarms.journal import AlarmJournal
from tags.clock import ManualClock
from tags.history.sqlite_store import SqliteHistoryStore
from tags.replay.bookmarks import SqliteBookmarkStore
from tags.security.audit import AuditTrail
from tags.security.audit_key import AuditKeyError
from tags.security.permissions import SecurityPolicy
from tags.security.users import UserStore
from tags.sqlite_file import DataFileError
from tags.training.store import SqliteTrainingStore
from tests.paths import ROOT

CLOCK = ManualClock(1_750_000_000.0)
NOT_A_DATABASE = bytes(range(256)) * 16

OPENERS: dict[str, tuple[str, Callable[[Path], object]]] = {
    "audit": ("audit trail", lambda p: AuditTrail(p, CLOCK)),
    "users": ("users database", lambda p: UserStore(p, CLOCK, SecurityPolicy())),
    "alarms": ("alarm journal", lambda p: AlarmJournal(p)),
    "history": ("history", lambda p: SqliteHistoryStore(p)),
    "training": ("training database", lambda p: SqliteTrainingStore(p)),
    "bookmarks": ("bookmark database", lambda p: SqliteBookmarkStore(p, CLOCK)),
}


@pytest.mark.parametrize("kind", sorted(OPENERS))
def test_a_file_that_is_not_a_database_is_named_with_what_it_should_be(
    tmp_path: Path, kind: str
) -> None:
    what, opener = OPENERS[kind]
    path = tmp_path / f"{kind}.db"
    path.write_bytes(NOT_A_DATABASE)
    with pytest.raises(DataFileError) as raised:
        opener(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: not a usable {what}")
    assert "\n" not in message
    assert path.read_bytes() == NOT_A_DATABASE  # nothing was overwritten


def test_a_signed_trail_without_its_key_is_refused_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "audit.db"
    with AuditTrail(path, CLOCK) as trail:
        trail.append("login", user=None, workstation="ws1", result="ok")
    (tmp_path / "audit.key").unlink()
    with pytest.raises(AuditKeyError, match=r"audit\.key is missing"):
        AuditTrail(path, CLOCK)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["audit.db", "users.db", "alarms.db"])
def test_a_command_on_a_broken_data_file_says_so_in_one_line(tmp_path: Path, name: str) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    (data / name).write_bytes(NOT_A_DATABASE)
    (data / name).chmod(0o600)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data), "read", "CWP.DMC.DENS.PV"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    what = OPENERS[name.removesuffix(".db")][0]
    assert done.stderr.strip() == (
        f"main.py: {data / name}: not a usable {what} (file is not a database); "
        "move it aside to start a new one"
    )
    assert done.stdout == ""
