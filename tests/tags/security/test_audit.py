"""The audit trail: append-only, signed and chained, and every kind of tampering is found,
in both stores (SQLite and PostgreSQL: ``audit_stores``).

The tamper kinds that need the anchors (a cut-off end, an emptied or deleted trail) are in
tests/commands/test_audit_verify.py, through the ``audit verify`` command."""

from __future__ import annotations

import dataclasses
import socket
import sqlite3
from collections.abc import Iterator
from contextlib import closing

import psycopg
import pytest

from tags.clock import ManualClock
from tags.security.audit import GENESIS_HASH
from tags.security.audit_key import load_key
from tags.security.audit_store import AuditStore
from tags.security.permissions import Role, User
from tests.tags.security.audit_stores import AuditStores, pg_admin

START = 1_750_000_000.0
MAC_MISMATCH = "record {}: MAC mismatch (altered or forged: not signed with the key)"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def trail(audit_stores: AuditStores, clock: ManualClock) -> Iterator[AuditStore]:
    with audit_stores.open(clock, workstation="ws1") as audit:
        yield audit


def fill(trail: AuditStore, clock: ManualClock, count: int) -> None:
    for i in range(count):
        clock.advance(1)
        trail.append("write", user="bob", tag=f"CWP.T{i}", old=i, new=i + 0.5, unit="°C")


def test_append_returns_the_stored_record(
    audit_stores: AuditStores, trail: AuditStore, clock: ManualClock
) -> None:
    record = trail.append(
        "write",
        user=User("bob", Role.OPERATOR),
        tag="CWP.FIC101.SP",
        old=12.5,
        new=13,
        unit="m³/h",
        reason="raise flow",
        result="ok",
        latency_ms=4,
        detail="read back 13.0",
    )
    assert (record.seq, record.time, record.user, record.workstation) == (1, START, "bob", "ws1")
    assert (record.old, record.new, record.latency_ms) == ("12.5", "13", 4.0)
    assert record.prev_hash == GENESIS_HASH
    key = load_key(audit_stores.key_file)
    assert key is not None and record.keyed
    assert record.hash == record.computed_mac(key)
    assert trail.query() == [record]


def test_each_record_carries_the_hash_of_the_one_before(trail: AuditStore) -> None:
    first = trail.append("login", user="bob")
    second = trail.append("logout", user="bob")
    assert second.seq == 2
    assert second.prev_hash == first.hash
    assert len(first.hash) == 64


def test_missing_values_stay_none(trail: AuditStore) -> None:
    record = trail.append("acknowledge", user="bob", tag="CWP.TI1.HI")
    assert (record.old, record.new, record.latency_ms) == (None, None, None)
    assert trail.query()[0] == record


def test_workstation_defaults_to_the_host_name(
    audit_stores: AuditStores, clock: ManualClock
) -> None:
    with audit_stores.open(clock) as audit:
        assert audit.append("login", user="bob").workstation == socket.gethostname()
        assert audit.append("login", user="bob", workstation="ws9").workstation == "ws9"


def test_verify_accepts_an_untouched_trail(trail: AuditStore, clock: ManualClock) -> None:
    assert trail.verify().ok
    assert trail.verify().message == "audit trail is empty"
    fill(trail, clock, 20)
    result = trail.verify()
    assert (result.ok, result.checked, result.first_bad_seq) == (True, 20, None)
    assert result.message == "audit trail intact: 20 records"


def test_update_and_delete_are_refused_by_triggers(
    audit_stores: AuditStores, trail: AuditStore
) -> None:
    trail.append("login", user="bob")
    if audit_stores.url is None:
        with closing(sqlite3.connect(audit_stores.path)) as db:
            with pytest.raises(sqlite3.DatabaseError, match="audit trail is append-only"):
                db.execute("UPDATE audit SET user = 'eve'")
            with pytest.raises(sqlite3.DatabaseError, match="audit trail is append-only"):
                db.execute("DELETE FROM audit")
    else:  # even for the table's owner, the superuser here
        with pg_admin(audit_stores.url) as db:
            for sql in ("UPDATE hmi.audit SET \"user\" = 'eve'", "DELETE FROM hmi.audit",
                        "TRUNCATE hmi.audit"):  # fmt: skip
                with pytest.raises(psycopg.Error, match="audit trail is append-only"):
                    db.execute(sql)  # type: ignore[arg-type]
    assert trail.verify().ok


