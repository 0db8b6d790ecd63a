"""The standby's copy of the primary's last seconds: what the primary published as the
Sparkplug edge node, kept for ``KEEP_S`` seconds, so that a standby taking over after a kill
writes into the shared history the samples the killed primary held in memory and never
stored (its historian writes once per flush interval); and, on the same connection, the
alarm states it published (``alarm_tail.py``).

The standby follows the node's messages like any Sparkplug host (``SparkplugHost``: births,
data by alias, sequence numbers); when it needs the births (it came after them, or messages
were lost) it asks the node for a rebirth, at most once per ``REBIRTH_EVERY_S``. What a host
makes of a death or a gap (the last values re-qualified Bad) is not the primary's data and
is not kept. ``heard_until`` is when the primary's session last spoke: it published every
change up to then (report by exception), so the history knows every value until that moment
and the gap after a failover begins there.
"""

from __future__ import annotations

import collections
import logging
import time
from collections.abc import Iterable

import aiomqtt

from tags.control_room import sparkplug as spb
from tags.control_room.broker import BrokerUrl
from tags.control_room.console.sparkplug_host import SparkplugHost
from tags.control_room.server.alarm_tail import AlarmTail
from tags.control_room.server.kept_connection import KeptConnection, payload_bytes
from tags.control_room.server.server import client_id
from tags.control_room.sparkplug import MessageType, Topic
from tags.control_room.topics import Topics
from tags.history.store import Record
from tags.model import Quality, TagDef

log = logging.getLogger(__name__)

KEEP_S = 30.0
"""Seconds of the primary's samples the standby keeps (many flush intervals)."""
MAX_KEPT = 500_000
"""Samples kept at most (a fast plant within ``KEEP_S``)."""
REBIRTH_EVERY_S = 2.0
"""Seconds between two rebirth requests of the standby at least."""


class TailBuffer:
    """The primary's samples of the last ``keep`` seconds as one host saw them (no I/O)."""

    def __init__(self, tags: list[TagDef], topics: Topics, *, keep: float = KEEP_S) -> None:
        self.host = SparkplugHost(tags, topics.group, topics.node)
        self.keep = keep
        self.heard_until: float | None = None
        """When a birth or data message of the primary's session was last taken."""
        self._kept: collections.deque[tuple[float, Record]] = collections.deque(maxlen=MAX_KEPT)

    def take(self, topic: Topic, payload: spb.Payload, received: float) -> str:
        """One message of the group; the reason the births are needed ("" when not)."""
        outcome = self.host.take(topic, payload, received)
        if outcome.rebirth or outcome.lost:
            return outcome.rebirth
        if topic.kind in (MessageType.DBIRTH, MessageType.DDATA, MessageType.NBIRTH):
            self.heard_until = received
        for name, sample in outcome.batch.items():
            self._kept.append((received, (name, sample)))
        self._trim(received)
        return ""

    def records(self) -> list[Record]:
        """The samples kept, in the order they arrived."""
        return [record for _, record in self._kept]

    def _trim(self, now: float) -> None:
        kept, oldest = self._kept, now - self.keep
        while kept and kept[0][0] < oldest:
            kept.popleft()


class HistoryTail:
    """A standby's MQTT connection that fills a ``TailBuffer`` and an ``AlarmTail``
    (``start`` .. ``stop``)."""

    def __init__(
        self, broker: BrokerUrl, topics: Topics, tags: list[TagDef], instance: str
    ) -> None:
        self.broker = broker
        self.topics = topics
        self.tags = tags
        self.instance = instance
        self.buffer = TailBuffer(tags, topics)
        self.alarms = AlarmTail(topics, ())
        self._asked = 0.0
        self.connection = KeptConnection(f"history tail {instance}", self._client, self._serve)

    def start(self, alarms: Iterable[str]) -> None:
        """Follow the primary (its data and these alarms) from now on (what was kept before
        is forgotten)."""
        self.buffer = TailBuffer(self.tags, self.topics)
        self.alarms = AlarmTail(self.topics, alarms)
        self.connection.start()

    async def stop(self) -> TailBuffer:
        """Stop following; what was kept."""
        await self.connection.stop()
        return self.buffer

    def _client(self) -> aiomqtt.Client:
        identifier = client_id(self.topics.group, self.topics.node, "tail", self.instance)
        return aiomqtt.Client(**self.broker.client_kwargs(identifier))

    async def _serve(self, client: aiomqtt.Client) -> None:
        self.buffer.host.lose(Quality.BAD_NO_COMMUNICATION, time.time())  # births needed
        await client.subscribe(self.topics.sparkplug_all, qos=1)
        await client.subscribe(self.topics.alarms_all, qos=1)
        async for message in client.messages:
            if self.alarms.take(message.topic.value, payload_bytes(message), time.time()):
                continue
            try:
                topic = Topic.parse(message.topic.value)
                payload = spb.decode(payload_bytes(message))
            except spb.SparkplugError as exc:
                log.debug("history tail: a message that cannot be read: %s", exc)
                continue
            if topic.kind is MessageType.NCMD:
                continue
            why = self.buffer.take(topic, payload, time.time())
            if why:
                await self._ask_rebirth(client, why)

    async def _ask_rebirth(self, client: aiomqtt.Client, why: str) -> None:
        now = time.monotonic()
        if now - self._asked < REBIRTH_EVERY_S:
            return
        self._asked = now
        log.info("history tail: asking the primary for its births (%s)", why)
        request = spb.rebirth_request(time.time()).SerializeToString()
        await client.publish(self.topics.sparkplug(MessageType.NCMD), request, qos=1)
