"""Configuration problems: collected all at once, each with file, line and field path."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ConfigError(Exception):
    """A project that cannot be loaded; ``problems`` lists every reason."""

    def __init__(self, problems: list[ConfigProblem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the project:\n{lines}")


@dataclass
class ProblemLog:
    """Collects problems for one file and finds the line a field was written on."""

    file: str
    text: str = ""
    problems: list[ConfigProblem] = field(default_factory=list)

    def add(self, path: str, message: str, line: int | None = None) -> None:
        self.problems.append(ConfigProblem(self.file, line or self.line_of(path), path, message))

    def line_of(self, path: str) -> int | None:
        """Best-effort line of a dotted field path in a TOML text (tomllib keeps none)."""
        if not self.text or not path:
            return None
        for needle in _needles(path):
            match = re.search(needle, self.text, re.MULTILINE)
            if match:
                return self.text.count("\n", 0, match.start()) + 1
        return None


def _needles(path: str) -> list[str]:
    """Regexes for the places a TOML field can be written, most specific first."""
    needles: list[str] = []
    if path.startswith("tags."):
        rest = path[len("tags.") :]
        for name in _tag_name_candidates(rest):
            tail = rest[len(name) :].lstrip(".")
            header = rf'^\s*\[tags\."{re.escape(name)}"(\.alarms)?\]'
            for key in reversed(tail.split(".")):
                needles.append(rf"{header}[^\[]*?^\s*{re.escape(key)}\s*=")
            needles.append(header)
    parts = path.split(".")
    if len(parts) >= 2:
        table = re.escape(".".join(parts[:-1]))
        needles.append(rf"^\s*\[{table}\][^\[]*?^\s*{re.escape(parts[-1])}\s*=")
    needles.append(rf"^\s*\[{re.escape(path)}\]")
    needles.append(rf"^\s*{re.escape(parts[-1])}\s*=")
    return needles


def _tag_name_candidates(rest: str) -> list[str]:
    parts = rest.split(".")
    return [".".join(parts[:i]) for i in range(len(parts), 1, -1)]
