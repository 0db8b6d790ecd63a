"""Forced values in a console of a control room: the server owns the forces and publishes
them (the retained ``forces`` state); the console's list, header count and markers follow
it, and a release or a force from the console is a request the server checks and audits with
the console's user and workstation. A real server and a real Mosquitto broker."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hmi.forcing.force_dialog import ForceDialog
from hmi.forcing.forced_list import VALUE
from hmi.forcing.simulate_dialog import SimulateDialog
from tags.clock import ManualClock
from tags.forcing.table import FORCE, RELEASE
from tags.model import Quality
from tags.security.permissions import Role, User
from tests.hmi.shell.test_console_on_a_server import console_on_a_server, readouts
from tests.mqtt_broker import MqttBroker
from tests.tags.control_room.room_bench import PASSWORD
from tests.waiting import wait_until

FLOW = "NORTH.FLOW"
ADA = User("ada", Role.ADMIN)


@pytest.mark.slow
def test_a_force_made_on_the_server_shows_in_a_console_and_is_released_from_it(
    qtbot: QtBot,
    qloop: asyncio.AbstractEventLoop,
    mqtt_broker: MqttBroker,
    tmp_path: Path,
    screenshot_dir: Path,
) -> None:
    running = console_on_a_server(qloop, mqtt_broker, tmp_path, ManualClock())
    with running as (room, _console, window):
        forces = room.runtime.forces
        assert forces is not None
        header = window.header
        wait_until(qloop, lambda: readouts(window)[FLOW].shown.text.startswith("10"))
        assert header.forced_button.isHidden()

        forces.force(FLOW, 55, user=ADA, reason="flowmeter replaced", workstation="server")
        wait_until(qloop, lambda: not header.forced_button.isHidden())
        assert header.forced_button.text() == "1 forced"
        wait_until(qloop, lambda: readouts(window)[FLOW].shown.marker == "FORCED")
        listing = window.open_forced_list()
        assert listing is not None
        wait_until(qloop, lambda: listing.table.rowCount() == 1)
        cells = [listing.table.item(0, c).text() for c in range(listing.table.columnCount())]
        assert cells[:2] == [FLOW, "55.00 m³/h"] and cells[3:5] == ["ada", "flowmeter replaced"]
        assert cells[2].startswith("10")  # the field's value the server holds aside
        listing.grab().save(str(screenshot_dir / "forced-list-on-a-server.png"))

        listing.table.selectRow(0)
        assert not listing.release_button.isEnabled()  # not logged in
        qloop.run_until_complete(window.session.log_in("olga", PASSWORD))
        listing.update_actions()
        assert not listing.release_button.isEnabled()  # an operator
        assert "may not force values" in listing.release_button.toolTip()
        qloop.run_until_complete(window.session.log_in("ada", PASSWORD))
        listing.update_actions()
        dialog = listing.release_selected()
        assert dialog is not None
        dialog.reason.setText("flowmeter back")
        assert qloop.run_until_complete(dialog.start()) is not None
        assert forces.get(FLOW) is None  # released on the server
        wait_until(qloop, lambda: header.forced_button.isHidden())
        wait_until(qloop, lambda: listing.table.rowCount() == 0)
        wait_until(qloop, lambda: readouts(window)[FLOW].shown.marker == "")
        released = [r for r in room.runtime.audit.query() if r.action == RELEASE]
        assert [(r.user, r.workstation, r.reason) for r in released] == [
            ("ada", "qt-1", "flowmeter back")
        ]

        faceplate = window.open_faceplate(FLOW)
        assert faceplate is not None and faceplate.force_button.isEnabled()
        force_dialog = faceplate.open_force()
        assert isinstance(force_dialog, ForceDialog)
        force_dialog.entry.setText("500")  # type: ignore[union-attr]
        force_dialog.reason.setText("x")
        assert force_dialog.message.text().startswith("Refused: 500.00 m³/h is above")
        force_dialog.entry.setText("33")  # type: ignore[union-attr]
        force_dialog.reason.setText("bypass while the meter is out")
        assert qloop.run_until_complete(force_dialog.start()) is not None
        found = forces.get(FLOW)
        assert found is not None and found.value == 33.0 and found.user == "ada"
        assert room.runtime.db.get(FLOW).quality is Quality.GOOD_LOCAL_OVERRIDE
        made = [r for r in room.runtime.audit.query() if r.action == FORCE]
        assert made[0].workstation == "qt-1" and made[0].reason == "bypass while the meter is out"
        wait_until(qloop, lambda: faceplate.force_marker.text() == "FORCED")
        wait_until(qloop, lambda: header.forced_button.text() == "1 forced")
        window.grab().save(str(screenshot_dir / "console-on-a-server-forced.png"))
        faceplate.grab().save(str(screenshot_dir / "faceplate-on-a-server-forced.png"))

        simulate = faceplate.open_simulate()  # the same tag, now from a signal generator
        assert isinstance(simulate, SimulateDialog)
        simulate.reason.setText("meter on the bench")
        assert simulate.send.isEnabled(), simulate.message.text()
        assert qloop.run_until_complete(simulate.start()) is not None
        found = forces.get(FLOW)
        assert found is not None and found.simulated and found.user == "ada"
        assert found.source == simulate.address.text()
        wait_until(qloop, lambda: faceplate.force_marker.text() == "SIM")
        wait_until(qloop, lambda: listing.table.rowCount() == 1)
        wait_until(qloop, lambda: listing.table.item(0, VALUE).text() == f"SIM {found.source}")
