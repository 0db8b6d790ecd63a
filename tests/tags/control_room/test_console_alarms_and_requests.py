"""A console client's alarms, states and requests on a real broker, served by a stand-in:
a console started late gets the retained alarms and states; lists and counts follow the
messages; alarms that returned to normal while the console was away are gone after the
reconnect; requests come back with answers, refusals raise what a console handles, and a
request nobody answers comes back UNAVAILABLE."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from tags.alarms.state import AlarmState, AlarmView
from tags.config.project import Project
from tags.control_room.broker import parse_broker_url
from tags.control_room.console.console_client import ConsoleClient
from tags.control_room.console.remote_session import RemoteDenied, SessionExpired
from tags.control_room.messages import (
    Action,
    Answer,
    Refusal,
    alarm_to_json,
    connection_to_json,
    write_result_to_json,
)
from tags.drivers.base import ConnectionState, ConnectionStats, ConnectionStatus
from tags.model import Priority
from tags.security.permissions import PermissionDenied, Role
from tags.security.users import AuthError
from tags.write_path import WriteResult, WriteStatus
from tests.mqtt_broker import MqttBroker
from tests.tags.control_room.stand_in_server import (
    PASSWORD,
    StandInServer,
    bench_project,
    raised,
)
from tests.waiting import until

pytestmark = [pytest.mark.slow, pytest.mark.asyncio]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return bench_project(tmp_path)


@pytest_asyncio.fixture
async def stand_in(mqtt_broker: MqttBroker, project: Project) -> AsyncIterator[StandInServer]:
    server = StandInServer(mqtt_broker, project)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


def console_of(broker: MqttBroker, project: Project, **options: float) -> ConsoleClient:
    return ConsoleClient(project, parse_broker_url(broker.url, where="test"), "ws-1", **options)


@pytest_asyncio.fixture
async def console(mqtt_broker: MqttBroker, project: Project) -> AsyncIterator[ConsoleClient]:
    client = console_of(mqtt_broker, project, request_timeout=3.0)
    await client.start()
    try:
        yield client
    finally:
        await client.stop()


def normal(console: ConsoleClient, name: str) -> AlarmView:
    return console.alarms.alarm(name)


async def test_a_console_started_late_gets_the_standing_alarms_and_states(
    mqtt_broker: MqttBroker, project: Project, stand_in: StandInServer
) -> None:
    now = time.time()
    template = console_of(mqtt_broker, project)  # the definitions, for the views to publish
    await stand_in.set_alarm(raised(template.alarms.alarm("TST.FLOW.HI"), now - 60, 85.0))
    plc = ConnectionStatus(
        "plc", "modbus", "127.0.0.1:502", ConnectionState.CONNECTED, "", ConnectionStats(), 12
    )
    await stand_in.set_state("connections", [connection_to_json(plc)])
    await stand_in.set_state("kpis", {"window": {"annunciated": 1}})

    late = console_of(mqtt_broker, project)
    started = time.monotonic()
    await late.start()
    try:
        await until(lambda: [v.name for v in late.alarms.active()] == ["TST.FLOW.HI"])
        await until(lambda: late.server_reachable and late.states.get("kpis") is not None)
        assert time.monotonic() - started < 10.0
        view = late.alarms.alarm("TST.FLOW.HI")
        assert view.state is AlarmState.ACTIVE_UNACK
        assert (view.value, view.message) == (85.0, "Flow high")
        names = late.connection_names()
        assert names == ["server", "server/plc"]
        server_plc = late.connection_status()[1]
        assert server_plc.state is ConnectionState.CONNECTED and server_plc.tag_count == 12
        assert server_plc.kind == "modbus (server)"
    finally:
        await late.stop()
    # stopped, the server's connections are shown as unknown, not as connected
    assert late.connection_status()[1].state is ConnectionState.STOPPED


async def test_lists_and_counts_follow_the_alarm_messages(
    stand_in: StandInServer, console: ConsoleClient
) -> None:
    await until(lambda: console.server_reachable)
    changes: list[str] = []
    subscription = console.alarms.subscribe(lambda views: changes.extend(v.name for v in views))
    now = time.time()
    flow_hi = raised(normal(console, "TST.FLOW.HI"), now - 30, 85.0)
    level = raised(normal(console, "TST.LEVEL.HIHI"), now - 10, 97.0, acked=True)
    shelved = _shelved(normal(console, "TST.FLOW.LO"), now + 600)
    for view in (flow_hi, level, shelved):
        await stand_in.set_alarm(view)
    await until(lambda: len(console.alarms.active()) == 2 and console.alarms.shelved())

    alarms = console.alarms
    assert [v.name for v in alarms.active()] == ["TST.LEVEL.HIHI", "TST.FLOW.HI"]  # priority
    assert [v.name for v in alarms.shelved()] == ["TST.FLOW.LO"]
    assert alarms.shelved()[0].reason == "sensor replaced"
    counts = alarms.counts()["TST"]
    assert counts.unacknowledged[Priority.HIGH] == 1 and counts.total_unacknowledged == 1
    assert counts.standing[Priority.CRITICAL] == 1 and counts.standing[Priority.HIGH] == 1
    assert counts.shelved == 1 and counts.suppressed == 0
    assert alarms.kpis().window.annunciated == 2
    assert {"TST.FLOW.HI", "TST.LEVEL.HIHI", "TST.FLOW.LO"} <= set(changes)

    await stand_in.clear_alarm("TST.FLOW.HI")
    await until(lambda: [v.name for v in alarms.active()] == ["TST.LEVEL.HIHI"])
    assert alarms.alarm("TST.FLOW.HI").state is AlarmState.NORMAL
    assert alarms.counts()["TST"].total_unacknowledged == 0
    subscription.close()


def _shelved(view: AlarmView, until_time: float) -> AlarmView:
    return dataclasses.replace(
        view,
        state=AlarmState.SHELVED,
        shelved_until=until_time,
        reason="sensor replaced",
        by="ann",
    )


async def test_alarms_that_cleared_while_away_are_gone_after_the_reconnect(
    mqtt_broker: MqttBroker, stand_in: StandInServer, console: ConsoleClient
) -> None:
    now = time.time()
    await stand_in.set_alarm(raised(normal(console, "TST.FLOW.HI"), now - 5, 85.0))
    await stand_in.set_alarm(raised(normal(console, "TST.LEVEL.HIHI"), now - 5, 97.0))
    await until(lambda: len(console.alarms.active()) == 2)

    mqtt_broker.stop()
    await until(lambda: not console.link.connected)
    assert len(console.alarms.active()) == 2  # the last known stay shown while away
    await stand_in.clear_alarm("TST.FLOW.HI")  # the server's truth changes meanwhile
    mqtt_broker.start()
    await stand_in.reconnect()
    await until(lambda: [v.name for v in console.alarms.active()] == ["TST.LEVEL.HIHI"])
    assert console.alarms.alarm("TST.FLOW.HI").state is AlarmState.NORMAL


async def test_requests_come_back_with_answers_and_refusals(
    stand_in: StandInServer, console: ConsoleClient
) -> None:
    await until(lambda: console.server_reachable)
    session = console.session
    with pytest.raises(AuthError, match="wrong password"):
        await session.login("ann", "not-it")
    user = await session.login("ann", PASSWORD)
    assert (user.name, user.role, session.token) == ("ann", Role.OPERATOR, "token-1")
    assert session.idle_lock_s == 900

    acked = raised(normal(console, "TST.FLOW.HI"), time.time(), 85.0, acked=True)
    stand_in.answers[Action.ACKNOWLEDGE] = lambda r: Answer.done(alarm=alarm_to_json(acked))
    view = await session.acknowledge("TST.FLOW.HI", comment="seen")
    assert view == acked
    request = stand_in.requests[-1]
    assert request.session == "token-1"
    assert request.args == {"alarm": "TST.FLOW.HI", "comment": "seen"}

    denial = "operator 'ann' may not shelve alarms in area AUX"
    stand_in.answers[Action.SHELVE] = lambda r: Answer.refused(Refusal.DENIED, denial)
    with pytest.raises(PermissionDenied, match=denial) as denied:
        await session.shelve("TST.FLOW.HI", reason="test", duration=60)
    assert isinstance(denied.value, RemoteDenied) and denied.value.kind is Refusal.DENIED

    result = WriteResult("TST.FLOW", WriteStatus.CONFIRMED, "read-back matches", 12.0, 42.5, 12.0)
    stand_in.answers[Action.WRITE] = lambda r: Answer.done(result=write_result_to_json(result))
    assert await session.write("TST.FLOW", 12.0, reason="test") == result

    expired: list[str] = []
    session.subscribe(expired.append)
    stand_in.answers[Action.RESET] = lambda r: Answer.refused(Refusal.SESSION, "session expired")
    with pytest.raises(SessionExpired, match="session expired"):
        await session.reset("TST.FLOW.HI")
    assert expired == ["session expired"] and session.user is None and not session.token


async def test_a_request_without_an_answer_comes_back_unavailable(
    mqtt_broker: MqttBroker, stand_in: StandInServer, console: ConsoleClient
) -> None:
    await until(lambda: console.server_reachable)
    stand_in.silent.add(Action.ACKNOWLEDGE)
    answer = await console.requests.request(Action.ACKNOWLEDGE, session="x", timeout=0.5)
    assert not answer.ok and answer.kind is Refusal.UNAVAILABLE
    assert answer.error.startswith("server unreachable: no answer to acknowledge")

    mqtt_broker.stop()
    await until(lambda: not console.link.connected)
    exchange = await console.requests.exchange(Action.LOGIN, user="ann", password=PASSWORD)
    assert not exchange.sent and exchange.answer.kind is Refusal.UNAVAILABLE
    assert exchange.answer.error.startswith("server unreachable")
