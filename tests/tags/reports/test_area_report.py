"""The shift report's trends and watched units come from each area's declaration in the project
files: the demo declares what its report always showed, the fluorochemicals plant its own, the
four-area project all four; ``check`` names the file, table and key of a bad declaration."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from commands.cli import main
from tags.analytics.faraday import mn_rate_t_h
from tags.config.project import check_project, load_project
from tags.history.recording import record_shift
from tags.history.sqlite_store import SqliteHistoryStore
from tags.reports.downtime import watched_units
from tags.reports.shift_report import build_report, report_trends
from tests.paths import DEMO_PROJECT, FLUORIDE_FOLDER, FLUORIDE_PROJECT, FOUR_PLANTS_PROJECT

T0 = 1_749_981_600.0  # 2025-06-15 10:00 UTC, a whole number of 20-minute periods
DEMO_TRENDS = [
    ("EMM DC specific energy", ("EMM.KPI.SEC_DC",)),
    ("EMM current efficiency", ("EMM.KPI.CE",)),
    ("CWP clean coal ash", ("CWP.CLEAN.ASH",)),
    ("SCO2 generation and export", ("SCO2.GEN.P", "SCO2.NET.P")),
]
AHF_TRENDS = [
    ("AHF production", ("AHF.PROD.RATE",)),
    ("AHF purity", ("AHF.PROD.PURITY",)),
    ("Kiln feed ratio H2SO4 / CaF2", ("AHF.FEED.RATIO",)),
]
LIPF6_TRENDS = [
    ("LiPF6 production", ("LIPF6.PROD.RATE",)),
    ("LiPF6 assay", ("LIPF6.PROD.PURITY",)),
    ("LiPF6 moisture and free acid", ("LIPF6.PROD.H2O", "LIPF6.PROD.HF")),
]


def test_the_demo_declares_the_trends_and_units_its_report_always_had() -> None:
    project = load_project(DEMO_PROJECT)
    assert report_trends(project) == DEMO_TRENDS
    units = {u.name: u for u in watched_units(project)}
    assert [(u.name, u.title, u.area, u.run_tag, u.product) for u in units.values()] == [
        ("EMM.RECT1", "Rectifier series 1", "EMM", "EMM.RECT1.IDC", "t Mn"),
        ("EMM.RECT2", "Rectifier series 2", "EMM", "EMM.RECT2.IDC", "t Mn"),
        ("CWP.FEED", "Coal washing plant feed", "CWP", "CWP.FEED.TPH", "t clean coal"),
        ("SCO2.TURB", "sCO2 turbine-generator", "SCO2", "SCO2.GEN.P", "MWh exported"),
    ]
    rect1, feed, turbine = units["EMM.RECT1"], units["CWP.FEED"], units["SCO2.TURB"]
    # stopped below a tenth of the throughput tag's normal low, as before
    assert rect1.stopped_below == pytest.approx(0.1 * project.tags["EMM.RECT1.IDC"].normal_low)
    assert rect1.trends == ("EMM.RECT1.IDC", "EMM.RECT1.UDC") and rect1.equipment == ("EMM.RECT1",)
    assert turbine.trends == ("SCO2.GEN.P", "SCO2.NET.P", "SCO2.TURB.SPEED")
    assert turbine.equipment == ("SCO2.TURB", "SCO2.GEN")
    assert feed.trends == ("CWP.FEED.TPH", "CWP.CLEAN.TPH") and feed.equipment == ("CWP.FEED",)
    # what a stop costs: Faraday per series, MW exported, t/h clean coal
    values = {"EMM.RECT1.IDC": 10.0, "EMM.KPI.CE": 67.7, "SCO2.NET.P": 4.5, "CWP.CLEAN.TPH": 260.0}
    assert rect1.rate(values) == pytest.approx(mn_rate_t_h(10.0, 60, 67.7), rel=1e-12)
    assert rect1.rate({"EMM.RECT1.IDC": 10.0}) is None  # no efficiency known: no figure
    assert (turbine.rate(values), feed.rate(values)) == (4.5, 260.0)


def test_the_example_projects_declare_their_own_report() -> None:
    fluoride = load_project(FLUORIDE_PROJECT)
    assert report_trends(fluoride) == AHF_TRENDS + LIPF6_TRENDS
    units = watched_units(fluoride)
    assert [(u.name, u.title, u.area, u.product) for u in units] == [
        ("AHF.KILN", "AHF rotary kiln", "AHF", "t AHF"),
        ("LIPF6.DRYER", "LiPF6 vacuum dryer", "LIPF6", "kg LiPF6"),
    ]
    assert [str(u.stopped_when) for u in units] == ["AHF.KILN.RUN == 0", "LIPF6.DRYER.RUN == 0"]
    four = load_project(FOUR_PLANTS_PROJECT)
    assert report_trends(four) == DEMO_TRENDS + AHF_TRENDS
    assert [u.name for u in watched_units(four)] == [
        "EMM.RECT1", "EMM.RECT2", "CWP.FEED", "SCO2.TURB", "AHF.KILN",
    ]  # fmt: skip


def _fluoride_copy(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the fluoride project with one text of its project file replaced."""
    folder = tmp_path / "fluoride"
    shutil.copytree(FLUORIDE_FOLDER, folder)
    path = folder / "fluoride.toml"
    if old:
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        path.write_text(text.replace(old, new), encoding="utf-8")
    return path


