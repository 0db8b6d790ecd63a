"""The ISA-18.2 state machine: acknowledge, return, latch, shelve, suppress, out of service,
re-alarm and first-out."""

from __future__ import annotations

import pytest

from tags.alarms.engine import AlarmRefused, AlarmState, JournalEvent
from tags.model import AlarmKind, Priority, SuppressMode
from tags.security.permissions import PermissionDenied
from tests.tags.alarms.bench import OPERATOR, SUPERVISOR, VIEWER, Bench, alarm, tag
from tests.tags.alarms.conftest import MakeBench

PV = "TST.FIC1.PV"
HI = f"{PV}.HI"


def hi_bench(make_bench: MakeBench, **kw: object) -> Bench:
    settings = {k: kw.pop(k) for k in list(kw) if k in ("max_shelve_hours", "realarm_minutes")}
    return make_bench(tag(PV, alarm(PV, AlarmKind.HI, 90, **kw)), **settings)


# the basic cycle -------------------------------------------------------------------------------


def test_a_new_alarm_is_active_and_unacknowledged(make_bench: MakeBench) -> None:
    bench = hi_bench(make_bench)
    bench.set({PV: 95.0})
    assert bench.state(HI) is AlarmState.ACTIVE_UNACK


def test_an_acknowledged_alarm_stays_active_until_it_clears_then_it_is_normal(
    make_bench: MakeBench,
) -> None:
    bench = hi_bench(make_bench)
    bench.set({PV: 95.0})
    bench.engine.acknowledge(HI, user=OPERATOR)
    assert bench.state(HI) is AlarmState.ACTIVE_ACK
    bench.set({PV: 50.0})
    assert bench.state(HI) is AlarmState.NORMAL
    assert bench.engine.active() == []


def test_an_alarm_that_clears_before_acknowledgement_waits_as_returned_unacknowledged(
    make_bench: MakeBench,
) -> None:
    bench = hi_bench(make_bench)
    bench.set({PV: 95.0})
    bench.set({PV: 50.0})
    assert bench.state(HI) is AlarmState.RTN_UNACK
    assert bench.active_names() == [HI]
    bench.engine.acknowledge(HI, user=OPERATOR)
    assert bench.state(HI) is AlarmState.NORMAL


# latch -----------------------------------------------------------------------------------------


def test_a_latched_alarm_stays_latched_after_return_until_a_supervisor_resets_it(
    make_bench: MakeBench,
) -> None:
    bench = hi_bench(make_bench, latch=True)
    bench.set({PV: 95.0})
    bench.engine.acknowledge(HI, user=OPERATOR)
    bench.set({PV: 50.0})
    assert bench.state(HI) is AlarmState.LATCHED
    bench.engine.reset(HI, user=SUPERVISOR, comment="trip cause found")
    assert bench.state(HI) is AlarmState.NORMAL


def test_an_operator_may_not_reset_a_latched_alarm(make_bench: MakeBench) -> None:
    bench = hi_bench(make_bench, latch=True)
    bench.set({PV: 95.0})
    bench.set({PV: 50.0})
    with pytest.raises(PermissionDenied, match="operator 'olga' may not reset latched alarms"):
        bench.engine.reset(HI, user=OPERATOR)
    assert bench.state(HI) is AlarmState.LATCHED


def test_a_latched_alarm_cannot_be_reset_while_its_condition_is_present(
    make_bench: MakeBench,
) -> None:
    bench = hi_bench(make_bench, latch=True)
    bench.set({PV: 95.0})
    with pytest.raises(AlarmRefused, match="cannot reset while the condition is present"):
        bench.engine.reset(HI, user=SUPERVISOR)


# shelving --------------------------------------------------------------------------------------


def test_a_shelved_alarm_is_listed_and_counted_but_not_annunciated(make_bench: MakeBench) -> None:
    bench = hi_bench(make_bench)
    bench.set({PV: 95.0})
    bench.engine.shelve(HI, user=OPERATOR, reason="transmitter being recalibrated", duration=600)
    assert bench.state(HI) is AlarmState.SHELVED
    assert bench.engine.active() == []
    assert [v.name for v in bench.engine.shelved()] == [HI]
    counts = bench.engine.counts()["TST"]
    assert (counts.shelved, counts.total_unacknowledged) == (1, 0)
    view = bench.engine.alarm(HI)
    assert (view.reason, view.by) == ("transmitter being recalibrated", "olga")


def test_shelving_needs_a_reason(make_bench: MakeBench) -> None:
    bench = hi_bench(make_bench)
    with pytest.raises(AlarmRefused, match="give a reason to shelve"):
        bench.engine.shelve(HI, user=OPERATOR, reason="  ", duration=600)


def test_shelving_beyond_the_maximum_is_refused_naming_the_maximum(make_bench: MakeBench) -> None:
    bench = hi_bench(make_bench, max_shelve_hours=8.0)
    with pytest.raises(AlarmRefused) as refused:
        bench.engine.shelve(HI, user=OPERATOR, reason="nuisance", duration=10 * 3600)
    assert str(refused.value) == (
        f"{HI}: cannot shelve for 10 h: the maximum shelve time is 8 h "
        "(process_alarms.max_shelve_hours)"
    )
    assert bench.state(HI) is AlarmState.NORMAL