def test_edited_field_is_found_and_named(
    audit_stores: AuditStores, trail: AuditStore, clock: ManualClock
) -> None:
    fill(trail, clock, 20)
    audit_stores.tamper("UPDATE audit SET new = '99' WHERE seq = 17")
    result = trail.verify()
    assert (result.ok, result.first_bad_seq, result.checked) == (False, 17, 17)
    assert result.message == MAC_MISMATCH.format(17)


def test_first_of_several_edits_is_reported(
    audit_stores: AuditStores, trail: AuditStore, clock: ManualClock
) -> None:
    fill(trail, clock, 20)
    audit_stores.tamper(
        "UPDATE audit SET \"user\" = 'eve' WHERE seq = 15",
        "UPDATE audit SET time = time + 1 WHERE seq = 6",
    )
    assert trail.verify().first_bad_seq == 6


def test_edited_and_rehashed_record_is_found(
    audit_stores: AuditStores, trail: AuditStore, clock: ManualClock
) -> None:
    """Without the key the editor can only recompute a plain hash: the MAC gives it away."""
    fill(trail, clock, 10)
    forged = dataclasses.replace(trail.query(since=START + 4, until=START + 5)[0], user="eve")
    forged_hash = forged.computed_hash()
    audit_stores.tamper(f"UPDATE audit SET \"user\" = 'eve', hash = '{forged_hash}' WHERE seq = 4")
    result = trail.verify()
    assert (result.ok, result.first_bad_seq) == (False, 4)
    assert result.message == MAC_MISMATCH.format(4)


def test_deleted_row_is_reported_as_a_gap(
    audit_stores: AuditStores, trail: AuditStore, clock: ManualClock
) -> None:
    fill(trail, clock, 20)
    audit_stores.tamper("DELETE FROM audit WHERE seq = 17")
    result = trail.verify()
    assert (result.ok, result.first_bad_seq) == (False, 17)
    assert result.message == "record 17 missing (chain jumps from 16 to 18)"


def test_deleted_first_rows_are_reported(
    audit_stores: AuditStores, trail: AuditStore, clock: ManualClock
) -> None:
    fill(trail, clock, 5)
    audit_stores.tamper("DELETE FROM audit WHERE seq <= 2")
    result = trail.verify()
    assert (result.ok, result.first_bad_seq) == (False, 1)
    assert result.message == "records 1 to 2 missing (chain starts at 3)"


def test_deleted_tail_is_found_even_after_new_appends(
    audit_stores: AuditStores, trail: AuditStore, clock: ManualClock
) -> None:
    fill(trail, clock, 5)
    audit_stores.tamper("DELETE FROM audit WHERE seq >= 4")
    result = trail.verify()
    assert (result.ok, result.first_bad_seq) == (False, 4)
    assert "the end of the trail was deleted" in result.message
    assert trail.append("login", user="bob").seq == 6
    assert trail.verify().message == "records 4 to 5 missing (chain jumps from 3 to 6)"


def test_forged_row_appended_at_the_end_is_found(
    audit_stores: AuditStores, trail: AuditStore, clock: ManualClock
) -> None:
    fill(trail, clock, 5)
    last = trail.query(limit=1)[0]
    audit_stores.tamper(
        'INSERT INTO audit (seq, time, "user", workstation, action, tag, old, new, unit, reason,'
        " result, latency_ms, detail, prev_hash, hash) VALUES (6, 0, 'eve', 'ws1', 'write',"
        f" 'CWP.T0', '1', '2', '', '', '', NULL, '', '{last.hash}', '{'f' * 64}')",
    )
    result = trail.verify()
    assert (result.ok, result.first_bad_seq) == (False, 6)
    assert result.message == (
        "record 6: unsigned record where the trail is signed (rewritten without the key)"
    )


