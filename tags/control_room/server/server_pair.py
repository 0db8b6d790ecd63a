"""One server of a redundant pair on the shared store: primary or warm standby, failover in
seconds, no split brain.

Two ``python main.py server`` processes with the same project, broker and PostgreSQL store
form a pair; whichever holds the pair's advisory lock is primary (``leadership.py``). Both
are the same Sparkplug edge node (the node id is the pair's), and only the primary connects
as the node, with its will; the retained ``hmi/<group>/server`` says which server serves
(instance, host, since), and each server publishes its own place in the pair
(``pair_status.py``).

The standby is warm: the project is loaded, its stores are open and the saved alarm states
read, but nothing runs (no driver, no historian, no alarm evaluation, nothing published as
the node); it follows the primary's Sparkplug data (``history_tail.py``). At its takeover it
first records the takeover in the audit trail and confirms its lock (so a server that led
is always on record); after a failure it then waits out the fence window (the old primary,
if alive, has stopped and saved its alarm states by then; the field is not touched
meanwhile), unless no other server ever took the lead (nobody to fence). Then it takes up
the alarm states the old primary saved (acknowledged, shelved with expiry, out of service,
latched: an acknowledged alarm is not annunciated again, one that arose in the gap is
annunciated once at the first scan), waits for the old primary's history writer to let go,
starts the runtime (the historian first writes what the old primary published and never
stored, then marks the gap, so no trend draws a line across it) and waits for its first
values, records an ``unconfirmed`` outcome for every write the old primary left without one
(the chain goes on), and only then serves the consoles.

A primary that loses its lock's session fences itself at once: writes refused, the
Sparkplug node and the consoles' connection closed (death and offline status), requests cut,
drivers stopped; then it builds a fresh warm runtime and stands by. A planned switchover
(``server --switchover``) hands over without a gap: writes refused, requests finished, the
connections closed without a death (the consoles keep the values until the successor's
births), the runtime stopped (history and journal flushed), then the lock given up.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import socket
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from tags.alarms.journal import SavedAlarm
from tags.clock import SystemClock
from tags.config.project import Project
from tags.control_room.broker import BrokerUrl
from tags.control_room.pair_messages import NoticeKind, PairMember, ServerRole, Takeover
from tags.control_room.server.history_tail import HistoryTail
from tags.control_room.server.leadership import FENCE_GRACE_S, End, Gained, Leadership
from tags.control_room.server.pair_status import PairAnnouncer
from tags.control_room.server.server import ControlRoomServer
from tags.control_room.server.takeover import (
    only_ours,
    recent_takeovers,
    record_takeover,
    settle_open_writes,
)
from tags.control_room.topics import Topics
from tags.history.pg_store import HISTORY_LOCK
from tags.model import Quality
from tags.runtime import Runtime
from tags.security.audit_store import AUDIT_ERRORS
from tags.shutdown import StopRequest
from tags.store.errors import STORE_ERRORS
from tags.store.roles import StoreAccessError
from tags.store.url import StoreUrl

log = logging.getLogger(__name__)

WARM_ERRORS: tuple[type[Exception], ...] = (*STORE_ERRORS, OSError)
"""What building a standby may meet while the store is away."""
FIRST_DATA_S = 3.0
"""Seconds a new primary waits at most for its drivers' first values before its births."""
HISTORY_WAIT_S = 5.0
"""Seconds a new primary waits at most for the old one's history writer to let go."""
RETRY_S = 2.0
"""Seconds before a standby that could not be built (the store away) is tried again."""
FENCED = "this server is no longer the primary ({why}): it writes nothing to the field"
HANDING_OVER = "switchover to the standby server under way: write again on the new primary"


