"""What the trainer panel and the console's header ask of training, wherever it runs.

``TrainingControl`` is one console's way to the training engine: ``LocalTraining`` on a
console that runs the plant itself (a Runtime with the embedded field simulator), and
``tags.control_room.console.remote_training.RemoteTraining`` on a console of a control
room's server, where the server's engine runs the sessions on the server's simulator and the
console asks it by requests. ``RunningTraining`` is the session the panel follows: the
engine's own ``TrainingSession`` here, its mirror from the server's ``training`` state there.
The Qt layer has one code path for both (``runtime.training``).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from tags.replay.request import ReplayRequest, check_range, inspect_request
from tags.replay.timeline import EventKind, TimelineEvent
from tags.security.permissions import User
from tags.security.users import DemoAccounts, UserAccounts
from tags.training.engine import (
    SessionSetup,
    TrainingError,
    TrainingSession,
    UpsetState,
    debrief_session,
    running_session,
    save_snapshot,
)
from tags.training.host import TrainingConsole
from tags.training.store import SessionInfo, SnapshotInfo, TrainingStore

if TYPE_CHECKING:
    from tags.simulation.scenarios import ScenarioInfo
    from tags.stores import Stores
    from tags.training.debrief import Debrief

DEBRIEF_FOLDER = "debriefs"
TIMELINE_KINDS = (EventKind.SCREEN, EventKind.UPSET)
"""The session events the replay bar gets on top of the history's: the history has the
alarms (journal) and the trainee's acknowledgements, shelving and writes (audit trail)."""


