"""How a sample looks to an operator: the text to show and the display state behind it.

One rule everywhere: a Bad value is never a plain number (COMM, OOS, CFG ... with the reason
in the tooltip); an Uncertain or stale value is shown greyed with its age.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from tags.model import Quality, Severity, TagDef, TagSample


class DisplayState(enum.Enum):
    NORMAL = "normal"
    UNCERTAIN = "uncertain"
    STALE = "stale"
    BAD = "bad"

    @property
    def color_name(self) -> str:
        """The palette colour of this state's text."""
        return {"normal": "value", "uncertain": "uncertain", "stale": "stale", "bad": "bad"}[
            self.value
        ]


NORMAL = DisplayState.NORMAL


@dataclass(frozen=True)
class Shown:
    text: str
    state: DisplayState
    tooltip: str


def age_text(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def show(tag: TagDef, sample: TagSample, now: float, *, unit: bool = False) -> Shown:
    """The readout of a sample; ``unit`` appends the engineering unit to a plain value."""
    if sample.quality is Quality.GOOD:  # the common case, kept cheap
        text = tag.format_value(sample.value)
        return Shown(f"{text} {tag.unit}" if unit and tag.unit else text, NORMAL, tag.description)
    severity = sample.quality.severity
    label = sample.quality.label
    reason = f": {sample.reason}" if sample.reason else ""
    if severity is Severity.BAD:
        return Shown(sample.quality.short, DisplayState.BAD, f"{label}{reason}")
    text = tag.format_value(sample.value)
    if unit and tag.unit:
        text = f"{text} {tag.unit}"
    if severity is Severity.UNCERTAIN:
        age = age_text(max(0.0, now - sample.source_time))
        if sample.quality.is_stale:
            return Shown(f"{text} ({age})", DisplayState.STALE, f"{label}{reason}")
        return Shown(f"{text} ?", DisplayState.UNCERTAIN, f"{label}{reason} (value {age} old)")
    return Shown(text, DisplayState.NORMAL, tag.description)
