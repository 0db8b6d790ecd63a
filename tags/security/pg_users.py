"""The user accounts in the shared PostgreSQL store (``UserAccounts``), for a control room
whose consoles and server share one list of users: the same names (not case-sensitive),
argon2 hashes, roles, areas and lock-outs as the SQLite ``UserStore``.

A log-in's attempt is counted with the account's row locked (``SELECT ... FOR UPDATE``), so
failed log-ins from several consoles at once are all counted and never check more passwords
than the policy allows. Removals and role changes take one advisory lock in their
transaction, so two admins removing each other at once cannot leave the console without one
(the second sees the first's change and is refused as the last admin).

Access: the writer role (the server) reads and changes accounts; the reader role (consoles)
may read every column but the password hash (column privileges), enough for the user list.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from typing import Any

import psycopg
from argon2 import PasswordHasher

from tags.clock import Clock
from tags.i18n.catalogue import text
from tags.security.permissions import Role, SecurityPolicy
from tags.security.users import (
    ACCOUNT_COLUMNS,
    Account,
    AccountRules,
    StoredUser,
    UserError,
    UserInfo,
    info,
    last_admin,
    no_such_user,
)
from tags.store.migrations import READER, WRITER, Component
from tags.store.pg_base import PgStore
from tags.store.postgres import PgDatabase

INFO_COLUMNS = "name, role, areas, created, last_login, failed_logins, locked_until"
"""Every column of ``users`` but the password hash: what the reader role may see."""

COMPONENT = Component(
    "users",
    (
        f"""
