"""``python main.py report``: a shift report PDF from a recording or the console's history.

    report --recording FILE --out report.pdf    the whole recording (or --from/--to)
    report [--out FILE]                         the last finished shift of the data folder's
                                                history (kept in <data dir>/reports without --out)
    report --list                               the kept reports

On a shared store (``--store`` or the project's ``[store]``) the history, alarm journal, audit
trail and report index are the store's; the PDFs are written to the data folder's reports
folder (and kept in the store's index too).

Like commands/history.py: returns the exit code (0 done, 1 refused or failed, 2 bad
usage) and prints to the given stream.
"""

from __future__ import annotations

import argparse
import contextlib
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from commands.columns import pad
from commands.files import unreadable
from tags.alarms.journal import JournalStore
from tags.analytics.energy_figures import export_csv
from tags.analytics.shift_calendar import ShiftCalendar
from tags.clock import SystemClock, parse_time
from tags.config.problems import ConfigError
from tags.config.project import Project, load_project
from tags.history.historian import HISTORY_FILE
from tags.history.sqlite_store import SqliteHistoryStore
from tags.history.store import HistoryStore
from tags.i18n.catalogue import text
from tags.i18n.formats import at
from tags.reports.archive import Note, ReportArchive, ReportInfo
from tags.security.audit_store import AuditReader
from tags.store.errors import STORE_ERRORS
from tags.store.url import StoreUrl
from tags.stores import Stores

COMMAND = "report"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(COMMAND, help=text("cli.report.help"))
    p.add_argument("--recording", type=Path, default=None, help=text("cli.report.opt.recording"))
    p.add_argument("--out", type=Path, default=None, help=text("cli.report.opt.out"))
    p.add_argument("--from", dest="start", default=None, help=text("cli.report.opt.from"))
    p.add_argument("--to", dest="end", default=None, help=text("cli.report.opt.to"))
    p.add_argument("--note", action="append", default=[], help=text("cli.report.opt.note"))
    p.add_argument("--user", default="(command line)", help=text("cli.report.opt.user"))
    p.add_argument("--csv", type=Path, default=None, help=text("cli.report.opt.csv"))
    p.add_argument("--list", action="store_true", help=text("cli.report.opt.list"))


def run(args: argparse.Namespace, data_dir: Path, out: TextIO) -> int:
    store: StoreUrl | None = getattr(args, "store", None)
    if args.list:
        try:
            with Stores(store, data_dir, SystemClock()) as stores, stores.report_archive() as kept:
                return list_reports(kept, out)
        except STORE_ERRORS as exc:
            print(text("cli.reports_unlisted", why=exc), file=out)
            return 1
    return report(
        args.project, data_dir, out, recording=args.recording, pdf=args.out, start=args.start,
        end=args.end, notes=args.note, user=args.user, csv=args.csv, store=store,
    )  # fmt: skip


@dataclass
class _Sources:
    """What a report reads: the history, the journal kept with it and the audit trail."""

    history: HistoryStore
    journal: Path | JournalStore
    audit: Path | AuditReader
    name: str
    """The history, as the report names its source."""


@contextlib.contextmanager
def _sources(stores: Stores, recording: Path | None) -> Iterator[_Sources]:
    """A recording file, or the console's own history (the data folder's file or the shared
    store's), with its journal and the audit trail."""
    audit = stores.audit_source()
    if recording is not None:
        opened: HistoryStore = SqliteHistoryStore(recording, readonly=True)
        journal: Path | JournalStore = recording
        name = str(recording)
    elif stores.is_postgresql:
        opened = stores.history()
        found = stores.journal_for_reading()
        assert found is not None
        journal, name = found, str(stores.url)
    else:
        opened = SqliteHistoryStore(stores.history_file, readonly=True)
        journal, name = stores.journal_source(), str(stores.history_file)
    try:
        yield _Sources(opened, journal, audit, name)
    finally:
        opened.close()


def list_reports(archive: ReportArchive, out: TextIO) -> int:
    reports = archive.reports()
    if not reports:
        print(text("cli.no_reports", folder=archive.folder), file=out)
        return 0
    for info in reports:
        print(f"{at(info.start)}  {pad(info.label, 32)} {info.path.name}  {info.summary}", file=out)
    return 0


