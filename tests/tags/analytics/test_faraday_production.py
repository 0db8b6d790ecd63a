"""EMM production from the charge passed (Faraday), checked by hand over an hour with a trip."""

from __future__ import annotations

import pytest

from tags.analytics.energy import EnergyAnalysis
from tags.analytics.faraday import FARADAY_KG_PER_KAH, plated_mn_t
from tags.config.project import load_project
from tags.history.sqlite_store import SqliteHistoryStore
from tags.replay.timeline import EventKind
from tags.reports.shift_report import build_report
from tags.training.debrief import build_debrief
from tags.training.store import SessionInfo, SessionRecord
from tests.paths import DEMO_PROJECT
from tests.tags.analytics.energy_support import T0, emm, write_steps

MIN = 60.0
CE = 67.7
RUNNING = {"EMM.RECT1.IDC": 10.0, "EMM.RECT1.UDC": 265.0, "EMM.RECT1.TRIP": 0.0}
TRIPPED = {"EMM.RECT1.IDC": 0.0, "EMM.RECT1.UDC": 0.0, "EMM.RECT1.TRIP": 1.0}
SERIES_2 = {"EMM.RECT2.IDC": 10.0, "EMM.RECT2.UDC": 265.0, "EMM.KPI.CE": CE}
# a lagging plating-rate tag: full rate long after the trip, half rate long after the restart
LAGGING = {T0: 0.83, T0 + 25 * MIN: 0.415, T0 + 55 * MIN: 0.83}


def test_faradays_law_for_manganese() -> None:
    per_kah = FARADAY_KG_PER_KAH
    assert per_kah == pytest.approx(54.938 * 3600 / (2 * 96485.33212))
    assert per_kah == pytest.approx(1.0249, abs=1e-4)
    # 10 kA for an hour through 60 cells at 67.7 %: 0.4163 t
    by_hand = 10 * 60 * 1.0249 * 0.677 / 1000
    assert plated_mn_t(10.0, 1.0, 60, CE) == pytest.approx(by_hand, rel=1e-5)
    assert plated_mn_t(-0.01, 1.0, 60, CE) == 0.0


def trip_hour(store: SqliteHistoryStore) -> None:
    """Series 1 trips at 15 min and is back at full current at 45 min; series 2 runs."""
    steps: dict[float, dict[str, float | None]] = {
        T0: {**RUNNING, **SERIES_2},
        T0 + 15 * MIN: TRIPPED,
        T0 + 45 * MIN: RUNNING,
    }
    for t, rate in LAGGING.items():
        steps.setdefault(t, {})["EMM.KPI.MN_RATE"] = rate
    write_steps(store, steps)


def test_an_hour_with_a_trip_matches_the_hand_calculation(store: SqliteHistoryStore) -> None:
    trip_hour(store)
    project = load_project(DEMO_PROJECT)
    analysis = EnergyAnalysis.from_project(project)
    f = analysis.period(store, T0, T0 + 60 * MIN)
    assert emm(f) is not None
    # by hand: series 1 passed 10 kA x 0.5 h, series 2 10 kA x 1 h
    mn = (5 + 10) * 60 * 1.0249 * CE / 100 / 1000  # 0.6246 t
    kwh = 265 * 10 * 1.5  # 3975 kWh
    assert emm(f).product_t == pytest.approx(mn, rel=1e-4)
    assert emm(f).ce_percent == pytest.approx(CE, rel=1e-6)
    assert emm(f).sec_kwh_t == pytest.approx(kwh / mn, rel=1e-4)  # 6364 kWh/t
    # every slice of the hour, the trip's too, shows the plant's efficiency
    slices = analysis.series(store, "hour", T0, T0 + 60 * MIN)
    tenths = [analysis.period(store, T0 + i * 10 * MIN, T0 + (i + 1) * 10 * MIN)
              for i in range(6)]  # fmt: skip
    for part in [*slices, *tenths]:
        assert emm(part) is not None and emm(part).ce_percent == pytest.approx(CE, rel=1e-6)

    report = build_report(project, store, T0, T0 + 60 * MIN, generated=T0 + 3600.0,
                          instruments=(), predictions=())  # fmt: skip
    assert emm(report.energy) is not None and emm(report.energy).product_t == emm(f).product_t
    (event,) = report.events
    assert (event.unit, event.stopped, event.restarted) == ("EMM.RECT1", T0 + 900, T0 + 2700)
    assert event.downtime == 30 * MIN and event.recovered == T0 + 2700
    assert event.lost == pytest.approx(10 * 0.5 * 60 * 1.0249 * CE / 100 / 1000, rel=1e-4)
    (emm_plan,) = [p for p in report.plan if p.area == "EMM"]
    assert emm_plan.plan == pytest.approx(6.6 / 8) and emm_plan.actual == emm(f).product_t
    assert emm_plan.lost == event.lost


def test_the_debrief_prices_the_stop_with_the_same_figure(store: SqliteHistoryStore) -> None:
    trip_hour(store)
    project = load_project(DEMO_PROJECT)
    session = SessionInfo(1, "trip drill", "trainer", "trainee", project.name, T0,
                          T0 + 3600.0, 1.0, "running", ())  # fmt: skip
    start = SessionRecord(T0 + 15 * MIN, EventKind.UPSET, "Rectifier 1 trips", area="EMM",
                          name="emm-rectifier-trip", action="start", source="trainer")  # fmt: skip
    debrief = build_debrief(project, store, session, [start], generated=T0 + 3600.0)
    (upset,) = debrief.upsets
    (stop,) = upset.stops
    report = build_report(project, store, T0, T0 + 60 * MIN, generated=T0 + 3600.0,
                          instruments=(), predictions=())  # fmt: skip
    assert stop.lost == report.events[0].lost
    assert stop.downtime == 30 * MIN
    assert any("Rectifier series 1 stopped for 30 min, 0.208 t Mn lost" in line
               for line in debrief.lines())  # fmt: skip
