"""The training store on PostgreSQL: what the server's writer role and a console's reader
role may do (real server, real roles)."""

from __future__ import annotations

import pytest

from tags.replay.timeline import EventKind
from tags.simulation.simulator import PlantSimulator
from tags.store.migrations import READER, WRITER
from tags.store.postgres import PgDatabase, StoreError
from tags.store.url import StoreUrl
from tags.training.pg_store import PgTrainingStore
from tags.training.store import STEADY_STATE, SessionRecord
from tests.pg_login_roles import login_as
from tests.pg_server import PgServer

T0 = 1_750_000_000.0
FACTS = {"name": "", "trainer": "tess", "trainee": "olga", "project": "Demo"}


def test_the_writer_records_sessions_but_cannot_change_or_remove_records(
    pg_url: StoreUrl, postgres_server: PgServer
) -> None:
    with PgDatabase(pg_url) as owner:
        PgTrainingStore(owner)  # the schema, made by the database's owner
    plant = PlantSimulator(models=("emm",))
    with PgDatabase(login_as(postgres_server, pg_url, WRITER)) as db:
        store = PgTrainingStore(db)  # up to date: the writer need not change the schema
        info = store.create_session(
            **FACTS, start=T0, time_factor=1.0, start_state=STEADY_STATE, plan=()
        )
        store.add_records(info.id, [SessionRecord(T0 + 1, EventKind.SCREEN, "screen a")])
        assert store.finish_session(info.id, T0 + 5).end == T0 + 5
        store.save_snapshot("morning", plant.snapshot(), user="tess", time=T0)
        store.delete_snapshot("morning")
        for statement in (
            "UPDATE training_records SET text = 'nothing happened'",
            "DELETE FROM training_records",
            "DELETE FROM training_sessions",
            "UPDATE training_sessions SET trainee = 'someone else'",
        ):
            with pytest.raises(StoreError, match="permission denied"):
                db.run(lambda conn, s=statement: conn.execute(s))  # type: ignore[misc]
        assert [r.text for r in store.records(info.id)] == ["screen a"]


def test_a_console_reads_sessions_and_snapshots_but_writes_nothing(
    pg_url: StoreUrl, postgres_server: PgServer
) -> None:
    plant = PlantSimulator(models=("emm",))
    with PgDatabase(pg_url) as owner:
        store = PgTrainingStore(owner)
        info = store.create_session(
            **FACTS, start=T0, time_factor=1.0, start_state=STEADY_STATE, plan=()
        )
        store.save_snapshot("morning", plant.snapshot(), user="tess", time=T0)
    with PgDatabase(login_as(postgres_server, pg_url, READER)) as db:
        console = PgTrainingStore(db)
        assert console.sessions() == [info]
        assert [s.name for s in console.snapshots()] == ["morning"]
        with pytest.raises(StoreError, match="permission denied"):
            console.create_session(
                **FACTS, start=T0, time_factor=1.0, start_state=STEADY_STATE, plan=()
            )
        with pytest.raises(StoreError, match="permission denied"):
            console.add_records(info.id, [SessionRecord(T0 + 1, EventKind.SCREEN, "a")])
        with pytest.raises(StoreError, match="permission denied"):
            console.finish_session(info.id, T0 + 5)
        with pytest.raises(StoreError, match="permission denied"):
            console.save_snapshot("evening", plant.snapshot(), user="tess", time=T0)
        with pytest.raises(StoreError, match="permission denied"):
            console.delete_snapshot("morning")
        assert console.session(info.id).end is None
