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
    store = sub.add_parser(
        "store", help="prepare a shared PostgreSQL store (store init), move a console into it"
    )
    actions = store.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    p = actions.add_parser(
        "init",
        help="make the schema, roles and tables of a PostgreSQL store (as its owner)",
        description=__doc__.split("\n\n")[2].replace("``", "") if __doc__ else None,
    )
    p.add_argument("--url", required=True, help="postgresql://ADMIN@host:port/db")
    p.add_argument("--server-role", metavar="NAME", help=f"a login role in {WRITER}")
    p.add_argument("--console-role", metavar="NAME", help=f"a login role in {READER}")
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the login roles' passwords from stdin, one line each (server role first)",
    )

    p = actions.add_parser(
        "copy",
        help="copy a console's data folder (sqlite) into a PostgreSQL store (as its owner)",
        description=__doc__.split("\n\n")[4].replace("``", "") if __doc__ else None,
    )
    p.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="sqlite:DATA_FOLDER",
        help="the console's data folder (sqlite alone: the --data-dir one)",
    )
    p.add_argument(
        "--to", dest="target", required=True, metavar="URL", help="postgresql://OWNER@host:port/db"
    )
    p.add_argument(
        "--only", metavar="STORE,...", help=f"copy only these stores ({', '.join(STORES)})"
    )
    p.add_argument("--server-data-dir", type=Path, metavar="DIR",
                   help="the server's data folder: gets the audit key and anchor")  # fmt: skip


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
            print("--password-stdin: one non-empty line per login role", file=out)
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
        print("store init: --url must be a postgresql:// URL (sqlite needs no preparing)", file=out)
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
        print(f"{url}: already up to date ({len(chosen)} stores)", file=out)
    else:
        print(f"{url}: ready ({len(chosen)} stores)", file=out)
    return 0


def source_folder(text: str, data_dir: Path | None) -> Path:
    """The data folder of ``--from``: ``sqlite:PATH``, a folder, or ``sqlite`` (the data
    folder of --data-dir / $HMI_DATA_DIR / the default); StoreConfigError otherwise."""
    if text == "sqlite":
        return default_data_dir(data_dir)
    if text.startswith("sqlite:"):
        text = text.removeprefix("sqlite:")
        text = text.removeprefix("//") if text.startswith("///") else text
    elif "://" in text:
        raise StoreConfigError(f"--from: {text!r} is not sqlite:DATA_FOLDER")
    return Path(text).expanduser()


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
            print(f"--only: {', '.join(unknown) or 'nothing'}: choose from {', '.join(STORES)}",
                  file=out)  # fmt: skip
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
        print("store copy: --to must be a postgresql:// URL", file=out)
        return 2

    def say(line: str) -> None:
        print(line, file=out, flush=True)

    try:
        with PgDatabase(url) as db:
            result = copy_data_dir(source, db, say, stores=stores, key_to=key_to)
    except KeyboardInterrupt:
        say("store copy: interrupted; run the same command again to finish (nothing is doubled)")
        return 130
    except (CopyRefused, StoreError, StoreConfigError, HistoryLocked, DataFileError) as exc:
        say(f"store copy: {exc}")
        return 1
    say(f"summary of {source} -> {url}:")
    for tally in result.tallies:
        say(f"  {tally.line()}")
    for store in result.refused:
        say(f"  {store}: refused (see above)")
    if result.audit is not None:
        verdict = "verified" if result.audit.ok else "FAILED verification"
        say(f"  audit trail on the target {verdict}: {result.audit.message}")
    if result.key_file is not None and key_to is None:
        say(f"  the server must sign with {result.key_file}: copy it (owner-only) into its data "
            "folder, or run again with --server-data-dir")  # fmt: skip
    incomplete = [t.store for t in result.tallies if t.target < t.source]
    if incomplete:
        say(f"  incomplete: {', '.join(incomplete)} (the target holds fewer rows than the source)")
    return 0 if result.ok else 1
