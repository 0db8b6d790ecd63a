"""Login roles of the shared store: the server's (a member of ``hmi_writer``) and the
consoles' (a member of ``hmi_reader``), made by ``python main.py store init``, whose work on
the database (``prepare_store``: schema, roles, every component's tables) is here too.

A password is sent to the server as a SCRAM-SHA-256 verifier computed here, as psql's
``\\password`` does: the clear text never reaches the server, its logs or its statistics.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from tags.store.migrations import (
    MIGRATION_LOCK,
    READER,
    WRITER,
    Component,
    ensure_roles,
    migrate,
)
from tags.store.postgres import SCHEMA, StoreError

Login = tuple[str, str, str | None]
"""A login role to make: (name, group role, password or None)."""

SCRAM_ITERATIONS = 4096
"""PostgreSQL's default (scram_iterations)."""
_NOTHING = frozenset(
    (0x00AD, 0x034F, 0x1806, 0x180B, 0x180C, 0x180D, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)
) | frozenset(range(0xFE00, 0xFE10))
"""Characters SASLprep maps to nothing (RFC 3454 table B.1)."""


def _saslprep(password: str) -> bytes:
    """SASLprep's mapping and normalization (what PostgreSQL applies before hashing)."""
    if password.isascii():
        return password.encode()
    mapped = "".join(
        " " if unicodedata.category(c) == "Zs" else c for c in password if ord(c) not in _NOTHING
    )
    return unicodedata.normalize("NFKC", mapped).encode()


def scram_verifier(password: str, *, salt: bytes | None = None) -> str:
    """The SCRAM-SHA-256 secret PostgreSQL stores for ``password``."""
    salt = salt if salt is not None else os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", _saslprep(password), salt, SCRAM_ITERATIONS)
    client_key = hmac.digest(salted, b"Client Key", "sha256")
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.digest(salted, b"Server Key", "sha256")

    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode()

    return f"SCRAM-SHA-256${SCRAM_ITERATIONS}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


async def ensure_login_role(
    conn: psycopg.AsyncConnection[Any], name: str, group: str, password: str | None
) -> list[str]:
    """Make ``name`` a login role that is a member of ``group`` (and set its password when
    one is given); what was done, one line each (empty: it was so already)."""
    role, member_of = sql.Identifier(name), sql.Identifier(group)
    done: list[str] = []
    cur = await conn.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", (name,))
    row = await cur.fetchone()
    if row is None:
        await conn.execute(sql.SQL("CREATE ROLE {} LOGIN IN ROLE {}").format(role, member_of))
        done.append(f"created login role {name} (member of {group})")
    else:
        if not row[0]:
            await conn.execute(sql.SQL("ALTER ROLE {} LOGIN").format(role))
            done.append(f"role {name} may log in")
        cur = await conn.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", (name, group))
        member = await cur.fetchone()
        if member is None or not member[0]:
            await conn.execute(sql.SQL("GRANT {} TO {}").format(member_of, role))
            done.append(f"granted {group} to {name}")
    if password is not None:
        await conn.execute(
            sql.SQL("ALTER ROLE {} PASSWORD {}").format(role, sql.Literal(scram_verifier(password)))
        )
        done.append(f"set the password of {name}")
    return done


async def prepare_store(
    conn: psycopg.AsyncConnection[Any], components: Sequence[Component], logins: Sequence[Login]
) -> list[str]:
    """What ``store init`` does on the database: the schema and the group roles, the login
    roles asked for, then every component's tables at this program's version (under the
    migration lock); what was done, one line each."""
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        done = await ensure_roles(conn)
        for name, group, password in logins:
            done += await ensure_login_role(conn, name, group, password)
    for component in components:
        done += await migrate(conn, component)
    return done


_READER_ONLY = """
SELECT NOT r.rolsuper
   AND EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname = 'hmi_reader'
               AND pg_has_role(current_user, g.oid, 'MEMBER'))
   AND NOT EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname = 'hmi_writer'
                   AND pg_has_role(current_user, g.oid, 'MEMBER'))
  FROM pg_roles r WHERE r.rolname = current_user
"""


async def reader_only(conn: psycopg.AsyncConnection[Any]) -> bool:
    """Whether the connected role may only read (a console's: in hmi_reader, neither in
    hmi_writer nor a superuser)."""
    cur = await conn.execute(_READER_ONLY)
    row = await cur.fetchone()
    return bool(row and row[0])


class StoreAccessError(StoreError):
    """The store's role may not do what this program needs of it (read the tables, or
    record); the message names the role, the table and the grant that is missing."""


@dataclass(frozen=True)
class RoleAccess:
    """What the role connected to the store may do there."""

    role: str
    """The role's name (``current_user``)."""
    reader_only: bool
    """A console's role: in hmi_reader, neither in hmi_writer nor a superuser."""
    unreadable: str
    """The first thing the reader role reads and this role may not (``hmi.samples``,
    ``schema hmi``); empty when it reads all of it (or no schema is made yet)."""

    def cannot_read(self, grant: str) -> StoreAccessError:
        """The error for a role that may not read the store (``grant``: what to grant)."""
        option = "--server-role" if grant == WRITER else "--console-role"
        return StoreAccessError(
            f"the store's role {self.role} may not read {self.unreadable}: grant {grant} "
            f"(as the database's owner: python main.py store init --url ... {option} "
            f"{self.role})"
        )

    def may_only_read(self, what: str, hint: str = "") -> StoreAccessError:
        """The error for a reader's role where ``what`` needs to record into the store
        (``hint``: what else the role is good for)."""
        hint = f" ({hint})" if hint else ""
        return StoreAccessError(
            f"the store's role {self.role} may only read (a member of {READER}), and {what} "
            f"records into the store: use a role granted {WRITER}{hint}"
        )


_UNREADABLE = """
SELECT n.nspname || '.' || c.relname
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'v') AND NOT c.relispartition
   AND has_table_privilege(%s, c.oid, 'SELECT')
   AND NOT has_table_privilege(current_user, c.oid, 'SELECT')
 ORDER BY c.relname <> 'samples', c.relname
 LIMIT 1
"""


async def role_access(conn: psycopg.AsyncConnection[Any]) -> RoleAccess:
    """What the connected role may do: read-only or not, and what it may not read of what
    the reader role reads (its column grants aside: the users' names, not their hashes)."""
    cur = await conn.execute("SELECT current_user")
    row = await cur.fetchone()
    role = str(row[0]) if row else ""
    only = await reader_only(conn)
    cur = await conn.execute(
        "SELECT has_schema_privilege(current_user, n.oid, 'USAGE'), "
        "EXISTS (SELECT 1 FROM pg_roles WHERE rolname = %s) "
        "FROM pg_namespace n WHERE n.nspname = %s",
        (READER, SCHEMA),
    )
    schema = await cur.fetchone()
    if schema is None or not schema[1]:  # no schema or no reader role yet: nothing to read
        return RoleAccess(role, only, "")
    cur = await conn.execute(_UNREADABLE, (SCHEMA, READER))
    found = await cur.fetchone()
    if found is not None:
        return RoleAccess(role, only, str(found[0]))
    return RoleAccess(role, only, "" if schema[0] else f"schema {SCHEMA}")
