"""Forces outlive a restart, on either store: the data folder's SQLite file or a PostgreSQL
database (real server). A new database and force table on the same store show the forced
value again from the first moment, and release what expired while nobody ran."""

from __future__ import annotations

from tags.clock import ManualClock
from tags.config.project import load_project
from tags.database import TagDatabase
from tags.forcing.force import Force
from tags.forcing.table import ForceTable
from tags.model import Quality
from tags.security.permissions import Role, User
from tests.paths import SIGNALS_PROJECT
from tests.tags.forcing.conftest import Opener

ENGINEER = User("erin", Role.ENGINEER)


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
