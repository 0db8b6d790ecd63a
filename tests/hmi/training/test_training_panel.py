"""The trainer panel on the demo project's real embedded field simulator: who sees it, a
session set up, started, followed and ended from it (the TRAINING header, screen visits, a
live upset), and a stored session's debrief, PDF, comparison and replay on the console.

Plant time runs 20 times faster than the clock and the plans last a few seconds, so the
whole file takes about half a minute. Screenshots: trainer_panel_setup.png,
trainer_panel_running.png, training_header.png, training_debrief.png,
training_comparison.png."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hmi.shell.app import Console
from hmi.shell.main_window import MainWindow
from hmi.training.panel import TrainerPanel
from hmi.view_parts import cells
from screens import all_screens, screen_for_tag
from tags.clock import SystemClock
from tags.config.project import load_project
from tags.replay.request import ReplayRequest
from tags.replay.timeline import EventKind
from tags.security.permissions import Role, SecurityPolicy
from tags.security.users import UserStore
from tags.training.engine import SessionSetup, TrainingSession, UpsetState
from tags.training.plan import PlannedUpset
from tags.training.store import SessionInfo, SqliteTrainingStore
from tests.paths import DEMO_PROJECT, SIGNALS_PROJECT
from tests.tags.replay.replay_support import make_recording
from tests.waiting import until

FACTOR = 20.0
LIVE = "sco2-sinter-stop"


@contextlib.asynccontextmanager
async def demo_console(data: Path) -> AsyncIterator[Console]:
    """The demo project's console with its field simulator running, stopped on leaving.

    A test runs its whole body as one coroutine (one ``run_until_complete``): qasync
    processes Qt events once more after each ``run_until_complete`` with no loop running,
    which would step the drivers' tasks outside the loop."""
    data.mkdir(parents=True, exist_ok=True)
    console = Console(load_project(DEMO_PROJECT), data, all_screens(), screen_for_tag)
    window = await console.start()
    try:
        window.resize(1600, 900)
        runtime = console.runtime
        await until(lambda: runtime.db.get("CWP.DMC.DENS.PV").quality.is_good)
        yield console
    finally:
        await console.stop()


def window_of(console: Console) -> MainWindow:
    assert console.window is not None
    return console.window


async def open_panel(window: MainWindow) -> TrainerPanel:
    window.session.login("supervisor", "supervisor")
    window.header.training_button.click()
    panel = window.training_panel
    assert panel is not None and panel.isVisible()
    await until(lambda: panel.setup.plan.scenarios)
    return panel


