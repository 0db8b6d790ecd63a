"""One project section (a TOML table) into its settings dataclass: unknown keys refused,
types checked (an int is a float too; a list of text a tuple; nan and inf refused),
``bounds`` and ``choices`` class attributes enforced, required fields reported missing;
every problem to the log."""

from __future__ import annotations

import dataclasses
import math
import typing
from typing import Any, TypeVar

from tags.config.problems import ProblemLog

T = TypeVar("T")


def parse_fields(
    cls: type[T], table: dict[str, Any], path: str, log: ProblemLog, **fixed: Any
) -> T:
    """Build a dataclass from a table, checking key names, types, bounds and choices."""
    hints = typing.get_type_hints(cls)
    known = [f.name for f in dataclasses.fields(cls) if f.name not in fixed]  # type: ignore[arg-type]
    bounds: dict[str, tuple[float, float]] = getattr(cls, "bounds", {})
    choices: dict[str, tuple[str, ...]] = getattr(cls, "choices", {})
    values: dict[str, Any] = dict(fixed)
    required = {
        f.name
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    for key, value in table.items():
        where = f"{path}.{key}"
        if key not in known:
            log.add(where, f"unknown key (known: {', '.join(known)})")
            continue
        expected = hints[key]
        given = type(value).__name__
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if expected == tuple[str, ...] and isinstance(value, list):
            value = tuple(value)
        if not _is_instance(value, expected):
            log.add(where, f"must be {_type_name(expected)}, not {given}")
            continue
        if (problem := not_finite(value)) is not None:
            log.add(where, problem)
            continue
        if key in bounds and not bounds[key][0] <= value <= bounds[key][1]:
            log.add(where, f"{value} outside {bounds[key][0]:g}..{bounds[key][1]:g}")
            continue
        if key in choices and value not in choices[key]:
            log.add(where, f"'{value}' is not one of {', '.join(choices[key])}")
            continue
        values[key] = value
    for key in sorted(required - set(values)):
        log.add(f"{path}.{key}", "missing")
        values[key] = _placeholder(hints[key])
    try:
        return cls(**values)
    except ValueError as exc:  # the dataclass's own checks (e.g. SecurityPolicy)
        field_name = str(exc).split(" ", 1)[0]
        log.add(f"{path}.{field_name}" if field_name in known else path, str(exc))
        return cls(**{k: v for k, v in values.items() if k in fixed or k in required})


def not_finite(value: Any) -> str | None:
    """Why a nan or infinite number is refused (TOML and CSV can spell both), else None."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value} is not a finite number (nan and inf are refused)"
    return None


def _is_instance(value: Any, expected: Any) -> bool:
    if expected == tuple[str, ...]:
        return isinstance(value, tuple) and all(isinstance(v, str) for v in value)
    if expected is int or expected is float:
        return isinstance(value, expected) and not isinstance(value, bool)
    return isinstance(value, expected)


def _type_name(expected: Any) -> str:
    names = {int: "a whole number", float: "a number", str: "text", bool: "true or false"}
    return names.get(expected, "a list of text")


def _placeholder(expected: Any) -> Any:
    return {int: 0, float: 0.0, str: "", bool: False}.get(expected, ())
