"""A TCP server on 127.0.0.1 that misbehaves on purpose, for the Modbus link's tests.

Each accepted connection is handed to the server's current ``Behaviour``: close at once (a
gateway with every client slot taken), answer every request with given bytes (a wrong port,
a malformed Modbus reply), or read and never answer (a frozen device). The behaviour can be
changed while clients are connected; the server counts connections and requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct
from collections.abc import Callable
from dataclasses import dataclass

HOST = "127.0.0.1"

Reply = Callable[["Request"], bytes]
"""Bytes to send back for one request (b"" sends nothing)."""


@dataclass(frozen=True)
class Request:
    """One Modbus TCP request as the client sent it (MBAP header and the PDU's first fields)."""

    tid: int
    unit: int
    function: int
    address: int
    count: int

    @classmethod
    def parse(cls, frame: bytes) -> Request:
        tid, _pid, _length, unit, function = struct.unpack(">HHHBB", frame[:8])
        address, count = struct.unpack(">HH", frame[8:12]) if len(frame) >= 12 else (0, 0)
        return cls(tid, unit, function, address, count)


def frame(tid: int, unit: int, pdu: bytes, *, length: int | None = None) -> bytes:
    """An MBAP frame around ``pdu`` (``length`` overrides the header's length field)."""
    size = len(pdu) + 1 if length is None else length
    return struct.pack(">HHHB", tid, 0, size, unit) + pdu


def registers_reply(request: Request, value: int = 0) -> bytes:
    """A correct FC03/FC04 answer: ``count`` registers of ``value``."""
    data = struct.pack(f">{request.count}H", *([value] * request.count))
    return frame(request.tid, request.unit, bytes([request.function, len(data)]) + data)


@dataclass(frozen=True)
class Behaviour:
    """What the server does with a connection: ``close`` at once, else ``reply`` to requests."""

    close: bool = False
    reply: Reply | None = None
    """None: read requests and never answer."""
    close_after_reply: bool = False


CLOSE_AT_ONCE = Behaviour(close=True)
NEVER_ANSWER = Behaviour()
ANSWER = Behaviour(reply=registers_reply)


class RawServer:
    """A misbehaving TCP server on loopback at a free port (see the module docstring)."""

    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.port = 0
        self.connections = 0
        self.requests = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, HOST, self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Stop listening and drop every connection (the port is free again)."""
        server, self._server = self._server, None
        if server is None:
            return
        server.close()
        for writer in list(self._writers):
            writer.close()
        await server.wait_closed()

    async def __aenter__(self) -> RawServer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._writers.add(writer)
        try:
            with contextlib.suppress(OSError, asyncio.IncompleteReadError):
                await self._talk(reader, writer)
        finally:
            self._writers.discard(writer)
            writer.close()

    async def _talk(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.behaviour.close:
            return
        while True:
            header = await reader.readexactly(6)
            (length,) = struct.unpack(">H", header[4:6])
            body = await reader.readexactly(length)
            self.requests += 1
            behaviour = self.behaviour  # read per request: a test may change it meanwhile
            if behaviour.close:
                return
            if behaviour.reply is None:
                continue
            answer = behaviour.reply(Request.parse(header + body))
            if answer:
                writer.write(answer)
                await writer.drain()
            if behaviour.close_after_reply:
                return
