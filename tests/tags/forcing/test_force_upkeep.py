"""The running force table takes up what another process forced in the store, reading the
store without holding up the event loop, and a read begun before its own change is not taken
for the store's word."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tags.clock import ManualClock
from tags.config.project import load_project
from tags.database import TagDatabase
from tags.forcing.force import Force
from tags.forcing.store import SqliteForceStore
from tags.forcing.table import ForceTable
from tags.forcing.upkeep import keep_forces
from tags.security.permissions import Role, User
from tests.paths import SIGNALS_PROJECT
from tests.tags.forcing.conftest import Opener
from tests.waiting import until

ENGINEER = User("erin", Role.ENGINEER)
SINE = "TST.GEN.SINE"

pytestmark = pytest.mark.asyncio


class SlowStore(SqliteForceStore):
    """A store whose reads for the upkeep wait for ``gate`` after reading (a remote store's
    round trip, during which the loop goes on)."""

    gate: asyncio.Event
    reads = 0

    async def read_all(self) -> list[Force]:
        found = self.all()
        self.reads += 1
        await self.gate.wait()
        return found


@contextlib.asynccontextmanager
async def upkeep(table: ForceTable) -> AsyncIterator[None]:
    task = asyncio.create_task(keep_forces(table, expire_every=1000, sync_every=1))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_a_force_made_by_another_process_is_taken_up(open_store: Opener) -> None:
    project = load_project(SIGNALS_PROJECT)
    clock = ManualClock()
    db = TagDatabase(project.tags, clock)
    with open_store() as store, open_store() as other_store:
        table = ForceTable(db, store)
        other = ForceTable(TagDatabase(project.tags, clock), other_store)
        async with upkeep(table):
            other.force(SINE, 12.5, user=ENGINEER, reason="another console")
            await until(lambda: db.is_substituted(SINE))
            assert db.get(SINE).value == 12.5
            other.release(SINE, user=ENGINEER, reason="done")
            await until(lambda: not db.is_substituted(SINE))


async def test_a_read_begun_before_the_tables_own_force_does_not_undo_it(tmp_path: Path) -> None:
    project = load_project(SIGNALS_PROJECT)
    db = TagDatabase(project.tags, ManualClock())
    with SlowStore(tmp_path / "forces.db") as store:
        store.gate = asyncio.Event()
        table = ForceTable(db, store)
        seen: list[list[str]] = []
        table.subscribe(lambda forces: seen.append([f.tag for f in forces]))
        async with upkeep(table):
            await until(lambda: store.reads == 1)  # read (nothing forced), not yet answered
            table.force(SINE, 50.0, user=ENGINEER, reason="test")
            store.gate.set()
            await until(lambda: store.reads >= 3)  # the late answer and two more taken up
        assert db.is_substituted(SINE)
        assert seen[0] == [SINE] and [] not in seen
