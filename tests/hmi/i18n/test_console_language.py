"""The console in Chinese: --lang, the workstation's kept choice, the locale; switching from
the user menu retranslates the live window; Qt's own buttons translated; a screenshot."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from commands import cli
from hmi.i18n.choice import chosen_language, locale_language, save_language, saved_language
from hmi.i18n.translators import install_language, installed_language
from hmi.shell.app import Console
from hmi.shell.main_window import MainWindow
from hmi.shell.screen import ScreenContext, ScreenSpec
from screens import open_project
from tags.config.project import load_project
from tags.i18n.catalogue import text
from tags.i18n.language import Language, current_language
from tests.paths import DEMO_PROJECT, SIGNALS_PROJECT


def simple(key: str, level: int) -> ScreenSpec:
    def build(ctx: ScreenContext) -> QWidget:
        return QLabel(key)

    return ScreenSpec(key, key.title(), level=level, build=build, shortcut="F2")


SCREENS = [simple("overview", 1), simple("area", 2)]


@pytest.fixture(autouse=True)
def english_afterwards(qapp: object) -> Iterator[None]:
    """Every other test reads the console in English."""
    yield
    install_language(Language.EN)


@pytest.fixture
def console(qloop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[Console]:
    """A console's window on the signal project (built, no driver started)."""
    made = Console(load_project(SIGNALS_PROJECT), tmp_path, SCREENS)
    made.build()
    yield made
    qloop.run_until_complete(made.stop())


def window_of(console: Console) -> MainWindow:
    assert console.window is not None
    return console.window


def test_lang_zh_cn_opens_the_shell_in_chinese(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    install_language(chosen_language(tmp_path, Language.ZH_CN))
    console = Console(load_project(SIGNALS_PROJECT), tmp_path, SCREENS)
    window = console.build()
    try:
        header = window.header
        assert window.windowTitle().endswith("— 操作员站")
        assert header.mode.text() == "仿真" and header.property("mode") == "SIMULATION"
        assert header.user_label.text() == "未登录 — 仅查看"
        assert (header.login_button.text(), header.screen_menu.text()) == ("登录", "画面 ▾")
        assert header.back.toolTip() == "后退（Alt+Left）"
        assert [a.text() for a in header.screen_menu.menu_.actions() if a.isSeparator()] == [
            "L1  总貌", "L2  区域",
        ]  # fmt: skip
        search = window.find_tag()
        assert search.windowTitle() == "查找画面或位号"
        search.query.setText("area")
        assert "画面 L2" in search.matches.index(0).data()
        search.close()
        login = window.show_login()
        assert login.windowTitle() == "登录"
        assert (login.name_label.text(), login.password_label.text()) == ("用户", "密码")
        assert login.buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
        login.close()
        assert current_language() is Language.ZH_CN  # the engine's texts follow
        assert text("tag.unknown", tag="X.Y.Z") == "未知位号“X.Y.Z”"
    finally:
        qloop.run_until_complete(console.stop())


def test_switching_from_the_user_menu_retranslates_the_live_window_and_is_kept(
    qtbot: QtBot, console: Console, tmp_path: Path
) -> None:
    install_language(chosen_language(tmp_path, Language.EN))
    window = window_of(console)
    header = window.header
    assert (header.login_button.text(), header.screen_menu.text()) == ("Log in", "Screens ▾")
    menu = header.user_menu
    assert menu.language_actions[Language.EN].isChecked()
    menu.language_actions[Language.ZH_CN].trigger()
    assert installed_language() is Language.ZH_CN
    qtbot.waitUntil(lambda: header.login_button.text() == "登录")  # Qt posts LanguageChange
    assert (header.login_button.text(), header.screen_menu.text()) == ("登录", "画面 ▾")
    assert header.mode.text() == "仿真" and window.windowTitle().endswith("操作员站")
    assert header.training_button.text() == "培训…"
    assert menu.text() == "菜单 ▾" and menu.language_actions[Language.ZH_CN].isChecked()
    assert saved_language(tmp_path) is Language.ZH_CN
    assert chosen_language(tmp_path) is Language.ZH_CN  # the next start, without --lang
    menu.language_actions[Language.EN].trigger()
    qtbot.waitUntil(lambda: header.login_button.text() == "Log in")
    assert (header.login_button.text(), header.mode.text()) == ("Log in", "SIMULATION")
    assert window.windowTitle().endswith("— operator console")
    assert chosen_language(tmp_path) is Language.EN


def test_lang_beats_the_kept_choice_which_beats_the_locale(tmp_path: Path) -> None:
    assert saved_language(tmp_path) is None
    assert chosen_language(tmp_path) is locale_language()  # nothing kept: the locale
    save_language(tmp_path, Language.ZH_CN)
    assert chosen_language(tmp_path) is Language.ZH_CN
    assert chosen_language(tmp_path, Language.EN) is Language.EN


def test_the_locale_chooses_chinese_for_a_chinese_workstation() -> None:
    assert locale_language(QLocale(QLocale.Language.Chinese, QLocale.Country.China)) is (
        Language.ZH_CN
    )
    assert locale_language(QLocale(QLocale.Language.Chinese, QLocale.Country.Taiwan)) is (
        Language.ZH_CN
    )
    assert locale_language(QLocale(QLocale.Language.German, QLocale.Country.Germany)) is (
        Language.EN
    )


def test_a_kept_choice_that_is_not_a_language_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "console.ini").write_text("[console]\nlanguage=fr\n", encoding="utf-8")
    assert saved_language(tmp_path) is None


def test_qt_own_dialog_buttons_are_chinese(qtbot: QtBot) -> None:
    install_language(Language.ZH_CN)
    box = QMessageBox(QMessageBox.Icon.Question, "?", "?")
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    try:
        assert box.button(QMessageBox.StandardButton.Cancel).text() == "取消"
        assert box.button(QMessageBox.StandardButton.Ok).text() == "确定"
        assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    finally:
        box.deleteLater()
        buttons.deleteLater()


def test_the_lang_option_reaches_the_console_and_a_wrong_one_names_the_choices(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    given: dict[str, object] = {}

    def run_console(*args: object, **options: object) -> int:
        given.update(options)
        return 0

    monkeypatch.setattr("hmi.shell.app.run_console", run_console)
    monkeypatch.setattr("commands.cli.missing_packages", lambda: [])
    try:
        assert cli.main(["--data-dir", str(tmp_path), "--lang", "zh_CN"]) == 0
    finally:
        from tags.i18n.language import set_language

        set_language(Language.EN)
    assert given["language"] is Language.ZH_CN
    with pytest.raises(SystemExit):
        cli.main(["--lang", "fr"])
    assert "unknown language 'fr' (choices: en, zh_CN)" in capsys.readouterr().err


@pytest.mark.slow
def test_the_demo_shell_in_chinese_at_1920_by_1080_clips_no_label(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, screenshot_dir: Path
) -> None:
    install_language(Language.ZH_CN)
    project = load_project(DEMO_PROJECT)
    console = Console(project, tmp_path, open_project(project))
    window = console.build()
    try:
        window.resize(1920, 1080)
        window.show()
        qtbot.waitExposed(window)
        clipped = [
            f"{type(w).__name__} {w.text()!r}: {w.width()} < {w.sizeHint().width()}"
            for w in window.header.findChildren(QWidget)
            if isinstance(w, QLabel | QAbstractButton)
            and w.isVisible()
            and w.text()
            and w.width() < w.sizeHint().width()
        ]
        assert clipped == []
        window.grab().save(str(screenshot_dir / "shell_zh_CN_1920x1080.png"))
    finally:
        qloop.run_until_complete(console.stop())
