"""The implicit bad-quality alarm made when first needed: the same alarm as one made up front."""

from __future__ import annotations

from tags.alarms.alarm_index import AlarmIndex
from tags.alarms.engine import AlarmState
from tags.alarms.quality_alarm import LATENT, quality_alarm
from tags.alarms.settings import AlarmSettings
from tags.model import AlarmDef, AlarmKind, Priority, Quality
from tests.tags.alarms.bench import OPERATOR, SUPERVISOR, alarm, tag
from tests.tags.alarms.conftest import MakeBench

PV = "TST.PT1.PV"
QUALITY = f"{PV}.BAD_QUALITY"


def test_the_definition_built_from_the_tag_is_the_one_made_up_front() -> None:
    settings = AlarmSettings(bad_quality_priority=Priority.MEDIUM, bad_quality_delay=2.0)
    pressure = tag(PV, alarm(PV, AlarmKind.HI, 90))
    assert quality_alarm(pressure, settings) == AlarmDef(
        tag=PV,
        kind=AlarmKind.BAD_QUALITY,
        limit=None,
        priority=Priority.MEDIUM,
        on_delay=2.0,
        message=f"{PV}: value not usable (bad quality)",
        message_zh=f"{PV}：值不可用（坏质量）",
        area="TST",
    )
    described = tag(PV, alarm(PV, AlarmKind.HI, 90))
    described = type(described)(**{**_fields(described), "description": "Header pressure"})
    assert quality_alarm(described, settings).message == (
        "Header pressure: value not usable (bad quality)"
    )
    assert quality_alarm(pressure, settings).name == QUALITY


def _fields(definition: object) -> dict[str, object]:
    return {name: getattr(definition, name) for name in definition.__slots__}  # type: ignore[attr-defined]


def test_an_index_makes_no_quality_alarm_until_one_is_needed() -> None:
    tags = {f"TST.PT{i}.PV": tag(f"TST.PT{i}.PV", alarm(f"TST.PT{i}.PV", AlarmKind.HI, 90))
            for i in range(100)}  # fmt: skip
    tags["TST.PLAIN"] = tag("TST.PLAIN")
    index = AlarmIndex(tags, AlarmSettings())
    assert len(index.alarms) == 100  # the HI alarms only
    assert len(index) == 200
    assert sorted(index.names) == sorted(
        [f"TST.PT{i}.PV.HI" for i in range(100)] + [f"TST.PT{i}.PV.BAD_QUALITY" for i in range(100)]
    )
    assert "TST.PLAIN" not in index.watched
    assert index.peek("TST.PT7.PV.BAD_QUALITY") is not None
    assert index.quality["TST.PT7.PV"] is LATENT  # looked at, not kept
    made = index.find("TST.PT7.PV.BAD_QUALITY")
    assert made is not None and index.quality["TST.PT7.PV"] is made
    assert index.find("TST.PT7.PV.BAD_QUALITY") is made
    assert len(index.alarms) == 101 and len(index) == 200
    assert index.find("TST.PLAIN.BAD_QUALITY") is None
    assert index.peek("TST.PT7.PV.NOPE") is None


def test_a_tag_with_its_own_quality_alarm_keeps_it(make_bench: MakeBench) -> None:
    own = alarm(PV, AlarmKind.BAD_QUALITY, priority=Priority.HIGH)
    bench = make_bench(tag(PV, alarm(PV, AlarmKind.HI, 90), own))
    assert bench.engine.alarm(QUALITY).priority is Priority.HIGH
    assert bench.engine.names.count(QUALITY) == 1


def test_a_latent_quality_alarm_shows_normal_with_its_definition(make_bench: MakeBench) -> None:
    bench = make_bench(tag(PV, alarm(PV, AlarmKind.HI, 90)), bad_quality_priority=Priority.MEDIUM)
    assert set(bench.engine.names) == {f"{PV}.HI", QUALITY}
    view = bench.engine.alarm(QUALITY)
    assert (view.state, view.priority, view.area, view.kind) == (
        AlarmState.NORMAL, Priority.MEDIUM, "TST", AlarmKind.BAD_QUALITY
    )  # fmt: skip
    assert view.message == f"{PV}: value not usable (bad quality)"


def test_a_bad_value_raises_it_after_the_delay_and_journals_its_message(
    make_bench: MakeBench,
) -> None:
    bench = make_bench(tag(PV, alarm(PV, AlarmKind.HI, 90)), bad_quality_delay=2.0)
    bench.set({PV: 50.0})
    bench.bad(PV)
    assert bench.state(QUALITY) is AlarmState.NORMAL  # waiting for the delay
    bench.advance(2.0)
    assert bench.active_names() == [QUALITY]
    bench.engine.acknowledge(QUALITY, user=OPERATOR)
    bench.set({PV: 50.0})
    assert bench.state(QUALITY) is AlarmState.NORMAL
    entries = bench.journal.query(alarm=QUALITY, newest_first=False)
    assert [(e.event.value, e.message) for e in entries] == [
        ("active", f"{PV}: value not usable (bad quality)"),
        ("ack", f"{PV}: value not usable (bad quality)"),
        ("cleared", f"{PV}: value not usable (bad quality)"),
    ]


def test_waiting_for_initial_data_raises_no_quality_alarm(make_bench: MakeBench) -> None:
    bench = make_bench(tag(PV, alarm(PV, AlarmKind.HI, 90)))
    bench.set({PV: None}, Quality.BAD_WAITING_FOR_INITIAL_DATA)
    bench.advance(60.0)
    assert bench.active_names() == []


def test_a_latent_quality_alarm_can_be_taken_out_of_service(make_bench: MakeBench) -> None:
    bench = make_bench(tag(PV, alarm(PV, AlarmKind.HI, 90)))
    bench.engine.set_out_of_service(QUALITY, user=SUPERVISOR, reason="transmitter replaced")
    assert bench.state(QUALITY) is AlarmState.OUT_OF_SERVICE
    bench.bad(PV)
    bench.advance(10.0)
    assert bench.active_names() == []
    assert [v.name for v in bench.engine.out_of_service()] == [QUALITY]


def test_counts_cover_the_area_of_a_tag_whose_alarms_are_elsewhere(
    make_bench: MakeBench,
) -> None:
    elsewhere = AlarmDef(tag=PV, kind=AlarmKind.HI, limit=90.0, priority=Priority.LOW, area="CWP")
    bench = make_bench(tag(PV, elsewhere))
    assert set(bench.engine.counts()) == {"CWP", "TST"}  # TST: the tag's quality alarm


def test_not_normal_lists_every_alarm_not_normal_and_nothing_else(make_bench: MakeBench) -> None:
    other = "TST.PT2.PV"
    bench = make_bench(
        tag(PV, alarm(PV, AlarmKind.HI, 90)), tag(other, alarm(other, AlarmKind.HI, 90))
    )
    assert bench.engine.not_normal() == []
    bench.set({PV: 95.0, other: 50.0})
    bench.engine.set_out_of_service(f"{other}.BAD_QUALITY", user=SUPERVISOR, reason="replaced")
    states = {view.name: view.state for view in bench.engine.not_normal()}
    assert states == {
        f"{PV}.HI": AlarmState.ACTIVE_UNACK,
        f"{other}.BAD_QUALITY": AlarmState.OUT_OF_SERVICE,
    }
