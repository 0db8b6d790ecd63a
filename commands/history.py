"""Command-line tools of the historian: ``record`` a demo shift and ``export`` history.

Like commands/project.py: each returns the exit code (0 done, 1 refused or failed, 2 bad usage)
and prints to the given stream.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import fnmatch
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from commands.files import unreadable
from tags.clock import SystemClock, parse_time
from tags.config.problems import ConfigError
from tags.config.project import load_project
from tags.history.store import HistoryStore
from tags.i18n.catalogue import text
from tags.store.errors import STORE_ERRORS
from tags.store.url import StoreUrl
from tags.stores import Stores


def record(
    project_path: Path,
    out_file: Path,
    out: TextIO,
    *,
    minutes: float,
    speed: float = 1.0,
    scenarios: Sequence[str] = (),
    seed: int = 1,
    deadband_percent: float | None = None,
) -> int:
    """``python main.py record``: run the simulated plant and store a recording.

    Ctrl+C or SIGTERM stops it early: what was recorded is kept, finished as at the end
    (exit 0, the summary says it stopped early). ``deadband_percent`` overrides the
    project's [historian] setting for this recording.
    """
    from tags.history.recording import RecordingSummary, ScenarioStart, record_shift
    from tags.shutdown import stop_on_signals

    try:
        starts = [ScenarioStart.parse(text) for text in scenarios]
    except ValueError as exc:
        print(exc, file=out)
        return 2
    try:
        project = load_project(project_path)
    except ConfigError as exc:
        for problem in exc.problems:
            print(problem, file=out)
        return 1
    if deadband_percent is not None:
        if not 0 <= deadband_percent <= 100:
            print(text("cli.record.deadband"), file=out)
            return 2
        settings = dataclasses.replace(project.historian, deadband_percent=deadband_percent)
        project = dataclasses.replace(project, historian=settings)

    async def until_done_or_stopped() -> RecordingSummary:
        return await record_shift(
            project, out_file, minutes=minutes, speed=speed, scenarios=starts, seed=seed,
            stop=stop_on_signals(),
        )  # fmt: skip

    try:
        summary = asyncio.run(until_done_or_stopped())
    except (FileExistsError, ValueError, RuntimeError) as exc:
        print(text("cli.refused", why=exc), file=out)
        return 1
    print(summary.line(), file=out)
    return 0


def export(
    history: Path,
    out_file: Path,
    patterns: Sequence[str],
    out: TextIO,
    *,
    start: str | None = None,
    end: str | None = None,
    wide: bool = False,
    utc: bool = False,
) -> int:
    """``python main.py export``: tags (names or patterns) of a history or recording to CSV
    (or Parquet by the file suffix); progress on stderr. A file that is not a readable
    history is one line naming it, exit 1."""
    why = unreadable(history)
    if why:
        print(why, file=out)
        return 1
    from tags.history.sqlite_store import SqliteHistoryStore

    def open_file() -> HistoryStore:
        return SqliteHistoryStore(history, readonly=True)

    return _export_from(str(history), open_file, out_file, patterns, out, start, end,
                        wide=wide, utc=utc)  # fmt: skip


def export_shared(
    store: StoreUrl,
    data_dir: Path,
    out_file: Path,
    patterns: Sequence[str],
    out: TextIO,
    *,
    start: str | None = None,
    end: str | None = None,
    wide: bool = False,
    utc: bool = False,
) -> int:
    """``export`` of the shared store's history (read only)."""
    try:
        with Stores(store, data_dir, SystemClock()) as stores:
            return _export_from(str(store), stores.history, out_file, patterns, out, start, end,
                                wide=wide, utc=utc)  # fmt: skip
    except STORE_ERRORS as exc:  # the server cannot be reached or refused
        print(text("cli.cannot_read", where=store, why=exc), file=out)
        return 1


