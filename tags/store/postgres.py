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
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import weakref
from collections.abc import Awaitable, Callable, Coroutine
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
    }
)
"""The messages psycopg (and its pool) log for each connection an outage breaks or refuses."""
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

    async def _with_connection(self, work: Work[T]) -> T:
        broken = True  # no connection could be had
        try:
            async with self._pool.connection() as conn:
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
        """The server did not answer: logged once per outage (on the pool's loop thread)."""
        if self.down_since is None and not self._closed:
            self.down_since = time.monotonic()
            log.warning("store %s cannot be reached (%s): trying again at each use",
                        self.url, reason)  # fmt: skip

    def _back(self) -> None:
        if self.down_since is not None:
            seconds = time.monotonic() - self.down_since
            self.down_since = None
            log.warning("store %s answers again (after %.0f s)", self.url, seconds)

    def run(self, work: Work[T]) -> T:
        """``work(connection)`` on the pool's loop; its result (or error) on this thread.

        Raises StoreUnavailable when no connection can be had within the timeout, and
        StoreError for any other refusal of the server."""
        if self._closed:
            raise StoreError(f"{self.url}: the store is closed")
        return self._call(self._with_connection(work))

    async def arun(self, work: Work[T]) -> T:
        """``run`` for a caller on another asyncio loop (it does not block that loop)."""
        if self._closed:
            raise StoreError(f"{self.url}: the store is closed")
        future = asyncio.run_coroutine_threadsafe(self._with_connection(work), self._loop)
        return await asyncio.wrap_future(future)

    def close(self) -> None:
        """Close every connection and stop the pool's thread."""
        if self._closed:
            return
        self._closed = True
        with _databases_lock:
            _databases.pop(self.name, None)
        try:
            self._call(self._pool.close(timeout=self.timeout), self.timeout + 5)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(self.timeout + 5)
            if not self._thread.is_alive():
                self._loop.close()

    def __enter__(self) -> PgDatabase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
