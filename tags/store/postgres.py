"""A PostgreSQL database shared by the stores of one process: psycopg 3's async connection
pool on an event loop thread of its own.

The stores keep the synchronous interface the embedded SQLite stores have (the historian
calls them from its writer and reader threads, the command-line tools from the main
thread): ``run(work)`` takes a connection from the pool, awaits ``work(connection)`` on the
pool's loop and returns its result to the calling thread. Code already on an asyncio loop
awaits ``arun(work)`` instead. Connections are in autocommit mode, with the search path on
the console's schema; a store opens its transactions explicitly.

Outages: the pool checks a connection that lay idle for more than ``IDLE_CHECK`` seconds
before handing it out (one empty query), so the first call after a restart of the server
gets a new connection instead of a dead one; a connection in steady use is not checked. While the
server is away psycopg's pool logs a warning for every failed attempt to connect; those go
(a filter on its loggers) and the database logs the loss once and the return once.

Health: ``down_since`` is set by the first call or pool connection attempt that finds the
server away, and cleared by the first call that works again or by a probe (a bare
connection attempt every ``PROBE_INTERVAL`` seconds while the server is away, on the pool's
loop). A caller that must not wait through an outage (the audit trail, on the event loop)
passes ``fail_fast=True``: while the server is known to be away it gets StoreUnavailable at
once, and otherwise waits at most ``QUICK_TIMEOUT`` for a connection, so only the call that
finds the outage waits, and that one briefly.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any, TypeVar

import psycopg
from psycopg_pool import AsyncConnectionPool

from tags.store.url import StoreUrl

log = logging.getLogger(__name__)

T = TypeVar("T")
Work = Callable[[psycopg.AsyncConnection[Any]], Awaitable[T]]

SCHEMA = "hmi"
"""The schema that holds every table of the console."""
CONNECT_TIMEOUT = 5.0
"""Seconds to wait for a connection before the store is reported unavailable."""
IDLE_CHECK = 0.2
"""Seconds a connection may lie idle in the pool and still be handed out unchecked (a
restart of the server takes longer than that)."""
PROBE_INTERVAL = 0.5
"""Seconds between two attempts to reach a server that is away."""
QUICK_TIMEOUT = 2.0
"""Seconds a ``fail_fast`` call waits for a connection (the pool's own timeout is longer)."""


class StoreError(Exception):
    """The shared store refused or failed an operation; the message says what and where."""


class StoreUnavailable(StoreError):
    """The store's server cannot be reached (down, restarting, network)."""


POOL_NOISE = frozenset(
    {
        "error connecting in %r: %s",
        "reconnection attempt in pool %r failed after %s sec",
        "discarding broken connection: %s",
        "discarding closed connection: %s",
        "error ignored terminating %r: %s",
        "query cancellation failed: %s",
        "query cancellation interrupted (%s): closing connection",
    }
)
"""The messages psycopg (and its pool) log for each connection an outage breaks or refuses
(a cancelled check of a dead connection among them)."""
_databases: weakref.WeakValueDictionary[str, PgDatabase] = weakref.WeakValueDictionary()
"""Every open PgDatabase by its pool's name (psycopg names the pool in its records)."""
_databases_lock = threading.Lock()


class _OutageFilter(logging.Filter):
    """Drops psycopg's per-attempt outage warnings; a failed connection attempt of a pool
    tells its PgDatabase, which logs the loss once."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg not in POOL_NOISE:
            return True
        args = record.args if isinstance(record.args, tuple) else ()
        if record.msg == "error connecting in %r: %s" and len(args) == 2:
            with _databases_lock:
                db = _databases.get(str(args[0]))
            if db is not None:
                db._lost(str(args[1]))
        return False


_FILTER = _OutageFilter()
for _name in ("psycopg.pool", "psycopg"):
    if _FILTER not in logging.getLogger(_name).filters:
        logging.getLogger(_name).addFilter(_FILTER)


class PgDatabase:
    """One pool of connections to the store's database, used from any thread."""

    def __init__(
        self, url: StoreUrl, *, max_size: int = 8, timeout: float = CONNECT_TIMEOUT
    ) -> None:
        self.url = url
        self.timeout = timeout
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name=f"store {url}", daemon=True
        )
        self._thread.start()
        kwargs: dict[str, Any] = dict(url.connect_kwargs())
        kwargs.setdefault("connect_timeout", max(1, round(timeout)))
        kwargs["autocommit"] = True
        kwargs["options"] = f"-c search_path={SCHEMA},public"
        self.name = f"{url}#{id(self):x}"
        """The pool's name (in psycopg's log records)."""
        self.down_since: float | None = None
        """Monotonic time the server was found unreachable (None: it answers)."""
        self.down_reason = ""
        """Why the server cannot be reached (the latest failure; empty while it answers)."""
        self._connect_kwargs = kwargs
        self._probe: asyncio.Task[None] | None = None
        self._went_down = asyncio.Event()
        """Set on the pool's loop while the server is away (wakes a ``fail_fast`` waiter)."""
        self._pool: AsyncConnectionPool[psycopg.AsyncConnection[Any]] = AsyncConnectionPool(
            kwargs=kwargs,
            min_size=1,
            max_size=max_size,
            open=False,
            timeout=timeout,
            reconnect_timeout=0,  # a caller's request starts a new attempt
            check=self._check,
            name=self.name,
        )
        self._closed = False
        self._used: weakref.WeakKeyDictionary[psycopg.AsyncConnection[Any], float] = (
            weakref.WeakKeyDictionary()
        )
        """When each connection was last handed back (monotonic)."""
        with _databases_lock:
            _databases[self.name] = self
        self._call(self._pool.open(wait=False))

    def _call(self, coro: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    async def _check(self, conn: psycopg.AsyncConnection[Any]) -> None:
        """The pool's check of a connection before it is handed out: one empty query when
        it lay idle (it may have died with a restart of the server meanwhile)."""
        used = self._used.get(conn)
        if used is None or time.monotonic() - used > IDLE_CHECK:
            await AsyncConnectionPool.check_connection(conn)

    @contextlib.asynccontextmanager
    async def _connection(self, quick: bool) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
        """A connection of the pool; ``quick``: wait at most QUICK_TIMEOUT, and not at all
        once an attempt to connect meanwhile finds the server away."""
        if not quick:
            async with self._pool.connection() as conn:
                yield conn
            return
        getting = asyncio.ensure_future(self._pool.getconn(min(self.timeout, QUICK_TIMEOUT)))
        down = asyncio.ensure_future(self._went_down.wait())
        try:
            await asyncio.wait((getting, down), return_when=asyncio.FIRST_COMPLETED)
        finally:
            down.cancel()
        if not getting.done():
            getting.cancel()  # the pool hands back a connection it assigned meanwhile
            raise psycopg.OperationalError(self.down_reason or "the server is away")
        conn = getting.result()
        try:
            yield conn
        finally:
            await self._pool.putconn(conn)

    async def _with_connection(self, work: Work[T], quick: bool = False) -> T:
        broken = True  # no connection could be had
        try:
            async with self._connection(quick) as conn:
                broken = False
                try:
                    result = await work(conn)
                except psycopg.OperationalError:
                    broken = conn.broken  # else e.g. a statement timeout: the server is there
                    raise
                finally:
                    self._used[conn] = time.monotonic()
        except psycopg.OperationalError as exc:
            if broken:
                self._lost(_first_line(exc))
            raise StoreUnavailable(f"{self.url}: {_first_line(exc)}") from exc
        except psycopg.Error as exc:
            raise StoreError(f"{self.url}: {_first_line(exc)}") from exc
        if self.down_since is not None:
            self._back()
        return result

    def _lost(self, reason: str) -> None:
        """The server did not answer: logged once per outage, and probed until it answers
        again (on the pool's loop thread)."""
        if self._closed:
            return
        reason = reason.strip().splitlines()[0] if reason.strip() else "no answer"
        if "couldn't get a connection" not in reason or not self.down_reason:
            self.down_reason = reason  # a pool timeout says less than the attempt's error
        if self.down_since is None:
            self.down_since = time.monotonic()
            log.warning("store %s cannot be reached (%s): trying again at each use",
                        self.url, reason)  # fmt: skip
        if threading.current_thread() is self._thread:
            self._start_probe()
        else:
            self._loop.call_soon_threadsafe(self._start_probe)

    def _start_probe(self) -> None:
        if self.down_since is not None:
            self._went_down.set()
        if (self._probe is None or self._probe.done()) and not self._closed:
            self._probe = self._loop.create_task(self._probe_until_back())

    def _back(self) -> None:
        if self.down_since is not None:
            seconds = time.monotonic() - self.down_since
            self.down_since = None
            self.down_reason = ""
            self._went_down.clear()
            log.warning("store %s answers again (after %.0f s)", self.url, seconds)

    async def _probe_until_back(self) -> None:
        """Try a connection of its own every PROBE_INTERVAL until the server answers."""
        while self.down_since is not None and not self._closed:
            await asyncio.sleep(PROBE_INTERVAL)
            try:
                conn = await psycopg.AsyncConnection.connect(**self._connect_kwargs)
            except psycopg.Error as exc:
                if self.down_since is not None:
                    self.down_reason = _first_line(exc)
                continue
            await conn.close()
            self._back()

    @property
    def available(self) -> bool:
        """The server answered the last call (or has not been found away yet)."""
        return self.down_since is None

    @property
    def closed(self) -> bool:
        return self._closed

    def unavailable(self) -> StoreUnavailable:
        """The error a ``fail_fast`` call gets while the server is away: since when, why."""
        since = 0.0 if self.down_since is None else time.monotonic() - self.down_since
        why = self.down_reason or "no answer"
        return StoreUnavailable(f"{self.url} cannot be reached ({why}; for {since:.0f} s)")

    def _start(self, work: Work[T], fail_fast: bool) -> Coroutine[Any, Any, T]:
        if self._closed:
            raise StoreError(f"{self.url}: the store is closed")
        if not fail_fast:
            return self._with_connection(work)
        if self.down_since is not None:
            raise self.unavailable()
        return self._with_connection(work, quick=True)

    def run(self, work: Work[T], *, fail_fast: bool = False) -> T:
        """``work(connection)`` on the pool's loop; its result (or error) on this thread.

        Raises StoreUnavailable when no connection can be had within the timeout, and
        StoreError for any other refusal of the server. ``fail_fast``: raise
        StoreUnavailable at once while the server is known to be away, and wait for a
        connection at most ``QUICK_TIMEOUT`` seconds."""
        return self._call(self._start(work, fail_fast))

    async def arun(self, work: Work[T], *, fail_fast: bool = False) -> T:
        """``run`` for a caller on another asyncio loop (it does not block that loop)."""
        future = asyncio.run_coroutine_threadsafe(self._start(work, fail_fast), self._loop)
        return await asyncio.wrap_future(future)

    def close(self) -> None:
        """Close every connection and stop the pool's thread."""
        if self._closed:
            return
        self._closed = True
        with _databases_lock:
            _databases.pop(self.name, None)
        try:
            self._call(self._close_pool(), self.timeout + 5)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(self.timeout + 5)
            if not self._thread.is_alive():
                self._loop.close()

    async def _close_pool(self) -> None:
        if self._probe is not None:
            self._probe.cancel()
        await self._pool.close(timeout=self.timeout)

    def __enter__(self) -> PgDatabase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
