"""What a redundant server pair says of itself on the broker and through the store.

Each server of a pair publishes, retained, ``hmi/<group>/state/pair-<instance>``: a
``PairMember`` (which server, on which host, its role and since when, and the last takeovers
it knows of, from the audit trail). Its will sets the role ``offline``. Consoles read both
members under ``state/`` (their ACL allows it) to show both servers and which one serves.

The servers of a pair and ``server --switchover`` talk through PostgreSQL notifications on
``CHANNEL`` (``Notice``): ``switchover`` asks the primary to hand over, ``handover`` says it
did (the standby then takes over without waiting for a fence), ``refused`` says why not,
``primary`` says who serves now.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from tags.control_room.messages import MessageError, dumps, loads
from tags.control_room.state_messages import decode, encode

CHANNEL = "hmi_pair"
"""The PostgreSQL notification channel of every pair (the group is in each notice)."""
PAIR_STATE = "pair-"
"""The state name of a member is this followed by its instance name."""


class ServerRole(enum.Enum):
    PRIMARY = "primary"
    """Holds the leadership: reads the field, records, answers the consoles."""
    STANDBY = "standby"
    """Warm: the project loaded, waiting for the leadership; reads and publishes nothing."""
    FENCED = "fenced"
    """Lost the store while primary: stopped acting; becomes a standby again."""
    OFFLINE = "offline"
    """Not running (stopped, or its will)."""


@dataclass(frozen=True)
class Takeover:
    """One time a server became primary (an audit record ``server_takeover``)."""

    at: float
    instance: str
    planned: bool
    """A switchover (handed over) rather than a failover."""
    detail: str = ""


@dataclass(frozen=True)
class PairMember:
    """One server of a pair, as it says itself."""

    instance: str
    host: str
    role: ServerRole
    since: float
    """When it took this role (POSIX seconds)."""
    detail: str = ""
    """Why (a fence's reason, "waiting for the primary", ...)."""
    takeovers: tuple[Takeover, ...] = ()
    """The last takeovers of the pair, newest first (known to the primary)."""


def pair_state(instance: str) -> str:
    """The state name (``topics.state``) of a member."""
    return f"{PAIR_STATE}{instance}"


def member_to_json(member: PairMember) -> bytes:
    return dumps(encode(member))


def member_from_json(data: bytes | bytearray | str) -> PairMember:
    return decode(PairMember, loads(data), "pair member")


class NoticeKind(enum.Enum):
    SWITCHOVER = "switchover"
    HANDOVER = "handover"
    REFUSED = "refused"
    PRIMARY = "primary"


@dataclass(frozen=True)
class Notice:
    """One notification between the servers of a pair (and ``server --switchover``)."""

    kind: NoticeKind
    group: str
    instance: str = ""
    detail: str = ""

    def to_json(self) -> str:
        return dumps(encode(self)).decode()


def notice_from_json(text: str) -> Notice | None:
    """The notice, or None for a payload that is not one (another program's)."""
    try:
        return decode(Notice, loads(text), "notice")
    except MessageError:
        return None