def test_forged_row_inserted_in_the_middle_is_found(
    audit_stores: AuditStores, trail: AuditStore, clock: ManualClock
) -> None:
    fill(trail, clock, 6)
    third = trail.query(until=START + 4, limit=1)[0]
    assert third.seq == 3
    # The forger shifts records 4.. up by one and slips in a correctly hashed record 4.
    forged = dataclasses.replace(third, seq=4, user="eve", prev_hash=third.hash)
    columns = 'seq, time, "user", workstation, action, tag, old, new, unit, reason, result, detail'
    audit_stores.tamper(
        "UPDATE audit SET seq = seq + 100 WHERE seq >= 4",
        "UPDATE audit SET seq = seq - 99 WHERE seq >= 100",
        f"INSERT INTO audit ({columns}, prev_hash, hash, keyed) SELECT 4, time, 'eve',"
        " workstation, action, tag, old, new, unit, reason, result, detail,"
        f" '{third.hash}', '{forged.computed_hash()}', 1 FROM audit WHERE seq = 3",
    )
    result = trail.verify()
    assert (result.ok, result.first_bad_seq) == (False, 4)
    assert result.message == MAC_MISMATCH.format(4)  # the forged row, not its successor


def test_reordered_rows_are_found(
    audit_stores: AuditStores, trail: AuditStore, clock: ManualClock
) -> None:
    fill(trail, clock, 8)
    audit_stores.tamper(
        "UPDATE audit SET seq = 100 WHERE seq = 5",
        "UPDATE audit SET seq = 5 WHERE seq = 6",
        "UPDATE audit SET seq = 6 WHERE seq = 100",
    )
    result = trail.verify()
    assert (result.ok, result.first_bad_seq) == (False, 5)
    assert result.message == MAC_MISMATCH.format(5)


def test_two_trails_on_one_store_keep_one_chain(
    audit_stores: AuditStores, clock: ManualClock
) -> None:
    with audit_stores.open(clock, workstation="a") as one, audit_stores.open(clock) as two:
        for i in range(10):
            (one if i % 2 == 0 else two).append("write", user="bob", new=i)
        seqs = [record.seq for record in reversed(one.query())]
        assert seqs == list(range(1, 11))
        assert one.verify().ok and two.verify().ok
        assert two.verify().checked == 10


def test_trail_survives_reopening(audit_stores: AuditStores, clock: ManualClock) -> None:
    with audit_stores.open(clock) as audit:
        first = audit.append("login", user="bob")
    with audit_stores.open(clock) as audit:
        assert audit.append("logout", user="bob").prev_hash == first.hash
        assert audit.verify().ok


def test_query_filters_newest_first(trail: AuditStore, clock: ManualClock) -> None:
    trail.append("login", user="bob")
    clock.advance(10)
    trail.append("write", user="bob", tag="CWP.A", old=1, new=2)
    clock.advance(10)
    trail.append("write_refused", user="ann", tag="CWP.A", new=5, result="viewer may not write")
    clock.advance(10)
    trail.append("logout", user="bob")
    assert [r.seq for r in trail.query()] == [4, 3, 2, 1]
    assert [r.seq for r in trail.query(user="bob")] == [4, 2, 1]
    assert [r.seq for r in trail.query(tag="CWP.A")] == [3, 2]
    assert [r.seq for r in trail.query(action="write")] == [2]
    assert [r.seq for r in trail.query(since=START + 10, until=START + 30)] == [3, 2]
    assert [r.seq for r in trail.query(limit=2)] == [4, 3]


def test_append_refuses_an_empty_action_and_non_finite_latency(trail: AuditStore) -> None:
    with pytest.raises(ValueError, match="action"):
        trail.append("", user="bob")
    with pytest.raises(ValueError, match="finite"):
        trail.append("write", user="bob", latency_ms=float("nan"))
    assert trail.query() == []
