"""The server's retained states as a console holds them: the latest JSON per state name
(``hmi/<group>/state/<what>``: connections, kpis, analytics, training, ...), and listeners
told which state changed.

The codecs of most states belong to the server's side of the protocol; this keeps the
decoded JSON so any of them can be plugged in (``get(name)``), and decodes the one the link
itself needs: the server's field connections.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from tags.control_room.messages import MessageError, connection_from_json
from tags.drivers.base import ConnectionStatus
from tags.subscription import Listeners, Subscription

log = logging.getLogger(__name__)

CONNECTIONS = "connections"
"""The state holding the server's own connections (a list of messages.connection_to_json)."""


class RemoteStates:
    """The latest value of every state the server publishes."""

    def __init__(self) -> None:
        self._latest: dict[str, Any] = {}
        self._seen: set[str] | None = None
        self._listeners: Listeners[str] = Listeners(log, "server state")
        self._connections: list[ConnectionStatus] = []
        self.unreadable = 0
        """State messages that were not JSON (logged, then ignored)."""

    def get(self, name: str) -> Any:
        """The state's decoded JSON, or None before the server published it."""
        return self._latest.get(name)

    @property
    def names(self) -> list[str]:
        return sorted(self._latest)

    def connections(self) -> list[ConnectionStatus]:
        """The server's field connections as it last published them."""
        return list(self._connections)

    def subscribe(self, listener: Callable[[str], None]) -> Subscription:
        """Call ``listener(name)`` whenever a state changes (or disappears)."""
        return self._listeners.subscribe(listener)

    # fed by the link ------------------------------------------------------------------------

    def session_started(self) -> None:
        """A new broker session: the retained states arrive again."""
        self._seen = set()

    def take(self, name: str, payload: bytes) -> None:
        """A state message; an empty payload removes the state."""
        if self._seen is not None:
            self._seen.add(name)
        if not payload:
            self._forget(name)
            return
        try:
            value = json.loads(payload)
        except (ValueError, UnicodeDecodeError) as exc:
            self.unreadable += 1
            log.warning("server state %s is not JSON: %s", name, exc)
            return
        if name == CONNECTIONS:
            self._take_connections(value)
        self._latest[name] = value
        self._listeners.notify(name)

    def session_complete(self) -> None:
        """The retained states of the new session have arrived: those the server no longer
        holds are removed."""
        seen, self._seen = self._seen, None
        if seen is None:
            return
        for name in [n for n in self._latest if n not in seen]:
            self._forget(name)

    def _forget(self, name: str) -> None:
        if name == CONNECTIONS:
            self._connections = []
        if self._latest.pop(name, None) is not None:
            self._listeners.notify(name)

    def _take_connections(self, value: Any) -> None:
        if not isinstance(value, list):
            self.unreadable += 1
            log.warning("server state connections is not a list")
            return
        found: list[ConnectionStatus] = []
        for item in value:
            try:
                if not isinstance(item, dict):
                    raise MessageError("a connection state must be an object")
                found.append(connection_from_json(item))
            except MessageError as exc:
                self.unreadable += 1
                log.warning("server state connections: %s", exc)
        self._connections = found
