"""Forced and simulated values from the command line: ``force``, ``simulate``, ``release``
and ``forced``.

    force TAG VALUE --user NAME [--password-stdin] --reason TEXT [--for MINUTES]
    simulate TAG|AREA|PATTERN SOURCE --user NAME [--password-stdin] --reason TEXT
             [--for MINUTES]       SOURCE: sim://signal/<shape>?..., sim://<model>/<point>
                                   or model (the plant model's value for each tag)
    release TAG --user NAME [--password-stdin] --reason TEXT
    release --all-simulated --user NAME [--password-stdin] --reason TEXT
    forced                         the forces in effect (tag, value, source, who, reason,
                                   since, until)

They act on the project's store (the data folder, or ``--store``): a console or server
running on that store takes the change up within seconds, and one started later at once.
Each returns the exit code (0 done, 1 refused: the reason printed) and prints to ``out``.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from commands.columns import pad, width
from commands.project import load_or_report
from tags.clock import SystemClock
from tags.config.project import Project
from tags.forcing.force import Force
from tags.forcing.sources import MODEL
from tags.forcing.table import ForceRefused, ForceTable
from tags.forcing.targets import TargetError, select_tags
from tags.i18n.catalogue import text
from tags.i18n.formats import at
from tags.security.audit_store import AUDIT_ERRORS, audit_refusal
from tags.security.permissions import User
from tags.security.users import AuthError
from tags.store.url import StoreUrl
from tags.stores import Stores

COMMANDS = ("force", "simulate", "release", "forced")
WORKSTATION = "command line"
COLUMNS = ("tag", "value", "source", "by", "reason", "since", "until")
"""The columns of ``forced`` (their headings: ``cli.forced.col.<column>``)."""

PasswordReader = Callable[[bool], str]
"""Reads a password: from stdin (True) or asked at the terminal."""


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "force",
        help=text("cli.force.help"),
        description=text("cli.force.about"),
    )
    p.add_argument("tag")
    p.add_argument("value", help=text("cli.force.opt.value"))
    _who(p)
    p.add_argument(
        "--for", dest="minutes", type=float, default=None, metavar="MINUTES",
        help=text("cli.force.opt.for"),
    )  # fmt: skip
    p = sub.add_parser(
        "simulate",
        help=text("cli.simulate.help"),
        description=text(
            "cli.simulate.about", pattern="EMM.CELL.*", point="sim://cwp/DMC.DENS.PV", model=MODEL
        ),
    )
    p.add_argument("target", metavar="TAG|AREA|PATTERN")
    p.add_argument("source", metavar="SOURCE")
    _who(p)
    p.add_argument(
        "--for", dest="minutes", type=float, default=None, metavar="MINUTES",
        help=text("cli.simulate.opt.for"),
    )  # fmt: skip
    p = sub.add_parser("release", help=text("cli.release.help"))
    p.add_argument("tag", nargs="?")
    p.add_argument(
        "--all-simulated", action="store_true", help=text("cli.release.opt.all_simulated")
    )
    _who(p)
    sub.add_parser("forced", help=text("cli.forced.help"))


def _who(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", required=True)
    parser.add_argument(
        "--password-stdin", action="store_true", help=text("cli.opt.password_stdin")
    )
    parser.add_argument("--reason", required=True, help=text("cli.force.opt.reason"))


def run(args: argparse.Namespace, data_dir: Path, out: TextIO, password: PasswordReader) -> int:
    """Run ``force``, ``release`` or ``forced`` (``args.store``: the store chosen)."""
    project = load_or_report(args.project, out)
    if project is None:
        return 1
    if args.command == "forced":
        return forced(project, data_dir, out, store=args.store)
    if args.command == "release" and (args.tag is None) == (not args.all_simulated):
        print(text("cli.refused", why=text("cli.release_takes")), file=out)
        return 1
    secret = password(args.password_stdin)
    return asyncio.run(change(project, data_dir, args, secret, out))


async def change(
    project: Project, data_dir: Path, args: argparse.Namespace, password: str, out: TextIO
) -> int:
    """Force or release one tag as the user who gives the password."""
    from tags.runtime import Runtime

    runtime = Runtime(project, data_dir, store=args.store, history=False, alarm_states=False)
    try:
        forces = runtime.forces
        assert forces is not None
        try:
            user = runtime.authenticate(args.user, password, workstation=WORKSTATION)
        except AuthError as exc:
            print(text("cli.refused", why=exc), file=out)
            return 1
        forces.sync()
        try:
            if args.command == "simulate":
                return _simulate(project, forces, args, user, out)
            if args.command == "release" and args.all_simulated:
                return _release_simulated(forces, args, user, out)
            if args.command == "force":
                force = forces.force(
                    args.tag, args.value, user=user, reason=args.reason, minutes=args.minutes,
                    workstation=WORKSTATION,
                )  # fmt: skip
                print(text("cli.forced", what=_line(project, force)), file=out)
            else:
                force = forces.release(
                    args.tag, user=user, reason=args.reason, workstation=WORKSTATION
                )
                print(text("cli.released", tag=args.tag, what=_what(project, force)), file=out)
        except ForceRefused as exc:
            print(text("cli.refused", why=exc), file=out)
            return 1
        except AUDIT_ERRORS as exc:
            print(text("cli.refused", why=audit_refusal(exc)), file=out)
            return 1
        return 0
    finally:
        await runtime.stop()  # never started: closes its stores


def forced(project: Project, data_dir: Path, out: TextIO, *, store: StoreUrl | None = None) -> int:
    """Print the forces in effect, one per line (expired ones are not in effect)."""
    clock = SystemClock()
    with Stores(store or project.store, data_dir, clock) as stores, stores.forces() as kept:
        now = clock.now()
        rows = [f for f in kept.all() if not f.expired(now) and f.tag in project.tags]
    if not rows:
        print(text("cli.no_forces"), file=out)
        return 0
    table = [tuple(text(f"cli.forced.col.{c}") for c in COLUMNS)]
    for f in rows:
        until = text("cli.forced.released") if f.until is None else _time(f.until)
        value, source = (
            (text("cli.forced.simulated"), f.source)
            if f.simulated
            else (_value(project, f), text("cli.forced.fixed"))
        )
        table.append((f.tag, value, source, f.user, f.reason, _time(f.since), until))
    widths = [max(width(row[i]) for row in table) for i in range(len(table[0]) - 1)]
    for row in table:
        cells = [pad(cell, columns) for cell, columns in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[-1]]), file=out)
    simulated = sum(1 for f in rows if f.simulated)
    more = text("cli.forced.count_simulated", count=simulated) if simulated else ""
    print(text("cli.forced.count", count=len(rows)) + more, file=out)
    return 0


def _simulate(
    project: Project, forces: ForceTable, args: argparse.Namespace, user: User, out: TextIO
) -> int:
    """Put each tag the target names on the source; those it cannot feed are named."""
    try:
        names = select_tags(project.tags, args.target)
    except TargetError as exc:
        print(text("cli.refused", why=exc), file=out)
        return 1
    done = 0
    for name in names:
        try:
            force = forces.simulate(
                name, args.source, user=user, reason=args.reason, minutes=args.minutes,
                workstation=WORKSTATION,
            )  # fmt: skip
        except ForceRefused as exc:
            prefix = "" if len(names) == 1 else f"{name}: "
            print(text("cli.refused", why=f"{prefix}{exc}"), file=out)
            continue
        done += 1
        print(text("cli.simulated", what=_line(project, force)), file=out)
    if len(names) > 1:
        print(text("cli.simulated_count", done=done, total=len(names)), file=out)
    return 0 if done else 1


def _release_simulated(
    forces: ForceTable, args: argparse.Namespace, user: User, out: TextIO
) -> int:
    """Release every simulated tag (fixed forces stay)."""
    simulated = forces.simulated()
    if not simulated:
        print(text("sim.no_tags"), file=out)
        return 0
    for force in simulated:
        forces.release(force.tag, user=user, reason=args.reason, workstation=WORKSTATION)
        was = text("cli.force.simulated_from", source=force.source)
        print(text("cli.released", tag=force.tag, what=was), file=out)
    print(text("cli.released_count", count=len(simulated)), file=out)
    return 0


def _value(project: Project, force: Force) -> str:
    tag = project.tags[force.tag]
    unit = f" {tag.unit}" if tag.unit else ""
    return f"{tag.format_value(force.value)}{unit}"


def _what(project: Project, force: Force) -> str:
    if force.simulated:
        return text("cli.force.simulated_from", source=force.source)
    return text("cli.force.forced_to", value=_value(project, force))


def _line(project: Project, force: Force) -> str:
    return text("cli.force.line", tag=force.tag, value=_value(project, force), how=_how(force))


def _how(force: Force) -> str:
    """What the force is, by whom, until when, why (``Force.text`` in the current language)."""
    until = text("cli.force.until_released")
    if force.until is not None:
        until = text("cli.force.until", time=_time(force.until))
    what = _what_kind(force)
    return text("cli.force.how", what=what, user=force.user, until=until, reason=force.reason)


def _what_kind(force: Force) -> str:
    if force.simulated:
        return text("cli.force.simulated_from", source=force.source)
    return text("cli.force.forced_word")


def _time(when: float) -> str:
    """A time to the second, as the console shows it (the date the Chinese way in Chinese)."""
    return at(when, seconds=True)
