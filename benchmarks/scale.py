"""A 5,000 / 20,000 / 50,000-tag plant: load, start, memory, steady CPU and the tag browser.

Each size is a generated project (sine signals via sim:// at 1 s, one HI alarm per tag, see
scale_project.py) measured in a fresh process, so RSS is that size's own:

- load_cold_s_N: the first ``load_project`` of the new project (parse and validate every
  file, which fills the tag cache), in a process of its own; load_cold_cpu_s_N its CPU time;
- load_s_N: ``load_project`` at a start of the unchanged project (large tag lists from the
  tag cache, tags/config/tag_cache.py); load_cpu_s_N: its CPU time (on a shared machine the
  wall time includes waiting for a core);
- start_s_N: a Runtime (alarms, historian, no Qt) from start to every value Good;
- rss_mb_N: the process's resident memory once every value is Good;
- cpu_pct_N: CPU of that runtime over STEADY_S seconds of steady running (% of one core);
- rss_mb_steady_N: the same after STEADY_S seconds of steady running (the historian's
  rollups and its samples in flight to the disk included);
- tag_browser_open_ms_N / tag_filter_ms_N: the console's tag browser built on the running
  tag database (offscreen Qt), and one search typed into it;
- server_rss_mb_N: a control-room server (``python main.py server``, its own process) on
  the project with a real Mosquitto broker, once a console has received every value Good;
  server_rss_mb_steady_N and server_cpu_pct_N: after and over STEADY_S more seconds;
- growth_ratio: load+start time per tag at the largest size over that at the smallest.

Targets at 50,000: load_s < 1.5, start_s < 3, rss_mb < 300, rss_mb_steady < 270,
cpu_pct < 60, tag_browser_open_ms < 300, growth_ratio <= 1.2. Without ``mosquitto`` the
server figures are left out. ``python benchmarks/scale.py [SIZES...]``.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import emit
from scale_project import PROJECT_FILE, write_project

ROOT = Path(__file__).resolve().parent.parent
SIZES = (5_000, 20_000, 50_000)
STEADY_S = float(os.environ.get("BENCH_SECONDS", "10"))
START_TIMEOUT_S = 120.0


def label(size: int) -> str:
    return f"{size // 1000}k"


def rss_mb() -> float:
    return process_rss_mb(os.getpid())


async def run_runtime(project_path: Path, data_dir: Path, size: int) -> float:
    """Start, wait for all Good, measure memory and steady CPU; the start time."""
    from tags.config.project import load_project
    from tags.runtime import Runtime

    started, cpu_started = time.perf_counter(), time.process_time()
    project = load_project(project_path)
    loaded = time.perf_counter()
    emit(f"load_s_{label(size)}", loaded - started, "s", tags=size)
    emit(f"load_cpu_s_{label(size)}", time.process_time() - cpu_started, "s", tags=size)
    runtime = Runtime(project, data_dir)
    await runtime.start()
    try:
        deadline = time.perf_counter() + START_TIMEOUT_S
        while not all(s.quality.is_good for s in runtime.db.snapshot().values()):
            if time.perf_counter() > deadline:
                raise TimeoutError(f"not every value Good within {START_TIMEOUT_S} s")
            await asyncio.sleep(0.02)
        start = time.perf_counter() - loaded
        emit(f"start_s_{label(size)}", start, "s", tags=size)
        emit(f"rss_mb_{label(size)}", rss_mb(), "MB", tags=size)
        await asyncio.sleep(2.0)  # the first historian flush and alarm ticks settle
        cpu0, wall0 = time.process_time(), time.perf_counter()
        await asyncio.sleep(STEADY_S)
        cpu = (time.process_time() - cpu0) / (time.perf_counter() - wall0) * 100
        emit(f"cpu_pct_{label(size)}", cpu, "%", tags=size, seconds=STEADY_S)
        emit(f"rss_mb_steady_{label(size)}", rss_mb(), "MB", tags=size)
        tag_browser(runtime, size)
    finally:
        await runtime.stop()
    return loaded - started + start


def tag_browser(runtime: object, size: int) -> None:
    """Open the console's tag browser on the running database and type one search."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from hmi.bridge import TagBridge
    from hmi.diagnostics.tag_browser import TagBrowser

    app = QApplication.instance() or QApplication([])
    bridge = TagBridge(runtime.db)  # type: ignore[attr-defined]
    started = time.perf_counter()
    browser = TagBrowser(bridge)
    browser.resize(1200, 800)
    browser.show()
    app.processEvents()
    emit(f"tag_browser_open_ms_{label(size)}", (time.perf_counter() - started) * 1000, "ms")
    started = time.perf_counter()
    browser.search.setText("UNIT0042")
    app.processEvents()
    emit(f"tag_filter_ms_{label(size)}", (time.perf_counter() - started) * 1000, "ms")
    browser.close()
    bridge.close()


