"""LoopCheckBook: the sheets of every loop, as recorded so far.

An engineer (``Action.LOOPCHECK``) steps a value at the device, or writes a setpoint through
the write path, and records the value the console shows at each check point: typed in
(``record``) or taken from the live value (``capture``). Each point is judged against the
expected value within a tolerance (1 % of the span unless given). A loop is checked when its
every point passed, failed when a point did not or it was marked failed with a note
(``fail``). Re-checking adds entries: a sheet shows the newest, its history keeps all. Every
entry and every refusal goes to the audit trail.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tags.clock import Clock
from tags.database import TagDatabase
from tags.i18n.catalogue import text
from tags.loopcheck.checklist import DEFAULT_TOLERANCE_PERCENT, Loop
from tags.loopcheck.record import FAILED_POINT, LoopRecord
from tags.loopcheck.store import LoopCheckStore
from tags.security.audit_store import AuditStore
from tags.security.permissions import Action, PermissionDenied, User, require

POINT = "loopcheck_point"
FAILED = "loopcheck_failed"
REFUSED = "loopcheck_refused"
"""The audit trail's actions of loop checking."""
MAX_TOLERANCE_PERCENT = 25.0
MAX_NOTE = 500


class LoopCheckRefused(ValueError):
    """An entry that is not allowed or not valid; the message says which field."""


class LoopStatus(enum.Enum):
    NOT_CHECKED = "not yet"
    IN_PROGRESS = "in progress"
    CHECKED = "checked"
    FAILED = "failed"


@dataclass
class LoopState:
    """One loop's sheet: the newest entry per point since it was last marked failed, the
    last failure mark, and every entry (``history``)."""

    loop: Loop
    points: dict[str, LoopRecord] = field(default_factory=dict)
    failure: LoopRecord | None = None
    history: list[LoopRecord] = field(default_factory=list)

    def take(self, record: LoopRecord) -> None:
        self.history.append(record)
        if record.marks_failed:
            self.failure = record
            self.points.clear()
        else:
            self.points[record.point] = record

    @property
    def status(self) -> LoopStatus:
        if any(not r.passed for r in self.points.values()):
            return LoopStatus.FAILED
        if self.points and all(p in self.points for p in self.loop.points):
            return LoopStatus.CHECKED
        if self.points:
            return LoopStatus.IN_PROGRESS
        return LoopStatus.FAILED if self.failure is not None else LoopStatus.NOT_CHECKED

    @property
    def note(self) -> str:
        """Why the loop failed (the note, or the point out of tolerance); else empty."""
        bad = [r for r in self.points.values() if not r.passed]
        if bad:
            return "; ".join(point_text(self.loop, r) for r in bad)
        if not self.points and self.failure is not None:
            return self.failure.note
        return ""

    @property
    def last(self) -> LoopRecord | None:
        """The newest entry (who checked it last, and when)."""
        return self.history[-1] if self.history else None


def point_text(loop: Loop, record: LoopRecord) -> str:
    """ "50 %: seen 30.4 °C, expected 30.0 ± 0.6 °C" (with the note, if any)."""
    tolerance = f" ± {loop.format(record.tolerance)}" if loop.analog else ""
    line = text("loop.point", point=loop.point_label(record.point), seen=loop.format(record.seen),
                expected=loop.format(record.expected), tolerance=tolerance)  # fmt: skip
    return text("loop.note", text=line, note=record.note) if record.note else line


@dataclass(frozen=True)
class AreaProgress:
    """How far the checkout of one area (or of all, ``area`` empty) has come."""

    area: str
    total: int
    checked: int
    failed: int

    @property
    def not_yet(self) -> int:
        return self.total - self.checked - self.failed

    @property
    def text(self) -> str:
        return text("loop.progress_text", checked=self.checked, failed=self.failed,
                    not_yet=self.not_yet, total=self.total)  # fmt: skip


