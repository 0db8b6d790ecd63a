"""What the training tests share: two sessions on the real runtime (the demo project's
embedded field simulator served over Modbus TCP and OPC UA on loopback, the real alarm
engine, audit trail, historian and session store in a tmp data folder).

A scripted trainee (``Script``) answers one upset per area with acknowledgements and writes
at known times after each upset started; the tests check that the record and the debrief say
exactly what it did. Session A starts from the steady state; session B, with the same plan
and other response times, from a snapshot. Plant time runs ten times faster than the clock.
The runtime stops before the tests read the result (``train``), so no field simulator keeps
running while the rest of the suite does.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from tags.config.project import Project, load_project
from tags.model import Value
from tags.runtime import Runtime
from tags.security.permissions import Role, User
from tags.training.debrief import Debrief
from tags.training.engine import (
    SessionSetup,
    TrainingSession,
    UpsetState,
    debrief_session,
    save_snapshot,
)
from tags.training.plan import PlannedUpset
from tags.training.store import SessionInfo, SqliteTrainingStore, TrainingStore
from tags.write_path import WriteStatus
from tests.paths import DEMO_PROJECT
from tests.waiting import GENEROUS, until

TRAINER = User("tess", Role.SUPERVISOR)
TRAINEE = User("olga", Role.OPERATOR)
FACTOR = 10.0
LIVE = "sco2-sinter-stop"
PLAN = (
    PlannedUpset("emm-pump-trip", 0.5),
    PlannedUpset("cwp-analyser-fault", 0.5, stop_at=4.5),
    PlannedUpset("sco2-cw-pump-trip", 0.5, stop_at=3.5),
)


@dataclass(frozen=True)
class Response:
    """What the trainee does about one upset, in seconds after it started."""

    scenario: str
    area: str
    ack_after: float
    write_after: float
    tag: str
    value: Value


RESPONSES_A = (
    Response("emm-pump-trip", "EMM", 2.0, 4.0, "EMM.CIRC.P2.CMD", 1),
    Response("cwp-analyser-fault", "CWP", 2.5, 3.0, "CWP.DMC.DENS.SP", 1.43),
    Response("sco2-cw-pump-trip", "SCO2", 1.5, 4.5, "SCO2.CW.P2.CMD", 1),
)
RESPONSES_B = (
    Response("emm-pump-trip", "EMM", 1.0, 2.5, "EMM.CIRC.P2.CMD", 1),
    Response("cwp-analyser-fault", "CWP", 3.0, 3.5, "CWP.DMC.DENS.SP", 1.41),
    Response("sco2-cw-pump-trip", "SCO2", 2.5, 4.0, "SCO2.CW.P2.CMD", 1),
)


@dataclass
class Done:
    """When the script really acted (POSIX seconds) and what it acknowledged."""

    upset_start: float = 0.0
    acked_at: float = 0.0
    acked: str = ""
    written_at: float = 0.0
    status: WriteStatus | None = None


@dataclass
class Run:
    info: SessionInfo
    debrief: Debrief
    done: dict[str, Done]
    extras: dict[str, float]
    session: TrainingSession


@dataclass
class Trained:
    """The two sessions, recorded and debriefed; the runtime has stopped."""

    data_dir: Path
    a: Run
    b: Run
    store: TrainingStore
    """The session store, opened again for reading after the runtime stopped."""


async def wait_for(condition: Callable[[], object], timeout: float = GENEROUS) -> None:
    await until(condition, timeout)


async def sleep_until(moment: float) -> None:
    """The scripted trainee or trainer acts at a moment of a session on a plant running in
    real time: the debrief measures exactly these moments (a script, not a wait)."""
    await asyncio.sleep(max(0.0, moment - time.time()))


class Script:
    """The trainee: waits for each upset, acknowledges an alarm of its area, writes a value."""

    def __init__(self, runtime: Runtime, session: TrainingSession) -> None:
        self.runtime = runtime
        self.session = session

    def _upset(self, scenario: str) -> UpsetState:
        return next(u for u in self.session.upsets() if u.scenario == scenario)

    async def respond(self, r: Response) -> Done:
        done = Done()
        await wait_for(lambda: self._upset(r.scenario).started is not None)
        started = self._upset(r.scenario).started
        assert started is not None
        done.upset_start = self.session.info.start + started
        alarms = self.runtime.alarms

        def raised() -> list[str]:
            return [
                a.name
                for a in alarms.active([r.area])
                if not a.acknowledged and (a.activated_at or 0.0) >= done.upset_start
            ]

        await wait_for(raised)
        await sleep_until(done.upset_start + r.ack_after)
        done.acked, done.acked_at = raised()[0], time.time()
        alarms.acknowledge(done.acked, user=TRAINEE, comment="seen")
        await sleep_until(done.upset_start + r.write_after)
        done.written_at = time.time()
        result = await self.runtime.writes.write(r.tag, r.value, user=TRAINEE, reason="training")
        done.status = result.status
        return done


async def run_session(
    runtime: Runtime,
    responses: tuple[Response, ...],
    *,
    snapshot: str | None,
    live: Callable[[TrainingSession], Awaitable[None]] | None = None,
) -> Run:
    setup = SessionSetup(TRAINEE.name, PLAN, FACTOR, snapshot, name="pump trips")
    session = await TrainingSession.start(runtime, TRAINER, setup)
    session.record_screen("overview")
    script = Script(runtime, session)
    jobs: list[Awaitable[object]] = [script.respond(r) for r in responses]
    if live is not None:
        jobs.append(live(session))
    done = await asyncio.gather(*jobs)
    session.record_screen("emm-cellhouse")
    await asyncio.sleep(1.0)  # the script: a second of the plant's answer to the last write
    assert runtime.field_server is not None
    during = runtime.field_server.server.speed
    info = await session.end()
    after = runtime.field_server.server.speed
    debrief = await debrief_session(runtime, info.id)
    by_scenario = {r.scenario: d for r, d in zip(responses, done, strict=False)}
    return Run(info, debrief, by_scenario, {"speed during": during, "speed after": after}, session)


def demo_project() -> Project:
    """The demo project with no scan slower than 1 s (quicker first values)."""
    project = load_project(DEMO_PROJECT)
    tags = {
        name: dataclasses.replace(tag, scan_period=min(tag.scan_period, 1.0))
        for name, tag in project.tags.items()
    }
    return dataclasses.replace(project, tags=tags)


async def started_runtime(data_dir: Path) -> Runtime:
    """A running Runtime on the demo project, every tag Good."""
    runtime = Runtime(demo_project(), data_dir)
    await runtime.start()
    try:
        assert runtime.field_server is not None
        names = list(runtime.project.tags)
        await wait_for(lambda: all(runtime.db.get(n).quality.is_good for n in names))
    except BaseException:
        await runtime.stop()
        raise
    return runtime


async def train(data_dir: Path) -> Trained:
    """Run sessions A (from the steady state) and B (from a snapshot); stop the runtime."""
    runtime = await started_runtime(data_dir)
    try:
        await save_snapshot(runtime, "start", TRAINER)

        async def trainer_live(session: TrainingSession) -> None:
            """Session A's extras: a refused write, a shelve and unshelve, a live upset."""
            await sleep_until(session.info.start + 3.0)
            refused = await runtime.writes.write(
                "CWP.DMC.DENS.SP", 9.9, user=TRAINEE, reason="typo"
            )
            assert refused.status is WriteStatus.REFUSED
            quiet = next(n for n in runtime.alarms.names if n.startswith("SCO2.ENCL.CO2"))
            runtime.alarms.shelve(quiet, user=TRAINEE, reason="sensor work", duration=600.0)
            session.record_screen("sco2-loop")
            runtime.alarms.unshelve(quiet, user=TRAINEE)
            await sleep_until(session.info.start + 7.0)
            await session.start_upset(LIVE)
            await asyncio.sleep(0.5)  # the script: the trainer lets the upset run half a second
            await session.stop_upset(LIVE)

        before = await runtime.writes.write("CWP.DMC.DENS.SP", 9.8, user=TRAINEE, reason="before")
        assert before.status is WriteStatus.REFUSED  # before any session: not recorded
        a = await run_session(runtime, RESPONSES_A, snapshot=None, live=trainer_live)
        b = await run_session(runtime, RESPONSES_B, snapshot="start")
    finally:
        await runtime.stop()
    return Trained(data_dir, a, b, SqliteTrainingStore.in_data_dir(data_dir))
