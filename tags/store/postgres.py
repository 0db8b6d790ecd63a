"""A PostgreSQL database shared by the stores of one process: psycopg 3's async connection
pool on an event loop thread of its own.

The stores keep the synchronous interface the embedded SQLite stores have (the historian
calls them from its writer and reader threads, the command-line tools from the main
thread): ``run(work)`` takes a connection from the pool, awaits ``work(connection)`` on the
pool's loop and returns its result to the calling thread. Code already on an asyncio loop
awaits ``arun(work)`` instead. Connections are in autocommit mode, with the search path on
the console's schema; a store opens its transactions explicitly.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

import psycopg
from psycopg_pool import AsyncConnectionPool

from tags.store.url import StoreUrl

T = TypeVar("T")
Work = Callable[[psycopg.AsyncConnection[Any]], Awaitable[T]]

SCHEMA = "hmi"
"""The schema that holds every table of the console."""
CONNECT_TIMEOUT = 5.0
"""Seconds to wait for a connection before the store is reported unavailable."""


class StoreError(Exception):
    """The shared store refused or failed an operation; the message says what and where."""


class StoreUnavailable(StoreError):
    """The store's server cannot be reached (down, restarting, network)."""


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
        self._pool: AsyncConnectionPool[psycopg.AsyncConnection[Any]] = AsyncConnectionPool(
            kwargs=kwargs,
            min_size=1,
            max_size=max_size,
            open=False,
            timeout=timeout,
            reconnect_timeout=0,  # keeps trying while the server is away
            name=str(url),
        )
        self._closed = False
        self._call(self._pool.open(wait=False))

    def _call(self, coro: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    async def _with_connection(self, work: Work[T]) -> T:
        try:
            async with self._pool.connection() as conn:
                return await work(conn)
        except psycopg.OperationalError as exc:
            raise StoreUnavailable(f"{self.url}: {_first_line(exc)}") from exc
        except psycopg.Error as exc:
            raise StoreError(f"{self.url}: {_first_line(exc)}") from exc

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
