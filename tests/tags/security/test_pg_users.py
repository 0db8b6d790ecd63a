"""User accounts on PostgreSQL only: what the writer and reader roles may do with them."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from argon2 import PasswordHasher

from tags.clock import ManualClock
from tags.security.permissions import Role, SecurityPolicy
from tags.security.pg_users import PgUserStore
from tags.security.users import AuthError, AuthFailure, UserError
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


def test_consoles_adding_one_name_at_once_make_one_account(pg_url: StoreUrl) -> None:
    with_bob(pg_url)
    start = threading.Barrier(4)

    def add(name: str) -> str:
        with PgDatabase(pg_url) as db:
            users = PgUserStore(db, ManualClock(), SecurityPolicy(), hasher=FAST)
            start.wait()
            try:
                users.add(name, Role.VIEWER, PASSWORD)
            except UserError as refused:
                return str(refused)
            return "added"

    with ThreadPoolExecutor(4) as pool:
        outcomes = list(pool.map(add, ["ann", "ANN", "Ann", "aNN"]))
    assert outcomes.count("added") == 1
    assert all("already exists" in o for o in outcomes if o != "added")


def test_two_admins_removing_each_other_at_once_leave_one(pg_url: StoreUrl) -> None:
    with PgDatabase(pg_url) as db:
        users = PgUserStore(db, ManualClock(), SecurityPolicy(), hasher=FAST)
        users.add("root", Role.ADMIN, PASSWORD)
        users.add("boss", Role.ADMIN, PASSWORD)
    start = threading.Barrier(2)

    def remove(name: str) -> str:
        with PgDatabase(pg_url) as db:
            users = PgUserStore(db, ManualClock(), SecurityPolicy(), hasher=FAST)
            start.wait()
            try:
                users.remove(name) if name == "root" else users.set_role(name, Role.VIEWER)
            except UserError as refused:
                return str(refused)
            return "done"

    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(remove, ["root", "boss"]))
    assert outcomes.count("done") == 1
    assert any("it is the last admin account" in o for o in outcomes)
    with PgDatabase(pg_url) as db:
        assert PgUserStore(db, ManualClock(), SecurityPolicy(), hasher=FAST).has_admin()
