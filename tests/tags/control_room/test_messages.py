"""The control room's JSON payloads: alarm states, connection states, users, write results,
requests and answers read back as they were sent; a bad payload says which field."""

from __future__ import annotations

import dataclasses

import pytest

from tags.alarms.state import AlarmState, AlarmView
from tags.control_room import messages as m
from tags.drivers.base import ConnectionState, ConnectionStats, ConnectionStatus
from tags.drivers.opcua.subscription import OpcUaStats
from tags.model import AlarmKind, Priority
from tags.security.permissions import Role, User
from tags.write_path import WriteResult, WriteStatus


def test_states_and_results_read_back_as_sent() -> None:
    view = AlarmView(
        "EMM.T.HI", "EMM.T", AlarmKind.HI, Priority.HIGH, "EMM", "cells", AlarmState.SHELVED,
        True, False, False, False, 45.0, 47.5, "Cell temperature high", "", "", 10.0, 12.0,
        900.0, "sensor being replaced", "olga", "", 0, False,
    )  # fmt: skip
    assert m.alarm_from_json(m.loads(m.dumps(m.alarm_to_json(view)))) == view
    status = ConnectionStatus(
        "PLC-1", "modbus", "127.0.0.1:502", ConnectionState.RECONNECTING, "refused",
        ConnectionStats(requests=3, errors=1, last_error="refused"), 40,
    )  # fmt: skip
    assert m.connection_from_json(m.loads(m.dumps(m.connection_to_json(status)))) == status
    opcua = dataclasses.replace(status, stats=OpcUaStats(requests=5, notifications=300))
    read = m.connection_from_json(m.loads(m.dumps(m.connection_to_json(opcua))))
    assert read.stats == ConnectionStats(requests=5)  # a driver's own counters left out
    user = User("olga", Role.OPERATOR, frozenset({"EMM"}))
    assert m.user_from_json(m.user_to_json(user)) == user
    result = WriteResult("EMM.SP", WriteStatus.REFUSED, "above the high limit 60", 70.0, 50.0)
    assert m.write_result_from_json(m.loads(m.dumps(m.write_result_to_json(result)))) == result


def test_requests_and_answers() -> None:
    request = m.Request(m.Action.WRITE, "token", {"tag": "EMM.SP", "value": 55.0, "reason": ""})
    assert m.Request.from_json(request.to_json()) == request
    assert m.Answer.from_json(m.Answer.done(session="s").to_json()) == m.Answer.done(session="s")
    refused = m.Answer.refused(m.Refusal.DENIED, "a viewer may not write")
    assert m.Answer.from_json(refused.to_json()) == refused
    with pytest.raises(m.MessageError, match="unknown action 'format_disk'"):
        m.Request.from_json(b'{"action": "format_disk"}')
    with pytest.raises(m.MessageError, match="missing field 'action'"):
        m.Request.from_json(b"{}")
    with pytest.raises(m.MessageError, match="not JSON"):
        m.Request.from_json(b"\xff")
    with pytest.raises(m.MessageError, match="field 'value' has the wrong type"):
        m.value_of({"value": [1]})
