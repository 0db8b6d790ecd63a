"""Forces outlive a restart, on either store: the data folder's SQLite file or a PostgreSQL
database (real server). A new database and force table on the same store show the forced
value again from the first moment, and release what expired while nobody ran."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest

from tags.clock import ManualClock
from tags.config.project import load_project
from tags.database import TagDatabase
from tags.forcing.force import Force
from tags.forcing.pg_store import PgForceStore
from tags.forcing.store import ForceStore, SqliteForceStore
from tags.forcing.table import ForceTable
from tags.model import Quality
from tags.security.permissions import Role, User
from tags.store.postgres import PgDatabase
from tags.store.url import StoreUrl
from tests.paths import SIGNALS_PROJECT

ENGINEER = User("erin", Role.ENGINEER)
Opener = Callable[[], AbstractContextManager[ForceStore]]


@pytest.fixture(params=["sqlite", "postgresql"])
def open_store(request: pytest.FixtureRequest, tmp_path: Path) -> Opener:
    """Opens the same force store anew each time (a process starting again)."""
    if request.param == "sqlite":
        return lambda: SqliteForceStore.in_data_dir(tmp_path)
    url: StoreUrl = request.getfixturevalue("pg_url")

    @contextmanager
    def pg() -> Iterator[ForceStore]:
        with PgDatabase(url) as db, PgForceStore(db) as store:
            yield store

    return pg


def test_a_force_survives_a_restart_and_one_that_expired_meanwhile_is_released(
    open_store: Opener,
) -> None:
    project = load_project(SIGNALS_PROJECT)
    clock = ManualClock()
    with open_store() as store:
        forces = ForceTable(TagDatabase(project.tags, clock), store)
        kept = forces.force("TST.GEN.SINE", 64, user=ENGINEER, reason="not wired")
        forces.force("TST.FIC1.SP", 45, user=ENGINEER, reason="brief", minutes=2)
        forces.force("TST.LABEL", "batch 7", user=ENGINEER, reason="label")
        forces.force("TST.GEN.SQUARE", "ON", user=ENGINEER, reason="state")
        forces.release("TST.LABEL", user=ENGINEER, reason="not needed")
    clock.advance(180)  # stopped for three minutes: the two-minute force ran out
    with open_store() as store:
        db = TagDatabase(project.tags, clock)
        again = ForceTable(db, store)
        again.sync()
        assert again.forces() == [
            kept,
            Force("TST.GEN.SQUARE", True, "erin", "state", kept.since),
        ]
        sample = db.get("TST.GEN.SINE")
        assert (sample.value, sample.quality) == (64.0, Quality.GOOD_LOCAL_OVERRIDE)
        assert sample.reason == "forced by erin until released: not wired"
        assert not db.is_substituted("TST.FIC1.SP")
        assert [f.tag for f in store.all()] == ["TST.GEN.SINE", "TST.GEN.SQUARE"]
