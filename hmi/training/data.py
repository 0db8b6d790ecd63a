"""What the trainer panel reads and writes besides the running session, off the GUI thread.

The training store is SQLite and its connections belong to the thread that opened them, so
every read here asks the runtime to run it on a worker thread (``Runtime.read_training``),
never on the GUI thread. Also: who can be a
trainee, the replay request of a session's time range (the console's own history) with the
session's own events for the replay bar, and the debrief PDF's file.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tags.replay.request import ReplayRequest, check_range, inspect_recording
from tags.replay.timeline import EventKind, TimelineEvent
from tags.security.users import DemoAccounts, UserAccounts
from tags.training.store import SessionInfo, SnapshotInfo, TrainingStore

if TYPE_CHECKING:
    from tags.runtime import Runtime
    from tags.training.debrief import Debrief

T = TypeVar("T")
DEBRIEF_FOLDER = "debriefs"
TIMELINE_KINDS = (EventKind.SCREEN, EventKind.UPSET)
"""The session events the replay bar gets on top of the own history's: the history has the
alarms (journal) and the trainee's acknowledgements, shelving and writes (audit trail)."""


async def read_sessions(runtime: Runtime) -> list[SessionInfo]:
    """Every stored session, newest first."""
    return await runtime.read_training(lambda store: store.sessions())


async def read_snapshots(runtime: Runtime) -> list[SnapshotInfo]:
    """The stored plant snapshots, newest first."""
    return await runtime.read_training(lambda store: store.snapshots())


async def delete_snapshot(runtime: Runtime, name: str) -> list[SnapshotInfo]:
    """Remove a stored snapshot (sessions that started from it keep its name); those left."""

    def delete(store: TrainingStore) -> list[SnapshotInfo]:
        store.delete_snapshot(name)
        return store.snapshots()

    return await runtime.read_training(delete)


async def timeline_events(runtime: Runtime, session: int) -> list[TimelineEvent]:
    """The session's screen visits and upset starts and stops as replay timeline events."""
    records = await runtime.read_training(lambda store: store.records(session, TIMELINE_KINDS))
    return [r.timeline() for r in records]


async def session_replay(runtime: Runtime, info: SessionInfo) -> ReplayRequest:
    """The console's own history over the session's time range (ReplayProblem if none)."""
    if runtime.historian is not None:
        await runtime.historian.flush()  # the session's last seconds are in the file
    end = info.end if info.end is not None else runtime.clock.now()
    label = f"training session {info.id} ({info.trainee})"
    request = ReplayRequest(runtime.history_file, info.start, end, own_history=True, label=label)
    recording = await asyncio.to_thread(inspect_recording, request.path)
    return check_range(request, recording)


def trainees(demo: DemoAccounts | None, users: UserAccounts) -> list[str]:
    """Who can be picked as trainee: the demo accounts (demo project), then the stored users."""
    names = [u.name for u in demo.users] if demo is not None else []
    names += [u.name for u in users.list() if u.name not in names]
    return names


def pdf_path(data_dir: Path, info: SessionInfo) -> Path:
    """Where a session's debrief PDF is kept: ``debriefs/`` in the data folder."""
    trainee = "".join(c if c.isalnum() or c in "-_" else "_" for c in info.trainee)
    return data_dir / DEBRIEF_FOLDER / f"debrief-session-{info.id}-{trainee}.pdf"


async def export_pdf(debrief: Debrief, path: Path) -> int:
    """Print the debrief to ``path`` on a worker thread; the number of pages."""
    from tags.training.debrief_pdf import write_pdf  # reportlab loads with the first debrief PDF

    return await asyncio.to_thread(write_pdf, debrief, path)


class Tasks:
    """The asyncio tasks of a widget, cancelled when it goes (holds no Qt object)."""

    def __init__(self) -> None:
        self.running: set[asyncio.Future[Any]] = set()

    def start(self, work: Coroutine[Any, Any, T]) -> asyncio.Future[T]:
        """Run a coroutine as a task on the console's loop; failures are the caller's to say."""
        task = asyncio.ensure_future(work)
        self.running.add(task)
        task.add_done_callback(self.running.discard)
        return task

    def cancel(self, *_: object) -> None:
        for task in list(self.running):
            task.cancel()
