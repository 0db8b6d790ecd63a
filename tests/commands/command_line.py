"""The command line run in-process for the engineers' command tests (force, simulate, ...)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

import main
from tests.paths import SIGNALS_PROJECT

PASSWORD = "correct horse"
"""Every test user's password."""


class Cli:
    """``main.main`` in-process: (exit code, stdout, stderr)."""

    def __init__(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
        self._capsys = capsys
        self._monkeypatch = monkeypatch

    def __call__(self, *args: str | Path, stdin: str = "") -> tuple[int, str, str]:
        self._monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        self._capsys.readouterr()
        code = main.main([str(a) for a in args])
        captured = self._capsys.readouterr()
        return code, captured.out, captured.err

    def as_user(
        self,
        folder: Path,
        command: str,
        *args: str | Path,
        user: str = "erin",
        project: Path = SIGNALS_PROJECT,
    ) -> tuple[int, str, str]:
        """``command`` on ``project`` and ``folder``, as ``user`` (password on stdin)."""
        return self(
            command, "--project", project, "--data-dir", folder, *args, "--user", user,
            "--password-stdin", stdin=PASSWORD + "\n",
        )  # fmt: skip
