"""ForceTable: the forces in effect on one tag database.

An engineer (``Action.FORCE``) forces a tag to a value with a reason, for a while or until
released. The database then shows the forced sample (``Good_LocalOverride``, the reason
saying forced, by whom, until when) to every subscriber: alarms evaluate it, the historian
records it with its quality, widgets show it. The driver's samples keep arriving and are held
aside; a release (or the expiry) shows the last of them again. The write path refuses field
writes of a forced tag. Every force, release, expiry and refusal is in the audit trail; the
forces are kept in a ``ForceStore`` so they outlive a restart, and ``sync`` takes up what
another process (the ``force`` command) changed there.

A simulated tag is a force whose value comes from a source (tags/forcing/sources.py: a signal
generator or the plant model) instead of being fixed: ``simulate`` puts it there, ``step``
shows the source's new value at the tag's scan period; everything else (store, audit,
expiry, release, refused field writes, held field value) is a force's.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from tags.database import TagDatabase
from tags.forcing.force import Force, clean_reason, clock_text, shown
from tags.forcing.sources import SimulatedSources, SourceError, check_source
from tags.forcing.store import ForceStore
from tags.i18n.catalogue import text
from tags.model import TagDef, Value
from tags.security.audit_store import AuditStore
from tags.security.permissions import Action, PermissionDenied, User, require
from tags.subscription import Listeners, Subscription
from tags.write_path import WriteRefused, coerce, value_with_unit

log = logging.getLogger(__name__)

FORCE = "force"
RELEASE = "force_release"
EXPIRED = "force_expired"
REFUSED = "force_refused"
SIMULATE = "simulate"
"""The audit trail's actions of forcing (a simulated tag's put is ``simulate``; its release
and expiry are a force's)."""

MAX_MINUTES = 7 * 24 * 60.0
"""The longest a force may be given (a week); longer ones are forced until released."""


class ForceRefused(ValueError):
    """A force or release that is not allowed or not valid; the message says which field."""


def check_range(tag: TagDef, value: bool | int | float | str) -> None:
    """Refuse a number outside the tag's engineering range (a forced value must be one the
    instrument could show)."""
    if isinstance(value, bool | str):
        return
    shown = value_with_unit(tag, value)
    if tag.eng_low is not None and value < tag.eng_low:
        limit = value_with_unit(tag, tag.eng_low)
        raise ForceRefused(text("force.below_range", value=shown, tag=tag.name, limit=limit))
    if tag.eng_high is not None and value > tag.eng_high:
        limit = value_with_unit(tag, tag.eng_high)
        raise ForceRefused(text("force.above_range", value=shown, tag=tag.name, limit=limit))


def check_feed(tag: TagDef, source: str) -> None:
    """ForceRefused unless ``source`` (a sim:// address or ``model``) can feed ``tag``: a
    source the parsers refuse, a model without the tag's value, a signal beyond its range."""
    try:
        feed = check_source(tag, source.strip())
    except SourceError as exc:
        raise ForceRefused(str(exc)) from None
    if feed.signal is not None:
        try:
            for bound in feed.signal.bounds:
                check_range(tag, bound)
        except ForceRefused as exc:
            why = text("force.source_out_of_range", source=source.strip(), why=exc)
            raise ForceRefused(why) from None


