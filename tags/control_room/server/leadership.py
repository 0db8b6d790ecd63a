"""Which server of a pair is primary: the one whose database session holds the pair's
PostgreSQL advisory lock (tags/store/session_lock.py), on a connection of its own.

The standby tries the lock every ``POLL_S`` and meanwhile holds a second lock that says "a
standby is ready" (a primary refuses a switchover without one); a slow answer costs a
standby nothing, so its calls may take ``STANDBY_TIMEOUT_S``. The primary checks its session
every ``CHECK_S``; a check that fails, or gets no answer before ``LEASE_S`` has passed since
the last answered check was sent, ends ``hold`` with ``Lost`` at once, and the caller fences
itself (no field write, nothing published as primary, drivers stopped). A single slow
answer on a busy machine is so not taken for a lost session.

The window: PostgreSQL releases the lock as soon as the old primary's session ends, so a
standby may take it before the old primary has noticed. The old primary notices within
``LEASE_S`` of its last answered check and fences within milliseconds; so a standby that
took the lock after a failure waits ``FENCE_GRACE_S`` (longer than that bound) before it
reads the saved alarm states, connects to the field or publishes anything as primary. After
a planned handover (a ``handover`` notice before the lock was released) the old primary has
already stopped, and the standby goes on at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from tags.control_room.pair_messages import CHANNEL, Notice, NoticeKind, notice_from_json
from tags.store.postgres import StoreError
from tags.store.session_lock import CHECK_TIMEOUT, LockLost, SessionLock, lock_key
from tags.store.url import StoreUrl

log = logging.getLogger(__name__)

POLL_S = 0.2
"""Seconds between a standby's attempts at the lock."""
CHECK_S = 0.2
"""Seconds between a primary's checks of its session."""
LEASE_S = 1.0
"""Seconds from sending the primary's last answered check until it counts its lock as lost
(the first check of a primary may take CHECK_TIMEOUT)."""
MIN_CHECK_S = 0.05
"""Seconds a check may take at least (when the lease is almost over)."""
STANDBY_TIMEOUT_S = 2.0
"""Seconds a standby's calls on its session may take."""
FENCE_GRACE_S = 1.5
"""Seconds a standby that took the lock after a failure waits before acting as primary:
more than LEASE_S + MIN_CHECK_S + the old primary's fencing (measured: 5-10 ms) and the
write of its last alarm states."""
HOLD_OFF_S = 5.0
"""Seconds a server that handed over, or fenced itself, leaves the lock to the other before
it may take it back (when the other did not)."""
HANDOVER_RECENT_S = 5.0
"""A handover notice this recent makes the next takeover a planned one."""


class End(enum.Enum):
    LOST = "lost"
    SWITCHOVER = "switchover"
    STOPPED = "stopped"


@dataclass(frozen=True)
class Gained:
    """The lock was taken."""

    planned: bool
    """Handed over by the previous primary (no fence to wait for)."""
    previous: str
    """The previous primary's instance, when it said so ("" when not known)."""
    at: float
    """Monotonic time the lock was taken."""


@dataclass(frozen=True)
class Ended:
    """Why ``hold`` returned."""

    end: End
    reason: str = ""
    requested_by: str = ""


