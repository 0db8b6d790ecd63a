"""The session store and the range analysis on their own: plans, ids, snapshots, excursions."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tags.address import parse_address
from tags.history.sqlite_store import SqliteHistoryStore
from tags.model import AlarmDef, AlarmKind, DataType, Priority, Quality, TagDef, TagSample
from tags.replay.timeline import EventKind
from tags.simulation.simulator import PlantSimulator
from tags.training.plan import PlannedUpset, plan_key, upset_text, upset_title
from tags.training.ranges import Band, band_of, excursion, excursions, union_seconds
from tags.training.store import SessionRecord, TrainingStore, UnknownSession, UnknownSnapshot

T0 = 1_750_000_000.0


def test_a_planned_upset_is_written_and_read_as_name_at_start_to_stop() -> None:
    assert PlannedUpset.parse("emm-pump-trip@60-600") == PlannedUpset("emm-pump-trip", 60, 600)
    assert PlannedUpset.parse("cwp-feed-change@5").text == "cwp-feed-change@5"
    with pytest.raises(ValueError, match="must be after the start"):
        PlannedUpset.parse("cwp-feed-change@60-30")
    with pytest.raises(ValueError, match="NAME@START"):
        PlannedUpset.parse("cwp-feed-change@soon")
    first = (PlannedUpset("b", 1), PlannedUpset("a", 2, 3))
    assert plan_key(first) == plan_key(reversed(first))
    assert upset_title(upset_text("Raw coal changes", "stop", "trainer")) == "Raw coal changes"


def test_the_store_keeps_sessions_records_and_names_what_it_does_not_hold(
    training_store: TrainingStore,
) -> None:
    with training_store as store:
        with pytest.raises(UnknownSession, match=r"no training session 1 in .* \(no sessions\)"):
            store.session(1)
        facts = {"name": "", "trainer": "tess", "trainee": "olga", "project": "Demo"}
        plan = (PlannedUpset("x", 1.0),)
        made = [
            store.create_session(
                **facts, start=T0 + i, time_factor=5.0, start_state="steady state", plan=plan
            )
            for i in range(4)
        ]
        store.add_records(made[0].id, [SessionRecord(T0 + 2, EventKind.SCREEN, "screen a")])
        ended = store.finish_session(made[0].id, T0 + 9)
        assert ended.end == T0 + 9 and ended.title == "Session 1"
        assert [r.text for r in store.records(1)] == ["screen a"]
        assert store.records(2) == []
        with pytest.raises(UnknownSession, match=r"\(sessions 1-4\)"):
            store.records(7)
        assert [s.id for s in store.sessions()] == [4, 3, 2, 1]


def test_snapshots_are_kept_by_unique_name(training_store: TrainingStore) -> None:
    plant = PlantSimulator(models=("emm",))
    plant.warm_up()
    with training_store as store:
        info = store.save_snapshot(" morning ", plant.snapshot(), user="tess", time=T0)
        assert (info.name, info.user, info.time) == ("morning", "tess", T0)
        with pytest.raises(ValueError, match="named 'morning' exists already"):
            store.save_snapshot("morning", plant.snapshot(), user="tess", time=T0)
        plant.restore(store.load_snapshot("morning"))
        store.delete_snapshot("morning")
        with pytest.raises(UnknownSnapshot, match=r"no snapshot named 'morning' \(snapshots: "):
            store.load_snapshot("morning")


def tag(name: str, **fields: object) -> TagDef:
    source = f"sim://memory/{name}"
    return dataclasses.replace(TagDef(name, source, parse_address(source)), **fields)


def test_a_band_is_the_normal_range_else_the_alarm_limits() -> None:
    assert band_of(tag("A.X", normal_low=1.0, normal_high=2.0)) == Band(1.0, 2.0, "normal range")
    limits = (
        AlarmDef("A.Y", AlarmKind.HIHI, 9.0, Priority.HIGH),
        AlarmDef("A.Y", AlarmKind.LOLO, 1.0, Priority.HIGH),
    )
    assert band_of(tag("A.Y", alarms=limits)) == Band(1.0, 9.0, "alarm limits")
    assert band_of(tag("A.Z")) is None
    assert band_of(tag("A.B", data_type=DataType.BOOL, normal_low=0.0)) is None


def test_time_outside_is_held_between_samples_and_bad_values_do_not_count(
    tmp_path: Path,
) -> None:
    flow = tag("A.FLOW", normal_low=50.0, normal_high=60.0)
    level = tag("A.LEVEL", normal_high=80.0)
    values = [(T0 - 5, 55.0), (T0 + 2, 40.0), (T0 + 4, 20.0), (T0 + 7, 55.0), (T0 + 9, 65.0)]
    records = [("A.FLOW", TagSample(v, Quality.GOOD, t, t)) for t, v in values]
    records += [("A.LEVEL", TagSample(90.0, Quality.GOOD, T0 + 1, T0 + 1))]
    records += [("A.LEVEL", TagSample(None, Quality.BAD_NOT_CONNECTED, T0 + 3, T0 + 3))]
    records += [("A.LEVEL", TagSample(95.0, Quality.GOOD, T0 + 6, T0 + 6))]
    with SqliteHistoryStore(tmp_path / "history.db") as store:
        store.append(records)
        band = band_of(flow)
        assert band is not None
        out = excursion(store, flow, band, T0, T0 + 10)
        assert out is not None
        assert out.intervals == ((T0 + 2, T0 + 7), (T0 + 9, T0 + 10))
        assert (out.first_out, out.back, out.outside_s, out.worst) == (T0 + 2, None, 6.0, 20.0)
        assert excursion(store, flow, band, T0, T0 + 1.5) is None
        found = excursions(store, [flow, level, tag("A.NONE")], T0, T0 + 8)
        assert [e.tag for e in found] == ["A.FLOW", "A.LEVEL"]
        assert found[1].intervals == ((T0 + 1, T0 + 3), (T0 + 6, T0 + 8))
        assert union_seconds(found) == pytest.approx(7.0)  # 1..3, 2..7 and 6..8: 1..8
