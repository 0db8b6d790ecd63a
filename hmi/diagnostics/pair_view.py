"""The servers of a redundant pair on the diagnostics screen (a console of a server): each
server with its role and since when, and the last takeovers; refreshed once a second. Grey
while one serves and the other stands by; a coloured mark when no primary is seen or a
server is fenced or offline."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from hmi.diagnostics.state_line import StateLine
from tags.control_room.console.remote_pair import last_takeovers, member_line, takeover_line
from tags.control_room.pair_messages import PairMember, ServerRole


def pair_state(members: list[PairMember]) -> tuple[str, str]:
    """(state, text): state is ok, degraded or off (no pair)."""
    if not members:
        return "off", "Servers: one server (not a redundant pair)"
    roles = [m.role for m in members]
    healthy = roles.count(ServerRole.PRIMARY) == 1 and ServerRole.STANDBY in roles
    lines = ["Servers:", *(f"  {member_line(m)}" for m in members)]
    takeovers = last_takeovers(members)
    if takeovers:
        lines.append("Last takeovers:")
        lines.extend(f"  {takeover_line(t)}" for t in takeovers)
    return ("ok" if healthy else "degraded"), "\n".join(lines)


class PairView(StateLine):
    """The pair's servers (``source()`` gives the members, none when not a pair)."""

    def __init__(
        self, source: Callable[[], list[PairMember]], parent: QWidget | None = None
    ) -> None:
        super().__init__(lambda: pair_state(source()), "pairState", parent)
