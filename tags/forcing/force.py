"""One forced value: what is shown for a tag, by whom, why, since and until when.

The forced sample has OPC UA's ``Good_LocalOverride`` quality (Part 8, Data Access: "the
value has been overridden; typically the input has been disconnected and a manually entered
value has been forced"). That is a force exactly: the engineer vouches for the value, so it is
Good and alarms, interlocks and trends use it as the plant's value, while the status code
(and the reason) says it is not the field's. ``Uncertain_SubstituteValue`` is not used: it
says the value is doubtful (the Modbus codec uses it for text the device does not hold), and
consumers that treat Uncertain as unusable would then ignore a deliberate force.

A force's ``source`` says where its value comes from: empty for a fixed value, else a
simulated source (tags/forcing/sources.py: a ``sim://signal/...`` generator, a plant model
point, or ``model``: the plant model's value for the tag). A simulated tag is a force whose
value moves; its samples have the same quality and say "simulated: <source> by <user>".
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime

from tags.i18n.catalogue import text
from tags.i18n.formats import date_time_text
from tags.model import Quality, TagSample, Value

FORCED_QUALITY = Quality.GOOD_LOCAL_OVERRIDE
"""The quality of every forced sample."""

MAX_REASON = 500


@dataclass(frozen=True)
class Force:
    """A tag forced to ``value`` by ``user`` at ``since`` (epoch seconds) until ``until``
    (None: until released)."""

    tag: str
    value: bool | int | float | str
    user: str
    reason: str
    since: float
    until: float | None = None
    source: str = ""
    """Empty: ``value`` is shown; else the simulated source the values come from (``value``
    is then the first value it gave)."""

    @property
    def simulated(self) -> bool:
        """The value comes from a simulated source, not fixed."""
        return bool(self.source)

    def expired(self, now: float) -> bool:
        return self.until is not None and now >= self.until

    @property
    def text(self) -> str:
        """What the forced sample's reason says, in the current language: forced (or
        simulated: from where), by whom, until when, why."""
        kind = "force.reason_simulated" if self.simulated else "force.reason_forced"
        said = {"source": self.source, "user": self.user, "reason": self.reason}
        if self.until is None:
            return text(f"{kind}_released", **said)
        return text(
            kind, time=date_time_text(datetime.fromtimestamp(self.until), seconds=True), **said
        )

    def sample(self, now: float, value: bool | int | float | str | None = None) -> TagSample:
        """The sample the tag shows while forced (``value``: a simulated source's latest;
        None: the force's own), time-stamped ``now`` when simulated (the value is new)."""
        if value is None:
            return TagSample(self.value, FORCED_QUALITY, self.since, now, self.text)
        return TagSample(value, FORCED_QUALITY, now, now, self.text)

    def value_json(self) -> str:
        """The value as stored (its type kept: bool, int, float or text)."""
        return json.dumps(self.value)


def value_from_json(text: str) -> bool | int | float | str:
    value = json.loads(text)
    if not isinstance(value, bool | int | float | str):
        raise ValueError(f"a stored forced value is not a value: {text!r}")
    return value


def clock_text(when: float) -> str:
    """A time as the console shows it (local time, to the second)."""
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(when))


def clean_reason(reason: str) -> str:
    """The reason as kept: white space collapsed (ValueError for an empty or long one)."""
    reason = " ".join(reason.split())
    if not reason:
        raise ValueError("a force needs a reason (--reason TEXT)")
    if len(reason) > MAX_REASON:
        raise ValueError(f"a force's reason is at most {MAX_REASON} characters")
    return reason


def shown(value: Value) -> str:
    return "" if value is None else str(value)
