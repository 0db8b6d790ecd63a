"""The console's own figures: start-up, a busy screen, and a heavy trend.

Prints (JSON lines):
- ``startup_ms``: from starting a cold interpreter (``console_ui.py --startup-child``, doing
  what ``python3 main.py`` does: project, Modbus TCP and OPC UA drivers, historian, analytics,
  main window on the first screen) to that screen painted with a value for every tag it shows,
  against a field that is already serving, as a plant is (the demo plant served by
  ``python3 main.py sim`` in its own process); second start (the data folder exists);
  ``import_pyside_ms`` in the same run (QtCore, QtGui, QtWidgets). Context, ms from the same
  start: ``startup_imported`` (all of hmi.shell.app and the screens), ``_loaded`` (project files
  read), ``_shown`` (window painted, values still to come), ``_started`` (runtime and drivers
  up); ``startup_first_run_ms`` (empty data folder); ``startup_embedded_ms`` and
  ``startup_embedded_shown_ms``: the demo project as shipped, whose field simulator starts
  inside the console after the window is shown (building the simulated DCS's OPC UA address
  space alone takes 2 s or so).
- ``gui_busy_pct`` and ``loop_lag_p99_ms``: 2,000 ValueReadouts whose tags change every second
  plus 200 every 100 ms, all on one visible screen, through the TagBridge (5 Hz); busy is the
  GUI thread's CPU time minus making the samples, over wall time; lag is how late a 20 ms
  asyncio timer wakes up (p99).
- ``trend_frame_ms``: the trend plot with 8 pens x 1,000,000 points each (1 s apart, noise,
  steps and Bad gaps): 95th percentile of set range + full repaint over a scripted sequence
  of zooms (whole range to 5 min and back) and pans; context ``trend_frame_max_ms``.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "resources" / "projects" / "demo" / "demo.toml"
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
SLOW, FAST = 2_000, 200
TREND_PENS, TREND_POINTS = 8, 1_000_000


# start-up -------------------------------------------------------------------------------


def startup_child(project: Path, data_dir: Path) -> None:
    """Run the console the way main.py does (``hmi.shell.app._run``) and report (wall clock) when
    each stage was reached; close it once the first screen is painted with its values."""
    started = time.perf_counter()
    import PySide6.QtCore
    import PySide6.QtGui
    import PySide6.QtWidgets  # noqa: F401

    report: dict[str, float] = {"import_pyside_ms": (time.perf_counter() - started) * 1000}
    import qasync

    from hmi.canvas.builder import layout_of
    from hmi.shell.app import Console, _run, make_app
    from screens import all_screens
    from tags.config.project import load_project
    from tags.model import Quality

    report["imported_at"] = time.time()
    app = make_app()
    screens = all_screens()
    console = Console(load_project(project), data_dir, screens)
    report["loaded_at"] = time.time()
    specs = {s.key: s for s in screens}

    async def until(condition: Callable[[], object]) -> None:
        while not condition():
            await asyncio.sleep(0.002)

    async def watch() -> None:
        async with asyncio.timeout(60):
            await until(lambda: console.window is not None and console.window.isVisible())
            window, bridge = console.window, console.bridge
            assert window is not None and bridge is not None
            window.repaint()
            report["shown_at"] = time.time()
            await until(lambda: console.runtime.started)
            report["started_at"] = time.time()
            db = console.runtime.db
            layout = layout_of(specs[window.current_screen()])
            shown = sorted(layout.tags() if layout is not None else db.tags)
            waiting = Quality.BAD_WAITING_FOR_INITIAL_DATA
            await until(lambda: all(db.get(n).quality is not waiting for n in shown))
            flushes = bridge.flushes
            await until(lambda: bridge.flushes > flushes)  # the widgets have the values
            window.repaint()  # the whole window, with a value for every tag on its screen
            report["painted_at"] = time.time()
            window.close()  # main.py's shutdown path from here

    async def run() -> None:
        watcher = asyncio.ensure_future(watch())
        await _run(app, console)
        await watcher

    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        runner.run(run())
    print(json.dumps(report), flush=True)


def startup(project: Path, data_dir: Path) -> dict[str, float]:
    """One cold start in a new interpreter; stage times in ms from starting it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    began = time.time()
    out = subprocess.run(
        [sys.executable, __file__, "--startup-child", str(project), str(data_dir)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    if out.returncode != 0:
        raise RuntimeError(f"the console did not start:\n{out.stderr[-3000:]}")
    report: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    for key in [k for k in report if k.endswith("_at")]:
        report[key[:-3] + "_ms"] = (report.pop(key) - began) * 1000
    return report


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def separate_field(folder: Path) -> tuple[Path, subprocess.Popen[bytes]]:
    """The demo project without the embedded simulator, served by ``main.py sim``."""
    project_dir = folder / "demo"
    shutil.copytree(DEMO.parent, project_dir)
    ports = [free_port() for _ in range(3)]
    text = (project_dir / "demo.toml").read_text(encoding="utf-8")
    text = text.replace("embedded = true", "embedded = false")
    for old, new in zip(("port = 5020", "port = 5021", ":4840/"), ports, strict=True):
        text = text.replace(old, f"port = {new}" if old.startswith("port") else f":{new}/")
    (project_dir / "demo.toml").write_text(text, encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "sim", "--project", str(project_dir / "demo.toml")],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    for port in ports:
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if time.monotonic() > deadline:
                server.kill()
                raise RuntimeError("main.py sim did not open its ports")
            time.sleep(0.2)
    return project_dir / "demo.toml", server


def measure_startup() -> None:
    from _common import emit

    folder = Path(tempfile.mkdtemp(prefix="console-ui-"))
    try:
        startup(DEMO, folder / "embedded")
        embedded = startup(DEMO, folder / "embedded")
        project, server = separate_field(folder)
        try:
            first = startup(project, folder / "data")
            second = startup(project, folder / "data")
        finally:
            server.terminate()
            server.wait(10)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    emit("startup_ms", second["painted_ms"], "ms", limit=3000,
         command="python3 main.py against a running python3 main.py sim")  # fmt: skip
    emit("import_pyside_ms", second["import_pyside_ms"], "ms")
    for stage in ("imported", "loaded", "shown", "started"):
        emit(f"startup_{stage}_ms", second[f"{stage}_ms"], "ms")
    emit("startup_first_run_ms", first["painted_ms"], "ms")
    emit("startup_embedded_ms", embedded["painted_ms"], "ms",
         command="python3 main.py (demo, embedded field simulator)")  # fmt: skip
    emit("startup_embedded_shown_ms", embedded["shown_ms"], "ms")


# a busy screen ---------------------------------------------------------------------------


async def busy_screen() -> None:
    from _common import emit, memory_tags
    from PySide6.QtWidgets import QGridLayout, QWidget

    from hmi.bridge import TagBridge
    from hmi.widgets.context import StandaloneContext
    from hmi.widgets.value_readout import ValueReadout
    from tags.clock import SystemClock
    from tags.database import TagDatabase
    from tags.model import Quality, TagSample

    tags = memory_tags(SLOW + FAST)
    names = sorted(tags)
    slow, fast = names[:SLOW], names[SLOW:]
    db = TagDatabase(tags, SystemClock())
    bridge = TagBridge(db, rate_hz=5)
    window = QWidget()
    grid = QGridLayout(window)
    grid.setSpacing(2)
    columns = 30
    context = StandaloneContext(bridge)
    for i, name in enumerate(names):
        grid.addWidget(ValueReadout(context, name, unit=False, chars=6), i // columns, i % columns)
    window.resize(window.sizeHint())  # every readout visible: all of them paint
    window.show()
    await asyncio.sleep(0.5)
    producer = 0.0
    lags: list[float] = []
    tick = 0

    async def produce() -> None:
        nonlocal producer, tick
        next_at = time.perf_counter()
        while True:
            next_at += 0.1
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
            started = time.perf_counter()
            now = time.time()
            tick += 1
            batch = {n: TagSample(float((tick + i) % 1000) / 10, Quality.GOOD, now, now)
                     for i, n in enumerate(fast)}  # fmt: skip
            if tick % 10 == 0:
                batch.update({n: TagSample(float((tick + i) % 977), Quality.GOOD, now, now)
                              for i, n in enumerate(slow)})  # fmt: skip
            db.publish(batch)
            producer += time.perf_counter() - started

    async def probe() -> None:
        while True:
            due = time.perf_counter() + 0.02
            await asyncio.sleep(0.02)
            lags.append(max(0.0, time.perf_counter() - due) * 1000)

    cpu0, wall0 = time.process_time(), time.perf_counter()
    tasks = [asyncio.create_task(produce()), asyncio.create_task(probe())]
    await asyncio.sleep(SECONDS)
    for task in tasks:
        task.cancel()
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    busy = max(0.0, cpu - producer) / wall * 100
    emit("gui_busy_pct", busy, "%", readouts=SLOW + FAST, slow_hz=1, fast_hz=10, limit=30,
         window=f"{window.width()}x{window.height()}")  # fmt: skip
    emit("loop_lag_p99_ms", statistics.quantiles(lags, n=100)[98], "ms", limit=50)
    emit("producer_pct", producer / wall * 100, "%")
    window.close()
    bridge.close()


# a heavy trend ---------------------------------------------------------------------------


def pen_data(k: int, n: int) -> tuple[object, object]:
    import numpy as np

    rng = np.random.default_rng(k)
    xs = 1_750_000_000.0 + np.arange(n, dtype=np.float64)
    ys = 50 + 20 * np.sin(np.arange(n) / (3000.0 + 500 * k)) + np.cumsum(rng.normal(0, 0.05, n))
    ys[rng.integers(0, n, 20)] += 15.0  # spikes
    for start in rng.integers(0, n - 600, 5):  # Bad periods of 10 min
        ys[start : start + 600] = math.nan
    return xs, ys


def trend_frames() -> list[float]:
    from PySide6.QtWidgets import QApplication

    from hmi.bridge import TagBridge
    from hmi.trends.trend_view import TrendView
    from tags.address import parse_address
    from tags.clock import SystemClock
    from tags.database import TagDatabase
    from tags.model import TagDef

    tags = {}
    for k in range(TREND_PENS):
        name, source = f"BENCH.PEN{k}", f"sim://memory/BENCH.PEN{k}"
        tags[name] = TagDef(name, source, parse_address(source), eng_low=0.0, eng_high=120.0)
    bridge = TagBridge(TagDatabase(tags, SystemClock()))
    folder = Path(tempfile.mkdtemp(prefix="console-ui-trend-"))
    view = TrendView(bridge, None, folder)
    view.picker.hide()
    view.resize(1600, 900)
    view.show()
    view.pause()
    plot = view.plot
    for k, name in enumerate(tags):
        view.add_pen(name)
        xs, ys = pen_data(k, TREND_POINTS)
        plot.set_data(name, xs, ys, hold_until=None)  # type: ignore[arg-type]
    first, last = 1_750_000_000.0, 1_750_000_000.0 + TREND_POINTS - 1
    QApplication.processEvents()
    frames: list[float] = []

    def frame(start: float, end: float) -> None:
        began = time.perf_counter()
        plot.set_x_range(start, end)
        plot.viewport().repaint()
        frames.append((time.perf_counter() - began) * 1000)

    frame(first, last)
    frames.clear()
    start, end = first, last
    while end - start > 300:  # zoom in on the middle
        middle, half = (start + end) / 2, (end - start) * 0.4
        start, end = middle - half, middle + half
        frame(start, end)
    for span in (300.0, 3600.0, 28800.0, 86400.0, 604800.0):  # pan each preset's range
        for step in range(8):
            s = first + (last - first - span) * step / 7
            frame(s, s + span)
    while end - start < last - first:  # and out again
        middle, half = (start + end) / 2, (end - start) * 0.625
        frame(max(first, middle - half), min(last, middle + half))
        start, end = max(first, middle - half), min(last, middle + half)
    view.stop()
    view.close()
    bridge.close()
    shutil.rmtree(folder, ignore_errors=True)
    return frames


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--startup-child":
        sys.path.insert(0, str(ROOT))
        startup_child(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    measure_startup()
    import qasync
    from _common import emit
    from PySide6.QtWidgets import QApplication

    from hmi.shell.theme import apply_theme

    app = QApplication([])
    apply_theme(app)
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        runner.run(busy_screen())
    frames = sorted(trend_frames())
    p95 = frames[min(len(frames) - 1, math.ceil(0.95 * len(frames)) - 1)]
    emit("trend_frame_ms", p95, "ms", pens=TREND_PENS, points=TREND_POINTS, frames=len(frames),
         limit=33)  # fmt: skip
    emit("trend_frame_max_ms", frames[-1], "ms")
    emit("trend_frame_median_ms", statistics.median(frames), "ms")


if __name__ == "__main__":
    main()