CREATE TABLE users (
    name text PRIMARY KEY,
    role text NOT NULL,
    areas text,
    password_hash text NOT NULL,
    created double precision NOT NULL,
    last_login double precision,
    failed_logins integer NOT NULL DEFAULT 0,
    locked_until double precision
);
CREATE UNIQUE INDEX users_name_nocase ON users (lower(name));
REVOKE ALL ON users FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON users TO {WRITER};
GRANT SELECT ({INFO_COLUMNS}) ON users TO {READER};
""",
    ),
)

Conn = psycopg.AsyncConnection[Any]
ROLE_CHANGE_LOCK = 0x484D4955  # "HMIU": held while an account is removed or changes role
_BY_NAME = "lower(name) = lower(%s)"


async def _one(conn: Conn, sql: str, params: Iterable[object] = ()) -> tuple[Any, ...] | None:
    cur = await conn.execute(sql, tuple(params))
    return await cur.fetchone()


async def _require_user(conn: Conn, name: str) -> tuple[str, Role]:
    """The stored name and role of ``name``, its row locked; UserError when there is none."""
    row = await _one(conn, f"SELECT name, role FROM users WHERE {_BY_NAME} FOR UPDATE", [name])
    if row is None:
        raise no_such_user(name)
    return str(row[0]), Role(row[1])


async def _refuse_last_admin(conn: Conn, name: str, verb: str) -> None:
    row = await _one(conn, "SELECT count(*) FROM users WHERE role = %s", [Role.ADMIN.value])
    if row is None or row[0] <= 1:
        raise last_admin(name, verb)


class PgUserStore(PgStore, AccountRules):
    """The user accounts of a control room, in the shared store."""

    WHAT = "users"
    COMPONENT = COMPONENT

    def __init__(
        self,
        db: PgDatabase,
        clock: Clock,
        policy: SecurityPolicy,
        *,
        hasher: PasswordHasher | None = None,
        readonly: bool = False,
    ) -> None:
        AccountRules.__init__(self, clock, policy, hasher)
        PgStore.__init__(self, db, apply=not readonly)

    def add(self, name: str, role: Role, password: str, areas: Iterable[str] | None = None) -> None:
        """Create an account; refuses bad names, duplicates and short passwords."""
        area_text, password_hash = self._new_account(name, password, areas)
        now = self._clock.now()

        async def work(conn: Conn) -> None:
            try:
                async with conn.transaction():
                    existing = await _one(conn, f"SELECT name FROM users WHERE {_BY_NAME}", [name])
                    if existing is not None:
                        raise UserError(text("users.exists", name=existing[0]))
                    await conn.execute(
                        "INSERT INTO users (name, role, areas, password_hash, created)"
                        " VALUES (%s, %s, %s, %s, %s)",
                        (name, role.value, area_text, password_hash, now),
                    )
            except psycopg.errors.UniqueViolation:  # added by another console meanwhile
                raise UserError(text("users.exists", name=name)) from None

        self.db.run(work)

    def set_password(self, name: str, password: str) -> None:
        """Replace a password; this also clears a lock-out."""
        password_hash = self._new_hash(password)

        async def work(conn: Conn) -> None:
            async with conn.transaction():
                stored, _role = await _require_user(conn, name)
                await conn.execute(
                    "UPDATE users SET password_hash = %s, failed_logins = 0,"
                    " locked_until = NULL WHERE name = %s",
                    (password_hash, stored),
                )

        self.db.run(work)

    def set_role(self, name: str, role: Role) -> None:
        """Change a role; the last admin cannot be demoted."""

        async def work(conn: Conn) -> None:
            async with conn.transaction():
                await conn.execute("SELECT pg_advisory_xact_lock(%s)", (ROLE_CHANGE_LOCK,))
                stored, current = await _require_user(conn, name)
                if current is Role.ADMIN and role is not Role.ADMIN:
                    await _refuse_last_admin(conn, name, "demote")
                await conn.execute(
                    "UPDATE users SET role = %s WHERE name = %s", (role.value, stored)
                )

        self.db.run(work)

    def remove(self, name: str) -> None:
        """Delete an account; the last admin cannot be removed."""

        async def work(conn: Conn) -> None:
            async with conn.transaction():
                await conn.execute("SELECT pg_advisory_xact_lock(%s)", (ROLE_CHANGE_LOCK,))
                stored, current = await _require_user(conn, name)
                if current is Role.ADMIN:
                    await _refuse_last_admin(conn, name, "remove")
                await conn.execute("DELETE FROM users WHERE name = %s", (stored,))

        self.db.run(work)

    def unlock(self, name: str) -> None:
        """Clear a lock-out and the failed log-in count."""

        async def work(conn: Conn) -> None:
            async with conn.transaction():
                stored, _role = await _require_user(conn, name)
                await conn.execute(
                    "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE name = %s",
                    (stored,),
                )

        self.db.run(work)

    def list(self) -> builtins.list[UserInfo]:
        """All accounts, sorted by name (a reader may list them: no hash is read)."""

        async def work(conn: Conn) -> builtins.list[tuple[Any, ...]]:
            cur = await conn.execute(
                "SELECT name, role, areas, created, last_login, locked_until, failed_logins"
                " FROM users ORDER BY lower(name), name"
            )
            return await cur.fetchall()

        return [info(row) for row in self.db.run(work)]

    def accounts(self) -> builtins.list[Account]:
        """Every account as kept, hash and lock-out included (the owner and the writer)."""

        async def work(conn: Conn) -> builtins.list[Account]:
            cur = await conn.execute(f"SELECT {ACCOUNT_COLUMNS} FROM users ORDER BY name")
            return [tuple(row) for row in await cur.fetchall()]

        return self.db.run(work)

    def import_accounts(self, accounts: Iterable[Account]) -> int:
        """Add accounts of another store as they are (hash, role, areas, lock-out): a
        console's users copied in by ``store copy``. A name that is here already (in any
        case) keeps its account. How many were added."""
        rows = list(accounts)
        if not rows:
            return 0

        async def work(conn: Conn) -> int:
            async with conn.transaction(), conn.cursor() as cur:
                await cur.executemany(
                    f"INSERT INTO users ({ACCOUNT_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
                    " ON CONFLICT DO NOTHING",
                    rows,
                )
                return cur.rowcount

        return self.db.run(work)

    def has_admin(self) -> bool:
        """True when at least one admin account exists (else the console asks for one)."""

        async def work(conn: Conn) -> bool:
            row = await _one(
                conn, "SELECT 1 FROM users WHERE role = %s LIMIT 1", [Role.ADMIN.value]
            )
            return row is not None

        return self.db.run(work)

    def _reserve_attempt(self, name: str, now: float) -> StoredUser | None:
        async def work(conn: Conn) -> StoredUser | None:
            async with conn.transaction():
                row = await _one(
                    conn,
                    "SELECT name, role, areas, password_hash, failed_logins, locked_until"
                    f" FROM users WHERE {_BY_NAME} FOR UPDATE",
                    [name],
                )
                if row is None:
                    return None
                stored, role, areas, password_hash, failures, locked_until = row
                attempt = self._next_attempt(
                    (stored, role, areas, password_hash, int(failures), locked_until), now
                )
                await conn.execute(
                    "UPDATE users SET failed_logins = %s, locked_until = %s WHERE name = %s",
                    (attempt[4], attempt[5], attempt[0]),
                )
                return attempt

        return self.db.run(work, fail_fast=True)  # a log-in never waits through an outage

    def _logged_in(self, name: str, now: float, old_hash: str, new_hash: str) -> None:
        async def work(conn: Conn) -> None:
            await conn.execute(
                "UPDATE users SET failed_logins = 0, locked_until = NULL, last_login = %s,"
                " password_hash = %s WHERE name = %s AND password_hash = %s",
                (now, new_hash, name, old_hash),
            )

        self.db.run(work, fail_fast=True)
