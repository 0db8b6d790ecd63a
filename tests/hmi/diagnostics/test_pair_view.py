"""The servers of a redundant pair on the diagnostics screen: both servers with their role
and since when, the primary first, and the last takeovers; grey while one serves and the
other stands by, marked when the standby is gone or a server is fenced; one line without a
pair. The members come from the retained states as a console's link holds them."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from hmi.diagnostics.pair_view import PairView, pair_state
from tags.control_room.console.remote_pair import pair_members
from tags.control_room.console.remote_states import RemoteStates
from tags.control_room.pair_messages import (
    PairMember,
    ServerRole,
    Takeover,
    member_to_json,
)
from tags.control_room.pair_messages import (
    pair_state as state_name,
)

T = 1_796_600_000.0
TAKEOVERS = (
    Takeover(T, "scada-b", False, "failover from scada-a: primary after 1.6 s"),
    Takeover(T - 3600, "scada-a", True, "switchover from scada-b: primary after 0.4 s"),
)


def states_of(*members: PairMember) -> RemoteStates:
    states = RemoteStates()
    for member in members:
        states.take(state_name(member.instance), member_to_json(member))
    states.take("kpis", b"{}")
    return states


def test_the_primary_comes_first_with_the_last_takeovers() -> None:
    states = states_of(
        PairMember("scada-a", "host-1", ServerRole.STANDBY, T + 2, "waiting for the primary"),
        PairMember("scada-b", "host-2", ServerRole.PRIMARY, T, "failover", TAKEOVERS),
    )
    members = pair_members(states)
    assert [m.instance for m in members] == ["scada-b", "scada-a"]
    state, text = pair_state(members)
    assert state == "ok"
    lines = text.splitlines()
    assert lines[1].startswith("  scada-b on host-2: primary since ")
    assert lines[2].startswith("  scada-a on host-1: standby since ")
    assert lines[3] == "Last takeovers:"
    assert lines[4].endswith("scada-b: failover from scada-a: primary after 1.6 s")
    assert lines[5].endswith("scada-a: switchover from scada-b: primary after 0.4 s")


def test_a_pair_without_its_standby_is_marked() -> None:
    members = pair_members(
        states_of(
            PairMember("scada-a", "host-1", ServerRole.OFFLINE, T, "no answer"),
            PairMember("scada-b", "host-2", ServerRole.PRIMARY, T),
        )
    )
    assert pair_state(members)[0] == "degraded"
    assert pair_state([])[0] == "off"


def test_an_unreadable_member_is_left_out() -> None:
    states = states_of(PairMember("scada-b", "host-2", ServerRole.PRIMARY, T))
    states.take(state_name("scada-x"), b'{"instance": "scada-x"}')
    assert [m.instance for m in pair_members(states)] == ["scada-b"]


def test_the_view_follows_the_members(qtbot: QtBot) -> None:
    members: list[PairMember] = []
    view = PairView(lambda: list(members))
    qtbot.addWidget(view)
    assert view.property("state") == "off"
    members.append(PairMember("scada-b", "host-2", ServerRole.PRIMARY, T))
    members.append(PairMember("scada-a", "host-1", ServerRole.STANDBY, T))
    qtbot.waitUntil(lambda: view.property("state") == "ok", timeout=5000)
    assert "scada-b on host-2: primary" in view.text()
