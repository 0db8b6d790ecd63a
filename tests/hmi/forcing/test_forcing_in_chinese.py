"""The force, simulate and release dialogs and the forced-values list in Chinese on a running
console: no English word left (the engineer's name aside), English again after switching;
screenshots of each."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from hmi.forcing.force_dialog import ForceDialog, ReleaseDialog
from hmi.forcing.forced_list import ForcedList
from hmi.forcing.simulate_dialog import SimulateDialog
from hmi.i18n.translators import install_language
from tags.i18n.language import Language
from tests.hmi.forcing.test_forced_console import SINE, running_console
from tests.hmi.i18n.english_left import english_left
from tests.waiting import wait_until

ENGINEER = ("erin",)
"""Names shown as they are (the engineer's)."""
ADDRESSES = ("sim", "signal", "sine", "ramp", "square", "random_walk", "low", "high", "period",
             "step", "model")  # fmt: skip
"""The words of a simulated source's address (``sim://signal/sine?low=…``, ``model``), typed
as they are in any language."""


@pytest.fixture(autouse=True)
def english_afterwards(qapp: QApplication) -> Iterator[None]:
    yield
    install_language(Language.EN)


def grab(widget: QWidget, path: Path) -> None:
    widget.adjustSize()
    widget.grab().save(str(path))


@pytest.mark.slow
def test_the_forcing_dialogs_and_list_speak_chinese_and_english_again(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, screenshot_dir: Path
) -> None:
    with running_console(qloop, tmp_path) as window:
        install_language(Language.ZH_CN)
        window.session.login("erin", "erin-password")
        faceplate = window.open_faceplate(SINE)
        assert faceplate is not None
        force = faceplate.open_force()
        assert isinstance(force, ForceDialog)
        force.entry.setText("12.5")  # type: ignore[union-attr]
        assert force.message.text() == "请输入原因。"
        force.reason.setText("变送器未接线")
        force.minutes.setText("x")
        assert force.message.text() == "拒绝：分钟数：“x”不是数字"
        force.minutes.setText("30")
        assert force.send.isEnabled() and force.windowTitle() == f"强制 {SINE}"
        assert english_left(force) == []
        grab(force, screenshot_dir / "force_dialog_zh_CN.png")
        done = qloop.run_until_complete(force.start())
        assert done is not None
        assert force.message.text().startswith("已强制为 12.50 %，直到 ")
        assert english_left(force) == []
        force.close()

        simulate = faceplate.open_simulate()
        assert isinstance(simulate, SimulateDialog)
        assert simulate.choice.itemText(0) in ("装置模型的值", "量程内正弦波，60 s")
        assert english_left(simulate, ADDRESSES) == []
        grab(simulate, screenshot_dir / "simulate_dialog_zh_CN.png")
        simulate.close()

        release = faceplate.open_release()
        assert isinstance(release, ReleaseDialog)
        assert release.force_line.text().startswith("由 erin 强制，直到 ")
        assert english_left(release, ENGINEER) == []
        grab(release, screenshot_dir / "release_dialog_zh_CN.png")

        listing = window.open_forced_list()
        assert isinstance(listing, ForcedList)
        wait_until(qloop, lambda: listing.summary.text() == "1 个强制值")
        assert english_left(listing, ENGINEER) == []
        listing.grab().save(str(screenshot_dir / "forced_list_zh_CN.png"))

        install_language(Language.EN)
        wait_until(qloop, lambda: listing.summary.text() == "1 forced value")
        assert release.send.text() == "Release"
        assert release.force_line.text().startswith("forced by erin until ")
        assert listing.release_button.text() == "Release…"
        assert faceplate.force_button.text() == "Change force…"
        release.close()
        listing.close()
