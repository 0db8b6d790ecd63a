"""The servers of a redundant pair as a console sees them: the members each server publishes
(``hmi/<group>/state/pair-<instance>``), read from the link's retained states, and the lines
the diagnostics screen shows (which serves, since when, the last takeovers)."""

from __future__ import annotations

import logging
import time

from tags.control_room.console.remote_states import RemoteStates
from tags.control_room.messages import MessageError, dumps
from tags.control_room.pair_messages import (
    PAIR_STATE,
    PairMember,
    ServerRole,
    Takeover,
    member_from_json,
)

log = logging.getLogger(__name__)

_ORDER = {ServerRole.PRIMARY: 0, ServerRole.STANDBY: 1, ServerRole.FENCED: 2}


def pair_members(states: RemoteStates) -> list[PairMember]:
    """Every member of the pair the server publishes, the primary first (none: no pair)."""
    members = []
    for name in states.names:
        if not name.startswith(PAIR_STATE):
            continue
        try:
            members.append(member_from_json(dumps(states.get(name))))
        except (MessageError, TypeError, ValueError) as exc:
            log.warning("pair member %s cannot be read: %s", name, exc)
    return sorted(members, key=lambda m: (_ORDER.get(m.role, 3), m.instance))


def _clock(t: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(t))


def member_line(member: PairMember) -> str:
    """``scada-a on host-1: primary since 2026-12-07 14:02:11 (failover)``."""
    detail = f" ({member.detail})" if member.detail else ""
    return (
        f"{member.instance} on {member.host}: {member.role.value} since "
        f"{_clock(member.since)}{detail}"
    )


def takeover_line(takeover: Takeover) -> str:
    """``2026-12-07 14:02:11 scada-b: failover from scada-a: primary after 1.6 s``."""
    return f"{_clock(takeover.at)} {takeover.instance}: {takeover.detail}"


def last_takeovers(members: list[PairMember]) -> tuple[Takeover, ...]:
    """The takeovers the primary knows of (else any member's), newest first."""
    for member in members:
        if member.takeovers:
            return member.takeovers
    return ()
