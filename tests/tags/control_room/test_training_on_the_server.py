"""Training driven from consoles of a control room: the server's training engine runs the
session on the server's own field simulator (the demo project's, on loopback), a trainer at
console A sets it up, starts it and an upset, console B sees the TRAINING mode and the
session, a viewer's training requests are refused by the server, the trainee's screen visits
are recorded from the trainee's console, and every change is in the server's audit trail
with the user and the workstation it came from. Then the stored session's debrief, its PDF
(printed on the server) and its timeline reach the console."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from tags.control_room.console.remote_training import RemoteTrainingRefused
from tags.mode import Mode
from tags.replay.request import ReplayProblem
from tags.replay.timeline import EventKind
from tags.security.permissions import PermissionDenied
from tags.training.engine import SessionSetup
from tags.training.plan import PlannedUpset
from tests.mqtt_broker import MqttBroker
from tests.tags.control_room.training_room import (
    NO_FLOW,
    P1_RUN,
    PUMP_TRIP,
    console_of,
    training_server,
)
from tests.waiting import until

pytestmark = [pytest.mark.slow, pytest.mark.asyncio]

PLANNED = PlannedUpset("cwp-analyser-fault", 0.5, 1.5)


@pytest.fixture(autouse=True)
def collect_on_this_thread() -> Iterator[None]:
    """Qt objects an earlier Qt test of the run left to the cyclic collector must go on this
    thread, not on one of the simulator's or the stores' worker threads (a Qt object deleted
    off its thread crashes Qt's next event processing)."""
    gc.collect()
    yield
    gc.collect()


async def test_a_trainer_at_one_console_trains_on_the_servers_simulator(
    mqtt_broker: MqttBroker, tmp_path: Path
) -> None:
    async with (
        training_server(mqtt_broker, tmp_path) as room,
        console_of(mqtt_broker, tmp_path, "ws-a") as a,
        console_of(mqtt_broker, tmp_path, "ws-b") as b,
    ):
        runtime = room.runtime
        assert runtime.field_server is not None
        assert a.mode is Mode.SIMULATION and a.training.unavailable() == ""
        assert a.training.running() is None
        trainer = await a.server.session.login("supervisor", "supervisor")
        viewer = await b.server.session.login("viewer", "viewer")
        control = a.training
        control.act_as(trainer)

        # the set-up comes from the server: its simulator's scenarios, its users
        assert PUMP_TRIP in [s.name for s in await control.scenarios()]
        assert "operator" in await control.trainees()
        shot = await control.save_snapshot("before the drill", trainer)
        assert [s.name for s in await control.snapshots()] == [shot.name]
        with pytest.raises(RemoteTrainingRefused, match=r"taken|exists|already"):
            await control.save_snapshot("before the drill", trainer)
        assert await control.delete_snapshot(shot.name, trainer) == []

        # a viewer may not train: the server refuses, whatever the console sends
        b.training.act_as(viewer)
        with pytest.raises(PermissionDenied, match="viewer"):
            await b.training.start(viewer, SessionSetup("operator", name="sneaky"))
        assert runtime.mode is Mode.SIMULATION

        setup = SessionSetup("operator", (PLANNED,), time_factor=5.0, name="pump drill")
        session = await control.start(trainer, setup)
        assert runtime.mode is Mode.TRAINING
        assert session.info.trainee == "operator" and session.info.trainer == "supervisor"
        assert session.info.plan == (PLANNED,) and PUMP_TRIP in session.scenarios
        assert session.scenarios[PUMP_TRIP].area == "EMM"

        # console B sees the mode and the session
        await until(lambda: b.mode is Mode.TRAINING and b.training.running() is not None)
        seen = b.training.running()
        assert seen is not None and seen.info.id == session.info.id
        assert seen.info.title == "pump drill" and seen.elapsed() >= 0.0

        # the upset acts on the server's simulator: pump 1 stops, no flow, at once
        await until(lambda: a.db.get(P1_RUN).value is True)
        upset = await session.start_upset(PUMP_TRIP)
        assert upset.started is not None and upset.source == "trainer"
        assert PUMP_TRIP in await runtime.field_server.active_scenarios()
        assert PUMP_TRIP in session.active_upsets()  # the answer shows at once
        await until(lambda: a.db.get(P1_RUN).value is False)
        await until(lambda: b.db.get(NO_FLOW).value is True)
        await until(lambda: PUMP_TRIP in seen.active_upsets())
        await until(lambda: any(u.scenario == PLANNED.scenario and u.stopped is not None
                                for u in seen.upsets()))  # fmt: skip
        with pytest.raises(PermissionDenied):
            await seen.stop_upset(PUMP_TRIP)  # the viewer at B
        assert PUMP_TRIP in await runtime.field_server.active_scenarios()

        # the trainee's screen visits come from the console the trainee is logged in at
        seen.record_screen("emm-overview")  # the viewer is logged in at B: not the trainee's
        await b.server.session.login("operator", "operator")
        seen.record_screen("emm-cellhouse")
        session.record_screen("cwp")  # A's trainer: not the trainee's
        await until(lambda: _screens(runtime, session.info.id) == ["emm-cellhouse"])

        stopped = await session.stop_upset(PUMP_TRIP)
        assert stopped.stopped is not None
        assert PUMP_TRIP not in await runtime.field_server.active_scenarios()
        info = await session.end()
        assert info.end is not None and session.ended and runtime.mode is Mode.SIMULATION
        await until(lambda: b.training.running() is None and b.mode is Mode.SIMULATION)
        assert seen.ended
        with pytest.raises(RemoteTrainingRefused, match="no training session runs"):
            await session.end()

        # in the server's audit trail: who, from which workstation, refused or not
        audit = {(r.action, r.user, r.workstation, r.result.split(":")[0])
                 for r in runtime.audit.query(since=info.start - 60.0)}  # fmt: skip
        assert ("training_end", "supervisor", "ws-a", "ok") in audit
        assert ("training_start", "supervisor", "ws-a", "ok") in audit
        assert ("training_start", "viewer", "ws-b", "denied") in audit
        assert ("training_start_upset", "supervisor", "ws-a", "ok") in audit
        assert ("training_stop_upset", "viewer", "ws-b", "denied") in audit
        assert ("training_snapshot_save", "supervisor", "ws-a", "refused") not in audit
        assert ("training_save_snapshot", "supervisor", "ws-a", "refused") in audit
        assert ("training_delete_snapshot", "supervisor", "ws-a", "ok") in audit

        # the stored session, its debrief, its PDF and its timeline, from the server
        stored = await control.sessions()
        assert stored[0].id == info.id and stored[0].end == info.end
        debrief = await control.debrief(info.id)
        assert debrief.session == stored[0]
        assert sorted(u.scenario for u in debrief.upsets) == sorted([PLANNED.scenario, PUMP_TRIP])
        assert debrief.overall.screens == ("emm-cellhouse",)
        path, pages = await control.debrief_pdf(debrief, tmp_path / "pdfs")
        assert path.parent == tmp_path / "pdfs" and pages >= 1
        assert len(PdfReader(path).pages) == pages
        assert (room.data_dir / "debriefs" / path.name).exists()  # the server keeps a copy
        events = await control.timeline_events(info.id)
        kinds = [e.kind for e in events]
        assert kinds.count(EventKind.UPSET) == 4 and kinds.count(EventKind.SCREEN) == 1
        with pytest.raises(ReplayProblem, match="--store"):
            await control.session_replay(info)  # no shared store here: no history to replay


def _screens(runtime: object, session: int) -> list[str]:
    from tags.runtime import Runtime

    assert isinstance(runtime, Runtime)
    return [r.name for r in runtime.training_store.records(session, [EventKind.SCREEN])]
