"""The debrief says what the scripted trainee did, and what the process did meanwhile.

Response times are compared with the moments the script really acted; the tolerance is the
console's own (the engine's clock for acknowledgements, the write path's start for writes).
The process's time outside its normal range comes from the recorded history, so it carries
the scan periods of the tags (0.25 s fast, 1 s normal) and the plant's own dynamics.
"""

from __future__ import annotations

import pytest

from tags.training.debrief import UpsetDebrief
from tags.training.ranges import Excursion
from tests.tags.training.training_support import (
    LIVE,
    RESPONSES_A,
    RESPONSES_B,
    Run,
    Trained,
)

SCAN = 1.0  # s: the slowest scan of the tags judged (Modbus "normal" class)


def upset(run: Run, scenario: str) -> UpsetDebrief:
    return next(u for u in run.debrief.upsets if u.scenario == scenario)


def outside(u: UpsetDebrief, tag: str) -> Excursion:
    return next(e for e in u.excursions if e.tag == tag)


@pytest.mark.parametrize("which", ["a", "b"])
def test_response_times_are_those_of_the_script(trained: Trained, which: str) -> None:
    run: Run = getattr(trained, which)
    responses = RESPONSES_A if which == "a" else RESPONSES_B
    for response in responses:
        u = upset(run, response.scenario)
        done = run.done[response.scenario]
        assert u.start == pytest.approx(done.upset_start, abs=1e-6)
        assert u.first_ack is not None and u.first_write is not None, u.scenario
        assert u.first_ack.what == done.acked
        assert u.first_ack.seconds == pytest.approx(done.acked_at - done.upset_start, abs=0.05)
        assert u.first_ack.seconds == pytest.approx(response.ack_after, abs=0.1)
        assert u.first_write.seconds == pytest.approx(done.written_at - done.upset_start, abs=0.1)
        assert u.first_write.what.startswith(response.tag)


def test_the_upsets_are_judged_in_session_order_with_their_source(trained: Trained) -> None:
    a = trained.a.debrief
    assert [(u.scenario, u.source) for u in a.upsets] == [
        ("emm-pump-trip", "plan"),
        ("cwp-analyser-fault", "plan"),
        ("sco2-cw-pump-trip", "plan"),
        (LIVE, "trainer"),
    ]
    pump = upset(trained.a, "sco2-cw-pump-trip")
    live = upset(trained.a, LIVE)
    assert pump.until == live.start  # the next upset in the same area ends its period
    assert live.first_ack is None and live.first_write is None
    assert a.overall.upsets_unacknowledged == 1


def test_the_time_outside_the_normal_range_follows_the_upset_and_the_answer(
    trained: Trained,
) -> None:
    for run in (trained.a, trained.b):
        analyser = upset(run, "cwp-analyser-fault")  # an upset of 4 s, stopped by the plan
        status = outside(analyser, "CWP.ASH_ANALYSER.STATUS")
        assert analyser.stop is not None and status.back is not None
        assert 0.0 <= status.first_out - analyser.start <= SCAN + 0.3
        assert 0.0 <= status.back - analyser.stop <= SCAN + 0.3
        assert status.outside_s == pytest.approx(analyser.stop - analyser.start, abs=SCAN + 0.3)
        assert analyser.outside_s >= status.outside_s

        emm = upset(run, "emm-pump-trip")  # the flow is back once the standby pump runs
        written = run.done["emm-pump-trip"].written_at
        flow = outside(emm, "EMM.FEED.FLOW.PV")
        assert flow.first_out - emm.start < 1.0 and flow.worst < 35.0  # below LL at once
        valve = outside(emm, "EMM.FEED.FLOW.OP")
        assert valve.back is not None and 0.0 < valve.back - written < 1.5
        assert emm.left_normal and emm.first_out == flow.first_out

        sco2 = upset(run, "sco2-cw-pump-trip")  # cooling water back with the pump restart
        water = outside(sco2, "SCO2.PRECOOL.CW_FLOW")
        low_flow = water.intervals[0]  # (then the wide-open precooler valve overshoots it)
        assert low_flow[0] == water.first_out and water.first_out - sco2.start < 1.0
        assert 0.0 < low_flow[1] - run.done["sco2-cw-pump-trip"].written_at < 2.0
        assert water.worst < 900.0  # one pump: below LL 900 m³/h


def test_alarms_raised_are_counted_and_listed_per_upset(trained: Trained) -> None:
    emm = upset(trained.a, "emm-pump-trip")
    assert "EMM.CIRC.NO_FLOW.DISCRETE" in [a.alarm for a in emm.alarms]
    cwp = upset(trained.a, "cwp-analyser-fault")
    assert {"CWP.ASH_ANALYSER.STATUS.HI", "CWP.CLEAN.ASH.BAD_QUALITY"} <= {
        a.alarm for a in cwp.alarms
    }
    assert all(0.0 <= a.offset < 2.0 for a in cwp.alarms)
    counted = sum(len(u.alarms) for u in trained.a.debrief.upsets)
    assert trained.a.debrief.overall.alarms_raised >= counted


def test_trends_show_the_key_tags_around_each_upset_with_its_moments(
    trained: Trained,
) -> None:
    emm = upset(trained.a, "emm-pump-trip")
    assert emm.charts
    chart = next(c for c in emm.charts if c.tag == "EMM.FEED.FLOW.PV")
    assert chart.start == trained.a.info.start  # a bit before, within the session
    assert chart.end == trained.a.debrief.end
    assert any(v < 35.0 for v in chart.values) and any(v > 45.0 for v in chart.values)
    assert {m.label for m in chart.markers} >= {"start", "ack", "write"}
    assert chart.band is not None and (chart.band.low, chart.band.high) == (50.0, 60.0)
    assert ("LOLO 35", 35.0) in chart.limits


def test_the_overall_figures_sum_up_the_session(trained: Trained) -> None:
    o = trained.a.debrief.overall
    assert (o.upsets, o.acknowledgements, o.writes_accepted, o.writes_refused) == (4, 3, 3, 1)
    assert o.shelve_actions == 2  # shelve and unshelve
    assert o.screens == ("overview", "sco2-loop", "emm-cellhouse")
    acks = [r.ack_after for r in RESPONSES_A]
    assert o.mean_ack_s == pytest.approx(sum(acks) / 3, abs=0.1)
    assert o.worst_ack_s == pytest.approx(max(acks), abs=0.1)
    assert o.outside_s > 0.0
    assert trained.a.debrief.lines()[0].startswith("pump trips: trainee olga, trainer tess")
