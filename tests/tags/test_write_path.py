"""The one write path: refuse (never clamp), send, confirm by read-back, audit every outcome."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tags.address import Scheme
from tags.clock import SystemClock
from tags.config.project import Project, load_project
from tags.database import TagDatabase
from tags.drivers.base import ConnectionStatus, WriteError
from tags.drivers.simulated import SimulatedDriver
from tags.model import Quality, TagDef, TagSample, Value
from tags.security.audit import AuditTrail
from tags.security.audit_store import AuditStore
from tags.security.permissions import Role, User
from tags.security.pg_audit import PgAuditTrail
from tags.store.postgres import PgDatabase
from tags.store.url import StoreUrl
from tags.write_path import WritePath, WriteResult, WriteStatus
from tests.paths import SIGNALS_PROJECT

OPERATOR = User("olga", Role.OPERATOR)


@pytest.fixture
def project() -> Project:
    return load_project(SIGNALS_PROJECT)


OPEN_TRAILS: list[AuditTrail] = []
"""The trails run_write hands to its test, closed when the test ends."""


@pytest.fixture(autouse=True)
def close_trails() -> Iterator[None]:
    yield
    while OPEN_TRAILS:
        OPEN_TRAILS.pop().close()


def run_write(
    tmp_path: Path,
    project: Project,
    name: str,
    value: Value,
    user: User | None = OPERATOR,
    prepare: object = None,
    driver: object = None,
    blocked: str | None = None,
    trail: AuditStore | None = None,
) -> tuple[WriteResult, TagDatabase, AuditStore]:
    """Start a database with the sim driver, apply ``prepare(db)``, write once through a
    write path blocked for ``blocked`` (None: open), audited in ``trail`` (None: a SQLite
    trail in ``tmp_path``)."""

    async def scenario() -> tuple[WriteResult, TagDatabase, AuditStore]:
        audit = trail
        if audit is None:
            audit = AuditTrail(tmp_path / "audit.db", SystemClock())
            OPEN_TRAILS.append(audit)
        db = TagDatabase(project.tags, SystemClock())
        writes = WritePath(db, audit=audit, readback_timeout=0.3, blocked=blocked)
        sim = SimulatedDriver({}, list(project.tags.values()), db.publish, db.clock)
        writes.attach_driver(Scheme.SIM, driver or sim)  # type: ignore[arg-type]
        await sim.start()
        try:
            if callable(prepare):
                prepare(db)
            result = await writes.write(name, value, user=user, reason="test step")
        finally:
            await sim.stop()
        return result, db, audit

    return asyncio.run(scenario())


def test_a_valid_write_is_confirmed_by_read_back_and_audited(
    tmp_path: Path, project: Project
) -> None:
    result, db, audit = run_write(tmp_path, project, "TST.FIC1.SP", "55.5")
    assert result.status is WriteStatus.CONFIRMED, result.reason
    assert (result.old, result.requested, result.readback) == (50.0, 55.5, 55.5)
    assert db.get("TST.FIC1.SP").value == 55.5
    record = audit.query()[0]
    assert (record.action, record.user, record.tag) == ("write", "olga", "TST.FIC1.SP")
    assert (record.old, record.new, record.unit, record.reason) == (
        "50.0",
        "55.5",
        "m³/h",
        "test step",
    )
    assert record.result.startswith("confirmed")
    assert record.latency_ms is not None
    assert audit.verify().ok


@pytest.mark.parametrize(
    ("name", "value", "user", "reason"),
    [
        ("TST.FIC1.SP", 75, OPERATOR, "75.0 m³/h is above the write limit 70.0 m³/h"),
        ("TST.FIC1.SP", 10, OPERATOR, "10.0 m³/h is below the write limit 30.0 m³/h"),
        ("TST.FIC1.SP", "fast", OPERATOR, "'fast' is not a value of TST.FIC1.SP"),
        ("TST.FIC1.SP", float("nan"), OPERATOR, "nan is not a finite number"),
        ("TST.FIC1.MODE", 1.5, OPERATOR, "TST.FIC1.MODE takes a whole number, not 1.5"),
        ("TST.GEN.SINE", 3, OPERATOR, "TST.GEN.SINE is not writable"),
        ("TST.NOPE", 3, OPERATOR, "unknown tag 'TST.NOPE'"),
        ("TST.FIC1.SP", 55, User("vic", Role.VIEWER), "viewer 'vic' may not write values"),
        ("TST.FIC1.SP", 55, User("ann", Role.OPERATOR, frozenset({"CWP"})), "in area TST"),
        ("TST.FIC1.SP", 55, None, "no user is logged in"),
    ],
)
def test_bad_writes_are_refused_with_the_reason_and_nothing_is_sent(
    tmp_path: Path, project: Project, name: str, value: Value, user: User | None, reason: str
) -> None:
    result, db, audit = run_write(tmp_path, project, name, value, user)
    assert result.status is WriteStatus.REFUSED
    assert reason in result.reason
    if name == "TST.FIC1.SP":
        assert db.get(name).value == 50.0  # refused, never clamped
    record = audit.query()[0]
    assert record.action == "write_refused"
    assert reason in record.result


def test_a_write_while_the_link_is_down_is_refused_with_the_link_reason(
    tmp_path: Path, project: Project
) -> None:
    def link_down(db: TagDatabase) -> None:
        now = db.clock.now()
        db.publish(
            {
                "TST.FIC1.SP": TagSample(
                    50.0, Quality.BAD_NOT_CONNECTED, now, now, "plc-x: connection refused"
                )
            }
        )

    result, _, _ = run_write(tmp_path, project, "TST.FIC1.SP", 55, prepare=link_down)
    assert result.status is WriteStatus.REFUSED
    assert result.reason == "link down: plc-x: connection refused"


def test_a_write_on_a_stale_value_is_refused(tmp_path: Path, project: Project) -> None:
    def go_stale(db: TagDatabase) -> None:
        old = db.clock.now() - 60
        db.publish({"TST.FIC1.SP": TagSample(50.0, Quality.GOOD, old, old)})

    result, _, _ = run_write(tmp_path, project, "TST.FIC1.SP", 55, prepare=go_stale)
    assert result.status is WriteStatus.REFUSED
    assert "TST.FIC1.SP is stale: no update for 60" in result.reason


def test_writes_are_refused_while_blocked_for_example_in_replay(
    tmp_path: Path, project: Project
) -> None:
    result, _, _ = run_write(tmp_path, project, "TST.FIC1.SP", 55, blocked="replay mode")
    assert (result.status, result.reason) == (WriteStatus.REFUSED, "replay mode")


class RefusingDriver:
    """A device that answers every write with an exception."""

    async def start(self) -> None: ...
    async def stop(self) -> None: ...

    async def write(self, tag: TagDef, value: Value) -> None:
        raise WriteError("exception 03 illegal data value", Quality.BAD_CONFIGURATION_ERROR)

    def status(self) -> Sequence[ConnectionStatus]:
        return []


class SilentDriver(RefusingDriver):
    """A device that accepts writes but never shows the new value."""

    async def write(self, tag: TagDef, value: Value) -> None:
        return None


def test_a_device_error_fails_the_write_with_the_device_reason(
    tmp_path: Path, project: Project
) -> None:
    result, _, audit = run_write(tmp_path, project, "TST.FIC1.SP", 55, driver=RefusingDriver())
    assert result.status is WriteStatus.FAILED
    assert result.reason == "exception 03 illegal data value"
    assert audit.query()[0].result == "failed: exception 03 illegal data value"


def test_a_write_without_matching_read_back_is_reported_unconfirmed(
    tmp_path: Path, project: Project
) -> None:
    result, _, _ = run_write(tmp_path, project, "TST.FIC1.SP", 55, driver=SilentDriver())
    assert result.status is WriteStatus.UNCONFIRMED
    assert result.reason == "sent, but read-back shows 50.0 after 0.3 s"
    assert not result.ok


def test_state_names_are_accepted_for_tags_with_states(tmp_path: Path, project: Project) -> None:
    result, db, _ = run_write(tmp_path, project, "TST.LABEL", "batch 7")
    assert result.ok and db.get("TST.LABEL").value == "batch 7"


def test_the_intent_is_recorded_before_sending_and_the_outcome_refers_to_it(
    tmp_path: Path, project: Project
) -> None:
    seen: list[list[str]] = []

    class WitnessDriver(SilentDriver):
        """Looks at the trail at the moment the request would leave."""

        async def write(self, tag: TagDef, value: Value) -> None:
            with AuditTrail(tmp_path / "audit.db", SystemClock()) as trail:
                seen.append([r.action for r in reversed(trail.query())])

    run_write(tmp_path, project, "TST.FIC1.SP", 55, driver=WitnessDriver())
    assert seen == [["write_intent"]]

    result, _, audit = run_write(tmp_path, project, "TST.FIC1.SP", "55.5")
    assert result.ok
    intent, outcome = audit.query(limit=2)[::-1]
    assert (intent.action, intent.user, intent.tag, intent.old, intent.new, intent.reason) == (
        "write_intent", "olga", "TST.FIC1.SP", "50.0", "55.5", "test step",
    )  # fmt: skip
    assert (intent.result, intent.ref) == ("", None)
    assert (outcome.action, outcome.ref, outcome.result) == (
        "write", intent.seq, "confirmed: read-back matches",
    )  # fmt: skip
    assert audit.outcomes([intent.seq]) == {intent.seq: outcome}
    assert intent not in audit.unresolved_intents()


def test_a_refusal_before_sending_leaves_no_intent(tmp_path: Path, project: Project) -> None:
    result, _, audit = run_write(tmp_path, project, "TST.FIC1.SP", 75)
    assert result.status is WriteStatus.REFUSED
    assert [r.action for r in audit.query()] == ["write_refused"]


def test_a_write_the_trail_cannot_record_is_not_sent(tmp_path: Path, project: Project) -> None:
    sent: list[Value] = []

    class CountingDriver(SilentDriver):
        async def write(self, tag: TagDef, value: Value) -> None:
            sent.append(value)

    (tmp_path / "audit.key").mkdir()  # a key that cannot be read or made: no record is signed
    result, _, _ = run_write(tmp_path, project, "TST.FIC1.SP", 55, driver=CountingDriver())
    assert result.status is WriteStatus.REFUSED
    assert result.reason.startswith("not sent: the audit trail cannot be written: ")
    assert sent == []


def test_writes_are_audited_in_the_shared_store(
    tmp_path: Path, project: Project, pg_url: StoreUrl
) -> None:
    with PgDatabase(pg_url) as store:
        trail = PgAuditTrail.in_data_dir(store, tmp_path, SystemClock())
        result, _, _ = run_write(tmp_path, project, "TST.FIC1.SP", "55.5", trail=trail)
        assert result.status is WriteStatus.CONFIRMED, result.reason
        intent, outcome = trail.query(limit=2)[::-1]
        assert (intent.action, outcome.action, outcome.ref) == ("write_intent", "write", 1)
        assert trail.verify().ok


def test_a_write_the_shared_store_cannot_record_is_not_sent(
    tmp_path: Path, project: Project, pg_url: StoreUrl
) -> None:
    sent: list[Value] = []

    class CountingDriver(SilentDriver):
        async def write(self, tag: TagDef, value: Value) -> None:
            sent.append(value)

    with PgDatabase(pg_url) as store:
        trail = PgAuditTrail.in_data_dir(store, tmp_path, SystemClock())
    # the store is gone now (closed): every append fails with a StoreError
    result, _, _ = run_write(tmp_path, project, "TST.FIC1.SP", 55, driver=CountingDriver(),
                             trail=trail)  # fmt: skip
    assert result.status is WriteStatus.REFUSED
    assert result.reason.startswith("not sent: the audit trail cannot be written: ")
    assert "the store is closed" in result.reason
    assert sent == []


class NoReplyDriver(SilentDriver):
    """A device that took the request and never answered."""

    async def write(self, tag: TagDef, value: Value) -> None:
        raise WriteError("plc unit 1 hr 3: timeout", Quality.BAD_TIMEOUT, sent=True)


def test_a_sent_request_without_reply_is_unconfirmed_not_failed(
    tmp_path: Path, project: Project
) -> None:
    result, _, audit = run_write(tmp_path, project, "TST.FIC1.SP", 55, driver=NoReplyDriver())
    assert result.status is WriteStatus.UNCONFIRMED
    assert result.reason == (
        "sent, but no reply (plc unit 1 hr 3: timeout): the device may still apply 55.0; "
        "read-back shows 50.0"
    )
    assert audit.query()[0].result == f"unconfirmed: {result.reason}"
