"""Every screen of the running demo and fluoride consoles in Chinese at 1920 x 1080, and
their dialogs (a faceplate, Ctrl+K, the forced values, log in, replay): no label or button
shows less than its text needs, and a screenshot of each for review."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from hmi.i18n.translators import install_language
from hmi.shell.app import Console
from screens import open_project
from tags.config.project import load_project
from tags.i18n.language import Language
from tags.model import Quality
from tests.paths import DEMO_PROJECT, FLUORIDE_PROJECT
from tests.waiting import wait_until

FULL_HD = (1920, 1080)
FACEPLATE_TAG = "EMM.RECT1.IDC"
"""A tag with limit alarms, a range and a setpoint beside it."""
FLUORIDE_FACEPLATE_TAG = "AHF.KILN.SHELL.T"


@pytest.fixture(autouse=True)
def english_afterwards(qapp: QApplication) -> Iterator[None]:
    yield
    install_language(Language.EN)


def clipped(root: QWidget) -> list[str]:
    """The visible labels and buttons under ``root`` narrower (or, wrapping, lower) than their
    text needs, each as 'type 'text': has < needs'."""
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, QLabel | QAbstractButton) or not widget.isVisible():
            continue
        if not widget.text() or (isinstance(widget, QLabel) and widget.pixmap().width() > 0):
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            has, needs = widget.height(), widget.heightForWidth(widget.width())
        else:
            has, needs = widget.width(), widget.sizeHint().width()
        if has < needs:
            found.append(f"{type(widget).__name__} {widget.text()!r}: {has} < {needs}")
    return found


@pytest.mark.slow
@pytest.mark.parametrize(("project_file", "faceplate_tag"), [
    (DEMO_PROJECT, FACEPLATE_TAG), (FLUORIDE_PROJECT, FLUORIDE_FACEPLATE_TAG),
])  # fmt: skip
def test_every_screen_in_chinese_fits_full_hd(
    qtbot: QtBot,
    qloop: asyncio.AbstractEventLoop,
    tmp_path: Path,
    screenshot_dir: Path,
    project_file: Path,
    faceplate_tag: str,
) -> None:
    install_language(Language.ZH_CN)
    project = load_project(project_file)
    prefix = project_file.stem
    console = Console(project, tmp_path, open_project(project))
    window = qloop.run_until_complete(console.start())
    try:
        window.resize(*FULL_HD)
        window.show()
        qtbot.waitExposed(window)
        waiting = Quality.BAD_WAITING_FOR_INITIAL_DATA
        db = window.runtime.db
        wait_until(qloop, lambda: all(s.quality is not waiting for s in db.snapshot().values()))
        problems: dict[str, list[str]] = {}
        for key in window.specs:
            page = window.open_screen(key)
            wait_until(qloop, page.isVisible)
            window.bridge.flush()  # every value shown now
            qloop.run_until_complete(asyncio.sleep(0))  # the posted layout requests handled
            assert (window.width(), window.height()) == FULL_HD, key
            found = clipped(window)
            if found:
                problems[key] = found
            window.grab().save(str(screenshot_dir / f"{prefix}_screen_{key}_zh_CN_1920x1080.png"))
        dialogs: list[tuple[str, QWidget | None]] = [
            ("faceplate", window.open_faceplate(faceplate_tag)),
            ("find", window.find_tag()),
            ("forced_list", window.open_forced_list()),
            ("login", window.show_login()),
            ("open_recording", window.open_recording()),
        ]
        for name, dialog in dialogs:
            assert dialog is not None, name
            wait_until(qloop, dialog.isVisible)
            window.bridge.flush()
            qloop.run_until_complete(asyncio.sleep(0))
            found = clipped(dialog)
            if found:
                problems[name] = found
            dialog.grab().save(str(screenshot_dir / f"{prefix}_dialog_{name}_zh_CN.png"))
            dialog.close()
        assert problems == {}
    finally:
        qloop.run_until_complete(console.stop())
