"""The control-room benchmark's set-up (benchmarks/control_room.py): the generated project
and the benchmark's child processes."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "control_room.py"
PERIOD = 1.0
SCAN = 0.25
AREAS = 5
READY_TIMEOUT = 240.0

PROJECT = """\
[project]
name = "Room benchmark"
tag_files = ["tags.toml"]

{areas}
[areas.ALM]
description = "Alarms"

[connections.plc]
kind = "modbus"
host = "127.0.0.1"
port = {port}
timeout = 2
retries = 0

[scan_classes]
fast = {scan}

[security]
idle_lock_seconds = 3600
"""


def write_project(folder: Path, port: int, tags: int, alarms: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    areas = "".join(f'[areas.A{a}]\ndescription = "Area {a}"\n\n' for a in range(AREAS))
    lines = []
    for i in range(tags):
        lines.append(
            f'[tags."A{i % AREAS}.V{i:05d}"]\nsource = "modbus://plc/1/hr/{i}"\n'
            'range = [0, 65535]\nscan = "fast"\n'
        )
    for n in range(alarms):
        lines.append(
            f'[tags."ALM.A{n:03d}"]\nsource = "modbus://plc/1/hr/{tags + n}"\n'
            'scan = "fast"\nalarms = { hi = { limit = 0.5, on_delay = 0, '
            "off_delay = 0, deadband = 0 } }\n"
        )
    (folder / "tags.toml").write_text("\n".join(lines), encoding="utf-8")
    path = folder / "project.toml"
    path.write_text(PROJECT.format(areas=areas, port=port, scan=SCAN), encoding="utf-8")
    return path


class Child:
    """A process of the benchmark: its JSON lines in a queue, commands to its stdin."""

    def __init__(self, name: str, process: asyncio.subprocess.Process, count: int) -> None:
        self.name = name
        self.process = process
        self.count = count
        """How many consoles it runs (what it reports once per console)."""
        self.lines: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.reader = asyncio.create_task(self._read())

    @classmethod
    async def start(cls, name: str, *argv: str, count: int = 1) -> Child:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            str(SCRIPT),
            *argv,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        return cls(name, process, count)

    async def _read(self) -> None:
        assert self.process.stdout is not None
        async for line in self.process.stdout:
            with contextlib.suppress(ValueError):
                self.lines.put_nowait(json.loads(line))
        self.lines.put_nowait({"ended": await self.process.wait()})

    async def expect(self, key: str, timeout: float = READY_TIMEOUT) -> dict[str, Any]:
        """The next line carrying ``key`` (others skipped)."""
        async with asyncio.timeout(timeout):
            while True:
                line = await self.lines.get()
                if key in line:
                    return line
                if "ended" in line:
                    raise RuntimeError(f"{self.name} ended ({line['ended']}) before '{key}'")

    def send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(f"{command}\n".encode())

    async def stop(self, *, asked: bool = True) -> None:
        """Ask it to stop (``stop``, then its stdin closed), else terminate it; kill it if it
        has not ended 20 s later."""
        process = self.process
        if process.returncode is None and process.stdin is not None:
            with contextlib.suppress(OSError):
                if asked:
                    self.send("stop")
                process.stdin.close()
        if not asked and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
        try:
            await asyncio.wait_for(process.wait(), 20)
        except TimeoutError:
            process.kill()
            await process.wait()
        self.reader.cancel()


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
