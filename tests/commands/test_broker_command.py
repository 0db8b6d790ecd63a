"""``main.py broker init`` makes a folder from which ``mosquitto -c`` starts the control room's
broker, and the commands it prints connect: the server's URL and each console's. On that
broker a console publishes its requests and no values; ``add-workstation`` and
``remove-workstation`` take effect when the running broker reloads (SIGHUP). Bad input is one
line that names the option or name, and never overwrites a folder."""

from __future__ import annotations

import asyncio
import io
import shlex
import sys
from pathlib import Path

import aiomqtt
import pytest

import main
from tags.config.project import load_project
from tags.control_room.broker import PASSWORD_VARIABLE
from tags.control_room.sparkplug import MessageType
from tags.control_room.topics import Topics
from tests.mqtt_broker import MqttBroker
from tests.mqtt_clients import Collector, client, publish_reason
from tests.paths import ROOT
from tests.pg_server import free_port
from tests.waiting import GENEROUS

DEMO = ROOT / "resources" / "projects" / "demo" / "demo.toml"
NOT_AUTHORIZED = 135


def run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *args: str | Path,
    stdin: str = "",
) -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    capsys.readouterr()
    code = main.main([str(a) for a in args])
    return code, capsys.readouterr().out


def init_args(folder: Path, port: int, *more: str) -> list[str | Path]:
    return [
        "broker", "init", "--project", DEMO, "--out", folder, "--host", "127.0.0.1",
        "--host", "localhost", "--port", str(port), "--bind", "127.0.0.1",
        "--workstation", "ws-1", "--workstation", "ws-2", *more,
    ]  # fmt: skip


def printed_url(out: str, label: str, option: str) -> str:
    """The broker URL in the printed command line that starts with ``label``."""
    line = next(line for line in out.splitlines() if line.startswith(label))
    words = shlex.split(line.split(":", 1)[1])
    return words[words.index(option) + 1]


async def connects(url: str, identifier: str) -> bool:
    try:
        async with client(url, identifier):
            return True
    except aiomqtt.MqttCodeError as refused:
        assert refused.rc == NOT_AUTHORIZED
        return False


async def until_connects(url: str, identifier: str) -> None:
    """Wait (the broker reloads on SIGHUP in its own time) until the user gets in."""
    async with asyncio.timeout(GENEROUS):
        while not await connects(url, identifier):
            await asyncio.sleep(0.05)


@pytest.mark.slow
@pytest.mark.asyncio
async def test_the_folder_broker_init_makes_starts_and_its_printed_commands_connect(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, port = tmp_path / "broker", free_port()
    code, out = run(capsys, monkeypatch, *init_args(folder, port))
    assert code == 0, out
    assert f"start the broker:  mosquitto -c {folder / 'mosquitto.conf'}" in out.splitlines()
    server_url = printed_url(out, "start the server", "--broker")
    console_url = printed_url(out, "console ws-1", "--server")
    assert server_url.startswith(f"mqtts://server@127.0.0.1:{port}?ca=")
    assert console_url.startswith(f"mqtts://ws-1@127.0.0.1:{port}?ca=")
    topics = Topics(load_project(DEMO).name)
    broker = MqttBroker(made=folder)
    try:
        broker.start()
        async with client(server_url, "server") as server:
            watch = Collector(server)
            await watch.subscribe([topics.sparkplug_all, f"{topics.base}/#"])
            ddata = topics.sparkplug(MessageType.DDATA, "CWP")
            assert (await publish_reason(console_url, "ws-1", ddata, b"x")).value == NOT_AUTHORIZED
            request = topics.request("ws-1")
            assert not (await publish_reason(console_url, "ws-1", request, b"ack")).is_failure
            assert await watch.until(request, b"ack") == [(request, b"ack")]

        code, out = run(capsys, monkeypatch, "broker", "add-workstation", "--dir", folder, "ws-3")
        assert code == 0, out
        added = printed_url(out, "console ws-3", "--server")
        assert not await connects(added, "ws-3")
        broker.reload()
        await until_connects(added, "ws-3")

        # the removed workstation's password file goes too: its password from the environment
        monkeypatch.setenv(PASSWORD_VARIABLE, (folder / "secrets" / "ws-1.pw").read_text().strip())
        removal = ["broker", "remove-workstation", "--dir", folder, "ws-1"]
        code, out = run(capsys, monkeypatch, *removal)
        assert code == 0, out
        assert f"kill -HUP $(cat {folder / 'mosquitto.pid'})" in out
        async with client(console_url, "ws-1") as still_connected:
            await still_connected.subscribe(topics.server, qos=1)
            broker.reload()
            with pytest.raises(aiomqtt.MqttError):  # the broker drops the removed user
                async with asyncio.timeout(GENEROUS):
                    await anext(still_connected.messages)
        assert not await connects(console_url, "ws-1-again")
    finally:
        broker.remove()


@pytest.mark.slow
@pytest.mark.asyncio
async def test_passwords_given_on_stdin_are_the_users_passwords(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, port = tmp_path / "broker", free_port()
    stdin = "server secret\nfirst desk\nsecond desk\n"
    code, out = run(capsys, monkeypatch, *init_args(folder, port, "--password-stdin"), stdin=stdin)
    assert code == 0, out
    assert "secrets/" not in out
    console_url = printed_url(out, "console ws-2", "--server")
    assert "password_file" not in console_url
    broker = MqttBroker(made=folder)
    try:
        broker.start()
        monkeypatch.setenv(PASSWORD_VARIABLE, "second desk")
        assert await connects(console_url, "ws-2")
        monkeypatch.setenv(PASSWORD_VARIABLE, "first desk")
        assert not await connects(console_url, "ws-2")
    finally:
        broker.remove()


def test_bad_input_is_one_line_naming_what_and_no_folder_is_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "broker"
    code, out = run(capsys, monkeypatch, *init_args(folder, 8883, "--workstation", "ws/3"))
    assert (code, out.strip()) == (
        2,
        "broker init: workstation 'ws/3': the characters '/' not allowed (it is an MQTT topic "
        "level, never / + #: letters, digits, - _ . only)",
    )
    assert not folder.exists()
    folder.mkdir()
    (folder / "mosquitto.conf").write_text("mine\n")
    code, out = run(capsys, monkeypatch, *init_args(folder, 8883))
    assert code == 1
    assert "exists and is not empty" in out
    assert (folder / "mosquitto.conf").read_text() == "mine\n"
    code, out = run(capsys, monkeypatch, "broker", "add-workstation", "--dir", folder, "ws-4")
    assert code == 1
    assert "not a broker folder made by `broker init`" in out
    code, out = run(
        capsys, monkeypatch, *init_args(tmp_path / "other", 8883, "--password-stdin"), stdin="a\n"
    )
    assert code == 1
    assert out.strip() == (
        "broker init: --password-stdin: 3 lines needed (server, ws-1, ws-2), got 1"
    )