KILN = '[[areas.AHF.report.downtime]]\nunit = "AHF.KILN"\n'
STOPPED = 'title = "AHF rotary kiln"\nstopped_when = "AHF.KILN.RUN == 0"'
BAD_DECLARATIONS = [
    ('tags = ["AHF.PROD.RATE"]', 'tags = ["AHF.PROD.RATEX"]',
     "areas.AHF.report.trend[1].tags", "unknown tag AHF.PROD.RATEX"),
    ('title = "AHF purity"\n', "",
     "areas.AHF.report.trend[2].title", "missing: the chart's title"),
    ('product = "t AHF"\n', "",
     "areas.AHF.report.downtime[1].product", "missing: what a stop loses"),
    (STOPPED, STOPPED.replace("RUN == 0", "RUN = 0"),
     "areas.AHF.report.downtime[1].stopped_when", "'AHF.KILN.RUN = 0' is not a condition"),
    (STOPPED, STOPPED.replace("RUN", "GO"),
     "areas.AHF.report.downtime[1].stopped_when", "unknown tag AHF.KILN.GO"),
    (STOPPED, 'title = "AHF rotary kiln"\nrunning = "AHF.KILN.RUN"',
     "areas.AHF.report.downtime[1].running", "AHF.KILN.RUN has no normal band"),
    (KILN, f'{KILN}running = "AHF.KILN.SPEED"\n',
     "areas.AHF.report.downtime[1]", "give exactly one of running"),
    (KILN, f"{KILN}colour = 3\n",
     "areas.AHF.report.downtime[1].colour", "unknown key (known: equipment, product"),
    (KILN, f"{KILN}rate_factor = -1\n",
     "areas.AHF.report.downtime[1].rate_factor", "must be a number above 0"),
    ('rate = ["AHF.PROD.RATE"]', 'rate = ["AHF.PROD.RATE", "AHF.PROD.TPH"]',
     "areas.AHF.report.downtime[1].rate", "unknown tag AHF.PROD.TPH"),
    (KILN, '[areas.AHF.report]\nplan = 1\n\n' + KILN,
     "areas.AHF.report.plan", "unknown key (known: downtime, trend)"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "where", "message"), BAD_DECLARATIONS)
def test_check_names_the_file_table_and_key_of_a_bad_declaration(
    tmp_path: Path, old: str, new: str, where: str, message: str
) -> None:
    path = _fluoride_copy(tmp_path, old, new)
    problems = check_project(path)
    assert [(p.file, p.path) for p in problems] == [("fluoride.toml", where)], problems
    assert message in problems[0].message


def test_the_check_command_prints_a_bad_declaration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _fluoride_copy(tmp_path, 'tags = ["AHF.PROD.RATE"]', 'tags = ["AHF.PROD.RATEX"]')
    assert main(["--data-dir", str(tmp_path / "data"), "check", str(path)]) != 0
    lines = path.read_text(encoding="utf-8").splitlines()
    line = lines.index('tags = ["AHF.PROD.RATEX"]') + 1
    out = capsys.readouterr().out
    assert (
        f"fluoride.toml:{line}: areas.AHF.report.trend[1].tags: unknown tag AHF.PROD.RATEX" in out
    )


def test_a_problem_of_the_second_table_of_an_array_points_at_its_line(tmp_path: Path) -> None:
    path = _fluoride_copy(tmp_path, 'title = "AHF purity"\n', 'title = ""\n')
    (problem,) = check_project(path)
    assert problem.path == "areas.AHF.report.trend[2].title"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert problem.line is not None and lines[problem.line - 1] == 'title = ""'


@pytest.mark.slow
def test_the_fluoride_report_has_its_trends_and_the_kiln_stop(tmp_path: Path) -> None:
    """The kiln's run signal made a square wave (on 15 min, off 5 min in every 20): the
    project's own signal generators recorded for 30 min of plant time, then reported."""
    path = _fluoride_copy(tmp_path, "", "")
    ahf = path.parent / "ahf.toml"
    head, table, rest = ahf.read_text(encoding="utf-8").partition('[tags."AHF.KILN.RUN"]\n')
    body, next_table, tail = rest.partition("\n[")
    constant = 'source = "sim://signal/constant?value=1"'
    assert table and body.count(constant) == 1
    square = body.replace(constant, 'source = "sim://signal/square?period=1200&duty=0.75"')
    ahf.write_text(head + table + square + next_table + tail, encoding="utf-8")
    project = load_project(path)
    out = tmp_path / "shift.db"
    asyncio.run(record_shift(project, out, minutes=30, speed=1e6, start=T0))
    end = T0 + 1800.0
    store = SqliteHistoryStore(out, readonly=True)
    try:
        report = build_report(project, store, T0, end, generated=end, journal=out)
    finally:
        store.close()
    assert [c.title for c in report.charts] == [t for t, _ in AHF_TRENDS + LIPF6_TRENDS]
    moisture = report.charts[-1]
    assert [name for name, _, _ in moisture.series] == ["LIPF6.PROD.H2O", "LIPF6.PROD.HF"]
    (event,) = report.events
    assert (event.unit, event.title, event.area, event.product) == (
        "AHF.KILN", "AHF rotary kiln", "AHF", "t AHF",
    )  # fmt: skip
    assert event.stopped == pytest.approx(T0 + 900.0, abs=10.0)
    assert event.restarted == pytest.approx(T0 + 1200.0, abs=10.0)
    assert event.downtime == pytest.approx(300.0, abs=20.0)
    assert event.rate_before == pytest.approx(3.65, abs=0.15)  # t/h AHF before the stop
    assert event.lost is not None and event.lost >= 0.0
    assert event.cause == "no alarm of the unit"
    assert any(line.startswith("event: AHF rotary kiln stopped") for line in report.lines())
    assert report.event_charts and "AHF rotary kiln stop at" in report.event_charts[0].title