def _export_from(
    where: str,
    open_store: Callable[[], HistoryStore],
    out_file: Path,
    patterns: Sequence[str],
    out: TextIO,
    start: str | None,
    end: str | None,
    *,
    wide: bool,
    utc: bool,
) -> int:
    try:
        return _export(open_store, out_file, patterns, out, start, end, wide=wide, utc=utc)
    except STORE_ERRORS as exc:  # a file damaged past its header, a server that refused
        print("\n" + text("cli.cannot_read", where=where, why=exc), file=out)
        return 1


def _export(
    open_store: Callable[[], HistoryStore],
    out_file: Path,
    patterns: Sequence[str],
    out: TextIO,
    start: str | None,
    end: str | None,
    *,
    wide: bool,
    utc: bool,
) -> int:
    from tags.history.export import ExportCancelled
    from tags.history.export import export as write_export

    with contextlib.closing(open_store()) as store:
        recorded = store.tag_names()
        names = [n for n in recorded if any(fnmatch.fnmatchcase(n, p) for p in patterns)]
        if not names:
            print(text("cli.export.no_match", patterns=" ".join(patterns)), file=out)
            return 2
        span = store.span(names)
        assert span is not None
        try:
            first = parse_time(start) if start else span[0]
            last = parse_time(end) if end else span[1] + 0.001
        except ValueError as exc:
            print(exc, file=out)
            return 2

        def progress(done: int, total: int) -> None:
            said = text("cli.export.progress", done=done, total=total)
            print(f"\r{said}", end="", file=sys.stderr, flush=True)

        try:
            rows = write_export(
                store, out_file, names, first, last,
                layout="wide" if wide else "long", utc=utc, progress=progress,
            )  # fmt: skip
        except (RuntimeError, ExportCancelled, OSError) as exc:
            print("\n" + text("cli.export.failed", why=exc), file=out)
            return 1
    print(file=sys.stderr)
    print(text("cli.export.done", rows=rows, count=len(names), path=out_file), file=out)
    return 0


COMMANDS = ("record", "export")


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``record`` and ``export`` subcommands of main.py."""
    p = sub.add_parser(
        "record",
        help=text("cli.record.help"),
    )
    p.add_argument("--minutes", type=float, required=True, help=text("cli.record.opt.minutes"))
    p.add_argument("--speed", type=float, default=1.0, help=text("cli.record.opt.speed"))
    p.add_argument(
        "--scenario",
        action="append",
        default=[],
        metavar="NAME@SECONDS",
        help=text("cli.record.opt.scenario"),
    )
    p.add_argument("--seed", type=int, default=1, help=text("cli.record.opt.seed"))
    p.add_argument(
        "--deadband-percent", type=float, default=None, help=text("cli.record.opt.deadband")
    )
    p.add_argument("--out", type=Path, required=True, help=text("cli.record.opt.out"))

    p = sub.add_parser("export", help=text("cli.export.help"))
    p.add_argument(
        "tags", nargs="+", metavar="TAG", help=text("cli.export.opt.tags", example="CWP.*")
    )
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--history", type=Path, default=None, help=text("cli.export.opt.history"))
    p.add_argument("--from", dest="start", default=None, help=text("cli.opt.from"))
    p.add_argument("--to", dest="end", default=None, help=text("cli.opt.to"))
    p.add_argument("--wide", action="store_true", help=text("cli.export.opt.wide"))
    p.add_argument("--utc", action="store_true", help=text("cli.export.opt.utc"))


def run(args: argparse.Namespace, data_dir: Path, out: TextIO) -> int:
    """Run ``record`` or ``export`` as parsed by ``add_parsers``."""
    if args.command == "record":
        return record(
            args.project,
            args.out,
            out,
            minutes=args.minutes,
            speed=args.speed,
            scenarios=args.scenario,
            seed=args.seed,
            deadband_percent=args.deadband_percent,
        )
    if args.history is None and args.store is not None and args.store.is_postgresql:
        return export_shared(
            args.store, data_dir, args.out, args.tags, out, start=args.start, end=args.end,
            wide=args.wide, utc=args.utc,
        )  # fmt: skip
    history = args.history or data_dir / "history.db"
    return export(
        history, args.out, args.tags, out, start=args.start, end=args.end, wide=args.wide,
        utc=args.utc,
    )  # fmt: skip
