"""Login roles for the tests of privileges on a real PostgreSQL server: a new role that is a
member of a group role (``hmi_writer``, ``hmi_reader``), as a server or a console logs in."""

from __future__ import annotations

import itertools
import os

from tags.store.url import StoreUrl
from tests.pg_server import PgServer

_numbers = itertools.count(1)


def login_as(server: PgServer, url: StoreUrl, group: str) -> StoreUrl:
    """``url`` as a new login role (trusted, no password) in ``group``; role names are
    cluster-wide, so each is new (process id and a counter)."""
    name = f"login_{group}_{os.getpid()}_{next(_numbers)}"
    with server.admin() as admin:
        admin.execute(f'DROP ROLE IF EXISTS "{name}"')
        admin.execute(f'CREATE ROLE "{name}" LOGIN IN ROLE "{group}"')
    return url.as_user(name)
