"""Reading project files safely: only regular files of a sane size, TOML of a sane depth.

A project names its tag lists by path, so a path such as /dev/zero or a huge file must be
refused before it is read, and a pathologically nested TOML must give one line, not a
traceback.
"""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path
from typing import Any

import rtoml

from tags.config.problems import toml_error_line
from tags.i18n.catalogue import text as tr

MAX_BYTES = 16 * 1024 * 1024
"""The largest project or tag-list file read (a 50,000-tag list is a few MiB)."""


class FileProblem(ValueError):
    """Why a project file cannot be read (the message names no path: the caller does)."""


def read_text(path: Path, *, encoding: str = "utf-8") -> str:
    """The text of a regular file of at most MAX_BYTES; FileProblem otherwise."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise FileProblem(exc.strerror or str(exc)) from None
    if not stat.S_ISREG(info.st_mode):
        raise FileProblem(tr("config.not_regular_file"))
    if info.st_size > MAX_BYTES:
        size, limit = f"{info.st_size / 1e6:.1f}", MAX_BYTES // 2**20
        raise FileProblem(tr("config.too_large_size", size=size, limit=limit))
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise FileProblem(exc.strerror or str(exc)) from None
    if len(data) > MAX_BYTES:  # grew while being read
        raise FileProblem(tr("config.too_large", limit=MAX_BYTES // 2**20))
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        why = tr("config.not_encoded", encoding=encoding, reason=exc.reason, at=exc.start)
        raise FileProblem(why) from None


class TomlProblem(ValueError):
    """Why a text is not TOML the loader can take, with its line where known."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


def parse_toml(text: str) -> dict[str, Any]:
    """The TOML document as tomllib reads it; TomlProblem for a syntax error or nesting too
    deep for the parser.

    rtoml (compiled) reads a valid document several times faster than tomllib, which matters
    for tag lists of tens of thousands of tags; whatever rtoml refuses (an error, or nesting
    past its own limit that tomllib still takes) is read again by tomllib, so the result and
    every message are tomllib's.
    """
    try:
        data = rtoml.loads(text)
    except Exception:
        pass
    else:
        if isinstance(data, dict):
            return data
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TomlProblem(str(getattr(exc, "msg", exc)), toml_error_line(exc)) from None
    except RecursionError:
        raise TomlProblem(tr("config.too_deep"), None) from None
