"""A PostgreSQL session-level advisory lock on a connection of its own (never the pool's):
the leadership of a redundant server pair (tags/control_room/server/leadership.py).

The lock lives exactly as long as the database session that took it: when the holder's
process dies, or its connection is cut (``pg_terminate_backend``, a network failure the
server notices), PostgreSQL releases it and another session may take it. The holder learns
of its own loss by ``check``, a cheap query under a short timeout: any failure (a closed
connection, an error, no answer in ``timeout`` seconds) raises ``LockLost``, and the caller
must stop acting at once (fencing). The connection has TCP keepalives and a user timeout,
so a dead network is noticed within seconds even without a query.

The connection also listens on one notification channel (``listen``): a planned switchover
is asked and answered through it (``notify``), and what arrived is taken by
``notifications``.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from typing import Any

import psycopg

from tags.store.postgres import SCHEMA, StoreError, StoreUnavailable
from tags.store.url import StoreUrl

log = logging.getLogger(__name__)

CHECK_TIMEOUT = 0.5
"""Seconds a check (or any call on the lock's connection) may take before the lock counts as
lost."""
CONNECT_TIMEOUT = 2
"""Seconds to connect (libpq counts whole seconds)."""


class LockLost(StoreError):
    """The session that held the lock is gone (or does not answer): another may hold it now."""


def lock_key(name: str) -> int:
    """A stable 64-bit advisory lock key for ``name`` (PostgreSQL's bigint)."""
    digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class SessionLock:
    """Advisory locks held by one dedicated session of the store's database."""

    def __init__(
        self, url: StoreUrl, *, application: str = "", timeout: float = CHECK_TIMEOUT
    ) -> None:
        """``application``: the session's ``application_name`` (seen in pg_stat_activity)."""
        self.url = url
        self.application = application[:63]
        self.timeout = timeout
        self.held: set[int] = set()
        """The keys this session holds."""
        self.backend_pid: int | None = None
        """The server process of the session (None while not connected)."""
        self._conn: psycopg.AsyncConnection[Any] | None = None
        self._channel: str | None = None
        self._notes: list[str] = []

    @property
    def connected(self) -> bool:
        return self._conn is not None and not self._conn.closed

    async def _connection(self) -> psycopg.AsyncConnection[Any]:
        if self._conn is not None and not self._conn.closed:
            return self._conn
        self.held.clear()
        kwargs: dict[str, Any] = dict(self.url.connect_kwargs())
        timeout_ms = max(100, round(self.timeout * 1000))
        kwargs.update(
            connect_timeout=CONNECT_TIMEOUT, autocommit=True, keepalives=1,
            keepalives_idle=1, keepalives_interval=1, keepalives_count=2,
            tcp_user_timeout=2000, application_name=self.application or "hmi session lock",
            options=f"-c search_path={SCHEMA},public -c statement_timeout={timeout_ms}",
        )  # fmt: skip
        try:
            conn = await asyncio.wait_for(
                psycopg.AsyncConnection.connect(**kwargs), CONNECT_TIMEOUT + 1
            )
        except (psycopg.Error, TimeoutError, OSError) as exc:
            raise StoreUnavailable(f"{self.url}: {_first_line(exc)}") from exc
        conn.add_notify_handler(lambda note: self._notes.append(note.payload))
        self._conn = conn
        cur = await conn.execute("SELECT pg_backend_pid()")
        row = await cur.fetchone()
        self.backend_pid = int(row[0]) if row else None
        if self._channel is not None:
            await conn.execute(f'LISTEN "{self._channel}"')
        return conn

    async def _call(
        self, sql: str, params: tuple[Any, ...] = (), timeout: float | None = None
    ) -> Any:
        """One statement on the lock's session and its first value; LockLost when the
        session (with every lock it held) is gone or does not answer in ``timeout`` (default:
        the lock's)."""
        had = set(self.held)
        limit = self.timeout if timeout is None else timeout
        try:
            conn = await self._connection()
            cur = await asyncio.wait_for(conn.execute(sql, params), limit)
            row = await cur.fetchone()
        except (psycopg.Error, TimeoutError, OSError, StoreUnavailable) as exc:
            await self._drop()
            why = _first_line(exc) or "no answer"
            if isinstance(exc, TimeoutError):
                why = f"no answer in {limit:.2g} s"
            if had:
                raise LockLost(f"{self.url}: the lock's session is gone ({why})") from exc
            raise StoreUnavailable(f"{self.url}: {why}") from exc
        return None if row is None else row[0]

    async def try_take(self, key: int) -> bool:
        """Take the lock ``key`` if nobody holds it (True), else False at once."""
        if key in self.held:
            await self.check()
            return True
        taken = bool(await self._call("SELECT pg_try_advisory_lock(%s)", (key,)))
        if taken:
            self.held.add(key)
        return taken

    async def is_free(self, key: int) -> bool:
        """Nobody holds ``key`` now (taken and given back at once to find out)."""
        if key in self.held:
            return False
        if not await self._call("SELECT pg_try_advisory_lock(%s)", (key,)):
            return False
        await self._call("SELECT pg_advisory_unlock(%s)", (key,))
        return True

    async def check(self, timeout: float | None = None) -> None:
        """The session still answers (in ``timeout``, default the lock's), so it still holds
        its locks; LockLost if not."""
        if not self.held:
            raise LockLost(f"{self.url}: no lock is held")
        await self._call("SELECT 1", timeout=timeout)

    async def release(self, key: int) -> None:
        """Give ``key`` back (the session stays)."""
        if key in self.held:
            self.held.discard(key)
            await self._call("SELECT pg_advisory_unlock(%s)", (key,))

    async def listen(self, channel: str) -> None:
        """Receive the notifications of ``channel`` from now on (``notifications``)."""
        self._channel = channel
        if self.connected:
            await self._call(f'LISTEN "{channel}"')

    async def notify(self, channel: str, payload: str) -> None:
        """Send ``payload`` to every session listening on ``channel``."""
        await self._call("SELECT pg_notify(%s, %s)", (channel, payload))

    async def poll(self) -> None:
        """Let notifications sent meanwhile arrive (one round trip)."""
        if self.held:
            await self.check()
        else:
            await self._call("SELECT 1")

    def notifications(self) -> list[str]:
        """The payloads received since the last call, in order."""
        notes, self._notes = self._notes, []
        return notes

    async def _drop(self) -> None:
        conn, self._conn = self._conn, None
        self.held.clear()
        self.backend_pid = None
        if conn is not None and not conn.closed:
            try:
                await asyncio.wait_for(conn.close(), self.timeout)
            except (psycopg.Error, TimeoutError, OSError):
                log.debug("the lock's connection did not close cleanly")

    async def close(self) -> None:
        """End the session: every lock it held is released."""
        await self._drop()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
