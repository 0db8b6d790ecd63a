"""What every audit trail offers, whichever store keeps it: SQLite (``audit.py`` on the data
folder's ``audit.db``) or PostgreSQL (``pg_audit.py``, the control room's shared store).

``AuditReader`` is the reading side (the audit view, replay timelines, shift reports and
``audit verify`` use nothing else); ``AuditStore`` adds appending and verifying. The chain
and its MACs are the same in both stores, so one verifier (``audit_verify.py``) checks both.
"""

from __future__ import annotations

import dataclasses
import math
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from typing import ClassVar, Protocol

from tags.security.audit_anchor import Anchor
from tags.security.audit_key import AuditKeyError
from tags.security.audit_record import (
    OUTCOME_UNKNOWN,
    WRITE_INTENT,
    AuditRecord,
    AuditValue,
    VerifyResult,
)
from tags.security.permissions import User
from tags.store.postgres import StoreError, StoreUnavailable
from tags.subscription import Subscription

AUDIT_ERRORS: tuple[type[Exception], ...] = (AuditKeyError, sqlite3.Error, StoreError, OSError)
"""What an append may raise when the trail cannot record (key gone, store failing)."""
CANNOT_WRITE = "the audit trail cannot be written"


class AuditUnavailable(StoreUnavailable):
    """The trail's store is away: nothing was recorded, and an action that needs the record
    is refused, never carried out unaudited. Raised at once while the store is known to be
    away (no wait for the pool's timeout at every append); the trail takes records again by
    itself once the store answers."""


def audit_refusal(exc: BaseException) -> str:
    """Why an action needing an audit record is refused: "the audit trail cannot be written:
    <why>"."""
    text = str(exc).strip() or type(exc).__name__
    return text if text.startswith(CANNOT_WRITE) else f"{CANNOT_WRITE}: {text}"


WRITE_ACTIONS = ("write", "write_refused")
"""The actions of the records that say how an operator's write went."""


class AuditReader(Protocol):
    """Read-only queries on an audit trail."""

    def query(
        self,
        *,
        since: float | None = None,
        until: float | None = None,
        user: str | None = None,
        tag: str | None = None,
        action: str | None = None,
        limit: int = 1000,
    ) -> list[AuditRecord]:
        """Records matching every given filter, newest first; `since` <= time < `until`."""
        ...

    def outcomes(self, intents: Iterable[int]) -> dict[int, AuditRecord]:
        """The outcome record of each of these intents that has one, by the intent's seq."""
        ...

    def unresolved_intents(self) -> list[AuditRecord]:
        """Write intents with no outcome record, oldest first: their outcome is unknown."""
        ...

    def writes(self, since: float, until: float, *, inclusive: bool = False) -> list[AuditRecord]:
        """Operator writes and refused writes with ``since`` <= time < ``until`` (<= when
        ``inclusive``), by seq; a write intent of the range whose outcome was never recorded
        (not even later) is among them with the result ``OUTCOME_UNKNOWN``."""
        ...

    def anchor(self) -> Anchor | None:
        """The trail's anchor as it stands now, None without a readable one (a shift report
        keeps a copy, so ``audit verify`` finds a trail cut back behind it)."""
        ...

    def records(self) -> Iterator[AuditRecord]:
        """Every record, by seq (for verify)."""
        ...

    def issued(self) -> int:
        """The highest seq the store ever gave a record (0: none), deleted ones included."""
        ...

    def hash_of(self, seq: int) -> str | None:
        """The stored hash of record ``seq``, None when there is no such record."""
        ...

    def seq_with_hash(self, hash_: str, before: int) -> int | None:
        """The seq of a record before ``before`` whose hash is ``hash_`` (legacy chains)."""
        ...


class AuditStore(AuditReader, Protocol):
    """An audit trail that records: append-only, signed, anchored."""

    workstation: str

    def append(
        self,
        action: str,
        *,
        user: str | User | None,
        workstation: str = "",
        tag: str = "",
        old: AuditValue = None,
        new: AuditValue = None,
        unit: str = "",
        reason: str = "",
        result: str = "",
        latency_ms: float | None = None,
        detail: str = "",
        ref: int | None = None,
    ) -> AuditRecord:
        """Add one signed record at the end of the chain and return it."""
        ...

    def subscribe(self, listener: Callable[[AuditRecord], None]) -> Subscription:
        """Call ``listener`` with each record appended through this trail."""
        ...

    def verify(self) -> VerifyResult:
        """Check every record and the trail against its anchors; the first fault found."""
        ...

    def close(self) -> None: ...


def checked_entry(
    action: str, user: str | User | None, latency_ms: float | None
) -> tuple[str, float | None]:
    """The user's name and the latency of a record to append; ValueError for an empty
    action or a latency that is not finite."""
    if not action:
        raise ValueError("an audit record needs an action")
    if latency_ms is not None:
        latency_ms = float(latency_ms)
        if not math.isfinite(latency_ms):
            raise ValueError(f"latency_ms must be finite, not {latency_ms}")
    return (user.name if isinstance(user, User) else (user or "")), latency_ms


def text_value(value: AuditValue) -> str | None:
    """How an old or new value is stored (as text, None when not applicable)."""
    return None if value is None else str(value)


def unknown_outcomes(
    writes: list[AuditRecord], resolved_later: Callable[[list[int]], set[int]]
) -> list[AuditRecord]:
    """``writes`` (writes, refusals and intents of a range, by seq) with each intent that has
    an outcome dropped and each that has none marked ``OUTCOME_UNKNOWN``; ``resolved_later``
    gives those of the given intents whose outcome lies outside the range."""
    done = {w.ref for w in writes if w.ref is not None}
    pending = {w.seq for w in writes if w.action == WRITE_INTENT} - done
    if pending:
        pending -= resolved_later(sorted(pending))
    return [
        dataclasses.replace(w, result=OUTCOME_UNKNOWN) if w.seq in pending else w
        for w in writes
        if w.action != WRITE_INTENT or w.seq in pending
    ]


class AuditQueries:
    """``AuditReader.query`` for both stores (a base class of theirs): the filters written
    with the store's parameter placeholder ``mark``, the records read by its ``_select``."""

    mark: ClassVar[str]

    def _select(self, where: str, params: list[object], limit: int) -> list[AuditRecord]:
        """Up to ``limit`` records meeting ``where`` (no condition when empty), newest first."""
        raise NotImplementedError

    def query(
        self,
        *,
        since: float | None = None,
        until: float | None = None,
        user: str | None = None,
        tag: str | None = None,
        action: str | None = None,
        limit: int = 1000,
    ) -> list[AuditRecord]:
        """Records matching every given filter, newest first; `since` <= time < `until`."""
        mark = self.mark
        where: list[str] = []
        params: list[object] = []
        for clause, value in (
            (f"time >= {mark}", since),
            (f"time < {mark}", until),
            (f'"user" = {mark}', user),
            (f"tag = {mark}", tag),
            (f"action = {mark}", action),
        ):
            if value is not None:
                where.append(clause)
                params.append(value)
        return self._select(" AND ".join(where), params, limit)
