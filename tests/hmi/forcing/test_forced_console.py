"""Forced values in a standalone console: the FORCED marker on a readout, the faceplate, a
trend's pen table, an alarm row, the tag browser and search; the header's count; the list on
its key with release (audited); an operator cannot force from the faceplate."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from hmi.alarms.table import Column
from hmi.diagnostics.tag_browser import TAG, TagTableModel
from hmi.forcing.force_dialog import ForceDialog
from hmi.forcing.forced_list import UNTIL, VALUE, ForcedList
from hmi.forcing.simulate_dialog import SimulateDialog
from hmi.shell.app import Console
from hmi.shell.main_window import MainWindow
from hmi.shell.tag_search import MatchesModel
from hmi.widgets.analog import AnalogIndicator
from hmi.widgets.context import StandaloneContext
from hmi.widgets.value_readout import ValueReadout
from screens import all_screens
from tags.clock import ManualClock, SystemClock
from tags.config.project import load_project
from tags.database import TagDatabase
from tags.forcing.force import clock_text
from tags.forcing.source import LocalForces
from tags.forcing.store import SqliteForceStore
from tags.forcing.table import RELEASE, ForceTable
from tags.model import Quality
from tags.security.permissions import Role, SecurityPolicy, User
from tags.security.users import UserStore
from tests.paths import SIGNALS_PROJECT
from tests.waiting import until, wait_until

SINE = "TST.GEN.SINE"


@contextlib.contextmanager
def running_console(loop: asyncio.AbstractEventLoop, data: Path) -> Iterator[MainWindow]:
    """A console on the signal bench with an engineer and an operator."""
    with UserStore(data / "users.db", SystemClock(), SecurityPolicy()) as store:
        store.add("erin", Role.ENGINEER, "erin-password")
        store.add("olga", Role.OPERATOR, "olga-password")
    console = Console(load_project(SIGNALS_PROJECT), data, all_screens())
    window = loop.run_until_complete(console.start())
    try:
        db = console.runtime.db
        wait_until(loop, lambda: db.get(SINE).quality is Quality.GOOD)
        yield window
    finally:
        loop.run_until_complete(console.stop())


def force_sine(window: MainWindow, value: float = 97.0) -> None:
    forces = window.runtime.forces  # type: ignore[attr-defined]
    user = window.session.user
    forces.force(SINE, value, user=user, reason="transmitter not wired", workstation="test")


@pytest.mark.slow
def test_a_forced_tag_is_marked_on_readout_faceplate_trend_alarm_row_and_lists(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, screenshot_dir: Path
) -> None:
    with running_console(qloop, tmp_path) as window:
        window.session.login("erin", "erin-password")
        context = StandaloneContext(window.bridge, window.alarms)
        readout = ValueReadout(context, SINE)
        qtbot.addWidget(readout)
        indicator = AnalogIndicator(context, SINE, label="Sine")
        indicator.resize(220, 90)
        qtbot.addWidget(indicator)
        faceplate = window.open_faceplate(SINE)
        assert faceplate is not None
        assert faceplate.force_marker.isHidden()
        trends = window.open_screen("trends")
        trends.add_pen(SINE)  # type: ignore[attr-defined]
        assert window.header.forced_button.isHidden()

        force_sine(window)  # above HI 95: an alarm on the forced value
        wait_until(qloop, lambda: readout.shown.marker == "FORCED")
        assert readout.shown.text == "97.00 %"  # a normal value, marked
        assert indicator.override_marker == "FORCED"
        _grab(indicator, screenshot_dir / "forced-indicator.png")
        assert "forced by erin until released: transmitter not wired" in readout.tooltip_text()
        wait_until(qloop, lambda: faceplate.force_marker.isVisible())
        assert faceplate.force_marker.text() == "FORCED"
        assert "forced by erin" in faceplate.quality.text()
        assert faceplate.release_button.isVisible()
        wait_until(qloop, lambda: trends.table.marker(SINE) == "FORCED")  # type: ignore[attr-defined]
        assert not window.header.forced_button.isHidden()
        assert window.header.forced_button.text() == "1 forced"

        banner = window.alarm_header.banner
        wait_until(qloop, lambda: any(v.tag == SINE for v in banner.model.views))
        row = next(i for i, v in enumerate(banner.model.views) if v.tag == SINE)
        view = banner.model.views[row]
        assert banner.model.text(view, Column.TAG) == f"{SINE}  [FORCED]"
        assert banner.model.text(view, Column.VALUE) == "97.00 %"
        assert "transmitter not wired" in banner.model.tooltip(view)

        browser = TagTableModel(window.bridge)
        row = browser.row_of(SINE)
        assert row is not None
        assert browser.data(browser.index(row, TAG)) == f"{SINE}  [FORCED]"
        found = window.find_tag()
        found.query.setText("sine")
        assert "[FORCED]" in found.matches.data(found.matches.index(0))
        found.close()
        assert isinstance(found.matches, MatchesModel)

        window.resize(1400, 800)
        _grab(window, screenshot_dir / "forced-header.png")
        _grab(faceplate, screenshot_dir / "forced-faceplate.png")


@pytest.mark.slow
def test_the_list_opens_on_its_key_and_a_release_from_it_is_audited(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, screenshot_dir: Path
) -> None:
    with running_console(qloop, tmp_path) as window:
        window.session.login("erin", "erin-password")
        window.show()
        qtbot.waitExposed(window)
        force_sine(window, 50.0)
        wait_until(qloop, lambda: not window.header.forced_button.isHidden())
        window.activateWindow()
        qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
        listing = window.forced_list
        assert listing is not None and listing.isVisible()
        assert listing.table.rowCount() == 1
        cells = [listing.table.item(0, c).text() for c in range(listing.table.columnCount())]
        assert cells[0] == SINE and cells[1] == "50.00 %" and cells[3] == "erin"
        assert cells[2] != ""  # the field's value, held aside
        assert cells[4] == "transmitter not wired" and cells[6] == "until released"
        _grab(listing, screenshot_dir / "forced-list.png")

        listing.table.selectRow(0)
        assert listing.release_button.isEnabled()
        dialog = listing.release_selected()
        assert dialog is not None and not dialog.send.isEnabled()  # a reason first
        dialog.reason.setText("loop checked")
        task = dialog.start()
        qloop.run_until_complete(task)
        assert dialog.message.text() == f"Released: {SINE} shows the field's value again."
        wait_until(qloop, lambda: listing.table.rowCount() == 0)
        assert listing.summary.text().startswith("No forced values")
        wait_until(qloop, lambda: window.header.forced_button.isHidden())
        released = [r for r in window.runtime.audit.query() if r.action == RELEASE]
        assert [(r.user, r.tag, r.reason) for r in released] == [("erin", SINE, "loop checked")]
        qloop.run_until_complete(until(lambda: window.runtime.db.get(SINE).quality
                                       is Quality.GOOD))  # fmt: skip


@pytest.mark.slow
def test_an_engineer_forces_from_the_faceplate_and_an_operator_cannot(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, screenshot_dir: Path
) -> None:
    with running_console(qloop, tmp_path) as window:
        window.session.login("olga", "olga-password")
        faceplate = window.open_faceplate(SINE)
        assert faceplate is not None
        assert not faceplate.force_button.isEnabled()
        assert faceplate.force_button.toolTip() == (
            "operator 'olga' may not force values in area TST"
        )
        dialog = faceplate.open_force()
        assert isinstance(dialog, ForceDialog)
        assert not dialog.send.isEnabled()
        assert dialog.message.text() == (
            "Not allowed: operator 'olga' may not force values in area TST"
        )
        dialog.close()

        window.session.login("erin", "erin-password")
        assert faceplate.force_button.isEnabled()
        dialog = faceplate.open_force()
        assert isinstance(dialog, ForceDialog)
        dialog.entry.setText("120")  # type: ignore[union-attr]
        dialog.reason.setText("bench test")
        assert not dialog.send.isEnabled()
        assert dialog.message.text() == "Refused: 120.00 % is above TST.GEN.SINE's range 100.00 %"
        dialog.entry.setText("12.5")  # type: ignore[union-attr]
        dialog.minutes.setText("x")
        assert dialog.message.text() == "Refused: minutes: 'x' is not a number"
        dialog.minutes.setText("30")
        assert dialog.send.isEnabled()
        _grab(dialog, screenshot_dir / "force-dialog.png")
        force = qloop.run_until_complete(dialog.start())
        assert force is not None and force.value == 12.5 and force.until is not None
        assert dialog.message.text().startswith("Forced to 12.50 % until ")
        wait_until(qloop, lambda: faceplate.force_marker.isVisible())
        assert faceplate.force_button.text() == "Change force…"


def _grab(widget: QWidget, path: Path) -> None:
    """Keep a picture of the widget, for a look by eye."""
    QApplication.processEvents()
    widget.grab().save(str(path))


def test_the_list_follows_an_expiry_on_a_manual_clock(qtbot: QtBot, tmp_path: Path) -> None:
    clock = ManualClock(1_000_000.0)
    db = TagDatabase(load_project(SIGNALS_PROJECT).tags, clock)
    engineer = User("erin", Role.ENGINEER)
    with SqliteForceStore.in_data_dir(tmp_path) as store:
        table = ForceTable(db, store)
        opened: list[str] = []
        listing = ForcedList(LocalForces(table), db, lambda: engineer, opened.append)
        qtbot.addWidget(listing)
        table.force(SINE, 20, user=engineer, reason="for a minute", minutes=1.0)
        qtbot.waitUntil(lambda: listing.table.rowCount() == 1)
        assert listing.table.item(0, UNTIL).text() == clock_text(1_000_060.0)
        listing.table.selectRow(0)
        listing.open_selected()
        assert opened == [SINE]
        clock.advance(59.0)
        assert table.expire() == []
        clock.advance(1.0)
        assert [f.tag for f in table.expire()] == [SINE]
        qtbot.waitUntil(lambda: listing.table.rowCount() == 0)
        assert listing.summary.text().startswith("No forced values")
        assert db.get(SINE).quality is not Quality.GOOD_LOCAL_OVERRIDE


@pytest.mark.slow
def test_an_engineer_puts_a_tag_on_a_signal_from_the_faceplate(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, screenshot_dir: Path
) -> None:
    with running_console(qloop, tmp_path) as window:
        window.session.login("erin", "erin-password")
        faceplate = window.open_faceplate(SINE)
        assert faceplate is not None and faceplate.simulate_button.isEnabled()
        dialog = faceplate.open_simulate()
        assert isinstance(dialog, SimulateDialog)
        assert dialog.address.text() == "sim://signal/sine?low=0&high=100&period=60"
        dialog.address.setText("sim://signal/ramp?low=0&high=400&period=10")
        dialog.reason.setText("transmitter out for calibration")
        assert dialog.message.text().startswith("Refused: ")  # above the tag's range
        assert not dialog.send.isEnabled()
        dialog.address.setText("sim://signal/ramp?low=10&high=90&period=10")
        assert dialog.send.isEnabled()
        _grab(dialog, screenshot_dir / "simulate-dialog.png")
        force = qloop.run_until_complete(dialog.start())
        assert force is not None and force.simulated
        assert dialog.message.text().startswith("Simulated from sim://signal/ramp?")
        db = window.runtime.db  # type: ignore[attr-defined]
        wait_until(qloop, lambda: faceplate.force_marker.text() == "SIM")
        seen = {db.get(SINE).value}
        wait_until(qloop, lambda: seen.add(db.get(SINE).value) or len(seen) > 3)
        assert db.get(SINE).quality is Quality.GOOD_LOCAL_OVERRIDE
        assert db.get(SINE).reason.startswith("simulated: sim://signal/ramp?")

        listing = window.open_forced_list()
        assert listing is not None
        wait_until(qloop, lambda: listing.table.rowCount() == 1)
        assert listing.table.item(0, VALUE).text() == (
            "SIM sim://signal/ramp?low=10&high=90&period=10"
        )
        release = faceplate.open_release()
        assert release is not None
        release.reason.setText("calibrated")
        assert qloop.run_until_complete(release.start()) is not None
        wait_until(qloop, lambda: db.get(SINE).quality is Quality.GOOD)
        wait_until(qloop, lambda: faceplate.force_marker.isHidden())
