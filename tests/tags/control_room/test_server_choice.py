"""Which server a console shows: the project file's [server] section (validated like [store]:
every problem names the file and the key, nothing loads) and ``--server``/``--workstation``
on the command line, which win over the file."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from commands.cli import build_parser, server_option
from commands.project import check
from tags.config.problems import ConfigError
from tags.config.project import load_project
from tags.control_room.broker import PASSWORD_VARIABLE, BrokerConfigError
from tags.control_room.console.server_choice import ServerChoice, command_line_choice
from tests.tags.control_room.room_bench import write_project


def project_with(folder: Path, server: str) -> Path:
    path = write_project(folder)
    path.write_text(path.read_text(encoding="utf-8") + "\n" + server, encoding="utf-8")
    return path


def test_a_project_without_server_is_a_standalone_console(tmp_path: Path) -> None:
    assert load_project(write_project(tmp_path)).server is None


def test_the_server_section_names_broker_group_node_and_workstation(tmp_path: Path) -> None:
    path = project_with(tmp_path, """\
[server]
broker = "mqtts://ws-1@broker.plant:8883?ca=ca.crt&password_file=/etc/hmi/ws-1.pw"
group = "Plant"
node = "primary"
workstation = "desk-3"
""")  # fmt: skip
    server = load_project(path).server
    assert server is not None
    assert str(server.broker) == "mqtts://ws-1@broker.plant:8883"
    assert server.broker.ca == tmp_path / "ca.crt"  # relative to the project file
    assert server.broker.password_file == Path("/etc/hmi/ws-1.pw")
    assert (server.group, server.node, server.workstation) == ("Plant", "primary", "desk-3")


def test_the_workstation_is_the_broker_user_unless_named(tmp_path: Path) -> None:
    path = project_with(tmp_path, '[server]\nbroker = "mqtt://ws-2@localhost"\n')
    server = load_project(path).server
    assert server is not None
    assert (server.group, server.node, server.workstation) == (None, "server", None)
    assert server.station() == "ws-2"
    anonymous = ServerChoice(server.broker.as_user(""))
    assert anonymous.station() is None  # the host name, then


def test_every_problem_of_the_server_section_names_file_and_key(tmp_path: Path) -> None:
    path = project_with(tmp_path, """\
[server]
broker = "http://broker.plant"
node = "a/b"
workstation = "desk 3"
colour = "blue"
""")  # fmt: skip
    with pytest.raises(ConfigError) as caught:
        load_project(path)
    said = [str(p) for p in caught.value.problems]
    assert any(s.startswith("room.toml:") and "server.colour: unknown key" in s for s in said)
    assert any("server.broker: broker URL 'http://broker.plant' must start with mqtt://" in s
               for s in said)  # fmt: skip
    assert any("server.node: 'a/b': a Sparkplug id, not empty, without / + #" in s for s in said)
    assert any("server.workstation: workstation 'desk 3': the characters ' ' not allowed" in s
               for s in said)  # fmt: skip
    out = io.StringIO()
    assert check(path, out) == 1
    assert "server.broker" in out.getvalue() and "nothing loaded" in out.getvalue()


def test_a_password_in_the_broker_url_or_no_broker_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_project(project_with(tmp_path / "a", '[server]\nbroker = "mqtt://u:secret@h"\n'))
    assert "server.broker: a password does not belong in the broker URL" in str(caught.value)
    with pytest.raises(ConfigError) as caught:
        load_project(project_with(tmp_path / "b", '[server]\ngroup = "Plant"\n'))
    assert "server.broker: missing" in str(caught.value)


def test_the_command_line_wins_over_the_file(tmp_path: Path) -> None:
    path = project_with(tmp_path, """\
[server]
broker = "mqtt://ws-1@file-broker"
group = "Plant"
workstation = "desk-1"
""")  # fmt: skip
    from_file = load_project(path).server
    chosen = command_line_choice("mqtt://ws-9@line-broker:1999", "desk-9", from_file)
    assert chosen is not None
    assert str(chosen.broker) == "mqtt://ws-9@line-broker:1999"
    assert (chosen.group, chosen.workstation) == ("Plant", "desk-9")  # the file's group kept
    only_station = command_line_choice(None, "desk-2", from_file)
    assert only_station is not None and only_station.broker == from_file.broker  # type: ignore[union-attr]
    assert command_line_choice(None, None, None) is None
    with pytest.raises(BrokerConfigError, match="--workstation: no server to join"):
        command_line_choice(None, "desk-2", None)
    with pytest.raises(BrokerConfigError, match="--server: broker URL 'tcp://x' must start"):
        command_line_choice("tcp://x", None, None)
    with pytest.raises(BrokerConfigError, match="--workstation: workstation 'a/b'"):
        command_line_choice("mqtt://h", "a/b", None)


def arguments(*line: str) -> argparse.Namespace:
    return build_parser().parse_args(list(line))


def test_the_console_options_are_checked_before_any_window_opens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)
    project = str(write_project(tmp_path))
    assert server_option(arguments("--project", project), "main.py") is None
    chosen = server_option(
        arguments("--project", project, "--server", "mqtt://localhost:1884", "--workstation",
                  "desk-4"), "main.py",
    )  # fmt: skip
    assert isinstance(chosen, ServerChoice) and chosen.station() == "desk-4"
    assert server_option(arguments("--project", project, "--server", "ftp://x"), "main.py") == 2
    assert "main.py: --server: broker URL 'ftp://x'" in capsys.readouterr().err
    missing = tmp_path / "secret.pw"
    url = f"mqtt://ws-1@localhost?password_file={missing}"
    assert server_option(arguments("--project", project, "--server", url), "main.py") == 2
    assert f"broker password file {missing}" in capsys.readouterr().err
