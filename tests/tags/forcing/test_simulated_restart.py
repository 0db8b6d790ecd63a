"""A simulated tag outlives a restart on either store (SQLite file, real PostgreSQL), and rows
kept by a program from before simulated sources (no ``source`` column) still load, as fixed
values, on both."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tags.clock import ManualClock
from tags.config.project import load_project
from tags.database import TagDatabase
from tags.forcing.force import FORCED_QUALITY, Force
from tags.forcing.pg_store import COMPONENT, PgForceStore
from tags.forcing.store import SqliteForceStore
from tags.forcing.table import ForceTable
from tags.security.permissions import Role, User
from tags.store.migrations import Component, migrate
from tags.store.postgres import PgDatabase
from tags.store.url import StoreUrl
from tests.paths import SIGNALS_PROJECT
from tests.tags.forcing.conftest import Opener

ENGINEER = User("erin", Role.ENGINEER)
SOURCE = "sim://signal/ramp?low=0&high=100&period=100"


def test_a_simulated_tag_survives_a_restart(open_store: Opener) -> None:
    project = load_project(SIGNALS_PROJECT)
    clock = ManualClock(1_750_000_000.0)
    with open_store() as store:
        forces = ForceTable(TagDatabase(project.tags, clock), store)
        put = forces.simulate("TST.GEN.RAMP", SOURCE, user=ENGINEER, reason="no FT", minutes=60)
    clock.advance(30)
    with open_store() as store:
        db = TagDatabase(project.tags, clock)
        again = ForceTable(db, store)
        again.sync()
        assert again.forces() == [put] and again.simulated() == [put]
        sample = db.get("TST.GEN.RAMP")
        assert sample.quality is FORCED_QUALITY
        assert sample.value == pytest.approx(30.0)  # the ramp at its time, not the stored value
        assert sample.reason.startswith(f"simulated: {SOURCE} by erin until ")
        clock.advance(7)
        again.step()
        assert db.get("TST.GEN.RAMP").value == pytest.approx(37.0)


OLD_SQLITE = """
CREATE TABLE forces (tag TEXT PRIMARY KEY, value TEXT NOT NULL, user TEXT NOT NULL,
    reason TEXT NOT NULL, since REAL NOT NULL, until REAL);
INSERT INTO forces VALUES ('TST.GEN.SINE', '64', 'erin', 'not wired', 1750000000.0, NULL);
"""


def test_an_old_sqlite_file_still_loads_and_takes_simulated_forces(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "forces.db") as old:
        old.executescript(OLD_SQLITE)
    old.close()
    with SqliteForceStore.in_data_dir(tmp_path) as store:
        assert store.all() == [Force("TST.GEN.SINE", 64, "erin", "not wired", 1_750_000_000.0)]
        simulated = Force("TST.GEN.RAMP", 1.0, "erin", "r", 1_750_000_000.0, None, SOURCE)
        store.put(simulated)
    with SqliteForceStore.in_data_dir(tmp_path) as store:
        assert [f.source for f in store.all()] == [SOURCE, ""]


def test_old_postgresql_rows_still_load(pg_url: StoreUrl) -> None:
    first = Component(COMPONENT.name, COMPONENT.steps[:1])  # the schema before sources

    async def old_program(conn: Any) -> None:
        await migrate(conn, first)
        await conn.execute(
            "INSERT INTO forced_values VALUES ('TST.GEN.SINE', '64', 'erin', 'not wired', "
            "1750000000.0, NULL)"
        )

    with PgDatabase(pg_url) as db:
        db.run(old_program)
        with PgForceStore(db) as store:
            assert store.all() == [Force("TST.GEN.SINE", 64, "erin", "not wired", 1_750_000_000.0)]
            store.put(Force("TST.GEN.RAMP", 1.0, "erin", "r", 1_750_000_000.0, None, SOURCE))
            assert [f.source for f in store.all()] == [SOURCE, ""]
