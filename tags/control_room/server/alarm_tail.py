"""The standby's copy of its primary's alarm states, as the primary published them (retained
on ``hmi/<group>/alarms/<name>``; a deletion: back to normal), so that a standby taking over
after a kill takes up a state the primary published but died before it saved (its journal
writes a moment after it publishes): the later of the two wins (``newer_seen``)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from tags.alarms.journal import SavedAlarm
from tags.alarms.state import AlarmState, AlarmView
from tags.control_room.messages import MessageError, alarm_from_json, loads
from tags.control_room.topics import Topics

log = logging.getLogger(__name__)


class AlarmTail:
    """The last published state of each alarm, as a saved state (no I/O)."""

    def __init__(self, topics: Topics, names: Iterable[str]) -> None:
        self._names = {topics.alarm(name): name for name in names}
        self.states: dict[str, SavedAlarm] = {}

    def take(self, topic: str, payload: bytes, received: float) -> bool:
        """One message of the alarm topics (False: not an alarm of the project)."""
        name = self._names.get(topic)
        if name is None:
            return False
        if not payload:  # the retained state deleted: normal since about now
            self.states[name] = SavedAlarm(name, False, True, False, None, received, None, False)
            return True
        try:
            view = alarm_from_json(loads(payload))
        except MessageError as exc:
            log.debug("alarm tail: %s cannot be read: %s", name, exc)
            return True
        if view.name == name:
            self.states[name] = saved_of(view)
        return True


def saved_of(view: AlarmView) -> SavedAlarm:
    """What of a published alarm is saved."""
    return SavedAlarm(
        view.name, view.active, view.acknowledged, view.latched, view.activated_at,
        view.changed_at, view.shelved_until, view.state is AlarmState.OUT_OF_SERVICE,
        view.reason, view.by,
    )  # fmt: skip
