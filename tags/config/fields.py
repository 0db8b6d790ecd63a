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
from tags.i18n.catalogue import text

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
            log.add(where, text("config.unknown_key", known=", ".join(known)))
            continue
        expected = hints[key]
        given = type(value).__name__
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if expected == tuple[str, ...] and isinstance(value, list):
            value = tuple(value)
        if not _is_instance(value, expected):
            log.add(where, text("config.must_be_type", type=_type_name(expected), given=given))
            continue
        if (problem := not_finite(value)) is not None:
            log.add(where, problem)
            continue
        if key in bounds and not bounds[key][0] <= value <= bounds[key][1]:
            low, high = bounds[key]
            log.add(where, text("config.outside", value=value, low=f"{low:g}", high=f"{high:g}"))
            continue
        if key in choices and value not in choices[key]:
            log.add(where, text("config.not_one_of", value=value, choices=", ".join(choices[key])))
            continue
        values[key] = value
    for key in sorted(required - set(values)):
        log.add(f"{path}.{key}", text("config.missing"))
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
        return text("config.not_finite", value=value)
    return None


def _is_instance(value: Any, expected: Any) -> bool:
    if expected == tuple[str, ...]:
        return isinstance(value, tuple) and all(isinstance(v, str) for v in value)
    if expected is int or expected is float:
        return isinstance(value, expected) and not isinstance(value, bool)
    return isinstance(value, expected)


def _type_name(expected: Any) -> str:
    names = {int: "int", float: "float", str: "str", bool: "bool"}
    return text(f"config.type.{names.get(expected, 'list')}")


def _placeholder(expected: Any) -> Any:
    return {int: 0, float: 0.0, str: "", bool: False}.get(expected, ())
