"""The live analytics of a running console: energy, predictive warnings, instrument health,
and shift reports at every shift change and on demand.

``Analytics(runtime)`` builds the live objects on the runtime's TagDatabase; ``start()``
attaches them and (with ``[plant_analytics.shifts] reports = true`` and a history) starts the
shift-change task; ``stop()`` undoes both. Screens subscribe to the live objects
(``energy``, ``predictor``, ``health``) and list ``archive.reports()``. Reports are made from the
console's history (flushed first) or, in replay mode, from the recording being replayed; the
work runs off the event loop (history reader thread, then a worker thread for the PDF).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tags.analytics.energy import LiveEnergy
from tags.analytics.instrument_health import InstrumentHealth
from tags.analytics.prediction import TrendPredictor
from tags.analytics.shift_calendar import Shift, ShiftCalendar
from tags.clock import Clock
from tags.history.sqlite_store import SqliteHistoryStore
from tags.history.store import HistoryStore
from tags.reports.archive import Note, ReportArchive, ReportInfo
from tags.reports.shift_report import ShiftReport, build_report

if TYPE_CHECKING:
    from tags.runtime import Runtime

log = logging.getLogger(__name__)

GRACE = 5.0
"""Seconds after a shift change before its report is made (the last samples are flushed)."""


class ShiftReportScheduler:
    """Calls ``make(shift)`` once for every shift that ends while it runs."""

    def __init__(
        self, make: Callable[[Shift], Awaitable[object]], calendar: ShiftCalendar, clock: Clock
    ) -> None:
        self.make = make
        self.calendar = calendar
        self.clock = clock
        self.next_change = calendar.next_change(clock.now())
        self.made: list[Shift] = []

    async def check(self) -> Shift | None:
        """Make the report of a shift that has ended (and was not reported); that shift."""
        now = self.clock.now()
        if now < self.next_change + GRACE:
            return None
        shift = self.calendar.shift_at(self.next_change - 1.0)
        self.next_change = self.calendar.next_change(now)
        try:
            await self.make(shift)
        except Exception:
            log.exception("the report of shift %s failed", shift.label)
            return None
        self.made.append(shift)
        return shift

    async def run(self, poll: float = 30.0) -> None:
        """Check forever (a task of the console)."""
        while True:
            wait = self.next_change + GRACE - self.clock.now()
            await asyncio.sleep(min(max(wait, 0.0), poll))
            await self.check()


class Analytics:
    """Energy, predictions, instrument health and reports of one running project."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        project = runtime.project
        settings = project.analytics
        clock = runtime.db.clock
        self.clock = clock
        self.energy = LiveEnergy(project.tags, settings, clock)
        self.predictor = TrendPredictor(project.tags, settings.prediction, clock)
        self.health = InstrumentHealth(project.tags, settings.health, clock)
        self.calendar = ShiftCalendar.from_settings(settings)
        self.archive = ReportArchive.in_data_dir(runtime.data_dir)
        self.scheduler = ShiftReportScheduler(self.shift_report, self.calendar, clock)
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        db = self.runtime.db
        self.energy.attach(db)
        self.predictor.attach(db)
        self.health.attach(db)
        if self.runtime.project.analytics.shifts.reports and self.runtime.historian is not None:
            self._task = asyncio.create_task(self.scheduler.run(), name="shift-reports")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self.energy.detach()
        self.predictor.detach()
        self.health.detach()

    def add_note(self, text: str, user: str) -> Note:
        """An operator's note for the current shift's report."""
        return self.archive.add_note(text, user, self.clock.now())

    async def shift_report(self, shift: Shift) -> ReportInfo:
        """The report of a (finished) shift, kept in the archive."""
        info = await self.report(shift.start, shift.end, shift.label)
        self.archive.prune(self.runtime.project.analytics.shifts.keep_days, self.clock.now())
        return info

    async def report_now(self, notes: Sequence[str] = (), user: str = "") -> ReportInfo:
        """On demand: the current shift so far."""
        for text in notes:
            self.add_note(text, user)
        now = self.clock.now()
        shift = self.calendar.shift_at(now)
        # up to and including this moment (the notes just typed)
        return await self.report(shift.start, now + 0.001, f"{shift.label} (so far)")

    async def report(self, start: float, end: float, label: str) -> ReportInfo:
        """Build, print and keep the report of ``[start, end)``."""
        runtime = self.runtime
        data_dir = runtime.data_dir
        issues = [(i, c) for i, c in self.health.log if i.since < end and (c is None or c >= start)]
        predictions = self.predictor.warnings()
        notes = self.archive.notes(start, end)
        generated = self.clock.now()

        def build(store: HistoryStore, journal: Path, source: str) -> ShiftReport:
            return build_report(
                runtime.project, store, start, end, label=label, generated=generated,
                journal=journal, audit=data_dir / "audit.db", notes=notes, source=source,
                instruments=issues, predictions=predictions,
            )  # fmt: skip

        if runtime.historian is not None:
            await runtime.historian.flush()
            journal = data_dir / "alarms.db"
            report = await runtime.historian.query(lambda s: build(s, journal, ""))
        elif runtime.replay_path is not None:
            path = runtime.replay_path

            def from_recording() -> ShiftReport:
                with SqliteHistoryStore(path, readonly=True) as store:
                    return build(store, path, str(path))

            report = await asyncio.to_thread(from_recording)
        else:
            raise RuntimeError("a report needs the history, and this console records none")
        target = self.archive.path_for(start, label)
        from tags.reports.pdf import write_pdf  # the PDF library loads with the first report

        await asyncio.to_thread(write_pdf, report, target)
        info = ReportInfo(target, report.title, label, start, end, generated, report.summary())
        return self.archive.register(info)
