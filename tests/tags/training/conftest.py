"""The recorded training sessions the tests of this folder read (training_support.train),
and the training store of each kind (SQLite, PostgreSQL) for the tests of storage.

The sessions are recorded once per test process, on first use; the runtime has stopped
before any test reads them. Recording them takes about twenty seconds, so every test that
reads them is slow.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from tags.store.postgres import PgDatabase
from tags.store.url import StoreUrl
from tags.training.pg_store import PgTrainingStore
from tags.training.store import SqliteTrainingStore, TrainingStore
from tests.tags.training.training_support import Trained, train

STORES = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Trained]:
    result = asyncio.run(train(tmp_path_factory.mktemp("training-data")))
    yield result
    result.store.close()


@pytest.fixture(params=STORES)
def training_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TrainingStore]:
    """An empty training store of each kind: the data folder's file, a PostgreSQL database."""
    if request.param == "sqlite":
        with SqliteTrainingStore.in_data_dir(tmp_path) as store:
            yield store
        return
    url: StoreUrl = request.getfixturevalue("pg_url")
    with PgDatabase(url) as db, PgTrainingStore(db) as pg_store:
        yield pg_store


@pytest.fixture(params=STORES)
def stored(request: pytest.FixtureRequest, trained: Trained) -> Iterator[TrainingStore]:
    """The recorded sessions as the store of each kind holds them: the runtime's SQLite file,
    or a PostgreSQL store the sessions were copied into (the same ids, in the same order)."""
    if request.param == "sqlite":
        yield trained.store
        return
    url: StoreUrl = request.getfixturevalue("pg_url")
    with PgDatabase(url) as db, PgTrainingStore(db) as store:
        for info in reversed(trained.store.sessions()):
            copy = store.create_session(
                name=info.name, trainer=info.trainer, trainee=info.trainee,
                project=info.project, start=info.start, time_factor=info.time_factor,
                start_state=info.start_state, plan=info.plan,
            )  # fmt: skip
            assert copy.id == info.id
            store.add_records(copy.id, trained.store.records(info.id))
            if info.end is not None:
                store.finish_session(copy.id, info.end)
        for shot in reversed(trained.store.snapshots()):
            kept = trained.store.load_snapshot(shot.name)
            store.save_snapshot(shot.name, kept, user=shot.user, time=shot.time)
        yield store


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "trained" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
