"""The fluorochemicals example plant, declared in project files only (signal generators, no
plant model): it checks, opens with every display, raises its alarms and makes its shift
report; beside the three demo plants it makes a four-area project with four overview columns."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from commands.cli import main
from hmi.canvas.builder import Canvas, layout_of
from hmi.shell.app import Console
from screens import screens_of
from tags.config.project import load_project
from tags.model import Quality
from tests.paths import FLUORIDE_FOLDER, FLUORIDE_PROJECT, FOUR_PLANTS_PROJECT
from tests.waiting import wait_until

SIZE = (1920, 1080)


@pytest.mark.parametrize("project", [FLUORIDE_PROJECT, FOUR_PLANTS_PROJECT])
def test_check_passes_on_the_example_projects(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(tmp_path / "data"), "check", str(project)]) == 0
    assert ": OK: project" in capsys.readouterr().out


def test_the_plant_is_made_of_signal_generators_only() -> None:
    project = load_project(FLUORIDE_PROJECT)
    assert sorted(project.areas) == ["AHF", "LIPF6"]
    assert all(t.source.startswith("sim://signal/") for t in project.tags.values())
    assert {t.area for t in project.tags.values()} == {"AHF", "LIPF6"}
    alarms = [a for t in project.tags.values() for a in t.alarms]
    assert {a.priority.name.lower() for a in alarms} >= {"low", "medium", "high"}
    assert all(a.deadband > 0 for a in alarms)
    suppressed = {a.tag for a in alarms if a.suppress_when}
    assert {"AHF.KILN.SHELL.T", "AHF.KILN.JACKET.T", "AHF.KILN.GAS_OUT.T"} <= suppressed
    units = project.analytics.health.units
    assert [u.name for u in units] == ["AHF rotary kiln", "LiPF6 vacuum dryer"]


def test_the_four_area_overview_has_four_columns() -> None:
    screens = screens_of(load_project(FOUR_PLANTS_PROJECT))
    layout = layout_of(screens.specs[0])
    assert layout is not None
    counts = [e for e in layout.elements if e.kind == "alarm_counts"]
    assert [e.options["area"] for e in counts] == ["EMM", "CWP", "SCO2", "AHF"]
    assert len({e.y for e in counts}) == 1 and len({e.x for e in counts}) == 4
    links = [(e.options["screen"], e.options["label"]) for e in layout.elements if e.kind == "link"]
    assert ("ahf", "AHF unit (F5)") in links
    assert screens.screen_for_tag("AHF.KILN.SHELL.T") == "ahf"


def _with_low_limit(tmp_path: Path) -> Path:
    """A copy of the fluoride project whose pre-purifier dP alarm limit is below the signal
    (1.2 to 2.3 kPa), with no delay: the alarm comes as soon as the value does."""
    folder = tmp_path / "fluoride"
    shutil.copytree(FLUORIDE_FOLDER, folder)
    tags = folder / "ahf.toml"
    lines = tags.read_text(encoding="utf-8").splitlines(keepends=True)
    dp = [i for i, line in enumerate(lines) if "Pre-purifier dP high" in line]
    assert len(dp) == 1 and "limit = 2.2" in lines[dp[0]] and "on_delay = 15" in lines[dp[0]]
    lines[dp[0]] = lines[dp[0]].replace("limit = 2.2", "limit = 1.0")
    lines[dp[0]] = lines[dp[0]].replace("on_delay = 15", "on_delay = 0")
    tags.write_text("".join(lines), encoding="utf-8")
    return folder / "fluoride.toml"


@pytest.mark.slow
def test_the_console_opens_the_fluoride_plant_and_every_screen(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, screenshot_dir: Path
) -> None:
    project = load_project(_with_low_limit(tmp_path))
    screens = screens_of(project)
    console = Console(project, tmp_path / "data", screens.specs, screens.screen_for_tag)
    window = qloop.run_until_complete(console.start())
    try:
        window.resize(*SIZE)
        window.show()
        assert window.current_screen() == "overview"
        db = console.runtime.db
        wait_until(qloop, lambda: all(db.get(n).quality is Quality.GOOD for n in project.tags))
        for spec in screens.specs:
            page = window.open_screen(spec.key)
            assert window.current_screen() == spec.key
            assert page.isVisible()
        banner = window.alarm_header.banner
        wait_until(qloop, lambda: any(v.name == "AHF.SCRUB.DP.HI" for v in banner.waiting))
        for key in ("ahf", "lipf6"):
            window.open_screen(key)
            qloop.run_until_complete(asyncio.sleep(0))  # events handled inside the loop
            window.grab().save(str(screenshot_dir / f"fluoride_{key}.png"))
        window.open_screen("overview")
        qloop.run_until_complete(asyncio.sleep(0))  # events handled inside the loop
        window.grab().save(str(screenshot_dir / "fluoride_overview.png"))
        assert window.header.screen_menu.keys()[:4] == ["overview", "alarms", "ahf", "lipf6"]
    finally:
        qloop.run_until_complete(console.stop())


@pytest.mark.slow
def test_a_shift_report_of_the_fluoride_plant_is_made_from_a_recording(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recording, pdf = tmp_path / "shift.db", tmp_path / "shift.pdf"
    project = str(FLUORIDE_PROJECT)
    data = ["--data-dir", str(tmp_path / "data")]
    assert main([*data, "record", "--project", project, "--minutes", "60", "--speed", "600",
                 "--out", str(recording)]) == 0  # fmt: skip
    recorded = capsys.readouterr().out
    assert "44 tags" in recorded and "alarm events" in recorded
    assert main([*data, "report", "--project", project, "--recording", str(recording),
                 "--out", str(pdf), "--csv", str(tmp_path / "energy.csv")]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "(Fluorochemicals, 60 min)" in out
    assert "AHF: AHF produced " in out and "LIPF6: LiPF6 produced " in out  # energy areas
    header = (tmp_path / "energy.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("period,start,end,ahf_amount,ahf_kwh,ahf_kwh_per_unit,")
    assert "alarms: " in out and "annunciated" in out
    assert pdf.stat().st_size > 0


@pytest.mark.slow
def test_the_console_opens_the_four_area_project_with_four_overview_columns(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, screenshot_dir: Path
) -> None:
    project = load_project(FOUR_PLANTS_PROJECT)
    screens = screens_of(project)
    console = Console(project, tmp_path / "data", screens.specs, screens.screen_for_tag)
    window = qloop.run_until_complete(console.start())
    try:
        window.resize(*SIZE)
        window.show()
        assert window.current_screen() == "overview"
        canvas = window.pages["overview"]
        canvas = canvas if isinstance(canvas, Canvas) else canvas.findChild(Canvas)
        assert canvas is not None
        counts = [w for e, w in canvas.placed if e.kind == "alarm_counts"]
        assert len(counts) == 4
        assert len({w.geometry().x() for w in counts}) == 4
        db = console.runtime.db
        ahf = [n for n in project.tags if n.startswith("AHF.")]
        wait_until(qloop, lambda: all(db.get(n).quality is Quality.GOOD for n in ahf))
        shown = [e.tags["pv"] for e, _ in canvas.placed if e.kind == "kpi"]
        wait_until(qloop, lambda: all(db.get(n).quality is Quality.GOOD for n in shown))
        page = window.open_screen("ahf")
        assert page.isVisible()
        window.open_screen("overview")
        qloop.run_until_complete(asyncio.sleep(1.5))  # the values reach the widgets (picture)
        window.grab().save(str(screenshot_dir / "four_plants_overview.png"))
    finally:
        qloop.run_until_complete(console.stop())
