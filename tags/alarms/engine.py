"""The ISA-18.2 / IEC 62682 alarm engine: what the console asks and what operators do.

``AlarmEngine`` subscribes to TagDatabase batches (``attach``), evaluates every alarm of the
project (see ``tags.alarms.evaluation``), journals each transition and action
(``tags.alarms.journal``) and keeps the EEMUA 191 figures live (``tags.alarms.kpi``). Time is
injected: the runtime calls ``tick()`` periodically (every 0.5 s is plenty) and tests step a
ManualClock instead of sleeping.

Operator actions check the user's permission for the alarm's area (``PermissionDenied`` says
who may not do what, where) and raise ``AlarmRefused`` with the reason for anything else the
engine will not do (a shelve longer than the maximum, a reset while the condition is still
present, a missing reason). Every successful action is journaled with user and comment and
ends with one listener call, like an evaluation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tags.alarms.checks import AlarmConfigError
from tags.alarms.evaluation import AlarmEvaluator, Listener
from tags.alarms.journal import JournalEntry, JournalStore
from tags.alarms.kpi import DAY, KpiReport, LiveKpis, compute_kpis
from tags.alarms.settings import SECTION, AlarmSettings
from tags.alarms.state import AlarmRuntime, AlarmState, AlarmView, JournalEvent
from tags.clock import Clock
from tags.model import Priority, TagDef
from tags.security.permissions import (
    DEFAULT_PERMISSIONS,
    Action,
    PermissionDenied,
    Role,
    User,
    allowed,
    require,
)

if TYPE_CHECKING:
    from tags.config.project import Project
    from tags.database import TagDatabase
    from tags.subscription import Subscription

__all__ = [
    "AckResult",
    "AlarmConfigError",
    "AlarmEngine",
    "AlarmRefused",
    "AlarmState",
    "AlarmView",
    "AreaCounts",
    "JournalEntry",
    "JournalEvent",
    "Listener",
]


class AlarmRefused(Exception):
    """An operator action the engine will not carry out; the message says why."""


@dataclass(frozen=True, slots=True)
class AckResult:
    """What a group or all-visible acknowledgement did."""

    acknowledged: tuple[str, ...]
    refused: Mapping[str, str] = field(default_factory=dict)
    """Alarm -> why not (the user may not acknowledge in its area)."""


@dataclass(frozen=True, slots=True)
class AreaCounts:
    """One area's alarm counts for the overview and the banner."""

    area: str
    unacknowledged: Mapping[Priority, int]
    standing: Mapping[Priority, int]
    """Annunciated and not normal: active (acknowledged or not), returned unacked, latched."""
    shelved: int
    suppressed: int
    out_of_service: int

    @property
    def total_unacknowledged(self) -> int:
        return sum(self.unacknowledged.values())


def _duration(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds / 3600:g} h"
    if seconds >= 60:
        return f"{seconds / 60:g} min"
    return f"{seconds:g} s"


def _sort_key(view: AlarmView) -> tuple[int, float, str]:
    return (int(view.priority), -(view.activated_at or view.changed_at), view.name)


