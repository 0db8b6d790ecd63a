"""The trainer panel's way to the server's training engine on a console of a control room.

``RemoteTraining`` is the console's TrainingControl (tags/training/control.py): every action
of the panel is a request to the server (tags/control_room/server/training_requests.py),
which runs the session on its own field simulator, checks the trainer's role and audits the
action with the user and this workstation. The running session is the server's, followed
through its retained ``training`` state (``RemoteTrainingSession``): every console sees the
same session, its upsets and the TRAINING mode, and any trainer may end it.

The panel acts as the trainer who opened it: the requests carry that trainer's session on
the server (kept when the trainee then logs in at the same console), until the server's idle
lock ends it. A screen opened at this console is recorded in the running session only while
the session's trainee is logged in here (the trainee's own screen visits, from their
console). Debrief PDFs are printed on the server and arrive as bytes in the answer. A
session's replay plays the shared store's history (``--store``); without a store there is no
history on this console to replay.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import dataclasses
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tags.clock import Clock
from tags.console_runtime import ServerRefusal
from tags.control_room.console.remote_session import RemoteDenied
from tags.control_room.messages import Action, MessageError, Refusal
from tags.control_room.state_messages import (
    TRAINING,
    ScenarioView,
    TrainingSessionView,
    TrainingState,
    UpsetView,
    decode,
    encode,
)
from tags.replay.request import ReplayProblem, ReplayRequest
from tags.replay.timeline import TimelineEvent
from tags.security.permissions import Action as Permission
from tags.security.permissions import User
from tags.training.control import history_replay
from tags.training.debrief import Debrief
from tags.training.engine import SessionSetup, TrainingError, UpsetState
from tags.training.store import SessionInfo, SnapshotInfo

if TYPE_CHECKING:
    from tags.control_room.console.console_client import ConsoleClient
    from tags.stores import Stores

log = logging.getLogger(__name__)

T = TypeVar("T")

START_TIMEOUT = 60.0
"""Seconds a session's start may take on the server (the plant frozen, set, settled)."""
SLOW_TIMEOUT = 60.0
"""Seconds a debrief or its PDF may take (the history of the session read and judged)."""
NO_STORE = (
    "Replay: this console reads no shared store (--store URL, read-only role): there is no "
    "history here to replay"
)


