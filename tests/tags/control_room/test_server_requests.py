"""Operator requests answered by the server over MQTT 5 (response topic, correlation data):
log-in, sessions that expire with the idle lock, alarm actions and writes checked again by the
server and audited with the user and the console's workstation."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from tags.alarms.state import AlarmState
from tags.clock import ManualClock
from tags.control_room.messages import (
    Action,
    Answer,
    Refusal,
    Request,
    alarm_from_json,
    write_result_from_json,
)
from tags.control_room.topics import Topics
from tags.write_path import WriteStatus
from tests.mqtt_broker import MqttBroker
from tests.tags.control_room.room_bench import GROUP, LEVEL_HI, console, running_room
from tests.waiting import until

TOPICS = Topics(GROUP)


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_log_in_checks_the_password_and_gives_a_session(
    mqtt_broker: MqttBroker, tmp_path: Path
) -> None:
    async with running_room(mqtt_broker, tmp_path) as run, console(mqtt_broker, TOPICS) as ws:
        wrong = await ws.ask(Action.LOGIN, user="olga", password="not her password")
        assert (wrong.ok, wrong.kind) == (False, Refusal.LOGIN)
        right = await ws.ask(Action.LOGIN, user="olga", password="correct horse battery")
        assert right.ok and len(str(right.result["session"])) >= 32
        assert right.result["user"]["role"] == "operator"
        assert right.result["idle_lock_s"] == 600
        logins = run.runtime.audit.query(user="olga")
        assert [(r.action, r.workstation) for r in logins] == [("login", "ws1"),
                                                               ("login_failed", "ws1")]  # fmt: skip
        refused = await ws.ask(Action.ACKNOWLEDGE, alarm=LEVEL_HI)
        assert (refused.ok, refused.kind) == (False, Refusal.SESSION)
        elsewhere = await _ask_from(mqtt_broker, "ws2", str(right.result["session"]))
        assert elsewhere == Refusal.SESSION  # a session belongs to its workstation
        assert (await ws.ask(Action.LOGOUT, str(right.result["session"]))).ok
        assert run.runtime.audit.query(action="logout")[0].workstation == "ws1"


async def _ask_from(broker: MqttBroker, workstation: str, session: str) -> Refusal | None:
    async with console(broker, TOPICS, workstation) as other:
        answer = await other.ask(Action.ACKNOWLEDGE, session, alarm=LEVEL_HI)
        return answer.kind


@pytest.mark.slow
@pytest.mark.asyncio
async def test_an_acknowledgement_changes_the_retained_alarm_and_is_audited(
    mqtt_broker: MqttBroker, tmp_path: Path
) -> None:
    async with running_room(mqtt_broker, tmp_path) as run, console(mqtt_broker, TOPICS) as ws:
        topic = TOPICS.alarm(LEVEL_HI)
        await ws.wait_for(topic)
        viewer = await ws.login("vic")
        denied = await ws.ask(Action.ACKNOWLEDGE, viewer, alarm=LEVEL_HI)
        assert (denied.ok, denied.kind) == (False, Refusal.DENIED)
        session = await ws.login("olga")
        answer = await ws.ask(Action.ACKNOWLEDGE, session, alarm=LEVEL_HI, comment="seen")
        assert answer.ok, answer.error
        assert alarm_from_json(answer.result["alarm"]).state is AlarmState.ACTIVE_ACK

        def acknowledged(message: object) -> bool:
            payload = getattr(message, "payload", b"")
            return bool(payload) and json.loads(payload)["state"] == "active_ack"

        await ws.wait_for(topic, acknowledged)
        again = await ws.ask(Action.ACKNOWLEDGE, session, alarm=LEVEL_HI)
        assert (again.ok, again.kind) == (False, Refusal.REFUSED)
        records = run.runtime.audit.query(action="alarm_acknowledge")
        done = [r for r in records if r.result == "ok"]
        assert [(r.user, r.workstation, r.tag, r.reason) for r in done] == [
            ("olga", "ws1", LEVEL_HI, "seen")
        ]
        assert any(r.user == "vic" and r.result.startswith("denied") for r in records)
        write = await ws.ask(Action.WRITE, session, tag="NORTH.LEVEL", value=50, reason="drain")
        assert write.ok and write.result["result"]["status"] == "confirmed"
        await ws.wait_for(topic, lambda m: not getattr(m, "payload", b"x"))  # normal: deleted


@pytest.mark.slow
@pytest.mark.asyncio
async def test_writes_are_checked_by_the_server_and_audited_with_user_and_workstation(
    mqtt_broker: MqttBroker, tmp_path: Path
) -> None:
    async with running_room(mqtt_broker, tmp_path) as run, console(mqtt_broker, TOPICS) as ws:
        viewer = await ws.login("vic")
        answer = await ws.ask(Action.WRITE, viewer, tag="NORTH.FLOW", value=42.0, reason="try")
        refused = write_result_from_json(answer.result["result"])
        assert refused.status is WriteStatus.REFUSED and "viewer" in refused.reason
        operator = await ws.login("olga")
        over = await ws.ask(Action.WRITE, operator, tag="NORTH.FLOW", value=150.0)
        over_result = write_result_from_json(over.result["result"])
        assert over_result.status is WriteStatus.REFUSED and "100" in over_result.reason
        done = await ws.ask(Action.WRITE, operator, tag="NORTH.FLOW", value=42.0, reason="trim")
        result = write_result_from_json(done.result["result"])
        assert result.status is WriteStatus.CONFIRMED, result.reason
        await until(lambda: run.runtime.db.get("NORTH.FLOW").value == 42.0)
        records = run.runtime.audit.query(tag="NORTH.FLOW")
        by_action = {(r.action, r.user): r for r in records}
        write = by_action[("write", "olga")]
        assert (write.workstation, write.new, write.reason) == ("ws1", "42.0", "trim")
        assert by_action[("write_refused", "vic")].workstation == "ws1"
        unknown = await ws.ask(Action.WRITE, operator, tag="NO.SUCH", value=1)
        assert (unknown.ok, unknown.kind) == (False, Refusal.INVALID)
        assert "NO.SUCH" in unknown.error


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_session_expires_after_the_idle_lock_without_a_request(
    mqtt_broker: MqttBroker, tmp_path: Path
) -> None:
    clock = ManualClock()
    async with (
        running_room(mqtt_broker, tmp_path, session_clock=clock, idle_lock_s=60) as run,
        console(mqtt_broker, TOPICS) as ws,
    ):
        session = await ws.login("olga")
        clock.advance(50)
        comment = await ws.ask(Action.ACKNOWLEDGE, session, alarm=LEVEL_HI, comment="on it")
        assert comment.ok, comment.error  # a request keeps the session alive
        clock.advance(61)
        late = await ws.ask(Action.RESET, session, alarm=LEVEL_HI)
        assert (late.ok, late.kind) == (False, Refusal.SESSION)
        assert "log in again" in late.error
        locked = run.runtime.audit.query(action="session_locked")
        assert [(r.user, r.workstation) for r in locked] == [("olga", "ws1")]


@pytest.mark.slow
@pytest.mark.asyncio
async def test_malformed_requests_are_answered_invalid_and_the_server_goes_on(
    mqtt_broker: MqttBroker, tmp_path: Path
) -> None:
    async with running_room(mqtt_broker, tmp_path), console(mqtt_broker, TOPICS) as ws:
        no_answer = Properties(PacketTypes.PUBLISH)
        no_answer.CorrelationData = b"lost"
        await ws.client.publish(TOPICS.request("ws1"), b"{}", qos=1, properties=no_answer)
        properties = Properties(PacketTypes.PUBLISH)
        properties.ResponseTopic = TOPICS.response("ws1")
        properties.CorrelationData = b"x-0"
        future: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()
        ws.answers[b"x-0"] = future
        await ws.client.publish(TOPICS.request("ws1"), b"not json", qos=1, properties=properties)
        bad = await future
        assert (bad.ok, bad.kind) == (False, Refusal.INVALID) and "JSON" in bad.error
        missing = await ws.ask(Action.LOGIN, user="olga")
        assert missing.kind is Refusal.INVALID and "password" in missing.error
        session = await ws.login("olga")
        shelve = await ws.ask(Action.SHELVE, session, alarm=LEVEL_HI, reason="x", duration=1e9)
        assert shelve.kind is Refusal.REFUSED and "maximum" in shelve.error
        unknown = await ws.ask(Action.ACKNOWLEDGE, session, alarm="NO.SUCH.HI")
        assert unknown.kind is Refusal.INVALID
        assert (await ws.ask(Action.REBIRTH)).ok
        # an answer goes only where the requesting workstation reads, not where it asks
        elsewhere = Properties(PacketTypes.PUBLISH)
        elsewhere.ResponseTopic = TOPICS.state("connections")
        elsewhere.CorrelationData = b"hijack"
        hijack = Request(Action.REBIRTH).to_json()
        await ws.client.publish(TOPICS.request("ws1"), hijack, qos=1, properties=elsewhere)
        assert (await ws.ask(Action.REBIRTH)).ok and (await ws.ask(Action.REBIRTH)).ok
        assert not [r for r in ws.on(TOPICS.state("connections")) if b"ok" in r.payload]