class ForceTable:
    """The forces on ``db``, kept in ``store`` and recorded in ``audit``.

    ``blocked``: when set, every force is refused with this reason (replay)."""

    def __init__(
        self,
        db: TagDatabase,
        store: ForceStore,
        audit: AuditStore | None = None,
        *,
        blocked: str | None = None,
        sources: SimulatedSources | None = None,
    ) -> None:
        self.db = db
        self.store = store
        self.audit = audit
        self.blocked = blocked
        self.sources = sources or SimulatedSources(db.clock)
        """What feeds the simulated tags (the plant models run there while needed)."""
        self._forces: dict[str, Force] = {}
        self._due: dict[str, float] = {}
        """Simulated tags -> when (monotonic) their next value is due."""
        self._listeners: Listeners[list[Force]] = Listeners(log, "forced values")
        self.writes = 0
        """Changes this table made to the store: a read of the store begun before one is
        out of date (``take_up`` ignores it)."""

    # reading ---------------------------------------------------------------------------------

    def forces(self) -> list[Force]:
        """The forces in effect, by tag name."""
        return [self._forces[name] for name in sorted(self._forces)]

    @property
    def count(self) -> int:
        return len(self._forces)

    def get(self, name: str) -> Force | None:
        """The force of ``name``, or None."""
        return self._forces.get(name)

    def simulated(self) -> list[Force]:
        """The simulated tags, by name."""
        return [force for force in self.forces() if force.simulated]

    def subscribe(self, listener: Callable[[list[Force]], None]) -> Subscription:
        """Call ``listener`` with the forces in effect after each change."""
        return self._listeners.subscribe(listener)

    # changing --------------------------------------------------------------------------------

    def force(
        self,
        name: str,
        value: Value,
        *,
        user: User | None,
        reason: str,
        minutes: float | None = None,
        workstation: str = "",
    ) -> Force:
        """Force ``name`` to ``value`` (text is parsed as for a write) for ``minutes`` (None:
        until released); ForceRefused says why not (refusals are audited)."""
        try:
            force = self._checked(name, value, user, reason, minutes)
        except ForceRefused as exc:
            self._refused(name, value, user, reason, str(exc), workstation)
            raise
        return self._put(force, workstation)

    def simulate(
        self,
        name: str,
        source: str,
        *,
        user: User | None,
        reason: str,
        minutes: float | None = None,
        workstation: str = "",
    ) -> Force:
        """Put ``name`` on a simulated ``source`` (a ``sim://`` address or ``model``) for
        ``minutes`` (None: until released); ForceRefused says why not (audited)."""
        try:
            force = self._checked_source(name, source, user, reason, minutes)
        except ForceRefused as exc:
            self._refused(name, source, user, reason, str(exc), workstation)
            raise
        return self._put(force, workstation)

    def step(self) -> int:
        """Show the new value of every simulated tag whose scan period has passed; how many."""
        if not self._due:
            return 0
        self.sources.advance()
        now, moment = self.db.clock.now(), self.db.clock.monotonic()
        due = [name for name, at in self._due.items() if at <= moment]
        for name in due:
            self._due[name] = moment + self.db.tags[name].scan_period
            self.db.substitute(name, self._forces[name].sample(now, self.sources.value(name)))
        return len(due)

    def release(self, name: str, *, user: User | None, reason: str, workstation: str = "") -> Force:
        """End the force of ``name``: the field's value shows again. ForceRefused when it is
        not forced, the user may not, or no reason is given."""
        try:
            tag = self._tag(name)
            require(user, Action.FORCE, tag.area)
            reason = self._reason(reason)
            force = self._forces.get(name)
            if force is None:
                raise ForceRefused(text("force.not_forced", tag=name))
        except PermissionDenied as exc:
            self._refused(name, None, user, reason, str(exc), workstation)
            raise ForceRefused(str(exc)) from None
        assert user is not None
        self.store.remove(name)
        self.writes += 1
        self._unapply(name)
        self._record(RELEASE, force, user=user.name, reason=reason, result="released",
                     workstation=workstation)  # fmt: skip
        return force

    def expire(self) -> list[Force]:
        """Release the forces whose time is up (audited); those released."""
        now = self.db.clock.now()
        done = [force for force in self.forces() if force.expired(now)]
        for force in done:
            self.store.remove(force.tag)
            self.writes += 1
            self._unapply(force.tag)
            self._record(EXPIRED, force, user=force.user, result="expired")
        return done

    def sync(self) -> None:
        """Take up the forces the store holds (at start, and what another process changed
        there since), then release the expired ones."""
        self.take_up(self.store.all())

    def take_up(self, stored: list[Force]) -> None:
        """Make the table what ``stored`` (the store's forces, read now) says, then release
        the expired ones."""
        kept = {force.tag: force for force in stored if force.tag in self.db.tags}
        for name in [n for n in self._forces if n not in kept]:
            self._unapply(name)
        for name, force in kept.items():
            if self._forces.get(name) == force:
                continue
            try:
                self._apply(force)
            except SourceError as exc:  # e.g. the project changed since it was put there
                log.warning("%s cannot be simulated from %s: %s", name, force.source, exc)
        self.expire()

    # inside ------------------------------------------------------------------------------------

    def _tag(self, name: str) -> TagDef:
        tag = self.db.tags.get(name)
        if tag is None:
            raise ForceRefused(text("tag.unknown", tag=name))
        return tag

    @staticmethod
    def _reason(reason: str) -> str:
        try:
            return clean_reason(reason)
        except ValueError as exc:
            raise ForceRefused(str(exc)) from None

    def _allowed(self, name: str, user: User | None, reason: str) -> tuple[TagDef, User, str]:
        if self.blocked:
            raise ForceRefused(self.blocked)
        tag = self._tag(name)
        try:
            require(user, Action.FORCE, tag.area)
        except PermissionDenied as exc:
            raise ForceRefused(str(exc)) from None
        assert user is not None
        return tag, user, self._reason(reason)

    def _until(self, minutes: float | None) -> tuple[float, float | None]:
        if minutes is not None and not 0 < minutes <= MAX_MINUTES:
            raise ForceRefused(text("force.duration", minutes=f"{MAX_MINUTES:g}"))
        now = self.db.clock.now()
        return now, None if minutes is None else now + minutes * 60.0

    def _checked_source(
        self, name: str, source: str, user: User | None, reason: str, minutes: float | None
    ) -> Force:
        tag, user, reason = self._allowed(name, user, reason)
        source = source.strip()
        check_feed(tag, source)
        now, until = self._until(minutes)
        return Force(name, 0.0, user.name, reason, now, until, source)

    def _put(self, force: Force, workstation: str) -> Force:
        """Keep, show and audit a checked force (a simulated one with its first value)."""
        if force.simulated:
            tag = self._tag(force.tag)
            self.sources.add(tag, force.source)
            force = replace(force, value=self.sources.value(force.tag))
        self.store.put(force)
        self.writes += 1
        old = self.db.held(force.tag) or self.db.get(force.tag)
        self._apply(force)
        action, result = (SIMULATE, "simulated") if force.simulated else (FORCE, "forced")
        self._record(action, force, user=force.user, old=shown(old.value), result=result,
                     workstation=workstation)  # fmt: skip
        return force

    def _checked(
        self, name: str, value: Value, user: User | None, reason: str, minutes: float | None
    ) -> Force:
        tag, user, reason = self._allowed(name, user, reason)
        try:
            converted = coerce(tag, value)
        except WriteRefused as exc:
            raise ForceRefused(text("force.bad_value", why=exc)) from None
        check_range(tag, converted)
        now, until = self._until(minutes)
        return Force(name, converted, user.name, reason, now, until)

    def _apply(self, force: Force) -> None:
        """Show the force (a simulated one fed from its source: SourceError if it cannot)."""
        now = self.db.clock.now()
        if force.simulated:
            self.sources.add(self._tag(force.tag), force.source)
            sample = force.sample(now, self.sources.value(force.tag))
            self._due[force.tag] = self.db.clock.monotonic() + self.db.tags[force.tag].scan_period
        else:
            self._stop_feeding(force.tag)
            sample = force.sample(now)
        self._forces[force.tag] = force
        self.db.substitute(force.tag, sample)
        self._listeners.notify(self.forces())

    def _unapply(self, name: str) -> None:
        self._stop_feeding(name)
        self._forces.pop(name, None)
        self.db.restore(name)
        self._listeners.notify(self.forces())

    def _stop_feeding(self, name: str) -> None:
        if self._due.pop(name, None) is not None:
            self.sources.remove(name)

    def _record(
        self,
        action: str,
        force: Force,
        *,
        user: str,
        reason: str | None = None,
        old: str | None = None,
        result: str,
        workstation: str = "",
    ) -> None:
        if self.audit is None:
            return
        tag = self.db.tags.get(force.tag)
        until = "until released" if force.until is None else f"until {clock_text(force.until)}"
        what = f"simulated: {force.source}" if force.simulated else "forced"
        self.audit.append(
            action, user=user, workstation=workstation, tag=force.tag, old=old,
            new=force.source if force.simulated else shown(force.value),
            unit="" if force.simulated or tag is None else tag.unit,
            reason=force.reason if reason is None else reason, result=result,
            detail=f"{what} by {force.user} {until}",
        )  # fmt: skip

    def _refused(
        self,
        name: str,
        value: Value,
        user: User | None,
        reason: str,
        why: str,
        workstation: str,
    ) -> None:
        if self.audit is None:
            return
        self.audit.append(
            REFUSED, user=user.name if user else "", workstation=workstation, tag=name,
            new=shown(value), reason=reason, result=f"refused: {why}",
        )  # fmt: skip
