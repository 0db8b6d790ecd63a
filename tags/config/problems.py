"""Configuration problems: collected all at once, each with file, line and field path."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tags.i18n.catalogue import text


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


def toml_error_line(exc: Exception) -> int | None:
    """The line of a tomllib syntax error (Python 3.11 keeps it only in the message)."""
    line = getattr(exc, "lineno", None)
    if isinstance(line, int):
        return line
    match = re.search(r"at line (\d+)", str(exc))
    return int(match.group(1)) if match else None


def without_where(message: str, where: str) -> str:
    """``message`` without the ``where:`` it starts with (the colon of either language)."""
    for colon in (": ", "："):
        if message.startswith(where + colon):
            return message[len(where) + len(colon) :]
    return message


class ConfigError(Exception):
    """A project that cannot be loaded; ``problems`` lists every reason."""

    def __init__(self, problems: list[ConfigProblem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(text("config.problems", count=len(problems), lines=lines))


@dataclass
class ProblemLog:
    """Collects problems for one file and finds the line a field was written on."""

    file: str
    text: str = ""
    problems: list[ConfigProblem] = field(default_factory=list)
    row_line: int | None = None
    """The line of the CSV row being parsed (CSV problems know their line exactly)."""

    def add(self, path: str, message: str, line: int | None = None) -> None:
        line = line or self.row_line or self.line_of(path)
        self.problems.append(ConfigProblem(self.file, line, path, message))

    def line_of(self, path: str) -> int | None:
        """Best-effort line of a dotted field path in a TOML text (tomllib keeps none)."""
        if not self.text or not path:
            return None
        for needle in _needles(path):
            match = re.search(needle, self.text, re.MULTILINE)
            if match:
                return self.text.count("\n", 0, match.start("at")) + 1
        return None


_IN_TABLE = r"(?:(?!^[ \t]*\[)[\s\S])*?"
"""Any text up to the next table header: values may hold [ ] but headers start a line."""


_INDEXED = re.compile(r"^(?P<table>[^\[\]]+)\[(?P<n>[1-9]\d*)\](?:\.(?P<rest>[^\[\]]+))?$")
"""A field of the n-th table (from 1) of an array of tables: ``screens[2].title``."""


def _needles(path: str) -> list[str]:
    """Regexes for the places a TOML field can be written, most specific first.

    Each marks the spot it found with the group ``at``.
    """
    needles: list[str] = []

    def key(name: str) -> str:
        return rf"^[ \t]*(?P<at>{re.escape(name)})[ \t]*="

    if path.startswith("tags."):
        rest = path[len("tags.") :]
        for name in _tag_name_candidates(rest):
            tail = rest[len(name) :].lstrip(".")
            header = rf'^[ \t]*\[tags\."{re.escape(name)}"(\.alarms)?\]'
            for part in reversed(tail.split(".")):
                needles.append(rf"{header}{_IN_TABLE}{key(part)}")
            needles.append(rf'^[ \t]*(?P<at>\[tags\."{re.escape(name)}"(\.alarms)?\])')
    indexed = _INDEXED.match(path)
    if indexed is not None:  # the n-th table of an array: [[table]] ... [[table]] key =
        table, number, rest = indexed["table"], int(indexed["n"]), indexed["rest"]
        header = rf"^[ \t]*\[\[[ \t]*{re.escape(table)}[ \t]*\]\]"
        before = rf"(?:{header}[\s\S]*?){{{number - 1}}}" if number > 1 else ""
        if rest:
            needles.append(rf"{before}{header}{_IN_TABLE}{key(rest.split('.')[-1])}")
        needles.append(rf"{before}(?P<at>{header})")
    parts = path.split(".")
    if len(parts) >= 2:
        table = re.escape(".".join(parts[:-1]))
        needles.append(rf"^[ \t]*\[{table}\]{_IN_TABLE}{key(parts[-1])}")
    needles.append(rf"^[ \t]*(?P<at>\[{re.escape(path)}\])")
    needles.append(key(parts[-1]))
    return needles


def _tag_name_candidates(rest: str) -> list[str]:
    parts = rest.split(".")
    return [".".join(parts[:i]) for i in range(len(parts), 1, -1)]
