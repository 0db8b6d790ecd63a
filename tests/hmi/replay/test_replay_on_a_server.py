"""Replay on a console of a control room that reads the shared PostgreSQL store (its
read-only role): "Replay…" opens the shared history the server recorded, the console
replays it itself (REPLAY, the server's link still running meanwhile: the live alarms wait
in the status bar) and "Back to live" shows the server's plant again, values still coming.
Without a store the Replay button says why it is disabled. Screenshot:
replay_on_a_server.png."""

from __future__ import annotations

import asyncio
import dataclasses
import io
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from commands.store import init as store_init
from hmi.quality_display import DisplayState
from hmi.shell.app import Console
from screens.alarms import ALARMS
from tags.config.project import load_project
from tags.control_room.broker import parse_broker_url
from tags.control_room.console.client_runtime import ClientRuntime
from tags.control_room.console.server_choice import ServerChoice
from tags.control_room.server.server import ControlRoomServer
from tags.control_room.topics import Topics
from tags.mode import Mode
from tags.model import Quality, TagSample
from tags.runtime import Runtime
from tags.store.migrations import READER
from tags.store.url import StoreUrl
from tests.hmi.shell.test_console_on_a_server import ROOM_SCREEN, shown_state
from tests.mqtt_broker import MqttBroker
from tests.pg_login_roles import login_as
from tests.pg_server import PgServer
from tests.tags.control_room.room_bench import GROUP, write_project
from tests.waiting import recorded, until

WHOLE_TEST_S = 300.0
"""A stuck step fails the test (with where it waited) instead of blocking the run."""


@pytest.mark.slow
def test_a_console_of_a_server_replays_the_shared_history_and_goes_back_to_live(
    qtbot: QtBot,
    qloop: asyncio.AbstractEventLoop,
    mqtt_broker: MqttBroker,
    postgres_server: PgServer,
    pg_url: StoreUrl,
    tmp_path: Path,
    screenshot_dir: Path,
) -> None:
    project = load_project(write_project(tmp_path / "project"))
    broker = parse_broker_url(mqtt_broker.url, where="test")

    assert store_init(pg_url, io.StringIO()) == 0  # as the store's owner does, once

    async def scenario() -> None:
        runtime = Runtime(
            dataclasses.replace(project, store=pg_url), tmp_path / "server", analytics=True
        )  # as the server runs
        await runtime.start()
        server = ControlRoomServer(runtime, broker, Topics(GROUP))
        server.start()
        reader = login_as(postgres_server, pg_url, READER)
        choice = ServerChoice(broker, GROUP, workstation="qt-r")
        console = Console(dataclasses.replace(project, store=reader), tmp_path / "console",
                          [ROOM_SCREEN, ALARMS], server=choice)  # fmt: skip
        try:
            assert runtime.historian is not None
            await until(lambda: runtime.db.get("NORTH.FLOW").quality is Quality.GOOD)
            first = runtime.clock.now()  # changes the server records (the sim holds 10)
            runtime.db.publish({"NORTH.FLOW": TagSample(20.0, Quality.GOOD, first, first)})
            await until(lambda: runtime.clock.now() > first + 2.0)
            later = runtime.clock.now()
            runtime.db.publish({"NORTH.FLOW": TagSample(30.0, Quality.GOOD, later, later)})
            await recorded(runtime.historian, "NORTH.FLOW", count=4, span=2.0)
            window = await console.start()
            window.resize(1280, 640)
            window.show()
            live = console.runtime
            assert isinstance(live, ClientRuntime) and live.stores.is_postgresql
            await until(lambda: live.server.reachable)
            header = window.header
            window._tick()
            assert header.replay_button.isEnabled(), header.replay_button.toolTip()
            dialog = window.open_recording()
            assert dialog is not None and dialog.shared is not None
            dialog.history_choice.setChecked(True)
            dialog.end.setDateTime(dialog.end.dateTime().addSecs(60))  # seconds: past the last
            request = await dialog.try_open()
            assert request is not None and request.own_history, dialog.message.text()
            assert console.switching is not None  # the dialog's choice went to the console
            replay = await console.switching
            assert console.runtime.mode is Mode.REPLAY and isinstance(console.runtime, Runtime)
            assert console.live is live and live.started  # the server link keeps running
            assert replay.header.mode.text() == "REPLAY" and replay.replay_bar is not None
            await until(lambda: shown_state(replay, "NORTH.FLOW") is DisplayState.NORMAL)
            replay.resize(1400, 640)
            assert not console.runtime.stores.writable  # the console's read-only role
            await until(lambda: "LIVE plant" in replay.statusBar().currentMessage())
            replay.grab().save(str(screenshot_dir / "replay_on_a_server.png"))

            back = console.switch_later(None)
            assert back is not None
            window = await back
            assert console.runtime is live and console.live is None
            assert window.header.mode.text() == Mode.SIMULATION.value
            assert live.db.get("NORTH.FLOW").quality is Quality.GOOD
            await until(lambda: live.server.reachable)
        finally:
            await console.stop()
            await server.stop()
            await runtime.stop()

    qloop.run_until_complete(asyncio.wait_for(scenario(), WHOLE_TEST_S))  # a hang fails
