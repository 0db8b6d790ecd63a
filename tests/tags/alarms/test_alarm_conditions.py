"""Alarm conditions: limits, deadband, on/off delays, deviation, rate, discrete, quality."""

from __future__ import annotations

from tags.alarms.engine import AlarmState
from tags.model import AlarmDef, AlarmKind, DataType, Priority, Quality, TagSample
from tests.tags.alarms.bench import Bench, alarm, tag
from tests.tags.alarms.conftest import MakeBench

PV = "TST.FIC1.PV"
SP = "TST.FIC1.SP"


def limits(**kw: float) -> tuple[AlarmDef, ...]:
    kinds = {"lolo": AlarmKind.LOLO, "lo": AlarmKind.LO, "hi": AlarmKind.HI, "hihi": AlarmKind.HIHI}
    return tuple(alarm(PV, kinds[k], v) for k, v in kw.items())


# limits and deadband -------------------------------------------------------------------------


def test_hi_alarm_activates_when_the_value_reaches_the_limit(make_bench: MakeBench) -> None:
    bench = make_bench(tag(PV, *limits(hi=90)))
    bench.set({PV: 89.9})
    assert bench.state(f"{PV}.HI") is AlarmState.NORMAL
    bench.set({PV: 90.0})
    assert bench.state(f"{PV}.HI") is AlarmState.ACTIVE_UNACK


def test_a_value_above_hihi_activates_both_hi_and_hihi(make_bench: MakeBench) -> None:
    bench = make_bench(tag(PV, *limits(hi=90, hihi=95)))
    bench.set({PV: 97.0})
    assert sorted(bench.active_names()) == [f"{PV}.HI", f"{PV}.HIHI"]


def test_lo_and_lolo_activate_at_or_below_their_limits(make_bench: MakeBench) -> None:
    bench = make_bench(tag(PV, *limits(lolo=5, lo=10)))
    bench.set({PV: 10.0})
    assert bench.active_names() == [f"{PV}.LO"]
    bench.set({PV: 4.0})
    assert sorted(bench.active_names()) == [f"{PV}.LO", f"{PV}.LOLO"]


def test_deadband_keeps_a_hi_alarm_active_until_the_value_falls_below_limit_minus_deadband(
    make_bench: MakeBench,
) -> None:
    bench = make_bench(tag(PV, alarm(PV, AlarmKind.HI, 90, deadband=2.0)))
    bench.set({PV: 91.0})
    bench.set({PV: 88.5})  # below the limit, inside the deadband
    assert bench.engine.alarm(f"{PV}.HI").active
    bench.set({PV: 87.9})
    assert not bench.engine.alarm(f"{PV}.HI").active


def test_deadband_of_a_lo_alarm_lies_above_the_limit(make_bench: MakeBench) -> None:
    bench = make_bench(tag(PV, alarm(PV, AlarmKind.LO, 10, deadband=1.0)))
    bench.set({PV: 9.0})
    bench.set({PV: 10.5})
    assert bench.engine.alarm(f"{PV}.LO").active
    bench.set({PV: 11.1})
    assert not bench.engine.alarm(f"{PV}.LO").active


# delays ----------------------------------------------------------------------------------------


def test_on_delay_activates_only_after_the_condition_held_for_the_delay(
    make_bench: MakeBench,
) -> None:
    bench = make_bench(tag(PV, alarm(PV, AlarmKind.HI, 90, on_delay=15.0)))
    bench.set({PV: 95.0})
    bench.advance(14.0)
    assert bench.state(f"{PV}.HI") is AlarmState.NORMAL
    changed = bench.advance(1.0)
    assert [v.name for v in changed] == [f"{PV}.HI"]
    assert bench.state(f"{PV}.HI") is AlarmState.ACTIVE_UNACK


def test_on_delay_starts_again_when_the_value_returns_in_between(make_bench: MakeBench) -> None:
    bench = make_bench(tag(PV, alarm(PV, AlarmKind.HI, 90, on_delay=15.0)))
    bench.set({PV: 95.0})
    bench.advance(10.0)
    bench.set({PV: 80.0})
    bench.advance(1.0)
    bench.set({PV: 95.0})
    bench.advance(14.0)
    assert bench.state(f"{PV}.HI") is AlarmState.NORMAL
    bench.advance(1.0)
    assert bench.state(f"{PV}.HI") is AlarmState.ACTIVE_UNACK


def test_on_delay_also_expires_on_a_later_sample_without_a_tick(make_bench: MakeBench) -> None:
    bench = make_bench(tag(PV, alarm(PV, AlarmKind.HI, 90, on_delay=5.0)))
    bench.set({PV: 95.0})
    bench.clock.advance(5.0)
    bench.set({PV: 96.0})
    assert bench.state(f"{PV}.HI") is AlarmState.ACTIVE_UNACK


def test_off_delay_clears_only_after_the_value_stayed_normal_for_the_delay(
    make_bench: MakeBench,
) -> None:
    bench = make_bench(tag(PV, alarm(PV, AlarmKind.HI, 90, off_delay=10.0)))
    bench.set({PV: 95.0})
    bench.set({PV: 50.0})
    bench.advance(9.0)
    assert bench.engine.alarm(f"{PV}.HI").active
    bench.advance(1.0)
    assert not bench.engine.alarm(f"{PV}.HI").active
    assert bench.state(f"{PV}.HI") is AlarmState.RTN_UNACK


# deviation, rate, discrete ---------------------------------------------------------------------


def deviation_bench(make_bench: MakeBench) -> Bench:
    pv = tag(
        PV,
        alarm(PV, AlarmKind.DEVIATION_HI, 5.0, setpoint_tag=SP),
        alarm(PV, AlarmKind.DEVIATION_LO, 5.0, setpoint_tag=SP),
    )
    return make_bench(pv, tag(SP))


