"""5,000 tags changing at 10 Hz reach widgets through the TagBridge.

The GUI thread runs qasync; a producer task publishes 5,000 new samples every 100 ms (what
drivers would do). Widgets: the tag browser (all 5,000 rows, visible window) and one value
readout per tag in a scroll area. gui_busy_pct is the share of wall time the GUI thread
spends on everything but producing the samples (bridge flushes, models, paint).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

import qasync
from _common import emit, memory_tags
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hmi.bridge import TagBridge
from hmi.diagnostics.tag_browser import TagBrowser
from hmi.shell.theme import apply_theme
from hmi.widgets.context import StandaloneContext
from hmi.widgets.value_readout import ValueReadout
from tags.clock import SystemClock
from tags.database import TagDatabase
from tags.model import Quality, TagSample

TAGS = 5_000
RATE_HZ = 10.0
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))


def build_window(bridge: TagBridge, names: list[str]) -> QWidget:
    window = QWidget()
    layout = QVBoxLayout(window)
    layout.addWidget(TagBrowser(bridge), 1)
    grid_host = QWidget()
    grid = QGridLayout(grid_host)
    context = StandaloneContext(bridge)
    for i, name in enumerate(names):
        grid.addWidget(ValueReadout(context, name), i // 20, i % 20)
    scroll = QScrollArea()
    scroll.setWidget(grid_host)
    layout.addWidget(scroll, 1)
    window.resize(1600, 900)
    return window


async def run() -> None:
    tags = memory_tags(TAGS)
    names = sorted(tags)
    db = TagDatabase(tags, SystemClock())
    bridge = TagBridge(db, rate_hz=5)
    window = build_window(bridge, names)
    window.show()
    await asyncio.sleep(0.5)
    flush_ms: list[float] = []
    original_flush = bridge.flush

    def timed_flush() -> None:
        started = time.perf_counter()
        original_flush()
        flush_ms.append((time.perf_counter() - started) * 1000)

    bridge._timer.timeout.disconnect(original_flush)
    bridge._timer.timeout.connect(timed_flush)
    producer_seconds = 0.0
    lags: list[float] = []
    tick = 0

    async def produce() -> None:
        nonlocal producer_seconds, tick
        period = 1 / RATE_HZ
        next_at = time.perf_counter()
        while True:
            next_at += period
            delay = next_at - time.perf_counter()
            await asyncio.sleep(max(0.0, delay))
            lags.append(max(0.0, time.perf_counter() - next_at) * 1000)
            started = time.perf_counter()
            now = time.time()
            tick += 1
            db.publish(
                {
                    n: TagSample(float(tick % 100 + i % 7), Quality.GOOD, now, now)
                    for i, n in enumerate(names)
                }
            )
            producer_seconds += time.perf_counter() - started

    cpu0, wall0 = time.process_time(), time.perf_counter()
    task = asyncio.create_task(produce())
    await asyncio.sleep(SECONDS)
    task.cancel()
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    busy = max(0.0, cpu - producer_seconds) / wall * 100
    emit("gui_busy_pct", busy, "%", tags=TAGS, rate_hz=RATE_HZ, flush_hz=5)
    emit("producer_pct", producer_seconds / wall * 100, "%")
    emit("bridge_flushes_per_s", bridge.flushes / wall, "1/s")
    emit("flush_ms_median", statistics.median(flush_ms), "ms")
    emit("loop_lag_p99_ms", statistics.quantiles(lags, n=100)[98], "ms")
    window.close()
    bridge.close()


def main() -> None:
    app = QApplication([])
    apply_theme(app)
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        runner.run(run())


if __name__ == "__main__":
    main()
