"""The replay bar (controls, state, range, bookmarks) and the open-recording dialog in
Chinese on a console replaying a recording, with no English left; back in English live."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hmi.i18n.translators import install_language
from hmi.replay.open_dialog import OpenRecordingDialog
from hmi.replay.timeline import tooltip_text
from hmi.shell.app import Console
from screens import all_screens
from tags.config.project import load_project
from tags.i18n.language import Language
from tags.replay.timeline import EventKind, TimelineEvent
from tests.hmi.i18n.english_left import english_left
from tests.paths import SIGNALS_PROJECT
from tests.tags.replay.replay_support import T0, make_recording
from tests.waiting import GENEROUS_MS, until, wait_until

KEY_CAPS = ("Home",)
"""Key names printed on the keys, read as they are."""


@pytest.fixture(autouse=True)
def english_afterwards(qapp: QApplication) -> Iterator[None]:
    yield
    install_language(Language.EN)


@pytest.mark.slow
def test_the_replay_bar_in_chinese_and_back(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, screenshot_dir: Path
) -> None:
    data = tmp_path / "data"
    recording = make_recording(tmp_path / "班次 3.db", data)
    console = Console(load_project(SIGNALS_PROJECT), data, all_screens(), replay=recording)
    window = qloop.run_until_complete(console.start())
    bar = window.replay_bar
    assert bar is not None
    try:
        qloop.run_until_complete(until(lambda: bar.timeline_data is not None))
        assert bar.add_bookmark("泵在此跳车", T0 + 30) is not None
        window.resize(1920, 1080)
        window.show()
        install_language(Language.ZH_CN)
        wait_until(qloop, lambda: bar.live_button.text() == "返回实时")
        wait_until(qloop, lambda: bar.state_label.text() == "已暂停")
        assert (bar.play_button.text(), bar.bookmark_list.text()) == ("▶ 播放", "书签（1）")
        assert bar.play_button.toolTip() == "播放或暂停（空格）"
        assert "月" in bar.range_label.text() and "(10 min)" in bar.range_label.text()
        assert english_left(bar, KEY_CAPS) == []
        menu = [a.text() for a in bar.bookmark_menu.actions()]
        assert menu[-1] == "删除书签"
        ack = TimelineEvent(T0 + 40, EventKind.ACK, "TST.GEN.SINE.HIHI", user="ada")
        assert "确认: TST.GEN.SINE.HIHI — ada" in tooltip_text(ack)
        window.grab().save(str(screenshot_dir / "replay_bar_zh_CN_1920x1080.png"))

        install_language(Language.EN)
        wait_until(qloop, lambda: bar.live_button.text() == "Back to live")
        wait_until(qloop, lambda: bar.state_label.text() == "PAUSED")
        assert bar.bookmark_list.text() == "Bookmarks (1)"
        assert bar.play_button.toolTip() == "Play or pause (Space)"
    finally:
        qloop.run_until_complete(console.stop())


def test_the_open_recording_dialog_in_chinese_and_back(
    qtbot: QtBot, tmp_path: Path, screenshot_dir: Path
) -> None:
    install_language(Language.ZH_CN)
    dialog = OpenRecordingDialog(tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "打开记录"
    assert english_left(dialog, ["main.py record"]) == []  # a command, typed as it is
    dialog.grab().save(str(screenshot_dir / "open_recording_zh_CN.png"))
    install_language(Language.EN)
    qtbot.waitUntil(lambda: dialog.windowTitle() == "Open recording", timeout=GENEROUS_MS)
    assert dialog.open_button.text() == "Open"
