"""The control room's broker on a real Mosquitto, configured as ``broker init`` makes it: only
TLS clients that trust the control room's authority and give a known user's password get in;
a console publishes its own requests and nothing else, reads values, states and its own
answers, never another console's; the server publishes everything of its group; a Sparkplug
host reads values and may ask for a rebirth, nothing more."""

from __future__ import annotations

import asyncio
import socket
import ssl
from pathlib import Path

import aiomqtt
import pytest

from tags.control_room.broker import PASSWORD_VARIABLE
from tags.control_room.sparkplug import MessageType
from tags.control_room.topics import Topics
from tests.mqtt_broker import GROUP, SERVER_USER, SPARKPLUG_HOST, MqttBroker
from tests.mqtt_clients import Collector, client, publish_reason
from tests.waiting import GENEROUS

NOT_AUTHORIZED = 135
TOPICS = Topics(GROUP)
DDATA = TOPICS.sparkplug(MessageType.DDATA, "CWP")
NBIRTH = TOPICS.sparkplug(MessageType.NBIRTH)
NCMD = TOPICS.sparkplug(MessageType.NCMD)

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]


def mqtt5_connect(identifier: bytes) -> bytes:
    """An MQTT 5 CONNECT packet (clean start, no properties), as a plain-TCP client sends."""
    variable = b"\x00\x04MQTT\x05\x02\x00\x3c\x00"
    payload = len(identifier).to_bytes(2, "big") + identifier
    return bytes([0x10, len(variable) + len(payload)]) + variable + payload


async def test_a_plain_tcp_client_gets_no_answer_from_the_tls_listener(
    secured_mqtt_broker: MqttBroker,
) -> None:
    with socket.create_connection(("127.0.0.1", secured_mqtt_broker.port), GENEROUS) as plain:
        plain.sendall(mqtt5_connect(b"plain"))
        try:
            answer = plain.recv(16)
        except ConnectionResetError:
            answer = b""
    assert answer == b"", f"the TLS listener answered a plain MQTT CONNECT: {answer!r}"


async def test_a_tls_client_that_trusts_the_control_rooms_authority_gets_in(
    secured_mqtt_broker: MqttBroker,
) -> None:
    for user in (SERVER_USER, "ws-1", SPARKPLUG_HOST):
        async with client(secured_mqtt_broker.url_for(user), f"{user}-in") as connected:
            await connected.publish(f"hmi/elsewhere/{user}", b"", qos=0)


def tls_handshake(port: int, server_name: str, ca: Path | None) -> None:
    """A TLS handshake with the broker as a client checking it against ``ca`` (None: the
    system's authorities); raises ssl.SSLError when the broker's certificate does not do."""
    context = ssl.create_default_context(cafile=str(ca) if ca else None)
    with (
        socket.create_connection(("127.0.0.1", port), GENEROUS) as raw,
        context.wrap_socket(raw, server_hostname=server_name),
    ):
        pass


async def test_the_broker_proves_itself_with_the_control_rooms_authority_only(
    secured_mqtt_broker: MqttBroker,
) -> None:
    assert secured_mqtt_broker.secured is not None
    port, ca = secured_mqtt_broker.port, secured_mqtt_broker.secured.ca
    for name in ("127.0.0.1", "localhost"):
        await asyncio.to_thread(tls_handshake, port, name, ca)
    with pytest.raises(ssl.SSLCertVerificationError, match="self-signed certificate in"):
        await asyncio.to_thread(tls_handshake, port, "localhost", None)
    with pytest.raises(ssl.SSLCertVerificationError, match="mismatch"):
        await asyncio.to_thread(tls_handshake, port, "broker.elsewhere", ca)


async def test_a_wrong_password_is_refused(
    secured_mqtt_broker: MqttBroker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSWORD_VARIABLE, "not-the-password")
    with pytest.raises(aiomqtt.MqttCodeError) as refused:
        async with client(secured_mqtt_broker.url_for("ws-1"), "wrong-password"):
            pass
    assert refused.value.rc == NOT_AUTHORIZED


async def test_an_unknown_user_and_an_anonymous_client_are_refused(
    secured_mqtt_broker: MqttBroker, monkeypatch: pytest.MonkeyPatch
) -> None:
    known = secured_mqtt_broker.url_for("ws-1")
    monkeypatch.setenv(PASSWORD_VARIABLE, "whatever")
    for url in (known.replace("ws-1@", "intruder@", 1), known.replace("ws-1@", "", 1)):
        with pytest.raises(aiomqtt.MqttCodeError) as refused:
            async with client(url, "stranger"):
                pass
        assert refused.value.rc == NOT_AUTHORIZED, url


