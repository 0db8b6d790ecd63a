"""``python main.py store init``: prepare a shared PostgreSQL store.

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
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from tags.store.migrations import READER, WRITER, Component
from tags.store.postgres import PgDatabase, StoreError
from tags.store.roles import prepare_store
from tags.store.url import StoreConfigError, StoreUrl, parse_store_url

COMMAND = "store"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``store`` subcommand of main.py."""
    store = sub.add_parser("store", help="prepare a shared PostgreSQL store (store init)")
    actions = store.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    p = actions.add_parser(
        "init",
        help="make the schema, roles and tables of a PostgreSQL store (as its owner)",
        description=__doc__.split("\n\n", 2)[2].replace("``", "") if __doc__ else None,
    )
    p.add_argument("--url", required=True, help="postgresql://ADMIN@host:port/db")
    p.add_argument("--server-role", metavar="NAME", help=f"a login role in {WRITER}")
    p.add_argument("--console-role", metavar="NAME", help=f"a login role in {READER}")
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the login roles' passwords from stdin, one line each (server role first)",
    )


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Run ``store init`` as parsed by ``add_parser``."""
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
