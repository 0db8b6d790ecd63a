"""MQTT clients for the tests of the control room's broker, from broker URLs (as the server and
the consoles make theirs): an aiomqtt client, a publish that reports the broker's PUBACK reason
code (aiomqtt does not pass it on; paho's ``on_publish`` does), and a collector of messages
that proves a message never came by waiting for a later marker from the same publisher."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterable

import aiomqtt
import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.reasoncodes import ReasonCode

from tags.control_room.broker import parse_broker_url
from tests.waiting import GENEROUS


def client(url: str, identifier: str) -> aiomqtt.Client:
    """An MQTT 5 client of the user the URL names (password from its file)."""
    return aiomqtt.Client(**parse_broker_url(url, where="test").client_kwargs(identifier))


def _publish_blocking(url: str, identifier: str, topic: str, payload: bytes) -> ReasonCode:
    broker = parse_broker_url(url, where="test")
    connected, published = threading.Event(), threading.Event()
    reasons: dict[str, ReasonCode] = {}

    def on_connect(*args: object) -> None:
        reasons["connect"] = args[3]  # type: ignore[assignment]
        connected.set()

    def on_publish(*args: object) -> None:
        reasons["publish"] = args[3]  # type: ignore[assignment]
        published.set()

    paho = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=identifier, protocol=mqtt.MQTTv5)
    paho.username_pw_set(broker.user, broker.password())
    context = broker.tls_context()
    if context is not None:
        paho.tls_set_context(context)
    paho.on_connect, paho.on_publish = on_connect, on_publish
    paho.connect(broker.host, broker.port)
    paho.loop_start()
    try:
        if not connected.wait(GENEROUS) or reasons["connect"].is_failure:
            raise AssertionError(f"{broker.user} could not connect: {reasons.get('connect')}")
        paho.publish(topic, payload, qos=1)
        if not published.wait(GENEROUS):
            raise AssertionError(f"no PUBACK for {topic} within {GENEROUS} s")
        return reasons["publish"]
    finally:
        paho.disconnect()
        paho.loop_stop()


async def publish_reason(url: str, identifier: str, topic: str, payload: bytes) -> ReasonCode:
    """Publish once with QoS 1 and return the reason code of the broker's PUBACK (MQTT 5:
    "Not authorized", 135, when the ACL forbids it)."""
    return await asyncio.to_thread(_publish_blocking, url, identifier, topic, payload)


class Collector:
    """The messages one client receives, by topic, in order."""

    def __init__(self, subscriber: aiomqtt.Client) -> None:
        self.subscriber = subscriber
        self.received: list[tuple[str, bytes]] = []

    async def subscribe(self, filters: Iterable[str]) -> None:
        for topic_filter in filters:
            await self.subscriber.subscribe(topic_filter, qos=1)

    def topics(self) -> list[str]:
        return [topic for topic, _ in self.received]

    async def until(self, topic: str, payload: bytes) -> list[tuple[str, bytes]]:
        """Collect until ``payload`` arrives on ``topic``; everything a publisher sent before
        that marker has arrived by then (one publisher's messages keep their order)."""
        async with asyncio.timeout(GENEROUS):
            async for message in self.subscriber.messages:
                data = bytes(message.payload)  # type: ignore[arg-type]
                self.received.append((str(message.topic), data))
                if str(message.topic) == topic and data == payload:
                    return self.received
        raise AssertionError("the subscription ended before the marker")