class PairedServer:
    """One member of a pair (see the module docstring); ``run`` until ``stop``."""

    def __init__(
        self, project: Project, data_dir: Path, broker: BrokerUrl, topics: Topics, *,
        store: StoreUrl, instance: str, out: TextIO | None = None,
        fence_grace: float = FENCE_GRACE_S,
    ) -> None:  # fmt: skip
        self.project = project
        self.data_dir = data_dir
        self.broker = broker
        self.topics = topics
        self.store = store
        self.instance = instance
        self.out = out
        self.fence_grace = fence_grace
        self.clock = SystemClock()
        self.host = socket.gethostname()
        self.leadership = Leadership(store, topics.group, instance)
        self.member = PairMember(instance, self.host, ServerRole.STANDBY, self.clock.now(),
                                 "starting")  # fmt: skip
        self.announcer = PairAnnouncer(broker, topics, self.member)
        self.tail = HistoryTail(broker, topics, list(project.tags.values()), instance)
        self.runtime: Runtime | None = None
        self.server: ControlRoomServer | None = None
        self.fence_seconds: float | None = None
        """How long the last fencing took (lock lost -> nothing published, drivers off)."""
        self._takeovers: set[int] = set()
        """The audit seqs of this process's takeovers."""
        self._saved_states = 0

    # the life of a pair member ---------------------------------------------------------------

    async def run(self, stop: StopRequest) -> int:
        self.announcer.start()
        try:
            while not stop.is_set():
                runtime = await self._warm(stop)
                if runtime is None:
                    break
                self.runtime = runtime
                try:
                    await self._round(runtime, stop)
                finally:
                    await self._stop_runtime()
        finally:
            await self.leadership.close()
            await self.announcer.stop()
        return 0

    async def _round(self, runtime: Runtime, stop: StopRequest) -> None:
        """Stand by, take over, serve until the lock is lost, handed over or stopped."""
        self._role(ServerRole.STANDBY, "waiting for the primary")
        self.tail.start(runtime.alarms.names)
        try:
            gained = await self.leadership.stand_by(stop, self._ready)
        finally:
            tail = await self.tail.stop()
        if gained is None:
            return
        if runtime.historian is not None:  # what the old primary held in memory
            runtime.historian.carry_over(tail.records(), tail.heard_until)
        try:
            server = await self._take_over(runtime, gained, self.tail.alarms.states)
        except Exception as exc:
            log.exception("pair: the takeover failed; giving the leadership up")
            await self._fence(f"the takeover failed: {exc}")
            return
        while True:
            ended = await self.leadership.hold(stop)
            if ended.end is End.STOPPED:
                await server.stop()
                self.server = None
                return
            if ended.end is End.LOST:
                await self._fence(ended.reason)
                return
            try:
                ready = await self.leadership.standby_ready()
                if ready:
                    self._say("switchover asked: handing over")
                else:
                    log.warning("pair: switchover asked, refused: no standby is ready")
                    await self.leadership.say(NoticeKind.REFUSED, "no standby is ready")
            except STORE_ERRORS as exc:  # the session, and with it the lock, is gone
                await self._fence(str(exc))
                return
            if ready:
                await self._hand_over(runtime, server)
                return

    async def _warm(self, stop: StopRequest) -> Runtime | None:
        """A runtime built and its alarm states read, not started (None: stopped first)."""
        while not stop.is_set():
            try:
                runtime = Runtime(
                    self.project, self.data_dir, analytics=True, store=self.store,
                    alarm_states=False,
                )  # fmt: skip
            except StoreAccessError:
                raise  # the role may never run a server: waiting would not help
            except WARM_ERRORS as exc:
                log.warning("pair: the standby cannot be made ready (%s); trying again", exc)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), RETRY_S)
                continue
            try:
                self._saved_states = len(runtime.alarm_journal.load_states())
            except STORE_ERRORS as exc:
                self._saved_states = 0
                log.warning("pair: the saved alarm states cannot be read yet: %s", exc)
            return runtime
        return None

    def _ready(self) -> None:
        self._say(f"standby: ready ({len(self.project.tags)} tags, {self._saved_states} saved "
                  "alarm states); waiting for the primary")  # fmt: skip

    async def _take_over(
        self, runtime: Runtime, gained: Gained, seen: Mapping[str, SavedAlarm]
    ) -> ControlRoomServer:
        """Primary from the lock taken (``seen``: the old primary's published alarm states)."""
        how = "switchover" if gained.planned else "failover"
        log.warning("pair: %s: this server takes over", how)
        steps = Steps()
        alone = only_ours(runtime.audit, self._takeovers)  # before this takeover's record
        taken = record_takeover(runtime.audit, self.instance, planned=gained.planned,
                                previous=gained.previous)  # fmt: skip
        self._takeovers.add(taken.seq)
        await self.leadership.confirm()  # the record is there for any later member to see
        steps.done("recorded")
        if not gained.planned and not alone:  # the old primary has fenced itself by then
            await asyncio.sleep(max(0.0, gained.at + self.fence_grace - time.monotonic()))
            steps.done("fence window")
            await self.leadership.confirm()  # still the primary before acting as one
        elif alone:
            steps.done("no fence window (no other server ever led)")
        runtime.alarms.restore_states(seen)
        steps.done("alarm states")
        await self._history_free()
        steps.done("history free")
        if runtime.historian is not None:
            runtime.historian.mark_gaps = not gained.planned
        await runtime.start()
        steps.done("start")
        await _first_data(runtime)  # the births carry values, not "waiting for first data"
        steps.done("first values")
        settle_open_writes(runtime.audit, self.instance)
        seconds = time.monotonic() - gained.at
        server = ControlRoomServer(runtime, self.broker, self.topics, instance=self.instance)
        serving = self.announcer.serving
        if serving is not None:
            server.publisher.continue_after(serving.bd_seq)
        server.start()
        self.server = server
        try:
            takeovers = recent_takeovers(runtime.audit)
        except AUDIT_ERRORS as exc:
            log.warning("pair: the takeovers cannot be read: %s", exc)
            takeovers = ()
        self._role(ServerRole.PRIMARY, how, takeovers)
        self._say(f"primary ({how}{f' from {gained.previous}' if gained.previous else ''}, "
                  f"{seconds:.1f} s after taking the lock: {steps})")  # fmt: skip
        try:
            await self.leadership.say(NoticeKind.PRIMARY, how)
        except STORE_ERRORS as exc:
            log.warning("pair: the pair could not be told: %s", exc)
        return server

    async def _history_free(self) -> None:
        """Wait (a while) until no other process records the shared history."""
        deadline = time.monotonic() + HISTORY_WAIT_S
        while time.monotonic() < deadline:
            try:
                if await self.leadership.lock.is_free(HISTORY_LOCK):
                    return
            except STORE_ERRORS:
                return
            await asyncio.sleep(0.05)
        log.error("pair: the history is still recorded by another process after %.0f s",
                  HISTORY_WAIT_S)  # fmt: skip

    # leaving the lead ------------------------------------------------------------------------

    async def _fence(self, why: str) -> None:
        """Stop acting at once: no writes, nothing published as primary, drivers stopped;
        the session (and the lock) is ended too."""
        started = time.monotonic()
        runtime, server = self.runtime, self.server
        if runtime is not None:
            runtime.writes.blocked = FENCED.format(why=why)
        if server is not None:
            await server.stop(grace=0)
            self.server = None
        self.fence_seconds = time.monotonic() - started
        await self.leadership.close()
        self.leadership.hold_off()  # the standby's turn: this server's store link failed
        self._role(ServerRole.FENCED, why)
        self._say(f"fenced in {self.fence_seconds * 1000:.0f} ms (writes refused, nothing "
                  f"published): {why}")  # fmt: skip
        await self._stop_runtime()  # the drivers first; the stores are closed last

    async def _hand_over(self, runtime: Runtime, server: ControlRoomServer) -> None:
        """A planned switchover: finish, stop without a death, then give the lock up."""
        runtime.writes.blocked = HANDING_OVER
        steps = Steps()
        await server.stop(farewell=False)
        self.server = None
        steps.done("consoles' connection closed")
        await self._stop_runtime()  # the history and the journal written, the history let go
        steps.done("runtime stopped")
        try:
            await self.leadership.hand_over()
        except STORE_ERRORS as exc:  # the lock went with the session: a takeover as failover
            await self.leadership.close()
            self.leadership.hold_off()
            self._role(ServerRole.STANDBY, "handed over (no notice)")
            self._say(f"switchover: the store failed at the handover ({exc}); the standby "
                      "takes over after its fence window")  # fmt: skip
            return
        self._role(ServerRole.STANDBY, "handed over")
        self._say(f"switchover: handed over to the standby ({steps})")

    async def _stop_runtime(self) -> None:
        runtime, self.runtime = self.runtime, None
        if runtime is not None:
            await runtime.stop()

    # saying so ---------------------------------------------------------------------------------

    def _role(self, role: ServerRole, detail: str, takeovers: tuple[Takeover, ...] = ()) -> None:
        changed = role is not self.member.role or bool(takeovers)
        since = self.clock.now() if changed else self.member.since
        self.member = dataclasses.replace(
            self.member, role=role, since=since, detail=detail,
            takeovers=takeovers or self.member.takeovers,
        )  # fmt: skip
        self.announcer.update(self.member)

    def _say(self, text: str) -> None:
        log.info("pair: %s", text)
        if self.out is not None:
            print(f"server {self.instance}: {text}", file=self.out, flush=True)


class Steps:
    """How long each step of a takeover took (for its log line)."""

    def __init__(self) -> None:
        self._last = time.monotonic()
        self._taken: list[str] = []

    def done(self, step: str) -> None:
        now = time.monotonic()
        self._taken.append(f"{step} {now - self._last:.2f} s")
        self._last = now

    def __str__(self) -> str:
        return ", ".join(self._taken)


async def _first_data(runtime: Runtime) -> None:
    """Wait (``FIRST_DATA_S`` at most) until every tag has had its first read."""
    deadline = time.monotonic() + FIRST_DATA_S
    while time.monotonic() < deadline:
        waiting = Quality.BAD_WAITING_FOR_INITIAL_DATA
        if all(s.quality is not waiting for s in runtime.db.snapshot().values()):
            return
        await asyncio.sleep(0.05)
