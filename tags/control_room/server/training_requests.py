"""The trainer panel's requests, carried out by the server's training engine on the server's
embedded field simulator (tags/training/engine.py): set-up lists, snapshots, a session's
start and end, upsets started and stopped live, the stored sessions, a debrief, its PDF and
its timeline, and the trainee's screen visits.

The same checks as on a standalone console: every request but a screen visit needs a user
allowed Action.TRAIN (supervisor and above); a screen visit is recorded only from the
running session's trainee. What changes the plant or the store (snapshots, start, upsets,
end) goes to the audit trail with the user and the workstation, refused or not, and is not
carried out while the audit trail cannot take its record. The session's progress reaches
every console through the ``training`` state (state_feed.py).

Debrief PDFs are printed here (the server keeps a copy in its data folder's ``debriefs/``)
and travel to the console as base64 in the answer: one way whether or not the console reads
the shared store.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from tags.control_room.messages import Action, Answer, MessageError, Refusal, need, optional
from tags.control_room.server.sessions import Session
from tags.control_room.state_messages import decode, encode
from tags.security.audit_store import AUDIT_ERRORS
from tags.security.permissions import Action as Permission
from tags.security.permissions import PermissionDenied, require
from tags.training.control import (
    DEBRIEF_FOLDER,
    TIMELINE_KINDS,
    export_pdf,
    pdf_name,
    trainees,
)
from tags.training.engine import (
    SessionSetup,
    TrainingError,
    TrainingSession,
    debrief_session,
    running_session,
    save_snapshot,
)
from tags.training.store import TrainingStore

if TYPE_CHECKING:
    from tags.runtime import Runtime

log = logging.getLogger(__name__)

TRAINING_ACTIONS = frozenset(a for a in Action if a.value.startswith("training_"))
"""The requests this module answers."""
CHANGES = frozenset(
    {
        Action.TRAINING_SAVE_SNAPSHOT, Action.TRAINING_DELETE_SNAPSHOT, Action.TRAINING_START,
        Action.TRAINING_START_UPSET, Action.TRAINING_STOP_UPSET, Action.TRAINING_END,
    }
)  # fmt: skip
"""The requests that change the plant or the store: audited."""
MAX_PDF_BYTES = 16 * 1024 * 1024
"""A debrief PDF larger than this is kept on the server only (an answer is one message)."""


class Refused(Exception):
    """A training request the server will not carry out: its kind and its words."""

    def __init__(self, kind: Refusal, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class TrainingRequests:
    """Answers the ``training_*`` requests of one server (see the module's docstring)."""

    def __init__(self, runtime: Runtime, *, audit_away: Callable[[], str | None]) -> None:
        """``audit_away``: why the audit trail cannot take a record now, or None."""
        self.runtime = runtime
        self.audit_away = audit_away

    async def answer(self, action: Action, session: Session, args: Mapping[str, Any]) -> Answer:
        """The answer to one training request of a live session."""
        if action is Action.TRAINING_SCREEN:
            return self._screen(session, args)
        subject = _subject(action, args)
        if action in CHANGES:
            away = self.audit_away()
            if away is not None:  # nothing changes without its record
                return Answer.refused(Refusal.UNAVAILABLE, away)
        try:
            require(session.user, Permission.TRAIN)
            result = await self._carry_out(action, session, args)
        except MessageError:
            raise
        except PermissionDenied as exc:
            self._audit(action, session, subject, f"denied: {exc}")
            return Answer.refused(Refusal.DENIED, str(exc))
        except Refused as exc:
            self._audit(action, session, subject, f"refused: {exc}")
            return Answer.refused(exc.kind, str(exc))
        except (TrainingError, LookupError, ValueError) as exc:  # in the engine's words
            self._audit(action, session, subject, f"refused: {_words(exc)}")
            return Answer.refused(Refusal.REFUSED, _words(exc))
        detail = result.pop("audit", "")
        self._audit(action, session, subject, "ok", str(detail))
        return Answer.done(**result)

    # carrying out --------------------------------------------------------------------------

    async def _carry_out(
        self, action: Action, session: Session, args: Mapping[str, Any]
    ) -> dict[str, Any]:
        runtime, user = self.runtime, session.user
        if action is Action.TRAINING_SETUP:
            return await self._setup()
        if action is Action.TRAINING_SAVE_SNAPSHOT:
            shot = await save_snapshot(runtime, need(args, "name", str), user)
            return {"snapshot": encode(shot), "audit": f"snapshot {shot.name}"}
        if action is Action.TRAINING_DELETE_SNAPSHOT:
            left = await runtime.read_training(_delete(need(args, "name", str)))
            return {"snapshots": encode(left)}
        if action is Action.TRAINING_START:
            return await self._start(session, args)
        if action in (Action.TRAINING_START_UPSET, Action.TRAINING_STOP_UPSET):
            return await self._upset(action, args)
        if action is Action.TRAINING_END:
            return await self._end(args)
        if action is Action.TRAINING_SESSIONS:
            return {"sessions": encode(await runtime.read_training(lambda s: s.sessions()))}
        if action is Action.TRAINING_DEBRIEF:
            return {"debrief": encode(await debrief_session(runtime, _session_id(args)))}
        if action is Action.TRAINING_DEBRIEF_PDF:
            return await self._pdf(_session_id(args))
        if action is Action.TRAINING_EVENTS:
            number = _session_id(args)
            records = await runtime.read_training(
                lambda store: store.records(number, TIMELINE_KINDS)
            )
            return {"events": encode([r.timeline() for r in records])}
        raise MessageError(f"the server does not handle '{action.value}'")

    async def _setup(self) -> dict[str, Any]:
        runtime = self.runtime
        server = runtime.field_server
        if server is None:
            raise Refused(Refusal.UNAVAILABLE, runtime.training.unavailable())
        scenarios = await server.scenarios()
        snapshots = await runtime.read_training(lambda store: store.snapshots())
        names = trainees(runtime.demo_accounts, runtime.users)
        return {"scenarios": encode(scenarios), "snapshots": encode(snapshots), "trainees": names}

    async def _start(self, session: Session, args: Mapping[str, Any]) -> dict[str, Any]:
        setup = decode(SessionSetup, need(args, "setup", dict), "setup")
        started = await TrainingSession.start(self.runtime, session.user, setup)
        info = started.info
        return {
            "session": encode(info),
            "audit": f"session {info.id} ({info.title}) for {info.trainee}, time factor "
            f"{info.time_factor:g}, from {info.start_state}; plan: {info.plan_text}",
        }

    async def _end(self, args: Mapping[str, Any]) -> dict[str, Any]:
        info = await self._running(args).end()
        seconds = (info.end or info.start) - info.start
        audit = f"session {info.id} ({info.title}) ended after {seconds:.0f} s"
        return {"session": encode(info), "audit": audit}

    async def _upset(self, action: Action, args: Mapping[str, Any]) -> dict[str, Any]:
        running = self._running(args)
        scenario = need(args, "scenario", str)
        if action is Action.TRAINING_START_UPSET:
            upset = await running.start_upset(scenario)
            when = f"started at {upset.started or 0.0:.0f} s"
        else:
            upset = await running.stop_upset(scenario)
            when = f"stopped at {upset.stopped or 0.0:.0f} s"
        return {"upset": encode(upset), "audit": f"session {running.id}: {upset.title} {when}"}

    async def _pdf(self, number: int) -> dict[str, Any]:
        debrief = await debrief_session(self.runtime, number)
        name = pdf_name(debrief.session)
        path = self.runtime.data_dir / DEBRIEF_FOLDER / name
        pages = await export_pdf(debrief, path)
        data = path.read_bytes()
        if len(data) > MAX_PDF_BYTES:
            raise Refused(
                Refusal.REFUSED,
                f"the PDF is {len(data) / 1e6:.1f} MB, above the {MAX_PDF_BYTES / 1e6:.0f} MB "
                f"an answer carries: it is on the server as {path}",
            )
        return {"pdf": base64.b64encode(data).decode("ascii"), "name": name, "pages": pages}

    def _running(self, args: Mapping[str, Any]) -> TrainingSession:
        """The running session, which must be the one the request names (if it names one)."""
        running = running_session(self.runtime)
        if running is None:
            raise Refused(Refusal.REFUSED, "no training session runs on the server")
        number = optional(args, "session_id", int, None)
        if number is not None and number != running.id:
            raise Refused(
                Refusal.REFUSED, f"session {number} has ended: session {running.id} runs now"
            )
        return running

    # screen visits ---------------------------------------------------------------------------

    def _screen(self, session: Session, args: Mapping[str, Any]) -> Answer:
        screen = need(args, "screen", str)
        running = running_session(self.runtime)
        if running is None:
            return Answer.refused(Refusal.REFUSED, "no training session runs on the server")
        if session.user.name != running.info.trainee:
            return Answer.refused(
                Refusal.DENIED,
                f"only the trainee's screen visits are recorded ({running.info.trainee}, not "
                f"{session.user.name})",
            )
        running.record_screen(screen)
        return Answer.done()

    # the audit trail -------------------------------------------------------------------------

    def _audit(
        self, action: Action, session: Session, subject: str, result: str, detail: str = ""
    ) -> None:
        if action not in CHANGES:
            return
        try:
            self.runtime.audit.append(
                action.value, user=session.user, workstation=session.workstation,
                tag=subject, result=result, detail=detail,
            )  # fmt: skip
        except AUDIT_ERRORS:
            log.exception("%s of %s could not be recorded", action.value, subject)


def _delete(name: str) -> Callable[[TrainingStore], Any]:
    def delete(store: TrainingStore) -> Any:
        store.delete_snapshot(name)
        return store.snapshots()

    return delete


def _session_id(args: Mapping[str, Any]) -> int:
    return need(args, "session_id", int)  # type: ignore[no-any-return]


def _subject(action: Action, args: Mapping[str, Any]) -> str:
    """What a request is about, for the audit trail (read leniently: a malformed request
    fails later with the reason)."""
    if action is Action.TRAINING_START:
        setup = args.get("setup")
        trainee = setup.get("trainee") if isinstance(setup, dict) else None
        return trainee if isinstance(trainee, str) else ""
    for key in ("scenario", "name", "session_id"):
        value = args.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool):
            return str(value)
    return ""


def _words(exc: Exception) -> str:
    """An exception's message (a KeyError's without its quotes)."""
    return str(exc).strip("'\"") if isinstance(exc, KeyError) else str(exc)
