"""``python main.py store init`` / ``store copy``: prepare a shared PostgreSQL store, and move
a console's data folder into one.

    store init --url postgresql://ADMIN@host:port/db [--server-role NAME]
               [--console-role NAME] [--password-stdin]

Connects as the database's owner (or another role allowed to create roles), makes the
schema ``hmi`` and the group roles ``hmi_writer`` (the server) and ``hmi_reader`` (the
consoles), on request the login roles of the server and of the consoles, and brings every
store's tables to this program's version. Prints what it did, one line each, or that all
was already up to date; running it again is harmless. With ``--password-stdin`` the login
roles' passwords are read from stdin, one line each (the server role's first); without it
they get none (e.g. for certificate or peer authentication). The admin's own password comes
from HMI_STORE_PASSWORD / PGPASSWORD or ~/.pgpass, never from the command line.

    store copy --from sqlite:DATA_FOLDER --to postgresql://OWNER@host:port/db
               [--only STORE,...] [--server-data-dir DIR]

Copies a console's stores (history, alarm journal and states, audit trail, users, training,
bookmarks, shift reports and notes) into the shared store, whose schema it brings up to date
first; prints progress and a summary per store (rows in the source and the target). Run it
again after an interruption: it adds only what is missing. The audit trail is refused when
the target holds another one, and verified on the target afterwards; the server must sign
with the data folder's audit.key: --server-data-dir copies it (and the anchor) into the
server's data folder. Exit 0 when everything arrived and the trail verifies, 1 otherwise,
130 when interrupted (run it again).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from tags.history.store import HistoryLocked
from tags.i18n.catalogue import text
from tags.paths import data_dir as default_data_dir
from tags.sqlite_file import DataFileError
from tags.store.migrations import READER, WRITER, Component
from tags.store.postgres import PgDatabase, StoreError
from tags.store.roles import prepare_store
from tags.store.url import StoreConfigError, StoreUrl, parse_store_url
from tags.store_copy import STORES, CopyRefused, copy_data_dir

COMMAND = "store"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``store`` subcommand of main.py."""
    store = sub.add_parser("store", help=text("cli.store.help"))
    actions = store.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    p = actions.add_parser(
        "init",
        help=text("cli.store.init.help"),
        description=text("cli.store.init.about"),
    )
    p.add_argument("--url", required=True, help="postgresql://ADMIN@host:port/db")
    p.add_argument("--server-role", metavar="NAME", help=text("cli.store.opt.role", group=WRITER))
    p.add_argument("--console-role", metavar="NAME", help=text("cli.store.opt.role", group=READER))
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help=text("cli.store.opt.password_stdin"),
    )

    p = actions.add_parser(
        "copy",
        help=text("cli.store.copy.help"),
        description=text("cli.store.copy.about"),
    )
    p.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="sqlite:DATA_FOLDER",
        help=text("cli.store.opt.from"),
    )
    p.add_argument(
        "--to", dest="target", required=True, metavar="URL", help="postgresql://OWNER@host:port/db"
    )
    p.add_argument(
        "--only", metavar="STORE,...", help=text("cli.store.opt.only", stores=", ".join(STORES))
    )
    p.add_argument("--server-data-dir", type=Path, metavar="DIR",
                   help=text("cli.store.opt.server_data_dir"))  # fmt: skip


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Run ``store init`` or ``store copy`` as parsed by ``add_parser``."""
    if args.store_command == "copy":
        return run_copy(args, out)
    try:
        url = parse_store_url(args.url, where="--url")
    except StoreConfigError as exc:
        print(exc, file=out)
        return 2
    roles = [(n, g) for n, g in ((args.server_role, WRITER), (args.console_role, READER)) if n]
    passwords: list[str | None] = [None] * len(roles)
    if args.password_stdin:
        passwords = [sys.stdin.readline().rstrip("\r\n") for _ in roles]
        if any(not p for p in passwords):
            print(text("cli.store.password_lines"), file=out)
            return 2
    return init(url, out, [(n, g, p) for (n, g), p in zip(roles, passwords, strict=True)])


def init(
    url: StoreUrl,
    out: TextIO,
    logins: Sequence[tuple[str, str, str | None]] = (),
    *,
    components: Sequence[Component] | None = None,
) -> int:
    """Prepare the store at ``url``; ``logins``: (role, group, password or None) to make.
    0 done (or nothing to do), 1 refused or failed, 2 bad usage."""
    if not url.is_postgresql:
        print(text("cli.store.init_needs_pg"), file=out)
        return 2
    if components is None:
        from tags.store_components import components as registered

        components = registered()
    chosen = list(components)
    try:
        with PgDatabase(url) as db:
            done = db.run(lambda conn: prepare_store(conn, chosen, logins))
    except (StoreError, StoreConfigError) as exc:
        print(f"store init: {exc}", file=out)
        return 1
    for line in done:
        print(line, file=out)
    if not done:
        print(text("cli.store.up_to_date", url=url, count=len(chosen)), file=out)
    else:
        print(text("cli.store.ready", url=url, count=len(chosen)), file=out)
    return 0


def source_folder(given: str, data_dir: Path | None) -> Path:
    """The data folder of ``--from``: ``sqlite:PATH``, a folder, or ``sqlite`` (the data
    folder of --data-dir / $HMI_DATA_DIR / the default); StoreConfigError otherwise."""
    if given == "sqlite":
        return default_data_dir(data_dir)
    if given.startswith("sqlite:"):
        given = given.removeprefix("sqlite:")
        given = given.removeprefix("//") if given.startswith("///") else given
    elif "://" in given:
        raise StoreConfigError(text("cli.store.not_sqlite", given=repr(given)))
    return Path(given).expanduser()


def run_copy(args: argparse.Namespace, out: TextIO) -> int:
    """``store copy``: parse, then ``copy``."""
    try:
        source = source_folder(args.source, args.data_dir)
        url = parse_store_url(args.target, where="--to")
    except StoreConfigError as exc:
        print(exc, file=out)
        return 2
    stores = STORES
    if args.only:
        stores = tuple(s.strip() for s in args.only.split(",") if s.strip())
        unknown = [s for s in stores if s not in STORES]
        if unknown or not stores:
            named = ", ".join(unknown) or text("cli.store.nothing")
            print(text("cli.store.only", unknown=named, stores=", ".join(STORES)), file=out)
            return 2
    return copy(source, url, out, stores=stores, key_to=args.server_data_dir)


def copy(
    source: Path,
    url: StoreUrl,
    out: TextIO,
    *,
    stores: Sequence[str] = STORES,
    key_to: Path | None = None,
) -> int:
    """Copy the data folder ``source`` into the store at ``url``; the exit code (0 all
    arrived and the audit trail verifies there, 1 refused or failed, 2 bad usage, 130
    interrupted)."""
    if not url.is_postgresql:
        print(text("cli.store.copy_needs_pg"), file=out)
        return 2

    def say(line: str) -> None:
        print(line, file=out, flush=True)

    try:
        with PgDatabase(url) as db:
            result = copy_data_dir(source, db, say, stores=stores, key_to=key_to)
    except KeyboardInterrupt:
        say(text("cli.store.interrupted"))
        return 130
    except (CopyRefused, StoreError, StoreConfigError, HistoryLocked, DataFileError) as exc:
        say(f"store copy: {exc}")
        return 1
    say(text("cli.store.summary", source=source, url=url))
    for tally in result.tallies:
        say(f"  {tally.line()}")
    for store in result.refused:
        say(text("cli.store.refused", store=store))
    if result.audit is not None:
        verdict = text("cli.store.verified" if result.audit.ok else "cli.store.failed")
        say(text("cli.store.audit", verdict=verdict, message=result.audit.message))
    if result.key_file is not None and key_to is None:
        say(text("cli.store.key", key=result.key_file))
    incomplete = [t.store for t in result.tallies if t.target < t.source]
    if incomplete:
        say(text("cli.store.incomplete", stores=", ".join(incomplete)))
    return 0 if result.ok else 1
