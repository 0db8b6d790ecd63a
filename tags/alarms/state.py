"""The ISA-18.2 state of one alarm, and the immutable view of it the console shows.

An alarm holds its process condition (``active``, after on/off delays) apart from what the
operator has done with it (acknowledged, latched, shelved, out of service) and from designed
suppression. The state shown is derived from those:

==================  ==========================================================
OUT_OF_SERVICE      taken out by a permitted user (maintenance), with a reason
SUPPRESSED          a condition on other tags hides it (e.g. equipment stopped)
SHELVED             hidden by an operator for a limited time, with a reason
ACTIVE_UNACK        condition present, not yet acknowledged
ACTIVE_ACK          condition present, acknowledged
LATCHED             condition gone, but a latching alarm waits for a reset
RTN_UNACK           condition gone before it was acknowledged
NORMAL              nothing to show
==================  ==========================================================

Hidden alarms (the first three) keep following their condition silently; when they come back
with the condition present they annunciate as a new alarm.
"""

from __future__ import annotations

import enum
from collections import deque
from dataclasses import dataclass

from tags.alarms.conditions import Check
from tags.alarms.suppression import SuppressionRule
from tags.model import AlarmDef, AlarmKind, Priority, Value


class AlarmState(enum.Enum):
    NORMAL = "normal"
    ACTIVE_UNACK = "active_unack"
    ACTIVE_ACK = "active_ack"
    RTN_UNACK = "rtn_unack"
    LATCHED = "latched"
    SHELVED = "shelved"
    SUPPRESSED = "suppressed"
    OUT_OF_SERVICE = "out_of_service"

    @property
    def annunciated(self) -> bool:
        """Shown in the alarm list and banner (hidden and normal alarms are not)."""
        return self in _ANNUNCIATED

    @property
    def hidden(self) -> bool:
        return self in _HIDDEN

    @property
    def label(self) -> str:
        return _LABELS[self]


_ANNUNCIATED = frozenset(
    {AlarmState.ACTIVE_UNACK, AlarmState.ACTIVE_ACK, AlarmState.RTN_UNACK, AlarmState.LATCHED}
)
_HIDDEN = frozenset({AlarmState.SHELVED, AlarmState.SUPPRESSED, AlarmState.OUT_OF_SERVICE})
_LABELS = {
    AlarmState.NORMAL: "Normal",
    AlarmState.ACTIVE_UNACK: "Active, unacknowledged",
    AlarmState.ACTIVE_ACK: "Active, acknowledged",
    AlarmState.RTN_UNACK: "Returned, unacknowledged",
    AlarmState.LATCHED: "Latched (reset required)",
    AlarmState.SHELVED: "Shelved",
    AlarmState.SUPPRESSED: "Suppressed by design",
    AlarmState.OUT_OF_SERVICE: "Out of service",
}


class JournalEvent(enum.Enum):
    """What a journal entry records: a transition or an operator action."""

    ACTIVE = "active"
    CLEARED = "cleared"
    REALARM = "realarm"
    ACK = "ack"
    RESET = "reset"
    SHELVE = "shelve"
    UNSHELVE = "unshelve"
    AUTO_UNSHELVE = "auto_unshelve"
    SUPPRESS = "suppress"
    UNSUPPRESS = "unsuppress"
    OUT_OF_SERVICE = "out_of_service"
    RETURN_TO_SERVICE = "return_to_service"


@dataclass(frozen=True, slots=True)
class AlarmView:
    """One alarm as the console shows it (a snapshot; the engine keeps the live state)."""

    name: str
    tag: str
    kind: AlarmKind
    priority: Priority
    area: str
    group: str
    state: AlarmState
    active: bool
    acknowledged: bool
    latched: bool
    first_out: bool
    limit: float | None
    value: Value
    message: str
    consequence: str
    action: str
    activated_at: float | None
    changed_at: float
    shelved_until: float | None
    reason: str
    """Why it is shelved or out of service (empty otherwise)."""
    by: str
    """Who shelved it or took it out of service."""
    suppressed_by: str
    """The designed-suppression condition, when one holds."""
    realarm_count: int
    chattering: bool
    message_zh: str = ""
    """The texts in Chinese, where the project gives them (``tags.i18n.descriptions``)."""
    consequence_zh: str = ""
    action_zh: str = ""