class RemoteTrainingRefused(TrainingError, ServerRefusal):
    """The server did not carry out a training request; ``kind`` says why, in its words."""

    def __init__(self, kind: Refusal, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class RemoteTrainingSession:
    """The session running on the server, as its ``training`` state shows it (RunningTraining)."""

    def __init__(self, control: RemoteTraining, view: TrainingSessionView) -> None:
        self._control = control
        self._view = view
        self.ended = False
        self._last_screen = ""

    @property
    def view(self) -> TrainingSessionView:
        """The session as the server last published it (or as its last answer said)."""
        if not self.ended:
            self._control.running()  # the latest state: this session updated, or ended
        return self._view

    @property
    def id(self) -> int:
        return self._view.id

    @property
    def info(self) -> SessionInfo:
        v = self.view
        return SessionInfo(v.id, v.name, v.trainer, v.trainee, v.project, v.start, None,
                           v.time_factor, v.start_state, v.plan)  # fmt: skip

    @property
    def scenarios(self) -> dict[str, ScenarioView]:
        return {s.name: s for s in self.view.scenarios}

    def update(self, view: TrainingSessionView) -> None:
        """The server published the session again (an upset started or stopped)."""
        self._view = view

    def elapsed(self) -> float:
        """Session seconds so far (this console's clock against the server's start time)."""
        return max(0.0, self._control.clock.now() - self.view.start)

    def upsets(self) -> list[UpsetState]:
        return [
            UpsetState(u.scenario, u.title, u.area, u.source, u.planned_at, u.planned_stop,
                       u.started, u.stopped)
            for u in self.view.upsets
        ]  # fmt: skip

    def active_upsets(self) -> list[str]:
        return [u.scenario for u in self.upsets() if u.active]

    def record_screen(self, key: str) -> None:
        """Sent to the server when the session's trainee is logged in at this console."""
        if key != self._last_screen and not self.ended and self._control.record_screen(self, key):
            self._last_screen = key

    async def start_upset(self, scenario: str) -> UpsetState:
        return await self._upset(Action.TRAINING_START_UPSET, scenario)

    async def stop_upset(self, scenario: str) -> UpsetState:
        return await self._upset(Action.TRAINING_STOP_UPSET, scenario)

    async def _upset(self, action: Action, scenario: str) -> UpsetState:
        result = await self._control.ask(action, session_id=self.id, scenario=scenario)
        upset = self._control.read(UpsetState, result, "upset")
        self._take(upset)
        return upset

    def _take(self, upset: UpsetState) -> None:
        """The server's answer shown at once (its next state says the same)."""
        u = upset
        shown = UpsetView(u.scenario, u.title, u.area, u.source, u.planned_at, u.planned_stop,
                          u.started, u.stopped)  # fmt: skip
        kept = [
            u for u in self.view.upsets
            if not (u.scenario == upset.scenario and u.started in (None, upset.started)
                    and u.source == upset.source)
        ]  # fmt: skip
        upsets = tuple(sorted((*kept, shown), key=_start_order))
        self._view = dataclasses.replace(self._view, upsets=upsets)

    async def end(self) -> SessionInfo:
        """End the session on the server (its upsets stopped, its record closed)."""
        result = await self._control.ask(Action.TRAINING_END, session_id=self.id)
        self.ended = True
        return self._control.read(SessionInfo, result, "session")


class RemoteTraining:
    """Training on the control room's server, asked by this console (see the module)."""

    def __init__(self, client: ConsoleClient, stores: Stores, clock: Clock) -> None:
        self.client = client
        self.stores = stores
        self.clock = clock
        self._trainer = ""
        self._tokens: dict[str, str] = {}
        """The trainers' sessions on the server, by user name."""
        self._raw: Any = None
        self._state: TrainingState | None = None
        self._session: RemoteTrainingSession | None = None
        self._raw_seen: Any = None
        """The state the running session was last updated from (an answer may be newer)."""
        self._sending: set[asyncio.Future[None]] = set()

    # the server's state ----------------------------------------------------------------------

    def state(self) -> TrainingState | None:
        """The server's training state as last published (None before it arrives)."""
        raw = self.client.states.get(TRAINING)
        if raw is not self._raw:
            self._raw = raw
            try:
                self._state = None if raw is None else decode(TrainingState, raw, TRAINING)
            except MessageError as exc:
                log.warning("the server's training state is not readable: %s", exc)
                self._state = None
        return self._state

    def unavailable(self) -> str:
        if not self.client.server_reachable:
            return "Training: the server is unreachable"
        state = self.state()
        if state is None:
            return "Training: the server has not said yet whether it can train"
        if not state.can_train:
            return (
                "Training: the server runs no field simulator (training needs its embedded "
                "field simulator: [simulator] embedded = true)"
            )
        return ""

    def running(self) -> RemoteTrainingSession | None:
        state = self.state()
        view = None if state is None else state.session
        session = self._session
        if view is None or (session is not None and session.id != view.id):
            if session is not None:
                session.ended = True
            self._session = session = None
        if view is None:
            return None
        if session is None:
            self._session = session = RemoteTrainingSession(self, view)
        elif session._view is not view and self._raw_seen is not self._raw:
            session.update(view)
        self._raw_seen = self._raw
        return session

    # who acts --------------------------------------------------------------------------------

    def act_as(self, trainer: User) -> None:
        self._trainer = trainer.name
        self._remember()

    def _remember(self) -> None:
        remote = self.client.session
        if remote.user is not None and remote.token:
            self._tokens[remote.user.name] = remote.token

    def _token(self) -> str:
        self._remember()
        remote = self.client.session
        name = self._trainer or (remote.user.name if remote.user is not None else "")
        token = self._tokens.get(name, "")
        if not token:
            who = name or "a trainer"
            raise RemoteTrainingRefused(
                Refusal.SESSION, f"Training: log in as {who} at this console first"
            )
        return token

    async def ask(
        self, action: Action, *, timeout: float | None = None, **args: Any
    ) -> Mapping[str, Any]:
        """A training request with the trainer's session: the result, or the refusal raised
        (RemoteDenied: the role; RemoteTrainingRefused: anything else, in the server's words)."""
        token = self._token()
        answer = await self.client.requests.request(action, session=token, timeout=timeout, **args)
        if answer.ok:
            return answer.result
        kind = answer.kind or Refusal.INVALID
        if kind is Refusal.DENIED:
            raise RemoteDenied(kind, answer.error, self.client.session.user, Permission.TRAIN)
        if kind is Refusal.SESSION:
            name = next((n for n, t in self._tokens.items() if t == token), "")
            self._tokens.pop(name, None)
            raise RemoteTrainingRefused(kind, f"{answer.error} (as {name or 'the trainer'})")
        raise RemoteTrainingRefused(kind, answer.error)

    def read(self, kind: type[T], result: Mapping[str, Any], key: str) -> T:
        """``result[key]`` read as ``kind`` (RemoteTrainingRefused when not readable)."""
        try:
            if key not in result:
                raise MessageError(f"missing field '{key}'")
            return decode(kind, result[key], key)
        except MessageError as exc:
            raise RemoteTrainingRefused(
                Refusal.INVALID, f"the server's answer is not readable: {exc}"
            ) from None

    # the panel's requests --------------------------------------------------------------------

    async def trainees(self) -> list[str]:
        return list(self.read(list[str], await self.ask(Action.TRAINING_SETUP), "trainees"))

    async def scenarios(self) -> list[ScenarioView]:
        result = await self.ask(Action.TRAINING_SETUP)
        return self.read(list[ScenarioView], result, "scenarios")

    async def snapshots(self) -> list[SnapshotInfo]:
        result = await self.ask(Action.TRAINING_SETUP)
        return self.read(list[SnapshotInfo], result, "snapshots")

    async def save_snapshot(self, name: str, trainer: User) -> SnapshotInfo:
        self.act_as(trainer)
        result = await self.ask(Action.TRAINING_SAVE_SNAPSHOT, name=name)
        return self.read(SnapshotInfo, result, "snapshot")

    async def delete_snapshot(self, name: str, trainer: User) -> list[SnapshotInfo]:
        self.act_as(trainer)
        result = await self.ask(Action.TRAINING_DELETE_SNAPSHOT, name=name)
        return self.read(list[SnapshotInfo], result, "snapshots")

    async def start(self, trainer: User, setup: SessionSetup) -> RemoteTrainingSession:
        """Start a session on the server; returns once its state shows it here."""
        self.act_as(trainer)
        result = await self.ask(Action.TRAINING_START, timeout=START_TIMEOUT, setup=encode(setup))
        info = self.read(SessionInfo, result, "session")
        return await self._session_shown(info)

    async def _session_shown(self, info: SessionInfo) -> RemoteTrainingSession:
        """The running session ``info`` once the server's state has brought it (else one made
        from the answer: the state brings the rest when it comes)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.client.requests.timeout
        while loop.time() < deadline:
            session = self.running()
            if session is not None and session.id == info.id:
                return session
            await asyncio.sleep(0.05)
        view = TrainingSessionView(
            info.id, info.title, info.trainer, info.trainee, info.start, info.time_factor,
            info.start_state, (), (), info.name, info.project, info.plan,
        )  # fmt: skip
        self._session = RemoteTrainingSession(self, view)
        return self._session

    async def sessions(self) -> list[SessionInfo]:
        result = await self.ask(Action.TRAINING_SESSIONS)
        return self.read(list[SessionInfo], result, "sessions")

    async def debrief(self, session: int) -> Debrief:
        result = await self.ask(Action.TRAINING_DEBRIEF, timeout=SLOW_TIMEOUT, session_id=session)
        return self.read(Debrief, result, "debrief")

    async def debrief_pdf(self, debrief: Debrief, folder: Path) -> tuple[Path, int]:
        """The PDF the server printed, kept in ``folder`` under the server's file name."""
        result = await self.ask(
            Action.TRAINING_DEBRIEF_PDF, timeout=SLOW_TIMEOUT, session_id=debrief.session.id
        )
        try:
            name = Path(str(result["name"])).name
            data = base64.b64decode(str(result["pdf"]), validate=True)
            pages = int(result["pages"])
        except (KeyError, ValueError, binascii.Error) as exc:
            raise RemoteTrainingRefused(
                Refusal.INVALID, f"the server's PDF is not readable: {exc}"
            ) from None
        path = folder / name
        await asyncio.to_thread(_write, path, data)
        return path, pages

    async def session_replay(self, info: SessionInfo) -> ReplayRequest:
        """The shared store's history over the session (ReplayProblem without a store)."""
        if not self.stores.is_postgresql:
            raise ReplayProblem(NO_STORE)
        return await history_replay(self.stores, self.stores.history_file, info, self.clock.now())

    async def timeline_events(self, session: int) -> list[TimelineEvent]:
        result = await self.ask(Action.TRAINING_EVENTS, session_id=session)
        return self.read(list[TimelineEvent], result, "events")

    # screen visits ---------------------------------------------------------------------------

    def record_screen(self, session: RemoteTrainingSession, key: str) -> bool:
        """Send a screen visit of the session's trainee logged in here (True when sent)."""
        remote = self.client.session
        if remote.user is None or remote.user.name != session.info.trainee or not remote.token:
            return False
        try:
            future = asyncio.ensure_future(self._send_screen(remote.token, key))
        except RuntimeError:  # no event loop running: nothing can be sent
            return False
        self._sending.add(future)
        future.add_done_callback(self._sending.discard)
        return True

    async def _send_screen(self, token: str, key: str) -> None:
        answer = await self.client.requests.request(
            Action.TRAINING_SCREEN, session=token, screen=key
        )
        if not answer.ok:
            log.info("screen visit %s not recorded by the server: %s", key, answer.error)

    async def close(self) -> None:
        """Let the screen visits under way go (or cancel them)."""
        for future in list(self._sending):
            future.cancel()
        if self._sending:
            await asyncio.gather(*self._sending, return_exceptions=True)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _start_order(upset: UpsetView) -> tuple[float, float]:
    started = upset.started if upset.started is not None else float("inf")
    return started, upset.planned_at or 0.0
