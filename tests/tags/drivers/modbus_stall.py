"""A TCP proxy in front of a Modbus server that stalls at the first write request.

Requests pass through untouched until a write (FC05/06/15/16) arrives. From then on nothing
that client sends reaches the server (the device looks frozen in the middle of the write)
until ``release()`` forwards all of it, so the device applies the write late, as a slow PLC
or a gateway with a long queue does. ``on_write`` runs the moment the write arrives, before
anything is forwarded (a test kills the writer there).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

HOST = "127.0.0.1"
WRITE_CODES = frozenset({5, 6, 15, 16})
_MBAP = 7
"""Bytes of the Modbus TCP header: transaction, protocol, length, unit id."""


class _Link:
    """One client connection and its connection to the server."""

    def __init__(self, proxy: StallingProxy, upstream: asyncio.StreamWriter) -> None:
        self.proxy = proxy
        self.upstream = upstream
        self.held: list[bytes] = []
        self.stalled = False

    def forward(self, frame: bytes) -> None:
        if not self.stalled and self.proxy.stalling and frame[_MBAP] in WRITE_CODES:
            self.stalled = True
            self.proxy.write_arrived(self)
        if self.stalled:
            self.held.append(frame)
        else:
            self.upstream.write(frame)

    def release(self) -> None:
        for frame in self.held:
            self.upstream.write(frame)
        self.held.clear()
        self.stalled = False


class StallingProxy:
    """Listen on a free loopback port, forward to ``127.0.0.1:target_port``."""

    def __init__(self, target_port: int, on_write: Callable[[], None] | None = None) -> None:
        self.target_port = target_port
        self.on_write = on_write
        self.port = 0
        self.stalling = True
        """Stall at the next write (cleared by ``release``: later writes pass)."""
        self.write_seen = asyncio.Event()
        self._server: asyncio.Server | None = None
        self._links: list[_Link] = []
        self._tasks: set[asyncio.Task[None]] = set()

    async def __aenter__(self) -> StallingProxy:
        self._server = await asyncio.start_server(self._accept, HOST, 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, OSError):
                await task
        for link in self._links:
            link.upstream.close()

    def write_arrived(self, link: _Link) -> None:
        self.write_seen.set()
        if self.on_write is not None:
            self.on_write()

    async def release(self) -> None:
        """Let the held requests through (the device applies the write now) and stop
        stalling."""
        self.stalling = False
        for link in self._links:
            link.release()
            with contextlib.suppress(OSError):
                await link.upstream.drain()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)  # cancelled on exit like the reply pumps
        task.add_done_callback(self._tasks.discard)
        up_reader, up_writer = await asyncio.open_connection(HOST, self.target_port)
        link = _Link(self, up_writer)
        self._links.append(link)
        self._spawn(self._replies(up_reader, writer))
        buffer = b""
        try:
            while chunk := await reader.read(4096):
                buffer += chunk
                while len(buffer) >= _MBAP + 1:
                    size = 6 + int.from_bytes(buffer[4:6], "big")
                    if len(buffer) < size:
                        break
                    link.forward(buffer[:size])
                    buffer = buffer[size:]
        except OSError:
            pass  # the client went away; what it sent before is still held for the device
        finally:
            writer.close()

    async def _replies(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError):
            while chunk := await reader.read(4096):
                if writer.is_closing():
                    continue  # the client is gone: the device's late reply goes nowhere
                writer.write(chunk)

    def _spawn(self, coroutine: object) -> None:
        assert asyncio.iscoroutine(coroutine)
        task: asyncio.Task[None] = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
