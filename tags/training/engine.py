"""Training sessions on the simulated plant: what the console's trainer panel calls.

A trainer (Action.TRAIN: supervisor or above) starts a session on a Runtime whose project
runs the embedded field simulator::

    setup = SessionSetup(trainee="olga", time_factor=10.0, snapshot=None,  # steady state
                         plan=(PlannedUpset("emm-pump-trip", at=60.0, stop_at=600.0),))
    session = await TrainingSession.start(runtime, trainer, setup)
    session.record_screen("emm-overview")          # the console, on every screen change
    await session.start_upset("cwp-feed-change")   # the trainer, live
    await session.stop_upset("cwp-feed-change")
    info = await session.end()
    report = await debrief_session(runtime, info.id)   # tags/training/debrief.py

Starting freezes the plant, puts it in the chosen state (the steady state it starts in, or a
stored snapshot: ``save_snapshot``), waits ``settle`` seconds for the console to read the
new values, then runs it at the time factor. From then on every alarm transition and alarm
action (the alarm journal's entries), every write (the audit trail's, accepted or refused),
every screen visit and every upset start and stop goes to the session store with its time.
Plan times are session seconds on the console's clock (not plant seconds). Ending stops the
upsets the session started and gives the plant its previous time factor back; the plant
stays where it is. One session runs per Runtime at a time; while it runs, the runtime's mode
is TRAINING. Sessions and snapshots go to the runtime's training store.

The trainee's actions are those done under the trainee's user name: the trainee logs in
under that name. Plant values are not copied: the console's historian records them as
usual, and the session's time range finds them again (replay, debrief).
"""

from __future__ import annotations

import asyncio
import logging
import math
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tags.i18n.catalogue import text
from tags.replay.timeline import TimelineEvent
from tags.security.permissions import Action, User, require
from tags.shutdown import cancel_and_wait
from tags.training.plan import PlannedUpset
from tags.training.record import SessionRecorder
from tags.training.store import STEADY_STATE, SessionInfo, SnapshotInfo

if TYPE_CHECKING:
    from tags.simulation.embedded import EmbeddedFieldServer
    from tags.simulation.scenarios import ScenarioInfo
    from tags.training.debrief import Debrief
    from tags.training.host import TrainingHost

log = logging.getLogger(__name__)

_RUNNING: weakref.WeakKeyDictionary[object, TrainingSession] = weakref.WeakKeyDictionary()
"""The session running on each runtime (a console of a server runs none here)."""
_STARTING: weakref.WeakSet[TrainingHost] = weakref.WeakSet()


class TrainingError(Exception):
    """A training request that cannot be carried out; the message says why."""


@dataclass(frozen=True)
class SessionSetup:
    """What a trainer picks before starting: trainee, starting state, time factor, plan."""

    trainee: str
    plan: tuple[PlannedUpset, ...] = ()
    time_factor: float = 1.0
    snapshot: str | None = None
    """A stored snapshot's name; None starts from the steady state."""
    name: str = ""


@dataclass
class UpsetState:
    """One upset of a session, planned or started live, as the trainer panel lists it.

    Times are session seconds; ``started`` None means not started yet."""

    scenario: str
    title: str
    area: str
    source: str
    """``plan`` or ``trainer``."""
    planned_at: float | None = None
    planned_stop: float | None = None
    started: float | None = None
    stopped: float | None = None

    @property
    def active(self) -> bool:
        return self.started is not None and self.stopped is None


def running_session(runtime: object) -> TrainingSession | None:
    """The session running on this runtime, if any."""
    session = _RUNNING.get(runtime)
    return session if session is not None and not session.ended else None


def _field_server(runtime: TrainingHost) -> EmbeddedFieldServer:
    if runtime.field_server is None:
        raise TrainingError(
            "training needs the embedded field simulator ([simulator] embedded = true)"
        )
    return runtime.field_server


async def save_snapshot(runtime: TrainingHost, name: str, user: User) -> SnapshotInfo:
    """Keep the plant's present state under ``name`` (Action.TRAIN; ValueError: name taken)."""
    require(user, Action.TRAIN)
    server = _field_server(runtime)
    snapshot = await server.snapshot()
    return runtime.training_store.save_snapshot(
        name, snapshot, user=user.name, time=runtime.clock.now()
    )


