"""User accounts: argon2id password hashes in SQLite, log-in with lock-out, demo accounts."""

from __future__ import annotations

import builtins
import enum
import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from tags.clock import Clock, SystemClock
from tags.i18n.catalogue import text
from tags.security.permissions import Role, SecurityPolicy, User
from tags.sqlite_file import SqliteFile

NAME_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,31}")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY COLLATE NOCASE,
    role TEXT NOT NULL,
    areas TEXT,
    password_hash TEXT NOT NULL,
    created REAL NOT NULL,
    last_login REAL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until REAL
);
"""


class UserError(Exception):
    """A user account could not be created or changed; the message says why."""


class AuthFailure(enum.Enum):
    """Why a log-in failed (for the audit trail; the caller sees one message for the first two)."""

    UNKNOWN_USER = "unknown_user"
    WRONG_PASSWORD = "wrong_password"
    LOCKED = "locked"
    UNAVAILABLE = "unavailable"
    """The log-in could not be checked or recorded (a store away): refused, try again."""


class AuthError(Exception):
    """A log-in failed; `kind` says why, `locked_until` is set when the account is locked."""

    def __init__(
        self, message: str, *, kind: AuthFailure, name: str, locked_until: float | None = None
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.name = name
        self.locked_until = locked_until


class Authenticator(Protocol):
    """Anything that turns a name and password into a User (UserStore, DemoAccounts)."""

    def authenticate(self, name: str, password: str) -> User: ...


@dataclass(frozen=True)
class UserInfo:
    """One stored account as shown in the user manager (never the password hash)."""

    name: str
    role: Role
    areas: frozenset[str] | None
    created: float
    last_login: float | None
    locked_until: float | None
    failed_logins: int = 0


def _clock_text(t: float) -> str:
    return datetime.fromtimestamp(t).strftime("%H:%M:%S")


def _locked_message(name: str, until: float, failures: int) -> str:
    return text("login.locked", name=name, time=_clock_text(until), failures=failures)


StoredUser = tuple[str, str, str | None, str, int, float | None]
"""An account as a log-in reads it: name, role, areas, password hash, failures, locked until."""

Account = tuple[str, str, str | None, str, float, float | None, int, float | None]
"""An account as kept (``ACCOUNT_COLUMNS``): name, role, areas (JSON), password hash,
created, last log-in, failed log-ins, locked until; for copying accounts between stores."""
ACCOUNT_COLUMNS = (
    "name, role, areas, password_hash, created, last_login, failed_logins, locked_until"
)


class UserAccounts(Protocol):
    """What every user store offers (SQLite: ``UserStore``; PostgreSQL: ``PgUserStore``)."""

    def add(
        self, name: str, role: Role, password: str, areas: Iterable[str] | None = None
    ) -> None: ...
    def set_password(self, name: str, password: str) -> None: ...
    def set_role(self, name: str, role: Role) -> None: ...
    def remove(self, name: str) -> None: ...
    def unlock(self, name: str) -> None: ...
    def list(self) -> builtins.list[UserInfo]: ...
    def has_admin(self) -> bool: ...
    def authenticate(self, name: str, password: str) -> User: ...
    def close(self) -> None: ...


class AccountRules:
    """The rules every user store keeps alike: names, the password policy, argon2 hashes and
    the log-in with lock-out; a store supplies the two transactions of a log-in."""

    def __init__(self, clock: Clock, policy: SecurityPolicy, hasher: PasswordHasher | None) -> None:
        self._clock = clock
        self._policy = policy
        self._hasher = hasher if hasher is not None else PasswordHasher()
        self._dummy_hash: str | None = None

    def _new_account(
        self, name: str, password: str, areas: Iterable[str] | None
    ) -> tuple[str | None, str]:
        """The stored areas (JSON) and the password hash of an account to add; UserError for
        a bad name, a short password or an empty area list."""
        if not NAME_PATTERN.fullmatch(name):
            raise UserError(
                f"invalid user name {name!r}: start with a letter, then up to 31 letters, "
                "digits, '_', '.' or '-'"
            )
        self._check_password(password)
        area_set = _areas(areas)
        area_text = None if area_set is None else json.dumps(sorted(area_set))
        return area_text, self._hasher.hash(password)

    def _new_hash(self, password: str) -> str:
        self._check_password(password)
        return self._hasher.hash(password)

    def authenticate(self, name: str, password: str) -> User:
        """Check a password and return the user, or raise AuthError.

        The attempt is counted as a failure before the password is checked, in one
        transaction with the lock test, so parallel attempts can never check more passwords
        than the limit: the one that reaches it locks the account for the others, and a
        right password clears the count and the lock again."""
        now = self._clock.now()
        reserved = self._reserve_attempt(name, now)
        if reserved is None:
            self._verify(self._dummy(), password)  # same cost as for a known user
            raise AuthError(text("login.bad_credentials"), kind=AuthFailure.UNKNOWN_USER, name=name)
        stored_name, role, areas, password_hash, failures, locked_until = reserved
        if not self._verify(password_hash, password):
            message = text("login.bad_credentials")
            if locked_until is not None:
                message = _locked_message(stored_name, locked_until, failures)
            raise AuthError(
                message,
                kind=AuthFailure.WRONG_PASSWORD,
                name=stored_name,
                locked_until=locked_until,
            )
        new_hash = password_hash
        if self._hasher.check_needs_rehash(password_hash):  # argon2 parameters have changed
            new_hash = self._hasher.hash(password)
        self._logged_in(stored_name, now, password_hash, new_hash)
        return User(stored_name, Role(role), _parse_areas(areas))

    def _reserve_attempt(self, name: str, now: float) -> StoredUser | None:
        """Count this attempt as a failure unless the account is locked (AuthError then), in
        one transaction; the stored row with the new count and lock, None for an unknown name."""
        raise NotImplementedError

    def _logged_in(self, name: str, now: float, old_hash: str, new_hash: str) -> None:
        """Clear the failures and the lock, note the log-in, store a renewed hash (unless
        the password was changed meanwhile)."""
        raise NotImplementedError

    def _next_attempt(self, row: StoredUser, now: float) -> StoredUser:
        """``row`` with this attempt counted as a failure (and the lock it brings), or
        AuthError when the account is locked now."""
        stored_name, role, areas, password_hash, failures, locked_until = row
        if locked_until is not None and now < locked_until:
            raise AuthError(
                _locked_message(stored_name, locked_until, failures),
                kind=AuthFailure.LOCKED,
                name=stored_name,
                locked_until=locked_until,
            )
        if locked_until is not None:
            failures = 0  # the previous lock-out has expired: start counting afresh
        failures += 1
        locked_until = None
        if failures >= self._policy.max_failed_logins:
            locked_until = now + self._policy.lockout_seconds
        return stored_name, role, areas, password_hash, failures, locked_until

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def _dummy(self) -> str:
        if self._dummy_hash is None:
            self._dummy_hash = self._hasher.hash("not a password of anybody")
        return self._dummy_hash

    def _check_password(self, password: str) -> None:
        minimum = self._policy.min_password_length
        if len(password) < minimum:
            raise UserError(text("users.password_short", minimum=minimum))


def info(row: tuple[Any, ...]) -> UserInfo:
    """A UserInfo from a row of name, role, areas, created, last_login, locked_until,
    failed_logins."""
    return UserInfo(row[0], Role(row[1]), _parse_areas(row[2]), row[3], row[4], row[5], row[6])


def no_such_user(name: str) -> UserError:
    return UserError(f"no user named '{name}'")


def last_admin(name: str, verb: str) -> UserError:
    return UserError(f"cannot {verb} '{name}': it is the last admin account")


class UserStore(SqliteFile, AccountRules):
    """The user accounts of a console, kept in one SQLite file."""

    WHAT = "users database"

    def __init__(
        self,
        path: Path,
        clock: Clock,
        policy: SecurityPolicy,
        *,
        hasher: PasswordHasher | None = None,
    ) -> None:
        AccountRules.__init__(self, clock, policy, hasher)
        SqliteFile.__init__(self, path, _SCHEMA)

    def add(self, name: str, role: Role, password: str, areas: Iterable[str] | None = None) -> None:
        """Create an account; refuses bad names, duplicates and short passwords."""
        area_text, password_hash = self._new_account(name, password, areas)
        with self._transaction() as db:
            existing = db.execute("SELECT name FROM users WHERE name = ?", (name,)).fetchone()
            if existing is not None:
                raise UserError(text("users.exists", name=existing[0]))
            db.execute(
                "INSERT INTO users (name, role, areas, password_hash, created)"
                " VALUES (?, ?, ?, ?, ?)",
                (name, role.value, area_text, password_hash, self._clock.now()),
            )

    def set_password(self, name: str, password: str) -> None:
        """Replace a password; this also clears a lock-out."""
        password_hash = self._new_hash(password)
        with self._transaction() as db:
            self._require_user(db, name)
            db.execute(
                "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL"
                " WHERE name = ?",
                (password_hash, name),
            )

    def set_role(self, name: str, role: Role) -> None:
        """Change a role; the last admin cannot be demoted."""
        with self._transaction() as db:
            current = self._require_user(db, name)
            if current is Role.ADMIN and role is not Role.ADMIN:
                self._refuse_last_admin(db, name, "demote")
            db.execute("UPDATE users SET role = ? WHERE name = ?", (role.value, name))

    def remove(self, name: str) -> None:
        """Delete an account; the last admin cannot be removed."""
        with self._transaction() as db:
            if self._require_user(db, name) is Role.ADMIN:
                self._refuse_last_admin(db, name, "remove")
            db.execute("DELETE FROM users WHERE name = ?", (name,))

    def unlock(self, name: str) -> None:
        """Clear a lock-out and the failed log-in count."""
        with self._transaction() as db:
            self._require_user(db, name)
            db.execute(
                "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE name = ?", (name,)
            )

    def list(self) -> builtins.list[UserInfo]:
        """All accounts, sorted by name."""
        rows = self._db.execute(
            "SELECT name, role, areas, created, last_login, locked_until, failed_logins"
            " FROM users ORDER BY name"
        ).fetchall()
        return [info(row) for row in rows]

    def accounts(self) -> builtins.list[Account]:
        """Every account as kept, hash and lock-out included (``store copy`` reads them)."""
        rows = self._db.execute(f"SELECT {ACCOUNT_COLUMNS} FROM users ORDER BY name")
        return [tuple(row) for row in rows]

    def has_admin(self) -> bool:
        """True when at least one admin account exists (else the console asks for one)."""
        row = self._db.execute("SELECT 1 FROM users WHERE role = ?", (Role.ADMIN.value,))
        return row.fetchone() is not None

    def _reserve_attempt(self, name: str, now: float) -> StoredUser | None:
        with self._transaction() as db:
            row = db.execute(
                "SELECT name, role, areas, password_hash, failed_logins, locked_until"
                " FROM users WHERE name = ?",
                (name,),
            ).fetchone()
            if row is None:
                return None
            attempt = self._next_attempt(row, now)
            db.execute(
                "UPDATE users SET failed_logins = ?, locked_until = ? WHERE name = ?",
                (attempt[4], attempt[5], attempt[0]),
            )
        return attempt

    def _logged_in(self, name: str, now: float, old_hash: str, new_hash: str) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE users SET failed_logins = 0, locked_until = NULL, last_login = ?,"
                " password_hash = ? WHERE name = ? AND password_hash = ?",
                (now, new_hash, name, old_hash),
            )

    @staticmethod
    def _require_user(db: sqlite3.Connection, name: str) -> Role:
        row = db.execute("SELECT role FROM users WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise no_such_user(name)
        return Role(row[0])

    @staticmethod
    def _refuse_last_admin(db: sqlite3.Connection, name: str, verb: str) -> None:
        (admins,) = db.execute(
            "SELECT COUNT(*) FROM users WHERE role = ?", (Role.ADMIN.value,)
        ).fetchone()
        if admins <= 1:
            raise last_admin(name, verb)


def _areas(areas: Iterable[str] | None) -> frozenset[str] | None:
    if areas is None:
        return None
    if isinstance(areas, str):
        areas = [areas]
    result = frozenset(areas)
    if not result or "" in result:
        raise UserError(text("users.no_areas"))
    return result


def _parse_areas(text: str | None) -> frozenset[str] | None:
    return None if text is None else frozenset(json.loads(text))


class DemoAccounts:
    """The demo project's accounts, one per role; user name = password = role name. They lock
    after failed log-ins as stored accounts do (counted in memory)."""

    def __init__(self, clock: Clock | None = None, policy: SecurityPolicy | None = None) -> None:
        self._users = {role.value: User(role.value, role, None, demo=True) for role in Role}
        self._clock = clock or SystemClock()
        self._policy = policy or SecurityPolicy()
        self._failures: dict[str, int] = {}
        self._locked_until: dict[str, float] = {}

    @property
    def users(self) -> tuple[User, ...]:
        """The demo users, lowest role first."""
        return tuple(self._users.values())

    def authenticate(self, name: str, password: str) -> User:
        """Return the demo user, or raise AuthError as UserStore does (lock-out included)."""
        user = self._users.get(name.lower())
        if user is None:
            raise AuthError(text("login.bad_credentials"), kind=AuthFailure.UNKNOWN_USER, name=name)
        now = self._clock.now()
        locked_until = self._locked_until.get(user.name)
        failures = self._failures.get(user.name, 0)
        if locked_until is not None and now < locked_until:
            raise AuthError(
                _locked_message(user.name, locked_until, failures),
                kind=AuthFailure.LOCKED,
                name=user.name,
                locked_until=locked_until,
            )
        if password == user.name:
            self._failures.pop(user.name, None)
            self._locked_until.pop(user.name, None)
            return user
        failures = 1 if locked_until is not None else failures + 1
        self._failures[user.name] = failures
        message, lock = text("login.bad_credentials"), None
        if failures >= self._policy.max_failed_logins:
            lock = self._locked_until[user.name] = now + self._policy.lockout_seconds
            message = _locked_message(user.name, lock, failures)
        else:
            self._locked_until.pop(user.name, None)
        raise AuthError(message, kind=AuthFailure.WRONG_PASSWORD, name=user.name, locked_until=lock)
