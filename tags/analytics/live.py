"""The live analytics of a running console: energy, predictive warnings, instrument health,
and shift reports at every shift change and on demand.

``Analytics(db, project, data_dir, history)`` builds the live objects on a TagDatabase;
``start()`` attaches them and (with ``[plant_analytics.shifts] reports = true`` and a history
this console records) starts the shift-change task; ``stop()`` undoes both. Screens subscribe
to the live objects (``energy``, ``predictor``, ``health``) and list ``archive.reports()``.
Reports are made from the console's history (flushed first) or, in replay mode, from the
recording being replayed (``ReportHistory``); the work runs off the event loop (history reader
thread, then a worker thread for the PDF).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tags.alarms.journal import JournalStore
from tags.analytics.energy import LiveEnergy
from tags.analytics.instrument_health import InstrumentHealth
from tags.analytics.prediction import TrendPredictor
from tags.analytics.shift_calendar import Shift, ShiftCalendar
from tags.clock import Clock
from tags.config.project import Project
from tags.database import TagDatabase
from tags.history.historian import Historian
from tags.history.store import HistoryStore
from tags.reports.archive import Note, ReportArchive, ReportInfo
from tags.reports.shift_report import ShiftReport, build_report
from tags.security.audit_store import AuditReader
from tags.shutdown import cancel_and_wait

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


@dataclass(frozen=True)
class ReportHistory:
    """Where reports read the plant's values and alarms."""

    reader: Historian
    """Its queries run on the reader's thread (flushed first when it records)."""
    journal: Path | JournalStore
    """The alarm journal kept with that history (a recording holds its own): its file (opened
    read-only on the report's thread), or the shared store's journal."""
    source: str = ""
    """The recording's file, named in the report ("" for the console's own history)."""
    recorded_here: bool = True
    """This console records it: reports are made at every shift change."""


class Analytics:
    """Energy, predictions, instrument health and reports of one running project."""

    def __init__(
        self,
        db: TagDatabase,
        project: Project,
        data_dir: Path,
        history: ReportHistory | None,
        *,
        archive: ReportArchive | None = None,
        audit: Path | AuditReader | None = None,
    ) -> None:
        """``db``: the values (and the clock) to work on; ``data_dir``: where reports are
        kept and the audit trail is read; ``history``: None when there is none to report on;
        ``archive``: where reports are kept (default: the data folder's); ``audit``: the
        trail reports read (default: the data folder's file)."""
        self.db = db
        self.project = project
        self.history = history
        settings = project.analytics
        clock = db.clock
        self.clock = clock
        self.audit: Path | AuditReader = audit if audit is not None else data_dir / "audit.db"
        self.energy = LiveEnergy(project.tags, settings, clock)
        self.predictor = TrendPredictor(
            project.tags, settings.prediction, clock, settings.health.units
        )
        self.health = InstrumentHealth(project.tags, settings.health, clock)
        self.calendar = ShiftCalendar.from_settings(settings)
        self.archive = archive if archive is not None else ReportArchive.in_data_dir(data_dir)
        self.scheduler = ShiftReportScheduler(self.shift_report, self.calendar, clock)
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self.energy.attach(self.db)
        self.predictor.attach(self.db)
        self.health.attach(self.db)
        history = self.history
        if self.project.analytics.shifts.reports and history and history.recorded_here:
            self._task = asyncio.create_task(self.scheduler.run(), name="shift-reports")

    async def stop(self) -> None:
        if self._task is not None:
            await cancel_and_wait(self._task)
            self._task = None
        self.energy.detach()
        self.predictor.detach()
        self.health.detach()

    def add_note(self, text: str, user: str, workstation: str = "") -> Note:
        """An operator's note for the current shift's report (ValueError: no text, or too
        long)."""
        return self.archive.add_note(text, user, self.clock.now(), workstation)

    async def note(self, text: str, user: str = "") -> Note:
        """``add_note`` off the event loop (the index may be a shared store)."""
        return await asyncio.to_thread(self.add_note, text, user)

    @property
    def reports_where(self) -> str:
        return str(self.archive.folder)

    async def shift_reports(self) -> list[ReportInfo]:
        """The kept reports, newest first, read on a worker thread."""
        return await asyncio.to_thread(self.archive.reports)

    async def report_pdf(self, info: ReportInfo) -> Path:
        """A kept report's PDF (fetched from a shared store when it keeps it)."""
        return await asyncio.to_thread(self.archive.pdf, info)

    async def shift_report(self, shift: Shift) -> ReportInfo:
        """The report of a (finished) shift, kept in the archive."""
        info = await self.report(shift.start, shift.end, shift.label)
        self.archive.prune(self.project.analytics.shifts.keep_days, self.clock.now())
        return info

    async def report_now(
        self, notes: Sequence[str] = (), user: str = "", workstation: str = ""
    ) -> ReportInfo:
        """On demand: the current shift so far."""
        for text in notes:
            self.add_note(text, user, workstation)
        now = self.clock.now()
        shift = self.calendar.shift_at(now)
        # up to and including this moment (the notes just typed)
        return await self.report(shift.start, now + 0.001, f"{shift.label} (so far)")

    async def report(self, start: float, end: float, label: str) -> ReportInfo:
        """Build, print and keep the report of ``[start, end)``."""
        history = self.history
        if history is None:
            raise RuntimeError("a report needs the history, and this console records none")
        project, audit = self.project, self.audit
        issues = [(i, c) for i, c in self.health.log if i.since < end and (c is None or c >= start)]
        predictions = self.predictor.warnings()
        notes = self.archive.notes(start, end)
        generated = self.clock.now()

        def build(store: HistoryStore) -> ShiftReport:
            return build_report(
                project, store, start, end, label=label, generated=generated,
                journal=history.journal, audit=audit, notes=notes, source=history.source,
                instruments=issues, predictions=predictions,
            )  # fmt: skip

        await history.reader.flush()  # a recording's reader has nothing to flush
        report = await history.reader.query(build)
        target = self.archive.path_for(start, label)
        from tags.reports.pdf import write_pdf  # the PDF library loads with the first report

        await asyncio.to_thread(write_pdf, report, target)
        info = ReportInfo(target, report.title, label, start, end, generated, report.summary(),
                          report.anchor_facts())  # fmt: skip
        return self.archive.register(info)
