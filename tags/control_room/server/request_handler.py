"""The operators' requests, answered by the server: log-in and log-out, alarm actions, writes,
forces and releases, and (tags/control_room/server/analytics_requests.py) shift notes and
reports.

Nothing a console says is taken on trust: the session names the user (a log-in checked the password
here), the alarm engine and the write path check role, area and limits again, and every action is in
the audit trail with the user and the workstation it came from. Alarm actions go to the alarm
journal too (the engine does that); writes are audited by the write path, forces and their refusals
by the force table. A malformed request is answered ``invalid`` with what is wrong; nothing here
raises.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from tags.alarms.engine import AckResult, AlarmRefused
from tags.control_room.force_messages import force_to_json
from tags.control_room.messages import (
    Action,
    Answer,
    MessageError,
    Refusal,
    Request,
    alarm_to_json,
    need,
    optional,
    user_to_json,
    value_of,
    write_result_to_json,
)
from tags.control_room.server.analytics_requests import (
    ANALYTICS_ACTIONS,
    ANALYTICS_READS,
    AnalyticsRequests,
)
from tags.control_room.server.sessions import OperatorSessions, Session, SessionRefused
from tags.control_room.server.training_requests import TRAINING_ACTIONS, TrainingRequests
from tags.forcing.table import ForceRefused
from tags.security.audit_store import AUDIT_ERRORS, audit_refusal
from tags.security.permissions import PermissionDenied
from tags.security.users import AuthError

if TYPE_CHECKING:
    from tags.alarms.state import AlarmView
    from tags.runtime import Runtime

log = logging.getLogger(__name__)

WITHOUT_SESSION = frozenset({Action.LOGIN, Action.REBIRTH})
"""The requests anyone may send (the others need a live session)."""

ALARM_ACTIONS = frozenset(
    {
        Action.ACKNOWLEDGE, Action.SHELVE, Action.UNSHELVE, Action.RESET,
        Action.OUT_OF_SERVICE, Action.RETURN_TO_SERVICE,
    }
)  # fmt: skip


def audit_action(action: Action) -> str:
    """The audit trail's name of an alarm action (``alarm_acknowledge`` ...)."""
    return f"alarm_{action.value}"