@pytest.mark.slow
def test_the_training_button_is_for_trainers_on_the_simulated_live_plant(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    rec = make_recording(tmp_path / "rec.db", data)
    with UserStore(data / "users.db", SystemClock(), SecurityPolicy()) as users:
        users.add("ada", Role.ADMIN, "ada-password")

    async def scenario() -> None:
        project = load_project(SIGNALS_PROJECT)  # a sim:// plant in process
        console = Console(project, data, all_screens())
        window = await console.start()
        try:
            assert window.header.training_button.isHidden()
            window.session.login("ada", "ada-password")
            assert window.header.training_button.isHidden()  # no embedded field simulator
            window.show()
            window.activateWindow()
            await until(window.isActiveWindow)  # shortcuts need it active
            QTest.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
            assert "embedded field simulator" in window.statusBar().currentMessage()
            assert window.training_panel is None
            future = console.switch_later(ReplayRequest(rec))
            assert future is not None
            replay = await future
            assert replay.header.mode.text() == "REPLAY"
            assert replay.header.training_button.isHidden() and replay.open_training() is None
            assert "not while replaying" in replay.statusBar().currentMessage()
        finally:
            await console.stop()

    qloop.run_until_complete(scenario())


@pytest.mark.slow
def test_a_trainer_runs_a_session_from_the_panel(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, screenshot_dir: Path
) -> None:
    data = tmp_path / "data"

    async def scenario() -> SessionInfo:
        async with demo_console(data) as console:
            window = window_of(console)
            header = window.header
            assert header.training_button.isHidden()  # nobody logged in
            window.session.login("operator", "operator")
            assert header.training_button.isHidden() and window.open_training() is None
            assert "may not start training" in window.statusBar().currentMessage()
            panel = await open_panel(window)
            assert not header.training_button.isHidden()
            assert panel.isWindow() and panel.windowTitle().endswith("supervisor")
            session = await set_up_and_start(panel, screenshot_dir)

            window._tick()
            assert header.property("training") is True
            assert header.training_marker.isVisibleTo(header)
            assert header.mode.text() == "TRAINING" and header.property("mode") == "TRAINING"
            assert header.training_marker.text().startswith("operator  0:0")
            assert not header.replay_button.isEnabled() and window.open_recording() is None
            window.session.login("operator", "operator")  # the trainee at the console
            assert header.training_button.isHidden() and panel.isVisible()
            window.open_screen("cwp")
            window.open_screen("dmc")
            await live_upset(console, panel, session, screenshot_dir)

            info = await panel.running.end_session()
            assert info is not None and info.end is not None
            assert console.runtime.field_server is not None
            assert await console.runtime.field_server.active_scenarios() == []
            window._tick()
            assert header.property("training") is False and header.training_marker.isHidden()
            assert header.mode.text() == "SIMULATION"
            assert panel.tabs.currentWidget() is panel.sessions
            sessions = panel.sessions
            await until(lambda: sessions.debrief.debrief is not None)
            assert cells(sessions.table, 0)[:3] == [f"{info.id}: analyser and pump", "operator",
                                                    "supervisor"]  # fmt: skip
            upsets = sessions.debrief.upsets
            rows = [cells(upsets, r) for r in range(upsets.rowCount())]
            assert [(r[0].rsplit("(", 1)[1], r[3]) for r in rows] == [
                (f"{LIVE})", "trainer"), ("cwp-analyser-fault)", "plan"),
                ("emm-pump-trip)", "plan")]  # fmt: skip
            panel.tabs.setCurrentWidget(panel.stack)
            panel.setup.plan.clear()
            assert await panel.setup.start_session() is not None  # left running: closing ends it
            return info

    info = qloop.run_until_complete(scenario())
    with SqliteTrainingStore.in_data_dir(data) as store:
        visits = [r.name for r in store.records(info.id, [EventKind.SCREEN])]
        last = store.sessions()[0]
    assert visits == ["overview", "cwp", "dmc"]  # the screen open at the start, then both
    assert last.id == info.id + 1 and last.end is not None


async def set_up_and_start(panel: TrainerPanel, shots: Path) -> TrainingSession:
    """A snapshot saved, then a session from the steady state with a plan of two upsets."""
    setup = panel.setup
    setup.snapshot_name.setText("before the shift")
    await setup.save_snapshot()
    assert setup.state.currentData() == "before the shift"
    assert setup.delete_button.isEnabled()
    setup.snapshot_name.setText("a mistake")
    await setup.save_snapshot()
    assert setup.state.currentData() == "a mistake"
    assert await setup.delete_snapshot() == "a mistake"
    assert [s.name for s in setup.snapshots] == ["before the shift"]
    assert setup.state.findData("a mistake") == -1
    setup.state.setCurrentIndex(0)  # the steady state
    assert not setup.delete_button.isEnabled()
    setup.trainee.setCurrentText("operator")
    setup.name.setText("analyser and pump")
    setup.factor.setValue(FACTOR)
    setup.plan.add_row("emm-pump-trip", 2.0)
    setup.plan.add_row("cwp-analyser-fault", 1.0, 3.0)
    QApplication.sendPostedEvents()  # laid out as it would be shown
    panel.grab().save(str(shots / "trainer_panel_setup.png"))
    session = await setup.start_session()
    assert isinstance(session, TrainingSession), setup.message.text()
    assert panel.stack.currentWidget() is panel.running
    assert session.setup.plan == (PlannedUpset("cwp-analyser-fault", 1.0, 3.0),
                                  PlannedUpset("emm-pump-trip", 2.0))  # fmt: skip
    return session


async def live_upset(
    console: Console, panel: TrainerPanel, session: TrainingSession, shots: Path
) -> None:
    """The trainer starts and stops an upset from the panel while the plan runs."""
    server = console.runtime.field_server
    assert server is not None
    running = panel.running
    await running.toggle_upset(LIVE)
    assert LIVE in await server.active_scenarios()
    assert running.buttons[LIVE].text() == "Stop"
    await until(lambda: len(session.active_upsets()) == 3)
    running.refresh()
    window_of(console)._tick()
    panel.grab().save(str(shots / "trainer_panel_running.png"))
    window_of(console).grab().save(str(shots / "training_header.png"))
    await running.toggle_upset(LIVE)
    assert LIVE not in await server.active_scenarios()
    assert running.buttons[LIVE].text() == "Start"
    await until(lambda: "cwp-analyser-fault" not in session.active_upsets())
    running.refresh()
    states = {cells(running.upsets, r)[0]: cells(running.upsets, r)[4]
              for r in range(running.upsets.rowCount())}  # fmt: skip
    by_name = {name.rsplit("(", 1)[1].rstrip(")"): state for name, state in states.items()}
    fault, pump = (upset_of(session, name) for name in ("cwp-analyser-fault", "emm-pump-trip"))
    assert fault.started is not None and fault.stopped is not None and pump.started is not None
    assert (fault.planned_at, fault.planned_stop, pump.planned_at) == (1.0, 3.0, 2.0)
    assert by_name["cwp-analyser-fault"] == f"ran {fault.started:.0f}–{fault.stopped:.0f} s"
    assert by_name["emm-pump-trip"].startswith(f"running since {pump.started:.0f} s")
    assert by_name[LIVE].startswith("ran 0–")


def upset_of(session: TrainingSession, scenario: str) -> UpsetState:
    """The engine's record of one upset of the session (times on a busy machine may be late:
    the panel must show them as they are)."""
    return next(u for u in session.upsets() if u.scenario == scenario)


PLAN = (PlannedUpset("cwp-analyser-fault", 0.5, 2.0),)


async def scripted_session(console: Console, write_after: float, value: float) -> SessionInfo:
    """A short session run by the engine: the trainee opens a screen and writes a setpoint."""
    runtime = console.runtime
    assert runtime.demo_accounts is not None
    trainer = runtime.demo_accounts.authenticate("supervisor", "supervisor")
    trainee = runtime.demo_accounts.authenticate("operator", "operator")
    setup = SessionSetup("operator", PLAN, FACTOR, name="analyser fault")
    session = await TrainingSession.start(runtime, trainer, setup, settle=0.5)
    window_of(console).open_screen("cwp")
    await until(lambda: session.elapsed() >= write_after)  # the trainee acts at that moment
    result = await runtime.writes.write("CWP.DMC.DENS.SP", value, user=trainee, reason="training")
    assert result.ok, result.reason
    await until(lambda: session.elapsed() >= 2.5)  # the session's length: its plan has run
    window_of(console).open_screen("overview")
    return await session.end()


@pytest.mark.slow
def test_a_stored_session_is_debriefed_exported_compared_and_replayed(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, screenshot_dir: Path
) -> None:
    opened: list[Path] = []

    async def scenario() -> None:
        async with demo_console(tmp_path / "data") as console:
            a = await scripted_session(console, 1.0, 1.43)
            b = await scripted_session(console, 1.5, 1.42)
            window = window_of(console)
            panel = await open_panel(window)
            panel.tabs.setCurrentWidget(panel.sessions)
            sessions = panel.sessions
            sessions.open_file = opened.append
            await sessions.reload(choose=a.id)
            await until(lambda: sessions.debrief.debrief is not None)
            assert [cells(sessions.table, r)[0] for r in range(2)] == [
                f"{b.id}: analyser fault", f"{a.id}: analyser fault"]  # fmt: skip
            debrief = sessions.debrief
            assert cells(debrief.upsets, 0)[:4] == [
                "Ash analyser source fault (cwp-analyser-fault)",
                "CWP",
                "0.5 s",
                "plan",
            ]
            first_write = cells(debrief.upsets, 0)[5]
            assert first_write.endswith(" s") and first_write != "none"
            overall = dict(cells(debrief.overall, r) for r in range(debrief.overall.rowCount()))
            assert overall["Writes accepted / refused"] == "1 / 0"
            assert overall["Screen visits"] == "2: cwp, overview"
            panel.grab().save(str(screenshot_dir / "training_debrief.png"))

            path = await sessions.export()
            assert path is not None and opened == [path]
            text = "".join(page.extract_text() for page in PdfReader(path).pages)
            assert "Training debrief: analyser fault" in text and "operator" in text

            assert sessions.others.currentData() == b.id
            sessions.compare_button.click()
            await until(lambda: sessions.comparison.comparison is not None)
            table = sessions.comparison.upsets
            row = cells(table, 0)
            assert row[0] == "cwp-analyser-fault" and row[4] != "—" and row[5] != "—"
            assert sessions.views.currentWidget() is sessions.comparison
            panel.grab().save(str(screenshot_dir / "training_comparison.png"))

            assert await sessions.replay()
            assert console.switching is not None
            replay = await console.switching
            assert replay.header.mode.text() == "REPLAY" and replay.training_panel is None
            bar = replay.replay_bar
            assert bar is not None
            assert bar.source_name() == f"training session {a.id} (operator)"
            await until(lambda: bar.timeline_data is not None)
            replay.resize(1600, 900)
            await until(lambda: console.runtime.db.get("CWP.DMC.DENS.PV").value is not None)
            assert console.bridge is not None
            console.bridge.flush()  # now, not at the bridge's next tick
            replay._tick()
            replay.grab().save(str(screenshot_dir / "training_replay.png"))
            events = bar.events()
            upsets = [e.text for e in events if e.kind is EventKind.UPSET]
            assert upsets == ["Ash analyser source fault started by the plan",
                              "Ash analyser source fault stopped by the plan"]  # fmt: skip
            assert [e.text for e in events if e.kind is EventKind.SCREEN] == [
                "screen cwp", "screen overview"]  # fmt: skip
            writes = [e for e in events if e.kind is EventKind.WRITE]
            assert [(w.user, w.tag) for w in writes] == [("operator", "CWP.DMC.DENS.SP")]

    qloop.run_until_complete(scenario())
