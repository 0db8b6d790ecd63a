"""What a replay timeline shows besides values: alarms, operator actions, upsets, bookmarks.

One small vocabulary shared by the sources (the recorded alarm journal, the audit trail, a
training session's log, the bookmarks) and by the console's replay bar and trend markers.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class EventKind(enum.Enum):
    ALARM = "alarm"
    """An alarm became active (``priority`` set)."""
    ACK = "ack"
    """An operator acknowledged an alarm."""
    CLEAR = "clear"
    """An alarm's condition returned to normal."""
    SHELVE = "shelve"
    """An operator shelved, unshelved or took an alarm out of service."""
    WRITE = "write"
    """A setpoint, output or mode write (accepted or refused: see ``text``)."""
    SCREEN = "screen"
    """A screen the operator opened (training sessions)."""
    UPSET = "upset"
    """A scenario (upset) started or stopped (training sessions)."""
    BOOKMARK = "bookmark"
    """A note a trainer or engineer left at a moment of the recording."""


OPERATOR_ACTIONS = frozenset({EventKind.ACK, EventKind.SHELVE, EventKind.WRITE})


@dataclass(frozen=True)
class TimelineEvent:
    """One marker on the timeline, at ``time`` (epoch seconds)."""

    time: float
    kind: EventKind
    text: str
    tag: str = ""
    user: str = ""
    priority: int = 0
    """Alarm priority 1 (highest) to 4, or 0 for events that are not alarms."""


@dataclass(frozen=True)
class Period:
    """A span of the timeline, e.g. an alarm flood (``start`` to ``end``, epoch seconds)."""

    start: float
    end: float
    text: str = ""
