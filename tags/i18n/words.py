"""The values of the engine's enumerations (priorities, alarm states, journal events, instrument
checks) as people read them in the current language."""

from __future__ import annotations

from tags.i18n.catalogue import MESSAGES, text
from tags.i18n.report_texts import word_id


def word(kind: str, value: str) -> str:
    """``value`` of enumeration ``kind`` in the current language (as is when the catalogue has
    no word for it: a value added later still prints)."""
    msg_id = word_id(kind, value)
    return text(msg_id) if msg_id in MESSAGES else value
