"""How a sample looks to an operator: the text to show and the display state behind it.

One rule everywhere: a Bad value is never a plain number (COMM, OOS, CFG ... with the reason
in the tooltip); an Uncertain or stale value is shown greyed with its age. A value held over
the field's (quality GoodLocalOverride: forced, or a substituted source) shows as a normal
value with a marker word (``override_word``: FORCED, SIM ...) beside it, never by colour alone.
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


OVERRIDE_WORDS = {"forced": "FORCED", "simulated": "SIM", "simulation": "SIM"}
"""The marker of an overridden value, by the first word of its sample's reason."""
OVERRIDE_FALLBACK = "OVR"


@dataclass(frozen=True)
class Shown:
    text: str
    state: DisplayState
    tooltip: str
    marker: str = ""
    """The override marker ("FORCED", "SIM" ...; "" for a field value)."""


def override_word(sample: TagSample | None) -> str:
    """The marker of a value held over the field's ("" for a field value): the engine's
    reason says what holds it (``forced by ...``, ``simulated ...``)."""
    if sample is None or sample.quality is not Quality.GOOD_LOCAL_OVERRIDE:
        return ""
    first = sample.reason.split(" ", 1)[0].lower().rstrip(":")
    return OVERRIDE_WORDS.get(first, OVERRIDE_FALLBACK)


def badge_letter(word: str) -> str:
    """The one-letter badge of a marker word, for widgets with no room for the word."""
    return word[:1]


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
    word = override_word(sample)
    if word:
        text = tag.format_value(sample.value)
        if unit and tag.unit:
            text = f"{text} {tag.unit}"
        return Shown(text, NORMAL, f"{word} ({label}){reason}", word)
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
