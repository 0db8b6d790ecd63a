"""EEMUA 191 figures: rate per 10 minutes (sliding), peak, floods and time in flood,
chattering, stale alarms, priority mix and the top 10 with their share."""

from __future__ import annotations

import pytest

from tags.alarms.kpi import Activation, FloodPeriod, compute_kpis
from tags.alarms.settings import KpiSettings
from tags.model import AlarmKind, Priority
from tests.tags.alarms.bench import OPERATOR, Bench, alarm, tag
from tests.tags.alarms.conftest import MakeBench

NAMES = [f"TST.P{i:02d}.PV" for i in range(20)]


def many(make_bench: MakeBench, priorities: dict[int, Priority] | None = None) -> Bench:
    chosen = priorities or {}
    return make_bench(
        *(
            tag(n, alarm(n, AlarmKind.HI, 90, priority=chosen.get(i, Priority.LOW)))
            for i, n in enumerate(NAMES)
        )
    )


def pulse(bench: Bench, name: str) -> None:
    """One activation of the alarm, returning at once."""
    bench.set({name: 95.0})
    bench.set({name: 50.0})


def test_annunciated_alarms_are_counted_over_a_sliding_10_minute_window(
    make_bench: MakeBench,
) -> None:
    bench = many(make_bench)
    for name, wait in ((NAMES[0], 300), (NAMES[1], 240), (NAMES[2], 59)):
        pulse(bench, name)
        bench.clock.advance(wait)
    assert bench.engine.kpis().window.annunciated == 3  # 599 s after the first
    bench.clock.advance(1)
    assert bench.engine.kpis().window.annunciated == 2


def test_a_flood_begins_above_10_alarms_in_10_minutes_and_ends_below_5(
    make_bench: MakeBench,
) -> None:
    bench = many(make_bench)
    start = bench.clock.now()
    for name in NAMES[:11]:
        pulse(bench, name)
        bench.clock.advance(10)
    live = bench.engine.kpis().window
    assert live.in_flood
    assert live.floods == (FloodPeriod(start + 100, None, 11),)
    bench.clock.advance(start + 659 - bench.clock.now())
    assert bench.engine.kpis().window.in_flood  # 5 left in the window: not yet below 5
    bench.clock.advance(1)
    day = bench.engine.kpis().day
    assert not day.in_flood
    assert day.floods == (FloodPeriod(start + 100, start + 660, 11),)
    assert day.time_in_flood == pytest.approx(560)
    assert day.peak_per_window == 11


def test_ten_alarms_in_10_minutes_are_no_flood(make_bench: MakeBench) -> None:
    bench = many(make_bench)
    for name in NAMES[:10]:
        pulse(bench, name)
    report = bench.engine.kpis().window
    assert (report.in_flood, report.floods, report.peak_per_window) == (False, (), 10)
    assert not report.within_target


def test_peak_per_10_minutes_is_the_most_in_any_window_of_the_day(make_bench: MakeBench) -> None:
    bench = many(make_bench)
    for name in NAMES[:4]:
        pulse(bench, name)
    bench.clock.advance(3600)
    for name in NAMES[4:7]:
        pulse(bench, name)
    day = bench.engine.kpis().day
    assert (day.annunciated, day.peak_per_window, day.current_window) == (7, 4, 3)
    assert day.average_per_window == pytest.approx(7 / 144)


def test_an_alarm_activating_3_times_within_60_seconds_is_chattering(
    make_bench: MakeBench,
) -> None:
    bench = many(make_bench)
    for _ in range(3):
        pulse(bench, NAMES[0])
        bench.clock.advance(25)
    for _ in range(3):
        pulse(bench, NAMES[1])
        bench.clock.advance(40)
    report = bench.engine.kpis().day
    assert [(c.alarm, c.count) for c in report.chattering] == [(f"{NAMES[0]}.HI", 3)]


def test_the_alarm_view_says_while_an_alarm_is_chattering(make_bench: MakeBench) -> None:
    bench = many(make_bench)
    for _ in range(3):
        pulse(bench, NAMES[0])
        bench.clock.advance(20)
    assert bench.engine.alarm(f"{NAMES[0]}.HI").chattering
    bench.clock.advance(60)
    assert not bench.engine.alarm(f"{NAMES[0]}.HI").chattering


def test_an_alarm_active_for_over_24_hours_is_stale(make_bench: MakeBench) -> None:
    bench = many(make_bench)
    bench.set({NAMES[0]: 95.0})
    bench.engine.acknowledge(f"{NAMES[0]}.HI", user=OPERATOR)
    bench.clock.advance(23 * 3600)
    bench.set({NAMES[1]: 95.0})
    assert bench.engine.kpis().day.stale == ()
    bench.clock.advance(3600)
    assert bench.engine.kpis().day.stale == (f"{NAMES[0]}.HI",)


def test_priority_mix_and_top_10_with_their_share(make_bench: MakeBench) -> None:
    bench = many(make_bench, {0: Priority.HIGH, 1: Priority.MEDIUM})
    for _ in range(5):
        pulse(bench, NAMES[0])
    for name in NAMES[1:16]:
        pulse(bench, name)
    day = bench.engine.kpis().day
    assert day.annunciated == 20
    assert day.priorities == {
        Priority.CRITICAL: 0,
        Priority.HIGH: 5,
        Priority.MEDIUM: 1,
        Priority.LOW: 14,
    }
    assert day.priority_shares[Priority.LOW] == pytest.approx(0.7)
    assert len(day.top) == 10
    assert (day.top[0].alarm, day.top[0].count, day.top[0].share) == (f"{NAMES[0]}.HI", 5, 0.25)


def test_shelved_alarms_are_not_counted_as_annunciated(make_bench: MakeBench) -> None:
    bench = many(make_bench)
    bench.engine.shelve(f"{NAMES[0]}.HI", user=OPERATOR, reason="nuisance", duration=600)
    pulse(bench, NAMES[0])
    pulse(bench, NAMES[1])
    assert bench.engine.kpis().window.annunciated == 1


def test_kpis_can_be_asked_for_one_area(make_bench: MakeBench) -> None:
    bench = make_bench(
        tag("TST.A.PV", alarm("TST.A.PV", AlarmKind.HI, 90)),
        tag("CWP.B.PV", alarm("CWP.B.PV", AlarmKind.HI, 90)),
    )
    pulse(bench, "TST.A.PV")
    pulse(bench, "CWP.B.PV")
    assert bench.engine.kpis(areas=["CWP"]).window.annunciated == 1


def test_kpis_over_a_past_period_are_computed_from_the_journal(make_bench: MakeBench) -> None:
    bench = many(make_bench)
    start = bench.clock.now()
    for name in NAMES[:12]:
        pulse(bench, name)
        bench.clock.advance(5)
    bench.clock.advance(7200)
    report = bench.engine.kpi_report(start - 1, start + 3600)
    assert (report.annunciated, report.peak_per_window) == (12, 12)
    assert report.floods == (FloodPeriod(start + 50, start + 635, 12),)


def test_flood_figures_from_activations_alone() -> None:
    settings = KpiSettings()
    times = [float(t) for t in range(0, 110, 10)]  # 11 alarms, 10 s apart
    activations = [Activation(t, f"A{i}", Priority.LOW, "TST") for i, t in enumerate(times)]
    report = compute_kpis(activations, -1.0, 3600.0, settings)
    assert report.floods == (FloodPeriod(100.0, 660.0, 11),)
    assert report.time_in_flood == pytest.approx(560.0)
    assert report.average_per_window == pytest.approx(11 / 6.0016, rel=1e-3)
