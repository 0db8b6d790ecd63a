"""A console on the demo project whose values the test publishes, on a manual clock.

The real Runtime with its historian and plant analytics (energy, predictive warnings,
instrument health, shift reports) and the real main window with every screen; no drivers
run, so every value on screen is one the test published at a time it chose. Times are UTC
(the project's ``[plant_analytics] timezone``), so shifts and tariff periods are known.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from hmi.alarms.status import AlarmStatus
from hmi.bridge import TagBridge
from hmi.shell.main_window import MainWindow
from hmi.shell.theme import apply_theme
from screens import all_screens, screens_of
from tags.analytics.live import Analytics
from tags.clock import ManualClock
from tags.config.project import load_project
from tags.model import Quality, TagSample
from tags.runtime import Runtime
from tests.paths import DEMO_PROJECT
from tests.waiting import GENEROUS, wait_until

T0 = 1_749_981_600.0
"""2025-06-15 10:00 UTC: in the Morning shift (06:00-14:00), a peak-price hour (08-11)."""

PLANT: dict[str, float] = {
    "EMM.RECT1.IDC": 10.0, "EMM.RECT1.UDC": 258.0, "EMM.RECT2.IDC": 10.0,
    "EMM.RECT2.UDC": 258.0, "EMM.KPI.MN_RATE": 0.8, "EMM.KPI.CE": 65.0,
    "CWP.FEED.TPH": 450.0, "CWP.CLEAN.TPH": 250.0, "CWP.CLEAN.ASH": 9.8,
    "CWP.MAG.CONSUMPTION": 1.2,
    "SCO2.KPI.HEAT_RECOVERED": 19.0, "SCO2.GEN.P": 5.0, "SCO2.NET.P": 4.6,
}  # fmt: skip
"""Steady figures known by hand: each series 10 kA x 258 V = 2580 kW; 0.8 t/h Mn."""

Values = Mapping[str, float | None]


@dataclasses.dataclass
class Bench:
    loop: asyncio.AbstractEventLoop
    clock: ManualClock
    runtime: Runtime
    bridge: TagBridge
    window: MainWindow

    @property
    def analytics(self) -> Analytics:
        assert self.runtime.analytics is not None
        return self.runtime.analytics

    def publish(self, values: Values, quality: Quality = Quality.GOOD) -> None:
        """One batch at the clock's time (None: a Bad sample)."""
        now = self.clock.now()
        self.runtime.db.publish({
            name: TagSample(value, quality if value is not None else Quality.BAD_NO_COMMUNICATION,
                            now, now)
            for name, value in values.items()
        })  # fmt: skip

    def run(
        self, seconds: float, values: Values | Callable[[int], Values], step: float = 10.0
    ) -> None:
        """Advance the clock in steps, publishing after each (``values(n)`` for step n)."""
        for n in range(round(seconds / step)):
            self.clock.advance(step)
            self.publish(values(n) if callable(values) else values)
        self.settle()

    def settle(self) -> None:
        """Let the historian write and the bridge hand out what was published."""
        historian = self.runtime.historian
        assert historian is not None
        self.loop.run_until_complete(historian.flush())
        self.bridge.flush()

    def wait(self, condition: Callable[[], bool], timeout: float = GENEROUS) -> None:
        """Run the event loop until ``condition`` holds (never qtbot.wait*)."""
        wait_until(self.loop, condition, timeout)


@contextlib.contextmanager
def analytics_console(
    loop: asyncio.AbstractEventLoop,
    data_dir: Path,
    start: float = T0,
    project_file: Path = DEMO_PROJECT,
) -> Iterator[Bench]:
    """The bench (on the demo project unless given another), stopped (window deleted, runtime
    stopped) before the test ends."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if not app.styleSheet():
        apply_theme(app)
    project = load_project(project_file)
    project = dataclasses.replace(
        project, analytics=dataclasses.replace(project.analytics, timezone="UTC")
    )
    clock = ManualClock(start)
    runtime = Runtime(project, data_dir, clock=clock, analytics=True)

    async def begin() -> None:
        assert runtime.historian is not None and runtime.analytics is not None
        await runtime.historian.start(tasks=False)
        runtime.alarms.attach(runtime.db)
        runtime.analytics.start()

    loop.run_until_complete(begin())
    bridge = TagBridge(runtime.db)
    status = AlarmStatus()
    status.attach(runtime.alarms)
    alarm_status_feed = runtime.alarms.subscribe(status.refresh)
    specs = all_screens() if project_file == DEMO_PROJECT else screens_of(project).specs
    window = MainWindow(runtime, bridge, specs, status)
    window.resize(1920, 1080)
    bench = Bench(loop, clock, runtime, bridge, window)
    try:
        yield bench
    finally:
        window.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        alarm_status_feed.close()
        bridge.close()
        loop.run_until_complete(runtime.stop())
