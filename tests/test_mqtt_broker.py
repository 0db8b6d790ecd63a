"""The test broker is a real Mosquitto speaking MQTT 5: a message published with a response
topic and correlation data (the request/response pattern operator actions will use) arrives
with both, and a broker restarted on the same port is reachable again."""

from __future__ import annotations

import asyncio

import aiomqtt
import pytest
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from tests.mqtt_broker import MqttBroker


def client(broker: MqttBroker, name: str) -> aiomqtt.Client:
    return aiomqtt.Client(
        "127.0.0.1", broker.port, identifier=name, protocol=aiomqtt.ProtocolVersion.V5
    )


@pytest.mark.asyncio
async def test_a_request_arrives_with_its_response_topic_and_correlation(
    mqtt_broker: MqttBroker,
) -> None:
    async with client(mqtt_broker, "server") as server, client(mqtt_broker, "console") as console:
        await server.subscribe("hmi/test/request", qos=1)
        properties = Properties(PacketTypes.PUBLISH)
        properties.ResponseTopic = "hmi/test/answer/console"
        properties.CorrelationData = b"42"
        await console.publish("hmi/test/request", b"ack ALARM.1", qos=1, properties=properties)
        async with asyncio.timeout(10):
            message = await anext(server.messages)
        assert message.payload == b"ack ALARM.1"
        assert message.properties is not None
        assert message.properties.ResponseTopic == "hmi/test/answer/console"
        assert message.properties.CorrelationData == b"42"


@pytest.mark.asyncio
async def test_the_broker_restarted_on_its_port_is_reachable_again(
    mqtt_broker: MqttBroker,
) -> None:
    async with client(mqtt_broker, "before"):
        pass
    mqtt_broker.stop()
    with pytest.raises(aiomqtt.MqttError):
        async with client(mqtt_broker, "while-down"):
            pass
    mqtt_broker.start()
    async with client(mqtt_broker, "after") as again:
        await again.publish("hmi/test/ping", b"1", qos=1)
