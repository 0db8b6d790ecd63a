"""Who is at this console, as the server knows it, and the operator's actions sent to it.

``RemoteSession.login`` asks the server to check the password and keeps the session token it
returns; every action then goes as a request carrying the token, and comes back as what the
standalone engine would return (AlarmView, AckResult, WriteResult) or raises what it would
raise, with the server's words:

=====================  ===================================================================
``Refusal.DENIED``     ``RemoteDenied`` (a PermissionDenied)
``Refusal.SESSION``    ``SessionExpired`` (a PermissionDenied): the idle lock ended the
                       session; the listeners are told so the console shows the log-in
``Refusal.LOGIN``      ``AuthError`` (wrong name or password, locked account)
anything else          ``RemoteAlarmRefused`` (an AlarmRefused) for alarm actions,
                       ``RemoteRefused`` for the log-in
=====================  ===================================================================

A write never raises (as on a standalone console): a refusal is a REFUSED result, a request
that left without an answer is UNCONFIRMED (the server may still carry it out), one that
could not leave is FAILED.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from tags.alarms.engine import AckResult, AlarmRefused
from tags.alarms.state import AlarmView
from tags.console_runtime import ServerRefusal
from tags.control_room.console.client_requests import ServerRequests
from tags.control_room.messages import (
    Action,
    Answer,
    MessageError,
    Refusal,
    alarm_from_json,
    user_from_json,
    write_result_from_json,
)
from tags.model import Value
from tags.security.permissions import Action as Permission
from tags.security.permissions import PermissionDenied, User
from tags.security.users import AuthError, AuthFailure
from tags.subscription import Listeners, Subscription
from tags.write_path import WriteResult, WriteStatus

log = logging.getLogger(__name__)

NOT_LOGGED_IN = "no user is logged in"


class RemoteRefused(ServerRefusal):
    """The server did not carry out a request; ``kind`` says why, the message in its words."""

    def __init__(self, kind: Refusal, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


class RemoteDenied(PermissionDenied, RemoteRefused):
    """The user's role or area does not allow it (the server's check)."""

    def __init__(
        self, kind: Refusal, message: str, user: User | None, action: Permission, area: str = ""
    ) -> None:
        Exception.__init__(self, message)
        self.kind, self.message = kind, message
        self.user, self.action, self.area = user, action, area


class SessionExpired(RemoteDenied):
    """No session on the server (expired by the idle lock, or never opened): log in again."""


class RemoteAlarmRefused(AlarmRefused, RemoteRefused):
    """The server's alarm engine (or the server itself) refused an alarm action."""

    def __init__(self, kind: Refusal, message: str) -> None:
        RemoteRefused.__init__(self, kind, message)


_PERMISSION = {
    Action.ACKNOWLEDGE: Permission.ACKNOWLEDGE,
    Action.ACKNOWLEDGE_GROUP: Permission.ACKNOWLEDGE,
    Action.ACKNOWLEDGE_ALL: Permission.ACKNOWLEDGE,
    Action.SHELVE: Permission.SHELVE,
    Action.UNSHELVE: Permission.SHELVE,
    Action.RESET: Permission.RESET_LATCH,
    Action.OUT_OF_SERVICE: Permission.OUT_OF_SERVICE,
    Action.RETURN_TO_SERVICE: Permission.OUT_OF_SERVICE,
    Action.WRITE: Permission.WRITE,
}


