"""The server as a Sparkplug B edge node: the plant's values for any Sparkplug host.

One MQTT connection whose will is the node's death certificate (NDEATH with the bdSeq of that
connection; bdSeq counts the connections, and goes on across restarts from the file in the
server's data folder: ``birth_sequence.py``). On every connection, and whenever a host asks
(NCMD ``Node Control/Rebirth``, or the console's ``rebirth`` request), the births: NBIRTH
(bdSeq, the rebirth control, the server's own metrics), then one DBIRTH per area (the device)
with every tag of the area, named, typed, with its alias. Then DDATA per area with the metrics
that changed since they were last sent, by alias. One sequence number counts every message of
the node. The tag database's batches are coalesced while a message is on its way (the newest
sample of each tag wins), so a fast field never queues up behind a slow broker; a sample that
repeats the value, quality and reason already sent (a poll of a steady value) is not sent
again: staleness is judged here, and the database re-qualifies a value that stops updating.
A clean stop publishes the NDEATH before disconnecting.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import aiomqtt

from tags.control_room import sparkplug as spb
from tags.control_room.broker import BrokerUrl
from tags.control_room.server.birth_sequence import BirthSequence
from tags.control_room.server.kept_connection import KeptConnection, first_to_end, payload_bytes
from tags.control_room.sparkplug import MessageType, SequenceNumber
from tags.control_room.topics import Topics
from tags.model import TagDef, TagSample

if TYPE_CHECKING:
    from tags.database import TagDatabase
    from tags.subscription import Subscription

log = logging.getLogger(__name__)

NO_AREA = "_"
"""The device of the tags that belong to no area."""


def device_of(tag: TagDef) -> str:
    """The Sparkplug device a tag is a metric of: its area."""
    return spb.valid_id(tag.area) if tag.area.strip() else NO_AREA


class SparkplugPublisher:
    """The edge node of one tag database (see the module docstring)."""

    def __init__(
        self,
        db: TagDatabase,
        topics: Topics,
        broker: BrokerUrl,
        *,
        node_metrics: Mapping[str, str] | None = None,
        identifier: str = "",
        bd_seq_file: Path | None = None,
    ) -> None:
        """``node_metrics``: text metrics of the NBIRTH (server, project ...);
        ``identifier``: the MQTT client id (default ``<group>-<node>-sparkplug``);
        ``bd_seq_file``: where bdSeq is kept across restarts (None: from 0 at every start)."""
        self.db = db
        self.topics = topics
        self.broker = broker
        self.node_metrics = dict(node_metrics or {})
        self.identifier = identifier or f"{topics.group}-{topics.node}-sparkplug"
        self.aliases: dict[str, int] = {name: n for n, name in enumerate(db.tags)}
        """Each tag's alias: its index in the project (stable while the project is)."""
        self.devices: dict[str, list[TagDef]] = {}
        for tag in db.tags.values():
            self.devices.setdefault(device_of(tag), []).append(tag)
        self._device_of = {t.name: d for d, tags in self.devices.items() for t in tags}
        self._births = BirthSequence(bd_seq_file)
        self.bd_seq = 0 if self._births.last is None else self._births.last
        """The bdSeq of the present (or last) connection."""
        self._seq = SequenceNumber()
        self._sent: dict[str, TagSample] = {}
        """The last sample published of each tag (the database's own object, no copy)."""
        self._pending: dict[str, TagSample] = {}
        self._wake = asyncio.Event()
        self._rebirth = False
        self._stopping = False
        self.births = 0
        """How many times the births were published."""
        self._subscription: Subscription | None = None
        self.connection = KeptConnection("Sparkplug node", self._client, self._serve)

    # running -------------------------------------------------------------------------------

    def start(self) -> None:
        """Subscribe to the database and keep the connection up."""
        self._stopping = False
        if self._subscription is None:
            self._subscription = self.db.subscribe(self._on_batch)
        self.connection.start()

    async def stop(self, *, farewell: bool = True) -> None:
        """Publish the NDEATH (unless ``farewell`` is False: a planned handover, whose
        successor's births follow), disconnect, unsubscribe."""
        self._stopping = True
        await self.connection.stop(self._publish_death if farewell else None)
        if self._subscription is not None:
            self._subscription.close()
            self._subscription = None

    def continue_after(self, bd_seq: int) -> None:
        """The next connection's bdSeq follows ``bd_seq`` (another server's last birth)."""
        self._births.last = bd_seq
        self.bd_seq = (bd_seq + 1) % 256

    def request_rebirth(self) -> None:
        """Publish every birth again (a host asked, or a console came late)."""
        self._rebirth = True
        self._wake.set()

    # the connection ------------------------------------------------------------------------

    def _client(self) -> aiomqtt.Client:
        """A new client whose will is the death of this connection's birth."""
        self.bd_seq = self._births.take()
        death = spb.node_death(self.bd_seq).SerializeToString()
        will = aiomqtt.Will(self.topics.sparkplug(MessageType.NDEATH), death, qos=1)
        return aiomqtt.Client(**self.broker.client_kwargs(self.identifier), will=will)

    async def _serve(self, client: aiomqtt.Client) -> None:
        await client.subscribe(self.topics.sparkplug(MessageType.NCMD), qos=1)
        self._rebirth = True
        await first_to_end(self._send(client), self._listen(client))

    async def _listen(self, client: aiomqtt.Client) -> None:
        """NCMDs: a rebirth request from a Sparkplug host."""
        async for message in client.messages:
            try:
                payload = spb.decode(payload_bytes(message))
            except spb.SparkplugError as exc:
                log.warning("Sparkplug node: a command that cannot be read: %s", exc)
                continue
            for metric in payload.metrics:
                if metric.name == spb.REBIRTH and metric.boolean_value:
                    log.info("Sparkplug node: a host asked for a rebirth")
                    self.request_rebirth()

    async def _send(self, client: aiomqtt.Client) -> None:
        """Births when due, then the changes, for as long as the connection lasts."""
        while True:
            if self._stopping:
                return
            if self._rebirth:
                self._rebirth = False
                await self._publish_births(client)
            else:
                await self._publish_changes(client)
            await self._wake.wait()
            self._wake.clear()

    async def _publish_births(self, client: aiomqtt.Client) -> None:
        self._seq.reset()
        now = self.db.clock.now()
        self._pending.clear()
        current = self.db.snapshot()
        birth = spb.node_birth(self.bd_seq, self._seq.take(), now, self.node_metrics)
        await client.publish(self.topics.sparkplug(MessageType.NBIRTH), birth.SerializeToString())
        for device, tags in self.devices.items():
            items = [(self.aliases[t.name], t, current[t.name]) for t in tags]
            payload = spb.device_message(self._seq.take(), now, items, birth=True)
            topic = self.topics.sparkplug(MessageType.DBIRTH, device)
            await client.publish(topic, payload.SerializeToString())
        self._sent = current
        self.births += 1
        log.info(
            "Sparkplug node: births published (bdSeq %d, %d areas, %d tags)",
            self.bd_seq, len(self.devices), len(current),
        )  # fmt: skip

    async def _publish_changes(self, client: aiomqtt.Client) -> None:
        pending, self._pending = self._pending, {}
        by_device: dict[str, list[tuple[int, TagDef, TagSample]]] = {}
        for name, sample in pending.items():
            if _same(self._sent.get(name), sample):
                continue
            item = (self.aliases[name], self.db.tags[name], sample)
            by_device.setdefault(self._device_of[name], []).append(item)
        now = self.db.clock.now()
        for device, items in by_device.items():
            payload = spb.device_message(self._seq.take(), now, items, birth=False)
            await client.publish(
                self.topics.sparkplug(MessageType.DDATA, device), payload.SerializeToString()
            )
            for _, tag, sample in items:
                self._sent[tag.name] = sample

    async def _publish_death(self, client: aiomqtt.Client) -> None:
        death = spb.node_death(self.bd_seq).SerializeToString()
        await client.publish(self.topics.sparkplug(MessageType.NDEATH), death, qos=1)
        log.info("Sparkplug node: death published (bdSeq %d)", self.bd_seq)

    # the database --------------------------------------------------------------------------

    def _on_batch(self, batch: Mapping[str, TagSample]) -> None:
        if not self.connection.connected:
            return  # the births of the next connection carry the values of then
        self._pending.update(batch)
        self._wake.set()


def _same(sent: TagSample | None, sample: TagSample) -> bool:
    """The sample shows what was published already (value, quality and reason)."""
    if sent is None:
        return False
    if sent is sample:
        return True
    value = sent.value
    return (
        (value is sample.value or value == sample.value)
        and sent.quality is sample.quality
        and sent.reason == sample.reason
    )