def test_a_viewer_may_not_shelve(make_bench: MakeBench) -> None:
    bench = hi_bench(make_bench)
    with pytest.raises(PermissionDenied, match="viewer 'vic' may not shelve alarms in area TST"):
        bench.engine.shelve(HI, user=VIEWER, reason="nuisance", duration=60)


def test_shelving_ends_by_itself_with_a_journal_entry(make_bench: MakeBench) -> None:
    bench = hi_bench(make_bench)
    bench.engine.shelve(HI, user=OPERATOR, reason="nuisance", duration=600)
    bench.advance(599.0)
    assert bench.state(HI) is AlarmState.SHELVED
    bench.advance(1.0)
    assert bench.state(HI) is AlarmState.NORMAL
    (entry,) = bench.journal.query(events=[JournalEvent.AUTO_UNSHELVE])
    assert (entry.alarm, entry.user, entry.comment) == (HI, "", "shelve time ended")


def test_an_alarm_still_present_when_unshelved_annunciates_again(make_bench: MakeBench) -> None:
    bench = hi_bench(make_bench)
    bench.set({PV: 95.0})
    bench.engine.acknowledge(HI, user=OPERATOR)
    bench.engine.shelve(HI, user=OPERATOR, reason="nuisance", duration=600)
    bench.engine.unshelve(HI, user=OPERATOR, comment="fixed")
    assert bench.state(HI) is AlarmState.ACTIVE_UNACK


def test_an_alarm_that_came_and_went_while_shelved_stays_quiet(make_bench: MakeBench) -> None:
    bench = hi_bench(make_bench)
    bench.engine.shelve(HI, user=OPERATOR, reason="nuisance", duration=600)
    bench.set({PV: 95.0})
    bench.set({PV: 50.0})
    bench.engine.unshelve(HI, user=OPERATOR)
    assert bench.state(HI) is AlarmState.NORMAL
    assert bench.engine.kpis().window.annunciated == 0


# suppression by design -------------------------------------------------------------------------

IDC = "TST.RECT1.IDC"
CELL = "TST.CELL1.V"
CELL_LO = f"{CELL}.LO"


def cell_bench(
    make_bench: MakeBench, *conditions: str, mode: SuppressMode = SuppressMode.ANY
) -> Bench:
    cell = alarm(CELL, AlarmKind.LO, 3.6, suppress_when=conditions, suppress_mode=mode)
    return make_bench(tag(CELL, cell, eng=(0.0, 5.0)), tag(IDC), tag("TST.RECT1.MODE"))


def test_rectifier_off_suppresses_the_cell_voltage_lo_alarm(make_bench: MakeBench) -> None:
    bench = cell_bench(make_bench, f"{IDC} < 1")
    bench.set({IDC: 10.0, CELL: 4.0})
    bench.set({IDC: 0.0, CELL: 0.1})
    assert bench.state(CELL_LO) is AlarmState.SUPPRESSED
    assert bench.engine.active() == []
    assert [v.name for v in bench.engine.suppressed()] == [CELL_LO]
    assert bench.engine.counts()["TST"].suppressed == 1
    assert bench.engine.alarm(CELL_LO).suppressed_by == f"{IDC} < 1"
    entries = bench.journal.query(alarm=CELL_LO)
    assert [(e.event, e.comment) for e in entries] == [(JournalEvent.SUPPRESS, f"{IDC} < 1")]


def test_a_suppressed_alarm_still_present_when_the_condition_ends_annunciates(
    make_bench: MakeBench,
) -> None:
    bench = cell_bench(make_bench, f"{IDC} < 1")
    bench.set({IDC: 0.0, CELL: 0.1})
    bench.set({IDC: 10.0})
    assert bench.state(CELL_LO) is AlarmState.ACTIVE_UNACK
    events = [e.event for e in bench.journal.query(alarm=CELL_LO, newest_first=False)]
    assert events == [JournalEvent.SUPPRESS, JournalEvent.UNSUPPRESS, JournalEvent.ACTIVE]


def test_suppression_with_mode_all_needs_every_condition(make_bench: MakeBench) -> None:
    bench = cell_bench(make_bench, f"{IDC} < 1", "TST.RECT1.MODE == 2", mode=SuppressMode.ALL)
    bench.set({IDC: 0.0, "TST.RECT1.MODE": 1, CELL: 0.1})
    assert bench.state(CELL_LO) is AlarmState.ACTIVE_UNACK
    bench.set({"TST.RECT1.MODE": 2})
    assert bench.state(CELL_LO) is AlarmState.SUPPRESSED


def test_a_condition_on_a_bad_value_does_not_suppress(make_bench: MakeBench) -> None:
    bench = cell_bench(make_bench, f"{IDC} < 1")
    bench.bad(IDC)
    bench.set({CELL: 0.1})
    assert bench.state(CELL_LO) is AlarmState.ACTIVE_UNACK


