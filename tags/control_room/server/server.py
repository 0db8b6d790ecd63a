"""The control room's server: a Runtime (drivers, alarms, historian, analytics, training, write
path, audit) served to many consoles over an MQTT broker.

Two connections. The Sparkplug edge node (``publisher.py``) publishes the values. The other
serves the ``hmi/<group>/...`` tree: its will sets the retained server status offline; on every
connect it publishes, retained, the status online, every alarm that is not normal and every
state (``state_feed.py``), and deletes the retained alarms a previous run left that are normal
now. Then it keeps them current (an alarm back to normal: its retained message deleted; a
state: when it changed, checked once a second) and answers the operators' requests
(``request_handler.py``) on their response topics with their correlation data, each request
in a task of its own. A broker that comes back after an outage gets the whole state again.
"""

from __future__ import annotations

import asyncio
import logging
import re
import socket
from collections.abc import Sequence
from typing import TYPE_CHECKING

import aiomqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from tags.alarms.state import AlarmState, AlarmView
from tags.clock import Clock
from tags.control_room.broker import BrokerUrl
from tags.control_room.messages import MessageError, alarm_to_json, dumps
from tags.control_room.server.birth_sequence import BD_SEQ_FILE
from tags.control_room.server.kept_connection import KeptConnection, first_to_end, payload_bytes
from tags.control_room.server.publisher import SparkplugPublisher
from tags.control_room.server.request_handler import RequestHandler
from tags.control_room.server.sessions import OperatorSessions
from tags.control_room.server.state_feed import StateFeed
from tags.control_room.state_messages import ServerStatus, status_from_json, status_to_json
from tags.control_room.topics import Topics
from tags.shutdown import cancel_and_wait

if TYPE_CHECKING:
    from tags.runtime import Runtime
    from tags.subscription import Subscription

log = logging.getLogger(__name__)

STATE_INTERVAL_S = 1.0
REQUEST_GRACE_S = 10.0
"""At a stop, how long requests under way (a write awaiting its read-back) may finish."""


