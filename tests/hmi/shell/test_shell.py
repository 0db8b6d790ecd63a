"""The shell: back/forward through visited screens, Ctrl+K tag search, remembered layout."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from hmi.shell.app import Console
from hmi.shell.screen import ScreenContext, ScreenSpec
from tags.config.project import load_project
from tests.paths import DEMO_PROJECT, SIGNALS_PROJECT


def simple(key: str) -> ScreenSpec:
    def build(ctx: ScreenContext) -> QWidget:
        return QLabel(key)

    return ScreenSpec(key, key.title(), level=2, build=build)


SCREENS = [simple("one"), simple("two"), simple("three")]


def test_back_and_forward_walk_the_visited_screens_and_layout_is_remembered(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    console = Console(load_project(SIGNALS_PROJECT), tmp_path, SCREENS)
    window = qloop.run_until_complete(console.start())
    try:
        assert window.current_screen() == "one"
        window.open_screen("two")
        window.open_screen("three")
        window.step_history(-1)
        assert window.current_screen() == "two"
        window.step_history(-1)
        assert window.current_screen() == "one"
        window.step_history(+1)
        assert window.current_screen() == "two"
        window.open_screen("one")  # a new visit drops the forward history
        window.step_history(+1)
        assert window.current_screen() == "one"
        assert window.header.nav_buttons["one"].isChecked()
        window.open_screen("three")
        window.resize(1234, 777)
        window.save_layout()
    finally:
        qloop.run_until_complete(console.stop())
    again = Console(load_project(SIGNALS_PROJECT), tmp_path, SCREENS)
    window = qloop.run_until_complete(again.start())
    try:
        window.restore_layout()
        assert window.current_screen() == "three"
        assert not window.settings().value("window/geometry").isEmpty()
    finally:
        qloop.run_until_complete(again.stop())


def test_ctrl_k_finds_a_tag_by_words_of_its_description_and_opens_its_faceplate(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    console = Console(load_project(SIGNALS_PROJECT), tmp_path, SCREENS)
    window = qloop.run_until_complete(console.start())
    try:
        search = window.find_tag()
        search.query.setText("flow set")
        assert search.matches.rowCount() == 1
        search.choose()
        assert set(window.faceplates) == {"TST.FIC1.SP"}
    finally:
        qloop.run_until_complete(console.stop())


@pytest.mark.slow
def test_the_header_fits_a_1920_px_screen_with_three_priorities_counted_on_every_area(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    from hmi.alarms.area_counts import counts_pixmap
    from screens import all_screens
    from tags.model import Priority

    console = Console(load_project(DEMO_PROJECT), tmp_path, all_screens())
    window = console.build()
    try:
        pixmap = counts_pixmap({Priority(2): 3, Priority(3): 12, Priority(4): 7})
        assert len(window.alarm_header.counts.buttons) == 7  # 3 areas, 3 unit details, summary
        for button in window.alarm_header.counts.buttons.values():
            button.setIcon(QIcon(pixmap))
            button.setIconSize(QSize(pixmap.width(), pixmap.height()))
        assert window.header.minimumSizeHint().width() <= 1920
    finally:
        qloop.run_until_complete(console.stop())


def test_a_console_opens_maximized_first_then_as_left_and_full_screen_when_asked(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    def opened(fullscreen: bool = False) -> tuple[bool, bool, tuple[int, int]]:
        console = Console(load_project(SIGNALS_PROJECT), tmp_path, SCREENS)
        window = console.build()
        window.show_as_console(fullscreen=fullscreen)
        if fullscreen:
            qtbot.waitUntil(window.isFullScreen)
        state = (window.isMaximized(), window.isFullScreen(), (window.width(), window.height()))
        window.showNormal()
        window.resize(700, 500)
        window.save_layout()
        window.close()
        qloop.run_until_complete(console.stop())
        return state

    assert opened()[:2] == (True, False)  # the first start on this workstation
    maximized, full, size = opened()
    assert (maximized, full, size[1]) == (False, False, 500)  # as the operator left it
    assert opened(fullscreen=True)[1]