class LoopCheckBook:
    """The sheets of ``loops``, kept in ``store`` and recorded in ``audit``."""

    def __init__(
        self,
        loops: Iterable[Loop],
        store: LoopCheckStore,
        clock: Clock,
        audit: AuditStore | None = None,
    ) -> None:
        self.loops = {loop.tag: loop for loop in loops}
        self.store = store
        self.clock = clock
        self.audit = audit
        self._states: dict[str, LoopState] = {}
        self.reload()

    # reading -----------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the sheets from the store again (what another console or command added)."""
        states = {tag: LoopState(loop) for tag, loop in self.loops.items()}
        for record in self.store.records():
            state = states.get(record.tag)
            if state is not None:
                state.take(record)
        self._states = states

    def states(self) -> list[LoopState]:
        """Every loop's sheet, in checklist order."""
        return list(self._states.values())

    def state(self, tag: str) -> LoopState:
        """The sheet of ``tag``; LoopCheckRefused when it is not a loop of the checklist."""
        state = self._states.get(tag)
        if state is None:
            raise LoopCheckRefused(text("loop.not_a_loop", tag=tag))
        return state

    def progress(self) -> list[AreaProgress]:
        """Per area, by name, then the whole plant (area empty)."""
        counts: dict[str, list[int]] = {}
        for state in self._states.values():
            row = counts.setdefault(state.loop.area, [0, 0, 0])
            row[0] += 1
            row[1] += state.status is LoopStatus.CHECKED
            row[2] += state.status is LoopStatus.FAILED
        areas = [AreaProgress(area, *row) for area, row in sorted(counts.items())]
        total = AreaProgress("", *(sum(a[i] for a in counts.values()) for i in range(3)))
        return [*areas, total]

    # recording ---------------------------------------------------------------------------------

    def record(
        self,
        tag: str,
        point: str,
        seen: float,
        *,
        user: User | None,
        tolerance_percent: float | None = None,
        note: str = "",
        workstation: str = "",
    ) -> LoopRecord:
        """Record ``seen`` at ``point`` of ``tag``, judged against the expected value;
        LoopCheckRefused says why not (refusals are audited)."""
        try:
            state = self._allowed(tag, user)
            loop = state.loop
            if point not in loop.points:
                raise LoopCheckRefused(text("loop.not_a_point", point=point, tag=tag,
                                            points=", ".join(loop.points)))  # fmt: skip
            if not math.isfinite(seen):
                raise LoopCheckRefused(text("loop.not_a_number", value=seen))
            percent = _tolerance(tolerance_percent)
            note = _note(note, required=False)
        except LoopCheckRefused as exc:
            self._refused(tag, user, str(exc), workstation, seen)
            raise
        assert user is not None
        expected = loop.expected(point)
        tolerance = loop.tolerance(percent)
        passed = abs(seen - expected) <= tolerance + 1e-9 * max(1.0, abs(expected))
        entry = LoopRecord(tag, point, expected, seen, tolerance, passed, note, user.name,
                           self.clock.now(), workstation)  # fmt: skip
        return self._keep(state, entry)

    def capture(
        self,
        tag: str,
        point: str,
        db: TagDatabase,
        *,
        user: User | None,
        tolerance_percent: float | None = None,
        note: str = "",
        workstation: str = "",
    ) -> LoopRecord:
        """Record the live value of ``tag`` in ``db`` at ``point``; refused while the value
        is Bad or missing, or forced (a check needs a value the instrument gave)."""
        try:
            self._allowed(tag, user)
            sample = db.get(tag)
        except (LoopCheckRefused, KeyError) as exc:
            self._refused(tag, user, str(exc).strip("'\""), workstation, None)
            raise LoopCheckRefused(str(exc).strip("'\"")) from None
        value = sample.value
        if sample.quality.is_bad or value is None or isinstance(value, str):
            reason = text("health.reason", reason=sample.reason) if sample.reason else ""
            why = text("loop.no_usable_value", tag=tag, quality=sample.quality.name, reason=reason)
            self._refused(tag, user, why, workstation, None)
            raise LoopCheckRefused(why)
        if db.is_substituted(tag):
            why = text("loop.forced", tag=tag)
            self._refused(tag, user, why, workstation, None)
            raise LoopCheckRefused(why)
        if not sample.quality.is_good:
            quality = text("loop.captured_with", quality=sample.quality.name)
            note = f"{note}; {quality}" if note.strip() else quality
        return self.record(tag, point, float(value), user=user,
                           tolerance_percent=tolerance_percent, note=note,
                           workstation=workstation)  # fmt: skip

    def fail(self, tag: str, note: str, *, user: User | None, workstation: str = "") -> LoopRecord:
        """Mark ``tag``'s loop failed with ``note`` (what is wrong); its points are to be
        recorded again after the repair."""
        try:
            state = self._allowed(tag, user)
            note = _note(note, required=True)
        except LoopCheckRefused as exc:
            self._refused(tag, user, str(exc), workstation, None)
            raise
        assert user is not None
        entry = LoopRecord(tag, FAILED_POINT, None, None, None, False, note, user.name,
                           self.clock.now(), workstation)  # fmt: skip
        return self._keep(state, entry)

    # inside ------------------------------------------------------------------------------------

    def _allowed(self, tag: str, user: User | None) -> LoopState:
        state = self.state(tag)
        try:
            require(user, Action.LOOPCHECK, state.loop.area)
        except PermissionDenied as exc:
            raise LoopCheckRefused(str(exc)) from None
        return state

    def _keep(self, state: LoopState, entry: LoopRecord) -> LoopRecord:
        kept = self.store.add(entry)
        state.take(kept)
        self._audit(state, kept)
        return kept

    def _audit(self, state: LoopState, entry: LoopRecord) -> None:
        if self.audit is None:
            return
        loop = state.loop
        if entry.marks_failed:
            self.audit.append(
                FAILED, user=entry.user, workstation=entry.workstation, tag=loop.tag,
                reason=entry.note, result="failed", detail="loop marked failed",
            )  # fmt: skip
            return
        self.audit.append(
            POINT, user=entry.user, workstation=entry.workstation, tag=loop.tag,
            old=loop.format(entry.expected), new=loop.format(entry.seen), unit=loop.unit,
            reason=entry.note, result="passed" if entry.passed else "failed",
            detail=f"{point_text(loop, entry)}; loop {state.status.value}",
        )  # fmt: skip

    def _refused(
        self, tag: str, user: User | None, why: str, workstation: str, seen: float | None
    ) -> None:
        if self.audit is None:
            return
        self.audit.append(
            REFUSED, user=user.name if user else "", workstation=workstation, tag=tag,
            new=None if seen is None else str(seen), result=f"refused: {why}",
        )  # fmt: skip


def _tolerance(percent: float | None) -> float:
    if percent is None:
        return DEFAULT_TOLERANCE_PERCENT
    if not 0 < percent <= MAX_TOLERANCE_PERCENT:
        raise LoopCheckRefused(text("loop.tolerance", percent=f"{MAX_TOLERANCE_PERCENT:g}"))
    return percent


def _note(note: str, *, required: bool) -> str:
    note = " ".join(note.split())
    if required and not note:
        raise LoopCheckRefused(text("loop.note_needed"))
    if len(note) > MAX_NOTE:
        raise LoopCheckRefused(text("loop.note_too_long", count=MAX_NOTE))
    return note


def areas_of(states: Sequence[LoopState]) -> list[str]:
    """The areas of ``states``, in order of first appearance."""
    return list(dict.fromkeys(s.loop.area for s in states))
