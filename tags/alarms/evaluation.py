"""The evaluating half of the alarm engine: samples and time in, transitions out.

Each evaluation (a batch of samples, or a tick of the clock) walks only the alarms whose tags
changed, applies on/off delays and designed suppression, and ends in ``_finish``: first-out
marks, one journal transaction, one call of every listener with all changed alarms. Operator
actions and queries live in ``tags.alarms.engine.AlarmEngine``, built on this class.

States that outlive a restart: ``restore_states`` takes up what an earlier run saved in the
journal's store (acknowledged, latched, shelved with its expiry, out of service, and whether
the condition stood) and from then on every evaluation saves the states of the alarms it
changed, in the transaction of its journal entries (nothing is written when nothing changed).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from tags.alarms.alarm_index import AlarmIndex
from tags.alarms.checks import AlarmConfigError, definition_problems
from tags.alarms.conditions import number
from tags.alarms.journal import JournalEntry, JournalStore, SavedAlarm
from tags.alarms.kpi import Activation, KpiTracker
from tags.alarms.quality_alarm import LATENT
from tags.alarms.saved_states import newer_seen, states_to_save, take_saved
from tags.alarms.settings import AlarmSettings, apply_defaults
from tags.alarms.state import AlarmRuntime, AlarmState, AlarmView, JournalEvent
from tags.clock import Clock
from tags.model import AlarmKind, Quality, TagDef, TagSample, Value
from tags.subscription import Listeners, Subscription

log = logging.getLogger(__name__)

Listener = Callable[[tuple[AlarmView, ...]], None]
RecordedAlarm = tuple[float, bool]
"""An alarm active at a moment of a recording: (when it became active, acknowledged by then)."""
"""Called once per evaluation or operator action with every alarm that changed."""

_BAD = int(Quality.BAD)
_WAITING = Quality.BAD_WAITING_FOR_INITIAL_DATA


class AlarmEvaluator:
    """Per-alarm state machines driven by tag samples and the injected clock."""

    def __init__(
        self,
        tags: Mapping[str, TagDef],
        clock: Clock,
        *,
        settings: AlarmSettings | None = None,
        journal: JournalStore | None = None,
    ) -> None:
        self.settings = settings or AlarmSettings()
        self.clock = clock
        self.journal = journal
        problems = definition_problems(tags)
        if problems:
            raise AlarmConfigError(problems)
        self.tags = apply_defaults(tags, self.settings)
        index = self._index = AlarmIndex(self.tags, self.settings)
        self._alarms = index.alarms
        self._by_tag, self._by_setpoint = index.by_tag, index.by_setpoint
        self._quality, self._by_condition, self._groups = (
            index.quality,
            index.by_condition,
            index.groups,
        )
        self._samples: dict[str, TagSample] = {}
        self._pending: dict[AlarmRuntime, None] = {}
        self._listed: set[AlarmRuntime] = set()
        self._shelved: set[AlarmRuntime] = set()
        self._changed: dict[AlarmRuntime, None] = {}
        self._entries: list[JournalEntry] = []
        self._fresh: list[AlarmRuntime] = []
        self._first_out: dict[str, AlarmRuntime] = {}
        self._listeners: Listeners[tuple[AlarmView, ...]] = Listeners(log, "alarm")
        self.kpi = KpiTracker(self.settings.kpi)
        self._restoring = False
        self._saved: dict[str, SavedAlarm] | None = None
        """The states as last saved (None: states are not kept, see ``restore_states``)."""
        self._unsaved: dict[AlarmRuntime, None] = {}
        """Alarms whose state could not be saved yet (the store failed): tried again."""

    @property
    def watched(self) -> frozenset[str]:
        """Every tag the alarms read: their own, setpoints and suppression conditions."""
        return self._index.watched

    @property
    def names(self) -> list[str]:
        return self._index.names

    # evaluation ----------------------------------------------------------------------------

    def evaluate(
        self, batch: Mapping[str, TagSample] | None = None, now: float | None = None
    ) -> tuple[AlarmView, ...]:
        """Take a batch of samples (and the time): returns the alarms that changed."""
        now = self.clock.now() if now is None else now
        if batch:
            self._take(batch, now)
        if self._pending:
            self._expire(now)
        return self._finish(now)

    def restore(
        self,
        batch: Mapping[str, TagSample],
        recorded: Mapping[str, RecordedAlarm],
        now: float | None = None,
    ) -> tuple[AlarmView, ...]:
        """The alarms as they stood at a moment of a recording (a replay seek), from that
        moment's values: delays are not waited for, nothing is annunciated anew (no journal
        entries, no KPI activations, no horn), and an active alarm keeps the time it became
        active and its acknowledgement from ``recorded`` (the recorded journal), else its
        value's time, unacknowledged. Shelving and out of service stay as they are."""
        now = self.clock.now() if now is None else now
        for alarm in self._alarms.values():
            alarm.active = alarm.latched = alarm.first_out = False
            alarm.acked = True
            alarm.pending_since = alarm.activated_at = None
            alarm.realarm_count = 0
            alarm.forget_activations()
        self._pending.clear()
        self._first_out.clear()
        self._restoring = True
        try:
            self._take(batch, now)
        finally:
            self._restoring = False
        self._entries.clear()
        self._fresh.clear()
        self.kpi = KpiTracker(self.settings.kpi)  # rates count from the new position on
        for alarm in self._alarms.values():
            if alarm.active:
                seen = recorded.get(alarm.name)
                at, acked = (alarm.sample_time or now, False) if seen is None else seen
                alarm.activated_at = alarm.annunciated_at = at
                alarm.cond_since = alarm.changed_at = at
                alarm.acked = acked
                alarm.record_activation(at)
            self._mark(alarm)
        return self._finish(now)

    def restore_states(self, seen: Mapping[str, SavedAlarm] | None = None) -> tuple[AlarmView, ...]:
        """Take up the alarm states an earlier run saved in the journal's store (or one it
        was ``seen`` in later, which is then saved), and save them from now on (the live
        runtime; never in replay).

        An alarm active then stays active with its acknowledgement (an acknowledged alarm
        whose condition still holds is not annunciated again; the next values clear it if
        it has gone), latched stays until reset, out of service stays, a shelve keeps its
        expiry and one that expired while stopped ends now (journaled, and a condition that
        stood is annunciated). Saved states of alarms no longer in the project are ignored."""
        if self.journal is None:
            raise ValueError("alarm states are kept in the journal's store: there is none")
        saved = self.journal.load_states()
        now = self.clock.now()
        self._saved = {}
        expired: list[AlarmRuntime] = []
        for name, state in newer_seen(saved, seen or {}).items():
            alarm = self._index.find(name)
            if alarm is None:
                continue
            if name in saved:
                self._saved[name] = saved[name]  # a state seen later differs: it is saved
            take_saved(alarm, state)
            if alarm.shelved_until is not None:
                self._shelved.add(alarm)
                if now >= alarm.shelved_until:
                    expired.append(alarm)
            self._mark(alarm)
        for alarm in expired:
            self._end_shelving(
                alarm, JournalEvent.AUTO_UNSHELVE, now, "", "shelve time ended while stopped"
            )
        return self._finish(now)

    def on_batch(self, batch: Mapping[str, TagSample]) -> None:
        """The TagDatabase subscriber."""
        self.evaluate(batch)

    def tick(self, now: float | None = None) -> tuple[AlarmView, ...]:
        """Let time pass: delays expire, shelving ends, standing alarms re-alarm."""
        now = self.clock.now() if now is None else now
        self._expire(now)
        for alarm in [
            a for a in self._shelved if a.shelved_until is not None and now >= a.shelved_until
        ]:
            self._end_shelving(alarm, JournalEvent.AUTO_UNSHELVE, now, "", "shelve time ended")
        for alarm in [a for a in self._listed if a.active and not a.acked and not a.hidden]:
            if alarm.realarm_after > 0 and now - alarm.annunciated_at >= alarm.realarm_after:
                alarm.annunciated_at = now
                alarm.realarm_count += 1
                self._record(alarm, JournalEvent.REALARM, now)
        return self._finish(now)

    def _take(self, batch: Mapping[str, TagSample], now: float) -> None:
        samples = self._samples
        samples.update(batch)
        if self._by_condition:
            affected: dict[AlarmRuntime, None] = {}
            for name in batch:
                for alarm in self._by_condition.get(name, ()):
                    affected[alarm] = None
            for alarm in affected:
                self._update_suppression(alarm, now)
        by_tag, quality, by_setpoint = self._by_tag, self._quality, self._by_setpoint
        for name, sample in batch.items():
            watch = quality.get(name)
            if watch is not None:
                bad = sample.quality >= _BAD and sample.quality is not _WAITING
                if watch is LATENT:
                    if bad:
                        self._drive(self._index.quality_alarm(name), bad, now, sample.source_time)
                elif bad != watch.active or watch.pending_since is not None:
                    self._drive(watch, bad, now, sample.source_time)
            alarms = by_tag.get(name)
            if alarms is not None:
                value = number(sample)
                for alarm in alarms:
                    cond = alarm.check(value, samples, alarm.active)
                    if cond is None:
                        if alarm.pending_since is not None:
                            self._cancel(alarm)
                    elif cond != alarm.active or alarm.pending_since is not None:
                        self._drive(alarm, cond, now, sample.source_time)
            for alarm in by_setpoint.get(name, ()):
                value = number(samples.get(alarm.definition.tag))
                cond = alarm.check(value, samples, alarm.active)
                if cond is None:
                    self._cancel(alarm)
                elif cond != alarm.active or alarm.pending_since is not None:
                    self._drive(alarm, cond, now, sample.source_time)

    def _drive(self, alarm: AlarmRuntime, cond: bool, now: float, sample_time: float) -> None:
        """The condition was evaluated: start, keep or end a delay, or change state."""
        if cond == alarm.active:
            self._cancel(alarm)
            return
        since = alarm.pending_since
        delay = 0.0 if self._restoring else alarm.delay()
        if delay > 0 and (since is None or now - since < delay):
            if since is None:
                alarm.pending_since = now
                alarm.sample_time = sample_time
                self._pending[alarm] = None
            return
        if since is None:
            alarm.sample_time = sample_time
        alarm.cond_since = now if since is None else since
        self._cancel(alarm)
        self._set_active(alarm, cond, now)

    def _cancel(self, alarm: AlarmRuntime) -> None:
        if alarm.pending_since is not None:
            alarm.pending_since = None
            self._pending.pop(alarm, None)

    def _expire(self, now: float) -> None:
        due = [a for a in self._pending if _since(a, now) >= a.delay()]
        for alarm in due:
            alarm.cond_since = now - _since(alarm, now)
            self._cancel(alarm)
            self._set_active(alarm, not alarm.active, now)

    def _set_active(self, alarm: AlarmRuntime, active: bool, now: float) -> None:
        alarm.active = active
        alarm.changed_at = now
        if alarm.hidden:
            self._mark(alarm)  # followed silently; annunciated when it comes back into view
        elif active:
            self._annunciate(alarm, now)
        else:
            self._record(alarm, JournalEvent.CLEARED, now)

    def _annunciate(self, alarm: AlarmRuntime, now: float) -> None:
        alarm.annunciate(now)
        self._fresh.append(alarm)
        d = alarm.definition
        self.kpi.record(Activation(now, alarm.name, d.priority, d.area))
        self._record(alarm, JournalEvent.ACTIVE, now)

    def _reveal(self, alarm: AlarmRuntime, now: float) -> None:
        """Back from shelving, suppression or out of service: a present condition alarms."""
        if alarm.hidden:
            return
        if alarm.active:
            self._annunciate(alarm, now)
        self._mark(alarm)

    def _hide(self, alarm: AlarmRuntime, was_hidden: bool) -> None:
        if not was_hidden:
            alarm.acked = True  # nothing is left for the operator to acknowledge
        self._mark(alarm)

    def _update_suppression(self, alarm: AlarmRuntime, now: float) -> None:
        holds = alarm.rule.holds(self._samples) if alarm.rule else False
        if holds == alarm.suppressed:
            return
        was_hidden = alarm.hidden
        alarm.suppressed = holds
        alarm.changed_at = now
        event = JournalEvent.SUPPRESS if holds else JournalEvent.UNSUPPRESS
        self._record(alarm, event, now, comment=str(alarm.rule))
        if holds:
            self._hide(alarm, was_hidden)
        else:
            self._reveal(alarm, now)

    def _end_shelving(
        self, alarm: AlarmRuntime, event: JournalEvent, now: float, user: str, comment: str
    ) -> None:
        alarm.shelved_until = None
        alarm.reason = alarm.by = ""
        alarm.changed_at = now
        self._shelved.discard(alarm)
        self._record(alarm, event, now, user, comment)
        self._reveal(alarm, now)

    # bookkeeping ---------------------------------------------------------------------------

    def _mark(self, alarm: AlarmRuntime) -> None:
        self._changed[alarm] = None
        if alarm.state is AlarmState.NORMAL:
            self._listed.discard(alarm)
        else:
            self._listed.add(alarm)

    def _record(
        self,
        alarm: AlarmRuntime,
        event: JournalEvent,
        now: float,
        user: str = "",
        comment: str = "",
    ) -> None:
        """Journal what happened (after the state changed) and mark the alarm changed."""
        self._mark(alarm)
        if self.journal is None:
            return
        d = alarm.definition
        self._entries.append(
            JournalEntry(
                now,
                event,
                alarm.name,
                d.tag,
                d.kind,
                d.area,
                d.priority,
                d.group,
                alarm.state,
                self._value_text(alarm),
                d.limit,
                user,
                comment,
                d.message,
            )
        )

    def _value_text(self, alarm: AlarmRuntime) -> str:
        d = alarm.definition
        sample = self._samples.get(d.tag)
        if sample is None:
            return ""
        if d.kind is AlarmKind.BAD_QUALITY or sample.quality >= _BAD:
            return f"{sample.quality.label}{': ' + sample.reason if sample.reason else ''}"
        tag = self.tags[d.tag]
        text = f"{tag.format_value(sample.value)} {tag.unit}".rstrip()
        if d.setpoint_tag:
            setpoint = self._samples.get(d.setpoint_tag)
            if setpoint is not None:
                text += f" (SP {self.tags[d.setpoint_tag].format_value(setpoint.value)})"
        return text

    def _value(self, alarm: AlarmRuntime) -> Value:
        sample = self._samples.get(alarm.definition.tag)
        if sample is None:
            return None
        if alarm.definition.kind is AlarmKind.BAD_QUALITY:
            return sample.quality.label
        return sample.value

    def _view(self, alarm: AlarmRuntime, now: float) -> AlarmView:
        return alarm.view(self._value(alarm), now, self.settings.kpi.chatter_seconds)

    def _finish(self, now: float) -> tuple[AlarmView, ...]:
        """End an evaluation: first-out, one journal transaction, one listener call."""
        if self._fresh:
            self._assign_first_out()
        if self._first_out and self._changed:
            self._release_first_out()
        states = self._states_to_save() if self._saved is not None else []
        if (self._entries or states) and self.journal is not None:
            entries, self._entries = self._entries, []
            try:
                self.journal.write(entries, [state for _, state in states])
            except Exception:
                log.exception(
                    "alarm journal: %d entries and %d alarm states could not be written",
                    len(entries),
                    len(states),
                )
                self._unsaved.update((alarm, None) for alarm, _ in states)
            else:
                self._unsaved.clear()
                if self._saved is not None:
                    self._saved.update((state.alarm, state) for _, state in states)
        if not self._changed:
            return ()
        changed, self._changed = list(self._changed), {}
        views = tuple(self._view(alarm, now) for alarm in changed)
        self._listeners.notify(views)
        return views

    def _states_to_save(self) -> list[tuple[AlarmRuntime, SavedAlarm]]:
        """The changed alarms whose persistent state differs from the one saved."""
        assert self._saved is not None
        changed = {**self._changed, **self._unsaved} if self._unsaved else self._changed
        return states_to_save(changed, self._saved)

    def _assign_first_out(self) -> None:
        """The first alarm of a burst in each group: earliest condition, then priority."""
        fresh, self._fresh = self._fresh, []
        fresh.sort(key=lambda a: (a.cond_since, a.sample_time, a.definition.priority, a.name))
        for alarm in fresh:
            group = alarm.definition.group
            if group and group not in self._first_out and alarm.state.annunciated:
                alarm.first_out = True
                self._first_out[group] = alarm
                self._mark(alarm)

    def _release_first_out(self) -> None:
        """A group whose alarms are all back to normal (or hidden) waits for a new burst."""
        touched = {a.definition.group for a in self._changed} & self._first_out.keys()
        for group in touched:
            if not any(a.state.annunciated for a in self._groups[group]):
                first = self._first_out.pop(group)
                first.first_out = False
                self._mark(first)

    def subscribe(self, listener: Listener) -> Subscription:
        """Call ``listener`` with the changed alarms after each evaluation or operator action,
        until the Subscription is closed. A failing listener is logged, never stops the engine."""
        return self._listeners.subscribe(listener)


def _since(alarm: AlarmRuntime, now: float) -> float:
    """Seconds the pending change has waited (0 when none is pending)."""
    return 0.0 if alarm.pending_since is None else now - alarm.pending_since
