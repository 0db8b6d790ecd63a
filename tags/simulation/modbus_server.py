"""A pymodbus TCP server that closes idle client connections and bounds how many it keeps.

pymodbus keeps a client connection open for as long as the client does: a client that
connects and never sends a request (a crashed console, a port scanner, a half-open socket)
holds its socket and its handler forever. Real PLCs drop such connections, and so does the
OPC UA side of the field server (asyncua closes a connection that activates no session).

* ``idle_timeout``: a connection that brings no complete request for this many seconds is
  closed. A poller (the console polls every scan period) is never idle that long. Bytes that
  do not form a request do not count as activity, so a client trickling garbage is closed too.
* ``max_clients``: at most this many connections are kept. A new connection beyond it closes
  one to make room: a connection that never sent a request first, else the one idle the
  longest, so a flood of silent sockets never locks out or pushes out a console that polls.

One timer per connection, re-armed only when it fires: a request costs one timestamp.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from pymodbus.server import ModbusTcpServer
from pymodbus.server.requesthandler import ServerRequestHandler

log = logging.getLogger(__name__)

IDLE_TIMEOUT = 60.0
"""Seconds without a request after which a client connection is closed."""
MAX_CLIENTS = 100
"""Client connections kept at once per endpoint."""


class _TimedHandler(ServerRequestHandler):
    """One client connection: remembers its last request and closes itself when idle."""

    def __init__(self, owner: IdleClosingServer) -> None:
        super().__init__(  # type: ignore[no-untyped-call]
            owner, owner.trace_packet, owner.trace_pdu, owner.trace_connect
        )
        self._owner = owner
        self.last_request = owner.clock()
        self.requests = 0
        self._timer: asyncio.TimerHandle | None = None

    def callback_connected(self) -> None:
        super().callback_connected()
        self.last_request = self._owner.clock()
        self._arm(self._owner.idle_timeout)

    def callback_data(self, data: bytes, addr: tuple[Any, ...] | None = None) -> int:
        used: int = super().callback_data(data, addr)
        if self.last_pdu:
            self.last_request = self._owner.clock()
            self.requests += 1
        return used

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def close(self, reconnect: bool = False) -> None:
        self._disarm()
        super().close(reconnect)

    def drop(self, why: str) -> None:
        """Close this connection from the server side."""
        self._disarm()
        log.info("Modbus server %s: closing client %s: %s", self._owner.name, self.peer, why)
        self._owner.dropped += 1
        self.close()

    @property
    def peer(self) -> str:
        transport = self.transport
        if transport is None:
            return "(gone)"
        peer = transport.get_extra_info("peername")
        return f"{peer[0]}:{peer[1]}" if isinstance(peer, tuple) else str(peer)

    def _arm(self, delay: float) -> None:
        self._timer = self.loop.call_later(delay, self._check)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def idle(self) -> float:
        """Seconds since the last request (or since the connection was made)."""
        return self._owner.clock() - self.last_request

    def _check(self) -> None:
        self._timer = None
        if not self.close_if_idle():
            self._arm(max(self._owner.idle_timeout - self.idle(), 0.01))

    def close_if_idle(self) -> bool:
        """Close the connection when idle past the timeout; True if it was closed."""
        timeout, idle = self._owner.idle_timeout, self.idle()
        if idle < timeout:
            return False
        self.drop(f"no request for {idle:.1f} s (idle timeout {timeout:g} s)")
        return True


class IdleClosingServer(ModbusTcpServer):
    """ModbusTcpServer with an idle timeout and a bound on simultaneous client connections."""

    def __init__(
        self,
        *args: Any,
        name: str = "",
        idle_timeout: float = IDLE_TIMEOUT,
        max_clients: int = MAX_CLIENTS,
        clock: Callable[[], float] | None = None,
        **kwargs: Any,
    ) -> None:
        """``clock``: seconds, monotonic (the loop's time unless a test steps its own)."""
        if not idle_timeout > 0:
            raise ValueError(f"idle_timeout must be above 0 s, got {idle_timeout!r}")
        if max_clients < 1:
            raise ValueError(f"max_clients must be 1 or more, got {max_clients!r}")
        super().__init__(*args, **kwargs)
        self.name = name
        self.idle_timeout = float(idle_timeout)
        self.max_clients = max_clients
        self.clock: Callable[[], float] = clock or self.loop.time
        self.dropped = 0
        """Client connections this server closed (idle, or the longest idle one when full)."""

    @property
    def clients(self) -> int:
        """Client connections open now."""
        return len(self.active_connections)

    def close_idle(self) -> int:
        """Close every connection idle past the timeout now; how many were closed.

        The per-connection timers do this on their own; a test with a stepped clock calls it.
        """
        handlers = [h for h in self.active_connections.values() if isinstance(h, _TimedHandler)]
        return sum(handler.close_if_idle() for handler in handlers)

    def callback_new_connection(self) -> _TimedHandler:
        """pymodbus' factory for the handler of a new connection (before it is added)."""
        excess = len(self.active_connections) - self.max_clients + 1
        if excess > 0:
            handlers = [h for h in self.active_connections.values() if isinstance(h, _TimedHandler)]
            handlers.sort(key=lambda h: (h.requests > 0, h.last_request))
            for handler in handlers[:excess]:
                handler.drop(
                    f"all {self.max_clients} client slots taken; this one idle the longest"
                )
        return _TimedHandler(self)
