"""Loop-check sheets from the command line, for the engineer in the field.

    loopcheck [--out sheets.pdf|sheets.csv] [--csv]   the progress per area and the failed
                                                      loops; the sheets to PDF or CSV
    loopcheck record TAG --point P --value V --user NAME [--password-stdin]
                     [--tolerance PERCENT] [--note TEXT]
    loopcheck fail TAG --note TEXT --user NAME [--password-stdin]

They act on the project's store (the data folder, or ``--store``); a console on that store
shows the entries when its loop-check view is opened or refreshed. Each returns the exit code
(0 done, 1 refused: the reason printed) and prints to ``out``.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TextIO

from commands.columns import pad
from commands.project import load_or_report
from tags.clock import SystemClock
from tags.config.problems import ConfigError
from tags.config.project import Project
from tags.i18n.catalogue import text
from tags.i18n.words import word
from tags.loopcheck.book import LoopCheckBook, LoopCheckRefused, LoopStatus, point_text
from tags.loopcheck.checklist import checklist
from tags.loopcheck.sheets import write_csv, write_pdf
from tags.security.audit_store import AUDIT_ERRORS, audit_refusal
from tags.security.users import AuthError
from tags.store.url import StoreUrl
from tags.stores import Stores

COMMAND = "loopcheck"
WORKSTATION = "command line"

PasswordReader = Callable[[bool], str]
"""Reads a password: from stdin (True) or asked at the terminal."""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        COMMAND,
        help=text("cli.loopcheck.help"),
        description=text("cli.loopcheck.about"),
    )
    p.add_argument("--out", type=Path, default=None, help=text("cli.loopcheck.opt.out"))
    p.add_argument("--csv", action="store_true", help=text("cli.loopcheck.opt.csv"))
    actions = p.add_subparsers(dest="loopcheck_action", metavar="ACTION")
    r = actions.add_parser(
        "record", help=text("cli.loopcheck.record.help"),
        description=text("cli.loopcheck.record.about"),
    )  # fmt: skip
    r.add_argument("tag")
    r.add_argument("--point", required=True, help=text("cli.loopcheck.opt.point"))
    r.add_argument("--value", required=True, type=float, help=text("cli.loopcheck.opt.value"))
    r.add_argument("--tolerance", type=float, default=None, metavar="PERCENT",
                   help=text("cli.loopcheck.opt.tolerance"))  # fmt: skip
    r.add_argument("--note", default="", help=text("cli.loopcheck.opt.note"))
    _who(r)
    f = actions.add_parser("fail", help=text("cli.loopcheck.fail.help"))
    f.add_argument("tag")
    f.add_argument("--note", required=True, help=text("cli.loopcheck.opt.fail_note"))
    _who(f)


def _who(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", required=True)
    parser.add_argument(
        "--password-stdin", action="store_true", help=text("cli.opt.password_stdin")
    )


def run(args: argparse.Namespace, data_dir: Path, out: TextIO, password: PasswordReader) -> int:
    """Run ``loopcheck`` (``args.store``: the store chosen)."""
    project = load_or_report(args.project, out)
    if project is None:
        return 1
    if args.loopcheck_action is None:
        return show(project, data_dir, out, store=args.store, path=args.out, csv=args.csv)
    secret = password(args.password_stdin)
    return asyncio.run(change(project, data_dir, args, secret, out))


def screens_of_project(project: Project, out: TextIO) -> Mapping[str, tuple[str, ...]]:
    """Tag -> the titles of the displays that show it (empty, said, when they do not load)."""
    from hmi.loopcheck.screen_tags import screens_by_tag
    from screens import screens_of

    try:
        return screens_by_tag(screens_of(project).specs)
    except ConfigError as exc:
        print(text("cli.screens_unlisted", why=exc), file=out)
        return {}


def show(
    project: Project,
    data_dir: Path,
    out: TextIO,
    *,
    store: StoreUrl | None = None,
    path: Path | None = None,
    csv: bool = False,
) -> int:
    """Print the progress per area and the failed loops; write the sheets to ``path``."""
    clock = SystemClock()
    loops = checklist(project, screens_of_project(project, out) if path else None)
    with Stores(store or project.store, data_dir, clock) as stores, stores.loopchecks() as kept:
        book = LoopCheckBook(loops, kept, clock)
    for area in book.progress():
        print(f"{pad(area.area or text('cli.all_areas'), 10)} {area.text}", file=out)
    failed = [s for s in book.states() if s.status is LoopStatus.FAILED]
    for state in failed:
        print(text("cli.loop_failed", tag=state.loop.tag, note=state.note), file=out)
    if path is None:
        return 0
    if csv or path.suffix.lower() == ".csv":
        rows = write_csv(book.states(), path)
        print(text("cli.wrote_rows", rows=rows, path=path), file=out)
    else:
        pages = write_pdf(book.states(), book.progress(), path, project=project.name,
                          generated=clock.now())  # fmt: skip
        print(text("cli.wrote_pages", pages=pages, path=path), file=out)
    return 0


async def change(
    project: Project, data_dir: Path, args: argparse.Namespace, password: str, out: TextIO
) -> int:
    """Record a point or mark a loop failed as the user who gives the password."""
    from tags.runtime import Runtime

    runtime = Runtime(project, data_dir, store=args.store, history=False, alarm_states=False)
    try:
        try:
            user = runtime.authenticate(args.user, password, workstation=WORKSTATION)
        except AuthError as exc:
            print(text("cli.refused", why=exc), file=out)
            return 1
        with runtime.stores.loopchecks() as kept:
            book = LoopCheckBook(checklist(project), kept, runtime.clock, runtime.audit)
            try:
                if args.loopcheck_action == "record":
                    entry = book.record(
                        args.tag, args.point, args.value, user=user,
                        tolerance_percent=args.tolerance, note=args.note,
                        workstation=WORKSTATION,
                    )  # fmt: skip
                    verdict = text("loop.pass" if entry.passed else "loop.fail")
                    point = point_text(book.state(args.tag).loop, entry)
                    print(text("cli.loop_point", tag=args.tag, point=point, verdict=verdict),
                          file=out)  # fmt: skip
                else:
                    book.fail(args.tag, args.note, user=user, workstation=WORKSTATION)
                state = book.state(args.tag)
                note = text("health.reason", reason=state.note) if state.note else ""
                status = word("loop", state.status.value)
                print(text("cli.loop_state", tag=args.tag, status=status, note=note), file=out)
            except LoopCheckRefused as exc:
                print(text("cli.refused", why=exc), file=out)
                return 1
            except AUDIT_ERRORS as exc:
                print(text("cli.refused", why=audit_refusal(exc)), file=out)
                return 1
        return 0
    finally:
        await runtime.stop()  # never started: closes its stores
