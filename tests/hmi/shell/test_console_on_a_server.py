"""The Qt console as a console of a control room: the real server (ControlRoomServer on the
bench's sim:// project) on a real Mosquitto broker, and the console's window on it. Values
come from the server; the log-in, an alarm acknowledgement and writes go to it as requests;
the broker stopping turns every value Bad and the header says the server is unreachable."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QGridLayout, QLabel, QWidget
from pytestqt.qtbot import QtBot

from hmi.alarms.actions import SENDING, Command
from hmi.alarms.summary import AlarmSummary
from hmi.quality_display import DisplayState
from hmi.shell.app import Console
from hmi.shell.login_dialog import CHECKING
from hmi.shell.main_window import MainWindow
from hmi.shell.screen import ScreenContext, ScreenSpec
from hmi.widgets.value_readout import ValueReadout
from screens.alarms import ALARMS
from tags.alarms.state import AlarmState
from tags.clock import ManualClock
from tags.config.project import load_project
from tags.control_room.broker import parse_broker_url
from tags.control_room.console.client_runtime import ClientRuntime
from tags.control_room.console.server_choice import ServerChoice
from tags.model import Quality
from tags.security.permissions import Role
from tags.write_path import WriteStatus
from tests.mqtt_broker import MqttBroker
from tests.tags.control_room.room_bench import GROUP, LEVEL_HI, PASSWORD, Room, running_room
from tests.waiting import wait_until

TAGS = ("NORTH.FLOW", "NORTH.LEVEL", "SOUTH.TEMP", "SOUTH.RUN", "SOUTH.BROKEN")
IDLE_LOCK_S = 600.0


def room_screen(ctx: ScreenContext) -> QWidget:
    """Every tag of the bench, one labelled readout each."""
    page = QWidget()
    grid = QGridLayout(page)
    grid.addWidget(QLabel("The bench plant, served by the control room's server"), 0, 0, 1, 3)
    for row, name in enumerate(TAGS, start=1):
        grid.addWidget(QLabel(name), row, 0)
        grid.addWidget(ValueReadout(ctx, name, chars=10), row, 1)
    grid.setRowStretch(len(TAGS) + 1, 1)
    grid.setColumnStretch(2, 1)
    return page


ROOM_SCREEN = ScreenSpec("room", "Room", level=2, build=room_screen)


def readouts(window: MainWindow) -> dict[str, ValueReadout]:
    page = window.pages["room"]
    return {r.tag_name: r for r in page.findChildren(ValueReadout)}


def shown_state(window: MainWindow, name: str) -> DisplayState:
    return readouts(window)[name].shown.state


@contextlib.contextmanager
def console_on_a_server(
    loop: asyncio.AbstractEventLoop, broker: MqttBroker, folder: Path, session_clock: ManualClock
) -> Iterator[tuple[Room, Console, MainWindow]]:
    """The bench's server on ``broker`` and a console window on it, both stopped at the end
    (inside the asyncio loop: pytest-qt processes Qt events after the test)."""
    room_context = running_room(
        broker, folder / "room", session_clock=session_clock, idle_lock_s=IDLE_LOCK_S
    )
    room = loop.run_until_complete(room_context.__aenter__())
    try:
        project = load_project(folder / "room" / "project" / "room.toml")
        choice = ServerChoice(parse_broker_url(broker.url, where="test"), GROUP, workstation="qt-1")
        console = Console(project, folder / "console", [ROOM_SCREEN, ALARMS], server=choice)
        window = loop.run_until_complete(console.start())
        try:
            window.resize(1280, 560)
            window.show()
            yield room, console, window
        finally:
            loop.run_until_complete(console.stop())
    finally:
        loop.run_until_complete(room_context.__aexit__(None, None, None))


@pytest.mark.slow
def test_a_console_of_a_server_shows_its_values_and_sends_its_actions_to_it(
    qtbot: QtBot,
    qloop: asyncio.AbstractEventLoop,
    mqtt_broker: MqttBroker,
    tmp_path: Path,
    screenshot_dir: Path,
) -> None:
    session_clock = ManualClock()
    running = console_on_a_server(qloop, mqtt_broker, tmp_path, session_clock)
    with running as (room, console, window):
        runtime = console.runtime
        assert isinstance(runtime, ClientRuntime)
        assert runtime.drivers and all(d.kind == "server link (MQTT)" for d in runtime.drivers)
        header = window.header

        # live values from the server, with their quality
        wait_until(qloop, lambda: shown_state(window, "NORTH.FLOW") is DisplayState.NORMAL)
        wait_until(qloop, lambda: shown_state(window, "SOUTH.BROKEN") is DisplayState.BAD)
        assert readouts(window)["NORTH.FLOW"].shown.text.startswith("10")
        wait_until(qloop, lambda: header.server_state.text() == "Server online")
        assert header.server_state.property("unreachable") is False
        names = [s.name for s in runtime.connection_status()]
        assert names == ["server", "server/simulator"]  # the link, then the server's field
        assert not header.replay_button.isEnabled()

        # log in: the server checks the password and answers in its words
        dialog = window.show_login()
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        dialog.name.setText("olga")
        dialog.password.setText("wrong")
        dialog.try_login()
        assert dialog.error.text() == CHECKING and not ok.isEnabled()
        wait_until(qloop, lambda: dialog.error.text() != CHECKING)
        assert dialog.error.text() == "unknown user or wrong password"
        assert window.session.user is None and ok.isEnabled()
        dialog.password.setText(PASSWORD)
        dialog.try_login()
        wait_until(qloop, lambda: window.session.user is not None)
        assert window.session.user is not None and window.session.user.role is Role.OPERATOR
        assert header.user_label.text() == "olga (operator)"
        assert not dialog.isVisible()

        # acknowledge from the banner: the new state comes from the server
        banner = window.alarm_header.banner
        wait_until(qloop, lambda: any(v.name == LEVEL_HI for v in banner.waiting))
        assert banner.select(LEVEL_HI)
        banner.update_actions()
        assert banner.ack_button.isEnabled()
        assert banner.acknowledge_selected() is None  # sent: the answer shows later
        assert banner.message.text() == SENDING
        assert not runtime.alarms.alarm(LEVEL_HI).acknowledged  # never changed here first
        wait_until(qloop, lambda: runtime.alarms.alarm(LEVEL_HI).acknowledged)
        wait_until(qloop, lambda: banner.message.text() != SENDING)
        assert banner.message.text() == ""
        assert room.runtime.alarms.alarm(LEVEL_HI).acknowledged  # the server's own state
        wait_until(qloop, lambda: all(v.name != LEVEL_HI for v in banner.waiting))

        # the alarm summary's actions too: the server's refusal in its words, then a shelve
        summary = window.open_screen("alarms")
        assert isinstance(summary, AlarmSummary)
        assert summary.perform(Command.RESET, [LEVEL_HI]) is None
        wait_until(qloop, lambda: summary.message.text().startswith("Refused"))
        refusal = "operator 'olga' may not reset latched alarms in area NORTH"
        assert summary.message.text() == f"Refused: {refusal}"
        assert summary.perform(Command.SHELVE, [LEVEL_HI], reason="sensor work",
                               duration=900.0) is None  # fmt: skip
        wait_until(qloop, lambda: runtime.alarms.alarm(LEVEL_HI).state is AlarmState.SHELVED)
        wait_until(qloop, lambda: summary.message.text() == f"{LEVEL_HI} shelved")
        assert room.runtime.alarms.alarm(LEVEL_HI).by == "olga"
        window.open_screen("room")

        # a write from the faceplate, confirmed by the server's read-back
        faceplate = window.open_faceplate("NORTH.FLOW")
        assert faceplate is not None
        write = faceplate.open_write("NORTH.FLOW")
        write.entry.setText("120")  # type: ignore[union-attr]
        assert not write.send.isEnabled()
        assert write.message.text() == "Refused: 120.00 m³/h is above the write limit 100.00 m³/h"
        write.entry.setText("42")  # type: ignore[union-attr]
        write.reason.setText("test from a console of the server")
        assert write.send.isEnabled()
        write.start_write()
        wait_until(qloop, lambda: write.outcome is not None)
        assert write.outcome is not None and write.outcome.status is WriteStatus.CONFIRMED
        assert write.message.text().startswith("Confirmed: read-back 42.00 m³/h")
        wait_until(qloop, lambda: readouts(window)["NORTH.FLOW"].shown.text.startswith("42"))
        write.close()

        # the server refuses too, naming the limit (and audits it with the workstation)
        user = window.session.user
        refused = qloop.run_until_complete(runtime.writes.write("NORTH.FLOW", 120, user=user))
        assert refused.status is WriteStatus.REFUSED
        assert refused.reason == "120.00 m³/h is above the write limit 100.00 m³/h"
        audit = [r for r in room.runtime.audit.query() if r.tag == "NORTH.FLOW"]
        assert {r.workstation for r in audit} == {"qt-1"}
        assert "write_refused" in {r.action for r in audit}
        faceplate.close()

        window.grab().save(str(screenshot_dir / "console_on_a_server.png"))

        # the broker goes away: every value Bad at once, and the header says so
        mqtt_broker.stop()
        stopped = time.monotonic()
        wait_until(qloop, lambda: header.server_state.text().startswith("Server unreachable"))
        wait_until(qloop, lambda: all(shown_state(window, n) is DisplayState.BAD for n in TAGS))
        took = time.monotonic() - stopped
        for name in TAGS:
            sample = runtime.db.get(name)
            assert sample.quality in (Quality.BAD_NOT_CONNECTED, Quality.BAD_NO_COMMUNICATION)
            assert readouts(window)[name].shown.text.startswith("COMM")
        assert header.server_state.property("unreachable") is True
        assert "since" in header.server_state.text()
        light = window.lights["server"]
        assert light.property("state") != "connected", light.text()
        assert runtime.writes.why_not_writable("NORTH.FLOW", user) == (
            f"link down: {runtime.db.get('NORTH.FLOW').reason}"
        )
        window.grab().save(str(screenshot_dir / "console_server_unreachable.png"))
        print(f"values Bad and the header changed {took:.2f} s after the broker stopped")

        # back: a full state arrives, no value Good from before the gap
        restarted = runtime.clock.now()
        mqtt_broker.start()
        wait_until(qloop, lambda: all(shown_state(window, n) is DisplayState.NORMAL
                                      for n in TAGS if n != "SOUTH.BROKEN"))  # fmt: skip
        for name in TAGS:
            if name != "SOUTH.BROKEN":
                assert runtime.db.get(name).server_time >= restarted
        wait_until(qloop, lambda: header.server_state.text() == "Server online")
        assert shown_state(window, "SOUTH.BROKEN") is DisplayState.BAD

        # the server's idle lock ends the session: view-only, the password asked again
        session_clock.advance(IDLE_LOCK_S + 1)
        late = qloop.run_until_complete(runtime.writes.write("NORTH.FLOW", 43, user=user))
        assert late.status is WriteStatus.REFUSED
        wait_until(qloop, lambda: window.session.locked)
        assert window.session.user is None and window.session.owner is not None
        wait_until(qloop, lambda: window.login_dialog is not None)
        again = window.login_dialog
        assert again is not None and again.unlock and again.name.text() == "olga"
        again.password.setText(PASSWORD)
        again.try_login()
        wait_until(qloop, lambda: window.session.user is not None)
        assert not window.session.locked
