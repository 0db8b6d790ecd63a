"""The project's ``[[screens]]``: which displays the console has, in which order, with their
ISA-101 level, area, title and function key.

Each entry is either a built-in screen of the console by name (``builtin = "emm"``) or a
screen file of the project (``file = "screens/kiln.toml"``, relative to the project file).
The screen files themselves are read by the console (``hmi.canvas.screen_file``); here only
the list is checked: keys unique, levels 1-4, areas of the project, function keys F1-F12
each used once, files that exist.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tags.config.problems import ProblemLog
from tags.i18n.catalogue import text

SECTION = "screens"
KEYS = {"key", "title", "title_zh", "level", "area", "function_key", "builtin", "file"}
FUNCTION_KEYS = tuple(f"F{n}" for n in range(1, 13))
_SCREEN_KEY = re.compile(r"^[a-z0-9_-]{1,40}$")


@dataclass(frozen=True)
class ScreenEntry:
    """One display of the project, in navigation order."""

    key: str
    title: str
    level: int
    area: str = ""
    function_key: str = ""
    title_zh: str = ""
    """The title when the console speaks Chinese (empty: the English one)."""
    builtin: str = ""
    """A screen of the console by name (its Python module), or empty."""
    file: Path | None = None
    """A screen file of the project (absolute), or None."""


def parse_screen_list(
    value: Any, project_path: Path, areas: Collection[str], log: ProblemLog
) -> tuple[ScreenEntry, ...]:
    """The ``[[screens]]`` array (empty when absent); problems go to ``log``."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        log.add(SECTION, text("config.screen.array"))
        return ()
    entries: list[ScreenEntry] = []
    seen_keys: set[str] = set()
    seen_function_keys: dict[str, str] = {}
    for index, table in enumerate(value, start=1):
        where = f"{SECTION}[{index}]"
        entry = _entry(table, where, project_path, areas, log)
        if entry is None:
            continue
        if entry.key in seen_keys:
            log.add(f"{where}.key", text("config.screen.twice", key=entry.key))
            continue
        seen_keys.add(entry.key)
        if entry.function_key:
            other = seen_function_keys.get(entry.function_key)
            if other is not None:
                log.add(f"{where}.function_key", text("config.screen.function_key_taken",
                        function_key=entry.function_key, other=other))  # fmt: skip
                continue
            seen_function_keys[entry.function_key] = entry.key
        entries.append(entry)
    return tuple(entries)


def _entry(
    table: dict[str, Any], where: str, project_path: Path, areas: Collection[str], log: ProblemLog
) -> ScreenEntry | None:
    problems = len(log.problems)
    for name in sorted(set(table) - KEYS):
        log.add(f"{where}.{name}", text("config.unknown_key", known=", ".join(sorted(KEYS))))
    key = table.get("key")
    if not isinstance(key, str) or not _SCREEN_KEY.match(key):
        log.add(f"{where}.key", text("config.screen.key"))
    title = table.get("title")
    if not isinstance(title, str) or not title.strip():
        log.add(f"{where}.title", text("config.screen.title"))
    title_zh = table.get("title_zh", "")
    if not isinstance(title_zh, str):
        log.add(f"{where}.title_zh", text("config.must_be_a_text", what=text("config.title_zh")))
    level = table.get("level")
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 4:
        log.add(f"{where}.level", text("config.screen.level"))
    area = table.get("area", "")
    if not isinstance(area, str) or (area and area not in areas):
        known = ", ".join(sorted(areas)) or text("config.none")
        log.add(f"{where}.area", text("config.screen.area", area=repr(area), known=known))
    function_key = table.get("function_key", "")
    if function_key not in ("", *FUNCTION_KEYS):
        log.add(f"{where}.function_key",
                text("config.screen.function_key", function_key=repr(function_key)))  # fmt: skip
    builtin = table.get("builtin", "")
    file = table.get("file", "")
    screen_file: Path | None = None
    if not isinstance(builtin, str) or not isinstance(file, str) or bool(builtin) == bool(file):
        log.add(where, text("config.screen.builtin_or_file"))
    elif file:
        screen_file = Path(file)
        if not screen_file.is_absolute():
            screen_file = project_path.parent / screen_file
        if not screen_file.is_file():
            log.add(f"{where}.file", text("config.screen.no_file", file=file))
    if len(log.problems) > problems:
        return None
    assert isinstance(level, int)
    return ScreenEntry(str(key), str(title), level, str(area), str(function_key),
                       str(title_zh).strip(), str(builtin), screen_file)  # fmt: skip