def report(
    project_path: Path,
    data_dir: Path,
    out: TextIO,
    *,
    recording: Path | None = None,
    pdf: Path | None = None,
    start: str | None = None,
    end: str | None = None,
    notes: Sequence[str] = (),
    user: str = "(command line)",
    csv: Path | None = None,
    store: StoreUrl | None = None,
) -> int:
    """Build the report, print it to PDF, say what it holds. ``store``: the shared store's
    history, journal, audit trail and report index instead of the data folder's files."""
    shared = store is not None and store.is_postgresql
    history = recording or data_dir / HISTORY_FILE
    why = None if shared and recording is None else unreadable(history)
    if why:
        print(why, file=out)
        return 1
    try:
        given_start = parse_time(start) if start else None
        given_end = parse_time(end) if end else None
    except ValueError as exc:
        print(exc, file=out)
        return 2
    if given_start is not None and given_end is not None and given_end <= given_start:
        print(text("cli.empty_period"), file=out)
        return 2
    try:
        project = load_project(project_path)
    except ConfigError as exc:
        for problem in exc.problems:
            print(problem, file=out)
        return 1
    try:
        with Stores(store, data_dir, SystemClock()) as stores, stores.report_archive() as archive:
            return _report(project, stores, archive, out, recording=recording, pdf=pdf,
                           start=start, end=end, given_start=given_start, given_end=given_end,
                           notes=notes, user=user, csv=csv)  # fmt: skip
    except STORE_ERRORS as exc:  # a file damaged past its header, a server that refused
        where = str(store) if shared and recording is None else str(history)
        print(text("cli.cannot_read", where=where, why=exc), file=out)
        return 1


def _report(
    project: Project,
    stores: Stores,
    archive: ReportArchive,
    out: TextIO,
    *,
    recording: Path | None,
    pdf: Path | None,
    start: str | None,
    end: str | None,
    given_start: float | None,
    given_end: float | None,
    notes: Sequence[str],
    user: str,
    csv: Path | None,
) -> int:
    from tags.reports.pdf import write_pdf
    from tags.reports.shift_report import build_report

    now = time.time()
    with _sources(stores, recording) as sources:
        store = sources.history
        span = store.span()
        if span is None:
            print(text("cli.no_samples", name=sources.name), file=out)
            return 1
        label = ""
        if recording is not None:
            first, last = span[0], span[1] + 0.001
        else:
            shift = ShiftCalendar.from_settings(project.analytics).last_completed(now)
            first, last, label = shift.start, shift.end, shift.label
        first = first if given_start is None else given_start
        last = last if given_end is None else given_end
        if last <= first:
            print(text("cli.empty_period"), file=out)
            return 2
        kept = archive.notes(first, last) if recording is None else []
        given = [Note(min(now, last - 0.001), user, text) for text in notes if text.strip()]
        shipped = build_report(
            project, store, first, last, label=label if not (start or end) else "",
            generated=now, journal=sources.journal, audit=sources.audit,
            notes=kept + given, source=sources.name,
        )  # fmt: skip
    target = pdf or archive.path_for(first, shipped.label)
    try:
        pages = write_pdf(shipped, target)
    except OSError as exc:
        print(text("cli.cannot_write", path=target, why=exc), file=out)
        return 1
    if pdf is None:
        archive.register(ReportInfo(target, shipped.title, shipped.label, first, last, now,
                                    shipped.summary(), shipped.anchor_facts()))  # fmt: skip
    minutes = f"{(last - first) / 60:.0f}"
    print(text("cli.report_head", title=shipped.title, project=project.name, minutes=minutes),
          file=out)  # fmt: skip
    for line in shipped.lines():
        print(f"  {line}", file=out)
    if csv is not None:
        rows = export_csv([*shipped.slices, shipped.energy], csv, project.analytics.energy.areas)
        print(text("cli.energy_csv", rows=rows, path=csv), file=out)
    size = target.stat().st_size
    print(text("cli.wrote_pdf", path=target, pages=pages, kb=f"{size / 1024:.0f}"), file=out)
    return 0
