"""What a server that becomes primary records in the audit trail: the takeover itself
(``server_takeover``, written as soon as the lock is taken and before anything is done as
primary), whose records are the pair's failover history and say whether another server ever
held the lead; and the outcome of every write its predecessor sent and never saw answered
(``unconfirmed``, never silent)."""

from __future__ import annotations

import logging

from tags.control_room.pair_messages import Takeover
from tags.security.audit_record import WRITE_INTENT, AuditRecord
from tags.security.audit_store import AuditStore
from tags.write_path import WriteStatus

log = logging.getLogger(__name__)

TAKEOVER = "server_takeover"
"""The audit action of a server becoming primary (its workstation: the server's instance)."""
PLANNED = "switchover"
FAILOVER = "failover"
HISTORY = 10
"""How many takeovers a pair member shows."""


def settle_open_writes(audit: AuditStore, instance: str) -> list[AuditRecord]:
    """An ``unconfirmed`` outcome for each write intent that has none: the server that sent
    it stopped before it knew the outcome (the device may have applied it)."""
    settled = []
    for intent in audit.unresolved_intents():
        if intent.action != WRITE_INTENT:
            continue
        why = (
            f"{WriteStatus.UNCONFIRMED.value}: the server that sent it stopped before its "
            f"outcome was known ({instance} took over); the device may have applied it"
        )
        outcome = audit.append(
            "write", user=intent.user, workstation=intent.workstation, tag=intent.tag,
            old=intent.old, new=intent.new, unit=intent.unit, reason=intent.reason,
            result=why, ref=intent.seq,
        )  # fmt: skip
        settled.append(outcome)
        log.warning("pair: the write of %s by %s (record %d) had no outcome: unconfirmed",
                    intent.tag, intent.user, intent.seq)  # fmt: skip
    return settled


def record_takeover(
    audit: AuditStore, instance: str, *, planned: bool, previous: str
) -> AuditRecord:
    """The audit record of this server taking the lead (before it acts as primary)."""
    kind = PLANNED if planned else FAILOVER
    source = f" from {previous}" if previous else ""
    return audit.append(
        TAKEOVER, user="", workstation=instance, result="ok", detail=f"{kind}{source}"
    )


def only_ours(audit: AuditStore, ours: set[int]) -> bool:
    """Every takeover in the trail is one of ``ours`` (their seqs): no other server, nor an
    earlier run of this one, ever held the lead, so there is nobody to fence."""
    return all(r.seq in ours for r in audit.query(action=TAKEOVER, limit=len(ours) + 1))


def recent_takeovers(audit: AuditStore, limit: int = HISTORY) -> tuple[Takeover, ...]:
    """The pair's last takeovers from the audit trail, newest first."""
    records = audit.query(action=TAKEOVER, limit=limit)
    return tuple(
        Takeover(r.time, r.workstation, r.detail.startswith(PLANNED), r.detail) for r in records
    )
