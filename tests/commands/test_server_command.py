"""``python main.py server``: a headless process (no Qt loaded) that serves the project on the
broker; killed, the broker publishes its death and its offline status; stopped with SIGINT, it
publishes both itself and exits 0. A missing or bad --broker is one line naming the option."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from commands.cli import main
from tags.control_room import sparkplug as spb
from tags.control_room import state_messages as sm
from tags.control_room.sparkplug import MessageType, Topic
from tags.control_room.topics import Topics
from tags.store.url import StoreUrl
from tests.mqtt_broker import MqttBroker
from tests.paths import MAIN_PY, ROOT
from tests.pg_server import PgServer
from tests.tags.control_room.room_bench import GROUP, Console, console, write_project
from tests.tags.control_room.shared_store_room import shared_store
from tests.waiting import GENEROUS, until

TOPICS = Topics(GROUP)
QT_MODULES = ("PySide6", "qasync", "pyqtgraph", "shiboken6")


def start_server(broker: MqttBroker, folder: Path, *python_options: str) -> subprocess.Popen[str]:
    project = write_project(folder / "project")
    command = [
        sys.executable, *python_options, str(MAIN_PY), "--data-dir", str(folder / "data"),
        "server", "--project", str(project), "--broker", broker.url, "--group", GROUP,
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def of_kind(room: Console, kind: MessageType) -> list[spb.Payload]:
    return [
        spb.decode(r.payload)
        for r in room.received
        if r.topic.startswith(spb.NAMESPACE) and Topic.parse(r.topic).kind is kind
    ]


def bd_seq(payload: spb.Payload) -> int:
    return next(int(m.long_value) for m in payload.metrics if m.name == spb.BD_SEQ)


def offline(room: Console) -> bool:
    last = room.last(TOPICS.server)
    return last is not None and not sm.status_from_json(last.payload).online


async def finished(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = await asyncio.wait_for(asyncio.to_thread(process.communicate), GENEROUS)
    return process.returncode, out, err


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_killed_server_dies_through_its_will_and_its_status_says_offline(
    mqtt_broker: MqttBroker, tmp_path: Path
) -> None:
    async with console(mqtt_broker, TOPICS) as room:
        process = start_server(mqtt_broker, tmp_path)
        try:
            await until(lambda: len(of_kind(room, MessageType.DBIRTH)) == 2)
            await room.wait_for(TOPICS.server, lambda r: sm.status_from_json(r.payload).online)
            process.send_signal(signal.SIGKILL)
            await until(lambda: of_kind(room, MessageType.NDEATH))
            await until(lambda: offline(room))
        finally:
            process.kill()
            await finished(process)
        (birth,), (death,) = of_kind(room, MessageType.NBIRTH), of_kind(room, MessageType.NDEATH)
        assert bd_seq(death) == bd_seq(birth)  # the death of that very birth


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_stopped_server_publishes_its_death_and_loads_no_qt(
    mqtt_broker: MqttBroker, tmp_path: Path
) -> None:
    async with console(mqtt_broker, TOPICS) as room:
        process = start_server(mqtt_broker, tmp_path, "-X", "importtime")
        try:
            await until(lambda: len(of_kind(room, MessageType.DBIRTH)) == 2)
            await room.wait_for(TOPICS.state(sm.KPIS))  # analytics and states running too
            process.send_signal(signal.SIGINT)
            code, out, err = await finished(process)
        finally:
            process.kill()
        assert code == 0, err[-2000:]
        assert of_kind(room, MessageType.NDEATH)
        await until(lambda: offline(room))
    assert "server: stopped" in out
    imported = {line.split("|")[-1].strip().split(".")[0] for line in err.splitlines()
                if line.startswith("import time:")}  # fmt: skip
    assert "aiomqtt" in imported and not imported & set(QT_MODULES)
    assert "connected to the broker" in err


def test_the_broker_option_is_required_and_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = str(write_project(tmp_path / "project"))
    missing = main(["--data-dir", str(tmp_path / "data"), "server", "--project", project])
    assert missing == 2 and "--broker URL is required" in capsys.readouterr().err
    code = main(["--data-dir", str(tmp_path / "data"), "server", "--broker", "http://host:1"])
    assert code == 2 and "--broker" in capsys.readouterr().err


@pytest.mark.slow
def test_a_server_on_the_stores_read_only_role_does_not_start_and_says_why(
    mqtt_broker: MqttBroker,
    postgres_server: PgServer,
    pg_url: StoreUrl,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    reader = shared_store(postgres_server, pg_url).reader
    project = str(write_project(tmp_path / "project"))
    code = main(["--data-dir", str(tmp_path / "data"), "--store", str(reader), "server",
                 "--project", project, "--broker", mqtt_broker.url])  # fmt: skip
    error = capsys.readouterr().err
    assert code == 1
    assert error.startswith(f"main.py: the store's role {reader.user} may only read")
    assert "use a role granted hmi_writer" in error
