"""``python main.py sessions | debrief | compare``: training sessions from the command line.

    sessions [--snapshots]              the sessions of the data folder, newest first (or the
                                        stored plant snapshots)
    debrief SESSION [--out FILE.pdf]    a session's debrief, printed; with --out also as PDF
    compare A B [--any-plan]            two sessions of the same scenario plan side by side

Sessions are read from <data dir>/training.db and the plant values from the console's history
(<data dir>/history.db, or --history FILE); on a shared store (``--store`` or the project's
``[store]``) both from the store. Like commands/history.py: each returns the
exit code (0 done, 1 refused or failed, 2 bad usage) and prints to the given stream.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from commands.columns import pad
from commands.project import load_or_report
from tags.clock import SystemClock
from tags.history.historian import HISTORY_FILE
from tags.history.store import HistoryStore
from tags.i18n.catalogue import text
from tags.i18n.formats import at
from tags.store.url import StoreUrl
from tags.stores import Stores
from tags.training.store import (
    STEADY_STATE,
    TRAINING_FILE,
    SessionInfo,
    SqliteTrainingStore,
    TrainingStore,
    UnknownSession,
)

if TYPE_CHECKING:
    from tags.training.debrief import Debrief

COMMANDS = ("sessions", "debrief", "compare")


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``sessions``, ``debrief`` and ``compare`` subcommands of main.py."""
    history = text("cli.opt.history")
    p = sub.add_parser("sessions", help=text("cli.sessions.help"))
    p.add_argument("--snapshots", action="store_true", help=text("cli.sessions.opt.snapshots"))

    p = sub.add_parser("debrief", help=text("cli.debrief.help"))
    p.add_argument("session", type=int, metavar="SESSION", help=text("cli.debrief.opt.session"))
    p.add_argument("--out", type=Path, default=None, help=text("cli.opt.pdf"))
    p.add_argument("--history", type=Path, default=None, help=history)

    p = sub.add_parser("compare", help=text("cli.compare.help"))
    p.add_argument("a", type=int, metavar="A", help=text("cli.compare.opt.session"))
    p.add_argument("b", type=int, metavar="B", help=text("cli.compare.opt.session"))
    p.add_argument("--any-plan", action="store_true", help=text("cli.compare.opt.any_plan"))
    p.add_argument("--history", type=Path, default=None, help=history)


def run(args: argparse.Namespace, data_dir: Path, out: TextIO) -> int:
    """Run a subcommand as parsed by ``add_parsers``."""
    shared: StoreUrl | None = getattr(args, "store", None)
    if args.command == "sessions":
        return list_sessions(data_dir, out, snapshots=args.snapshots, store=shared)
    if args.command == "debrief":
        return debrief(
            args.project, data_dir, out, args.session, pdf=args.out, history=args.history,
            store=shared,
        )  # fmt: skip
    return compare(
        args.project, data_dir, out, args.a, args.b, any_plan=args.any_plan,
        history=args.history, store=shared,
    )  # fmt: skip


@contextlib.contextmanager
def _shared(data_dir: Path, store: StoreUrl | None) -> Iterator[Stores | None]:
    """The shared store's stores (None: the data folder's files)."""
    if store is None or not store.is_postgresql:
        yield None
        return
    with Stores(store, data_dir, SystemClock()) as stores:
        yield stores


def _store(data_dir: Path, out: TextIO, shared: Stores | None = None) -> TrainingStore | None:
    if shared is not None:
        return shared.training()
    path = data_dir / TRAINING_FILE
    if not path.exists():
        print(text("cli.sessions.no_store", folder=data_dir, file=TRAINING_FILE), file=out)
        return None
    return SqliteTrainingStore(path)


def list_sessions(
    data_dir: Path, out: TextIO, *, snapshots: bool = False, store: StoreUrl | None = None
) -> int:
    """The sessions (or snapshots), newest first."""
    with _shared(data_dir, store) as shared:
        return _list_sessions(data_dir, out, snapshots, shared)


def _list_sessions(data_dir: Path, out: TextIO, snapshots: bool, shared: Stores | None) -> int:
    store = _store(data_dir, out, shared)
    if store is None:
        return 1
    with store:
        if snapshots:
            shots = store.snapshots()
            for shot in shots:
                size = f"{shot.size / 1024:.0f} KB"
                by = text("cli.sessions.by", user=pad(shot.user, 12))
                line = f"{at(shot.time)}  {pad(shot.name, 24)} {by} {size}"
                plant = text("cli.sessions.plant_time", seconds=f"{shot.plant_time:.0f}")
                print(f"{line}{plant}", file=out)
            if not shots:
                print(text("cli.sessions.no_snapshots"), file=out)
            return 0
        sessions = store.sessions()
        for s in sessions:
            print(_session_line(s), file=out)
        if not sessions:
            print(text("cli.no_sessions"), file=out)
    return 0