class AlarmRuntime:
    """The mutable state of one alarm inside the engine."""

    __slots__ = (
        "acked",
        "activated_at",
        "activations",
        "active",
        "annunciated_at",
        "by",
        "changed_at",
        "chatter_count",
        "check",
        "cond_since",
        "definition",
        "first_out",
        "latched",
        "name",
        "oos",
        "pending_since",
        "realarm_after",
        "realarm_count",
        "reason",
        "rule",
        "sample_time",
        "shelved_until",
        "suppressed",
    )

    def __init__(
        self,
        definition: AlarmDef,
        check: Check,
        rule: SuppressionRule | None,
        realarm_after: float,
        chatter_count: int,
    ) -> None:
        self.definition = definition
        self.name = definition.name
        self.check = check
        self.rule = rule
        self.realarm_after = realarm_after
        self.active = False
        self.pending_since: float | None = None
        self.cond_since = 0.0
        self.sample_time = 0.0
        self.acked = True
        self.latched = False
        self.first_out = False
        self.activated_at: float | None = None
        self.annunciated_at = 0.0
        self.changed_at = 0.0
        self.shelved_until: float | None = None
        self.suppressed = False
        self.oos = False
        self.reason = ""
        self.by = ""
        self.realarm_count = 0
        self.chatter_count = max(chatter_count, 1)
        self.activations: deque[float] | None = None
        """The latest activation times (None until the first: most alarms never activate)."""

    @property
    def hidden(self) -> bool:
        return self.oos or self.suppressed or self.shelved_until is not None

    @property
    def state(self) -> AlarmState:
        if self.oos:
            return AlarmState.OUT_OF_SERVICE
        if self.suppressed:
            return AlarmState.SUPPRESSED
        if self.shelved_until is not None:
            return AlarmState.SHELVED
        if self.active:
            return AlarmState.ACTIVE_ACK if self.acked else AlarmState.ACTIVE_UNACK
        if self.latched:
            return AlarmState.LATCHED
        return AlarmState.NORMAL if self.acked else AlarmState.RTN_UNACK

    def delay(self) -> float:
        """The delay the pending change waits for (on-delay to activate, off-delay to clear)."""
        return self.definition.off_delay if self.active else self.definition.on_delay

    def annunciate(self, now: float) -> None:
        """The condition appeared (or came back into view): a new alarm for the operator."""
        self.acked = False
        self.latched = self.latched or self.definition.latch
        self.activated_at = now
        self.annunciated_at = now
        self.realarm_count = 0
        self.record_activation(now)

    def record_activation(self, at: float) -> None:
        """Count an activation for the chatter check."""
        if self.activations is None:
            self.activations = deque(maxlen=self.chatter_count)
        self.activations.append(at)

    def forget_activations(self) -> None:
        self.activations = None

    def chattering(self, now: float, seconds: float) -> bool:
        """``chatter_count`` activations within ``seconds`` up to now."""
        times = self.activations
        return times is not None and len(times) == times.maxlen and now - times[0] <= seconds

    def view(self, value: Value, now: float, chatter_seconds: float) -> AlarmView:
        d = self.definition
        return AlarmView(
            name=self.name,
            tag=d.tag,
            kind=d.kind,
            priority=d.priority,
            area=d.area,
            group=d.group,
            state=self.state,
            active=self.active,
            acknowledged=self.acked,
            latched=self.latched,
            first_out=self.first_out,
            limit=d.limit,
            value=value,
            message=d.message,
            consequence=d.consequence,
            action=d.action,
            message_zh=d.message_zh,
            consequence_zh=d.consequence_zh,
            action_zh=d.action_zh,
            activated_at=self.activated_at,
            changed_at=self.changed_at,
            shelved_until=self.shelved_until,
            reason=self.reason,
            by=self.by,
            suppressed_by=str(self.rule) if self.suppressed and self.rule else "",
            realarm_count=self.realarm_count,
            chattering=self.chattering(now, chatter_seconds),
        )
