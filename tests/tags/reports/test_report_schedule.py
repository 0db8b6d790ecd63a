"""Reports at shift changes and on demand in a running console (Analytics on a Runtime)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from pypdf import PdfReader

from tags.analytics.config import AnalyticsSettings
from tags.analytics.live import GRACE, Analytics, ReportHistory, ShiftReportScheduler
from tags.analytics.shift_calendar import Shift, ShiftCalendar
from tags.clock import ManualClock
from tags.config.project import load_project
from tags.model import Quality, TagSample
from tags.runtime import Runtime
from tests.paths import DEMO_PROJECT

T0 = 1_749_967_200.0  # 2025-06-15 06:00 UTC


def test_the_scheduler_reports_each_finished_shift_once() -> None:
    clock = ManualClock(T0 + 7 * 3600)  # 13:00
    made: list[Shift] = []

    async def make(shift: Shift) -> None:
        made.append(shift)

    calendar = ShiftCalendar(tz=ShiftCalendar.from_settings(AnalyticsSettings("UTC")).tz)
    scheduler = ShiftReportScheduler(make, calendar, clock)

    async def steps() -> None:
        assert await scheduler.check() is None
        clock.advance(3600 + GRACE)  # 14:00 and a little
        shift = await scheduler.check()
        assert shift is not None and shift.label == "2025-06-15 Morning"
        assert await scheduler.check() is None
        clock.advance(8 * 3600)  # 22:00: the afternoon is done
        await scheduler.check()

    asyncio.run(steps())
    assert [s.name for s in made] == ["Morning", "Afternoon"]
    assert made[0].start == T0 and made[0].end == T0 + 8 * 3600


def test_a_running_console_reports_its_shift_on_demand_with_notes(tmp_path: Path) -> None:
    project = load_project(DEMO_PROJECT)
    clock = ManualClock(T0 + 3600)

    async def scenario() -> tuple[Path, list[str]]:
        runtime = Runtime(project, tmp_path, clock=clock)
        assert runtime.historian is not None
        await runtime.historian.start(tasks=False)
        history = ReportHistory(runtime.historian, tmp_path / "alarms.db")
        analytics = Analytics(runtime.db, project, tmp_path, history)
        analytics.start()
        try:
            for _ in range(120):  # two minutes of the SCO2 unit at 4.5 MW net
                clock.advance(1.0)
                now = clock.now()
                runtime.db.publish({
                    "SCO2.NET.P": TagSample(4.5, Quality.GOOD, now, now),
                    "SCO2.GEN.P": TagSample(4.9, Quality.GOOD, now, now),
                    "SCO2.KPI.HEAT_RECOVERED": TagSample(18.0, Quality.GOOD, now, now),
                })  # fmt: skip
            live = analytics.energy.snapshot()
            loop = live.shift.area("SCO2").heat_to_power
            assert loop is not None  # held from the first batch on: 119 s
            assert abs(loop.net_mwh - 4.5 * 119 / 3600) < 1e-9
            info = await analytics.report_now(["Turbine vibration checked"], "operator")
            return info.path, [r.label for r in analytics.archive.reports()]
        finally:
            await analytics.stop()
            await runtime.stop()

    path, listed = asyncio.run(scenario())
    assert path.parent == tmp_path / "reports" and path.exists()
    assert listed[0].endswith("(so far)")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())
    assert "Turbine vibration checked" in text and "SCO2 generation and export" in text
