"""``python main.py sim``: list the upsets, serve the project's ports, stop cleanly on SIGTERM."""

from __future__ import annotations

import signal
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

import main
from tags.simulation.scenarios import SCENARIOS
from tests.demo_ports import demo_on_free_ports
from tests.paths import MAIN_PY


def test_list_scenarios_prints_name_area_and_title_of_every_upset(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main.main(["sim", "--list-scenarios"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["name", "area", "title"]
    assert len(lines) == 1 + len(SCENARIOS) == 10
    for line, scenario in zip(lines[1:], SCENARIOS, strict=True):
        name, area, title = line.split(maxsplit=2)
        assert (name, area, title) == (scenario.info.name, scenario.info.area, scenario.info.title)
    assert any(line.startswith("cwp-analyser-fault  CWP") for line in lines)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scenario", "no-such-upset"], "unknown scenario 'no-such-upset' (known: emm-"),
        (["--scenario", "cwp-feed-change@soon"], "the time after @ is not a number"),
        (["--speed", "-1"], "--speed must be 0..1000"),
    ],
)
def test_bad_sim_arguments_are_usage_errors(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main.main(["sim", *args]) == 2
    assert message in capsys.readouterr().out


@pytest.mark.slow
def test_sim_serves_the_project_ports_and_exits_0_on_sigterm(tmp_path: Path) -> None:
    demo = demo_on_free_ports(tmp_path)
    project, cwp_port = demo.project, demo.cwp
    command = [sys.executable, str(MAIN_PY), "sim", "--project", str(project)]
    command += ["--speed", "5", "--seed", "3", "--scenario", "cwp-feed-change@60"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path
    )
    try:
        assert process.stdout is not None
        lines = []
        deadline = time.monotonic() + 30
        while not lines or not lines[-1].startswith("serving until"):
            line = process.stdout.readline()
            assert line and time.monotonic() < deadline, (lines, process.stderr)
            lines.append(line.rstrip("\n"))
        text = "\n".join(lines)
        assert "time x5, seed 3" in text
        assert f"plc-cwp   modbus modbus://127.0.0.1:{cwp_port}" in text
        assert "dcs       opcua  opc.tcp://127.0.0.1:" in text
        assert "scenario cwp-feed-change at plant time 60 s" in text
        with socket.create_connection(("127.0.0.1", cwp_port), timeout=2) as sock:
            # FC04, unit 1, input registers 4-5: the dense-medium density (float32, CDAB)
            sock.sendall(struct.pack(">HHHBBHH", 1, 0, 6, 1, 4, 4, 2))
            reply = sock.recv(64)
        low, high = struct.unpack(">HH", reply[9:13])
        density = struct.unpack(">f", struct.pack(">HH", high, low))[0]
        assert 1.3 < density < 1.6
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "stopped after" in out


def test_sim_on_a_port_in_use_says_so_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo = demo_on_free_ports(tmp_path)
    project, cwp_port = demo.project, demo.cwp
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", cwp_port))
        busy.listen()
        assert main.main(["sim", "--project", str(project)]) == 1
    out = capsys.readouterr().out
    assert f"sim: cannot serve: plc-cwp: cannot listen on modbus://127.0.0.1:{cwp_port}" in out


def test_the_simulator_section_is_checked_like_every_other(tmp_path: Path) -> None:
    from tags.config.project import check_project

    project = tmp_path / "p.toml"
    project.write_text(
        '[project]\nname = "p"\n\n[simulator]\nembedded = "yes"\nspeed = -1\ncolour = 3\n'
        "client_idle_timeout = 0\nmax_clients = 0\n",
        encoding="utf-8",
    )
    problems = {(p.path, p.message) for p in check_project(project)}
    assert ("simulator.embedded", "must be true or false, not str") in problems
    assert ("simulator.speed", "-1.0 outside 0..1000") in problems
    known = "embedded, seed, speed, step, client_idle_timeout, max_clients"
    assert ("simulator.colour", f"unknown key (known: {known})") in problems
    assert ("simulator.client_idle_timeout", "0.0 outside 1..86400") in problems
    assert ("simulator.max_clients", "0 outside 1..10000") in problems
