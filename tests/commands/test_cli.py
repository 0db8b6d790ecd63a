"""The command-line tools: check, users, audit verify, read and write.

Run in-process through ``main.main([...])`` with a data folder in tmp_path. Exit codes: 0
success, 1 refused or failed, 2 bad usage. Users are stored with the real argon2 cost (about
0.2 s per hash or log-in), so the tests keep the number of log-ins small.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import datetime
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest

import main
from tags.clock import ManualClock, SystemClock
from tags.security.audit import AuditTrail
from tags.security.permissions import Role, SecurityPolicy
from tags.security.users import UserStore
from tests.paths import DEMO_RECORDING, ROOT, SIGNALS_FOLDER, SIGNALS_PROJECT

PASSWORD = "correct horse"


@pytest.fixture(autouse=True)
def never_the_real_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that forgets --data-dir must not touch the user's own data folder."""
    monkeypatch.setenv("HMI_DATA_DIR", str(tmp_path / "default-data"))


class Cli:
    """Runs main.main in-process and returns (exit code, what it printed)."""

    def __init__(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
        self._capsys = capsys
        self._monkeypatch = monkeypatch

    def __call__(self, *args: str | Path, stdin: str = "") -> tuple[int, str]:
        self._monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        self._capsys.readouterr()
        code = main.main([str(a) for a in args])
        return code, self._capsys.readouterr().out


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(capsys, monkeypatch)


def json_lines(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def bench_copy(tmp_path: Path) -> Path:
    """A private copy of the signal test bench, to be varied by a test."""
    folder = tmp_path / "bench"
    shutil.copytree(SIGNALS_FOLDER, folder)
    return folder / "project.toml"


# help ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "usage"),
    [(["main.py"], "usage: main.py"), (["-m", "commands"], "usage: python -m commands")],
    ids=["main.py", "python -m commands"],
)
def test_help_in_a_real_process_lists_the_subcommands(
    tmp_path: Path, command: list[str], usage: str
) -> None:
    result = subprocess.run(
        [sys.executable, *command, "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "HMI_DATA_DIR": str(tmp_path)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(usage)
    for name in ("check", "users", "audit", "read", "write"):
        assert f"    {name} " in result.stdout, name


def test_the_installed_package_declares_the_operator_console_command() -> None:
    scripts = entry_points(group="console_scripts")
    (script,) = [s for s in scripts if s.name == "operator-console"]
    assert script.value == "commands.cli:console_script"
    assert callable(script.load())


# check -----------------------------------------------------------------------------------


def test_check_good_project_exits_0_with_a_summary(cli: Cli, tmp_path: Path) -> None:
    code, out = cli("--data-dir", tmp_path, "check", SIGNALS_PROJECT)
    assert code == 0
    summary = "OK: project 'Signal test bench', 8 tags, 0 connections, 1 areas"
    assert out == f"{SIGNALS_PROJECT}: {summary}\n"


def test_check_bad_project_exits_1_and_prints_every_problem(cli: Cli, tmp_path: Path) -> None:
    project = bench_copy(tmp_path)
    signals = project.parent / "signals.toml"
    signals.write_text(signals.read_text().replace('unit = "°C"', 'unit = "°C"\ncolour = 1'))
    memory = project.parent / "memory.csv"
    memory.write_text(memory.read_text().replace(",normal,true,,,,", ",warp,true,,,,", 1))
    code, out = cli("--data-dir", tmp_path, "check", project)
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("signals.toml:")
    assert ": tags.TST.GEN.WALK.colour: unknown key (known: alarms, " in lines[0]
    assert lines[1].startswith("memory.csv")
    assert "tags.TST.FIC1.MODE.scan: unknown scan class 'warp'" in lines[1]
    assert lines[2] == "2 problem(s); nothing loaded"


# users -----------------------------------------------------------------------------------


def test_users_add_list_and_passwd(cli: Cli, tmp_path: Path) -> None:
    code, out = cli(
        "--data-dir",
        tmp_path,
        "users",
        "add",
        "alice",
        "--role",
        "operator",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert (code, out) == (0, "user 'alice' added as operator\n")

    code, out = cli("--data-dir", tmp_path, "users", "list")
    assert code == 0
    header, row = out.splitlines()
    assert header.split() == ["name", "role", "areas", "last", "login"]
    assert row.split() == ["alice", "operator", "all", "never"]

    code, out = cli(
        "--data-dir",
        tmp_path,
        "users",
        "passwd",
        "alice",
        "--password-stdin",
        stdin="battery staple\n",
    )
    assert (code, out) == (0, "password of 'alice' changed\n")
    with UserStore(tmp_path / "users.db", ManualClock(), SecurityPolicy()) as store:
        assert store.authenticate("alice", "battery staple").role is Role.OPERATOR

    with AuditTrail(tmp_path / "audit.db", ManualClock()) as audit:
        actions = [(r.action, r.detail) for r in reversed(audit.query())]
    assert actions == [("user_added", "alice as operator"), ("password_changed", "alice")]


def test_users_list_without_users_says_so(cli: Cli, tmp_path: Path) -> None:
    code, out = cli("--data-dir", tmp_path, "users", "list")
    assert (code, out) == (0, "no users (the demo project has its own demo accounts)\n")


def test_users_add_with_an_unknown_role_is_bad_usage(cli: Cli, tmp_path: Path) -> None:
    code, out = cli(
        "--data-dir",
        tmp_path,
        "users",
        "add",
        "alice",
        "--role",
        "wizard",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert code == 2
    assert out == "unknown role 'wizard' (known: viewer, operator, supervisor, engineer, admin)\n"


def test_users_add_with_a_short_password_is_refused(cli: Cli, tmp_path: Path) -> None:
    code, out = cli(
        "--data-dir",
        tmp_path,
        "users",
        "add",
        "alice",
        "--role",
        "admin",
        "--password-stdin",
        stdin="short\n",
    )
    assert code == 1
    assert out == "refused: password too short: at least 8 characters are required\n"
    assert cli("--data-dir", tmp_path, "users", "list")[1].startswith("no users")


def test_users_passwd_of_an_unknown_user_is_refused(cli: Cli, tmp_path: Path) -> None:
    code, out = cli(
        "--data-dir", tmp_path, "users", "passwd", "bob", "--password-stdin", stdin=PASSWORD
    )
    assert (code, out) == (1, "refused: no user named 'bob'\n")


# audit verify ----------------------------------------------------------------------------


def fill_trail(path: Path, count: int) -> None:
    with AuditTrail(path, SystemClock(), workstation="ws1") as audit:
        for i in range(count):
            audit.append("write", user="bob", tag="TST.FIC1.SP", old=i, new=i + 1, unit="m³/h")


def test_audit_verify_without_a_trail_exits_0(cli: Cli, tmp_path: Path) -> None:
    code, out = cli("--data-dir", tmp_path, "audit", "verify")
    assert (code, out) == (0, f"no audit trail at {tmp_path / 'audit.db'}\n")


def test_audit_verify_on_an_intact_trail_exits_0(cli: Cli, tmp_path: Path) -> None:
    fill_trail(tmp_path / "audit.db", 3)
    code, out = cli("--data-dir", tmp_path, "audit", "verify")
    assert (code, out) == (0, "audit trail intact: 3 records verified\n")


def test_audit_verify_after_tampering_exits_1_naming_the_first_bad_record(
    cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "audit.db"
    fill_trail(path, 4)
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("DROP TRIGGER audit_no_update")
        db.execute("UPDATE audit SET new = '99' WHERE seq = 2")
    code, out = cli("--data-dir", tmp_path, "audit", "verify")
    assert code == 1
    assert out == (
        "AUDIT TRAIL TAMPERED: record 2: MAC mismatch (altered or forged: not signed with the"
        " key)\nfirst bad record: 2\n"
    )


# read ------------------------------------------------------------------------------------


def test_read_prints_one_json_object_per_tag(cli: Cli, tmp_path: Path) -> None:
    names = ["TST.GEN.CONST", "TST.FIC1.SP", "TST.GEN.SQUARE", "TST.LABEL", "TST.GEN.SINE"]
    code, out = cli("read", "--project", SIGNALS_PROJECT, "--data-dir", tmp_path, *names)
    assert code == 0
    records = json_lines(out)
    assert [r["name"] for r in records] == names
    for record in records:
        assert set(record) == {"name", "value", "unit", "quality", "source_time"}
        assert record["quality"] == "Good"
        assert datetime.fromisoformat(record["source_time"]).utcoffset() is not None
    const, setpoint, square, label, sine = records
    assert (const["value"], const["unit"]) == (42, "")
    assert (setpoint["value"], setpoint["unit"]) == (50.0, "m³/h")
    assert isinstance(square["value"], bool)
    assert label["value"] == "none"
    assert 0 <= sine["value"] <= 100
    assert sine["unit"] == "%"


def test_read_exits_1_when_a_tag_is_not_good_and_says_why(cli: Cli, tmp_path: Path) -> None:
    project = bench_copy(tmp_path)
    signals = project.parent / "signals.toml"
    signals.write_text(signals.read_text().replace("high=100&period=60", "high=100&period=0"))
    code, out = cli(
        "read", "--project", project, "--data-dir", tmp_path, "TST.GEN.CONST", "TST.GEN.SINE"
    )
    assert code == 1
    const, sine = json_lines(out)
    assert const["quality"] == "Good"
    assert sine["value"] is None
    assert sine["quality"] == "BadConfigurationError"
    assert sine["reason"] == "sine: period must be above 0"


def test_read_of_an_unknown_tag_is_bad_usage(cli: Cli, tmp_path: Path) -> None:
    code, out = cli("read", "--project", SIGNALS_PROJECT, "--data-dir", tmp_path, "TST.NOPE.PV")
    assert (code, out) == (2, "unknown tag 'TST.NOPE.PV'\n")


@pytest.mark.parametrize("command", ["read", "write"])
def test_read_or_write_on_a_broken_project_prints_its_problems(
    cli: Cli, tmp_path: Path, command: str
) -> None:
    project = bench_copy(tmp_path)
    signals = project.parent / "signals.toml"
    signals.write_text(signals.read_text().replace('scan = "fast"', 'scan = "warp"'))
    args = ["TST.FIC1.SP", "55", "--user", "olga", "--password-stdin"]
    if command == "read":
        args = ["TST.GEN.CONST"]
    code, out = cli(command, "--project", project, "--data-dir", tmp_path, *args, stdin=PASSWORD)
    assert code == 1
    assert "tags.TST.GEN.SINE.scan: unknown scan class 'warp'" in out


# write -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def accounts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with an admin, an operator and a viewer (made once: hashing is slow)."""
    folder = tmp_path_factory.mktemp("accounts")
    with UserStore(folder / "users.db", SystemClock(), SecurityPolicy()) as store:
        store.add("root", Role.ADMIN, PASSWORD)
        store.add("olga", Role.OPERATOR, PASSWORD)
        store.add("vic", Role.VIEWER, PASSWORD)
    return folder


def write(
    cli: Cli, data_dir: Path, user: str, tag: str, value: str, password: str = PASSWORD
) -> tuple[int, str]:
    return cli(
        "write",
        "--project",
        SIGNALS_PROJECT,
        "--data-dir",
        data_dir,
        tag,
        value,
        "--user",
        user,
        "--password-stdin",
        "--reason",
        "test",
        stdin=password + "\n",
    )


@pytest.mark.slow
def test_write_is_refused_until_an_admin_exists_then_confirmed_by_read_back(
    cli: Cli, tmp_path: Path
) -> None:
    add_operator = ("users", "add", "olga", "--role", "operator", "--password-stdin")
    assert cli("--data-dir", tmp_path, *add_operator, stdin=PASSWORD)[0] == 0

    code, out = write(cli, tmp_path, "olga", "TST.FIC1.SP", "60")
    assert code == 1
    (refused,) = json_lines(out)
    assert refused["status"] == "refused"
    assert "no administrator" in refused["reason"]

    add_admin = ("users", "add", "root", "--role", "admin", "--password-stdin")
    assert cli("--data-dir", tmp_path, *add_admin, stdin=PASSWORD)[0] == 0

    code, out = write(cli, tmp_path, "olga", "TST.FIC1.SP", "60")
    assert code == 0
    (result,) = json_lines(out)
    assert result["status"] == "confirmed"
    assert (result["old"], result["requested"], result["readback"]) == (50.0, 60.0, 60.0)
    assert result["unit"] == "m³/h"
    assert result["reason"] == "read-back matches"
    with AuditTrail(tmp_path / "audit.db", ManualClock()) as audit:
        (record,) = audit.query(action="write")
    assert (record.user, record.tag, record.old, record.new) == (
        "olga",
        "TST.FIC1.SP",
        "50.0",
        "60.0",
    )
    assert record.result == "confirmed: read-back matches"


@pytest.mark.slow
def test_write_above_the_write_limit_is_refused_naming_the_limit(cli: Cli, accounts: Path) -> None:
    code, out = write(cli, accounts, "olga", "TST.FIC1.SP", "80")
    assert code == 1
    (result,) = json_lines(out)
    assert result["status"] == "refused"
    assert result["reason"] == "80.0 m³/h is above the write limit 70.0 m³/h"
    with AuditTrail(accounts / "audit.db", ManualClock()) as audit:
        refusals = [r.result for r in audit.query(action="write_refused", user="olga")]
    assert "refused: 80.0 m³/h is above the write limit 70.0 m³/h" in refusals


def test_write_by_a_viewer_is_refused(cli: Cli, accounts: Path) -> None:
    code, out = write(cli, accounts, "vic", "TST.FIC1.SP", "55")
    assert code == 1
    (result,) = json_lines(out)
    assert result["status"] == "refused"
    assert result["reason"] == "viewer 'vic' may not write values in area TST"


def test_write_with_a_wrong_password_is_refused_before_anything_runs(
    cli: Cli, accounts: Path
) -> None:
    code, out = write(cli, accounts, "olga", "TST.FIC1.SP", "55", password="not the password")
    assert (code, out) == (1, "refused: unknown user or wrong password\n")
    with AuditTrail(accounts / "audit.db", ManualClock()) as audit:
        (failed, *_) = audit.query(action="login_failed")
    assert (failed.user, failed.detail) == ("olga", "wrong_password")


# bad history files ---------------------------------------------------------------------


def bad_history(kind: str, folder: Path) -> Path:
    """A file that is not a readable recording, of one kind."""
    path = folder / f"{kind}.db"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "text":
        path.write_text("time,tag,value\n1,A,2\n")
    elif kind == "random":
        path.write_bytes(bytes(range(256)) * 64)
    elif kind == "directory":
        path.mkdir()
    elif kind == "foreign":
        with closing(sqlite3.connect(path)) as conn:
            conn.execute("CREATE TABLE people(name TEXT)")
            conn.commit()
    elif kind == "truncated":
        data = DEMO_RECORDING.read_bytes()
        path.write_bytes(data[: len(data) // 3])
    return path


BAD_KINDS = ("empty", "text", "random", "directory", "foreign", "truncated")


@pytest.mark.parametrize("kind", BAD_KINDS)
def test_report_of_a_bad_file_is_one_line_naming_it(cli: Cli, tmp_path: Path, kind: str) -> None:
    bad = bad_history(kind, tmp_path)
    code, out = cli("--data-dir", tmp_path / "data", "report", "--recording", bad,
                    "--out", tmp_path / "r.pdf")  # fmt: skip
    assert code == 1
    assert len(out.strip().splitlines()) == 1, out
    assert str(bad) in out and "Traceback" not in out
    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.parametrize("kind", BAD_KINDS)
def test_export_of_a_bad_file_is_one_line_naming_it(cli: Cli, tmp_path: Path, kind: str) -> None:
    bad = bad_history(kind, tmp_path)
    code, out = cli("--data-dir", tmp_path / "data", "export", "--history", bad, "*",
                    "--out", tmp_path / "x.csv")  # fmt: skip
    assert code == 1
    assert len(out.strip().splitlines()) == 1, out
    assert str(bad) in out and "Traceback" not in out