async def test_a_console_cannot_publish_values_alarms_states_or_as_another_workstation(
    secured_mqtt_broker: MqttBroker,
) -> None:
    console = secured_mqtt_broker.url_for("ws-1")
    forbidden = [
        DDATA,
        NBIRTH,
        NCMD,
        TOPICS.alarm("CWP.DMC.DENS.HI"),
        TOPICS.state("connections"),
        TOPICS.server,
        TOPICS.request("ws-2"),
        TOPICS.response("ws-1"),
    ]
    async with client(secured_mqtt_broker.url, "server-watch") as server:
        watch = Collector(server)
        await watch.subscribe([TOPICS.sparkplug_all, f"{TOPICS.base}/#"])
        for topic in forbidden:
            reason = await publish_reason(console, "ws-1", topic, b"forged")
            assert reason.value == NOT_AUTHORIZED, f"{topic}: {reason}"
        assert not (
            await publish_reason(console, "ws-1", TOPICS.request("ws-1"), b"mark")
        ).is_failure
        received = await watch.until(TOPICS.request("ws-1"), b"mark")
    assert received == [(TOPICS.request("ws-1"), b"mark")]


async def test_a_console_reads_values_status_alarms_states_and_only_its_own_answers(
    secured_mqtt_broker: MqttBroker,
) -> None:
    allowed = [
        DDATA,
        TOPICS.server,
        TOPICS.alarm("A1"),
        TOPICS.state("kpis"),
        TOPICS.response("ws-1"),
        TOPICS.state("marker"),
    ]
    console = secured_mqtt_broker.url_for("ws-1")
    async with (
        client(secured_mqtt_broker.url, "server") as server,
        client(console, "ws-1-wide") as wide_console,
        client(console, "ws-1") as exact_console,
        client(secured_mqtt_broker.url_for("ws-2"), "ws-2") as other_console,
    ):
        wide, exact = Collector(wide_console), Collector(exact_console)
        # subscribing to everything is granted; the broker delivers what the ACL lets it read
        await wide.subscribe(["spBv1.0/#", f"{TOPICS.base}/#"])
        await exact.subscribe(
            [
                TOPICS.sparkplug_all,
                TOPICS.server,
                TOPICS.alarms_all,
                TOPICS.state_all,
                TOPICS.response("ws-1"),
            ]
        )
        await other_console.publish(TOPICS.request("ws-2"), b"a log-in, with a password", qos=1)
        await server.publish(TOPICS.response("ws-2"), b"a session", qos=1)
        for topic in allowed:
            await server.publish(topic, b"1", qos=1)
        for reading in (wide, exact):
            await reading.until(TOPICS.state("marker"), b"1")
            assert reading.topics() == allowed


async def test_the_server_publishes_everything_of_its_group_and_reads_requests(
    secured_mqtt_broker: MqttBroker,
) -> None:
    topics = [
        NBIRTH,
        TOPICS.sparkplug(MessageType.DBIRTH, "CWP"),
        DDATA,
        TOPICS.server,
        TOPICS.alarm("A1"),
        TOPICS.state("connections"),
        TOPICS.response("ws-1"),
    ]
    async with (
        client(secured_mqtt_broker.url, "server-publishes") as server,
        client(secured_mqtt_broker.url, "server-reads") as reader,
        client(secured_mqtt_broker.url_for("ws-2"), "ws-2") as console,
    ):
        watch = Collector(reader)
        await watch.subscribe([TOPICS.sparkplug_all, f"{TOPICS.base}/#"])
        for topic in topics:
            await server.publish(topic, b"1", qos=1)
        await console.publish(TOPICS.request("ws-2"), b"ack", qos=1)
        await watch.until(TOPICS.request("ws-2"), b"ack")
    assert sorted(watch.topics()) == sorted([*topics, TOPICS.request("ws-2")])
    outside = await publish_reason(
        secured_mqtt_broker.url, "server", "spBv1.0/other/DDATA/n/d", b""
    )
    assert outside.value == NOT_AUTHORIZED


async def test_a_sparkplug_host_reads_values_asks_for_rebirth_and_nothing_else(
    secured_mqtt_broker: MqttBroker,
) -> None:
    host = secured_mqtt_broker.url_for(SPARKPLUG_HOST)
    for topic in (DDATA, TOPICS.request(SPARKPLUG_HOST), TOPICS.alarm("A1")):
        reason = await publish_reason(host, SPARKPLUG_HOST, topic, b"forged")
        assert reason.value == NOT_AUTHORIZED, f"{topic}: {reason}"
    assert not (await publish_reason(host, SPARKPLUG_HOST, NCMD, b"rebirth")).is_failure
    async with (
        client(secured_mqtt_broker.url, "server") as server,
        client(host, SPARKPLUG_HOST) as scada,
    ):
        reading = Collector(scada)
        await reading.subscribe(["spBv1.0/#", f"{TOPICS.base}/#"])
        await server.publish(TOPICS.alarm("A1"), b"alarm", qos=1)
        await server.publish(TOPICS.response(SPARKPLUG_HOST), b"answer", qos=1)
        await server.publish(DDATA, b"value", qos=1)
        received = await reading.until(DDATA, b"value")
    assert received == [(DDATA, b"value")]
