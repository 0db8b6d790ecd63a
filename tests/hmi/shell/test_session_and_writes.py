"""Log-in, lock and the write dialog: refusals stated before sending, read-back, audit row."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from hmi.faceplate.faceplate import Faceplate
from hmi.faceplate.write_dialog import WriteDialog
from hmi.shell.app import Console
from hmi.shell.login_dialog import LoginDialog
from hmi.shell.main_window import MainWindow
from screens import all_screens
from tags.address import Scheme
from tags.clock import SystemClock
from tags.config.project import load_project
from tags.drivers.base import WriteError
from tags.model import Quality, TagDef, Value
from tags.security.permissions import Role, SecurityPolicy
from tags.security.users import UserStore
from tags.write_path import WriteResult, WriteStatus
from tests.paths import SIGNALS_PROJECT
from tests.waiting import recorded, until, wait_until


@contextlib.contextmanager
def running_console(loop: asyncio.AbstractEventLoop, data: Path) -> Iterator[MainWindow]:
    """A console on the signal bench with an admin and a viewer, stopped before the test ends
    (pytest-qt processes Qt events after the test, outside the asyncio loop)."""
    with UserStore(data / "users.db", SystemClock(), SecurityPolicy()) as store:
        store.add("ada", Role.ADMIN, "ada-password")
        store.add("vic", Role.VIEWER, "vic-password")
    console = Console(load_project(SIGNALS_PROJECT), data, all_screens())
    window = loop.run_until_complete(console.start())
    try:
        wait_until(loop, lambda: all(has_a_value(console, name) for name in console.project.tags))
        yield window
    finally:
        loop.run_until_complete(console.stop())


def has_a_value(console: Console, name: str) -> bool:
    return console.runtime.db.get(name).quality is not Quality.BAD_WAITING_FOR_INITIAL_DATA


@pytest.fixture
def console(qloop: asyncio.AbstractEventLoop, tmp_path: Path) -> Callable[[], Any]:
    return lambda: running_console(qloop, tmp_path)


@pytest.mark.slow
def test_login_shows_the_reason_of_a_failure_and_then_the_user(
    qtbot: QtBot, console: Callable[[], Any]
) -> None:
    with console() as window:
        dialog = window.show_login()
        dialog.name.setText("ada")
        dialog.password.setText("wrong")
        dialog.try_login()
        assert dialog.error.text() == "unknown user or wrong password"
        assert window.session.user is None
        dialog.password.setText("ada-password")
        dialog.try_login()
        assert window.session.user is not None and window.session.user.name == "ada"
        assert window.header.user_label.text() == "ada (admin)"
        window.session.logout()
        assert window.header.user_label.text() == "not logged in — view only"
        actions = [r.action for r in window.runtime.audit.query()]
        assert actions[:3] == ["logout", "login", "login_failed"]


@pytest.mark.slow
def test_idle_lock_drops_to_view_only_until_the_password_is_given_again(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, console: Callable[[], Any]
) -> None:
    with console() as window:
        window.session.idle_seconds = 0.2
        window.session.login("ada", "ada-password")
        qloop.run_until_complete(until(lambda: window.session.locked))
        assert window.session.user is None  # permissions no longer apply
        assert window.header.user_label.text().startswith("LOCKED — ada")
        dialog = LoginDialog(window.session, unlock=True, parent=window)
        assert dialog.name.text() == "ada" and dialog.name.isReadOnly()
        dialog.password.setText("ada-password")
        dialog.try_login()
        assert window.session.user is not None and not window.session.locked


@pytest.mark.slow
def test_write_dialog_refuses_out_of_range_input_before_sending(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, console: Callable[[], Any]
) -> None:
    with console() as window:
        window.session.login("ada", "ada-password")
        dialog = WriteDialog(
            window.bridge, window.runtime.writes, "TST.FIC1.SP", window.session.user
        )
        qtbot.addWidget(dialog)
        assert isinstance(dialog.entry, type(dialog.entry))
        dialog.entry.setText("75")  # type: ignore[union-attr]
        assert not dialog.send.isEnabled()
        assert dialog.message.text() == "Refused: 75.0 m³/h is above the write limit 70.0 m³/h"
        dialog.entry.setText("55")  # type: ignore[union-attr]
        assert dialog.send.isEnabled()
        assert dialog.preview.text() == "50.0 m³/h  →  55.0 m³/h"


@pytest.mark.slow
def test_write_dialog_states_why_a_viewer_cannot_write(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, console: Callable[[], Any]
) -> None:
    with console() as window:
        window.session.login("vic", "vic-password")
        dialog = WriteDialog(
            window.bridge, window.runtime.writes, "TST.FIC1.SP", window.session.user
        )
        qtbot.addWidget(dialog)
        assert dialog.message.text() == "Not allowed: viewer 'vic' may not write values in area TST"
        assert not dialog.send.isEnabled() and not dialog.entry.isEnabled()


@pytest.mark.slow
def test_a_confirmed_write_shows_the_read_back_and_is_audited(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, console: Callable[[], Any]
) -> None:
    with console() as window:
        window.session.login("ada", "ada-password")
        faceplate = window.open_faceplate("TST.FIC1.SP")
        assert isinstance(faceplate, Faceplate)
        dialog = faceplate.open_write("TST.FIC1.SP")
        dialog.entry.setText("61.5")  # type: ignore[union-attr]
        dialog.reason.setText("step test")

        async def send() -> WriteResult:
            return await dialog.start_write()

        result = qloop.run_until_complete(send())
        assert result.ok
        assert dialog.message.text().startswith("Confirmed: read-back 61.5 m³/h in ")
        record = window.runtime.audit.query(action="write")[0]
        assert (record.user, record.tag, record.old, record.new, record.reason) == (
            "ada", "TST.FIC1.SP", "50.0", "61.5", "step test")  # fmt: skip
        assert window.runtime.db.get("TST.FIC1.SP").value == 61.5


@pytest.mark.slow
def test_faceplate_shows_limits_and_offers_writes_only_for_writable_tags(
    qtbot: QtBot, console: Callable[[], Any]
) -> None:
    with console() as window:
        faceplate = window.open_faceplate("TST.GEN.SINE")
        assert faceplate is not None
        assert faceplate.write_buttons == {}
        assert window.open_faceplate("TST.GEN.SINE") is faceplate  # one per tag
        assert window.open_faceplate("NOPE.X") is None
        writable = window.open_faceplate("TST.FIC1.SP")
        assert writable is not None and "TST.FIC1.SP" in writable.write_buttons


@pytest.mark.slow
def test_faceplate_mini_trend_shows_recorded_history_and_a_screenshot_is_kept(
    qtbot: QtBot,
    qloop: asyncio.AbstractEventLoop,
    console: Callable[[], Any],
    screenshot_dir: Path,
) -> None:
    with console() as window:
        assert window.runtime.historian is not None
        qloop.run_until_complete(recorded(window.runtime.historian, "TST.GEN.SINE", count=3))
        window.session.login("ada", "ada-password")
        faceplate = window.open_faceplate("TST.GEN.SINE")
        assert faceplate is not None
        feed = faceplate.trend.feed
        qloop.run_until_complete(until(lambda: not feed.loading))
        assert feed.error == ""
        xs, _ = feed.points()
        assert len(xs) >= 2  # history from before the faceplate opened, then live
        faceplate.resize(560, 520)
        faceplate.grab().save(str(screenshot_dir / "faceplate.png"))
        controller = window.open_faceplate("TST.FIC1.SP")
        assert controller is not None
        qloop.run_until_complete(until(lambda: not controller.trend.feed.loading))
        controller.grab().save(str(screenshot_dir / "faceplate_writable.png"))


class NoReplyDriver:
    """A device that took the request and never answered (the Modbus proof of the status is
    tests/tags/test_write_path_modbus.py; here the dialog's wording)."""

    async def start(self) -> None: ...
    async def stop(self) -> None: ...

    async def write(self, tag: TagDef, value: Value) -> None:
        raise WriteError("plc unit 1 hr 3: timeout", Quality.BAD_TIMEOUT, sent=True)

    def status(self) -> list[Any]:
        return []


@pytest.mark.slow
def test_a_write_without_reply_says_its_outcome_is_unknown(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, console: Callable[[], Any]
) -> None:
    with console() as window:
        window.session.login("ada", "ada-password")
        writes = window.runtime.writes
        writes.attach_driver(Scheme.SIM, NoReplyDriver())  # type: ignore[arg-type]
        writes.readback_timeout = 0.1
        dialog = WriteDialog(window.bridge, writes, "TST.FIC1.SP", window.session.user)
        qtbot.addWidget(dialog)
        dialog.entry.setText("55")  # type: ignore[union-attr]

        async def send() -> WriteResult:
            return await dialog.start_write()

        result = qloop.run_until_complete(send())
        assert result.status is WriteStatus.UNCONFIRMED
        assert dialog.message.text() == (
            "Unconfirmed, outcome unknown: sent, but no reply (plc unit 1 hr 3: timeout): the "
            "device may still apply 55.0; read-back shows 50.0. Check TST.FIC1.SP before "
            "writing again."
        )
        assert dialog.message.property("state") == "unconfirmed"
