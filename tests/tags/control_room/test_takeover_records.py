"""What a server taking over a pair records in the shared store (real PostgreSQL): every write
its predecessor left without an outcome ends ``unconfirmed`` (once), the takeover is an audit
record of its own and the chain verifies; a saved alarm state never goes back to an older one
(a restarted server's spool written late loses to its successor's newer state)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tags.alarms.journal import SavedAlarm
from tags.alarms.pg_journal import PgAlarmJournal
from tags.clock import SystemClock
from tags.control_room.server.takeover import (
    only_ours,
    recent_takeovers,
    record_takeover,
    settle_open_writes,
)
from tags.paths import private_dir
from tags.security.audit_record import WRITE_INTENT
from tags.store.postgres import PgDatabase
from tags.store.url import StoreUrl
from tags.stores import Stores

pytestmark = pytest.mark.slow


def test_a_write_left_without_outcome_ends_unconfirmed_once_and_the_chain_verifies(
    pg_url: StoreUrl, tmp_path: Path
) -> None:
    with Stores(pg_url, private_dir(tmp_path / "data"), SystemClock()) as stores:
        audit = stores.audit()
        try:
            write = {"user": "olga", "workstation": "ws-1", "tag": "NORTH.FLOW", "unit": "m³/h"}
            left = audit.append(WRITE_INTENT, old="10", new="42", reason="raise", **write)
            done = audit.append(WRITE_INTENT, old="42", new="43", **write)
            audit.append("write", old="42", new="43", result="confirmed: ok", ref=done.seq, **write)

            settled = settle_open_writes(audit, "b")

            assert [(r.ref, r.user, r.workstation, r.tag, r.new) for r in settled] == [
                (left.seq, "olga", "ws-1", "NORTH.FLOW", "42")
            ]
            assert settled[0].result.startswith("unconfirmed: the server that sent it stopped")
            assert audit.unresolved_intents() == []
            assert settle_open_writes(audit, "b") == []
            assert only_ours(audit, set())  # nobody ever led
            first = record_takeover(audit, "b", planned=False, previous="a")
            assert only_ours(audit, {first.seq}) and not only_ours(audit, set())
            record_takeover(audit, "a", planned=True, previous="b")
            assert not only_ours(audit, {first.seq})
            takeovers = recent_takeovers(audit)
            assert [(t.instance, t.planned) for t in takeovers] == [("a", True), ("b", False)]
            assert takeovers[1].detail == "failover from a"
            assert audit.verify().ok
        finally:
            audit.close()


def test_an_older_alarm_state_never_replaces_a_newer_one(pg_url: StoreUrl) -> None:
    newer = SavedAlarm("NORTH.LEVEL.HI", True, True, False, 100.0, 130.0, None, False)
    older = SavedAlarm("NORTH.LEVEL.HI", True, False, False, 100.0, 110.0, None, False)
    with PgDatabase(pg_url) as db:
        journal = PgAlarmJournal(db)
        try:
            journal.write([], [newer])
            assert journal.flush(10)
            journal.write([], [older])  # a restarted server's spool, written late
            assert journal.flush(10)
            assert journal.load_states()["NORTH.LEVEL.HI"] == newer
        finally:
            journal.close()
