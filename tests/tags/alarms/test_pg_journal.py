"""The alarm journal in PostgreSQL: what the server's writer role and the consoles' reader role
may do. The writer adds to the journal and keeps the alarm states, and can never change or
remove a journal entry; the reader only reads."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from tags.alarms.engine import AlarmEngine, AlarmState
from tags.alarms.journal import JournalStore
from tags.alarms.pg_journal import PgAlarmJournal
from tags.clock import ManualClock
from tags.model import AlarmKind, Quality, TagSample
from tags.store.migrations import READER, WRITER, SchemaError
from tags.store.postgres import PgDatabase, StoreError
from tags.store.url import StoreUrl
from tests.pg_server import PgServer
from tests.tags.alarms.bench import OPERATOR, alarm, tag
from tests.waiting import GENEROUS

PV = "TST.FIC1.PV"
HI = f"{PV}.HI"
TAGS = {PV: tag(PV, alarm(PV, AlarmKind.HI, 90))}


def login_role(server: PgServer, group: str) -> Iterator[str]:
    name = f"alarms_{group}_{os.getpid()}"
    with server.admin() as admin:
        admin.execute(f"DROP ROLE IF EXISTS {name}")
        admin.execute(f"CREATE ROLE {name} LOGIN IN ROLE {group}")
    yield name
    with server.admin() as admin:
        admin.execute(f"DROP ROLE IF EXISTS {name}")


@pytest.fixture
def writer(postgres_server: PgServer) -> Iterator[str]:
    yield from login_role(postgres_server, WRITER)


@pytest.fixture
def reader(postgres_server: PgServer) -> Iterator[str]:
    yield from login_role(postgres_server, READER)


@pytest.fixture
def owner_db(pg_url: StoreUrl) -> Iterator[PgDatabase]:
    """The database's owner, who made the schema (as ``store init`` does)."""
    with PgDatabase(pg_url) as db:
        PgAlarmJournal(db)
        yield db


def run_engine(journal: JournalStore) -> None:
    """An alarm annunciated and acknowledged."""
    engine = AlarmEngine(TAGS, ManualClock(), journal=journal)
    engine.restore_states()
    now = engine.clock.now()
    engine.evaluate({PV: TagSample(95.0, Quality.GOOD, now, now)})
    engine.acknowledge(HI, user=OPERATOR, comment="seen")


def sql(db: PgDatabase, statement: str) -> None:
    async def work(conn: psycopg.AsyncConnection[Any]) -> None:
        await conn.execute(statement)  # type: ignore[arg-type]

    db.run(work)


def test_the_writer_adds_entries_and_saves_states_but_never_changes_the_journal(
    owner_db: PgDatabase, pg_url: StoreUrl, writer: str
) -> None:
    with PgDatabase(pg_url.as_user(writer)) as db:
        journal = PgAlarmJournal(db)
        run_engine(journal)
        assert journal.load_states()[HI].acknowledged
        restarted = AlarmEngine(TAGS, ManualClock(), journal=journal)
        restarted.restore_states()
        now = restarted.clock.now() + 60
        restarted.evaluate({PV: TagSample(50.0, Quality.GOOD, now, now)}, now)
        assert not journal.load_states()[HI].active, "the saved state was updated"
        assert [e.user for e in journal.query(newest_first=False)] == ["", "olga", ""]
        for statement in (
            "UPDATE alarm_journal SET comment = 'nothing happened'",
            "DELETE FROM alarm_journal",
            "TRUNCATE alarm_journal",
            "DELETE FROM alarm_states",
        ):
            with pytest.raises(StoreError, match="permission denied"):
                sql(db, statement)
        assert [e.comment for e in journal.query(newest_first=False)] == ["", "seen", ""]


def test_the_reader_reads_the_journal_and_the_states_and_writes_nothing(
    owner_db: PgDatabase, pg_url: StoreUrl, reader: str
) -> None:
    writing = PgAlarmJournal(owner_db)
    run_engine(writing)
    assert writing.flush(GENEROUS), "the writer's entries are in the store"
    writing.close()
    with PgDatabase(pg_url.as_user(reader)) as db:
        journal = PgAlarmJournal(db, apply=False)
        entries = journal.query(newest_first=False)
        assert [e.state for e in entries] == [AlarmState.ACTIVE_UNACK, AlarmState.ACTIVE_ACK]
        assert journal.load_states()[HI].active
        with pytest.raises(StoreError, match="open to read only"):
            journal.write(entries[:1])
        for statement in ("UPDATE alarm_states SET reason = 'x'", "DELETE FROM alarm_journal"):
            with pytest.raises(StoreError, match="permission denied"):
                sql(db, statement)
    reading = PgAlarmJournal(owner_db)
    assert len(reading.query()) == 2
    reading.close()


def test_a_reader_on_a_database_without_the_journal_is_told_to_make_it(pg_url: StoreUrl) -> None:
    with PgDatabase(pg_url) as db, pytest.raises(SchemaError, match="store init"):
        PgAlarmJournal(db, apply=False)


def test_entries_taken_in_keep_their_seq_and_only_the_owner_may_take_them_in(
    owner_db: PgDatabase, pg_url: StoreUrl, writer: str
) -> None:
    from dataclasses import replace

    from tags.alarms.journal import JournalEntry
    from tags.alarms.state import JournalEvent
    from tags.model import Priority

    entry = JournalEntry(1.0e9, JournalEvent.ACTIVE, HI, PV, AlarmKind.HI, "TST", Priority.HIGH,
                         "", AlarmState.ACTIVE_UNACK, "95", 90.0)  # fmt: skip
    kept = [replace(entry, seq=seq, time=1.0e9 + seq) for seq in (3, 4, 7)]
    owner = PgAlarmJournal(owner_db)
    assert owner.import_entries(kept) == 3
    assert owner.import_entries(kept[1:]) == 0  # there already: skipped
    with PgDatabase(pg_url.as_user(writer)) as db:
        journal = PgAlarmJournal(db)
        with pytest.raises(StoreError, match="permission denied"):
            journal.import_entries([replace(entry, seq=9)])
        journal.write([entry])  # the server's next entry follows the copied ones
        assert [e.seq for e in journal.query(newest_first=False)] == [3, 4, 7, 8]