class AlarmEngine(AlarmEvaluator):
    """Every alarm of a project: evaluation, operator actions, lists, counts and KPIs."""

    def __init__(
        self,
        tags: Mapping[str, TagDef],
        clock: Clock,
        *,
        settings: AlarmSettings | None = None,
        journal: JournalStore | None = None,
        permissions: Mapping[Role, frozenset[Action]] = DEFAULT_PERMISSIONS,
    ) -> None:
        super().__init__(tags, clock, settings=settings, journal=journal)
        self.permissions = permissions
        self._subscription: Subscription | None = None

    @classmethod
    def from_project(
        cls,
        project: Project,
        clock: Clock,
        *,
        journal: JournalStore | None = None,
        keep_states: bool = False,
    ) -> AlarmEngine:
        """The engine of a project; ``keep_states``: take up the alarm states saved in the
        journal's store by the last run and keep saving them (``restore_states``)."""
        engine = cls(project.tags, clock, settings=project.alarm_settings, journal=journal)
        if keep_states:
            engine.restore_states()
        return engine

    # wiring --------------------------------------------------------------------------------

    def attach(self, database: TagDatabase) -> Subscription:
        """Subscribe to the tags the alarms read, starting from their current samples."""
        self.detach()
        self._subscription = database.subscribe(self.on_batch, tags=self.watched, initial=True)
        return self._subscription

    def detach(self) -> None:
        if self._subscription is not None:
            self._subscription.close()
            self._subscription = None

    # what the console shows ----------------------------------------------------------------

    def alarm(self, name: str) -> AlarmView:
        alarm = self._index.peek(name)
        if alarm is None:
            raise KeyError(f"unknown alarm '{name}'")
        return self._view(alarm, self.clock.now())

    def not_normal(self) -> list[AlarmView]:
        """Every alarm not Normal now (annunciated, shelved, suppressed or out of service)."""
        now = self.clock.now()
        return [self._view(alarm, now) for alarm in self._listed]

    def active(self, areas: Iterable[str] | None = None) -> list[AlarmView]:
        """Annunciated alarms that are not normal: by priority, then newest first."""
        return self._listing(lambda s: s.annunciated, areas)

    def shelved(self, areas: Iterable[str] | None = None) -> list[AlarmView]:
        return self._listing(lambda s: s is AlarmState.SHELVED, areas)

    def suppressed(self, areas: Iterable[str] | None = None) -> list[AlarmView]:
        return self._listing(lambda s: s is AlarmState.SUPPRESSED, areas)

    def out_of_service(self, areas: Iterable[str] | None = None) -> list[AlarmView]:
        return self._listing(lambda s: s is AlarmState.OUT_OF_SERVICE, areas)

    def _listing(
        self, wanted: Callable[[AlarmState], bool], areas: Iterable[str] | None
    ) -> list[AlarmView]:
        chosen = None if areas is None else set(areas)
        now = self.clock.now()
        views = [
            self._view(a, now)
            for a in self._listed
            if (chosen is None or a.definition.area in chosen) and wanted(a.state)
        ]
        return sorted(views, key=_sort_key)

    def counts(self) -> dict[str, AreaCounts]:
        """Per area (every area with alarms): unacknowledged and standing per priority, and
        how many are shelved, suppressed or out of service."""
        unacked: dict[str, dict[Priority, int]] = {}
        standing: dict[str, dict[Priority, int]] = {}
        hidden: dict[str, dict[AlarmState, int]] = {}
        for area in self._index.areas:
            unacked.setdefault(area, dict.fromkeys(Priority, 0))
            standing.setdefault(area, dict.fromkeys(Priority, 0))
            hidden.setdefault(area, {})
        for alarm in self._listed:
            area, priority, state = alarm.definition.area, alarm.definition.priority, alarm.state
            if state.annunciated:
                standing[area][priority] += 1
                if not alarm.acked:
                    unacked[area][priority] += 1
            elif state.hidden:
                hidden[area][state] = hidden[area].get(state, 0) + 1
        return {
            area: AreaCounts(
                area,
                unacked[area],
                standing[area],
                hidden[area].get(AlarmState.SHELVED, 0),
                hidden[area].get(AlarmState.SUPPRESSED, 0),
                hidden[area].get(AlarmState.OUT_OF_SERVICE, 0),
            )
            for area in sorted(unacked)
        }

    def kpis(self, areas: Iterable[str] | None = None, now: float | None = None) -> LiveKpis:
        """EEMUA 191 figures over the sliding window and the last 24 hours."""
        now = self.clock.now() if now is None else now
        chosen = None if areas is None else set(areas)
        standing = [
            (a.name, a.activated_at)
            for a in self._listed
            if a.active and a.state.annunciated and a.activated_at is not None
            if chosen is None or a.definition.area in chosen
        ]
        window = self.settings.kpi.window_minutes * 60.0
        report = self.kpi.report
        return LiveKpis(
            window=report(now, window, areas=chosen, standing=standing),
            day=report(now, DAY, areas=chosen, standing=standing),
        )

    def kpi_report(
        self, since: float, until: float, areas: Iterable[str] | None = None
    ) -> KpiReport:
        """The figures of any period, from the journal (needs one)."""
        if self.journal is None:
            raise AlarmRefused("KPIs over a past period need the alarm journal")
        activations = self.journal.activations(
            since - self.settings.kpi.window_minutes * 60.0, until, areas
        )
        return compute_kpis(activations, since, until, self.settings.kpi)

    # operator actions ----------------------------------------------------------------------

    def _get(self, name: str) -> AlarmRuntime:
        alarm = self._index.find(name)
        if alarm is None:
            raise KeyError(f"unknown alarm '{name}'")
        return alarm

    def _require(self, user: User | None, action: Action, alarm: AlarmRuntime) -> str:
        require(user, action, alarm.definition.area, permissions=self.permissions)
        assert user is not None
        return user.name

    def _done(self, alarm: AlarmRuntime, now: float) -> AlarmView:
        self._finish(now)
        return self._view(alarm, now)

    def acknowledge(self, name: str, *, user: User | None, comment: str = "") -> AlarmView:
        """Acknowledge one alarm (Action.ACKNOWLEDGE in its area)."""
        alarm = self._get(name)
        who = self._require(user, Action.ACKNOWLEDGE, alarm)
        if alarm.acked or not alarm.state.annunciated:
            raise AlarmRefused(f"{name}: nothing to acknowledge ({alarm.state.label.lower()})")
        now = self.clock.now()
        self._ack(alarm, who, comment, now)
        return self._done(alarm, now)

    def _ack(self, alarm: AlarmRuntime, who: str, comment: str, now: float) -> None:
        alarm.acked = True
        alarm.changed_at = now
        self._record(alarm, JournalEvent.ACK, now, who, comment)

    def acknowledge_group(self, group: str, *, user: User | None, comment: str = "") -> AckResult:
        """Acknowledge every unacknowledged alarm of a group the user may acknowledge."""
        if group not in self._groups:
            raise KeyError(f"unknown alarm group '{group}'")
        return self._ack_many(self._groups[group], user, comment)

    def acknowledge_all(
        self,
        *,
        user: User | None,
        comment: str = "",
        names: Iterable[str] | None = None,
        areas: Iterable[str] | None = None,
    ) -> AckResult:
        """Acknowledge all visible alarms: those named (the list on screen), else those of
        the areas given, else all; alarms in areas the user may not acknowledge are left."""
        if names is not None:
            candidates = [self._get(n) for n in names]
        else:
            chosen = None if areas is None else set(areas)
            candidates = [a for a in self._listed if chosen is None or a.definition.area in chosen]
        return self._ack_many(candidates, user, comment)

    def _ack_many(
        self, candidates: Iterable[AlarmRuntime], user: User | None, comment: str
    ) -> AckResult:
        waiting = [a for a in candidates if not a.acked and a.state.annunciated]
        permitted = [
            a
            for a in waiting
            if allowed(user, Action.ACKNOWLEDGE, a.definition.area, permissions=self.permissions)
        ]
        refused = {
            a.name: str(PermissionDenied(user, Action.ACKNOWLEDGE, a.definition.area))
            for a in waiting
            if a not in permitted
        }
        if waiting and not permitted:
            raise PermissionDenied(user, Action.ACKNOWLEDGE, waiting[0].definition.area)
        now = self.clock.now()
        for alarm in permitted:
            self._ack(alarm, user.name if user else "", comment, now)
        self._finish(now)
        return AckResult(tuple(sorted(a.name for a in permitted)), refused)

    def shelve(self, name: str, *, user: User | None, reason: str, duration: float) -> AlarmView:
        """Hide an alarm for ``duration`` seconds (Action.SHELVE); a reason is required and
        the duration may not exceed the project's maximum."""
        alarm = self._get(name)
        who = self._require(user, Action.SHELVE, alarm)
        if not reason.strip():
            raise AlarmRefused(f"{name}: give a reason to shelve the alarm")
        if not duration > 0:
            raise AlarmRefused(f"{name}: the shelve time must be above 0, not {duration:g} s")
        longest = self.settings.max_shelve_hours * 3600.0
        if duration > longest:
            raise AlarmRefused(
                f"{name}: cannot shelve for {_duration(duration)}: the maximum shelve time is "
                f"{_duration(longest)} ({SECTION}.max_shelve_hours)"
            )
        if alarm.oos:
            raise AlarmRefused(f"{name}: out of service, return it to service first")
        now = self.clock.now()
        was_hidden = alarm.hidden
        alarm.shelved_until = now + duration
        alarm.reason, alarm.by = reason, who
        alarm.changed_at = now
        self._shelved.add(alarm)
        self._record(alarm, JournalEvent.SHELVE, now, who, f"{reason} (for {_duration(duration)})")
        self._hide(alarm, was_hidden)
        return self._done(alarm, now)

    def unshelve(self, name: str, *, user: User | None, comment: str = "") -> AlarmView:
        """End shelving early (Action.SHELVE); a present condition annunciates again."""
        alarm = self._get(name)
        who = self._require(user, Action.SHELVE, alarm)
        if alarm.shelved_until is None:
            raise AlarmRefused(f"{name}: not shelved")
        now = self.clock.now()
        self._end_shelving(alarm, JournalEvent.UNSHELVE, now, who, comment)
        return self._done(alarm, now)

    def reset(self, name: str, *, user: User | None, comment: str = "") -> AlarmView:
        """Reset a latched alarm whose condition has gone (Action.RESET_LATCH)."""
        alarm = self._get(name)
        who = self._require(user, Action.RESET_LATCH, alarm)
        if not alarm.latched:
            raise AlarmRefused(f"{name}: not latched, nothing to reset")
        if alarm.active:
            value = self._value_text(alarm)
            raise AlarmRefused(
                f"{name}: cannot reset while the condition is present "
                f"(value {value}, limit {alarm.definition.limit})"
            )
        now = self.clock.now()
        alarm.latched = False
        alarm.acked = True
        alarm.changed_at = now
        self._record(alarm, JournalEvent.RESET, now, who, comment)
        return self._done(alarm, now)

    def set_out_of_service(self, name: str, *, user: User | None, reason: str) -> AlarmView:
        """Take an alarm out of service for maintenance (Action.OUT_OF_SERVICE, reason)."""
        alarm = self._get(name)
        who = self._require(user, Action.OUT_OF_SERVICE, alarm)
        if not reason.strip():
            raise AlarmRefused(f"{name}: give a reason to take the alarm out of service")
        if alarm.oos:
            raise AlarmRefused(f"{name}: already out of service ({alarm.reason})")
        now = self.clock.now()
        was_hidden = alarm.hidden
        alarm.shelved_until = None
        self._shelved.discard(alarm)
        alarm.oos = True
        alarm.reason, alarm.by = reason, who
        alarm.changed_at = now
        self._record(alarm, JournalEvent.OUT_OF_SERVICE, now, who, reason)
        self._hide(alarm, was_hidden)
        return self._done(alarm, now)

    def return_to_service(self, name: str, *, user: User | None, comment: str = "") -> AlarmView:
        """Put an alarm back in service (Action.OUT_OF_SERVICE); a present condition alarms."""
        alarm = self._get(name)
        who = self._require(user, Action.OUT_OF_SERVICE, alarm)
        if not alarm.oos:
            raise AlarmRefused(f"{name}: not out of service")
        now = self.clock.now()
        alarm.oos = False
        alarm.reason = alarm.by = ""
        alarm.changed_at = now
        self._record(alarm, JournalEvent.RETURN_TO_SERVICE, now, who, comment)
        self._reveal(alarm, now)
        return self._done(alarm, now)
