"""The report of a recorded shift with a rectifier trip, and of a steady one: the event with
its downtime and lost tonnes, EMM figures by hand from the raw samples, no false instrument
issues. The two recordings are made once for the module (plant time, as fast as it runs)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

import main
from tags.config.project import Project, load_project
from tags.history.recording import ScenarioStart, record_shift
from tags.history.sqlite_store import SqliteHistoryStore
from tags.reports.pdf import write_pdf
from tags.reports.shift_report import ShiftReport, build_report
from tests.paths import DEMO_PROJECT

T0 = 1_749_981_600.0  # 2025-06-15 10:00 UTC
TRIP_AT = 300.0
MINUTES = 30.0


@dataclass
class Shift:
    path: Path
    store: SqliteHistoryStore
    report: ShiftReport


def _record(project: Project, out: Path, scenarios: list[ScenarioStart]) -> Shift:
    asyncio.run(record_shift(project, out, minutes=MINUTES, speed=1e6, scenarios=scenarios,
                             start=T0))  # fmt: skip
    store = SqliteHistoryStore(out, readonly=True)
    end = T0 + MINUTES * 60.0
    report = build_report(project, store, T0, end, generated=end, journal=out, source=str(out))
    return Shift(out, store, report)


@pytest.fixture(scope="module")
def shifts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Shift]]:
    project = load_project(DEMO_PROJECT)
    folder = tmp_path_factory.mktemp("shifts")
    made = {
        "trip": _record(project, folder / "trip.db",
                        [ScenarioStart("emm-rectifier-trip", TRIP_AT)]),
        "steady": _record(project, folder / "steady.db", []),
        "breaker": _record(project, folder / "breaker.db",
                           [ScenarioStart("sco2-breaker-trip", TRIP_AT)]),
    }  # fmt: skip
    yield made
    for shift in made.values():
        shift.store.close()


def hand_emm(store: SqliteHistoryStore, start: float, end: float) -> tuple[float, float]:
    """(t Mn, kWh) from the raw samples, each value held until the next: per series
    kAh x 60 cells x 1.0249 kg/kAh x KPI.CE, and kA x V x h."""
    ce = [(s.server_time, float(s.value)) for s in store.raw("EMM.KPI.CE", start, end)]  # type: ignore[arg-type]
    mn = kwh = 0.0
    for prefix in ("EMM.RECT1", "EMM.RECT2"):
        changes: dict[float, dict[str, float]] = {}
        for leaf in ("IDC", "UDC"):
            for s in store.raw(f"{prefix}.{leaf}", start, end):
                changes.setdefault(s.server_time, {})[leaf] = float(s.value)  # type: ignore[arg-type]
        for t, value in ce:
            changes.setdefault(t, {})["CE"] = value
        held: dict[str, float] = {}
        times = sorted(changes)
        for i, t in enumerate(times):
            held.update(changes[t])
            h = ((times[i + 1] if i + 1 < len(times) else end) - t) / 3600.0
            if len(held) == 3:
                mn += held["IDC"] * h * 60 * 1.0249 * held["CE"] / 100 / 1000
                kwh += held["IDC"] * held["UDC"] * h
    return mn, kwh


@pytest.mark.slow
def test_the_trip_shift_names_the_event_with_its_downtime_and_lost_tonnes(
    shifts: dict[str, Shift],
) -> None:
    report = shifts["trip"].report
    (event,) = report.events
    assert event.title == "Rectifier series 1" and "ground fault" in event.cause
    assert event.stopped == pytest.approx(T0 + TRIP_AT, abs=10.0)
    assert event.restarted is None and event.downtime == pytest.approx(25 * 60.0, abs=10.0)
    # lost: the series' rate before the trip for the 25 minutes it stood
    assert event.rate_before is not None
    assert event.lost == pytest.approx(event.rate_before * 25 / 60, rel=0.01)
    assert 0.16 < event.lost < 0.19  # ~0.42 t/h for 25 min
    assert report.event_charts and "Rectifier series 1 stop" in report.event_charts[0].title
    assert sum(x.alarms for x in report.suppressed) >= 60  # the dead series' cell alarms


@pytest.mark.slow
def test_the_trip_shift_emm_figures_are_the_hand_calculation(shifts: dict[str, Shift]) -> None:
    shift = shifts["trip"]
    emm = shift.report.energy.area("EMM").electrolysis
    assert emm is not None
    mn, kwh = hand_emm(shift.store, T0, T0 + MINUTES * 60.0)
    assert emm.product_t == pytest.approx(mn, rel=0.01)
    assert emm.dc_kwh == pytest.approx(kwh, rel=0.01)
    assert emm.sec_kwh_t == pytest.approx(kwh / mn, rel=0.01)
    assert emm.ce_percent == pytest.approx(mn / (emm.series[0].kah + emm.series[1].kah)
                                           / 60 / 1.0249 * 1000 * 100, rel=0.01)  # fmt: skip
    # no slice of the shift shows an efficiency the plant never had (the trip's included)
    for part in shift.report.slices:
        cells = part.area("EMM").electrolysis
        assert cells is not None and cells.ce_percent is not None
        assert 60.0 < cells.ce_percent < 72.0
    (plan,) = [p for p in shift.report.plan if p.area == "EMM"]
    assert plan.lost == shift.report.events[0].lost and plan.actual == emm.product_t


@pytest.mark.slow
def test_instrument_issues_are_few_on_a_trip_and_none_on_a_steady_shift(
    shifts: dict[str, Shift],
) -> None:
    trip, steady = shifts["trip"].report, shifts["steady"].report
    assert len(trip.instruments) < 10
    assert not any("CELL.S01" in g.name for g in trip.instruments)  # the dead series is off
    assert not any("CELL.S01" in g.name for g in trip.predictions)
    assert steady.instruments == () and steady.events == ()
    assert steady.suppressed == ()
    assert trip.instruments == ()


@pytest.mark.slow
def test_a_stopped_sco2_loop_is_equipment_that_is_off_not_failing_instruments(
    shifts: dict[str, Shift],
) -> None:
    """The shaft at 0 %, no flow, the loop at its settle-out pressure: the unit is stopped
    (``[plant_analytics.health.units]``), so none of it is an instrument issue."""
    report = shifts["breaker"].report
    (event,) = report.events
    assert event.title == "sCO2 turbine-generator" and event.restarted is None
    assert report.instruments == ()
    assert not any(w.tag.startswith(("SCO2.TURB.", "SCO2.COMP.")) for g in report.predictions
                   for w in g.warnings)  # fmt: skip


@pytest.mark.slow
def test_the_pdf_and_the_command_line_say_what_stopped(
    shifts: dict[str, Shift], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shift = shifts["trip"]
    pdf = tmp_path / "trip.pdf"
    write_pdf(shift.report, pdf)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    for heading in ("Events and downtime", "Production against plan",
                    "Suppressed by design", "Trends around each event"):  # fmt: skip
        assert heading in text
    assert "Rectifier series 1 Rectifier 1 DC ground fault 25 min" in text
    capsys.readouterr()
    code = main.main(["report", "--recording", str(shift.path), "--out", str(tmp_path / "c.pdf"),
                      "--data-dir", str(tmp_path / "data")])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0, out
    assert "event: Rectifier series 1 stopped (Rectifier 1 DC ground fault) for 25 min" in out
    assert "instrument issues 0" in out
