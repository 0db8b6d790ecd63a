"""A pair member's own MQTT connection: its place in the pair, retained on
``hmi/<group>/state/pair-<instance>`` (its will: the role ``offline``), in either role; and
the serving server's status read back from ``hmi/<group>/server``, so that a standby taking
over goes on from the bdSeq of the birth it replaces (a late death certificate of the old
primary then names another birth, and consoles ignore it)."""

from __future__ import annotations

import asyncio
import dataclasses
import logging

import aiomqtt

from tags.control_room.broker import BrokerUrl
from tags.control_room.messages import MessageError
from tags.control_room.pair_messages import PairMember, ServerRole, member_to_json, pair_state
from tags.control_room.server.kept_connection import KeptConnection, first_to_end, payload_bytes
from tags.control_room.server.server import client_id
from tags.control_room.state_messages import ServerStatus, status_from_json
from tags.control_room.topics import Topics

log = logging.getLogger(__name__)


class PairAnnouncer:
    """Publishes ``member`` (``update``) and follows the serving server's status."""

    def __init__(self, broker: BrokerUrl, topics: Topics, member: PairMember) -> None:
        self.broker = broker
        self.topics = topics
        self.member = member
        self.topic = topics.state(pair_state(member.instance))
        self.serving: ServerStatus | None = None
        """The last status of ``hmi/<group>/server`` (whoever published it)."""
        self._wake = asyncio.Event()
        self.connection = KeptConnection(f"pair status {member.instance}", self._client,
                                         self._serve)  # fmt: skip

    def start(self) -> None:
        self.connection.start()

    async def stop(self) -> None:
        """Say ``offline`` and disconnect."""
        self.member = dataclasses.replace(self.member, role=ServerRole.OFFLINE, detail="stopped")
        await self.connection.stop(self._publish)

    def update(self, member: PairMember) -> None:
        self.member = member
        self._wake.set()

    def _client(self) -> aiomqtt.Client:
        offline = dataclasses.replace(self.member, role=ServerRole.OFFLINE, detail="no answer")
        will = aiomqtt.Will(self.topic, member_to_json(offline), 1, True)
        identifier = client_id(self.topics.group, self.topics.node, "pair", self.member.instance)
        return aiomqtt.Client(**self.broker.client_kwargs(identifier), will=will)

    async def _serve(self, client: aiomqtt.Client) -> None:
        await client.subscribe(self.topics.server, qos=1)
        self._wake.set()
        await first_to_end(self._send(client), self._listen(client))

    async def _send(self, client: aiomqtt.Client) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            await self._publish(client)

    async def _publish(self, client: aiomqtt.Client) -> None:
        await client.publish(self.topic, member_to_json(self.member), qos=1, retain=True)

    async def _listen(self, client: aiomqtt.Client) -> None:
        async for message in client.messages:
            payload = payload_bytes(message)
            if not payload:
                continue
            try:
                self.serving = status_from_json(payload)
            except MessageError as exc:
                log.warning("pair: the server status cannot be read: %s", exc)