class RequestHandler:
    """Answers one request at a time; many may be under way at once (writes wait for their
    read-back, nothing else waits)."""

    def __init__(
        self, runtime: Runtime, sessions: OperatorSessions, *, rebirth: Callable[[], None]
    ) -> None:
        """``rebirth``: publish the births again (the ``rebirth`` request)."""
        self.runtime = runtime
        self.sessions = sessions
        self.rebirth = rebirth
        self.analytics = AnalyticsRequests(runtime, self._audit_away)
        """Shift notes and reports (tags/control_room/server/analytics_requests.py)."""
        self.training = TrainingRequests(runtime, audit_away=self._audit_away)

    async def answer(self, payload: bytes, workstation: str) -> Answer:
        """The answer to ``payload`` sent by ``workstation``."""
        try:
            request = Request.from_json(payload)
        except MessageError as exc:
            return Answer.refused(Refusal.INVALID, str(exc))
        try:
            return await self._dispatch(request, workstation)
        except MessageError as exc:
            return Answer.refused(Refusal.INVALID, f"{request.action.value}: {exc}")
        except SessionRefused as exc:
            if exc.expired is not None:
                self.record_expiry(exc.expired)
            return Answer.refused(Refusal.SESSION, str(exc))
        except AUDIT_ERRORS as exc:
            log.exception("%s from %s: the store failed", request.action.value, workstation)
            return Answer.refused(Refusal.UNAVAILABLE, f"the server's store failed: {exc}")
        except Exception as exc:
            log.exception("%s from %s failed", request.action.value, workstation)
            return Answer.refused(Refusal.UNAVAILABLE, f"the server failed: {exc}")

    async def _dispatch(self, request: Request, workstation: str) -> Answer:
        action, args = request.action, request.args
        if action is Action.LOGIN:
            return self._login(args, workstation)
        if action is Action.REBIRTH:
            self.rebirth()
            return Answer.done()
        if action in ANALYTICS_READS:
            return await self.analytics.answer(action, None, args)
        session = self.sessions.use(request.session, workstation)
        if action in ANALYTICS_ACTIONS:
            return await self.analytics.answer(action, session, args)
        if action is Action.LOGOUT:
            self.sessions.end(request.session, workstation)
            self.runtime.logout(session.user, workstation)
            return Answer.done()
        if action is Action.WRITE:
            return await self._write(session, args)
        if action in (Action.FORCE, Action.RELEASE, Action.SIMULATE):
            return self._force(action, session, args)
        if action in TRAINING_ACTIONS:
            return await self.training.answer(action, session, args)
        return self._alarm_action(action, session, args)

    # log-in ------------------------------------------------------------------------------

    def _login(self, args: Mapping[str, Any], workstation: str) -> Answer:
        name = need(args, "user", str)
        password = need(args, "password", str)
        try:
            user = self.runtime.authenticate(name, password, workstation)  # audited there
        except AuthError as exc:
            return Answer.refused(Refusal.LOGIN, str(exc))
        session = self.sessions.open(user, workstation)
        return Answer.done(
            session=session.token, user=user_to_json(user), idle_lock_s=self.sessions.idle_lock_s
        )

    def record_expiry(self, session: Session) -> None:
        """A session locked by the idle time, in the audit trail (as a console's lock is)."""
        try:
            self.runtime.audit.append(
                "session_locked", user=session.user, workstation=session.workstation,
                result="idle",
            )  # fmt: skip
        except AUDIT_ERRORS:
            log.exception("the expiry of %s's session could not be recorded", session.user.name)

    # writes ------------------------------------------------------------------------------

    async def _write(self, session: Session, args: Mapping[str, Any]) -> Answer:
        name = need(args, "tag", str)
        if name not in self.runtime.db.tags:
            return Answer.refused(Refusal.INVALID, f"unknown tag '{name}'")
        value = value_of(args)
        reason = optional(args, "reason", str, "")
        result = await self.runtime.writes.write(
            name, value, user=session.user, reason=reason, workstation=session.workstation
        )
        log.info("write of %s from %s by %s: %s (%s)", name, session.workstation,
                 session.user.name, result.status.value, result.reason)  # fmt: skip
        return Answer.done(result=write_result_to_json(result))

    # forced values -----------------------------------------------------------------------

    def _force(self, action: Action, session: Session, args: Mapping[str, Any]) -> Answer:
        """Force, simulate or release as the session's user from its workstation (the force
        table checks role and area, value or source, range, reason and minutes, and audits,
        refusals too)."""
        table = self.runtime.forces
        if table is None:
            return Answer.refused(Refusal.REFUSED, "this server forces no values (replay)")
        away = self._audit_away()
        if away is not None:  # a force is never made without its record
            return Answer.refused(Refusal.UNAVAILABLE, away)
        name = need(args, "tag", str)
        reason = need(args, "reason", str)
        try:
            if action is Action.FORCE:
                minutes = optional(args, "minutes", (int, float), None)
                force = table.force(
                    name, value_of(args), user=session.user, reason=reason,
                    minutes=None if minutes is None else float(minutes),
                    workstation=session.workstation,
                )  # fmt: skip
            elif action is Action.SIMULATE:
                minutes = optional(args, "minutes", (int, float), None)
                force = table.simulate(
                    name, need(args, "source", str), user=session.user, reason=reason,
                    minutes=None if minutes is None else float(minutes),
                    workstation=session.workstation,
                )  # fmt: skip
            else:
                force = table.release(
                    name, user=session.user, reason=reason, workstation=session.workstation
                )
        except ForceRefused as exc:
            return Answer.refused(Refusal.REFUSED, str(exc))
        log.info("%s of %s from %s by %s", action.value, name, session.workstation,
                 session.user.name)  # fmt: skip
        return Answer.done(force=force_to_json(force))

    # alarms ------------------------------------------------------------------------------

    def _alarm_action(self, action: Action, session: Session, args: Mapping[str, Any]) -> Answer:
        subject, note = _subject(action, args)
        away = self._audit_away()
        if away is not None:  # an action is never carried out without its record
            return Answer.refused(Refusal.UNAVAILABLE, away)
        try:
            done = self._carry_out(action, session, args)
        except PermissionDenied as exc:
            self._audit(action, session, subject, note, f"denied: {exc}")
            return Answer.refused(Refusal.DENIED, str(exc))
        except AlarmRefused as exc:
            self._audit(action, session, subject, note, f"refused: {exc}")
            return Answer.refused(Refusal.REFUSED, str(exc))
        except KeyError as exc:  # an unknown alarm or group: the request is wrong
            return Answer.refused(Refusal.INVALID, str(exc).strip("'\""))
        if isinstance(done, AckResult):
            detail = f"{len(done.acknowledged)} acknowledged, {len(done.refused)} not allowed"
            self._audit(action, session, subject, note, "ok", detail)
            return Answer.done(acknowledged=list(done.acknowledged), refused=dict(done.refused))
        self._audit(action, session, subject, note, "ok", f"now {done.state.value}")
        return Answer.done(alarm=alarm_to_json(done))

    def _carry_out(
        self, action: Action, session: Session, args: Mapping[str, Any]
    ) -> AlarmView | AckResult:
        engine, user = self.runtime.alarms, session.user
        comment = optional(args, "comment", str, "")
        if action is Action.ACKNOWLEDGE_GROUP:
            return engine.acknowledge_group(need(args, "group", str), user=user, comment=comment)
        if action is Action.ACKNOWLEDGE_ALL:
            names = _texts(args, "names")
            areas = _texts(args, "areas")
            return engine.acknowledge_all(user=user, comment=comment, names=names, areas=areas)
        if action not in ALARM_ACTIONS:
            raise MessageError(f"the server does not handle '{action.value}'")
        name = need(args, "alarm", str)
        if action is Action.ACKNOWLEDGE:
            return engine.acknowledge(name, user=user, comment=comment)
        if action is Action.SHELVE:
            reason = need(args, "reason", str)
            duration = need(args, "duration", (int, float))
            return engine.shelve(name, user=user, reason=reason, duration=float(duration))
        if action is Action.UNSHELVE:
            return engine.unshelve(name, user=user, comment=comment)
        if action is Action.RESET:
            return engine.reset(name, user=user, comment=comment)
        if action is Action.OUT_OF_SERVICE:
            return engine.set_out_of_service(name, user=user, reason=need(args, "reason", str))
        return engine.return_to_service(name, user=user, comment=comment)

    def _audit_away(self) -> str | None:
        """Why the audit trail cannot take a record now (its shared store is known to be
        away), or None."""
        db = self.runtime.stores.db
        if db is None or db.available:
            return None
        return audit_refusal(db.unavailable())

    def _audit(
        self,
        action: Action,
        session: Session,
        subject: str,
        note: str,
        result: str,
        detail: str = "",
    ) -> None:
        try:
            self.runtime.audit.append(
                audit_action(action), user=session.user, workstation=session.workstation,
                tag=subject, reason=note, result=result, detail=detail,
            )  # fmt: skip
        except AUDIT_ERRORS:
            log.exception("%s of %s could not be recorded", action.value, subject)


def _subject(action: Action, args: Mapping[str, Any]) -> tuple[str, str]:
    """What an alarm action is about (the alarm, or the group) and the operator's words, for
    the audit trail (read leniently: a malformed request fails later with the reason)."""
    key = "group" if action is Action.ACKNOWLEDGE_GROUP else "alarm"
    subject = args.get(key)
    note = args.get("reason") or args.get("comment") or ""
    return (subject if isinstance(subject, str) else ""), (note if isinstance(note, str) else "")


def _texts(args: Mapping[str, Any], key: str) -> list[str] | None:
    values = optional(args, key, list, None)
    if values is not None and not all(isinstance(v, str) for v in values):
        raise MessageError(f"field '{key}' must be a list of names")
    return values  # type: ignore[no-any-return]