def test_deviation_alarm_compares_with_the_setpoint_tags_current_value(
    make_bench: MakeBench,
) -> None:
    bench = deviation_bench(make_bench)
    bench.set({PV: 50.0, SP: 48.0})
    assert bench.active_names() == []
    bench.set({SP: 44.0})  # only the setpoint moves: PV is now 6 above it
    assert bench.active_names() == [f"{PV}.DEV_HI"]
    bench.set({SP: 50.0})
    bench.set({PV: 44.5})
    assert bench.engine.alarm(f"{PV}.DEV_LO").active


def test_deviation_alarm_is_not_evaluated_while_the_setpoint_is_bad(
    make_bench: MakeBench,
) -> None:
    bench = deviation_bench(make_bench)
    bench.set({PV: 50.0, SP: 50.0})
    bench.bad(SP)
    bench.set({PV: 70.0})
    assert bench.active_names() == []


def test_rate_of_change_alarm_measures_units_per_minute(make_bench: MakeBench) -> None:
    bench = make_bench(tag(PV, alarm(PV, AlarmKind.RATE, 30.0)), rate_window=10.0)
    for step in range(11):
        bench.set({PV: 10.0 + 0.4 * step})  # 0.4 per second = 24 per minute
        bench.clock.advance(1.0)
    assert bench.active_names() == []
    for step in range(11):
        bench.set({PV: 14.0 + 0.6 * step})  # 36 per minute
        bench.clock.advance(1.0)
    assert bench.active_names() == [f"{PV}.ROC"]


def test_rate_of_change_alarm_also_catches_a_fall(make_bench: MakeBench) -> None:
    bench = make_bench(tag(PV, alarm(PV, AlarmKind.RATE, 30.0)), rate_window=10.0)
    for step in range(11):
        bench.set({PV: 90.0 - 1.0 * step})  # -60 per minute
        bench.clock.advance(1.0)
    assert bench.active_names() == [f"{PV}.ROC"]


def test_discrete_alarm_activates_in_its_alarm_state(make_bench: MakeBench) -> None:
    trip = "TST.PUMP1.TRIP"
    bench = make_bench(
        tag(trip, alarm(trip, AlarmKind.DISCRETE, 1.0), data_type=DataType.BOOL, eng=None)
    )
    bench.set({trip: False})
    assert bench.active_names() == []
    bench.set({trip: True})
    assert bench.active_names() == [f"{trip}.DISCRETE"]


# quality ---------------------------------------------------------------------------------------


def test_a_bad_value_is_not_evaluated_and_raises_one_bad_quality_alarm(
    make_bench: MakeBench,
) -> None:
    bench = make_bench(tag(PV, *limits(lo=10, hi=90)))
    bench.set({PV: 50.0})
    bench.set({PV: 0.0}, Quality.BAD_COMMUNICATION_ERROR)  # 0 would be LO if it were Good
    assert bench.active_names() == [f"{PV}.BAD_QUALITY"]
    view = bench.engine.alarm(f"{PV}.BAD_QUALITY")
    assert (view.priority, view.value) == (Priority.LOW, "BadCommunicationError")
    bench.set({PV: 50.0})
    assert not bench.engine.alarm(f"{PV}.BAD_QUALITY").active


def test_an_alarm_keeps_its_state_while_its_value_is_bad(make_bench: MakeBench) -> None:
    bench = make_bench(tag(PV, *limits(hi=90)))
    bench.set({PV: 95.0})
    bench.bad(PV)
    assert bench.engine.alarm(f"{PV}.HI").active


def test_bad_quality_alarm_takes_the_priority_the_tag_gives_it(make_bench: MakeBench) -> None:
    bench = make_bench(
        tag(
            PV,
            alarm(PV, AlarmKind.HI, 90),
            alarm(PV, AlarmKind.BAD_QUALITY, priority=Priority.HIGH),
        )
    )
    bench.bad(PV)
    assert bench.engine.alarm(f"{PV}.BAD_QUALITY").priority is Priority.HIGH


def test_bad_quality_priority_and_delay_default_to_the_project_settings(
    make_bench: MakeBench,
) -> None:
    bench = make_bench(
        tag(PV, *limits(hi=90)), bad_quality_priority=Priority.MEDIUM, bad_quality_delay=3.0
    )
    bench.bad(PV)
    bench.advance(2.0)
    assert bench.active_names() == []
    bench.advance(1.0)
    assert bench.engine.alarm(f"{PV}.BAD_QUALITY").priority is Priority.MEDIUM
    assert bench.active_names() == [f"{PV}.BAD_QUALITY"]


def test_waiting_for_first_data_raises_no_bad_quality_alarm(make_bench: MakeBench) -> None:
    bench = make_bench(tag(PV, *limits(hi=90)))
    now = bench.clock.now()
    bench.engine.evaluate({PV: TagSample(None, Quality.BAD_WAITING_FOR_INITIAL_DATA, now, now)})
    assert bench.active_names() == []


def test_tags_without_alarms_get_no_bad_quality_alarm(make_bench: MakeBench) -> None:
    bench = make_bench(tag(PV, *limits(hi=90)), tag(SP))
    assert bench.engine.names == [f"{PV}.HI", f"{PV}.BAD_QUALITY"]


def test_an_uncertain_value_is_still_evaluated(make_bench: MakeBench) -> None:
    bench = make_bench(tag(PV, *limits(hi=90)))
    bench.set({PV: 95.0}, Quality.UNCERTAIN_LAST_USABLE_VALUE)
    assert bench.active_names() == [f"{PV}.HI"]
