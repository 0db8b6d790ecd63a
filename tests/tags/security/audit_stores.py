"""The audit trail in each of its stores, for tests that run the same checks on both: a
fresh SQLite file, or a fresh PostgreSQL database on the test server."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tags.clock import Clock
from tags.security.audit import AuditTrail
from tags.security.audit_store import AuditStore
from tags.security.pg_audit import PgAuditTrail
from tags.store.postgres import PgDatabase
from tags.store.url import StoreUrl
from tests.pg_server import PgServer

STORES = ["sqlite", "postgresql"]


class AuditStores:
    """Opens trails on one store; ``tamper`` edits it as an attacker with full rights would."""

    def __init__(self, kind: str, folder: Path, url: StoreUrl | None = None) -> None:
        self.kind = kind
        self.folder = folder
        self.path = folder / "audit.db"
        self.key_file = folder / "audit.key"
        self.url = url
        self._dbs: list[PgDatabase] = []

    @contextmanager
    def open(self, clock: Clock, workstation: str | None = None) -> Iterator[AuditStore]:
        if self.url is None:
            with AuditTrail(self.path, clock, workstation=workstation) as trail:
                yield trail
            return
        db = PgDatabase(self.url)
        try:
            yield PgAuditTrail.in_data_dir(db, self.folder, clock, workstation=workstation)
        finally:
            db.close()

    def tamper(self, *statements: str) -> None:
        """Run SQL on the store: the append-only triggers are dropped or disabled first."""
        if self.url is None:
            with closing(sqlite3.connect(self.path)) as db, db:
                db.execute("DROP TRIGGER audit_no_update")
                db.execute("DROP TRIGGER audit_no_delete")
                for sql in statements:
                    db.execute(sql)
            return
        with pg_admin(self.url) as conn, conn.transaction():
            conn.execute("SET LOCAL search_path = hmi")
            conn.execute("ALTER TABLE audit DISABLE TRIGGER USER")
            for sql in statements:
                conn.execute(sql)
            conn.execute("ALTER TABLE audit ENABLE TRIGGER USER")


def pg_admin(url: StoreUrl) -> psycopg.Connection[tuple[Any, ...]]:
    """A connection to the test's database as the server's superuser, in autocommit."""
    kwargs: dict[str, Any] = dict(url.connect_kwargs())
    return psycopg.connect(**kwargs, autocommit=True)


def login_role(server: PgServer, group: str) -> str:
    """A new login role, member of ``group`` (role names are cluster-wide: made unique)."""
    name = f"t_{group}_{uuid.uuid4().hex[:8]}"
    with server.admin() as admin:
        admin.execute(f'CREATE ROLE "{name}" LOGIN IN ROLE {group}')  # type: ignore[arg-type]
    return name


@pytest.fixture(params=STORES)
def audit_stores(request: pytest.FixtureRequest, tmp_path: Path) -> AuditStores:
    if request.param == "sqlite":
        return AuditStores("sqlite", tmp_path)
    url: StoreUrl = request.getfixturevalue("pg_url")
    return AuditStores("postgresql", tmp_path, url)
