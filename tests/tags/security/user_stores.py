"""The user accounts in each of their stores, for tests that run the same checks on both: a
fresh SQLite file, or a fresh PostgreSQL database on the test server."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from tags.clock import Clock
from tags.security.permissions import SecurityPolicy
from tags.security.pg_users import PgUserStore
from tags.security.users import UserAccounts, UserStore
from tags.store.postgres import PgDatabase
from tags.store.url import StoreUrl
from tests.tags.security.audit_stores import STORES, pg_admin


class UserStores:
    """Opens user stores on one store (the same accounts each time)."""

    def __init__(self, folder: Path, url: StoreUrl | None = None) -> None:
        self.path = folder / "users.db"
        self.url = url

    @contextmanager
    def open(
        self, clock: Clock, policy: SecurityPolicy, hasher: PasswordHasher
    ) -> Iterator[UserAccounts]:
        if self.url is None:
            with UserStore(self.path, clock, policy, hasher=hasher) as users:
                yield users
            return
        with PgDatabase(self.url) as db:
            yield PgUserStore(db, clock, policy, hasher=hasher)

    def password_hashes(self) -> list[str]:
        """The stored hashes, as an attacker reading the store would find them."""
        sql = "SELECT password_hash FROM users ORDER BY name"
        if self.url is None:
            with closing(sqlite3.connect(self.path)) as db:
                return [row[0] for row in db.execute(sql)]
        with pg_admin(self.url) as conn:
            return [str(row[0]) for row in conn.execute(sql.replace("users", "hmi.users"))]


@pytest.fixture(params=STORES)
def user_stores(request: pytest.FixtureRequest, tmp_path: Path) -> UserStores:
    if request.param == "sqlite":
        return UserStores(tmp_path)
    return UserStores(tmp_path, request.getfixturevalue("pg_url"))
