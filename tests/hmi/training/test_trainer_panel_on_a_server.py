"""The trainer panel on a console of a control room: the same panel drives the server's
training engine (the demo project's simulator running on the server, a real broker). A
viewer gets no panel; a supervisor sets a session up from the server's scenarios and users,
starts it and an upset that acts on the server's simulator, follows it, ends it, and gets its
debrief and PDF from the server; without a shared store the session cannot be replayed here.
Screenshots: trainer_panel_on_a_server_setup.png, trainer_panel_on_a_server_running.png,
training_header_on_a_server.png, training_debrief_on_a_server.png."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hmi.shell.app import Console
from hmi.view_parts import cells
from screens import all_screens, screen_for_tag
from tags.control_room.console.client_runtime import ClientRuntime
from tags.control_room.console.remote_training import RemoteTrainingSession
from tags.mode import Mode
from tests.mqtt_broker import MqttBroker
from tests.tags.control_room.training_room import (
    P1_RUN,
    PUMP_TRIP,
    choice_of,
    console_project,
    training_server,
)
from tests.waiting import until

FAULT = "cwp-analyser-fault"

WHOLE_TEST_S = 120.0
"""A stuck step fails the test (with where it waited) instead of blocking the run."""


@pytest.mark.slow
def test_the_trainer_panel_of_a_console_of_a_server_trains_on_the_servers_simulator(
    qtbot: QtBot,
    qloop: asyncio.AbstractEventLoop,
    mqtt_broker: MqttBroker,
    tmp_path: Path,
    screenshot_dir: Path,
) -> None:
    async def scenario() -> None:
        async with training_server(mqtt_broker, tmp_path) as room:
            server_runtime = room.runtime
            assert server_runtime.field_server is not None
            console = Console(console_project(), tmp_path / "qt", all_screens(), screen_for_tag,
                              server=choice_of(mqtt_broker, "qt-a"))  # fmt: skip
            window = await console.start()
            try:
                window.resize(1600, 900)
                runtime = console.runtime
                assert isinstance(runtime, ClientRuntime)
                await until(lambda: runtime.server.reachable and runtime.training.state())
                header = window.header
                assert header.training_button.isHidden()  # nobody logged in
                await window.session.log_in("viewer", "viewer")
                assert header.training_button.isHidden() and window.open_training() is None
                assert "may not start training" in window.statusBar().currentMessage()
                await window.session.log_in("supervisor", "supervisor")
                assert not header.training_button.isHidden()
                header.training_button.click()
                panel = window.training_panel
                assert panel is not None and panel.isVisible()
                setup = panel.setup
                await until(lambda: setup.plan.scenarios)
                names = [setup.trainee.itemText(i) for i in range(setup.trainee.count())]
                assert "operator" in names  # the server's users
                assert PUMP_TRIP in [s.name for s in setup.plan.scenarios]
                setup.trainee.setCurrentText("operator")
                setup.name.setText("pump drill")
                setup.factor.setValue(5.0)
                setup.plan.add_row(FAULT, 0.5, 1.5)
                QApplication.sendPostedEvents()
                panel.grab().save(str(screenshot_dir / "trainer_panel_on_a_server_setup.png"))

                session = await setup.start_session()
                assert isinstance(session, RemoteTrainingSession), setup.message.text()
                assert panel.stack.currentWidget() is panel.running
                assert server_runtime.mode is Mode.TRAINING
                window._tick()
                assert header.mode.text() == "TRAINING"
                assert header.training_marker.text().startswith("operator  0:")
                assert not header.replay_button.isEnabled()

                running = panel.running
                await running.toggle_upset(PUMP_TRIP)
                assert PUMP_TRIP in await server_runtime.field_server.active_scenarios()
                assert running.buttons[PUMP_TRIP].text() == "Stop"
                await until(lambda: runtime.db.get(P1_RUN).value is False)  # the server's plant
                await until(lambda: any(u.scenario == FAULT and u.stopped is not None
                                        for u in session.upsets()))  # fmt: skip
                running.refresh()
                window._tick()
                states = {cells(running.upsets, r)[0]: cells(running.upsets, r)[4]
                          for r in range(running.upsets.rowCount())}  # fmt: skip
                by_name = {k.rsplit("(", 1)[1].rstrip(")"): v for k, v in states.items()}
                assert by_name[PUMP_TRIP].startswith("running since")
                assert by_name[FAULT].startswith("ran ")
                panel.grab().save(str(screenshot_dir / "trainer_panel_on_a_server_running.png"))
                window.grab().save(str(screenshot_dir / "training_header_on_a_server.png"))

                info = await running.end_session()
                assert info is not None and info.end is not None
                assert await server_runtime.field_server.active_scenarios() == []
                await until(lambda: runtime.mode is Mode.SIMULATION)
                window._tick()
                assert header.mode.text() == "SIMULATION" and header.training_marker.isHidden()
                sessions = panel.sessions
                assert panel.tabs.currentWidget() is sessions
                await until(lambda: sessions.debrief.debrief is not None)
                upsets = sessions.debrief.upsets
                rows = [cells(upsets, r) for r in range(upsets.rowCount())]
                assert sorted((r[0].rsplit("(", 1)[1], r[3]) for r in rows) == [
                    (f"{FAULT})", "plan"), (f"{PUMP_TRIP})", "trainer")]  # fmt: skip
                assert cells(sessions.table, 0)[:3] == [f"{info.id}: pump drill", "operator",
                                                        "supervisor"]  # fmt: skip
                panel.grab().save(str(screenshot_dir / "training_debrief_on_a_server.png"))

                opened: list[Path] = []
                sessions.open_file = opened.append
                path = await sessions.export()
                assert path is not None and opened == [path] and path.stat().st_size > 1000
                assert path.parent == runtime.data_dir / "debriefs"
                assert await sessions.replay() is False
                assert "--store" in sessions.message.text()
                ended = server_runtime.audit.query(action="training_end")
                assert [(r.user, r.workstation) for r in ended] == [("supervisor", "qt-a")]
            finally:
                await console.stop()

    qloop.run_until_complete(asyncio.wait_for(scenario(), WHOLE_TEST_S))  # a hang fails
