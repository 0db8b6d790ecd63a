"""Screens from project files: a plant declared only in files opens with all its displays,
overviews of one to eight areas lay out without overlap, a bad screen file says where."""

from __future__ import annotations

import asyncio
import itertools
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from commands.cli import main
from hmi.canvas.builder import Canvas, layout_of
from hmi.canvas.overview import EquipmentState, KeyFigure, OverviewArea, overview_layout
from hmi.canvas.screen_file import load_screen_file
from hmi.shell.app import Console
from screens import all_screens, screens_of
from tags.config.problems import ConfigError
from tags.config.project import Project, load_project
from tags.model import Quality
from tests.paths import DEMO_FOLDER, KILN_FOLDER, KILN_PROJECT
from tests.screens.demo_plant import DemoPlant
from tests.waiting import wait_until

SIZE = (1920, 1080)


def test_a_project_lists_its_own_screens_then_the_common_ones_with_free_keys() -> None:
    specs = screens_of(load_project(KILN_PROJECT)).specs
    assert [(s.key, s.level, s.area, s.shortcut) for s in specs] == [
        ("overview", 1, "", "F1"), ("kiln", 2, "KILN", "F2"), ("acid", 2, "ACID", "F3"),
        ("energy", 3, "", "F10"), ("plant_health", 3, "", "F11"), ("alarms", 2, "", "F9"),
        ("trends", 3, "", "F8"), ("tags", 4, "", "F12"), ("loopcheck", 4, "", ""),
    ]  # fmt: skip


def test_an_overview_link_says_the_title_and_key_of_its_display_unless_the_file_does() -> None:
    layout = layout_of(screens_of(load_project(KILN_PROJECT)).specs[0])
    assert layout is not None
    links = [(e.options["screen"], e.options["label"]) for e in layout.elements if e.kind == "link"]
    assert links == [("kiln", "Kiln (F2)"), ("acid", "Absorption (F3)")]


def test_an_alarm_leads_to_the_project_display_that_shows_the_tag() -> None:
    screens = screens_of(load_project(KILN_PROJECT))
    assert screens.screen_for_tag("KILN.SHELL.T") == "kiln"
    assert screens.screen_for_tag("ACID.SCRUB.LEVEL") == "acid"
    assert screens.screen_for_tag("ACID.NOT.SHOWN") == "acid"


def test_a_project_without_screens_gets_an_overview_of_its_areas(demo_project: Project) -> None:
    bare = Project(path=demo_project.path, name="bare", areas=demo_project.areas)
    specs = screens_of(bare).specs
    assert [s.key for s in specs] == ["overview", "energy", "plant_health", "alarms", "trends",
                                      "tags", "loopcheck"]  # fmt: skip
    layout = layout_of(specs[0])
    assert layout is not None
    areas = [e.options["area"] for e in layout.elements if e.kind == "alarm_counts"]
    assert areas == ["EMM", "CWP", "SCO2"]


def test_the_demo_overview_comes_from_its_project_files() -> None:
    overview = load_screen_file(DEMO_FOLDER / "screens" / "overview.toml")
    assert [a.area for a in overview.areas] == ["EMM", "CWP", "SCO2"]
    assert [len(a.figures) for a in overview.areas] == [6, 6, 6]
    assert layout_of(all_screens()[0]) is not None
    assert layout_of(all_screens()[0]).tags() == overview.layout.tags()  # type: ignore[union-attr]


def _copy_kiln(tmp_path: Path) -> Path:
    folder = tmp_path / "kiln"
    shutil.copytree(KILN_FOLDER, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_a_bad_screen_file_names_file_line_element_and_field(tmp_path: Path) -> None:
    folder = _copy_kiln(tmp_path)
    kiln = folder / "screens" / "kiln.toml"
    _edit(kiln, "span = [300, 500]", "span = [300]")
    _edit(kiln, 'kind = "pump"', 'kind = "pumpx"')
    _edit(kiln, 'tag = "KILN.FEED.TPH"', 'tag = "KILN.FEED.TPX"')
    _edit(kiln, 'screen = "acid"', 'screen = "acids"')
    _edit(folder / "screens" / "overview.toml", 'tag = "ACID.PUMP.RUN"', 'tag = "ACID.PUMP"')
    with pytest.raises(ConfigError) as caught:
        screens_of(load_project(folder / "project.toml"))
    problems = [str(p) for p in caught.value.problems]
    assert "kiln.toml:32: element[4] (analog).span: must be two numbers, [low, high]" in problems
    assert any(p.startswith("kiln.toml:43: element[6] (pumpx).kind: 'pumpx' is not an element")
               for p in problems)  # fmt: skip
    assert "kiln.toml:39: element[5] (kpi).tag: unknown tag 'KILN.FEED.TPX'" in problems
    assert ("kiln.toml:68: element[9] (link).screen: leads to 'acids', which is not a screen "
            "of the project") in problems  # fmt: skip
    assert "overview.toml:34: area[2].equipment[1].tag: unknown tag 'ACID.PUMP'" in problems
    assert len(problems) == 5


def test_check_validates_the_screens(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path / "data"), "check", str(KILN_PROJECT)]) == 0
    assert "3 screens" in capsys.readouterr().out
    folder = _copy_kiln(tmp_path)
    _edit(folder / "screens" / "acid.toml", 'level = "ACID.SCRUB.LEVEL"', "level = 7")
    assert main(["--data-dir", str(tmp_path / "data"), "check", str(folder / "project.toml")]) == 1
    out = capsys.readouterr().out
    assert "acid.toml:15: element[2] (tank).level: must be a text" in out
    assert "1 problem(s) in the screens" in out


