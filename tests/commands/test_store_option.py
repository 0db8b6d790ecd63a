"""Choosing the store on the command line: ``--store URL`` anywhere on the line, checked
before anything runs, handed to the console instead of the project's [store]; ``check``
names a bad [store] url with its file, line and key."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

import main
from tags.store.url import SQLITE, StoreUrl
from tests.paths import SIGNALS_FOLDER, SIGNALS_PROJECT


@pytest.fixture(autouse=True)
def never_the_real_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HMI_DATA_DIR", str(tmp_path / "default-data"))


def _console_gets(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Stand in for the console: what it was asked to open."""
    import hmi.shell.app
    from commands import cli

    seen: dict[str, Any] = {}

    def run_console(*args: Any, **kwargs: Any) -> int:
        seen.update(kwargs)
        return 0

    monkeypatch.setattr(hmi.shell.app, "run_console", run_console)
    monkeypatch.setattr(cli, "missing_packages", list)
    return seen


def test_the_console_opens_the_store_given_on_the_command_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen = _console_gets(monkeypatch)
    assert main.main(["--store", "postgresql://console@db.plant:5433/scada"]) == 0
    assert seen["store"] == StoreUrl("postgresql", "db.plant", 5433, "console", "scada")
    assert main.main([]) == 0
    assert seen["store"] is None  # the project's [store] decides
    assert main.main(["--store=sqlite"]) == 0
    assert seen["store"] == SQLITE


def test_store_may_follow_the_subcommand(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = main.main(["check", str(SIGNALS_PROJECT), "--store", "postgresql://u@h/db"])
    assert code == 0, capsys.readouterr().out


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql://u:Hunter2@h/db", "--store: the URL holds a password"),
        ("mysql://h/db", "--store: 'mysql://h/db' is not a store URL"),
    ],
)
def test_a_bad_store_option_is_bad_usage_before_anything_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], url: str, message: str
) -> None:
    seen = _console_gets(monkeypatch)
    assert main.main(["--store", url]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Hunter2" not in err
    assert seen == {}


def test_check_names_a_bad_store_url_with_file_line_and_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "bench"
    shutil.copytree(SIGNALS_FOLDER, folder)
    project = folder / "project.toml"
    text = project.read_text() + '\n[store]\nurl = "postgresql://hmi:pw@db/scada"\n'
    project.write_text(text)
    line = text.splitlines().index('url = "postgresql://hmi:pw@db/scada"') + 1
    assert main.main(["--data-dir", str(tmp_path), "check", str(project)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"project.toml:{line}: store.url: the URL holds a password")
    assert out[1] == "1 problem(s); nothing loaded"
