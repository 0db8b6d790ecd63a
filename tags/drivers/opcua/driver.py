"""The OPC UA driver: subscriptions per scan class, reconnects, typed writes, security.

One supervisor task per connection (link.py) connects with the configured security
(client.py, security.py), creates one subscription per scan period with queue
size 1 monitored items (subscription.py) and publishes one batch per notification
message, status codes and source timestamps kept. Values arrive only on change, so every
publish response (keep-alives included) is passed on as a ``heartbeat`` for the Good tags.

Choices worth knowing:

* Scan classes with the same period share one subscription (publishing interval = sampling
  interval = the period; the server sends a keep-alive every interval when nothing changed).
* A dropped socket marks every tag of the connection BAD_NOT_CONNECTED at once (last value
  kept, reason naming the connection); a server that stops answering is noticed when its
  keep-alives are missing for max(3 publishing intervals, the connection timeout).
* Reconnects start after 0.5 s and double up to ``backoff_max``; a refused password, an
  untrusted or refused certificate and a bad secrets file are FAILED and retried only every
  max(backoff_max, 30 s), re-reading the secrets each time.
* A password is never sent in plain text: with security None it is refused unless the server
  asks for the user token encrypted.
* Monitored items the server refuses (unknown node ids) stay Bad until the next reconnect.
* Each node's DataType is read once per session before subscribing; a tag whose type does not
  fit its node (types.py has the table) is BadConfigurationError with the reason, is not
  subscribed, and writes to it are refused.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from pathlib import Path

from tags.address import OpcUaAddress
from tags.clock import Clock
from tags.config.connections import OpcUaConnection
from tags.drivers.base import ConnectionStatus, Heartbeat, WriteError
from tags.drivers.opcua.link import OpcUaLink
from tags.drivers.opcua.subscription import OpcUaStats
from tags.i18n.catalogue import text
from tags.model import Publish, Quality, TagDef, TagSample, Value

__all__ = ["OpcUaDriver", "OpcUaStats"]


class OpcUaDriver:
    """Driver for ``opcua://connection/node-id`` tags."""

    def __init__(
        self,
        connections: Mapping[str, OpcUaConnection],
        tags: Sequence[TagDef],
        publish: Publish,
        clock: Clock,
        *,
        data_dir: Path | None = None,
        config_dir: Path | None = None,
        heartbeat: Heartbeat | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        """``environ`` replaces os.environ for credential look-up (tests)."""
        self._publish = publish
        self._clock = clock
        by_connection: dict[str, list[TagDef]] = {name: [] for name in connections}
        self._orphans: list[TagDef] = []
        for tag in tags:
            address = tag.address
            if isinstance(address, OpcUaAddress) and address.connection in by_connection:
                by_connection[address.connection].append(tag)
            else:
                self._orphans.append(tag)
        lock = asyncio.Lock()
        self._links = {
            name: OpcUaLink(
                connection,
                by_connection[name],
                publish,
                clock,
                heartbeat=heartbeat,
                data_dir=data_dir,
                config_dir=config_dir,
                certificate_lock=lock,
                environ=environ,
            )
            for name, connection in connections.items()
        }

    async def start(self) -> None:
        """Start one supervisor per connection; returns at once."""
        if self._orphans:
            now = self._clock.now()
            self._publish(
                {
                    tag.name: TagSample(
                        None, Quality.BAD_CONFIGURATION_ERROR, now, now, _orphan_reason(tag)
                    )
                    for tag in self._orphans
                }
            )
        for link in self._links.values():
            link.start()

    async def stop(self) -> None:
        """Cancel the supervisors; each closes its session and socket."""
        await asyncio.gather(*(link.stop() for link in self._links.values()))

    async def write(self, tag: TagDef, value: Value) -> None:
        address = tag.address
        link = self._links.get(address.connection) if isinstance(address, OpcUaAddress) else None
        if link is None:
            raise WriteError(_orphan_reason(tag), Quality.BAD_CONFIGURATION_ERROR)
        await link.write(tag, value)

    def status(self) -> Sequence[ConnectionStatus]:
        return [link.status() for link in self._links.values()]


def _orphan_reason(tag: TagDef) -> str:
    address = tag.address
    if not isinstance(address, OpcUaAddress):
        return text("opcua.not_opcua", source=tag.source)
    return text("opcua.no_connection", source=tag.source, connection=address.connection)
