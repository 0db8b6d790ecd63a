"""A training session's plan: the upsets it starts and stops, when, and how a session's
records name them."""

from __future__ import annotations

import json
import math
import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from tags.i18n.catalogue import MESSAGES, text


@dataclass(frozen=True)
class PlannedUpset:
    """One upset of a scenario plan: start ``at`` session seconds, stop at ``stop_at``
    (None: runs until the trainer stops it or the session ends)."""

    scenario: str
    at: float
    stop_at: float | None = None

    def __post_init__(self) -> None:
        if not (math.isfinite(self.at) and self.at >= 0.0):
            raise ValueError(f"{self.scenario}: start time must be 0 s or later, not {self.at}")
        if self.stop_at is not None and not self.stop_at > self.at:
            raise ValueError(
                f"{self.scenario}: stop time {self.stop_at:g} s must be after the start "
                f"{self.at:g} s"
            )

    @property
    def text(self) -> str:
        until = "" if self.stop_at is None else f"-{self.stop_at:g}"
        return f"{self.scenario}@{self.at:g}{until}"

    @classmethod
    def parse(cls, text: str) -> PlannedUpset:
        """``NAME@START`` or ``NAME@START-STOP`` (session seconds), as ``text`` writes it."""
        name, _, when = text.partition("@")
        start, _, stop = when.partition("-")
        try:
            return cls(name.strip(), float(start or 0.0), float(stop) if stop else None)
        except ValueError as exc:
            raise ValueError(f"'{text}': {exc} (NAME@START or NAME@START-STOP)") from None


_SOURCES = ("plan", "trainer", "end")
"""Who starts or stops an upset, as the catalogue words it (anyone else: by name)."""


def upset_text(title: str, action: str, source: str) -> str:
    """The text of an upset record, in the current language: '<title> started by the plan'
    and the like."""
    verb = "start" if action == "start" else "stop"
    by = source if source in _SOURCES else "other"
    return text(f"training.upset_{verb}_{by}", title=title, source=source)


@cache
def _upset_patterns() -> tuple[re.Pattern[str], ...]:
    """Every language's upset record texts as patterns that find the title."""
    found = []
    for msg_id, by_language in MESSAGES.items():
        if not msg_id.startswith("training.upset_"):
            continue
        for message in by_language.values():
            pattern = ""
            for literal, name, _, _ in string.Formatter().parse(message):
                pattern += re.escape(literal)
                if name == "title":
                    pattern += "(?P<title>.+)"
                elif name is not None:
                    pattern += ".+?"
            found.append(re.compile(pattern, re.DOTALL))
    return tuple(found)


def upset_title(said: str) -> str:
    """The scenario title back from an upset record's text (in whichever language it was
    recorded)."""
    for pattern in _upset_patterns():
        match = pattern.fullmatch(said)
        if match:
            return match["title"]
    return said


def plan_key(plan: Iterable[PlannedUpset]) -> tuple[tuple[str, float, float | None], ...]:
    """The plan as a sortable value: two sessions ran the same plan when their keys match."""
    return tuple(sorted((u.scenario, u.at, u.stop_at) for u in plan))


def plan_body(plan: Sequence[PlannedUpset]) -> str:
    """The plan as stored: a JSON list of [scenario, at, stop_at]."""
    return json.dumps([[u.scenario, u.at, u.stop_at] for u in plan])
