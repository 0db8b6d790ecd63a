"""``users add`` and ``users passwd`` need an administrator once one exists.

Run in-process through ``main.main`` with passwords on stdin (the administrator's first, the
new one next) and real argon2 hashes in a users database in tmp_path; every change and every
refusal is in the audit trail, never a password.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

import main
from tags.clock import SystemClock
from tags.security.audit import AuditRecord, AuditTrail
from tags.security.permissions import Role, SecurityPolicy
from tags.security.users import UserStore

ROOT_PASSWORD = "root password"
NEW_PASSWORD = "olga password"


def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str | Path,
    stdin: str = "",
) -> tuple[int, str]:  # fmt: skip
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    capsys.readouterr()
    code = main.main([str(a) for a in args])
    return code, capsys.readouterr().out


def records(data: Path) -> list[AuditRecord]:
    with AuditTrail.in_data_dir(data, SystemClock()) as audit:
        return list(reversed(audit.query()))


def users(data: Path) -> dict[str, Role]:
    with UserStore(data / "users.db", SystemClock(), SecurityPolicy()) as store:
        return {info.name: info.role for info in store.list()}


@pytest.fixture
def with_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A data folder whose first administrator, root, was made without credentials."""
    code, out = run(capsys, monkeypatch, "--data-dir", tmp_path, "users", "add", "root",
                    "--role", "admin", "--password-stdin", stdin=ROOT_PASSWORD + "\n")  # fmt: skip
    assert (code, out) == (0, "user 'root' added as admin\n")
    return tmp_path


def add_olga(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, data: Path,
    *admin: str, stdin: str,
) -> tuple[int, str]:  # fmt: skip
    return run(capsys, monkeypatch, "--data-dir", data, "users", "add", "olga", "--role",
               "operator", *admin, "--password-stdin", stdin=stdin)  # fmt: skip


def test_the_first_administrator_needs_no_credentials(with_root: Path) -> None:
    assert users(with_root) == {"root": Role.ADMIN}
    (added,) = records(with_root)
    assert (added.action, added.user, added.detail) == (
        "user_added", "(no administrator yet)", "root as admin",
    )  # fmt: skip


def test_once_an_administrator_exists_a_new_user_needs_one(
    with_root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out = add_olga(capsys, monkeypatch, with_root, stdin=NEW_PASSWORD + "\n")
    assert code == 1
    assert out == (
        "refused: an administrator exists: give --admin NAME and that administrator's password "
        "(the first line with --password-stdin)\n"
    )
    assert "olga" not in users(with_root)
    refused = records(with_root)[-1]
    assert (refused.action, refused.detail) == ("user_change_refused", "add olga as operator")


@pytest.mark.slow
def test_a_wrong_administrator_password_is_refused_and_counts_towards_the_lock(
    with_root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts = SecurityPolicy().max_failed_logins
    for _ in range(attempts):
        code, out = add_olga(capsys, monkeypatch, with_root, "--admin", "root",
                             stdin=f"not the password\n{NEW_PASSWORD}\n")  # fmt: skip
        assert code == 1 and out.startswith("refused: ")
    code, out = add_olga(capsys, monkeypatch, with_root, "--admin", "root",
                         stdin=f"{ROOT_PASSWORD}\n{NEW_PASSWORD}\n")  # fmt: skip
    assert code == 1
    assert out.startswith("refused: account 'root' is locked until ") and "failed logins" in out
    assert "olga" not in users(with_root)
    failed = [r for r in records(with_root) if r.action == "login_failed"]
    assert [r.detail for r in failed] == ["wrong_password"] * attempts + ["locked"]
    assert all(r.user == "root" and r.workstation == "command line" for r in failed)


@pytest.mark.slow
def test_an_administrator_adds_a_user_and_the_change_is_audited_without_passwords(
    with_root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out = add_olga(capsys, monkeypatch, with_root, "--admin", "root",
                         stdin=f"{ROOT_PASSWORD}\n{NEW_PASSWORD}\n")  # fmt: skip
    assert (code, out) == (0, "user 'olga' added as operator\n")
    with UserStore(with_root / "users.db", SystemClock(), SecurityPolicy()) as store:
        assert store.authenticate("olga", NEW_PASSWORD).role is Role.OPERATOR
    added = records(with_root)[-1]
    assert (added.action, added.user, added.workstation, added.detail) == (
        "user_added", "root", "command line", "olga as operator",
    )  # fmt: skip
    for record in records(with_root):
        text = " ".join(str(value) for value in vars(record).values())
        assert ROOT_PASSWORD not in text and NEW_PASSWORD not in text


@pytest.mark.slow
def test_an_administrator_resets_a_password_and_nobody_else_may(
    with_root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    add_olga(capsys, monkeypatch, with_root, "--admin", "root",
             stdin=f"{ROOT_PASSWORD}\n{NEW_PASSWORD}\n")  # fmt: skip
    passwd = ("--data-dir", with_root, "users", "passwd", "root", "--password-stdin")
    code, out = run(capsys, monkeypatch, *passwd, stdin="taken over\n")
    assert code == 1 and out.startswith("refused: an administrator exists")
    code, out = run(capsys, monkeypatch, *passwd, "--admin", "olga",
                    stdin=f"{NEW_PASSWORD}\ntaken over\n")  # fmt: skip
    assert (code, out) == (1, "refused: operator 'olga' may not manage users\n")
    code, out = run(capsys, monkeypatch, *passwd, "--admin", "root",
                    stdin=f"{ROOT_PASSWORD}\nnew root password\n")  # fmt: skip
    assert (code, out) == (0, "password of 'root' changed\n")
    changes = [(r.action, r.user, r.detail) for r in records(with_root)
               if r.action in ("password_changed", "user_change_refused")]  # fmt: skip
    assert changes == [
        ("user_change_refused", "", "change the password of root"),
        ("user_change_refused", "olga", "change the password of root"),
        ("password_changed", "root", "root"),
    ]


def test_a_non_administrator_may_not_add_users(
    with_root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with UserStore(with_root / "users.db", SystemClock(), SecurityPolicy()) as store:
        store.add("sam", Role.SUPERVISOR, "sam password")
    code, out = add_olga(capsys, monkeypatch, with_root, "--admin", "sam",
                         stdin=f"sam password\n{NEW_PASSWORD}\n")  # fmt: skip
    assert (code, out) == (1, "refused: supervisor 'sam' may not manage users\n")
    assert "olga" not in users(with_root)
    refused = records(with_root)[-1]
    assert (refused.action, refused.user, refused.result) == (
        "user_change_refused", "sam", "supervisor 'sam' may not manage users",
    )  # fmt: skip
