"""The JSON payloads of the control room's own topics: alarm states, connection states, users,
write results, and the operator's requests with their answers.

A request is ``{"action": ..., "session": ..., <arguments>}`` published on the console's
request topic with an MQTT 5 response topic and correlation data; the answer is
``{"ok": true, ...}`` or ``{"ok": false, "kind": ..., "error": "<the server's words>"}``.
Every decoder raises ``MessageError`` naming what is wrong, never a bare KeyError.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from dataclasses import MISSING, asdict, dataclass, field, fields
from typing import Any

from tags.alarms.state import AlarmState, AlarmView
from tags.drivers.base import ConnectionState, ConnectionStats, ConnectionStatus
from tags.model import AlarmKind, Priority, Value
from tags.security.permissions import Role, User
from tags.write_path import WriteResult, WriteStatus

Json = dict[str, Any]


class MessageError(ValueError):
    """A payload that cannot be read: the message says which field."""


class Action(enum.Enum):
    """What a console may ask of the server."""

    LOGIN = "login"
    LOGOUT = "logout"
    ACKNOWLEDGE = "acknowledge"
    ACKNOWLEDGE_GROUP = "acknowledge_group"
    ACKNOWLEDGE_ALL = "acknowledge_all"
    SHELVE = "shelve"
    UNSHELVE = "unshelve"
    RESET = "reset"
    OUT_OF_SERVICE = "out_of_service"
    RETURN_TO_SERVICE = "return_to_service"
    WRITE = "write"
    FORCE = "force"
    """Force a tag's value (engineers; tags/forcing/), audited by the server's ForceTable."""
    RELEASE = "force_release"
    """Release a forced tag."""
    SIMULATE = "force_simulate"
    """Put a tag on a simulated source (a sim:// address or the plant model), as a force."""
    REBIRTH = "rebirth"
    """Publish the births again (needs no session): a console that came late or lost data."""
    # plant analytics: shift notes and reports (tags/control_room/server/analytics_requests.py)
    NOTE = "note"
    """An operator's note for the report of this shift."""
    REPORT_NOW = "report_now"
    """Make the report of this shift so far (with notes)."""
    SHIFT_REPORTS = "shift_reports"
    """The kept shift reports (needs no session, as values need none)."""
    REPORT_PDF = "report_pdf"
    """One kept report's PDF, when small enough to send; else where it is."""

    # training: the trainer panel of a console, carried out by the server's training engine
    # on the server's field simulator (tags/control_room/server/training_requests.py)
    TRAINING_SETUP = "training_setup"
    """The scenarios, snapshots and trainees a trainer picks from."""
    TRAINING_SAVE_SNAPSHOT = "training_save_snapshot"
    TRAINING_DELETE_SNAPSHOT = "training_delete_snapshot"
    TRAINING_START = "training_start"
    TRAINING_START_UPSET = "training_start_upset"
    TRAINING_STOP_UPSET = "training_stop_upset"
    TRAINING_END = "training_end"
    TRAINING_SESSIONS = "training_sessions"
    TRAINING_DEBRIEF = "training_debrief"
    TRAINING_DEBRIEF_PDF = "training_debrief_pdf"
    TRAINING_EVENTS = "training_events"
    TRAINING_SCREEN = "training_screen"
    """A screen the running session's trainee opened (from the trainee's console)."""


class Refusal(enum.Enum):
    """Why a request was not carried out."""

    INVALID = "invalid"
    """The request itself is malformed (unknown action, missing field)."""
    SESSION = "session"
    """No session, or it expired (the idle lock): log in again."""
    DENIED = "denied"
    """The user's role or area does not allow it."""
    REFUSED = "refused"
    """The engine refused it (a limit, a state); the error says which."""
    LOGIN = "login"
    """Wrong name or password, or a locked account."""
    UNAVAILABLE = "unavailable"
    """The server cannot do it now (e.g. the store is down)."""


def dumps(message: Mapping[str, Any]) -> bytes:
    return json.dumps(message, separators=(",", ":"), allow_nan=False).encode()


def loads(data: bytes | bytearray | str) -> Json:
    try:
        message = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise MessageError(f"not JSON: {exc}") from None
    if not isinstance(message, dict):
        raise MessageError("a message must be a JSON object")
    return message


def need(message: Mapping[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    """``message[key]``, which must be of ``kind``."""
    if key not in message:
        raise MessageError(f"missing field '{key}'")
    value = message[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _kinds(kind)):
        raise MessageError(f"field '{key}' has the wrong type ({type(value).__name__})")
    return value


def _kinds(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def optional(
    message: Mapping[str, Any], key: str, kind: type | tuple[type, ...], default: Any
) -> Any:
    return default if message.get(key) is None else need(message, key, kind)


# alarms ------------------------------------------------------------------------------------

_ALARM_ENUMS: dict[str, type[enum.Enum]] = {
    "kind": AlarmKind,
    "state": AlarmState,
}


def alarm_to_json(view: AlarmView) -> Json:
    out: Json = {}
    for f in fields(view):
        value = getattr(view, f.name)
        if isinstance(value, Priority):
            value = int(value)
        elif isinstance(value, enum.Enum):
            value = value.value
        out[f.name] = value
    return out


def alarm_from_json(message: Mapping[str, Any]) -> AlarmView:
    try:
        values = {
            f.name: message[f.name]
            for f in fields(AlarmView)
            if f.name in message or f.default is MISSING  # a missing translation is no error
        }
        for key, kind in _ALARM_ENUMS.items():
            values[key] = kind(values[key])
        values["priority"] = Priority(values["priority"])
    except KeyError as exc:
        raise MessageError(f"an alarm state lacks field {exc}") from None
    except ValueError as exc:
        raise MessageError(f"an alarm state has a bad value: {exc}") from None
    return AlarmView(**values)


# connections -------------------------------------------------------------------------------


def connection_to_json(status: ConnectionStatus) -> Json:
    return {
        "name": status.name,
        "kind": status.kind,
        "endpoint": status.endpoint,
        "state": status.state.value,
        "detail": status.detail,
        "stats": asdict(status.stats),
        "tag_count": status.tag_count,
    }


def connection_from_json(message: Mapping[str, Any]) -> ConnectionStatus:
    try:
        return ConnectionStatus(
            name=str(message["name"]),
            kind=str(message["kind"]),
            endpoint=str(message["endpoint"]),
            state=ConnectionState(message["state"]),
            detail=str(message["detail"]),
            stats=_stats(message["stats"]),
            tag_count=int(message["tag_count"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise MessageError(f"a connection state is not readable: {exc}") from None


_STATS_FIELDS = frozenset(f.name for f in fields(ConnectionStats))


def _stats(message: Mapping[str, Any]) -> ConnectionStats:
    """The common counters of a connection (a driver's own extra counters, such as OPC UA's
    notifications, are left out: the console shows the common ones)."""
    return ConnectionStats(**{k: v for k, v in message.items() if k in _STATS_FIELDS})


# users and writes --------------------------------------------------------------------------


def user_to_json(user: User) -> Json:
    areas = None if user.areas is None else sorted(user.areas)
    return {"name": user.name, "role": user.role.value, "areas": areas, "demo": user.demo}


def user_from_json(message: Mapping[str, Any]) -> User:
    try:
        areas = message.get("areas")
        return User(
            str(message["name"]),
            Role(message["role"]),
            None if areas is None else frozenset(str(a) for a in areas),
            bool(message.get("demo", False)),
        )
    except (KeyError, ValueError) as exc:
        raise MessageError(f"a user is not readable: {exc}") from None


def write_result_to_json(result: WriteResult) -> Json:
    out = asdict(result)
    out["status"] = result.status.value
    return out


def write_result_from_json(message: Mapping[str, Any]) -> WriteResult:
    try:
        latency = message.get("latency_ms")
        return WriteResult(
            tag=str(message["tag"]),
            status=WriteStatus(message["status"]),
            reason=str(message.get("reason") or ""),
            requested=message.get("requested"),
            old=message.get("old"),
            readback=message.get("readback"),
            latency_ms=None if latency is None else float(latency),
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise MessageError(f"a write result is not readable: {exc}") from None


# requests and answers ----------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    """One operator action as a console sends it."""

    action: Action
    session: str = ""
    args: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> bytes:
        return dumps({"action": self.action.value, "session": self.session, **self.args})

    @classmethod
    def from_json(cls, data: bytes | bytearray | str) -> Request:
        message = loads(data)
        name = need(message, "action", str)
        try:
            action = Action(name)
        except ValueError:
            raise MessageError(f"unknown action {message.get('action')!r}") from None
        session = optional(message, "session", str, "")
        args = {k: v for k, v in message.items() if k not in ("action", "session")}
        return cls(action, session, args)


@dataclass(frozen=True)
class Answer:
    """The server's answer to one request."""

    ok: bool
    error: str = ""
    kind: Refusal | None = None
    result: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def done(cls, **result: Any) -> Answer:
        return cls(True, result=result)

    @classmethod
    def refused(cls, kind: Refusal, error: str) -> Answer:
        return cls(False, error, kind)

    def to_json(self) -> bytes:
        if self.ok:
            return dumps({"ok": True, **self.result})
        assert self.kind is not None
        return dumps({"ok": False, "kind": self.kind.value, "error": self.error})

    @classmethod
    def from_json(cls, data: bytes | bytearray | str) -> Answer:
        message = loads(data)
        if need(message, "ok", bool):
            return cls(True, result={k: v for k, v in message.items() if k != "ok"})
        name = need(message, "kind", str)
        try:
            kind = Refusal(name)
        except ValueError:
            raise MessageError(f"unknown refusal {message.get('kind')!r}") from None
        return cls(False, str(message.get("error", "")), kind)


def value_of(message: Mapping[str, Any], key: str = "value") -> Value:
    """A tag value in a request (bool, number or text)."""
    return need(message, key, (bool, int, float, str))  # type: ignore[no-any-return]