class ScenarioFacts(Protocol):
    """What a trainer reads of a scenario (``tags.simulation.scenarios.ScenarioInfo``)."""

    @property
    def name(self) -> str: ...

    @property
    def area(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def description(self) -> str: ...

    @property
    def duration_s(self) -> float: ...

    @property
    def expected(self) -> str: ...


class RunningTraining(Protocol):
    """A running session as the panel and the header follow it (times: session seconds)."""

    @property
    def info(self) -> SessionInfo: ...

    @property
    def scenarios(self) -> Mapping[str, ScenarioFacts]:
        """Every scenario the trainer may start, by name."""
        ...

    @property
    def ended(self) -> bool: ...

    def elapsed(self) -> float: ...

    def upsets(self) -> list[UpsetState]: ...

    def active_upsets(self) -> list[str]: ...

    def record_screen(self, key: str) -> None:
        """The console opened screen ``key`` (recorded when it is the trainee's)."""
        ...

    async def start_upset(self, scenario: str) -> UpsetState: ...

    async def stop_upset(self, scenario: str) -> UpsetState: ...

    async def end(self) -> SessionInfo: ...


class TrainingControl(Protocol):
    """The training engine as one console reaches it. Refusals raise with the reason in
    words (PermissionDenied, TrainingError, LookupError, ValueError, ReplayProblem)."""

    def unavailable(self) -> str:
        """Why no session can be run from this console now ("" when one can)."""
        ...

    def running(self) -> RunningTraining | None:
        """The session running now, if any."""
        ...

    def act_as(self, trainer: User) -> None:
        """The trainer the panel acts for from now on (whoever opened it last)."""
        ...

    async def trainees(self) -> list[str]:
        """Who can be picked as trainee (user names)."""
        ...

    async def scenarios(self) -> Sequence[ScenarioFacts]: ...

    async def snapshots(self) -> list[SnapshotInfo]:
        """The stored plant snapshots, newest first."""
        ...

    async def save_snapshot(self, name: str, trainer: User) -> SnapshotInfo: ...

    async def delete_snapshot(self, name: str, trainer: User) -> list[SnapshotInfo]:
        """Remove a snapshot (sessions that started from it keep its name); those left."""
        ...

    async def start(self, trainer: User, setup: SessionSetup) -> RunningTraining: ...

    async def sessions(self) -> list[SessionInfo]:
        """Every stored session, newest first."""
        ...

    async def debrief(self, session: int) -> Debrief: ...

    async def debrief_pdf(self, debrief: Debrief, folder: Path) -> tuple[Path, int]:
        """The debrief printed to a PDF in ``folder``: the file and its number of pages."""
        ...

    async def session_replay(self, info: SessionInfo) -> ReplayRequest:
        """The history over the session's time range (ReplayProblem if there is none)."""
        ...

    async def timeline_events(self, session: int) -> list[TimelineEvent]:
        """The session's screen visits and upset starts and stops, for the replay bar."""
        ...


def pdf_name(info: SessionInfo) -> str:
    """The file name of a session's debrief PDF."""
    trainee = "".join(c if c.isalnum() or c in "-_" else "_" for c in info.trainee)
    return f"debrief-session-{info.id}-{trainee}.pdf"


async def export_pdf(debrief: Debrief, path: Path) -> int:
    """Print the debrief to ``path`` on a worker thread; the number of pages."""
    from tags.training.debrief_pdf import write_pdf  # reportlab loads with the first PDF

    return await asyncio.to_thread(write_pdf, debrief, path)


def trainees(demo: DemoAccounts | None, users: UserAccounts) -> list[str]:
    """Who can be picked as trainee: the demo accounts (demo project), then the stored users."""
    names = [u.name for u in demo.users] if demo is not None else []
    names += [u.name for u in users.list() if u.name not in names]
    return names


class LocalTraining:
    """Training on this console's own runtime and its embedded field simulator. Reads of the
    training store run on a worker thread (``Runtime.read_training``), never on the GUI's."""

    def __init__(self, runtime: TrainingConsole) -> None:
        self.runtime = runtime

    def unavailable(self) -> str:
        if self.runtime.field_server is None:
            return "Training needs the embedded field simulator ([simulator] embedded = true)"
        return ""

    def running(self) -> TrainingSession | None:
        return running_session(self.runtime)

    def act_as(self, trainer: User) -> None:
        """Nothing to do: every engine call here names the trainer itself."""

    async def trainees(self) -> list[str]:
        return trainees(self.runtime.demo_accounts, self.runtime.users)

    async def scenarios(self) -> list[ScenarioInfo]:
        server = self.runtime.field_server
        if server is None:
            raise TrainingError(self.unavailable())
        return await server.scenarios()

    async def snapshots(self) -> list[SnapshotInfo]:
        return await self.runtime.read_training(lambda store: store.snapshots())

    async def save_snapshot(self, name: str, trainer: User) -> SnapshotInfo:
        return await save_snapshot(self.runtime, name, trainer)

    async def delete_snapshot(self, name: str, trainer: User) -> list[SnapshotInfo]:
        def delete(store: TrainingStore) -> list[SnapshotInfo]:
            store.delete_snapshot(name)
            return store.snapshots()

        return await self.runtime.read_training(delete)

    async def start(self, trainer: User, setup: SessionSetup) -> TrainingSession:
        return await TrainingSession.start(self.runtime, trainer, setup)

    async def sessions(self) -> list[SessionInfo]:
        return await self.runtime.read_training(lambda store: store.sessions())

    async def debrief(self, session: int) -> Debrief:
        return await debrief_session(self.runtime, session)

    async def debrief_pdf(self, debrief: Debrief, folder: Path) -> tuple[Path, int]:
        path = folder / pdf_name(debrief.session)
        return path, await export_pdf(debrief, path)

    async def session_replay(self, info: SessionInfo) -> ReplayRequest:
        """The console's own history (its file, or the shared store's) over the session."""
        runtime = self.runtime
        if runtime.historian is not None:
            with contextlib.suppress(Exception):  # the store away: replay what is there
                await runtime.historian.flush()  # the session's last seconds are in it
        return await history_replay(runtime.stores, runtime.history_file, info, runtime.clock.now())

    async def timeline_events(self, session: int) -> list[TimelineEvent]:
        records = await self.runtime.read_training(
            lambda store: store.records(session, TIMELINE_KINDS)
        )
        return [r.timeline() for r in records]


async def history_replay(
    stores: Stores, history_file: Path, info: SessionInfo, now: float
) -> ReplayRequest:
    """The own history (the data folder's file, or the shared store's) over a session's time
    range, checked (ReplayProblem: nothing recorded then)."""
    end = info.end if info.end is not None else now
    label = f"training session {info.id} ({info.trainee})"
    request = ReplayRequest(history_file, info.start, end, own_history=True, label=label)
    shared = stores.history if stores.is_postgresql else None
    recording = await asyncio.to_thread(inspect_request, request, shared)
    return check_range(request, recording)
