"""The diagnostics screen's views in Chinese on a running console: connections, the
historian's state, the scenarios and the tag browser (with its quality names and count)
show no English left, and switching back to English retranslates them live."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from hmi.diagnostics.connections_view import ConnectionsView
from hmi.diagnostics.history_view import HistoryStateView
from hmi.diagnostics.scenario_list import ScenarioList
from hmi.diagnostics.tag_browser import TagBrowser
from hmi.i18n.translators import install_language
from hmi.shell.app import Console
from screens import all_screens
from tags.config.project import load_project
from tags.i18n.language import Language
from tags.model import Quality
from tests.hmi.i18n.chinese_project import with_chinese_descriptions
from tests.hmi.i18n.english_left import english_left
from tests.paths import SIGNALS_PROJECT
from tests.waiting import wait_until


@pytest.fixture(autouse=True)
def english_afterwards(qapp: QApplication) -> Iterator[None]:
    """Every other test reads the console in English."""
    yield
    install_language(Language.EN)


def found(window: QWidget, kind: type[QWidget]) -> QWidget:
    widget = window.findChild(kind)
    assert widget is not None, kind.__name__
    return widget


@pytest.mark.slow
def test_the_diagnostics_views_in_chinese_and_back(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, screenshot_dir: Path
) -> None:
    project = with_chinese_descriptions(load_project(SIGNALS_PROJECT))
    console = Console(project, tmp_path, all_screens())
    window = qloop.run_until_complete(console.start())
    try:
        window.resize(1920, 1080)
        window.show()
        window.open_screen("tags")
        browser = found(window, TagBrowser)
        assert isinstance(browser, TagBrowser)
        db = console.runtime.db
        wait_until(qloop, lambda: all(db.get(n).quality is Quality.GOOD for n in project.tags))
        install_language(Language.ZH_CN)
        wait_until(qloop, lambda: browser.area.itemText(0) == "全部区域")
        model = browser.model
        wait_until(qloop, lambda: model.index(0, 5).data() == "良好")
        assert [model.headerData(c, Qt.Orientation.Horizontal, 0) for c in range(7)] == [
            "位号", "描述", "区域", "数值", "单位", "质量", "时间"]  # fmt: skip
        assert model.index(0, 1).data().endswith("的测量值")
        assert browser.count.text() == "8 / 8 个位号"
        units = {t.unit for t in project.tags.values()}
        units |= {"memory", "signal"} | set(project.areas)  # model and area names
        units.add(str(db.get("TST.LABEL").value))  # a text tag's value: the plant's data
        units |= {state for t in project.tags.values() for state in t.states.values()}
        views = [found(window, kind) for kind in
                 (ConnectionsView, HistoryStateView, ScenarioList, TagBrowser)]  # fmt: skip
        for view in views:
            assert english_left(view, units) == [], type(view).__name__
        connections = views[0]
        assert isinstance(connections, ConnectionsView)
        header = connections.horizontalHeaderItem(0)
        assert header is not None and header.text() == "连接"
        window.grab().save(str(screenshot_dir / "diagnostics_zh_CN_1920x1080.png"))

        install_language(Language.EN)
        wait_until(qloop, lambda: browser.area.itemText(0) == "All areas")
        assert model.index(0, 5).data() == "Good"
        assert browser.count.text() == "8 of 8 tags"
        header = connections.horizontalHeaderItem(0)
        assert header is not None and header.text() == "Connection"
        assert model.index(0, 1).data() == project.tags[model.tag_at(0)].description
    finally:
        qloop.run_until_complete(console.stop())
