"""The trend view in Chinese on the demo shift's recording: toolbar, pen table, status line
and the tag picker's own texts translated (the picker's tag browser is the diagnostics'),
English again after switching, and a screenshot at 1920x1080."""

from __future__ import annotations

import asyncio
import gc
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from hmi.bridge import TagBridge
from hmi.i18n.translators import install_language
from hmi.shell.theme import apply_theme
from hmi.trends.history import HistorianSource
from hmi.trends.trend_view import TrendView
from tags.clock import ManualClock
from tags.config.project import load_project
from tags.database import TagDatabase
from tags.history.historian import Historian
from tags.history.store_factory import sqlite_factory
from tags.i18n.descriptions import description_of
from tags.i18n.language import Language
from tests.hmi.i18n.english_left import english_left
from tests.paths import DEMO_PROJECT, DEMO_RECORDING
from tests.waiting import wait_until

PENS = ("CWP.DMC.DENS.PV", "CWP.DMC.DENS.SP", "CWP.FEED.TPH")
END = 1_795_890_195.0


@pytest.fixture(autouse=True)
def english_afterwards(qapp: QApplication) -> Iterator[None]:
    gc.collect()
    yield
    install_language(Language.EN)
    gc.collect()


def outside_the_browser(view: TrendView) -> list[str]:
    """english_left of the trend view, the picker's tag browser (another part) left out and
    the pens' descriptions where the project gives no Chinese one."""
    browser = view.picker.browser
    hidden = browser.isVisible()
    browser.hide()
    try:
        left = english_left(view, units=[view.bridge.db.tags[p].unit for p in PENS])
    finally:
        browser.setVisible(hidden)
    descriptions = [description_of(view.bridge.db.tags[p]) for p in PENS]
    return [line for line in left if not any(d in line for d in descriptions)]


@pytest.mark.slow
def test_the_trend_view_reads_chinese_and_english_again(
    qtbot: QtBot,
    qapp: QApplication,
    qloop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    screenshot_dir: Path,
) -> None:
    if not qapp.styleSheet():
        apply_theme(qapp)
    install_language(Language.ZH_CN)
    recording = tmp_path / "shift.db"
    shutil.copy(DEMO_RECORDING, recording)
    project = load_project(DEMO_PROJECT)
    clock = ManualClock(END + 5.0)
    db = TagDatabase(project.tags, clock)
    historian = Historian(db, sqlite_factory(recording), mark_gaps=False)
    bridge = TagBridge(db)
    view = TrendView(bridge, HistorianSource(historian), tmp_path)
    try:
        now_values = qloop.run_until_complete(
            historian.query(lambda store: store.values_at(list(db.tags), clock.now()))
        )
        db.publish(now_values)
        bridge.flush()
        view.resize(1920, 1080)
        view.show()
        qtbot.waitExposed(view)
        for name in PENS:
            view.add_pen(name)
        wait_until(qloop, lambda: len(view.history.queries) > 0 and not view.history.loading)
        view.toolbar.cursor_button.setChecked(True)
        view.plot.show_cursor(END - 600.0)
        view.tick()
        bar = view.toolbar
        assert (bar.cursor_button.text(), bar.fit.text()) == ("光标", "自适应量程")
        assert view.table.horizontalHeaderItem(3).text() == "光标处"
        assert bar.count.text() == "3/8 条曲线"
        assert outside_the_browser(view) == []
        view.grab().save(str(screenshot_dir / "trend_zh_CN_1920x1080.png"))
        install_language(Language.EN)
        qtbot.waitUntil(lambda: bar.fit.text() == "Fit scales")
        assert view.table.horizontalHeaderItem(3).text() == "At cursor"
        assert bar.count.text() == "3 of 8 pens"
        assert view.picker.add.text() == "Add to trend"
        assert bar.status.text().startswith("<b>")
        assert view.table.item(0, 0).toolTip() == "show or hide this pen"
        assert view.table.item(0, 0).checkState() == Qt.CheckState.Checked
    finally:
        view.stop()
        view.close()
        shiboken6.delete(view)
        bridge.close()
        qloop.run_until_complete(historian.stop())


def test_a_refused_pen_says_why_in_chinese(qtbot: QtBot, tmp_path: Path) -> None:
    install_language(Language.ZH_CN)
    db = TagDatabase(load_project(DEMO_PROJECT).tags, ManualClock(END))
    bridge = TagBridge(db)
    view = TrendView(bridge, None, tmp_path)
    qtbot.addWidget(view)
    try:
        assert view.message == "此操作员站没有历史数据：仅实时"
        view.add_pen(PENS[0])
        view._try(view.add_pen, PENS[0])
        assert view.message == f"{PENS[0]} 已在趋势中"
        box: QWidget = view.toolbar
        assert english_left(box) == []
    finally:
        view.stop()
        bridge.close()
