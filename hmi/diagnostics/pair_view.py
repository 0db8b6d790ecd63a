"""The servers of a redundant pair on the diagnostics screen (a console of a server): each
server with its role and since when, and the last takeovers; refreshed once a second. Grey
while one serves and the other stands by; a coloured mark when no primary is seen or a
server is fenced or offline."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from hmi.diagnostics.state_line import StateLine
from hmi.i18n.marks import QT_TRANSLATE_NOOP
from hmi.local_time import local_time
from tags.control_room.console.remote_pair import last_takeovers, takeover_line
from tags.control_room.pair_messages import PairMember, ServerRole

ROLE_NAMES = {
    "primary": QT_TRANSLATE_NOOP("PairView", "primary"),
    "standby": QT_TRANSLATE_NOOP("PairView", "standby"),
    "fenced": QT_TRANSLATE_NOOP("PairView", "fenced"),
    "offline": QT_TRANSLATE_NOOP("PairView", "offline"),
}


def member_text(member: PairMember) -> str:
    """One server of the pair: where it runs, its role and since when."""
    role = member.role.value
    line = QCoreApplication.translate("PairView", "{instance} on {host}: {role} since {since}")
    since = local_time(member.since, "yyyy-MM-dd HH:mm:ss")
    detail = f" ({member.detail})" if member.detail else ""
    shown_role = QCoreApplication.translate("PairView", ROLE_NAMES.get(role, role))
    return (
        line.format(instance=member.instance, host=member.host, role=shown_role, since=since)
        + detail
    )


def pair_state(members: list[PairMember]) -> tuple[str, str]:
    """(state, text): state is ok, degraded or off (no pair)."""
    if not members:
        return "off", QCoreApplication.translate(
            "PairView", "Servers: one server (not a redundant pair)"
        )
    roles = [m.role for m in members]
    healthy = roles.count(ServerRole.PRIMARY) == 1 and ServerRole.STANDBY in roles
    servers = QCoreApplication.translate("PairView", "Servers:")
    lines = [servers, *(f"  {member_text(m)}" for m in members)]
    takeovers = last_takeovers(members)
    if takeovers:
        lines.append(QCoreApplication.translate("PairView", "Last takeovers:"))
        lines.extend(f"  {takeover_line(t)}" for t in takeovers)
    return ("ok" if healthy else "degraded"), "\n".join(lines)


class PairView(StateLine):
    """The pair's servers (``source()`` gives the members, none when not a pair)."""

    def __init__(
        self, source: Callable[[], list[PairMember]], parent: QWidget | None = None
    ) -> None:
        super().__init__(lambda: pair_state(source()), "pairState", parent)
