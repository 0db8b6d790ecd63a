"""The console's link to the control room's server: the one "driver" of a console client.

``ServerLink`` serves every tag of the project behind the Driver protocol (start, stop,
write, status), over one MQTT 5 connection to the broker that reconnects by itself (backoff
0.1 s doubling to 1 s, forever). It subscribes to the group's Sparkplug B messages (values,
by ``SparkplugHost``), the server's status, its retained alarms and states, and this
workstation's response topic (answers to ``requests``).

When the values stop coming, every value turns Bad ``server unreachable`` at once, keeping
its last value visible: on the server's death certificate (NDEATH of the current birth), an
area's DDEATH, the server's status going offline, or the broker connection closing (a TCP
close is seen immediately; a broker that goes silent without closing is noticed by the MQTT
keep-alive, 2 s, within about 3 to 5 s). Values stay Bad after a reconnect until a birth
brings them again: on every (re)connect, and whenever a sequence gap or data before a birth
shows messages were lost, the link asks the server for its births (the ``rebirth`` request).

The answer to the rebirth request of a new connection also marks the end of the broker's
retained messages for that connection (they are queued before it): then the alarms and states
the server no longer holds are dropped (``RetainedFeed.session_complete``).

``status()`` gives the link's own connection (``stats.requests`` counts the messages
received) and then the server's field connections as it publishes them, named
``server/<name>``, so the connection lights show both. A console never writes to the field:
``write`` refuses; operator writes go to the server as requests (``RemoteSession.write``).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

import aiomqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from tags.clock import Clock
from tags.control_room.broker import BrokerConfigError, BrokerUrl
from tags.control_room.console.client_requests import DEFAULT_TIMEOUT, LinkDown, ServerRequests
from tags.control_room.console.remote_states import RemoteStates
from tags.control_room.console.sparkplug_host import UNREACHABLE, SparkplugHost
from tags.control_room.messages import Action, MessageError, loads, need
from tags.control_room.sparkplug import MessageType, SparkplugError, Topic, decode
from tags.control_room.topics import Topics, topic_part
from tags.drivers.base import (
    ConnectionState,
    ConnectionStats,
    ConnectionStatus,
    Heartbeat,
    WriteError,
)
from tags.model import Batch, Publish, Quality, TagDef, Value
from tags.shutdown import cancel_all

log = logging.getLogger(__name__)

RECONNECT_FIRST = 0.1
RECONNECT_MAX = 1.0
"""Seconds between connection attempts: from the first, doubling up to the maximum."""
REBIRTH_RETRY = 3.0
"""Seconds before the births are asked for again when they did not come."""
HEARTBEAT_PERIOD = 0.5
"""How often the values of a live session are confirmed current in the tag database (more
often for tags scanned faster: every scan period of the fastest, so none turns stale here
between two confirmations)."""
WRITES_GO_TO_SERVER = (
    "a console of a control room never writes to the field: "
    "writes go to the server as requests (RemoteSession.write)"
)


class RetainedFeed(Protocol):
    """A consumer of one retained subtree (alarms, states)."""

    def session_started(self) -> None:
        """A new broker connection: the retained messages are about to arrive again."""

    def take(self, part: str, payload: bytes) -> None:
        """One message; ``part`` is the last level of its topic."""

    def session_complete(self) -> None:
        """The retained messages of the connection have all arrived."""


class ServerLink:
    """Every tag of a project, served by the control room's server through the broker."""

    kind = "server link (MQTT)"

    def __init__(
        self,
        tags: Iterable[TagDef],
        publish: Publish,
        clock: Clock,
        *,
        broker: BrokerUrl,
        topics: Topics,
        workstation: str,
        heartbeat: Heartbeat | None = None,
        alarms: RetainedFeed | None = None,
        request_timeout: float = DEFAULT_TIMEOUT,
        name: str = "server",
    ) -> None:
        self.tags = list(tags)
        self.heartbeat_period = min([HEARTBEAT_PERIOD, *(t.scan_period for t in self.tags)])
        self.clock = clock
        self.broker = broker
        self.topics = topics
        self.workstation = workstation
        self.name = name
        self.identifier = f"{topics.group}-console-{topic_part(workstation)}"
        """The MQTT client id (one per workstation)."""
        self.host = SparkplugHost(self.tags, topics.group, topics.node)
        self.states = RemoteStates()
        """The server's retained states (connections, kpis, ...)."""
        self.alarms = alarms
        self.requests = ServerRequests(self._send_request, timeout=request_timeout)
        """Requests to the server and their answers, over this link."""
        self.stats = ConnectionStats()
        self.state = ConnectionState.STOPPED
        self.rebirth_requests = 0
        self.server_info: dict[str, Any] = {}
        """The server's last status message."""
        self._publish = publish
        self._heartbeat = heartbeat
        self._why = "not started"
        self._server_online: bool | None = None
        self._client: aiomqtt.Client | None = None
        self._generation = 0
        self._rebirth_asked: float | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._background: set[asyncio.Task[None]] = set()
        self._feeds: list[tuple[str, RetainedFeed]] = [(f"{topics.base}/state/", self.states)]
        if alarms is not None:
            self._feeds.append((f"{topics.base}/alarms/", alarms))
        self._sparkplug_prefix = topics.sparkplug_all.removesuffix("#")
        self._response = topics.response(workstation)

    # the Driver protocol ----------------------------------------------------------------------

    async def start(self) -> None:
        """Connect in the background; returns at once (values arrive with the births)."""
        if self._tasks:
            return
        self.state = ConnectionState.CONNECTING
        self._why = "connecting to the broker"
        self._tasks = [
            asyncio.create_task(self._run(), name=f"server-link-{self.workstation}"),
            asyncio.create_task(self._watch(), name=f"server-link-watch-{self.workstation}"),
        ]

    async def stop(self) -> None:
        """Disconnect and end every task; requests still waiting are answered UNAVAILABLE."""
        tasks = [*self._tasks, *self._background]
        self._tasks = []
        await cancel_all(tasks)
        self._client = None
        self.requests.cut_off("the console stopped")
        self.state = ConnectionState.STOPPED
        self._why = "stopped"

    async def write(self, tag: TagDef, value: Value) -> None:
        raise WriteError(WRITES_GO_TO_SERVER, Quality.BAD_CONFIGURATION_ERROR)

    def status(self) -> Sequence[ConnectionStatus]:
        """The link, then the server's own connections (last known while unreachable)."""
        stats = dataclasses.replace(self.stats, last_rtt_ms=self.requests.last_round_trip_ms)
        own = ConnectionStatus(
            self.name, self.kind, str(self.broker), self.state, self.detail, stats, len(self.tags)
        )
        reachable = self.state is ConnectionState.CONNECTED
        server: list[ConnectionStatus] = []
        for status in self.states.connections():
            status = dataclasses.replace(
                status, name=f"{self.name}/{status.name}", kind=f"{status.kind} (server)"
            )
            if not reachable:
                status = dataclasses.replace(
                    status,
                    state=self.state,
                    detail=f"unknown while the server is unreachable "
                    f"(last known: {status.state.value})",
                )
            server.append(status)
        return [own, *server]

    @property
    def detail(self) -> str:
        if self.state is ConnectionState.CONNECTED:
            info = self.server_info
            host = info.get("host")
            where = f" on {host}" if isinstance(host, str) and host else ""
            return f"server {self.topics.node}{_serving(info)}{where} online"
        return f"{UNREACHABLE}: {self._why}"

    @property
    def connected(self) -> bool:
        """Connected to the broker (the server may still be unreachable)."""
        return self._client is not None

    # the connection ---------------------------------------------------------------------------

    async def _run(self) -> None:
        delay = RECONNECT_FIRST
        while True:
            why, failed = "broker connection closed", False
            try:
                async with aiomqtt.Client(**self.broker.client_kwargs(self.identifier)) as client:
                    delay = RECONNECT_FIRST
                    await self._session(client)
            except aiomqtt.MqttError as exc:
                why = f"broker {'connection lost' if self._client else 'not reachable'}: {exc}"
            except BrokerConfigError as exc:
                why, failed = str(exc), True
            except Exception as exc:  # a bug must not end the link: log it and reconnect
                log.exception("server link: unexpected failure")
                why = f"unexpected failure: {exc}"
            self._lost(why)
            self.state = ConnectionState.FAILED if failed else ConnectionState.RECONNECTING
            await asyncio.sleep(delay)
            delay = min(delay * 2, RECONNECT_MAX)

    async def _session(self, client: aiomqtt.Client) -> None:
        if self._generation:
            self.stats.reconnects += 1
        self._generation += 1
        generation = self._generation
        self._client = client
        self._why = "waiting for the server's birth"
        self.state = ConnectionState.CONNECTING
        log.info("server link: connected to %s as %s", self.broker, self.identifier)
        for _, feed in self._feeds:
            feed.session_started()
        topics = self.topics
        wanted = (
            topics.sparkplug_all,
            topics.server,
            topics.alarms_all,
            topics.state_all,
            self._response,
        )
        await client.subscribe([(topic, 1) for topic in wanted])
        self._ask_rebirth("connected", complete=generation)
        async for message in client.messages:
            self._dispatch(message)

    def _lost(self, why: str) -> None:
        """The broker connection ended: every value Bad, waiting requests answered."""
        if self._client is not None:
            log.warning("server link: %s", why)
        self._client = None
        self._why = why
        self._server_online = None
        self._rebirth_asked = None
        now = self.clock.now()
        self.stats.record_error(why, now)
        self.requests.cut_off(why)
        self._publish_batch(self.host.lose(Quality.BAD_NOT_CONNECTED, now))

    async def _watch(self) -> None:
        """Confirm the values of a live session; ask again for births that did not come."""
        while True:
            await asyncio.sleep(self.heartbeat_period)
            if self._client is None:
                continue
            if self.host.born:
                if self._heartbeat is not None:
                    self._heartbeat(self.host.live_names(), self.clock.now())
            elif self._server_online is not False:
                self._ask_rebirth("no birth yet")

    # messages ---------------------------------------------------------------------------------

    def _dispatch(self, message: aiomqtt.Message) -> None:
        self.stats.requests += 1
        topic = message.topic.value
        raw = message.payload
        payload = bytes(raw) if isinstance(raw, bytes | bytearray) else b""
        try:
            if topic.startswith(self._sparkplug_prefix):
                self._sparkplug(topic, payload)
            elif topic == self._response:
                correlation = getattr(message.properties, "CorrelationData", None)
                self.requests.take_answer(correlation, payload)
            elif topic == self.topics.server:
                self._server_status(payload)
            else:
                for prefix, feed in self._feeds:
                    if topic.startswith(prefix):
                        feed.take(topic[len(prefix) :], payload)
                        break
        except Exception as exc:  # one bad message must not end the link
            log.exception("server link: message on %s not handled", topic)
            self.stats.record_error(f"{topic}: {exc}", self.clock.now())

    def _sparkplug(self, text: str, data: bytes) -> None:
        now = self.clock.now()
        try:
            topic = Topic.parse(text)
            payload = decode(data)
        except SparkplugError as exc:
            self.stats.record_error(str(exc), now)
            log.warning("server link: %s", exc)
            return
        outcome = self.host.take(topic, payload, now)
        self._publish_batch(outcome.batch)
        if topic.kind is MessageType.NBIRTH and self.host.born:
            self._rebirth_asked = None
        if outcome.lost:
            log.warning("server link: %s", outcome.lost)
            if not self.host.born:
                self._why = outcome.lost
        if outcome.rebirth:
            self.stats.record_error(outcome.rebirth, now)
            self._ask_rebirth(outcome.rebirth)
        self._update_state()

    def _server_status(self, payload: bytes) -> None:
        try:
            status = loads(payload) if payload else {"online": False}
            online = bool(need(status, "online", bool))
        except MessageError as exc:
            self.stats.record_error(f"server status: {exc}", self.clock.now())
            return
        self.server_info = status
        was, self._server_online = self._server_online, online
        if not online:
            reason = status.get("reason")
            self._why = f"server offline{f' ({reason})' if isinstance(reason, str) else ''}"
            if was is not False:
                log.warning("server link: the server is offline")
            self._publish_batch(self.host.lose(Quality.BAD_NO_COMMUNICATION, self.clock.now()))
        elif was is False:
            # its births may have come before this status (two connections on the server)
            self._ask_rebirth("server back online", force=True)
        self._update_state()

    def _update_state(self) -> None:
        if self._client is None:
            return
        if self.host.born and self._server_online is not False:
            self.state = ConnectionState.CONNECTED
        else:
            self.state = ConnectionState.CONNECTING
            if self.host.born:
                self._why = "server offline"

    def _publish_batch(self, batch: Batch) -> None:
        if batch:
            self._publish(batch)

    # requests ---------------------------------------------------------------------------------

    def _ask_rebirth(self, why: str, *, force: bool = False, complete: int | None = None) -> None:
        """Ask for the births (at most once per REBIRTH_RETRY unless ``force``); with
        ``complete``, the answer also ends the retained messages of that connection."""
        if self._client is None:
            return
        now = self.clock.monotonic()
        recent = self._rebirth_asked is not None and now - self._rebirth_asked < REBIRTH_RETRY
        if recent and not force and complete is None:
            return
        self._rebirth_asked = now
        self.rebirth_requests += 1
        log.info("server link: asking for the births (%s)", why)
        task = asyncio.create_task(self._rebirth(complete))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _rebirth(self, complete: int | None) -> None:
        answer = await self.requests.request(Action.REBIRTH)
        if not answer.ok:
            log.warning("server link: rebirth request: %s", answer.error)
        if complete is not None and complete == self._generation and self._client is not None:
            for _, feed in self._feeds:
                feed.session_complete()

    async def _send_request(self, payload: bytes, correlation: bytes) -> None:
        client = self._client
        if client is None:
            raise LinkDown(self._why)
        properties = Properties(PacketTypes.PUBLISH)  # type: ignore[no-untyped-call]
        properties.ResponseTopic = self._response
        properties.CorrelationData = correlation
        topic = self.topics.request(self.workstation)
        try:
            await client.publish(topic, payload, qos=1, properties=properties)
        except aiomqtt.MqttError as exc:
            raise LinkDown(str(exc)) from None


def _serving(info: dict[str, Any]) -> str:
    """Which server of a redundant pair serves, and since when (" (b, primary since
    14:02:11)"); empty for a server on its own."""
    instance, role, since = info.get("instance"), info.get("role"), info.get("serving_since")
    if not isinstance(instance, str) or not instance:
        return ""
    text = f"{instance}, {role}" if isinstance(role, str) and role else instance
    if isinstance(since, int | float) and since > 0:
        text += f" since {time.strftime('%H:%M:%S', time.localtime(since))}"
    return f" ({text})"
