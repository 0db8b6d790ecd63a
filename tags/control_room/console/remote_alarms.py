"""The console's alarms as the server has them: the reading side of the alarm engine (names,
lists, counts, KPIs, listeners) fed by the server's retained alarm messages, never by a local
evaluation.

``RemoteAlarms`` is an ``AlarmEngine`` built from the project's definitions, so every alarm
and its static fields exist before any message, and the lists and counts are the engine's
own code. Only the state source differs: each retained message (``messages.alarm_to_json``)
sets the alarm's state, an empty message sets it back to normal, and an alarm never mentioned
is normal. The views handed out are the server's, value and all.

After a reconnect the broker sends the retained set again; once it has arrived
(``session_complete``) the alarms not in it are set normal: they returned to normal while
this console was away. During an outage the last known alarms stay shown.

Operator actions are the server's: here they raise AlarmRefused pointing at the session
(tags/control_room/console/remote_session.py).
"""

from __future__ import annotations

import bisect
import logging
import math
from collections.abc import Callable, Iterable, Mapping

from tags.alarms.engine import AckResult, AlarmEngine, AlarmRefused
from tags.alarms.evaluation import RecordedAlarm
from tags.alarms.journal import JournalStore, SavedAlarm
from tags.alarms.kpi import Activation, KpiReport, KpiTracker, LiveKpis, compute_kpis
from tags.alarms.settings import AlarmSettings
from tags.alarms.state import AlarmRuntime, AlarmState, AlarmView
from tags.clock import Clock
from tags.control_room.messages import MessageError, alarm_from_json, loads
from tags.control_room.topics import topic_part
from tags.model import TagDef, TagSample
from tags.security.permissions import DEFAULT_PERMISSIONS, Action, Role, User

log = logging.getLogger(__name__)

SERVER_ACTIONS = (
    "the alarms of this console are the server's: operator actions go to the server "
    "through the console's session"
)

# the process condition and acknowledgement each shown state implies
_IMPLIED: dict[AlarmState, tuple[bool, bool, bool]] = {
    # state: (active, acknowledged, latched)
    AlarmState.ACTIVE_UNACK: (True, False, False),
    AlarmState.ACTIVE_ACK: (True, True, False),
    AlarmState.RTN_UNACK: (False, False, False),
    AlarmState.LATCHED: (False, True, True),
    AlarmState.NORMAL: (False, True, False),
}


class ArrivalKpis(KpiTracker):
    """Live KPIs from activations as they arrive: a standing alarm received after a
    reconnect may be older than one already counted, so each is put in its time order."""

    def record(self, activation: Activation) -> None:
        recent = self._recent
        if not recent or recent[-1].time <= activation.time:
            super().record(activation)
        else:
            bisect.insort(recent, activation, key=lambda a: a.time)


