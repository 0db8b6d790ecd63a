"""Sparkplug's bdSeq across the server's restarts: kept in a file of its data folder, replaced
at once, continued by the next run (0 to 255 and round again); a damaged file starts from 0
and says so. On a real broker: the restarted server's NBIRTH follows the previous one, and a
console ignores the previous session's death arriving after the new birth."""

from __future__ import annotations

import contextlib
import logging
import stat
from collections.abc import AsyncIterator
from pathlib import Path

import aiomqtt
import pytest

from tags.config.project import Project, load_project
from tags.control_room import sparkplug as spb
from tags.control_room.broker import parse_broker_url
from tags.control_room.console.console_client import ConsoleClient
from tags.control_room.server.birth_sequence import (
    BD_SEQ_FILE,
    BirthSequence,
    read_bd_seq,
    write_bd_seq,
)
from tags.control_room.server.server import ControlRoomServer
from tags.control_room.sparkplug import MessageType
from tags.control_room.topics import Topics
from tags.model import Quality
from tags.runtime import Runtime
from tests.mqtt_broker import MqttBroker
from tests.tags.control_room.room_bench import GROUP, write_project
from tests.waiting import until

TOPICS = Topics(GROUP)


def test_the_count_goes_on_from_the_previous_run(tmp_path: Path) -> None:
    path = tmp_path / BD_SEQ_FILE
    first = BirthSequence(path)
    assert first.last is None and [first.take(), first.take()] == [0, 1]
    assert path.read_text() == "1\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == [BD_SEQ_FILE]  # no spare file left
    again = BirthSequence(path)
    assert again.last == 1 and again.take() == 2


def test_the_count_goes_round_after_255(tmp_path: Path) -> None:
    path = tmp_path / BD_SEQ_FILE
    write_bd_seq(path, 255)
    assert BirthSequence(path).take() == 0


@pytest.mark.parametrize("text", ["", "seven\n", "-1\n", "256\n", "\xff"])
def test_a_damaged_file_starts_from_0_and_says_which_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, text: str
) -> None:
    path = tmp_path / BD_SEQ_FILE
    path.write_text(text, encoding="latin-1")
    with caplog.at_level(logging.WARNING):
        assert read_bd_seq(path) is None
        assert BirthSequence(path).take() == 0
    assert str(path) in caplog.text and "bdSeq starts at 0" in caplog.text
    assert read_bd_seq(path) == 0  # the file is whole again


def test_without_a_file_the_count_is_in_memory() -> None:
    births = BirthSequence(None)
    assert [births.take() for _ in range(3)] == [0, 1, 2]


@contextlib.asynccontextmanager
async def serving(project: Project, data_dir: Path, broker: MqttBroker) -> AsyncIterator[None]:
    """The bench's server on ``broker``, its data in ``data_dir`` (stopped cleanly)."""
    runtime = Runtime(project, data_dir)
    await runtime.start()
    server = ControlRoomServer(runtime, parse_broker_url(broker.url, where="test"), TOPICS)
    server.start()
    try:
        yield
    finally:
        await server.stop()
        await runtime.stop()


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_restarted_server_continues_bd_seq_and_a_stale_death_changes_nothing(
    mqtt_broker: MqttBroker, tmp_path: Path
) -> None:
    project = load_project(write_project(tmp_path / "project"))
    data_dir = tmp_path / "server"
    broker = parse_broker_url(mqtt_broker.url, where="test")
    client = ConsoleClient(project, broker, "ws-1", group=GROUP)
    host = client.link.host
    await client.start()
    try:
        async with serving(project, data_dir, mqtt_broker):
            await until(lambda: host.born and client.db.get("NORTH.FLOW").quality.is_good)
            first = host.bd_seq
            assert first == 0 and read_bd_seq(data_dir / BD_SEQ_FILE) == 0
        await until(lambda: not client.db.get("NORTH.FLOW").quality.is_good)  # its clean death
        async with serving(project, data_dir, mqtt_broker):
            await until(lambda: host.born and client.db.get("NORTH.FLOW").quality.is_good)
            assert host.bd_seq == first + 1  # the new NBIRTH follows the previous one
            assert read_bd_seq(data_dir / BD_SEQ_FILE) == first + 1

            # the previous session's will, delivered late: another birth's death
            stale = spb.node_death(first).SerializeToString()
            async with aiomqtt.Client("127.0.0.1", mqtt_broker.port, identifier="late-will",
                                      protocol=aiomqtt.ProtocolVersion.V5) as other:  # fmt: skip
                await other.publish(TOPICS.sparkplug(MessageType.NDEATH), stale, qos=1)
            await until(lambda: host.stale_deaths == 1)
            assert host.born and client.server_reachable
            assert client.db.get("NORTH.FLOW").quality is Quality.GOOD
    finally:
        await client.stop()
