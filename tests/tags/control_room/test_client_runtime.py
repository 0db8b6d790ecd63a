"""The engine a Qt console of a server runs (ClientRuntime), without Qt: the server's values
and states through a real broker, trend history read from the shared PostgreSQL store the
server records into (this console recording nothing), writes refused here only when the
console may not write at all, and everything closed at the end."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tags.config.project import load_project
from tags.console_runtime import ConsoleRuntime
from tags.control_room.broker import parse_broker_url
from tags.control_room.console.client_runtime import ClientRuntime
from tags.control_room.console.remote_analytics import RemoteAnalytics
from tags.control_room.console.server_choice import ServerChoice
from tags.control_room.server.server import ControlRoomServer
from tags.control_room.topics import Topics
from tags.mode import Mode
from tags.model import Quality
from tags.runtime import Runtime
from tags.store.url import StoreUrl
from tags.write_path import WriteStatus
from tests.mqtt_broker import MqttBroker
from tests.tags.control_room.room_bench import GROUP, write_project
from tests.waiting import recorded, until

pytestmark = [pytest.mark.slow, pytest.mark.asyncio]


async def test_a_console_of_a_server_trends_the_shared_history_and_records_nothing(
    mqtt_broker: MqttBroker, pg_url: StoreUrl, tmp_path: Path
) -> None:
    project = dataclasses.replace(load_project(write_project(tmp_path / "project")), store=pg_url)
    runtime = Runtime(project, tmp_path / "server")
    await runtime.start()
    server = ControlRoomServer(runtime, parse_broker_url(mqtt_broker.url, where="test"),
                               Topics(GROUP))  # fmt: skip
    server.start()
    choice = ServerChoice(parse_broker_url(mqtt_broker.url, where="test"), GROUP, workstation="c1")
    client = ClientRuntime(project, tmp_path / "console", choice)
    try:
        console: ConsoleRuntime = client  # what the Qt layer reads
        assert console.server is client.server and console.historian is None
        assert console.shared_history is not None
        assert isinstance(console.analytics, RemoteAnalytics)  # the server's
        assert client.mode is Mode.SIMULATION  # a project of sim:// tags, before the server says
        await client.start()
        await until(lambda: client.server.reachable)
        await until(lambda: client.db.get("NORTH.FLOW").quality is Quality.GOOD)
        assert client.mode is Mode.SIMULATION  # the server's training state says so now
        assert client.server.unreachable_since is None
        assert runtime.historian is not None
        await recorded(runtime.historian, "NORTH.FLOW", count=1)
        samples = await console.shared_history.raw("NORTH.FLOW", 0.0, 1e10)
        assert samples and samples[0].value == 10.0
        assert not (tmp_path / "console" / "history.db").exists()
        refused = await client.writes.write("NORTH.FLOW", 42, user=None)
        assert refused.status is WriteStatus.REFUSED  # a console nobody is logged in to
        assert refused.reason == "no user is logged in"  # said here, nothing sent
        assert not [r for r in runtime.audit.query() if r.tag == "NORTH.FLOW"]
    finally:
        await client.stop()
        await client.stop()  # safe twice
        await server.stop()
        await runtime.stop()