def cold_load(folder: Path, size: int) -> None:
    """The first load of a new or edited project (nothing cached: every file parsed)."""
    from tags.config.project import load_project

    started, cpu_started = time.perf_counter(), time.process_time()
    load_project(folder / "plant" / PROJECT_FILE)
    emit(f"load_cold_s_{label(size)}", time.perf_counter() - started, "s", tags=size)
    emit(f"load_cold_cpu_s_{label(size)}", time.process_time() - cpu_started, "s", tags=size)


async def run_server(folder: Path, size: int) -> None:
    """A control-room server on the project; its memory once a console has every value."""
    from _control_room_setup import cpu_seconds

    from tags.config.project import load_project
    from tags.control_room.broker import parse_broker_url
    from tags.control_room.console.console_client import ConsoleClient
    from tests.mqtt_broker import MqttBroker

    project_file = folder / "plant" / PROJECT_FILE
    # the data folder of the runtime before it: the server starts from its tag cache, as
    # every start after the first does
    broker = MqttBroker()
    broker.start()
    log = (folder / "server.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(folder / "data"),
         "server", "--project", str(project_file), "--broker", broker.url],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    project = load_project(project_file)
    client = ConsoleClient(project, parse_broker_url(broker.url, where="bench"), "scale-bench")
    try:
        await client.start()
        deadline = time.perf_counter() + START_TIMEOUT_S * 2
        while not all(s.quality.is_good for s in client.db.snapshot().values()):
            if time.perf_counter() > deadline or server.poll() is not None:
                raise TimeoutError(f"the server's values not all Good (see {log.name})")
            await asyncio.sleep(0.1)
        emit(f"server_rss_mb_{label(size)}", process_rss_mb(server.pid), "MB", tags=size)
        cpu0, wall0 = cpu_seconds(server.pid), time.perf_counter()
        await asyncio.sleep(STEADY_S)
        cpu = (cpu_seconds(server.pid) - cpu0) / (time.perf_counter() - wall0) * 100
        emit(f"server_cpu_pct_{label(size)}", cpu, "%", tags=size, seconds=STEADY_S)
        emit(f"server_rss_mb_steady_{label(size)}", process_rss_mb(server.pid), "MB", tags=size)
    finally:
        await client.stop()
        server.terminate()
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
        broker.stop()
        broker.remove()


def process_rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def child(folder: Path, size: int) -> None:
    total = asyncio.run(run_runtime(folder / "plant" / PROJECT_FILE, folder / "data", size))
    emit(f"load_start_us_per_tag_{label(size)}", total / size * 1e6, "us")
    emit(
        f"peak_rss_mb_{label(size)}",
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "MB",
    )


def has_broker() -> bool:
    from tests.mqtt_broker import mosquitto

    try:
        mosquitto()
    except RuntimeError:
        return False
    return True


def main(sizes: list[int]) -> None:
    per_tag: dict[int, float] = {}
    for size in sizes:
        with tempfile.TemporaryDirectory() as folder:
            write_project(Path(folder) / "plant", size)
            env = dict(os.environ, HMI_DATA_DIR=str(Path(folder) / "data"))
            steps = ["--cold", "--child"] + (["--server"] if has_broker() else [])
            for step in steps:  # each in a process of its own
                result = subprocess.run(
                    [sys.executable, __file__, step, folder, str(size)],
                    capture_output=True, text=True, check=False, env=env,
                )  # fmt: skip
                for line in result.stdout.splitlines():
                    print(line, flush=True)
                    figure = json.loads(line)
                    if figure["name"].startswith("load_start_us_per_tag_"):
                        per_tag[size] = figure["value"]
                if result.returncode != 0:
                    print(result.stderr, file=sys.stderr)
                    raise SystemExit(result.returncode)
    if len(per_tag) >= 2:
        emit("growth_ratio", per_tag[max(per_tag)] / per_tag[min(per_tag)], "ratio",
             sizes=[min(per_tag), max(per_tag)])  # fmt: skip


if __name__ == "__main__":
    if sys.argv[1:2] == ["--cold"]:
        cold_load(Path(sys.argv[2]), int(sys.argv[3]))
    elif sys.argv[1:2] == ["--child"]:
        child(Path(sys.argv[2]), int(sys.argv[3]))
    elif sys.argv[1:2] == ["--server"]:
        asyncio.run(run_server(Path(sys.argv[2]), int(sys.argv[3])))
    else:
        main([int(a) for a in sys.argv[1:]] or list(SIZES))
