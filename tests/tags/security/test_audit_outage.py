"""The audit trail on the shared store through an outage of its server (a server of this
module's own): a write that needs its record is refused with the reason and nothing reaches
the device, at once while the server is known to be away; a log-in is refused the same way
and a log-out still logs out; after the server's return everything works again by itself
and ``audit verify`` passes on the chain."""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from commands.project import audit_verify
from tags.address import Scheme
from tags.clock import SystemClock
from tags.config.project import Project, load_project
from tags.database import TagDatabase
from tags.drivers.simulated import SimulatedDriver
from tags.model import TagDef, Value
from tags.runtime import Runtime
from tags.security.audit_store import AuditUnavailable
from tags.security.permissions import Role, User
from tags.security.pg_audit import PgAuditTrail
from tags.security.users import AuthError, AuthFailure
from tags.store.postgres import QUICK_TIMEOUT, PgDatabase
from tags.store.url import StoreUrl
from tags.write_path import WritePath, WriteResult, WriteStatus
from tests.paths import SIGNALS_PROJECT
from tests.pg_server import PgServer, ensure_running
from tests.waiting import GENEROUS, POLL

SETPOINT = "TST.FIC1.SP"
OPERATOR = User("olga", Role.OPERATOR)
REFUSAL_BOUND = 0.5
"""Seconds a refusal may take while the server is known to be away (the pool waits 5 s)."""


@pytest.fixture
def own_url(private_postgres_server: PgServer) -> Iterator[StoreUrl]:
    server = private_postgres_server
    name = server.new_database()
    yield server.url(name)
    ensure_running(server)
    server.drop_database(name)


class CountingDriver(SimulatedDriver):
    """The simulated field, counting what reaches it."""

    sent: list[Value]

    async def write(self, tag: TagDef, value: Value) -> None:
        self.sent.append(value)
        await super().write(tag, value)


class Bench:
    """A tag database on the simulated field, its writes audited in ``trail``."""

    def __init__(self, project: Project, trail: PgAuditTrail) -> None:
        self.db = TagDatabase(project.tags, SystemClock())
        self.writes = WritePath(self.db, audit=trail, readback_timeout=GENEROUS)
        tags = list(project.tags.values())
        self.driver = CountingDriver({}, tags, self.db.publish, self.db.clock)
        self.driver.sent = []
        self.writes.attach_driver(Scheme.SIM, self.driver)

    async def write(self, value: float) -> tuple[WriteResult, float]:
        """One write: its result and the seconds it took."""
        started = time.perf_counter()
        result = await self.writes.write(SETPOINT, value, user=OPERATOR, reason="outage test")
        return result, time.perf_counter() - started


def wait_for(condition: object, what: str) -> None:
    deadline = time.monotonic() + GENEROUS
    while not callable(condition) or not condition():
        assert time.monotonic() < deadline, f"not within {GENEROUS} s: {what}"
        time.sleep(POLL)


@pytest.mark.slow
def test_a_write_during_an_outage_is_refused_with_the_reason_and_never_sent(
    private_postgres_server: PgServer, own_url: StoreUrl, tmp_path: Path
) -> None:
    server = private_postgres_server
    project = load_project(SIGNALS_PROJECT)
    with PgDatabase(own_url) as store:
        trail = PgAuditTrail.in_data_dir(store, tmp_path, SystemClock(), workstation="ws1")
        bench = Bench(project, trail)

        async def scenario() -> None:
            await bench.driver.start()
            try:
                await outage_and_return(bench)
            finally:
                await bench.driver.stop()

        async def outage_and_return(bench: Bench) -> None:
            result, _ = await bench.write(55.0)
            assert result.status is WriteStatus.CONFIRMED, result.reason
            await asyncio.to_thread(server.stop)
            try:
                first, took = await bench.write(56.0)  # finds the outage
                assert took < QUICK_TIMEOUT + GENEROUS / 10
                for value in (57.0, 58.0, 59.0):
                    result, took = await bench.write(value)
                    assert result.status is WriteStatus.REFUSED
                    assert result.reason.startswith("not sent: the audit trail cannot be written: ")
                    assert own_url.host in result.reason
                    assert took < REFUSAL_BOUND, f"a refusal took {took:.2f} s"
                assert first.status is WriteStatus.REFUSED
                assert first.reason.startswith("not sent: the audit trail cannot be written: ")
                assert bench.driver.sent == [55.0]  # nothing reached the device
                with pytest.raises(AuditUnavailable, match=r"^the audit trail cannot be written: "):
                    trail.append("login", user="ann")
            finally:
                await asyncio.to_thread(server.start)
            await asyncio.to_thread(wait_for, lambda: store.available, "the store answers")
            result, _ = await bench.write(60.0)
            assert result.status is WriteStatus.CONFIRMED, result.reason
            assert bench.driver.sent == [55.0, 60.0]

        asyncio.run(scenario())
        records = list(trail.records())
        assert [(r.action, r.new) for r in records] == [
            ("write_intent", "55.0"), ("write", "55.0"),
            ("write_intent", "60.0"), ("write", "60.0"),
        ]  # fmt: skip
        assert [r.seq for r in records] == [1, 2, 3, 4]
        assert trail.verify().ok
    said = io.StringIO()
    assert audit_verify(tmp_path, said, store=own_url) == 0, said.getvalue()
    assert "audit trail intact: 4 records verified" in said.getvalue()


@pytest.mark.slow
def test_a_log_in_during_an_outage_is_refused_and_a_log_out_still_logs_out(
    private_postgres_server: PgServer, own_url: StoreUrl, tmp_path: Path
) -> None:
    server = private_postgres_server
    runtime = Runtime(load_project(SIGNALS_PROJECT), tmp_path / "data", store=own_url)
    try:
        runtime.users.add("ada", Role.ADMIN, "correct horse battery")
        ada = runtime.authenticate("ada", "correct horse battery", workstation="ws1")
        server.stop()
        try:
            for attempt in range(3):
                started = time.perf_counter()
                with pytest.raises(AuthError) as refused:
                    runtime.authenticate("ada", "correct horse battery", workstation="ws1")
                took = time.perf_counter() - started
                assert refused.value.kind is AuthFailure.UNAVAILABLE
                assert "cannot be" in str(refused.value) and own_url.host in str(refused.value)
                assert attempt == 0 or took < REFUSAL_BOUND, f"a refusal took {took:.2f} s"
            started = time.perf_counter()
            runtime.logout(ada, workstation="ws1")  # logged, not raised
            assert time.perf_counter() - started < REFUSAL_BOUND
        finally:
            server.start()
        db = runtime.stores.db
        assert db is not None
        wait_for(lambda: db.available, "the store answers")
        runtime.authenticate("ada", "correct horse battery", workstation="ws1")
        actions = [r.action for r in reversed(runtime.audit.query())]
        assert actions == ["login", "login"]
        assert runtime.audit.verify().ok
    finally:
        asyncio.run(runtime.stop())