# out of service --------------------------------------------------------------------------------


def test_out_of_service_needs_permission_and_a_reason(make_bench: MakeBench) -> None:
    bench = hi_bench(make_bench)
    with pytest.raises(PermissionDenied, match="may not take alarms out of service"):
        bench.engine.set_out_of_service(HI, user=OPERATOR, reason="maintenance")
    with pytest.raises(AlarmRefused, match="give a reason"):
        bench.engine.set_out_of_service(HI, user=SUPERVISOR, reason="")


def test_an_alarm_out_of_service_is_listed_and_counted_not_annunciated(
    make_bench: MakeBench,
) -> None:
    bench = hi_bench(make_bench)
    bench.engine.set_out_of_service(HI, user=SUPERVISOR, reason="transmitter replaced, WO 4711")
    bench.set({PV: 95.0})
    assert bench.engine.active() == []
    assert [v.name for v in bench.engine.out_of_service()] == [HI]
    assert bench.engine.counts()["TST"].out_of_service == 1
    bench.engine.return_to_service(HI, user=SUPERVISOR, comment="back")
    assert bench.state(HI) is AlarmState.ACTIVE_UNACK


# re-alarm --------------------------------------------------------------------------------------


def test_a_standing_unacknowledged_alarm_realarms_after_the_configured_time(
    make_bench: MakeBench,
) -> None:
    bench = hi_bench(make_bench, realarm_minutes=30.0)
    bench.set({PV: 95.0})
    bench.advance(29 * 60.0)
    assert bench.engine.alarm(HI).realarm_count == 0
    changed = bench.advance(60.0)
    assert [v.name for v in changed] == [HI]
    assert bench.engine.alarm(HI).realarm_count == 1
    assert [e.alarm for e in bench.journal.query(events=[JournalEvent.REALARM])] == [HI]


def test_an_acknowledged_alarm_does_not_realarm(make_bench: MakeBench) -> None:
    bench = hi_bench(make_bench, realarm_minutes=30.0)
    bench.set({PV: 95.0})
    bench.engine.acknowledge(HI, user=OPERATOR)
    bench.advance(3 * 3600.0)
    assert bench.engine.alarm(HI).realarm_count == 0


def test_an_alarm_may_set_its_own_realarm_time(make_bench: MakeBench) -> None:
    bench = make_bench(tag(PV, alarm(PV, AlarmKind.HI, 90, realarm_minutes=5.0)))
    bench.set({PV: 95.0})
    bench.advance(5 * 60.0)
    assert bench.engine.alarm(HI).realarm_count == 1


def test_without_a_realarm_time_a_standing_alarm_never_realarms(make_bench: MakeBench) -> None:
    bench = hi_bench(make_bench)
    bench.set({PV: 95.0})
    bench.advance(48 * 3600.0)
    assert bench.engine.alarm(HI).realarm_count == 0


# first-out ---------------------------------------------------------------------------------------

FEED = "TST.FEED.TPH"
LEVEL = "TST.SUMP.LEVEL"


def group_bench(make_bench: MakeBench) -> Bench:
    return make_bench(
        tag(FEED, alarm(FEED, AlarmKind.LO, 10, group="CIRCUIT", priority=Priority.MEDIUM)),
        tag(LEVEL, alarm(LEVEL, AlarmKind.HI, 90, group="CIRCUIT", priority=Priority.HIGH)),
    )


def test_the_first_alarm_of_a_burst_in_a_group_is_marked_first_out(make_bench: MakeBench) -> None:
    bench = group_bench(make_bench)
    bench.set({FEED: 5.0, LEVEL: 50.0})
    bench.clock.advance(2.0)
    bench.set({LEVEL: 95.0})
    assert bench.engine.alarm(f"{FEED}.LO").first_out
    assert not bench.engine.alarm(f"{LEVEL}.HI").first_out


def test_first_out_within_one_batch_goes_to_the_earliest_sample(make_bench: MakeBench) -> None:
    from tags.model import Quality, TagSample

    bench = group_bench(make_bench)
    now = bench.clock.now()
    bench.engine.evaluate(
        {
            FEED: TagSample(5.0, Quality.GOOD, now - 0.2, now),
            LEVEL: TagSample(95.0, Quality.GOOD, now - 0.5, now),
        }
    )
    assert bench.engine.alarm(f"{LEVEL}.HI").first_out
    assert not bench.engine.alarm(f"{FEED}.LO").first_out


def test_first_out_is_released_when_the_whole_group_is_back_to_normal(
    make_bench: MakeBench,
) -> None:
    bench = group_bench(make_bench)
    bench.set({FEED: 5.0, LEVEL: 50.0})
    bench.set({FEED: 20.0})
    bench.engine.acknowledge_group("CIRCUIT", user=OPERATOR)
    assert not bench.engine.alarm(f"{FEED}.LO").first_out
    bench.set({LEVEL: 95.0})
    assert bench.engine.alarm(f"{LEVEL}.HI").first_out
