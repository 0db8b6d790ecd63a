"""The Energy and Plant health displays of a Qt console of a server: the real server (its
Analytics on the energy room's steady figures) on a real broker, the console's window at
1920x1080 showing the server's energy figures, instrument health and reports; a note and
"Report now" from the display go to the server. Screenshots for review."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hmi.analytics.energy_table import NOW, SHIFT
from hmi.analytics.energy_view import EnergyView
from hmi.analytics.plant_health_view import PlantHealthView
from hmi.shell.app import Console
from hmi.shell.main_window import MainWindow
from screens.energy import ENERGY
from screens.plant_health import PLANT_HEALTH
from tags.control_room.broker import parse_broker_url
from tags.control_room.console.server_choice import ServerChoice
from tests.mqtt_broker import MqttBroker
from tests.tags.control_room.analytics_room import DENSITY, GROUP, analytics_room, room_project
from tests.tags.control_room.room_bench import PASSWORD, Room
from tests.waiting import wait_until


@contextlib.contextmanager
def console_of_the_room(
    loop: asyncio.AbstractEventLoop, broker: MqttBroker, folder: Path
) -> Iterator[tuple[Room, Console, MainWindow]]:
    room_context = analytics_room(broker, folder)
    room = loop.run_until_complete(room_context.__aenter__())
    try:
        choice = ServerChoice(parse_broker_url(broker.url, where="test"), GROUP, workstation="qt-4")
        console = Console(room_project(folder), folder / "console", [ENERGY, PLANT_HEALTH],
                          server=choice)  # fmt: skip
        window = loop.run_until_complete(console.start())
        try:
            window.resize(1920, 1080)
            window.show()
            yield room, console, window
        finally:
            loop.run_until_complete(console.stop())
    finally:
        loop.run_until_complete(room_context.__aexit__(None, None, None))


@pytest.mark.slow
def test_the_energy_and_plant_health_displays_show_the_server_s_figures(
    qtbot: QtBot,
    qloop: asyncio.AbstractEventLoop,
    mqtt_broker: MqttBroker,
    tmp_path: Path,
    screenshot_dir: Path,
) -> None:
    with console_of_the_room(qloop, mqtt_broker, tmp_path) as (room, _console, window):
        server = room.runtime.analytics
        assert server is not None

        energy = window.open_screen("energy")
        assert isinstance(energy, EnergyView)
        table = energy.table
        # 5.16 MW over 2 x 10 kA x 60 cells x 1.0249 kg/kAh x 65 % (Faraday): 6,455 kWh/t
        wait_until(qloop, lambda: table.text("EMM:sec_kwh_t", NOW) == "6 455")  # the server's, live
        assert table.text("EMM:dc_mwh", NOW) == "5.16 MW"
        assert table.text("EMM:ce_percent", NOW) == "65.0"
        assert table.text("CWP:kwh_per_t", NOW).startswith("14.4")
        wait_until(
            qloop, lambda: table.text("EMM:sec_kwh_t", SHIFT) == "6 455"
        )  # this shift, integrated
        assert energy.shift_label.text().startswith("This shift: ")
        assert "No history here" in energy.status.text()  # no shared store: no charts
        window.grab().save(str(screenshot_dir / "server_console_energy.png"))

        health = window.open_screen("plant_health")
        assert isinstance(health, PlantHealthView)
        wait_until(qloop, lambda: [r[1] for r in health.health.rows()] == [DENSITY])
        assert health.health.rows() == [("Fault", DENSITY, "out of range")]
        assert [i.tag for i in server.health.issues()] == [DENSITY]
        reports = health.reports

        # a note and a report from this console, made by the server in this user's name
        qloop.run_until_complete(window.session.log_in("olga", PASSWORD))
        reports.notes.setPlainText("Density gauge flushed at 10:20")

        async def add_note() -> object:
            task = reports.start_note()
            assert task is not None and not reports.note_button.isEnabled()
            return await task

        note = qloop.run_until_complete(add_note())
        assert note is not None and reports.note_button.isEnabled()
        assert reports.message.text().endswith("olga at qt-4).")
        assert [n.author for n in server.archive.notes(0.0, 1e12)] == ["olga at qt-4"]

        async def report_now() -> object:
            task = reports.start_report()
            assert task is not None
            return await task

        info = qloop.run_until_complete(report_now())
        assert info is not None
        wait_until(qloop, lambda: reports.table.rowCount() == 1)
        assert reports.listed.text().startswith("1 reports kept in ")
        assert reports.listed.text().endswith("on the server")
        window.grab().save(str(screenshot_dir / "server_console_plant_health.png"))
