"""The audit trail and user accounts in the shared PostgreSQL store (a real server started
here, durable: fsync on), beside the same figures of the SQLite trail (audit_trail.py).

Prints (JSON lines):
- ``pg_audit_append_ms``: median time of one append (head row locked, record inserted,
  head updated in one transaction, anchor file written), 200 appends from one connection.
- ``pg_audit_appends_per_s``: appends per second from 4 connections at once (one chain).
- ``pg_audit_verify_ms``: verify of a 10,000-record trail (read in pages, every MAC checked).
- ``pg_failed_login_ms``: median time of a failed log-in (attempt counted with the row
  locked, argon2 check with the default parameters), 20 attempts.
"""

from __future__ import annotations

import contextlib
import statistics
import tempfile
import threading
import time
from pathlib import Path

from _common import emit

from tags.clock import SystemClock
from tags.security.permissions import Role, SecurityPolicy
from tags.security.pg_audit import PgAuditTrail
from tags.security.pg_users import PgUserStore
from tags.security.users import AuthError
from tags.store.postgres import PgDatabase
from tests.pg_server import PgServer

APPENDS = 200
WRITERS = 4
VERIFY_RECORDS = 10_000


def append_ms(trail: PgAuditTrail, count: int) -> list[float]:
    times = []
    for i in range(count):
        started = time.perf_counter()
        trail.append("write", user="bench", tag="CWP.FIC1.SP", old=i, new=i + 1, unit="m³/h",
                     reason="benchmark", result="confirmed: read-back matches")  # fmt: skip
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    server = PgServer(durable=True)
    try:
        server.start()
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            url = server.url(server.new_database())
            with PgDatabase(url) as db:
                trail = PgAuditTrail.in_data_dir(db, folder, SystemClock())
                times = append_ms(trail, APPENDS)
                emit("pg_audit_append_ms", statistics.median(times), "ms", records=APPENDS)

            def writer() -> None:
                with PgDatabase(url) as db:
                    append_ms(PgAuditTrail.in_data_dir(db, folder, SystemClock()), APPENDS)

            threads = [threading.Thread(target=writer) for _ in range(WRITERS)]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            rate = WRITERS * APPENDS / (time.perf_counter() - started)
            emit("pg_audit_appends_per_s", rate, "1/s", connections=WRITERS)

            with PgDatabase(url) as db:
                trail = PgAuditTrail.in_data_dir(db, folder, SystemClock())
                have = APPENDS * (WRITERS + 1)
                for i in range(VERIFY_RECORDS - have):
                    trail.append("login", user=f"u{i % 7}", result="ok")
                started = time.perf_counter()
                result = trail.verify()
                elapsed = (time.perf_counter() - started) * 1000
                assert result.ok and result.checked == VERIFY_RECORDS, result.message
                emit("pg_audit_verify_ms", elapsed, "ms", records=VERIFY_RECORDS)

                users = PgUserStore(db, SystemClock(), SecurityPolicy(max_failed_logins=1000))
                users.add("bob", Role.OPERATOR, "correct horse")
                times = []
                for _ in range(20):
                    started = time.perf_counter()
                    with contextlib.suppress(AuthError):
                        users.authenticate("bob", "wrong guess")
                    times.append((time.perf_counter() - started) * 1000)
                emit("pg_failed_login_ms", statistics.median(times), "ms", attempts=20)
    finally:
        server.remove()


if __name__ == "__main__":
    main()
