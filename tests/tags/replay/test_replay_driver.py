"""The replay driver: seek restores the state, speeds keep pace, pause and step, writes are
refused, next/previous alarm, and the alarm engine re-evaluates replayed values."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import pytest_asyncio

from tags.alarms.engine import AlarmEngine
from tags.clock import ManualClock
from tags.database import TagDatabase
from tags.drivers.base import WriteError
from tags.history.sqlite_store import SqliteHistoryStore
from tags.model import DataType, Quality, TagSample
from tags.replay.alarm_times import LimitCrossings
from tags.replay.driver import REPLAY_REFUSAL, ReplayClock, ReplayDriver, ReplayState
from tags.security.permissions import Role, User
from tags.write_path import WritePath
from tests.tags.history.support import T0, good, memory_tag, sample
from tests.waiting import until

TAGS = {
    "A.B.X": memory_tag("A.B.X", hi=50.0),
    "A.B.RUN": memory_tag("A.B.RUN", data_type=DataType.BOOL),
    "A.B.Z": memory_tag("A.B.Z"),
    "A.B.NEW": memory_tag("A.B.NEW"),  # not in the recording
}


def recording(path: Path) -> None:
    """100 s: X = seconds since T0 (HI alarm at 50), RUN flips at 30 and 60, Z Bad 40-50."""
    records = []
    for i in range(101):
        records.append(("A.B.X", good(float(i), T0 + i)))
    records += [("A.B.RUN", good(v, T0 + t)) for t, v in ((0, True), (30, False), (60, True))]
    records += [
        ("A.B.Z", good(1.0, T0 + 5)),
        ("A.B.Z", sample(None, T0 + 40, Quality.BAD_COMMUNICATION_ERROR, "link down")),
        ("A.B.Z", good(2.0, T0 + 50)),
    ]
    with SqliteHistoryStore(path, durable=False) as store:
        store.append(records)


@dataclass
class FakeJournal:
    times: list[float] = field(default_factory=lambda: [T0 + 20, T0 + 45, T0 + 80])
    calls: list[tuple[float, float]] = field(default_factory=list)

    def alarm_times(self, start: float, end: float) -> Sequence[float]:
        self.calls.append((start, end))
        return [t for t in self.times if start <= t <= end]


@dataclass
class Rig:
    db: TagDatabase
    writes: WritePath
    driver: ReplayDriver
    pace: ManualClock
    batches: list[dict[str, TagSample]]


@pytest_asyncio.fixture
async def rig(tmp_path: Path) -> AsyncIterator[Rig]:
    recording(tmp_path / "rec.db")
    store = SqliteHistoryStore(tmp_path / "rec.db", readonly=True)
    clock = ReplayClock()
    db = TagDatabase(TAGS, clock)
    batches: list[dict[str, TagSample]] = []
    db.subscribe(lambda b: batches.append(dict(b)))
    pace = ManualClock(0.0)
    driver = ReplayDriver(
        store, list(TAGS.values()), db.publish, clock, pace=pace, heartbeat=db.heartbeat,
        alarms=FakeJournal(), tick=3600.0,
    )  # fmt: skip
    await driver.start()
    yield Rig(db, WritePath(db, blocked=REPLAY_REFUSAL), driver, pace, batches)
    await driver.stop()
    store.close()


def values(db: TagDatabase) -> dict[str, object]:
    return {name: db.get(name).value for name in TAGS}


@pytest.mark.asyncio
async def test_start_restores_the_first_moment_paused_and_marks_unrecorded_tags(rig: Rig) -> None:
    driver, db = rig.driver, rig.db
    assert (driver.start_time, driver.end_time) == (T0, T0 + 100)
    assert driver.state is ReplayState.PAUSED and driver.position == T0
    assert values(db) == {"A.B.X": 0.0, "A.B.RUN": True, "A.B.Z": None, "A.B.NEW": None}
    assert db.get("A.B.Z").quality is Quality.BAD_WAITING_FOR_INITIAL_DATA
    assert (db.get("A.B.NEW").quality, db.get("A.B.NEW").reason) == (
        Quality.BAD_NO_COMMUNICATION,
        "not in this recording",
    )
    assert db.clock.now() == T0


@pytest.mark.asyncio
async def test_seek_restores_the_recorded_state_at_that_time_forwards_and_back(rig: Rig) -> None:
    driver, db = rig.driver, rig.db
    await driver.seek(T0 + 45.5)
    assert values(db) == {"A.B.X": 45.0, "A.B.RUN": False, "A.B.Z": None, "A.B.NEW": None}
    assert (db.get("A.B.Z").quality, db.get("A.B.Z").reason) == (
        Quality.BAD_COMMUNICATION_ERROR,
        "link down",
    )
    assert db.clock.now() == T0 + 45.5 and not db.is_stale("A.B.RUN")
    await driver.seek(T0 + 2)
    assert values(db)["A.B.X"] == 2.0 and values(db)["A.B.RUN"] is True
    assert db.get("A.B.Z").quality is Quality.BAD_WAITING_FOR_INITIAL_DATA
    assert await driver.seek(T0 + 999) == T0 + 100  # clamped to the range


@pytest.mark.asyncio
@pytest.mark.parametrize("speed", [0.25, 1.0, 4.0, 64.0])
async def test_each_speed_keeps_pace_with_the_wall_clock(rig: Rig, speed: float) -> None:
    driver = rig.driver
    driver.set_speed(speed)
    driver.play()
    for _ in range(10):
        rig.pace.advance(0.1)
        await driver.advance()
        assert driver.lag() == 0.0
    assert driver.position == pytest.approx(min(T0 + speed, T0 + 100))
    assert rig.db.clock.now() == driver.position


@pytest.mark.asyncio
async def test_playing_publishes_every_recorded_sample_in_time_order(rig: Rig) -> None:
    driver = rig.driver
    rig.batches.clear()
    driver.set_speed(64.0)
    driver.play()
    rig.pace.advance(0.625)  # 40 s of history in one tick
    assert await driver.advance() == 40 + 1 + 2  # X 1..40, RUN at 30, Z at 5 and 40
    times = [s.server_time for b in rig.batches for s in b.values()]
    assert times == sorted(times)
    assert [b["A.B.X"].value for b in rig.batches if "A.B.X" in b] == [
        float(i) for i in range(1, 41)
    ]
    assert all(len(b) == len(set(b)) for b in rig.batches)
    assert driver.position == T0 + 40


@pytest.mark.asyncio
async def test_a_late_tick_catches_up_at_most_a_second_and_shows_the_lag(rig: Rig) -> None:
    driver = rig.driver
    driver.set_speed(4.0)
    driver.play()
    rig.pace.advance(10)  # the loop was blocked for 10 s
    await driver.advance()
    assert driver.position == T0 + 4 and driver.lag() == pytest.approx(36.0)
    for _ in range(9):
        await driver.advance()
    assert driver.position == T0 + 40 and driver.lag() == 0.0


@pytest.mark.asyncio
async def test_speed_outside_the_range_is_refused(rig: Rig) -> None:
    for bad in (0.1, 65.0, float("nan")):
        with pytest.raises(ValueError, match=r"0\.25x to 64x"):
            rig.driver.set_speed(bad)


@pytest.mark.asyncio
async def test_pause_holds_the_position_and_play_resumes_without_a_jump(rig: Rig) -> None:
    driver = rig.driver
    driver.play()
    for _ in range(10):
        rig.pace.advance(1)
        await driver.advance()
    driver.pause()
    rig.pace.advance(30)
    assert await driver.advance() == 0 and driver.position == T0 + 10
    driver.play()
    rig.pace.advance(1)
    await driver.advance()
    assert driver.position == T0 + 11


@pytest.mark.asyncio
async def test_step_goes_to_the_next_sample_or_by_seconds_and_pauses(rig: Rig) -> None:
    driver = rig.driver
    driver.play()
    assert await driver.step() == T0 + 1
    assert driver.state is ReplayState.PAUSED
    assert await driver.step(10) == T0 + 11 and rig.db.get("A.B.X").value == 11.0
    assert await driver.step(-6) == T0 + 5 and rig.db.get("A.B.X").value == 5.0


@pytest.mark.asyncio
async def test_playing_to_the_end_stops_there(rig: Rig) -> None:
    driver = rig.driver
    driver.set_speed(64)
    driver.play()
    rig.pace.advance(2)
    await driver.advance()  # a second's worth (64 s) per step at most
    states = [driver.state]
    await driver.advance()
    states.append(driver.state)
    await driver.seek(T0 + 50)
    states.append(driver.state)
    assert states == [ReplayState.PLAYING, ReplayState.ENDED, ReplayState.PAUSED]
    assert driver.position == T0 + 50


@pytest.mark.asyncio
async def test_writes_are_refused_with_the_reason_replay_mode(rig: Rig) -> None:
    operator = User("op", Role.OPERATOR)
    result = await rig.writes.write("A.B.X", 3.0, user=operator, reason="test")
    assert not result.ok and result.reason == "replay mode"
    with pytest.raises(WriteError, match="replay mode"):
        await rig.driver.write(TAGS["A.B.X"], 3.0)


@pytest.mark.asyncio
async def test_next_and_previous_alarm_jump_through_the_journal(rig: Rig) -> None:
    driver = rig.driver
    assert await driver.next_alarm() == T0 + 20 and driver.position == T0 + 20
    assert rig.db.get("A.B.X").value == 20.0
    assert await driver.next_alarm() == T0 + 45
    assert await driver.previous_alarm() == T0 + 20
    assert await driver.previous_alarm() is None and driver.position == T0 + 20
    assert await driver.next_alarm(lead=5) == T0 + 45 and driver.position == T0 + 40
    assert await driver.next_alarm(lead=5) == T0 + 80
    await driver.seek(T0 + 90)
    assert await driver.next_alarm() is None and driver.position == T0 + 90


@pytest.mark.asyncio
async def test_the_replay_task_paces_itself_by_the_pace_clock(tmp_path: Path) -> None:
    recording(tmp_path / "rec.db")
    with SqliteHistoryStore(tmp_path / "rec.db", readonly=True) as store:
        clock, pace = ReplayClock(), ManualClock()
        db = TagDatabase(TAGS, clock)
        driver = ReplayDriver(store, list(TAGS.values()), db.publish, clock, tick=0.02, pace=pace)
        await driver.start()
        driver.set_speed(64)
        driver.play()
        pace.advance(0.5)
        await until(lambda: driver.position > T0)  # the task's next step
        assert driver.position - T0 == 32.0  # 0.5 s x 64 = 32 s of history
        await driver.stop()


def test_limit_crossings_find_where_a_value_went_beyond_its_alarm_limit(tmp_path: Path) -> None:
    path = tmp_path / "rec.db"
    with SqliteHistoryStore(path, durable=False) as store:
        square = [60.0 if (i // 20) % 4 == 1 else 40.0 for i in range(400)]  # HI is 50
        store.append([("A.B.X", good(v, T0 + i)) for i, v in enumerate(square)])
        found = LimitCrossings.scan(store, TAGS.values(), T0, T0 + 400)
    assert found.alarm_times(T0, T0 + 400) == [T0 + t for t in (20, 100, 180, 260, 340)]
    assert found.alarm_times(T0 + 21, T0 + 180) == [T0 + 100, T0 + 180]


@pytest.mark.asyncio
async def test_without_a_journal_the_replay_jumps_to_limit_crossings(tmp_path: Path) -> None:
    recording(tmp_path / "rec.db")
    with SqliteHistoryStore(tmp_path / "rec.db", readonly=True) as store:
        clock = ReplayClock()
        db = TagDatabase(TAGS, clock)
        driver = ReplayDriver(store, list(TAGS.values()), db.publish, clock, pace=ManualClock())
        await driver.start()
        assert await driver.next_alarm() == T0 + 51  # X went from 50 to 51 > HI 50
        await driver.stop()


@pytest.mark.asyncio
async def test_the_alarm_engine_re_evaluates_replayed_values(rig: Rig) -> None:
    engine = AlarmEngine(rig.db.tags, rig.db.clock)
    engine.attach(rig.db)
    assert not engine.active()
    await rig.driver.seek(T0 + 60)
    assert [a.tag for a in engine.active()] == ["A.B.X"]
    await rig.driver.seek(T0 + 10)
    engine.tick()
    assert not [a for a in engine.active() if a.active]
    engine.detach()


def test_the_replay_clock_never_runs_its_monotonic_time_backwards() -> None:
    clock = ReplayClock(100.0)
    clock.move_to(110.0)
    clock.move_to(50.0)
    clock.move_to(55.0)
    assert (clock.now(), clock.monotonic()) == (55.0, 15.0)
