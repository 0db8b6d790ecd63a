"""The faceplate and the write dialog in Chinese on the demo project: the tag's state by its
Chinese name (readout and the write dialog's choices), no English word left, English again
after switching; screenshots."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hmi.faceplate.faceplate import Faceplate
from hmi.faceplate.write_dialog import WriteDialog
from hmi.i18n.translators import install_language
from hmi.widgets.value_readout import ValueReadout
from tags.i18n.language import Language
from tags.security.permissions import Role, User
from tests.hmi.analytics.analytics_bench import PLANT, analytics_console
from tests.hmi.i18n.english_left import english_left

TRIP, RESET = "EMM.RECT1.TRIP", "EMM.RECT1.RESET"


@pytest.fixture(autouse=True)
def english_afterwards(qapp: QApplication) -> Iterator[None]:
    yield
    install_language(Language.EN)


@pytest.mark.slow
def test_a_faceplate_and_its_write_dialog_speak_chinese_and_english_again(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, screenshot_dir: Path
) -> None:
    with analytics_console(qloop, tmp_path) as bench:
        install_language(Language.ZH_CN)
        bench.publish({**PLANT, TRIP: 1, RESET: 0})
        bench.settle()
        faceplate = bench.window.open_faceplate(TRIP)
        assert isinstance(faceplate, Faceplate)
        readout = faceplate.findChildren(ValueReadout)[0]
        bench.wait(lambda: readout.shown.text == "跳闸")  # states_zh: 1 = "跳闸"
        assert faceplate.windowTitle() == f"{TRIP} — 面板"
        assert english_left(faceplate) == []
        faceplate.grab().save(str(screenshot_dir / "faceplate_zh_CN.png"))

        engineer = User("erin", Role.ENGINEER)
        dialog = WriteDialog(faceplate.bridge, faceplate.writes, RESET, engineer, parent=faceplate)
        dialog.show()
        assert [dialog.entry.itemText(i) for i in range(2)] == ["空闲", "复位"]  # type: ignore[union-attr]
        assert dialog.current.text() == "空闲   (良好)"
        assert english_left(dialog, ("modbus",)) == []  # the engine's refusal names the scheme
        dialog.grab().save(str(screenshot_dir / "write_dialog_zh_CN.png"))

        install_language(Language.EN)
        bench.wait(lambda: readout.shown.text == "TRIPPED")
        assert faceplate.close_button.text() == "Close"
        assert faceplate.windowTitle() == f"{TRIP} — faceplate"
        assert dialog.entry.itemText(0) == "IDLE"  # type: ignore[union-attr]
        assert dialog.current.text() == "IDLE   (Good)"
        assert dialog.send.text() == "Send"
        dialog.close()
        faceplate.close()
