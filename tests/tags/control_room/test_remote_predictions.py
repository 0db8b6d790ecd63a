"""A console's predictive warnings are the server's: its retained ``predictions`` state read
as the analytics' predictor is read (listeners, the standing list, the warning of one tag)."""

from __future__ import annotations

from tags.alarms.config import AlarmKind
from tags.analytics.prediction import PredictiveWarning
from tags.control_room.console.remote_predictions import RemotePredictions
from tags.control_room.console.remote_states import RemoteStates
from tags.control_room.state_messages import PREDICTIONS, predictions_to_json


def warning(tag: str, seconds: float) -> PredictiveWarning:
    return PredictiveWarning(tag, "A", f"{tag}.HI", AlarmKind.HI, 90.0, "°C", 80.0, 0.5,
                             seconds, 1000.0, 0.9, 990.0)  # fmt: skip


def test_the_server_s_warnings_arrive_soonest_first_and_leave_with_its_state() -> None:
    states = RemoteStates()
    predictions = RemotePredictions(states)
    heard: list[list[PredictiveWarning]] = []
    subscription = predictions.subscribe(heard.append)
    assert predictions.warnings() == [] and predictions.warning_for("A.T") is None
    late, soon = warning("A.T", 600.0), warning("A.P", 60.0)
    states.take(PREDICTIONS, predictions_to_json([late, soon]))
    assert predictions.warnings() == [soon, late]
    assert predictions.warning_for("A.T") == late
    assert heard == [[soon, late]]
    states.take("kpis", b"{}")  # another state: nothing to tell
    states.take(PREDICTIONS, predictions_to_json([late, soon]))  # the same: nothing either
    assert len(heard) == 1
    states.take(PREDICTIONS, b"")  # the server holds none any more
    assert predictions.warnings() == [] and heard[-1] == []
    subscription.close()
    predictions.close()


def test_an_unreadable_state_keeps_the_last_warnings() -> None:
    states = RemoteStates()
    predictions = RemotePredictions(states)
    states.take(PREDICTIONS, predictions_to_json([warning("A.T", 60.0)]))
    states.take(PREDICTIONS, b'[{"tag": 1}]')
    assert [w.tag for w in predictions.warnings()] == ["A.T"]
    predictions.close()
