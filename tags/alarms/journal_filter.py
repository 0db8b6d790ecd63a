"""The alarm journal's filters as SQL, in the dialect of each store (SQLite's and
PostgreSQL's): one builder, so the two stores select the same entries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tags.alarms.state import JournalEvent
from tags.model import Priority


@dataclass(frozen=True, slots=True)
class Dialect:
    """How a store's SQL writes what the journal's filters need."""

    mark: str
    """The parameter placeholder."""
    like: str
    """The case-insensitive LIKE operator."""
    arrays: bool
    """A list of values is one parameter (``= ANY(...)``), not one per value (``IN (...)``)."""


SQLITE = Dialect("?", "LIKE", arrays=False)
POSTGRESQL = Dialect("%s", "ILIKE", arrays=True)


def journal_filter(
    dialect: Dialect,
    *,
    since: float | None = None,
    until: float | None = None,
    areas: Iterable[str] | None = None,
    priorities: Iterable[Priority] | None = None,
    tag: str | None = None,
    alarm: str | None = None,
    text: str | None = None,
    events: Iterable[JournalEvent] | None = None,
) -> tuple[str, list[object]]:
    """The conditions of ``JournalStore.query`` in ``dialect`` (joined by AND, empty for none)
    and their parameters."""
    mark = dialect.mark
    where: list[str] = []
    params: list[object] = []
    for clause, value in (
        (f"time >= {mark}", since),
        (f"time < {mark}", until),
        (f"tag = {mark}", tag),
        (f"alarm = {mark}", alarm),
    ):
        if value is not None:
            where.append(clause)
            params.append(value)
    for column, chosen in (
        ("area", None if areas is None else list(areas)),
        ("priority", None if priorities is None else [int(p) for p in priorities]),
        ("event", None if events is None else [e.value for e in events]),
    ):
        if chosen is None:
            continue
        if dialect.arrays:
            where.append(f"{column} = ANY({mark})")
            params.append(chosen)
        else:
            where.append(f"{column} IN ({', '.join([mark] * len(chosen))})" if chosen else "0")
            params.extend(chosen)
    if text:
        like = f"{dialect.like} {mark} ESCAPE '\\'"
        where.append(f"(message {like} OR alarm {like} OR comment {like})")
        params.extend([like_pattern(text)] * 3)
    return " AND ".join(where), params


def like_pattern(text: str) -> str:
    """A LIKE pattern finding ``text`` literally (escape character: backslash)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
