"""The demo project copied to a folder with the endpoints its simulator serves on free ports,
so a test can run ``python main.py sim`` (which serves the project's ports) beside any other."""

from __future__ import annotations

import shutil
import socket
from dataclasses import dataclass
from pathlib import Path

from tests.paths import DEMO_FOLDER


@dataclass(frozen=True)
class DemoOnFreePorts:
    project: Path
    cwp: int
    """Port of plc-cwp (Modbus TCP: coal washing plant)."""
    rect: int
    """Port of plc-rect (Modbus TCP: rectifiers)."""
    dcs: int
    """Port of dcs (OPC UA)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def demo_on_free_ports(folder: Path) -> DemoOnFreePorts:
    """A copy of the demo project in ``folder`` whose connections name free ports."""
    for name in ("emm.toml", "cwp.toml", "sco2.toml"):
        shutil.copy(DEMO_FOLDER / name, folder / name)
    shutil.copytree(DEMO_FOLDER / "screens", folder / "screens")  # the overview's file
    cwp, rect, dcs = free_port(), free_port(), free_port()
    text = (DEMO_FOLDER / "demo.toml").read_text(encoding="utf-8")
    text = text.replace("port = 5020", f"port = {cwp}").replace("port = 5021", f"port = {rect}")
    text = text.replace("127.0.0.1:4840/", f"127.0.0.1:{dcs}/")
    assert str(cwp) in text and str(rect) in text and str(dcs) in text
    (folder / "demo.toml").write_text(text, encoding="utf-8")
    return DemoOnFreePorts(folder / "demo.toml", cwp, rect, dcs)