class Leadership:
    """The lock of one pair (by its group) as one server of it (``instance``) sees it."""

    def __init__(
        self, url: StoreUrl, group: str, instance: str, *, poll: float = POLL_S,
        check: float = CHECK_S, timeout: float = CHECK_TIMEOUT,
    ) -> None:  # fmt: skip
        self.group = group
        self.instance = instance
        self.key = lock_key(f"hmi-pair/{group}")
        self.ready_key = lock_key(f"hmi-pair-standby/{group}")
        self.lock = SessionLock(url, application=f"hmi server {instance}", timeout=timeout)
        self.timeout = timeout
        """How long the primary's calls on its session may take."""
        self.poll = poll
        self.check = check
        self._listening = False
        self._handover: tuple[str, float] | None = None
        """The last handover notice: from whom, when (monotonic)."""
        self._hold_off_until = 0.0
        self._failing = False

    @property
    def primary(self) -> bool:
        return self.key in self.lock.held

    async def stand_by(
        self, stop: asyncio.Event, ready: Callable[[], None] | None = None
    ) -> Gained | None:
        """Wait as the standby until the lock is ours (None when ``stop`` came first);
        ``ready()`` once this server listens for the pair's notices and holds the "a standby
        is ready" lock (a switchover may be asked from then on), or took the lock first."""
        self.lock.timeout = max(self.timeout, STANDBY_TIMEOUT_S)
        while not stop.is_set():
            try:
                gained = await self._attempt()
            except StoreError as exc:
                if not self._failing:
                    log.warning("pair: the store cannot be reached (%s); trying again", exc)
                self._failing = True
                gained = None
            if ready is not None and (gained is not None or self.ready_key in self.lock.held):
                ready()
                ready = None
            if gained is not None:
                return gained
            await _wait(stop, self.poll)
        return None

    async def _attempt(self) -> Gained | None:
        if not self._listening:
            await self.lock.listen(CHANNEL)
            self._listening = True
        if self._failing:
            log.warning("pair: the store answers again")
            self._failing = False
        await self.lock.try_take(self.ready_key)
        await self.lock.poll()
        self._take_notices()
        if time.monotonic() < self._hold_off_until:
            if not await self.lock.is_free(self.key):
                self._hold_off_until = 0.0  # the other took it: no need to hold off longer
            return None
        if not await self.lock.try_take(self.key):
            return None
        at = time.monotonic()
        self.lock.timeout = self.timeout
        await self.lock.release(self.ready_key)
        self._take_notices()
        handover = self._handover
        planned = handover is not None and at - handover[1] < HANDOVER_RECENT_S
        self._handover = None
        return Gained(planned, handover[0] if handover and planned else "", at)

    async def hold(self, stop: asyncio.Event) -> Ended:
        """As primary: check the session every ``CHECK_S`` until it is lost (``Lost``: fence
        now), a switchover is asked, or ``stop``."""
        answered: float | None = None  # when the last answered check was sent
        while not stop.is_set():
            sent = time.monotonic()
            lease = self.timeout if answered is None else answered + LEASE_S - sent
            try:
                await self.lock.check(timeout=max(MIN_CHECK_S, lease))
                answered = sent
            except LockLost as exc:
                return Ended(End.LOST, str(exc))
            except StoreError as exc:
                return Ended(End.LOST, str(exc))
            for notice in self._take_notices():
                if notice.kind is NoticeKind.SWITCHOVER:
                    return Ended(End.SWITCHOVER, requested_by=notice.instance)
            await _wait(stop, self.check)
        return Ended(End.STOPPED)

    def _take_notices(self) -> list[Notice]:
        found = []
        for text in self.lock.notifications():
            notice = notice_from_json(text)
            if notice is None or notice.group != self.group:
                continue
            if notice.kind is NoticeKind.HANDOVER and notice.instance != self.instance:
                self._handover = (notice.instance, time.monotonic())
            found.append(notice)
        return found

    async def confirm(self) -> None:
        """The lock is still ours (one check of the session); ``LockLost`` if not."""
        await self.lock.check()

    async def standby_ready(self) -> bool:
        """Another server of the pair waits as a ready standby."""
        return not await self.lock.is_free(self.ready_key)

    async def say(self, kind: NoticeKind, detail: str = "") -> None:
        """Send a notice of this server to the pair (and a waiting ``--switchover``)."""
        notice = Notice(kind, self.group, self.instance, detail)
        await self.lock.notify(CHANNEL, notice.to_json())

    async def hand_over(self) -> None:
        """Say so and give the lock up; the standby's turn (this one holds off a while)."""
        await self.say(NoticeKind.HANDOVER)
        await self.lock.release(self.key)
        self.hold_off()

    def hold_off(self, seconds: float = HOLD_OFF_S) -> None:
        """Leave the lock to the other server for ``seconds``."""
        self._hold_off_until = time.monotonic() + seconds

    async def close(self) -> None:
        """End the session (every lock released)."""
        await self.lock.close()
        self._listening = False


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
