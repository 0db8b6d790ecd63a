"""The embedded default stays untouched: a standalone console on the demo project, built and
started in a fresh interpreter, loads nothing of the control room (no broker client, no
Sparkplug, no server link)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.waiting import GENEROUS

ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "resources" / "projects" / "demo" / "demo.toml"

SCRIPT = """
import asyncio, json, sys
from pathlib import Path

import qasync

from hmi.shell.app import Console, make_app
from screens import all_screens, screen_for_tag
from tags.config.project import load_project

project = load_project(Path(sys.argv[1]))
app = make_app()
loop = qasync.QEventLoop(app)
asyncio.set_event_loop(loop)
console = Console(project, Path(sys.argv[2]), all_screens(), screen_for_tag,
                  server=project.server)


async def life():
    # one run of the loop for the console's whole life, as main.py does: qasync ends each
    # run with a pass of Qt events in which a task's next step would find no running loop
    await console.start()
    loaded = sorted(m for m in sys.modules
                    if m.startswith(("tags.control_room", "aiomqtt", "paho")))
    kind = type(console.runtime).__name__
    await console.stop()
    await loop.shutdown_default_executor()
    return loaded, kind


loaded, kind = loop.run_until_complete(life())
loop.close()
print(json.dumps({"loaded": loaded, "runtime": kind}))
"""


@pytest.mark.slow
def test_a_standalone_console_loads_nothing_of_the_control_room(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(DEMO), str(tmp_path / "data")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=4 * GENEROUS, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"loaded": [], "runtime": "Runtime"}
