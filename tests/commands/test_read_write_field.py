"""``read`` and ``write`` on the demo project beside a running ``python main.py sim``: they use
it and say so; ``--field embedded`` leaves it untouched; ``--field external`` with nothing
running is one line. The simulator is a real child process serving a copy of the demo
project on free ports."""

from __future__ import annotations

import io
import json
import os
import socket
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import main
from tags.simulation.embedded import EmbeddedFieldServer
from tests.demo_ports import DemoOnFreePorts, demo_on_free_ports
from tests.paths import MAIN_PY, ROOT
from tests.waiting import GENEROUS

SETPOINT = "CWP.DMC.DENS.SP"  # plc-cwp unit 1, holding registers 2-3, float32 CDAB


@pytest.fixture(scope="module")
def running_sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoOnFreePorts]:
    """``python main.py sim`` serving a copy of the demo project, until the module ends."""
    demo = demo_on_free_ports(tmp_path_factory.mktemp("sim"))
    command = [sys.executable, str(MAIN_PY), "sim", "--project", str(demo.project)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        command, cwd=demo.project.parent, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        lines: list[str] = []
        while not lines or not lines[-1].startswith("serving until"):
            line = process.stdout.readline()  # the child prints this once it serves
            assert line, (lines, process.communicate(timeout=GENEROUS))
            lines.append(line)
        yield demo
    finally:
        process.terminate()
        process.communicate(timeout=GENEROUS)


def setpoint_in_the_simulator(port: int) -> float:
    """The setpoint as the running simulator holds it (FC03 straight to its socket)."""
    with socket.create_connection(("127.0.0.1", port), timeout=GENEROUS) as sock:
        sock.sendall(struct.pack(">HHHBBHH", 7, 0, 6, 1, 3, 2, 2))
        reply = sock.recv(64)
    low, high = struct.unpack(">HH", reply[9:13])
    value: float = struct.unpack(">f", struct.pack(">HH", high, low))[0]
    return round(value, 4)


def run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *args: str | Path,
    stdin: str = "",
) -> tuple[int, list[dict[str, Any]], str]:
    """main.main in-process: exit code, stdout as JSON lines, stderr."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    capsys.readouterr()
    code = main.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines() if line.strip()], err


def write(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    demo: DemoOnFreePorts,
    data: Path,
    value: str,
    *field: str,
) -> tuple[int, list[dict[str, Any]], str]:
    args = ("write", "--project", demo.project, "--data-dir", data, SETPOINT, value)
    args += ("--user", "operator", "--password-stdin", "--reason", "test", *field)
    return run(capsys, monkeypatch, *args, stdin="operator\n")


@pytest.mark.slow
def test_write_and_read_use_the_running_simulator_and_say_so(
    running_sim: DemoOnFreePorts,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    demo = running_sim
    target = 1.52 if setpoint_in_the_simulator(demo.cwp) != 1.52 else 1.48
    code, (result,), err = write(capsys, monkeypatch, demo, tmp_path, str(target))
    assert code == 0 and result["status"] == "confirmed", result
    assert err.splitlines()[-1] == (
        f"field: running simulator at 127.0.0.1:{demo.cwp}, 127.0.0.1:{demo.rect}, "
        f"opc.tcp://127.0.0.1:{demo.dcs}/"
    )
    assert setpoint_in_the_simulator(demo.cwp) == target  # it reached the simulator
    args = ("read", "--project", demo.project, "--data-dir", tmp_path, SETPOINT)
    code, (read,), err = run(capsys, monkeypatch, *args)
    assert code == 0 and read["value"] == pytest.approx(target, abs=1e-6)
    assert err.splitlines()[-1].startswith("field: running simulator at 127.0.0.1:")


@pytest.mark.slow
def test_field_embedded_writes_a_private_simulator_and_leaves_the_running_one_alone(
    running_sim: DemoOnFreePorts,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    demo = running_sim
    before = setpoint_in_the_simulator(demo.cwp)
    target = 1.35 if before != 1.35 else 1.36
    code, (result,), err = write(
        capsys, monkeypatch, demo, tmp_path, str(target), "--field", "embedded"
    )
    assert code == 0 and result["status"] == "confirmed", result
    assert result["readback"] == pytest.approx(target, abs=1e-6)  # from the private one
    assert err.splitlines()[-1] == "field: private embedded simulator"
    assert setpoint_in_the_simulator(demo.cwp) == before


@pytest.mark.slow
def test_field_external_with_nothing_running_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    demo = demo_on_free_ports(tmp_path)  # nobody serves these ports
    capsys.readouterr()
    code = main.main(["read", "--project", str(demo.project), "--data-dir", str(tmp_path),
                      SETPOINT, "--field", "external"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 1
    assert out == (
        f"--field external: no simulator answers at 127.0.0.1:{demo.cwp}, "
        f"127.0.0.1:{demo.rect}, opc.tcp://127.0.0.1:{demo.dcs}/ "
        "(start it with `python main.py sim`, or use --field embedded)\n"
    )
    assert not (tmp_path / "history.db").exists()  # nothing was started


def test_a_private_simulator_that_cannot_start_is_one_line_and_no_other_field_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def refuse(self: EmbeddedFieldServer) -> None:
        raise OSError("no port to listen on")

    monkeypatch.setattr(EmbeddedFieldServer, "start", refuse)
    demo = demo_on_free_ports(tmp_path)
    capsys.readouterr()
    code = main.main(["read", "--project", str(demo.project), "--data-dir", str(tmp_path),
                      SETPOINT, "--field", "embedded"])  # fmt: skip
    assert code == 1
    assert capsys.readouterr().out == (
        "field: the private embedded simulator did not start: no port to listen on\n"
    )
