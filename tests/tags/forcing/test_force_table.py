"""Forced values in the engine: the database shows the forced sample (Good_LocalOverride, the
reason saying by whom and until when) and holds the field's; alarms and the historian see
it; field writes are refused while it lasts; forces are audited, stored and expire."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tags.address import Scheme
from tags.alarms.engine import AlarmEngine
from tags.alarms.state import AlarmKind
from tags.clock import ManualClock, SystemClock
from tags.config.project import Project, load_project
from tags.database import TagDatabase
from tags.drivers.simulated import SimulatedDriver
from tags.forcing.force import FORCED_QUALITY
from tags.forcing.store import SqliteForceStore
from tags.forcing.table import ForceRefused, ForceTable
from tags.history.historian import Historian
from tags.model import Quality, TagSample
from tags.security.audit import AuditTrail
from tags.security.permissions import Role, User
from tags.write_path import WritePath, WriteStatus
from tests.paths import SIGNALS_PROJECT

ENGINEER = User("erin", Role.ENGINEER)
OPERATOR = User("olga", Role.OPERATOR)
SINE = "TST.GEN.SINE"
SP = "TST.FIC1.SP"


@pytest.fixture
def project() -> Project:
    return load_project(SIGNALS_PROJECT)


class Bench:
    """A tag database on a manual clock with a force table on a SQLite store and trail."""

    def __init__(self, project: Project, folder: Path, clock: ManualClock) -> None:
        self.clock = clock
        self.db = TagDatabase(project.tags, clock)
        self.store = SqliteForceStore.in_data_dir(folder)
        self.audit = AuditTrail(folder / "audit.db", clock)
        self.forces = ForceTable(self.db, self.store, self.audit)

    def field(self, name: str, value: float) -> None:
        now = self.clock.now()
        self.db.publish({name: TagSample(value, Quality.GOOD, now, now)})

    def close(self) -> None:
        self.store.close()
        self.audit.close()


@pytest.fixture
def bench(project: Project, tmp_path: Path) -> Iterator[Bench]:
    made = Bench(project, tmp_path, ManualClock())
    yield made
    made.close()


def test_a_forced_tag_shows_the_value_with_override_quality_and_holds_the_field(
    bench: Bench,
) -> None:
    bench.field(SINE, 40.0)
    force = bench.forces.force(SINE, "77.5", user=ENGINEER, reason="transmitter not wired",
                               minutes=30)  # fmt: skip
    shown = bench.db.get(SINE)
    assert (shown.value, shown.quality) == (77.5, Quality.GOOD_LOCAL_OVERRIDE)
    assert shown.quality is FORCED_QUALITY and shown.is_good
    assert shown.reason.startswith("forced by erin until ")
    assert shown.reason.endswith(": transmitter not wired")
    assert force.until == bench.clock.now() + 1800
    bench.clock.advance(1)
    bench.field(SINE, 41.0)  # the driver keeps sending: held, not shown
    assert bench.db.get(SINE).value == 77.5
    held = bench.db.held(SINE)
    assert held is not None and held.value == 41.0
    bench.clock.advance(60)
    assert SINE not in bench.db.check_stale()  # nothing updates a force: never stale
    assert [f.tag for f in bench.forces.forces()] == [SINE] and bench.forces.count == 1
    bench.forces.release(SINE, user=ENGINEER, reason="wired")
    back = bench.db.get(SINE)
    assert (back.value, back.quality) == (41.0, Quality.GOOD)
    assert bench.forces.count == 0 and not bench.db.is_substituted(SINE)


def test_alarms_evaluate_the_forced_value(bench: Bench, project: Project) -> None:
    alarms = AlarmEngine.from_project(project, bench.clock)
    alarms.attach(bench.db)
    try:
        bench.field(SINE, 50.0)
        assert alarms.active() == []
        bench.forces.force(SINE, 99.5, user=ENGINEER, reason="test the HIHI")
        kinds = {view.kind for view in alarms.active() if view.tag == SINE}
        assert AlarmKind.HIHI in kinds
        bench.field(SINE, 50.0)  # the field's value, held: the alarm stands
        assert any(view.tag == SINE for view in alarms.active())
    finally:
        alarms.detach()


def test_the_historian_records_the_forced_value_with_its_quality(
    project: Project, tmp_path: Path
) -> None:
    async def scenario() -> list[TagSample]:
        clock = SystemClock()
        db = TagDatabase(project.tags, clock)
        historian = Historian.sqlite(db, tmp_path / "history.db")
        with SqliteForceStore.in_data_dir(tmp_path) as store:
            forces = ForceTable(db, store)
            await historian.start(tasks=False)
            try:
                start = clock.now() - 1
                now = clock.now()
                db.publish({SINE: TagSample(20.0, Quality.GOOD, now, now)})
                forces.force(SINE, 66.0, user=ENGINEER, reason="loop check")
                await historian.flush()
                return await historian.raw(SINE, start, clock.now() + 1)
            finally:
                await historian.stop()

    rows = asyncio.run(scenario())
    assert [(r.value, r.quality) for r in rows][-1] == (66.0, Quality.GOOD_LOCAL_OVERRIDE)
    assert (20.0, Quality.GOOD) in [(r.value, r.quality) for r in rows]


def test_a_field_write_is_refused_while_forced_and_goes_out_after_release(
    project: Project, tmp_path: Path
) -> None:
    async def scenario() -> tuple[str, WriteStatus, WriteStatus]:
        db = TagDatabase(project.tags, SystemClock())
        with (
            AuditTrail(tmp_path / "audit.db", SystemClock()) as audit,
            SqliteForceStore(tmp_path / "forces.db") as store,
        ):
            writes = WritePath(db, audit=audit, readback_timeout=2.0)
            sim = SimulatedDriver({}, list(project.tags.values()), db.publish, db.clock)
            writes.attach_driver(Scheme.SIM, sim)
            forces = ForceTable(db, store, audit)
            await sim.start()
            try:
                await db.wait_for_sample(SP, lambda s: s.quality is Quality.GOOD)
                forces.force(SP, 45, user=ENGINEER, reason="hold the setpoint")
                refused = await writes.write(SP, 60, user=OPERATOR, reason="step")
                forces.release(SP, user=ENGINEER, reason="done")
                after = await writes.write(SP, 60, user=OPERATOR, reason="step")
            finally:
                await sim.stop()
            (record,) = audit.query(action="write_refused")
            assert record.result == f"refused: {refused.reason}"
        return refused.reason, refused.status, after.status

    reason, refused, after = asyncio.run(scenario())
    assert refused is WriteStatus.REFUSED
    assert reason.startswith(f"{SP} is forced (forced by erin until released: hold the setpoint)")
    assert "release the force" in reason
    assert after is WriteStatus.CONFIRMED


def test_a_force_expires_by_itself_at_its_expiry(bench: Bench) -> None:
    bench.field(SINE, 30.0)
    bench.forces.force(SINE, 80, user=ENGINEER, reason="five minutes", minutes=5)
    bench.clock.advance(299)
    assert bench.forces.expire() == []
    assert bench.db.get(SINE).value == 80
    bench.clock.advance(1)
    (expired,) = bench.forces.expire()
    assert expired.tag == SINE and bench.forces.count == 0
    assert bench.db.get(SINE).value == 30.0
    assert bench.store.all() == []
    (record,) = bench.audit.query(action="force_expired")
    assert (record.user, record.tag, record.new, record.result) == ("erin", SINE, "80.0", "expired")


def test_force_and_release_are_audited_with_user_reason_value_and_expiry(bench: Bench) -> None:
    bench.field(SINE, 12.5)
    force = bench.forces.force(SINE, 55, user=ENGINEER, reason="not wired", minutes=10,
                               workstation="ews-1")  # fmt: skip
    bench.forces.release(SINE, user=User("ed", Role.ADMIN), reason="wired now")
    (forced,) = bench.audit.query(action="force")
    assert (forced.user, forced.tag, forced.old, forced.new, forced.unit) == (
        "erin", SINE, "12.5", "55.0", "%",
    )  # fmt: skip
    assert (forced.reason, forced.workstation, forced.result) == ("not wired", "ews-1", "forced")
    assert force.until is not None and forced.detail.startswith("forced by erin until 20")
    (released,) = bench.audit.query(action="force_release")
    assert (released.user, released.tag, released.new, released.reason) == (
        "ed", SINE, "55.0", "wired now",
    )  # fmt: skip
    assert bench.audit.verify().ok


def test_an_operator_may_not_force_and_the_refusal_is_audited(bench: Bench) -> None:
    with pytest.raises(ForceRefused, match="operator 'olga' may not force values in area TST"):
        bench.forces.force(SINE, 50, user=OPERATOR, reason="try")
    assert bench.forces.count == 0 and not bench.db.is_substituted(SINE)
    (record,) = bench.audit.query(action="force_refused")
    assert record.user == "olga" and "may not force values" in record.result
    bench.forces.force(SINE, 50, user=ENGINEER, reason="ok")
    with pytest.raises(ForceRefused, match="may not force values"):
        bench.forces.release(SINE, user=OPERATOR, reason="try")
    assert bench.forces.count == 1


@pytest.mark.parametrize(
    ("name", "value", "reason", "minutes", "message"),
    [
        ("TST.NOPE", 1, "r", None, "unknown tag 'TST.NOPE'"),
        (SINE, "lots", "r", None, "value: 'lots' is not a value of TST.GEN.SINE"),
        (SINE, 120, "r", None, "120.00 % is above TST.GEN.SINE's range 100.00 %"),
        (SINE, -1, "r", None, "is below TST.GEN.SINE's range"),
        ("TST.GEN.SQUARE", 7, "r", None, "value: TST.GEN.SQUARE takes 0/1"),
        (SINE, 5, "  ", None, "a force needs a reason"),
        (SINE, 5, "r", 0, "--for must be more than 0"),
    ],
)
def test_bad_input_is_refused_naming_what(
    bench: Bench, name: str, value: object, reason: str, minutes: float | None, message: str
) -> None:
    with pytest.raises(ForceRefused, match=re.escape(message)):
        bench.forces.force(name, value, user=ENGINEER, reason=reason, minutes=minutes)  # type: ignore[arg-type]
    assert bench.forces.count == 0
