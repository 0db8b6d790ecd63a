"""User accounts on PostgreSQL only: what the writer and reader roles may do with them."""

from __future__ import annotations

import psycopg
import pytest
from argon2 import PasswordHasher

from tags.clock import ManualClock
from tags.security.permissions import Role, SecurityPolicy
from tags.security.pg_users import PgUserStore
from tags.security.users import AuthError, AuthFailure
from tags.store.migrations import READER, WRITER
from tags.store.postgres import PgDatabase, StoreError
from tags.store.url import StoreUrl
from tests.pg_server import PgServer
from tests.tags.security.audit_stores import login_role, pg_admin

FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "correct horse"


def with_bob(url: StoreUrl) -> None:
    with PgDatabase(url) as db:
        PgUserStore(db, ManualClock(), SecurityPolicy(), hasher=FAST).add(
            "bob", Role.OPERATOR, PASSWORD, areas=["CWP"]
        )


def test_the_writer_logs_users_in_and_counts_their_failures(
    pg_url: StoreUrl, postgres_server: PgServer
) -> None:
    with_bob(pg_url)
    writer = login_role(postgres_server, WRITER)
    policy = SecurityPolicy(max_failed_logins=2)
    with PgDatabase(pg_url.as_user(writer)) as db:
        users = PgUserStore(db, ManualClock(), policy, hasher=FAST)
        assert users.authenticate("BOB", PASSWORD).areas == frozenset({"CWP"})
        for _ in range(2):
            with pytest.raises(AuthError):
                users.authenticate("bob", "wrong one")
        with pytest.raises(AuthError) as locked:
            users.authenticate("bob", PASSWORD)
        assert locked.value.kind is AuthFailure.LOCKED
        users.unlock("bob")
        users.add("ann", Role.VIEWER, PASSWORD)
        users.remove("ann")


def test_the_reader_lists_users_but_never_reads_a_password_hash(
    pg_url: StoreUrl, postgres_server: PgServer
) -> None:
    with_bob(pg_url)
    reader = login_role(postgres_server, READER)
    with PgDatabase(pg_url.as_user(reader)) as db:
        users = PgUserStore(db, ManualClock(), SecurityPolicy(), hasher=FAST, readonly=True)
        assert [(u.name, u.role) for u in users.list()] == [("bob", Role.OPERATOR)]
        assert not users.has_admin()
        with pytest.raises(StoreError, match="permission denied"):
            users.authenticate("bob", PASSWORD)
        with pytest.raises(StoreError, match="permission denied"):
            users.unlock("bob")
    with pg_admin(pg_url.as_user(reader)) as conn:
        for sql in (
            "SELECT password_hash FROM hmi.users",
            "SELECT * FROM hmi.users",
            "UPDATE hmi.users SET failed_logins = 0",
            "DELETE FROM hmi.users",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)  # type: ignore[arg-type]
