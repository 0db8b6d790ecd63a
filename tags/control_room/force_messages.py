"""The JSON of the forced values a server publishes (the retained state ``forces``) and of a
force in a request's answer.

``{"forces": [{"tag", "value", "user", "reason", "since", "until", "source", "held"}, ...]}``:
each force in effect (``tags.forcing.force.Force``, its value of the tag's type; ``source`` ""
for a fixed value, else the simulated source, absent from older servers) with ``held``,
the field's last value held aside while forced (null: none yet). Readers raise
``MessageError`` saying which field is wrong.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tags.control_room.messages import MessageError, dumps, loads, need, optional
from tags.forcing.force import Force
from tags.model import Value

FORCES = "forces"
"""The state topic of the forced values (``topics.state(FORCES)``)."""

_VALUE = (bool, int, float, str)


@dataclass(frozen=True)
class ForcedValue:
    """A force in effect and the field's value held aside."""

    force: Force
    held: Value = None


def force_to_json(force: Force) -> dict[str, Any]:
    return {
        "tag": force.tag, "value": force.value, "user": force.user, "reason": force.reason,
        "since": force.since, "until": force.until, "source": force.source,
    }  # fmt: skip


def force_from_json(item: Mapping[str, Any]) -> Force:
    until = optional(item, "until", (int, float), None)
    return Force(
        tag=need(item, "tag", str), value=need(item, "value", _VALUE),
        user=need(item, "user", str), reason=need(item, "reason", str),
        since=float(need(item, "since", (int, float))),
        until=None if until is None else float(until),
        source=optional(item, "source", str, ""),
    )  # fmt: skip


def forces_to_json(forces: Sequence[Force], held: Callable[[str], Value]) -> bytes:
    """The state payload: every force with the field's value ``held(tag)``."""
    return dumps({FORCES: [{**force_to_json(f), "held": _finite(held(f.tag))} for f in forces]})


def _finite(value: Value) -> Value:
    """A value JSON can carry (a field's NaN is no value to show)."""
    return None if isinstance(value, float) and not math.isfinite(value) else value


def forces_from_json(data: bytes | bytearray | str) -> list[ForcedValue]:
    items = loads(data).get(FORCES)
    if not isinstance(items, list):
        raise MessageError(f"{FORCES}: field '{FORCES}' must be a list")
    found = []
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            raise MessageError(f"{FORCES}[{n}]: must be an object")
        try:
            held = optional(item, "held", _VALUE, None)
            found.append(ForcedValue(force_from_json(item), held))
        except MessageError as exc:
            raise MessageError(f"{FORCES}[{n}]: {exc}") from None
    return found
