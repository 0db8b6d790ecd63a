"""The loop-check view in Chinese on the demo plant (a real runtime fed by the plant
simulator): the areas' progress, the loops, a loop's sheet with a captured point and its
history show no English of the console's own; back in English live."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hmi.i18n.translators import install_language
from hmi.loopcheck.view import LoopCheckView
from hmi.shell.theme import apply_theme
from tags.i18n.language import Language
from tags.security.permissions import Role, User
from tests.hmi.i18n.chinese_project import with_chinese_descriptions
from tests.hmi.i18n.english_left import english_left
from tests.screens.demo_plant import DemoPlant, load_demo
from tests.waiting import GENEROUS_MS

ERIN = User("erin", Role.ENGINEER)
FEED = "CWP.FEED.TPH"


@pytest.fixture
def plant(qapp: QApplication, tmp_path: Path) -> Iterator[DemoPlant]:
    if not qapp.styleSheet():
        apply_theme(qapp)
    demo = DemoPlant(with_chinese_descriptions(load_demo()), tmp_path)
    yield demo
    demo.close()
    install_language(Language.EN)


@pytest.mark.slow
def test_the_loop_check_view_in_chinese_and_back(
    plant: DemoPlant, qtbot: QtBot, screenshot_dir: Path
) -> None:
    install_language(Language.ZH_CN)
    view = LoopCheckView(plant.runtime, plant.bridge, user=lambda: ERIN, workstation="cr-eng")
    qtbot.addWidget(view)
    view.resize(1920, 1080)
    view.show()
    plant.run(10)
    view.choose(FEED)
    view.capture("50")
    sheet = view.sheet
    assert sheet.title.text() == f"{FEED}  {plant.runtime.project.tags[FEED].description_zh}"
    assert view.message.text() == f"已采集 {FEED} 50 %"
    assert view.areas.headerData(0, Qt.Orientation.Horizontal, 0) == "区域"
    assert "区域 CWP" in sheet.about.text() and "显示于：无画面" in sheet.about.text()
    assert sheet.history.item(0).text().endswith(("合格", "不合格"))
    names = [*plant.project.areas, "erin"]  # area codes and a user name, like tag names
    names += [state for tag in plant.project.tags.values() for state in tag.states.values()]
    assert english_left(view, names) == []
    qtbot.waitUntil(lambda: all(b.isVisible() for b in sheet.buttons.values()))  # laid out
    view.grab().save(str(screenshot_dir / "loopcheck_zh_CN_1920x1080.png"))

    install_language(Language.EN)
    qtbot.waitUntil(lambda: view.title.text() == "Loop check", timeout=GENEROUS_MS)
    assert view.areas.headerData(0, Qt.Orientation.Horizontal, 0) == "Area"
    assert sheet.points_box.title() == "Check points"
    assert sheet.title.text() == f"{FEED}  {plant.project.tags[FEED].description}"
    assert "Shown on: no display" in sheet.about.text()
