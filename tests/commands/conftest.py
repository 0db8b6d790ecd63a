"""Shared set-up of the engineers' command tests: a data folder with users of each role, the
command line run in-process (command_line.py), and never the workstation's data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tags.clock import SystemClock
from tags.security.permissions import Role, SecurityPolicy
from tags.security.users import UserStore
from tests.commands.command_line import PASSWORD, Cli


@pytest.fixture
def own_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The default data folder is the test's, never the workstation's."""
    monkeypatch.setenv("HMI_DATA_DIR", str(tmp_path / "default-data"))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A data folder with an admin (root), an engineer (erin) and an operator (olga)."""
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    with UserStore(data / "users.db", SystemClock(), SecurityPolicy()) as store:
        store.add("root", Role.ADMIN, PASSWORD)
        store.add("erin", Role.ENGINEER, PASSWORD)
        store.add("olga", Role.OPERATOR, PASSWORD)
    return data


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(capsys, monkeypatch)