class RemoteAlarms(AlarmEngine):
    """Every alarm of the project, in the states the server publishes."""

    def __init__(
        self,
        tags: Mapping[str, TagDef],
        clock: Clock,
        *,
        settings: AlarmSettings | None = None,
        journal: JournalStore | None = None,
        permissions: Mapping[Role, frozenset[Action]] = DEFAULT_PERMISSIONS,
    ) -> None:
        super().__init__(tags, clock, settings=settings, journal=journal, permissions=permissions)
        self.kpi = ArrivalKpis(self.settings.kpi)
        self._received: dict[str, AlarmView] = {}
        self._by_topic = {topic_part(name): name for name in self._alarms}
        self._seen: set[str] | None = None
        self.unknown: set[str] = set()
        """Alarms the server published that this project does not define."""
        self.unreadable = 0
        self.server_kpis: Callable[[Iterable[str] | None], LiveKpis | None] | None = None
        """The server's published KPIs by areas (``ServerKpis.for_areas``), set by the
        console; without them (or before they arrive) the KPIs are counted here."""
        self.kpi_journal: JournalStore | None = None
        """The server's journal, read (a shared store), for the KPIs of past periods; never
        written to (the console journals nothing)."""

    def kpis(self, areas: Iterable[str] | None = None, now: float | None = None) -> LiveKpis:
        """The server's live KPIs (all areas, or one), else those of the activations seen."""
        if areas is not None:
            areas = list(areas)
        found = None if self.server_kpis is None or now is not None else self.server_kpis(areas)
        return found if found is not None else super().kpis(areas, now)

    def kpi_report(
        self, since: float, until: float, areas: Iterable[str] | None = None
    ) -> KpiReport:
        """The figures of a past period, from the server's journal in the shared store."""
        journal = self.journal or self.kpi_journal
        if journal is None:
            raise AlarmRefused(
                "KPIs over a past period read the server's alarm journal in the shared store: "
                "start the console with --store"
            )
        window = self.settings.kpi.window_minutes * 60.0
        activations = journal.activations(since - window, until, areas)
        return compute_kpis(activations, since, until, self.settings.kpi)

    # fed by the link ------------------------------------------------------------------------

    def session_started(self) -> None:
        """A new broker session: the retained alarm states arrive again."""
        self._seen = set()

    def take(self, part: str, payload: bytes) -> None:
        """The retained message of the alarm whose topic level is ``part``."""
        name = self._by_topic.get(part, part)
        if self._seen is not None:
            self._seen.add(name)
        alarm = self._alarms.get(name)
        if alarm is None:
            if name not in self.unknown:
                self.unknown.add(name)
                log.warning("the server publishes alarm %s, not an alarm of this project", name)
            return
        now = self.clock.now()
        if not payload:
            self._to_normal(alarm, now)
        else:
            try:
                view = alarm_from_json(loads(payload))
            except MessageError as exc:
                self.unreadable += 1
                log.warning("alarm %s: the server's state is not readable: %s", name, exc)
                return
            if view.name != name:
                self.unreadable += 1
                log.warning("alarm state of %s published under %s: ignored", view.name, part)
                return
            self._take_view(alarm, view)
        self._mark(alarm)
        self._finish(now)

    def session_complete(self) -> None:
        """The retained set of the new session has arrived: alarms not in it are normal."""
        seen, self._seen = self._seen, None
        if seen is None:
            return
        gone = [self._alarms[n] for n in self._received if n not in seen]
        if not gone:
            return
        now = self.clock.now()
        for alarm in gone:
            self._to_normal(alarm, now)
            self._mark(alarm)
        self._finish(now)

    def _take_view(self, alarm: AlarmRuntime, view: AlarmView) -> None:
        before = self._received.get(alarm.name)
        state = view.state
        alarm.active, alarm.acked, alarm.latched = view.active, view.acknowledged, view.latched
        alarm.first_out = view.first_out
        alarm.activated_at = view.activated_at
        alarm.changed_at = view.changed_at
        alarm.oos = state is AlarmState.OUT_OF_SERVICE
        alarm.suppressed = state is AlarmState.SUPPRESSED
        if state is AlarmState.SHELVED:
            alarm.shelved_until = math.inf if view.shelved_until is None else view.shelved_until
        else:
            alarm.shelved_until = view.shelved_until if state.hidden else None
        alarm.reason, alarm.by = view.reason, view.by
        alarm.realarm_count = view.realarm_count
        if alarm.state is not state and state in _IMPLIED:
            alarm.active, alarm.acked, alarm.latched = _IMPLIED[state]
        self._received[alarm.name] = view
        new_activation = view.activated_at is not None and (
            before is None or before.activated_at != view.activated_at
        )
        if new_activation and state.annunciated and view.activated_at is not None:
            self._count_activation(alarm, view.activated_at)

    def _to_normal(self, alarm: AlarmRuntime, now: float) -> None:
        self._received.pop(alarm.name, None)
        alarm.active = alarm.latched = alarm.first_out = alarm.oos = alarm.suppressed = False
        alarm.acked = True
        alarm.shelved_until = None
        alarm.reason = alarm.by = ""
        alarm.realarm_count = 0
        alarm.changed_at = now

    def _count_activation(self, alarm: AlarmRuntime, at: float) -> None:
        """The live KPIs count the activations this console has seen."""
        d = alarm.definition
        self.kpi.record(Activation(at, alarm.name, d.priority, d.area))

    def _view(self, alarm: AlarmRuntime, now: float) -> AlarmView:
        """The server's view of the alarm (the definition's, normal, when it sent none)."""
        received = self._received.get(alarm.name)
        return received if received is not None else super()._view(alarm, now)

    # never evaluated here --------------------------------------------------------------------

    def evaluate(
        self, batch: Mapping[str, TagSample] | None = None, now: float | None = None
    ) -> tuple[AlarmView, ...]:
        """Nothing: the server evaluates; its states arrive as messages."""
        return ()

    def tick(self, now: float | None = None) -> tuple[AlarmView, ...]:
        """Nothing: delays, shelve expiry and re-alarm run on the server."""
        return ()

    def restore(
        self,
        batch: Mapping[str, TagSample],
        recorded: Mapping[str, RecordedAlarm],
        now: float | None = None,
    ) -> tuple[AlarmView, ...]:
        raise AlarmRefused(SERVER_ACTIONS)

    def restore_states(self, seen: Mapping[str, SavedAlarm] | None = None) -> tuple[AlarmView, ...]:
        raise AlarmRefused("the server keeps the alarm states; a console takes them from it")

    # operator actions go to the server -------------------------------------------------------

    def acknowledge(self, name: str, *, user: User | None, comment: str = "") -> AlarmView:
        raise AlarmRefused(SERVER_ACTIONS)

    def acknowledge_group(self, group: str, *, user: User | None, comment: str = "") -> AckResult:
        raise AlarmRefused(SERVER_ACTIONS)

    def acknowledge_all(
        self,
        *,
        user: User | None,
        comment: str = "",
        names: Iterable[str] | None = None,
        areas: Iterable[str] | None = None,
    ) -> AckResult:
        raise AlarmRefused(SERVER_ACTIONS)

    def shelve(self, name: str, *, user: User | None, reason: str, duration: float) -> AlarmView:
        raise AlarmRefused(SERVER_ACTIONS)

    def unshelve(self, name: str, *, user: User | None, comment: str = "") -> AlarmView:
        raise AlarmRefused(SERVER_ACTIONS)

    def reset(self, name: str, *, user: User | None, comment: str = "") -> AlarmView:
        raise AlarmRefused(SERVER_ACTIONS)

    def set_out_of_service(self, name: str, *, user: User | None, reason: str) -> AlarmView:
        raise AlarmRefused(SERVER_ACTIONS)

    def return_to_service(self, name: str, *, user: User | None, comment: str = "") -> AlarmView:
        raise AlarmRefused(SERVER_ACTIONS)
