"""The alarm parts wired into a running console: the banner in the header follows the engine,
a click leads to the display (or the faceplate), the Alarms screen acts as the logged-in
user, the navigation button counts, and the audit button follows the session."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hmi.alarms.actions import Command
from hmi.alarms.summary import AlarmSummary
from hmi.diagnostics.audit_view import AuditView
from hmi.shell.app import Console
from hmi.shell.main_window import MainWindow
from screens import all_screens, screen_for_tag
from tags.clock import SystemClock
from tags.config.project import load_project
from tags.model import Quality, TagSample
from tags.security.permissions import Role, SecurityPolicy
from tags.security.users import UserStore
from tests.paths import SIGNALS_PROJECT
from tests.waiting import until

SINE = "TST.GEN.SINE"


@contextlib.contextmanager
def running(
    loop: asyncio.AbstractEventLoop,
    data: Path,
    to_screen: Callable[[str], str | None] | None = screen_for_tag,
    *,
    users: bool = True,
) -> Iterator[MainWindow]:
    """A console on the signal bench, stopped inside the test (see test_session_and_writes)."""
    if users:
        with UserStore(data / "users.db", SystemClock(), SecurityPolicy()) as store:
            store.add("ada", Role.ADMIN, "ada-password")
            store.add("vic", Role.VIEWER, "vic-password")
    console = Console(load_project(SIGNALS_PROJECT), data, all_screens(), to_screen)
    window = loop.run_until_complete(console.start())
    try:
        yield window
    finally:
        loop.run_until_complete(console.stop())


def raise_sine_alarms(window: MainWindow) -> None:
    now = window.runtime.clock.now()
    window.runtime.db.publish({SINE: TagSample(99.5, Quality.GOOD, now, now)})


@pytest.mark.slow
def test_the_banner_in_the_header_follows_the_engine_and_acknowledges_as_the_user(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    with running(qloop, tmp_path) as window:
        banner = window.alarm_header.banner
        assert banner.parentWidget() is window.header
        raise_sine_alarms(window)
        qloop.run_until_complete(until(lambda: len(banner.shown()) == 2))
        assert [v.name for v in banner.shown()] == [f"{SINE}.HIHI", f"{SINE}.HI"]
        alarms_button = window.header.nav_buttons["alarms"]
        qloop.run_until_complete(until(lambda: not alarms_button.icon().isNull()))
        assert "1 high, 1 low unacknowledged" in alarms_button.toolTip()
        banner.select(f"{SINE}.HIHI")
        banner.update_actions()
        assert banner.ack_button.toolTip().endswith("no user is logged in")
        window.session.login("ada", "ada-password")  # the banner follows the session
        assert banner.ack_button.isEnabled()
        banner.ack_shown_button.click()
        assert banner.shown() == []
        assert window.runtime.alarm_journal.query(events=None)[0].user == "ada"


@pytest.mark.slow
def test_a_click_in_the_banner_opens_the_display_or_else_the_faceplate(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    with running(qloop, tmp_path) as window:  # no display of the demo plant shows TST tags
        banner = window.alarm_header.banner
        raise_sine_alarms(window)
        qloop.run_until_complete(until(lambda: len(banner.shown()) == 2))
        rect = banner.table.visualRect(banner.model.index(0, 2))
        qtbot.mouseClick(banner.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert SINE in window.faceplates
    (tmp_path / "2").mkdir()
    with running(qloop, tmp_path / "2", lambda tag: "tags") as window:
        banner = window.alarm_header.banner
        raise_sine_alarms(window)
        qloop.run_until_complete(until(lambda: len(banner.shown()) == 2))
        rect = banner.table.visualRect(banner.model.index(0, 2))
        qtbot.mouseClick(banner.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert window.current_screen() == "tags" and not window.faceplates


@pytest.mark.slow
def test_the_alarm_screen_acts_as_the_logged_in_user(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    with running(qloop, tmp_path) as window:
        raise_sine_alarms(window)
        page = window.open_screen("alarms")
        assert isinstance(page, AlarmSummary)
        qloop.run_until_complete(
            until(lambda: len(page.lists[next(iter(page.lists))].model.views) == 2)
        )
        window.session.login("vic", "vic-password")
        page.select([f"{SINE}.HI"])
        assert page.buttons[Command.ACKNOWLEDGE].toolTip() == (
            "Not available: viewer 'vic' may not acknowledge alarms in area TST"
        )
        window.session.login("ada", "ada-password")
        page.update_actions()
        assert page.buttons[Command.ACKNOWLEDGE].isEnabled()


@pytest.mark.slow
def test_the_audit_button_is_for_supervisors_and_up(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    with running(qloop, tmp_path) as window:
        button = window.alarm_header.audit_button
        assert not button.isEnabled()
        assert button.toolTip().endswith("no user is logged in")
        window.session.login("vic", "vic-password")
        assert not button.isEnabled()
        assert button.toolTip().endswith("viewer 'vic' may not view the audit trail")
        window.session.login("ada", "ada-password")
        assert button.isEnabled()
        view = button.open_view()
        assert isinstance(view, AuditView)
        assert view.verify_label.text().startswith("Verified: audit trail intact")
        assert {"login", "logout"} <= {r.action for r in view.model.records}
        view.close()


@pytest.mark.slow
def test_screenshot_of_the_console_with_alarms_in_the_banner(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, screenshot_dir: Path
) -> None:
    with running(qloop, tmp_path) as window:
        banner = window.alarm_header.banner
        raise_sine_alarms(window)
        counted = window.header.nav_buttons["alarms"]
        qloop.run_until_complete(until(lambda: len(banner.shown()) == 2))
        qloop.run_until_complete(until(lambda: not counted.icon().isNull()))
        window.resize(1600, 900)
        window.open_screen("alarms")
        assert window.grab().save(str(screenshot_dir / "console_alarm_banner.png"))


@pytest.mark.slow
def test_the_horn_setting_is_remembered(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    with running(qloop, tmp_path) as window:
        banner = window.alarm_header.banner
        assert banner.horn.enabled
        banner.horn_button.click()
        assert not banner.horn.enabled
    with running(qloop, tmp_path, users=False) as window:
        banner = window.alarm_header.banner
        assert not banner.horn.enabled and banner.horn_button.text() == "Horn off"
