"""Trend pens: which tags, in which colour, on which scale; and pen sets saved by name.

A pen's scale is in the tag's engineering units (its range from the project, else its alarm
limits and normal band, else the data seen). Pen colours come from the palette
(``trend_pen_1`` ... ``trend_pen_8``: muted, distinguishable, none of them an alarm colour).
Pen sets are one JSON file in the data folder, so every operator of the console shares them.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from tags.model import AlarmKind, DataType, TagDef

MAX_PENS = 8
PEN_COLORS = tuple(f"trend_pen_{i}" for i in range(1, MAX_PENS + 1))
PEN_SETS_FILE = "trend_pen_sets.json"
LIMIT_KINDS = (AlarmKind.HIHI, AlarmKind.HI, AlarmKind.LO, AlarmKind.LOLO)


class PenError(ValueError):
    """A pen cannot be added (limit reached, unknown or non-numeric tag, already there)."""


@dataclass
class Pen:
    tag: TagDef
    color: str
    """Palette name of the pen's colour."""
    low: float
    high: float
    auto_scale: bool = False
    """The scale is still a guess and follows the first data fetched."""
    visible: bool = True

    @property
    def name(self) -> str:
        return self.tag.name

    def normalize(self, value: float) -> float:
        return (value - self.low) / (self.high - self.low)

    def denormalize(self, fraction: float) -> float:
        return self.low + fraction * (self.high - self.low)

    def set_scale(self, low: float, high: float) -> None:
        if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
            raise PenError(
                QCoreApplication.translate(
                    "TrendPens", "scale {low} … {high}: the top must be above the bottom"
                ).format(low=f"{low:g}", high=f"{high:g}")
            )
        self.low, self.high = low, high
        self.auto_scale = False


def default_scale(tag: TagDef) -> tuple[float, float] | None:
    """The tag's engineering range, else its limits and normal band with a margin; None when
    the project says nothing (the data decides)."""
    if tag.data_type is DataType.BOOL or tag.states:
        top = max((int(k) for k in tag.states), default=1)
        return -0.25, top + 0.25
    if tag.eng_low is not None and tag.eng_high is not None and tag.eng_high > tag.eng_low:
        return tag.eng_low, tag.eng_high
    marks = [a.limit for a in tag.alarms if a.kind in LIMIT_KINDS and a.limit is not None]
    marks += [v for v in (tag.normal_low, tag.normal_high) if v is not None]
    if len(marks) >= 2 and max(marks) > min(marks):
        margin = (max(marks) - min(marks)) * 0.2
        return min(marks) - margin, max(marks) + margin
    return None


def fit_scale(low: float, high: float) -> tuple[float, float]:
    """A scale around data from ``low`` to ``high`` with 5 % room (1 unit for a flat line)."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return 0.0, 1.0
    if high <= low:
        half = max(abs(low) * 0.05, 0.5)
        return low - half, low + half
    margin = (high - low) * 0.05
    return low - margin, high + margin


def trendable(tag: TagDef) -> bool:
    return tag.data_type is not DataType.STRING


class PenList:
    """Up to eight pens, each with a colour of its own; one of them is selected."""

    def __init__(self) -> None:
        self.pens: list[Pen] = []
        self.selected: Pen | None = None

    def __len__(self) -> int:
        return len(self.pens)

    def names(self) -> list[str]:
        return [p.name for p in self.pens]

    def get(self, name: str) -> Pen | None:
        return next((p for p in self.pens if p.name == name), None)

    def add(self, tag: TagDef, scale: tuple[float, float] | None = None) -> Pen:
        if self.get(tag.name) is not None:
            raise PenError(
                QCoreApplication.translate("TrendPens", "{tag} is already on the trend").format(
                    tag=tag.name
                )
            )
        if len(self.pens) >= MAX_PENS:
            raise PenError(
                QCoreApplication.translate(
                    "TrendPens", "a trend holds at most {count} pens: remove one first"
                ).format(count=MAX_PENS)
            )
        if not trendable(tag):
            raise PenError(
                QCoreApplication.translate(
                    "TrendPens", "{tag} is text, not a number: it cannot be trended"
                ).format(tag=tag.name)
            )
        used = {p.color for p in self.pens}
        color = next(c for c in PEN_COLORS if c not in used)
        guess = scale or default_scale(tag)
        low, high = guess if guess is not None else (0.0, 1.0)
        pen = Pen(tag, color, low, high, auto_scale=guess is None)
        self.pens.append(pen)
        if self.selected is None:
            self.selected = pen
        return pen

    def remove(self, name: str) -> Pen:
        pen = self.get(name)
        if pen is None:
            raise PenError(
                QCoreApplication.translate("TrendPens", "{tag} is not on the trend").format(
                    tag=name
                )
            )
        self.pens.remove(pen)
        if self.selected is pen:
            self.selected = self.pens[0] if self.pens else None
        return pen

    def select(self, name: str) -> None:
        pen = self.get(name)
        if pen is not None:
            self.selected = pen


@dataclass(frozen=True)
class PenSet:
    """A saved trend: its pens with their scales, and the time span shown."""

    name: str
    pens: tuple[tuple[str, float, float], ...]
    span: float

    @classmethod
    def of(cls, name: str, pens: PenList, span: float) -> PenSet:
        return cls(name, tuple((p.name, p.low, p.high) for p in pens.pens), span)

    def to_json(self) -> dict[str, Any]:
        return {
            "span": self.span,
            "pens": [{"tag": t, "low": lo, "high": hi} for t, lo, hi in self.pens],
        }

    @classmethod
    def from_json(cls, name: str, data: dict[str, Any]) -> PenSet:
        pens = tuple(
            (str(p["tag"]), float(p["low"]), float(p["high"])) for p in data.get("pens", [])
        )
        return cls(name, pens[:MAX_PENS], float(data.get("span", 3600.0)))


class PenSetStore:
    """Pen sets by name in one JSON file (written whole, atomically)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def in_folder(cls, data_dir: Path) -> PenSetStore:
        return cls(data_dir / PEN_SETS_FILE)

    def _read(self) -> dict[str, Any]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise PenError(
                QCoreApplication.translate("TrendPens", "{file} cannot be read: {why}").format(
                    file=self.path.name, why=exc
                )
            ) from exc
        sets = data.get("sets", {}) if isinstance(data, dict) else {}
        return sets if isinstance(sets, dict) else {}

    def _write(self, sets: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        text = json.dumps({"version": 1, "sets": sets}, indent=2, ensure_ascii=False)
        temporary.write_text(text + "\n", encoding="utf-8")
        os.replace(temporary, self.path)

    def names(self) -> list[str]:
        return sorted(self._read(), key=str.casefold)

    def load(self, name: str) -> PenSet:
        sets = self._read()
        if name not in sets:
            raise PenError(
                QCoreApplication.translate("TrendPens", "no pen set named '{name}'").format(
                    name=name
                )
            )
        return PenSet.from_json(name, sets[name])

    def save(self, pen_set: PenSet) -> None:
        name = pen_set.name.strip()
        if not name:
            raise PenError(QCoreApplication.translate("TrendPens", "a pen set needs a name"))
        sets = self._read()
        sets[name] = pen_set.to_json()
        self._write(sets)

    def delete(self, name: str) -> None:
        sets = self._read()
        if sets.pop(name, None) is not None:
            self._write(sets)