def test_the_screen_list_is_checked_with_the_project(tmp_path: Path) -> None:
    folder = _copy_kiln(tmp_path)
    project = folder / "project.toml"
    _edit(project, 'function_key = "F2"', 'function_key = "F1"')
    _edit(project, 'level = 2\narea = "ACID"', 'level = 5\narea = "ACIDS"')
    _edit(project, 'file = "screens/kiln.toml"', 'file = "screens/kiln.toml"\nbuiltin = "emm"')
    with pytest.raises(ConfigError) as caught:
        load_project(project)
    paths = sorted(p.path for p in caught.value.problems)
    assert paths == ["screens[2]", "screens[3].area", "screens[3].level"]
    _edit(project, 'builtin = "emm"\n', "")
    with pytest.raises(ConfigError) as caught:
        load_project(project)
    assert "F1 is already the key of 'overview'" in str(caught.value)


def _areas(count: int, project: Project) -> list[OverviewArea]:
    """``count`` areas of six figures and six equipment states each, from demo tags."""
    names = iter(itertools.cycle(sorted(n for n, t in project.tags.items() if not t.area
                                        or "CELL" not in n)))  # fmt: skip
    return [
        OverviewArea(f"A{i}", f"A{i}  area {i}", "emm", "Area display",
                     tuple(KeyFigure(next(names), f"Figure {j}") for j in range(6)),
                     tuple(EquipmentState(next(names), f"State {j}") for j in range(6)))
        for i in range(count)
    ]  # fmt: skip


def _overlaps(canvas: Canvas) -> list[str]:
    rects = [(e.kind, w.geometry()) for e, w in canvas.placed]
    inside = QRect(0, 0, *SIZE)
    found = [f"{k} {r} outside" for k, r in rects if not inside.contains(r)]
    for (ka, a), (kb, b) in itertools.combinations(rects, 2):
        if a.intersects(b):
            found.append(f"{ka} {a} / {kb} {b}")
    return found


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 8])
def test_an_overview_of_one_to_eight_areas_lays_out_without_overlap(
    count: int, plant: DemoPlant, qtbot: QtBot
) -> None:
    canvas = Canvas(plant.context(), overview_layout(_areas(count, plant.project)))
    qtbot.addWidget(canvas)
    canvas.resize(*SIZE)
    canvas.show()
    QApplication.processEvents()
    kinds = [e.kind for e, _ in canvas.placed]
    if count <= 5:  # KPI cards
        assert kinds.count("kpi") == kinds.count("value") == 6 * count
    else:  # eight areas: every figure still shown, as a readout
        assert kinds.count("kpi") == 0 and kinds.count("value") == 12 * count
    assert kinds.count("alarm_counts") == kinds.count("link") == count
    assert _overlaps(canvas) == []
    panels = [e for e in canvas.layout_.elements if e.kind == "panel"]
    for a, b in itertools.combinations(panels, 2):
        assert a.x + a.w <= b.x or b.x + b.w <= a.x or a.y + a.h <= b.y or b.y + b.h <= a.y


def test_more_than_eight_areas_are_refused() -> None:
    with pytest.raises(ValueError, match="at most 8"):
        overview_layout([OverviewArea(f"A{i}", "") for i in range(9)])


@pytest.mark.slow
def test_the_console_opens_a_project_of_files_and_every_screen(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, screenshot_dir: Path
) -> None:
    project = load_project(KILN_PROJECT)
    screens = screens_of(project)
    console = Console(project, tmp_path, screens.specs, screens.screen_for_tag)
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
        window.open_screen("overview")
        qloop.run_until_complete(asyncio.sleep(0))  # events handled inside the loop
        window.grab().save(str(screenshot_dir / "kiln_overview.png"))
        assert window.header.screen_menu.keys() == [
            "overview", "alarms", "kiln", "acid", "energy", "plant_health", "trends", "tags",
            "loopcheck",
        ]  # fmt: skip
        search = window.find_tag()
        search.query.setText("absorp")
        search.choose()
        assert window.current_screen() == "acid"
        window.step_history(-1)
        assert window.current_screen() == "overview"
    finally:
        qloop.run_until_complete(console.stop())


def test_the_console_refuses_a_project_with_a_bad_screen_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy_kiln(tmp_path)
    _edit(folder / "screens" / "acid.toml", 'screen = "kiln"', 'screen = "kilns"')
    code = main(["--data-dir", str(tmp_path / "data"), "--project", str(folder / "project.toml")])
    assert code == 1
    assert "acid.toml:42: element[6] (link).screen: leads to 'kilns'" in capsys.readouterr().err
