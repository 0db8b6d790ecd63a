"""A training session's plan: the upsets it starts and stops, when, and how a session's
records name them."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


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


_BY = {"plan": "by the plan", "trainer": "by the trainer", "end": "at the session end"}


def upset_text(title: str, action: str, source: str) -> str:
    """The text of an upset record: '<title> started by the plan' and the like."""
    verb = "started" if action == "start" else "stopped"
    return f"{title} {verb} {_BY.get(source, 'by ' + source)}"


def upset_title(text: str) -> str:
    """The scenario title back from an upset record's text."""
    for verb in (" started ", " stopped "):
        if verb in text:
            return text.rsplit(verb, 1)[0]
    return text


def plan_key(plan: Iterable[PlannedUpset]) -> tuple[tuple[str, float, float | None], ...]:
    """The plan as a sortable value: two sessions ran the same plan when their keys match."""
    return tuple(sorted((u.scenario, u.at, u.stop_at) for u in plan))


def plan_body(plan: Sequence[PlannedUpset]) -> str:
    """The plan as stored: a JSON list of [scenario, at, stop_at]."""
    return json.dumps([[u.scenario, u.at, u.stop_at] for u in plan])
