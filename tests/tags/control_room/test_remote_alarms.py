"""RemoteAlarms fed message by message (no broker): every alarm of the project exists before
any message, an empty message is normal, the retained set of a new connection replaces the
old, and operator actions are refused here (they go to the server)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tags.alarms.engine import AlarmRefused
from tags.alarms.state import AlarmState
from tags.clock import ManualClock
from tags.control_room.console.remote_alarms import RemoteAlarms
from tags.control_room.messages import alarm_to_json, dumps
from tags.model import Priority
from tags.security.permissions import Role, User
from tests.tags.control_room.stand_in_server import bench_project, raised


@pytest.fixture
def alarms(tmp_path: Path) -> RemoteAlarms:
    project = bench_project(tmp_path)
    return RemoteAlarms(project.tags, ManualClock(), settings=project.alarm_settings)


def publish(alarms: RemoteAlarms, name: str, at: float, *, acked: bool = False) -> None:
    view = raised(alarms.alarm(name), at, 90.0, acked=acked)
    alarms.take(name, dumps(alarm_to_json(view)))


def test_the_definitions_exist_before_any_message(alarms: RemoteAlarms) -> None:
    assert "TST.FLOW.HI" in alarms.names and "TST.FLOW.BAD_QUALITY" in alarms.names
    view = alarms.alarm("TST.FLOW.HI")
    assert (view.state, view.priority, view.message) == (
        AlarmState.NORMAL,
        Priority.HIGH,
        "Flow high",
    )
    assert alarms.active() == [] and alarms.counts()["TST"].total_unacknowledged == 0


def test_messages_set_the_states_and_an_empty_one_is_normal(alarms: RemoteAlarms) -> None:
    changed: list[tuple[str, AlarmState]] = []
    alarms.subscribe(lambda views: changed.extend((v.name, v.state) for v in views))
    publish(alarms, "TST.FLOW.HI", 100.0)
    publish(alarms, "TST.LEVEL.HIHI", 200.0, acked=True)
    assert [v.name for v in alarms.active()] == ["TST.LEVEL.HIHI", "TST.FLOW.HI"]
    assert alarms.counts()["TST"].unacknowledged[Priority.HIGH] == 1
    alarms.take("TST.FLOW.HI", b"")
    assert alarms.alarm("TST.FLOW.HI").state is AlarmState.NORMAL
    assert changed[-1] == ("TST.FLOW.HI", AlarmState.NORMAL)
    alarms.take("NOT.AN.ALARM", b"{}")  # another project's alarm: noted, ignored
    assert alarms.unknown == {"NOT.AN.ALARM"}


def test_the_retained_set_of_a_new_connection_replaces_the_old(alarms: RemoteAlarms) -> None:
    publish(alarms, "TST.FLOW.HI", 100.0)
    publish(alarms, "TST.LEVEL.HIHI", 200.0)
    alarms.session_started()
    publish(alarms, "TST.LEVEL.HIHI", 200.0)  # still standing on the server
    assert len(alarms.active()) == 2  # until the retained set is complete
    alarms.session_complete()
    assert [v.name for v in alarms.active()] == ["TST.LEVEL.HIHI"]


def test_operator_actions_are_the_servers(alarms: RemoteAlarms) -> None:
    publish(alarms, "TST.FLOW.HI", 100.0)
    with pytest.raises(AlarmRefused, match="go to the server"):
        alarms.acknowledge("TST.FLOW.HI", user=User("ann", Role.OPERATOR))
    assert alarms.tick() == () and alarms.evaluate({}) == ()
    assert alarms.alarm("TST.FLOW.HI").state is AlarmState.ACTIVE_UNACK