def _session_line(s: SessionInfo) -> str:
    """One session of the listing: id, start, title, who, speed, length, start, plan."""
    length = text("cli.sessions.unfinished") if s.end is None else f"{s.end - s.start:.0f} s"
    title = s.name or text("cli.sessions.title", id=s.id)
    trainee = text("cli.sessions.trainee", name=pad(s.trainee, 10))
    trainer = text("cli.sessions.trainer", name=pad(s.trainer, 10))
    return (
        f"{s.id:>4}  {at(s.start)}  {pad(title, 20)} {trainee} {trainer} x{s.time_factor:g}  "
        f"{pad(length, 8)} {_start_state(s.start_state)}; {s.plan_text}"
    )


def _start_state(state: str) -> str:
    """How a session started (``steady state`` or ``snapshot NAME``) in the current language."""
    if state == STEADY_STATE:
        return text("cli.sessions.steady_state")
    if state.startswith("snapshot "):
        return text("cli.sessions.snapshot", name=state.removeprefix("snapshot "))
    return state


def _debriefs(
    project_path: Path,
    data_dir: Path,
    out: TextIO,
    ids: Sequence[int],
    history: Path | None,
    store: StoreUrl | None,
) -> list[Debrief] | None:
    """Build the debriefs of these sessions, or print why not and return None."""
    with _shared(data_dir, store) as shared:
        return _build_debriefs(project_path, data_dir, out, ids, history, shared)


def _build_debriefs(
    project_path: Path,
    data_dir: Path,
    out: TextIO,
    ids: Sequence[int],
    history: Path | None,
    shared: Stores | None,
) -> list[Debrief] | None:
    from tags.history.sqlite_store import SqliteHistoryStore
    from tags.training.debrief import build_debrief

    store = _store(data_dir, out, shared)
    if store is None:
        return None
    with store:
        try:
            sessions = [(store.session(i), store.records(i)) for i in ids]
        except UnknownSession as exc:
            print(exc, file=out)
            return None
    if history is None and shared is not None:
        opened: HistoryStore = shared.history()
    else:
        history = history or data_dir / HISTORY_FILE
        if not history.exists():
            print(text("cli.no_session_history", path=history), file=out)
            return None
        opened = SqliteHistoryStore(history, readonly=True)
    with contextlib.closing(opened) as values:
        project = load_or_report(project_path, out)
        if project is None:
            return None
        return [build_debrief(project, values, info, records) for info, records in sessions]


def debrief(
    project_path: Path,
    data_dir: Path,
    out: TextIO,
    session: int,
    *,
    pdf: Path | None = None,
    history: Path | None = None,
    store: StoreUrl | None = None,
) -> int:
    """Print a session's debrief; with ``pdf`` also write it as PDF. ``store``: the shared
    store's sessions and history (also for ``compare`` and ``list_sessions``)."""
    found = _debriefs(project_path, data_dir, out, [session], history, store)
    if found is None:
        return 1
    report = found[0]
    for line in report.lines():
        print(line, file=out)
    if pdf is not None:
        from tags.training.debrief_pdf import write_pdf

        try:
            pages = write_pdf(report, pdf)
        except OSError as exc:
            print(text("cli.cannot_write", path=pdf, why=exc), file=out)
            return 1
        kb = f"{pdf.stat().st_size / 1024:.0f}"
        print(text("cli.wrote_pdf", path=pdf, pages=pages, kb=kb), file=out)
    return 0


def compare(
    project_path: Path,
    data_dir: Path,
    out: TextIO,
    a: int,
    b: int,
    *,
    any_plan: bool = False,
    history: Path | None = None,
    store: StoreUrl | None = None,
) -> int:
    """Print two sessions side by side (refused when their plans differ, unless any_plan)."""
    from tags.training.compare import DifferentPlans
    from tags.training.compare import compare as side_by_side

    found = _debriefs(project_path, data_dir, out, [a, b], history, store)
    if found is None:
        return 1
    try:
        comparison = side_by_side(found[0], found[1], same_plan=not any_plan)
    except DifferentPlans as exc:
        print(text("cli.compare.any_plan", why=exc), file=out)
        return 1
    for line in comparison.lines():
        print(line, file=out)
    return 0
