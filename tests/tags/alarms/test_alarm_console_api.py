"""What the console uses: acknowledgement (single, group, all visible) with permissions by
area, the active list, counts per area and priority, listeners, the TagDatabase subscription."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from tags.alarms.engine import AlarmEngine, AlarmRefused, AlarmState, AlarmView, JournalEvent
from tags.clock import ManualClock
from tags.database import TagDatabase
from tags.model import AlarmKind, Priority, Quality, TagSample
from tags.security.permissions import PermissionDenied
from tests.tags.alarms.bench import (
    OPERATOR,
    OTHER_AREA_OPERATOR,
    SUPERVISOR,
    VIEWER,
    Bench,
    alarm,
    tag,
)
from tests.tags.alarms.conftest import MakeBench

FEED = "TST.FEED.TPH"
LEVEL = "TST.SUMP.LEVEL"
DENS = "CWP.DMC.DENS"


def plant(make_bench: MakeBench) -> Bench:
    return make_bench(
        tag(FEED, alarm(FEED, AlarmKind.LO, 10, group="CIRCUIT", priority=Priority.MEDIUM)),
        tag(LEVEL, alarm(LEVEL, AlarmKind.HI, 90, group="CIRCUIT", priority=Priority.HIGH)),
        tag(DENS, alarm(DENS, AlarmKind.HI, 1.6, priority=Priority.CRITICAL), eng=(1.0, 2.0)),
    )


# acknowledgement -------------------------------------------------------------------------------


def test_acknowledge_records_the_user_and_the_comment(make_bench: MakeBench) -> None:
    bench = plant(make_bench)
    bench.set({FEED: 5.0})
    view = bench.engine.acknowledge(f"{FEED}.LO", user=OPERATOR, comment="feeder belt stopped")
    assert view.state is AlarmState.ACTIVE_ACK
    (entry,) = bench.journal.query(alarm=f"{FEED}.LO", events=[JournalEvent.ACK])
    assert (entry.user, entry.comment, entry.value, entry.limit) == (
        "olga",
        "feeder belt stopped",
        "5.00",
        10.0,
    )


def test_acknowledging_without_permission_is_refused_with_the_permission_message(
    make_bench: MakeBench,
) -> None:
    bench = plant(make_bench)
    bench.set({FEED: 5.0})
    with pytest.raises(PermissionDenied) as denied:
        bench.engine.acknowledge(f"{FEED}.LO", user=VIEWER)
    assert str(denied.value) == "viewer 'vic' may not acknowledge alarms in area TST"
    assert bench.state(f"{FEED}.LO") is AlarmState.ACTIVE_UNACK


def test_an_operator_of_another_area_may_not_acknowledge(make_bench: MakeBench) -> None:
    bench = plant(make_bench)
    bench.set({FEED: 5.0})
    with pytest.raises(PermissionDenied, match=r"in area TST \(assigned areas: CWP\)"):
        bench.engine.acknowledge(f"{FEED}.LO", user=OTHER_AREA_OPERATOR)


def test_acknowledging_an_acknowledged_alarm_is_refused(make_bench: MakeBench) -> None:
    bench = plant(make_bench)
    bench.set({FEED: 5.0})
    bench.engine.acknowledge(f"{FEED}.LO", user=OPERATOR)
    with pytest.raises(AlarmRefused, match="nothing to acknowledge"):
        bench.engine.acknowledge(f"{FEED}.LO", user=OPERATOR)


def test_acknowledge_group_acknowledges_that_group_only(make_bench: MakeBench) -> None:
    bench = plant(make_bench)
    bench.set({FEED: 5.0, LEVEL: 95.0, DENS: 1.8})
    result = bench.engine.acknowledge_group("CIRCUIT", user=SUPERVISOR, comment="seen")
    assert result.acknowledged == (f"{FEED}.LO", f"{LEVEL}.HI")
    assert bench.state(f"{DENS}.HI") is AlarmState.ACTIVE_UNACK


def test_acknowledge_all_visible_acknowledges_the_alarms_on_screen(make_bench: MakeBench) -> None:
    bench = plant(make_bench)
    bench.set({FEED: 5.0, LEVEL: 95.0, DENS: 1.8})
    result = bench.engine.acknowledge_all(user=SUPERVISOR, names=[f"{LEVEL}.HI", f"{DENS}.HI"])
    assert result.acknowledged == (f"{DENS}.HI", f"{LEVEL}.HI")
    assert bench.state(f"{FEED}.LO") is AlarmState.ACTIVE_UNACK


def test_acknowledge_all_leaves_the_alarms_of_areas_the_user_may_not_acknowledge(
    make_bench: MakeBench,
) -> None:
    bench = plant(make_bench)
    bench.set({FEED: 5.0, DENS: 1.8})
    result = bench.engine.acknowledge_all(user=OPERATOR, comment="shift start")
    assert result.acknowledged == (f"{FEED}.LO",)
    assert result.refused == {
        f"{DENS}.HI": "operator 'olga' may not acknowledge alarms in area CWP (assigned areas: TST)"
    }
    assert bench.state(f"{DENS}.HI") is AlarmState.ACTIVE_UNACK


def test_acknowledge_all_with_no_permitted_alarm_raises_permission_denied(
    make_bench: MakeBench,
) -> None:
    bench = plant(make_bench)
    bench.set({DENS: 1.8})
    with pytest.raises(PermissionDenied):
        bench.engine.acknowledge_all(user=OPERATOR)


# lists, counts and listeners ---------------------------------------------------------------------


def test_the_active_list_is_ordered_by_priority_then_newest_first(make_bench: MakeBench) -> None:
    bench = plant(make_bench)
    bench.set({FEED: 5.0})
    bench.clock.advance(1.0)
    bench.set({DENS: 1.8})
    bench.clock.advance(1.0)
    bench.set({LEVEL: 95.0})
    bench.clock.advance(1.0)
    bench.set({FEED: 50.0})
    bench.set({FEED: 5.0})  # the same alarm again, now the newest medium one
    assert bench.active_names() == [f"{DENS}.HI", f"{LEVEL}.HI", f"{FEED}.LO"]


def test_alarms_of_one_priority_are_listed_newest_first(make_bench: MakeBench) -> None:
    bench = make_bench(
        tag(FEED, alarm(FEED, AlarmKind.LO, 10)), tag(LEVEL, alarm(LEVEL, AlarmKind.HI, 90))
    )
    bench.set({LEVEL: 95.0})
    bench.clock.advance(1.0)
    bench.set({FEED: 5.0})
    assert bench.active_names() == [f"{FEED}.LO", f"{LEVEL}.HI"]


def test_counts_give_unacknowledged_and_standing_alarms_per_area_and_priority(
    make_bench: MakeBench,
) -> None:
    bench = plant(make_bench)
    bench.set({FEED: 5.0, LEVEL: 95.0, DENS: 1.8})
    bench.engine.acknowledge(f"{LEVEL}.HI", user=OPERATOR)
    counts = bench.engine.counts()
    assert set(counts) == {"CWP", "TST"}
    tst = counts["TST"]
    assert (tst.unacknowledged[Priority.MEDIUM], tst.unacknowledged[Priority.HIGH]) == (1, 0)
    assert (tst.standing[Priority.MEDIUM], tst.standing[Priority.HIGH]) == (1, 1)
    assert counts["CWP"].unacknowledged[Priority.CRITICAL] == 1
    assert counts["CWP"].total_unacknowledged == 1


def test_a_listener_gets_every_change_of_one_evaluation_in_one_call(
    make_bench: MakeBench,
) -> None:
    bench = plant(make_bench)
    calls: list[tuple[AlarmView, ...]] = []
    bench.engine.subscribe(calls.append)
    bench.set({FEED: 5.0, LEVEL: 95.0, DENS: 1.8})
    assert len(calls) == 1
    assert {v.name for v in calls[0]} == {f"{FEED}.LO", f"{LEVEL}.HI", f"{DENS}.HI"}
    bench.set({FEED: 6.0})  # nothing changes: no call
    assert len(calls) == 1


def test_a_listener_hears_of_operator_actions_until_its_subscription_is_closed(
    make_bench: MakeBench,
) -> None:
    bench = plant(make_bench)
    calls: list[tuple[AlarmView, ...]] = []
    subscription = bench.engine.subscribe(calls.append)
    bench.set({FEED: 5.0})
    bench.engine.acknowledge(f"{FEED}.LO", user=OPERATOR)
    assert [v.state for v in calls[-1]] == [AlarmState.ACTIVE_ACK]
    subscription.close()
    bench.set({FEED: 50.0})
    assert len(calls) == 2


def test_a_failing_listener_does_not_stop_the_engine(make_bench: MakeBench) -> None:
    bench = plant(make_bench)

    def broken(views: tuple[AlarmView, ...]) -> None:
        raise RuntimeError("widget gone")

    bench.engine.subscribe(broken)
    bench.set({FEED: 5.0})
    assert bench.active_names() == [f"{FEED}.LO"]


def test_the_engine_follows_tag_database_batches(
    make_bench: MakeBench, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = ManualClock()
    tags = {FEED: tag(FEED, alarm(FEED, AlarmKind.LO, 10)), LEVEL: tag(LEVEL)}
    database = TagDatabase(tags, clock)
    engine = AlarmEngine(tags, clock)
    heard: list[set[str]] = []
    evaluate = engine.on_batch

    def on_batch(batch: Mapping[str, TagSample]) -> None:
        heard.append(set(batch))
        evaluate(batch)

    monkeypatch.setattr(engine, "on_batch", on_batch)
    subscription = engine.attach(database)
    now = clock.now()
    database.publish({FEED: TagSample(5.0, Quality.GOOD, now, now)})
    database.publish({LEVEL: TagSample(1.0, Quality.GOOD, now, now)})
    assert [v.name for v in engine.active()] == [f"{FEED}.LO"]
    assert heard == [{FEED}, {FEED}]  # the current sample, then its change: never LEVEL
    engine.detach()
    assert not subscription.active
    database.publish({FEED: TagSample(50.0, Quality.GOOD, now, now)})
    assert engine.alarm(f"{FEED}.LO").active