def client_id(*parts: str) -> str:
    """An MQTT client identifier made of ``parts`` (letters, digits, ``-`` and ``_`` only)."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", "-".join(parts))


class ControlRoomServer:
    """Serves one running project to the consoles of a control room (the module docstring)."""

    def __init__(
        self,
        runtime: Runtime,
        broker: BrokerUrl,
        topics: Topics,
        *,
        session_clock: Clock | None = None,
        idle_lock_s: float | None = None,
        state_interval: float = STATE_INTERVAL_S,
        instance: str = "",
    ) -> None:
        """``session_clock``: times the operators' sessions (default the runtime's clock);
        ``idle_lock_s``: a session's life without a request (default the project's idle lock);
        ``instance``: this server's name in a redundant pair (it serves as the primary)."""
        self.runtime = runtime
        self.broker = broker
        self.topics = topics
        self.host = socket.gethostname()
        self.instance = instance
        self.started_at = runtime.clock.now()
        project = runtime.project
        self.publisher = SparkplugPublisher(
            runtime.db, topics, broker,
            node_metrics={"Server/Host": self.host, "Server/Project": project.name,
                          "Server/Mode": runtime.mode.value},
            identifier=client_id(topics.group, topics.node, "sparkplug"),
            bd_seq_file=runtime.data_dir / BD_SEQ_FILE,
        )  # fmt: skip
        idle = project.security.idle_lock_seconds if idle_lock_s is None else idle_lock_s
        self.sessions = OperatorSessions(session_clock or runtime.clock, idle)
        rebirth = self.publisher.request_rebirth
        self.handler = RequestHandler(runtime, self.sessions, rebirth=rebirth)
        self.feed = StateFeed(runtime)
        self.state_interval = state_interval
        self.connection = KeptConnection("control room", self._client, self._serve)
        self._odd_topics = {
            topics.alarm(name): name for name in runtime.alarms.names if not _plain(name)
        }
        """The alarms whose topic does not end in their name (``/``, ``+`` or ``#`` in it),
        by topic; every other alarm's name is the last level of its topic."""
        self._alarm_changes: dict[str, AlarmView | None] = {}
        """Alarms to publish, by topic (None: a leftover of an earlier run, to delete)."""
        self._alarm_wake = asyncio.Event()
        self._states_sent: dict[str, bytes] = {}
        self._requests: set[asyncio.Task[None]] = set()
        self._subscription: Subscription | None = None
        self.online = False
        """Connected, subscribed to the requests and the online status published."""

    # running -------------------------------------------------------------------------------

    def start(self) -> None:
        """Start serving (the runtime is started by its owner)."""
        if self._subscription is None:
            self._subscription = self.runtime.alarms.subscribe(self._on_alarms)
        self.publisher.start()
        self.connection.start()

    async def stop(self, *, grace: float = REQUEST_GRACE_S, farewell: bool = True) -> None:
        """Let requests under way finish (``grace`` seconds at most), publish the NDEATH and
        the offline status (not when ``farewell`` is False: a planned handover, whose
        successor follows at once), disconnect. The runtime is stopped by its owner."""
        if self._requests and grace > 0:
            await asyncio.wait(set(self._requests), timeout=grace)
        for task in list(self._requests):
            await cancel_and_wait(task)
        await self.publisher.stop(farewell=farewell)
        await self.connection.stop(self._publish_offline if farewell else None)
        if self._subscription is not None:
            self._subscription.close()
            self._subscription = None

    def status(self, online: bool) -> ServerStatus:
        return ServerStatus(
            online=online, node=self.topics.node, host=self.host,
            project=self.runtime.project.name, started_at=self.started_at,
            bd_seq=self.publisher.bd_seq, instance=self.instance,
            role="primary" if self.instance else "", serving_since=self.started_at,
        )  # fmt: skip

    # the connection ------------------------------------------------------------------------

    def _client(self) -> aiomqtt.Client:
        will = aiomqtt.Will(self.topics.server, status_to_json(self.status(False)), 1, True)
        kwargs = self.broker.client_kwargs(client_id(self.topics.group, self.topics.node, "hmi"))
        return aiomqtt.Client(**kwargs, will=will)

    async def _serve(self, client: aiomqtt.Client) -> None:
        topics = self.topics
        await client.subscribe(topics.requests_all, qos=1)
        await client.subscribe(topics.alarms_all, qos=1)
        if self.instance:  # a pair: another's status (a late will) is answered with ours
            await client.subscribe(topics.server, qos=1)
        await client.publish(topics.server, status_to_json(self.status(True)), 1, True)
        self.online = True  # requests are taken from now on
        try:
            await self._publish_all_alarms(client)
            self._states_sent = {}
            await self._publish_states(client)
            await first_to_end(self._listen(client), self._send_alarms(client), self._tick(client))
        finally:
            self.online = False

    async def _publish_offline(self, client: aiomqtt.Client) -> None:
        await client.publish(self.topics.server, status_to_json(self.status(False)), 1, True)
        log.info("control room: offline status published")

    # alarms --------------------------------------------------------------------------------

    def _on_alarms(self, views: Sequence[AlarmView]) -> None:
        for view in views:
            self._alarm_changes[self.topics.alarm(view.name)] = view
        self._alarm_wake.set()

    async def _publish_all_alarms(self, client: aiomqtt.Client) -> None:
        """Every alarm not normal now, and the deletion of those changed to normal while
        the broker was away."""
        changed, self._alarm_changes = self._alarm_changes, {}
        standing = {self.topics.alarm(view.name): view for view in self.runtime.alarms.not_normal()}
        for topic, view in standing.items():
            await self._publish_alarm(client, topic, view)
        for topic in changed.keys() - standing.keys():
            await self._publish_alarm(client, topic, None)  # normal now: deleted
        log.info("control room: %d alarms not normal published", len(standing))

    async def _send_alarms(self, client: aiomqtt.Client) -> None:
        while True:
            await self._alarm_wake.wait()
            self._alarm_wake.clear()
            changes, self._alarm_changes = self._alarm_changes, {}
            for topic, view in changes.items():
                await self._publish_alarm(client, topic, view)

    async def _publish_alarm(
        self, client: aiomqtt.Client, topic: str, view: AlarmView | None
    ) -> None:
        standing = view is not None and view.state is not AlarmState.NORMAL
        payload = dumps(alarm_to_json(view)) if view is not None and standing else b""
        await client.publish(topic, payload, qos=1, retain=True)

    def _leftover(self, topic: str, payload: bytes) -> None:
        """A retained alarm the broker held at subscription: deleted if normal now."""
        if not payload or self._standing(topic):
            return
        self._alarm_changes[topic] = None
        self._alarm_wake.set()

    def _standing(self, topic: str) -> bool:
        """The alarm of this topic is one of the project's and not Normal now."""
        name = self._odd_topics.get(topic, topic.rpartition("/")[2])
        if self.topics.alarm(name) != topic:
            return False
        try:
            return self.runtime.alarms.alarm(name).state is not AlarmState.NORMAL
        except KeyError:
            return False  # not an alarm of this project (any more)

    # states, sessions ----------------------------------------------------------------------

    async def _tick(self, client: aiomqtt.Client) -> None:
        while True:
            await asyncio.sleep(self.state_interval)
            for session in self.sessions.expire_idle():
                self.handler.record_expiry(session)
            await self._publish_states(client)

    async def _publish_states(self, client: aiomqtt.Client) -> None:
        try:
            payloads = self.feed.payloads()
        except Exception:
            log.exception("control room: the states could not be gathered")
            return
        for name, payload in payloads.items():
            if self._states_sent.get(name) != payload:
                await client.publish(self.topics.state(name), payload, qos=1, retain=True)
                self._states_sent[name] = payload

    # requests ------------------------------------------------------------------------------

    async def _listen(self, client: aiomqtt.Client) -> None:
        alarms, requests = self.topics.alarms_all, self.topics.requests_all
        async for message in client.messages:
            if message.topic.matches(alarms):
                if message.retain:
                    self._leftover(message.topic.value, payload_bytes(message))
            elif message.topic.value == self.topics.server:
                await self._status_seen(client, payload_bytes(message))
            elif message.topic.matches(requests):
                task = asyncio.create_task(self._respond(message), name="control room request")
                self._requests.add(task)
                task.add_done_callback(self._requests.discard)

    async def _status_seen(self, client: aiomqtt.Client, payload: bytes) -> None:
        """In a pair: a status on the server topic that is not this server's online one (the
        late will or farewell of the previous primary) is replaced by ours at once."""
        try:
            status = status_from_json(payload) if payload else None
        except MessageError:
            status = None
        if status is not None and status.online and status.instance == self.instance:
            return
        log.warning("control room: the server status said %s; ours published again",
                    "nothing" if status is None else f"{status.instance or status.host} "
                    f"{'online' if status.online else 'offline'}")  # fmt: skip
        await client.publish(self.topics.server, status_to_json(self.status(True)), 1, True)

    async def _respond(self, message: aiomqtt.Message) -> None:
        properties = message.properties
        workstation = self.topics.workstation_of(message.topic.value)
        response_topic = getattr(properties, "ResponseTopic", None) if properties else None
        if not response_topic:
            log.warning("a request from %s without a response topic: dropped", workstation)
            return
        if response_topic != self.topics.response(workstation):
            # the server may publish anywhere in its group: it answers only where the
            # requesting workstation reads, never on a topic a request names at will
            log.warning("a request from %s asks for its answer on %s, not on %s: dropped",
                        workstation, response_topic, self.topics.response(workstation))  # fmt: skip
            return
        answer = await self.handler.answer(payload_bytes(message), workstation)
        out = Properties(PacketTypes.PUBLISH)  # type: ignore[no-untyped-call]
        correlation = getattr(properties, "CorrelationData", None)
        if correlation is not None:
            out.CorrelationData = correlation
        client = self.connection.client
        if client is None:
            log.warning("the answer to %s is lost: no broker", workstation)
            return
        try:
            await client.publish(response_topic, answer.to_json(), qos=1, properties=out)
        except aiomqtt.MqttError as exc:
            log.warning("the answer to %s is lost: %s", workstation, exc)


def _plain(name: str) -> bool:
    """The name is the last level of its topic as it is (see ``topic_part``)."""
    return "/" not in name and "+" not in name and "#" not in name and name == name.strip()