class RemoteSession:
    """The log-in and operator actions of one console workstation, carried out by the server."""

    def __init__(self, requests: ServerRequests, workstation: str = "") -> None:
        self.requests = requests
        self.workstation = workstation
        self.user: User | None = None
        self.token = ""
        self.idle_lock_s: float | None = None
        """The server's idle lock: a session unused this long expires."""
        self._expiry: Listeners[str] = Listeners(log, "session")

    def subscribe(self, listener: Callable[[str], None]) -> Subscription:
        """Call ``listener(reason)`` when the server says the session has expired."""
        return self._expiry.subscribe(listener)

    # log-in ----------------------------------------------------------------------------------

    async def login(self, name: str, password: str) -> User:
        """Log in (or switch user): AuthError when the server refuses the name or password,
        RemoteRefused when it cannot check them now."""
        answer = await self.requests.request(Action.LOGIN, user=name, password=password)
        if not answer.ok:
            if answer.kind is Refusal.LOGIN:
                locked = "lock" in answer.error.lower()
                kind = AuthFailure.LOCKED if locked else AuthFailure.WRONG_PASSWORD
                raise AuthError(answer.error, kind=kind, name=name)
            raise RemoteRefused(answer.kind or Refusal.INVALID, answer.error)
        try:
            user = user_from_json(_object(answer.result, "user"))
            token = answer.result["session"]
            if not isinstance(token, str) or not token:
                raise MessageError("the log-in answer carries no session")
        except (MessageError, KeyError) as exc:
            raise RemoteRefused(
                Refusal.INVALID, f"the log-in answer is not readable: {exc}"
            ) from None
        idle = answer.result.get("idle_lock_s")
        self.idle_lock_s = float(idle) if isinstance(idle, int | float) else None
        self.user, self.token = user, token
        return user

    async def unlock(self, password: str) -> User:
        """Log the same user in again (after the idle lock)."""
        if self.user is None:
            raise RuntimeError("nobody is logged in")
        return await self.login(self.user.name, password)

    async def logout(self) -> None:
        """End the session here and on the server (the server's answer does not matter: the
        session ends here either way, and expires there with the idle lock)."""
        token, self.token, self.user = self.token, "", None
        if not token:
            return
        answer = await self.requests.request(Action.LOGOUT, session=token)
        if not answer.ok:
            log.info("log-out not confirmed by the server: %s", answer.error)

    # alarm actions -----------------------------------------------------------------------------

    async def acknowledge(self, name: str, *, comment: str = "") -> AlarmView:
        return await self._alarm_action(Action.ACKNOWLEDGE, alarm=name, comment=comment)

    async def acknowledge_group(self, group: str, *, comment: str = "") -> AckResult:
        result = await self._action(Action.ACKNOWLEDGE_GROUP, group=group, comment=comment)
        return _ack_result(result)

    async def acknowledge_all(
        self,
        *,
        comment: str = "",
        names: Iterable[str] | None = None,
        areas: Iterable[str] | None = None,
    ) -> AckResult:
        """The visible alarms: those named (the list on screen), else those of the areas."""
        args: dict[str, Any] = {"comment": comment}
        if names is not None:
            args["names"] = list(names)
        elif areas is not None:
            args["areas"] = list(areas)
        return _ack_result(await self._action(Action.ACKNOWLEDGE_ALL, **args))

    async def shelve(self, name: str, *, reason: str, duration: float) -> AlarmView:
        return await self._alarm_action(Action.SHELVE, alarm=name, reason=reason, duration=duration)

    async def unshelve(self, name: str, *, comment: str = "") -> AlarmView:
        return await self._alarm_action(Action.UNSHELVE, alarm=name, comment=comment)

    async def reset(self, name: str, *, comment: str = "") -> AlarmView:
        return await self._alarm_action(Action.RESET, alarm=name, comment=comment)

    async def set_out_of_service(self, name: str, *, reason: str) -> AlarmView:
        return await self._alarm_action(Action.OUT_OF_SERVICE, alarm=name, reason=reason)

    async def return_to_service(self, name: str, *, comment: str = "") -> AlarmView:
        return await self._alarm_action(Action.RETURN_TO_SERVICE, alarm=name, comment=comment)

    async def _alarm_action(self, action: Action, **args: Any) -> AlarmView:
        result = await self._action(action, **args)
        try:
            return alarm_from_json(_object(result, "alarm", inline="state"))
        except MessageError as exc:
            raise RemoteAlarmRefused(
                Refusal.INVALID, f"the server's answer to {action.value} is not readable: {exc}"
            ) from None

    async def _action(self, action: Action, **args: Any) -> Mapping[str, Any]:
        """Send an alarm action with the session; its result, or the refusal raised."""
        if not self.token:
            raise SessionExpired(Refusal.SESSION, NOT_LOGGED_IN, None, _PERMISSION[action])
        answer = await self.requests.request(action, session=self.token, **args)
        if answer.ok:
            return answer.result
        raise self._refusal(action, answer)

    def _refusal(self, action: Action, answer: Answer) -> Exception:
        kind = answer.kind or Refusal.INVALID
        permission = _PERMISSION[action]
        if kind is Refusal.SESSION:
            self._expired(answer.error)
            return SessionExpired(kind, answer.error, None, permission)
        if kind is Refusal.DENIED:
            return RemoteDenied(kind, answer.error, self.user, permission)
        return RemoteAlarmRefused(kind, answer.error)

    def ended_by_server(self, reason: str) -> None:
        """A request of another kind was refused for the session (the idle lock ended it)."""
        self._expired(reason)

    def _expired(self, reason: str) -> None:
        """The server ended the session: the user is logged out here too."""
        self.token = ""
        self.user = None
        self._expiry.notify(reason or "the session has expired")

    # writes ----------------------------------------------------------------------------------

    async def write(self, tag: str, value: Value, *, reason: str = "") -> WriteResult:
        """Ask the server to write ``value`` (its write path checks, sends, reads back and
        audits with this user and workstation). Never raises: the result says how it went."""
        if not self.token:
            return WriteResult(tag, WriteStatus.REFUSED, NOT_LOGGED_IN, value)
        exchange = await self.requests.exchange(
            Action.WRITE, session=self.token, tag=tag, value=value, reason=reason
        )
        answer = exchange.answer
        if answer.ok:
            try:
                return write_result_from_json(_object(answer.result, "result", inline="status"))
            except MessageError as exc:
                why = f"the server's answer is not readable ({exc}): check the value"
                return WriteResult(tag, WriteStatus.UNCONFIRMED, why, value)
        if answer.kind is Refusal.SESSION:
            self._expired(answer.error)
        if answer.kind is Refusal.UNAVAILABLE:
            status = WriteStatus.UNCONFIRMED if exchange.sent else WriteStatus.FAILED
            return WriteResult(tag, status, answer.error, value)
        return WriteResult(tag, WriteStatus.REFUSED, answer.error, value)


def _object(result: Mapping[str, Any], key: str, *, inline: str | None = None) -> Mapping[str, Any]:
    """``result[key]`` (an object), or the result itself when it carries ``inline``."""
    found = result.get(key)
    if isinstance(found, dict):
        return found
    if inline is not None and inline in result:
        return result
    raise MessageError(f"missing field '{key}'")


def _ack_result(result: Mapping[str, Any]) -> AckResult:
    found = result.get("result")
    body = found if isinstance(found, dict) and "acknowledged" in found else result
    try:
        acknowledged = body["acknowledged"]
        refused = body.get("refused") or {}
        if not isinstance(acknowledged, list) or not isinstance(refused, dict):
            raise TypeError("acknowledged must be a list, refused an object")
        reasons = {str(k): str(v) for k, v in refused.items()}
        return AckResult(tuple(str(n) for n in acknowledged), reasons)
    except (KeyError, TypeError) as exc:
        raise RemoteAlarmRefused(
            Refusal.INVALID, f"the server's answer to an acknowledgement is not readable: {exc}"
        ) from None
