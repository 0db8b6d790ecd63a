"""The audit trail on PostgreSQL only: what the roles may do, and one chain from many
connections appending at once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest

from tags.clock import ManualClock, SystemClock
from tags.security.pg_audit import PgAuditTrail
from tags.store.migrations import READER, WRITER
from tags.store.postgres import PgDatabase, StoreError
from tags.store.url import StoreUrl
from tests.pg_server import PgServer
from tests.tags.security.audit_stores import login_role, pg_admin


def made_by_owner(url: StoreUrl, folder: Path, records: int = 3) -> None:
    """The schema made by the database's owner, with a few records."""
    with PgDatabase(url) as db:
        trail = PgAuditTrail.in_data_dir(db, folder, ManualClock(1000.0), workstation="srv")
        for i in range(records):
            trail.append("write", user="bob", tag=f"T{i}", old=i, new=i + 1)


def as_role(url: StoreUrl, role: str) -> psycopg.Connection[tuple[object, ...]]:
    return pg_admin(url.as_user(role))


def test_the_writer_may_append_but_never_update_or_delete(
    pg_url: StoreUrl, postgres_server: PgServer, tmp_path: Path
) -> None:
    made_by_owner(pg_url, tmp_path)
    writer = login_role(postgres_server, WRITER)
    with PgDatabase(pg_url.as_user(writer)) as db:
        trail = PgAuditTrail.in_data_dir(db, tmp_path, ManualClock(2000.0), workstation="srv")
        assert trail.append("login", user="ann").seq == 4
        assert trail.verify().ok
    with as_role(pg_url, writer) as conn:
        for sql in ("UPDATE hmi.audit SET \"user\" = 'eve'", "DELETE FROM hmi.audit",
                    "TRUNCATE hmi.audit", "DELETE FROM hmi.audit_head"):  # fmt: skip
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)  # type: ignore[arg-type]
        count = conn.execute("SELECT count(*) FROM hmi.audit").fetchone()
        assert count == (4,)


def test_the_reader_may_only_read(
    pg_url: StoreUrl, postgres_server: PgServer, tmp_path: Path
) -> None:
    made_by_owner(pg_url, tmp_path)
    reader = login_role(postgres_server, READER)
    with PgDatabase(pg_url.as_user(reader)) as db:
        console = PgAuditTrail.in_data_dir(db, tmp_path / "console", ManualClock(), readonly=True)
        assert [r.seq for r in console.query()] == [3, 2, 1]
        trail = PgAuditTrail.in_data_dir(db, tmp_path, ManualClock())  # with the server's key
        with pytest.raises(StoreError, match="permission denied"):
            trail.append("login", user="ann")
    with as_role(pg_url, reader) as conn:
        for sql in (
            'INSERT INTO hmi.audit (seq, time, "user", workstation, action, tag, unit, reason,'
            " result, detail, prev_hash, hash) VALUES (9, 0, 'e', 'w', 'a', '', '', '', '', '',"
            " '', '')",
            "UPDATE hmi.audit_head SET seq = 0",
            "DELETE FROM hmi.audit",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)  # type: ignore[arg-type]


def test_an_edit_by_the_superuser_is_found_by_verify(pg_url: StoreUrl, tmp_path: Path) -> None:
    made_by_owner(pg_url, tmp_path, records=5)
    with pg_admin(pg_url) as conn, conn.transaction():
        conn.execute("ALTER TABLE hmi.audit DISABLE TRIGGER USER")
        conn.execute("UPDATE hmi.audit SET new = '99' WHERE seq = 2")
        conn.execute("ALTER TABLE hmi.audit ENABLE TRIGGER USER")
    with PgDatabase(pg_url) as db:
        result = PgAuditTrail.in_data_dir(db, tmp_path, ManualClock()).verify()
    assert (result.ok, result.first_bad_seq) == (False, 2)


def test_a_trail_emptied_by_the_superuser_is_found_by_its_anchor_file(
    pg_url: StoreUrl, tmp_path: Path
) -> None:
    made_by_owner(pg_url, tmp_path, records=3)
    with pg_admin(pg_url) as conn, conn.transaction():
        conn.execute("ALTER TABLE hmi.audit DISABLE TRIGGER USER")
        conn.execute("DELETE FROM hmi.audit")
        conn.execute("UPDATE hmi.audit_head SET seq = 0")
        conn.execute("ALTER TABLE hmi.audit ENABLE TRIGGER USER")
    with PgDatabase(pg_url) as db:
        result = PgAuditTrail.in_data_dir(db, tmp_path, ManualClock()).verify()
    assert (result.ok, result.first_bad_seq) == (False, 1)
    assert "audit.anchor names record 3" in result.message


@pytest.mark.slow
def test_appends_from_many_connections_keep_one_chain(pg_url: StoreUrl, tmp_path: Path) -> None:
    made_by_owner(pg_url, tmp_path, records=0)
    start = threading.Barrier(6)

    def appender(n: int) -> list[int]:
        with PgDatabase(pg_url) as db:
            trail = PgAuditTrail.in_data_dir(db, tmp_path, SystemClock(), workstation=f"ws{n}")
            start.wait()
            return [trail.append("write", user="bob", new=i).seq for i in range(25)]

    with ThreadPoolExecutor(6) as pool:
        seqs = sorted(s for got in pool.map(appender, range(6)) for s in got)
    assert seqs == list(range(1, 151))
    with PgDatabase(pg_url) as db:
        result = PgAuditTrail.in_data_dir(db, tmp_path, SystemClock()).verify()
    assert (result.ok, result.checked) == (True, 150), result.message
