"""``python main.py store copy`` on a real PostgreSQL server: a console's data folder made
with the real SQLite stores arrives whole and equal, the audit chain verifies there and the
server signs on with the same key; a second run adds nothing; another audit trail in the
target is refused before anything is written."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

import main
from tags.alarms.pg_journal import PgAlarmJournal
from tags.clock import ManualClock
from tags.history.pg_store import PgHistoryStore
from tags.security.permissions import Role, SecurityPolicy
from tags.security.pg_audit import PgAuditTrail
from tags.security.pg_users import PgUserStore
from tags.store.postgres import PgDatabase
from tags.store.url import StoreUrl
from tests.pg_server import PgServer
from tests.store_copy_source import PASSWORDS, T0, assert_copied, journal_entry, make_console

pytestmark = pytest.mark.slow


def _copy(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main.main(["store", "copy", *args])
    return code, capsys.readouterr().out


def _summary(out: str) -> dict[str, tuple[int, int, int]]:
    """store -> (source, target, copied) from the summary lines."""
    found = {}
    for name, source, target, copied in re.findall(
        r"^  ([a-z ]+): source (\d+), target (\d+) \((\d+) copied", out, re.M
    ):
        found[name] = (int(source), int(target), int(copied))
    return found


def test_a_console_arrives_whole_and_a_second_run_adds_nothing(
    tmp_path: Path, pg_url: StoreUrl, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, server = tmp_path / "console", tmp_path / "server"
    folder.mkdir()
    make_console(folder)
    code, out = _copy(capsys, "--from", f"sqlite:{folder}", "--to", str(pg_url),
                      "--server-data-dir", str(server))  # fmt: skip
    assert code == 0, out
    summary = _summary(out)
    assert summary["history"] == (4 * 1200, 4 * 1200, 4 * 1200)
    assert summary["alarm journal"] == (40, 40, 40)
    assert summary["alarm states"] == (3, 3, 3)
    assert summary["audit trail"] == (50, 50, 50)
    assert summary["users"] == (2, 2, 2)
    assert summary["training sessions"] == (2, 2, 2)
    assert summary["training records"] == (31, 31, 31)
    assert summary["shift reports"] == (1, 1, 1) and summary["shift notes"] == (2, 2, 2)
    assert "audit trail on the target verified: audit trail intact: 50 records" in out
    assert "history: 4800 of 4800 samples read, 4800 copied" in out
    assert (server / "audit.key").read_bytes() == (folder / "audit.key").read_bytes()
    assert (server / "audit.key").stat().st_mode & 0o077 == 0
    with PgDatabase(pg_url) as db:
        assert_copied(folder, db)

    code, out = _copy(capsys, "--from", str(folder), "--to", str(pg_url))
    assert code == 0, out
    for name, (source, target, copied) in _summary(out).items():
        assert copied == 0 and target == source, name
    assert "history: source 4800, target 4800 (0 copied, 4800 already there)" in out
    assert f"the server must sign with {folder / 'audit.key'}" in out

    with PgDatabase(pg_url) as db:  # the server goes on where the console stopped
        assert_copied(folder, db)
        users = PgUserStore(db, ManualClock(T0 + 99_999), SecurityPolicy())
        user = users.authenticate("olga", PASSWORDS["olga"])
        assert user.role is Role.OPERATOR and user.areas == frozenset({"EMM", "CWP"})
        assert users.authenticate("admin", PASSWORDS["admin"]).role is Role.ADMIN
        trail = PgAuditTrail.in_data_dir(db, server, ManualClock(T0 + 99_999))
        assert trail.append("login", user="olga").seq == 51
        assert trail.verify().ok, trail.verify().message
        journal = PgAlarmJournal(db)
        journal.write([journal_entry(41)])
        assert journal.query(limit=1)[0].seq == 41
        with PgHistoryStore(db) as history:
            assert history.count(["EMM.CELL1.T"], T0, T0 + 10_000) == 1200


def test_another_audit_trail_in_the_target_is_refused_and_nothing_is_written(
    tmp_path: Path, pg_url: StoreUrl, postgres_server: PgServer,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    folder, other = tmp_path / "console", tmp_path / "other"
    folder.mkdir()
    other.mkdir()
    make_console(folder, samples=50, entries=3)
    with PgDatabase(pg_url) as db:
        PgAuditTrail.in_data_dir(db, other, ManualClock(T0)).append("login", user="bob")
    code, out = _copy(capsys, "--from", f"sqlite:{folder}", "--to", str(pg_url))
    assert code == 1
    assert "the target holds another audit trail: its record 1 differs" in out
    assert "nothing was written" in out
    with postgres_server.admin(pg_url.database) as admin:
        rows = admin.execute("SELECT component FROM hmi.schema_versions").fetchall()
        assert rows == [("audit",)]  # not even the other stores' tables were made
        assert admin.execute("SELECT count(*) FROM hmi.audit").fetchone() == (1,)

    # without the audit trail the rest may go
    code, out = _copy(capsys, "--from", f"sqlite:{folder}", "--to", str(pg_url),
                      "--only", "history,alarms")  # fmt: skip
    assert code == 0, out
    assert _summary(out)["history"] == (200, 200, 200)
    assert "audit" not in _summary(out)


def test_a_trail_that_was_copied_in_part_is_a_beginning_and_is_finished(
    tmp_path: Path, pg_url: StoreUrl, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "console"
    folder.mkdir()
    make_console(folder, samples=20, entries=3)
    from tags.security.audit_file import AuditFile
    from tags.security.audit_key import load_key

    source = AuditFile.open_read_only(folder / "audit.db")
    assert source is not None
    with closing(source), PgDatabase(pg_url) as db:
        code, _ = _copy(capsys, "--from", str(folder), "--to", str(pg_url), "--only", "users")
        assert code == 0
        trail = PgAuditTrail(db, ManualClock(T0), key_file=folder / "audit.key", readonly=True)
        assert trail.import_records(list(source.records())[:7], load_key(folder / "audit.key")) == 7
    code, out = _copy(capsys, "--from", str(folder), "--to", str(pg_url), "--only", "audit")
    assert code == 0, out
    assert _summary(out)["audit trail"] == (50, 50, 43)
    assert "verified" in out


def test_bad_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql://postgres@127.0.0.1:1/nowhere"
    assert _copy(capsys, "--from", "postgresql://a@b/c", "--to", url)[0] == 2
    code, out = _copy(capsys, "--from", str(tmp_path), "--to", url, "--only", "history,nope")
    assert code == 2 and "nope" in out
    code, out = _copy(capsys, "--from", str(tmp_path), "--to", "sqlite")
    assert code == 2 and "postgresql://" in out


def test_a_folder_that_is_not_there_is_refused(
    tmp_path: Path, pg_url: StoreUrl, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _copy(capsys, "--from", f"sqlite:{tmp_path / 'none'}", "--to", str(pg_url))
    assert code == 1 and "not a folder" in out


def test_a_server_folder_with_another_key_or_a_broken_trail_is_refused_before_writing(
    tmp_path: Path, pg_url: StoreUrl, postgres_server: PgServer,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    folder, server = tmp_path / "console", tmp_path / "server"
    folder.mkdir()
    server.mkdir()
    make_console(folder, samples=20, entries=3)
    (server / "audit.key").write_text("ab" * 32 + "\n", encoding="ascii")
    code, out = _copy(capsys, "--from", str(folder), "--to", str(pg_url),
                      "--server-data-dir", str(server))  # fmt: skip
    assert code == 1 and "is another audit key than" in out
    (server / "audit.key").unlink()
    with closing(sqlite3.connect(folder / "audit.db")) as db, db:  # an editor without the key
        db.execute("DROP TRIGGER audit_no_update")
        db.execute("UPDATE audit SET new = '99' WHERE seq = 4")
    code, out = _copy(capsys, "--from", str(folder), "--to", str(pg_url))
    assert code == 1 and "does not verify: record 4: MAC mismatch" in out
    with postgres_server.admin(pg_url.database) as admin:
        assert admin.execute("SELECT to_regclass('hmi.schema_versions')").fetchone() == (None,)
