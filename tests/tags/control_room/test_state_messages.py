"""The states the server publishes come back from their JSON as the engine's own objects:
connections, alarm KPIs, energy figures, predictive warnings, instrument health, training
and the server's status; a payload that is not one says which field is wrong."""

from __future__ import annotations

import math

import pytest

from tags.alarms.engine import AlarmEngine
from tags.analytics.energy import LiveEnergy
from tags.analytics.instrument_health import Check, InstrumentIssue, Severity
from tags.analytics.prediction import PredictiveWarning
from tags.clock import ManualClock
from tags.config.project import load_project
from tags.control_room import state_messages as sm
from tags.control_room.messages import MessageError
from tags.drivers.base import ConnectionState, ConnectionStats, ConnectionStatus
from tags.mode import Mode
from tags.model import AlarmKind, Quality, TagSample
from tags.training.plan import PlannedUpset
from tests.paths import DEMO_PROJECT, SIGNALS_PROJECT


def test_connections_round_trip_as_a_json_list() -> None:
    status = [
        ConnectionStatus("plc", "modbus", "127.0.0.1:502", ConnectionState.RECONNECTING,
                         "refused", ConnectionStats(requests=5, errors=1), 12),
    ]  # fmt: skip
    data = sm.connections_to_json(status)
    assert data.startswith(b"[")
    assert sm.connections_from_json(data) == status


def test_alarm_kpis_round_trip() -> None:
    clock = ManualClock()
    engine = AlarmEngine.from_project(load_project(SIGNALS_PROJECT), clock)
    now = clock.now()
    engine.evaluate({"TST.GEN.SINE": TagSample(99.5, Quality.GOOD, now, now)})
    clock.advance(30)
    kpis = engine.kpis()
    assert kpis.window.annunciated >= 1
    assert sm.kpis_from_json(sm.kpis_to_json(kpis)) == kpis


def test_energy_figures_round_trip_and_none_without_analytics() -> None:
    project = load_project(DEMO_PROJECT)
    clock = ManualClock()
    energy = LiveEnergy(project.tags, project.analytics, clock)
    now = clock.now()
    energy.on_batch({name: TagSample(5.0, Quality.GOOD, now, now) for name in energy.names})
    clock.advance(3600)
    snapshot = energy.snapshot()
    assert snapshot.shift.area("EMM").electrolysis is not None
    assert sm.energy_from_json(sm.energy_to_json(snapshot)) == snapshot
    assert sm.energy_from_json(sm.energy_to_json(None)) is None


def test_warnings_issues_and_training_round_trip_with_infinite_numbers() -> None:
    warning = PredictiveWarning("A.T", "A", "A.T.HI", AlarmKind.HI, 90.0, "°C", 80.0, 0.5,
                                math.inf, 100.0, 0.9, 50.0)  # fmt: skip
    assert sm.predictions_from_json(sm.predictions_to_json([warning])) == [warning]
    issue = InstrumentIssue("A.T", "A", Check.FROZEN, Severity.WARNING, 10.0, "no change")
    assert sm.health_from_json(sm.health_to_json([issue])) == [issue]
    upset = sm.UpsetView("pump-trip", "Pump trip", "EMM", "plan", 60.0, None, 61.0, None)
    scenario = sm.ScenarioView("pump-trip", "EMM", "Pump trip", "P1 trips", 120.0, "LO flow")
    session = sm.TrainingSessionView(3, "Night drill", "tom", "olga", 1000.0, 10.0,
                                     "steady state", (upset,), (scenario,), "Night drill",
                                     "Demo", (PlannedUpset("pump-trip", 60.0, 90.0),))  # fmt: skip
    state = sm.TrainingState(Mode.TRAINING, session, can_train=True)
    assert sm.training_from_json(sm.training_to_json(state)) == state
    idle = sm.TrainingState(Mode.SIMULATION)
    assert sm.training_from_json(sm.training_to_json(idle)) == idle
    status = sm.ServerStatus(True, "server", "host1", "Demo", 5.0, 3)
    assert sm.status_from_json(sm.status_to_json(status)) == status


def test_a_malformed_state_says_which_field() -> None:
    with pytest.raises(MessageError, match=r"instrument_health\[0\]\.severity"):
        sm.health_from_json(b'{"issues": [{"tag": "A", "area": "A", "check": "frozen", '
                            b'"severity": "bad", "since": 1, "detail": ""}]}')  # fmt: skip
    with pytest.raises(MessageError, match="missing field 'node'"):
        sm.status_from_json(b'{"online": true}')
    with pytest.raises(MessageError, match="JSON list"):
        sm.connections_from_json(b'{"name": "plc"}')