async def debrief_session(runtime: TrainingHost, session: int) -> Debrief:
    """The debrief of a session from the console's own history (flushed first); the history
    is read on the historian's reader thread."""
    from tags.training.debrief import build_debrief

    historian = runtime.historian
    if historian is None:
        raise TrainingError("this console records no history: no debrief can be made")
    store = runtime.training_store
    info, records = store.session(session), store.records(session)
    await historian.flush()
    project = runtime.project
    return await historian.query(lambda history: build_debrief(project, history, info, records))


class TrainingSession:
    """A running training session; made by ``start``, finished by ``end``."""

    def __init__(
        self,
        runtime: TrainingHost,
        trainer: User,
        setup: SessionSetup,
        *,
        info: SessionInfo,
        scenarios: dict[str, ScenarioInfo],
        previous_speed: float,
    ) -> None:
        self.runtime = runtime
        self.trainer = trainer
        self.setup = setup
        self.store = runtime.training_store
        self.info = info
        self.scenarios = scenarios
        """Every scenario the trainer may start, by name."""
        self._previous_speed = previous_speed
        self._server = _field_server(runtime)
        self._upsets: list[UpsetState] = [
            UpsetState(u.scenario, scenarios[u.scenario].title, scenarios[u.scenario].area,
                       "plan", u.at, u.stop_at)
            for u in setup.plan
        ]  # fmt: skip
        self._recorder = SessionRecorder(runtime, self.store, info.id, info.trainee)
        self._plan_task: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()
        self.ended = False

    # starting ------------------------------------------------------------------------------

    @classmethod
    async def start(
        cls,
        runtime: TrainingHost,
        trainer: User,
        setup: SessionSetup,
        *,
        settle: float = 1.0,
    ) -> TrainingSession:
        """Put the plant in the starting state and start recording and the plan.

        PermissionDenied unless the trainer may train; TrainingError for a session already
        running, no field simulator, an unknown scenario or snapshot, a bad time factor.
        """
        require(trainer, Action.TRAIN)
        _field_server(runtime)
        if running_session(runtime) is not None or runtime in _STARTING:
            raise TrainingError("a training session is running already: end it first")
        if not setup.trainee.strip():
            raise TrainingError("pick a trainee (a user name)")
        factor = setup.time_factor
        if not (math.isfinite(factor) and 0.0 < factor <= 1000.0):
            raise TrainingError(f"the time factor must be above 0 and at most 1000, not {factor}")
        _STARTING.add(runtime)
        try:
            session = await cls._checked_begin(runtime, trainer, setup, settle)
        finally:
            _STARTING.discard(runtime)
        _RUNNING[runtime] = session
        runtime.training_running = True
        return session

    @classmethod
    async def _checked_begin(
        cls,
        runtime: TrainingHost,
        trainer: User,
        setup: SessionSetup,
        settle: float,
    ) -> TrainingSession:
        server = _field_server(runtime)
        scenarios = {s.name: s for s in await server.scenarios()}
        unknown = sorted({u.scenario for u in setup.plan} - scenarios.keys())
        if unknown:
            raise TrainingError(
                text(
                    "training.unknown_scenario",
                    names=", ".join(unknown),
                    known=", ".join(sorted(scenarios)),
                )
            )
        return await cls._begin(runtime, trainer, setup, scenarios, settle)

    @classmethod
    async def _begin(
        cls,
        runtime: TrainingHost,
        trainer: User,
        setup: SessionSetup,
        scenarios: dict[str, ScenarioInfo],
        settle: float,
    ) -> TrainingSession:
        server = _field_server(runtime)
        store = runtime.training_store
        try:
            snapshot = None if setup.snapshot is None else store.load_snapshot(setup.snapshot)
        except LookupError as exc:
            raise TrainingError(str(exc)) from None
        previous = server.server.speed
        await server.set_speed(0.0)
        try:
            if snapshot is None:
                await server.steady_state()
            else:
                await server.restore(snapshot)
            await asyncio.sleep(settle)
        except ValueError as exc:  # a snapshot of another plant (SnapshotMismatch)
            await server.set_speed(previous)
            raise TrainingError(str(exc)) from None
        except BaseException:
            await server.set_speed(previous)
            raise
        await server.set_speed(setup.time_factor)
        state = STEADY_STATE if setup.snapshot is None else f"snapshot {setup.snapshot}"
        info = store.create_session(
            name=setup.name, trainer=trainer.name, trainee=setup.trainee.strip(),
            project=runtime.project.name, start=runtime.clock.now(),
            time_factor=setup.time_factor, start_state=state, plan=setup.plan,
        )  # fmt: skip
        session = cls(
            runtime, trainer, setup, info=info, scenarios=scenarios, previous_speed=previous
        )
        session._recorder.start()
        session._plan_task = asyncio.create_task(session._run_plan(), name="training-plan")
        return session

    # what the console calls ----------------------------------------------------------------

    @property
    def id(self) -> int:
        return self.info.id

    def elapsed(self) -> float:
        """Session seconds so far."""
        return self.runtime.clock.now() - self.info.start

    def record_screen(self, key: str) -> None:
        """The console opened screen ``key`` (call on every screen change)."""
        if not self.ended:
            self._recorder.screen(key)

    def upsets(self) -> list[UpsetState]:
        """Planned and live upsets with their state, in start order (planned ones by plan)."""
        return sorted(
            self._upsets,
            key=lambda u: (u.started if u.started is not None else math.inf, u.planned_at or 0),
        )

    def active_upsets(self) -> list[str]:
        return [u.scenario for u in self._upsets if u.active]

    def events(self) -> list[TimelineEvent]:
        """What the session recorded so far, in time order."""
        return self.store.events(self.id)

    async def start_upset(self, scenario: str) -> UpsetState:
        """The trainer starts an upset now (TrainingError: unknown, or running already)."""
        info = self.scenarios.get(scenario)
        if info is None:
            raise TrainingError(
                text(
                    "training.unknown_scenario",
                    names=repr(scenario),
                    known=", ".join(sorted(self.scenarios)),
                )
            )
        upset = UpsetState(scenario, info.title, info.area, "trainer")
        await self._start(upset)
        self._upsets.append(upset)
        return upset

    async def stop_upset(self, scenario: str) -> UpsetState:
        """The trainer stops a running upset (TrainingError if it is not running)."""
        running = [u for u in self._upsets if u.active and u.scenario == scenario]
        if not running:
            raise TrainingError(f"{scenario} is not running")
        await self._stop(running[0], "trainer")
        return running[0]

    async def end(self) -> SessionInfo:
        """Stop the plan and the session's upsets, stop recording, restore the time factor."""
        if self.ended:
            return self.info
        task, self._plan_task = self._plan_task, None
        if task is not None:
            await cancel_and_wait(task)
        try:
            for upset in [u for u in self._upsets if u.active]:
                await self._stop(upset, "end")
            await self._server.set_speed(self._previous_speed)
        finally:
            self.ended = True
            self._recorder.stop()
            self.info = self.store.finish_session(self.id, self.runtime.clock.now())
            if _RUNNING.get(self.runtime) is self:
                del _RUNNING[self.runtime]
                self.runtime.training_running = False
        return self.info

    # upsets --------------------------------------------------------------------------------

    async def _start(self, upset: UpsetState) -> None:
        async with self._lock:
            if self.ended:
                raise TrainingError("the session has ended")
            if upset.scenario in self.active_upsets():
                raise TrainingError(f"{upset.scenario} is running already")
            await self._server.start_scenario(upset.scenario)
            now = self._record_upset(upset, "start", upset.source)
            upset.started = now - self.info.start

    async def _stop(self, upset: UpsetState, source: str) -> None:
        async with self._lock:
            if not upset.active:
                return
            await self._server.stop_scenario(upset.scenario)
            now = self._record_upset(upset, "stop", source)
            upset.stopped = now - self.info.start

    def _record_upset(self, upset: UpsetState, action: str, source: str) -> float:
        info = self.scenarios.get(upset.scenario)
        title = upset.title if info is None else info.shown_title
        return self._recorder.upset(
            upset.scenario, title, upset.area, action, source, self.trainer.name
        )

    async def _run_plan(self) -> None:
        steps: list[tuple[float, int, UpsetState]] = []
        for upset in [u for u in self._upsets if u.source == "plan"]:
            assert upset.planned_at is not None
            steps.append((upset.planned_at, 1, upset))
            if upset.planned_stop is not None:
                steps.append((upset.planned_stop, 0, upset))
        for at, is_start, upset in sorted(steps, key=lambda s: (s[0], s[1])):
            await asyncio.sleep(max(0.0, at - self.elapsed()))
            try:
                if is_start and upset.scenario in self.active_upsets():
                    log.warning("plan: %s is running already (started live)", upset.scenario)
                elif is_start:
                    await self._start(upset)
                else:
                    await self._stop(upset, "plan")
            except Exception:
                log.exception("training plan: %s of %s failed", at, upset.scenario)
