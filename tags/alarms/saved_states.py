"""Between an alarm's running state and the part of it that outlives a restart
(``SavedAlarm``: acknowledged, latched, shelved with its expiry, out of service)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tags.alarms.journal import SavedAlarm
from tags.alarms.state import AlarmRuntime


def saved_state(alarm: AlarmRuntime) -> SavedAlarm:
    """What of ``alarm`` is saved."""
    return SavedAlarm(
        alarm.name,
        alarm.active,
        alarm.acked,
        alarm.latched,
        alarm.activated_at,
        alarm.changed_at,
        alarm.shelved_until,
        alarm.oos,
        alarm.reason,
        alarm.by,
    )


def take_saved(alarm: AlarmRuntime, state: SavedAlarm) -> None:
    """Give ``alarm`` the state an earlier run saved (latched only if it still latches; a
    shelve does not count while out of service)."""
    alarm.active = state.active
    alarm.acked = state.acknowledged
    alarm.latched = state.latched and alarm.definition.latch
    alarm.activated_at = state.activated_at
    alarm.annunciated_at = alarm.cond_since = state.activated_at or state.changed_at
    alarm.changed_at = state.changed_at
    alarm.oos = state.out_of_service
    alarm.shelved_until = None if alarm.oos else state.shelved_until
    alarm.reason, alarm.by = state.reason, state.by


def states_to_save(
    changed: Iterable[AlarmRuntime], saved: Mapping[str, SavedAlarm]
) -> list[tuple[AlarmRuntime, SavedAlarm]]:
    """The alarms among ``changed`` whose state differs from the one ``saved`` (an alarm
    never saved is saved once it is not normal)."""
    found = []
    for alarm in changed:
        state = saved_state(alarm)
        before = saved.get(alarm.name)
        if state != before and (before is not None or not state.normal):
            found.append((alarm, state))
    return found


def newer_seen(
    saved: Mapping[str, SavedAlarm], seen: Mapping[str, SavedAlarm]
) -> dict[str, SavedAlarm]:
    """The states to take up: ``saved`` (from the store) unless another source ``seen`` a
    later change of the alarm (a standby following its primary's published states: the
    primary may have died before it saved its last change)."""
    taken = dict(saved)
    for name, state in seen.items():
        before = saved.get(name)
        if before is None or state.changed_at > before.changed_at:
            taken[name] = state
    return taken
