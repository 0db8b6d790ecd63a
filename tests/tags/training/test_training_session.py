"""A training session on the real runtime records what happened, each thing with its time."""

from __future__ import annotations

import pytest

from tags.replay.timeline import EventKind, TimelineEvent
from tags.training.store import STEADY_STATE, TrainingStore
from tests.tags.training.training_support import (
    FACTOR,
    LIVE,
    PLAN,
    Trained,
)


def test_a_session_keeps_who_what_from_which_state_and_its_time_range(
    trained: Trained, stored: TrainingStore
) -> None:
    a, b = trained.a.info, trained.b.info
    assert (a.trainer, a.trainee, a.time_factor, a.plan) == ("tess", "olga", FACTOR, PLAN)
    assert a.start_state == STEADY_STATE
    assert b.start_state == "snapshot start"
    assert a.end is not None and b.end is not None
    assert a.start < a.end < b.start < b.end
    assert [s.id for s in stored.sessions()] == [b.id, a.id]
    assert stored.session(a.id) == a and stored.session(b.id) == b
    assert [(s.name, s.user) for s in stored.snapshots()] == [("start", "tess")]
    assert stored.load_snapshot("start").time == trained.store.load_snapshot("start").time
    assert trained.a.extras["speed during"] == FACTOR
    assert trained.a.extras["speed after"] == 1.0  # given back at the end


def test_every_kind_of_event_is_recorded_with_its_time(
    trained: Trained, stored: TrainingStore
) -> None:
    records = stored.records(trained.a.info.id)
    assert [r.time for r in records] == sorted(r.time for r in records)
    info = trained.a.info
    assert all(info.start <= r.time <= (info.end or 0) for r in records)
    seen = {(r.kind, r.action) for r in records}
    assert {
        (EventKind.SCREEN, "open"),
        (EventKind.UPSET, "start"),
        (EventKind.UPSET, "stop"),
        (EventKind.ALARM, "active"),
        (EventKind.ACK, "ack"),
        (EventKind.CLEAR, "cleared"),
        (EventKind.SHELVE, "shelve"),
        (EventKind.SHELVE, "unshelve"),
        (EventKind.WRITE, "confirmed"),
        (EventKind.WRITE, "refused"),
    } <= seen
    screens = [r.name for r in records if r.kind is EventKind.SCREEN]
    assert screens == ["overview", "sco2-loop", "emm-cellhouse"]


def test_writes_keep_old_and_new_values_and_refusals_their_reason(
    trained: Trained, stored: TrainingStore
) -> None:
    writes = stored.records(trained.a.info.id, [EventKind.WRITE])
    refused = [w for w in writes if w.action == "refused"]
    assert len(refused) == 1  # the refusal before the session is not in it
    assert (refused[0].tag, refused[0].new, refused[0].user) == ("CWP.DMC.DENS.SP", "9.9", "olga")
    assert "above the write limit" in refused[0].text
    pump = next(w for w in writes if w.tag == "EMM.CIRC.P2.CMD")
    assert (pump.old, pump.new, pump.action, pump.area) == ("False", "True", "confirmed", "EMM")
    done = trained.a.done["emm-pump-trip"]
    assert pump.time == pytest.approx(done.written_at, abs=0.1)  # when the trainee wrote


def test_upsets_of_the_plan_and_of_the_trainer_are_recorded_at_their_times(
    trained: Trained, stored: TrainingStore
) -> None:
    info = trained.a.info
    upsets = stored.records(info.id, [EventKind.UPSET])
    planned = {(r.name, r.action): r.time - info.start for r in upsets if r.source == "plan"}
    assert planned[("emm-pump-trip", "start")] == pytest.approx(0.5, abs=0.15)
    assert planned[("cwp-analyser-fault", "stop")] == pytest.approx(4.5, abs=0.15)
    assert planned[("sco2-cw-pump-trip", "stop")] == pytest.approx(3.5, abs=0.15)
    live = [(r.action, r.source, r.user) for r in upsets if r.name == LIVE]
    assert live == [("start", "trainer", "tess"), ("stop", "trainer", "tess")]
    ended = [r.name for r in upsets if r.source == "end"]
    assert ended == ["emm-pump-trip"]  # no stop time in the plan: the end stopped it
    session = trained.a.session
    states = {u.scenario: u for u in session.upsets()}
    assert states[LIVE].source == "trainer" and not states[LIVE].active
    assert session.active_upsets() == []


def test_alarm_records_name_the_alarm_area_priority_and_acknowledging_user(
    trained: Trained, stored: TrainingStore
) -> None:
    records = stored.records(trained.a.info.id, [EventKind.ALARM, EventKind.ACK])
    raised = {r.name: r for r in records if r.kind is EventKind.ALARM}
    no_flow = raised["EMM.CIRC.NO_FLOW.DISCRETE"]
    assert (no_flow.area, no_flow.priority, no_flow.tag) == ("EMM", 2, "EMM.CIRC.NO_FLOW")
    acks = {r.name: r for r in records if r.kind is EventKind.ACK}
    done = trained.a.done["emm-pump-trip"]
    ack = acks[done.acked]
    assert ack.user == "olga" and "(seen)" in ack.text
    assert ack.time == pytest.approx(done.acked_at, abs=0.05)


def test_events_give_the_session_as_a_timeline(trained: Trained, stored: TrainingStore) -> None:
    events = stored.events(trained.b.info.id)
    assert events and all(isinstance(e, TimelineEvent) for e in events)
    assert events == [r.timeline() for r in trained.b.debrief.records]
    kinds = {e.kind for e in events}
    assert {EventKind.UPSET, EventKind.ALARM, EventKind.ACK, EventKind.WRITE} <= kinds
    alarm = next(e for e in events if e.kind is EventKind.ALARM)
    assert alarm.priority >= 1 and alarm.tag
