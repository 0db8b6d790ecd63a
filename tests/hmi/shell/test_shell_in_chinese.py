"""The demo console's main window in Chinese, running: the header's own texts (the mode, the
user, the clock, DEMO, the forced-values button), the alarm banner in it and the status bar
read Chinese; what other parts show there (the screens' titles, the audit button, the links'
details) is theirs and left out. English again after switching; a screenshot at 1920x1080."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hmi.i18n.translators import install_language
from hmi.shell.app import Console
from hmi.shell.main_window import MainWindow
from screens import open_project
from tags.config.project import load_project
from tags.i18n.language import Language
from tests.hmi.i18n.english_left import english_left
from tests.paths import DEMO_PROJECT
from tests.waiting import wait_until

OTHER_PARTS = ("AuditButton(", "QLabel(title)")
"""Widgets in the header another part translates (the audit trail's button) or that show
project data (the project's name)."""


@pytest.fixture(autouse=True)
def english_afterwards(qapp: QApplication) -> Iterator[None]:
    yield
    install_language(Language.EN)


def english_of_the_shell(window: MainWindow) -> list[str]:
    """english_left of the header (with the banner) and the status bar, without the screens'
    titles on the navigation buttons, the other parts' widgets and the connections' details
    (the diagnostics' tooltip)."""
    titles = [spec.title for spec in window.specs.values()]
    links = list(window.lights)  # the connections' names (project data)
    found = english_left(window.header) + [
        line for line in english_left(window.statusBar(), units=links) if "\\nstate: " not in line
    ]
    return [
        line
        for line in found
        if not line.startswith(OTHER_PARTS) and not any(f"'{t}" in line for t in titles)
    ]


@pytest.mark.slow
def test_the_running_demo_shell_reads_chinese_and_english_again(
    qtbot: QtBot,
    qloop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    screenshot_dir: Path,
) -> None:
    install_language(Language.ZH_CN)
    project = load_project(DEMO_PROJECT)
    console = Console(project, tmp_path, open_project(project))
    window = qloop.run_until_complete(console.start())
    try:
        window.resize(1920, 1080)
        window.show()
        qtbot.waitExposed(window)
        banner = window.alarm_header.banner
        wait_until(qloop, lambda: all("●" in light.text() for light in window.lights.values())
                   and len(window.lights) > 0)  # fmt: skip
        assert banner.ack_button.text() == "确认"
        assert banner.horn_button.text() in ("声响开", "声响关")
        assert window.header.mode.text() == "仿真"
        left = english_of_the_shell(window)
        assert left == [], "\n".join(left)
        window.grab().save(str(screenshot_dir / "shell_running_zh_CN_1920x1080.png"))
        install_language(Language.EN)
        wait_until(qloop, lambda: banner.ack_button.text() == "Ack")
        assert window.header.mode.text() == "SIMULATION"
        assert banner.silence_button.toolTip() == "Silence the horn until a new alarm comes in"
        wait_until(qloop, lambda: all("已连接" not in w.text() for w in window.lights.values()))
    finally:
        qloop.run_until_complete(console.stop())
