"""The sim:// driver's signal generators and memory tags (plant models are tested elsewhere)."""

from __future__ import annotations

import asyncio

import pytest

from tags.address import parse_address
from tags.clock import ManualClock, SystemClock
from tags.config.project import Project, load_project
from tags.drivers.base import ConnectionState, WriteError
from tags.drivers.simulated import SimulatedDriver
from tags.model import Batch, DataType, Quality, TagDef, TagSample
from tests.paths import SIGNALS_PROJECT
from tests.waiting import until


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(SIGNALS_PROJECT)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(1_750_000_000.0)


@pytest.fixture
def batches() -> list[Batch]:
    return []


@pytest.fixture
def driver(project: Project, clock: ManualClock, batches: list[Batch]) -> SimulatedDriver:
    return SimulatedDriver(project.connections, list(project.tags.values()), batches.append, clock)


def sim_tag(name: str, source: str, data_type: DataType = DataType.FLOAT) -> TagDef:
    return TagDef(name, source, parse_address(source), data_type)


def test_sample_now_publishes_one_good_batch_stamped_with_the_clock(
    driver: SimulatedDriver, project: Project, clock: ManualClock, batches: list[Batch]
) -> None:
    driver.sample_now(list(project.tags.values()))
    assert len(batches) == 1
    (batch,) = batches
    assert set(batch) == set(project.tags)
    for name, sample in batch.items():
        assert sample.quality is Quality.GOOD, name
        assert sample.source_time == sample.server_time == clock.now()
        assert sample.reason == ""


def test_samples_carry_the_python_type_of_the_tag(
    driver: SimulatedDriver, project: Project, batches: list[Batch]
) -> None:
    driver.sample_now(list(project.tags.values()))
    values = {name: sample.value for name, sample in batches[0].items()}
    assert type(values["TST.GEN.SINE"]) is float
    assert type(values["TST.GEN.RAMP"]) is float
    assert type(values["TST.GEN.WALK"]) is float
    assert type(values["TST.GEN.SQUARE"]) is bool
    assert values["TST.GEN.CONST"] == 42
    assert type(values["TST.GEN.CONST"]) is int
    assert values["TST.FIC1.SP"] == 50.0
    assert type(values["TST.FIC1.SP"]) is float
    assert values["TST.FIC1.MODE"] == 1
    assert type(values["TST.FIC1.MODE"]) is int
    assert values["TST.LABEL"] == "none"


def test_signal_values_follow_the_clock(
    driver: SimulatedDriver, project: Project, clock: ManualClock, batches: list[Batch]
) -> None:
    ramp = project.tags["TST.GEN.RAMP"]  # 0..10 over 10 s; the clock starts on a period
    driver.sample_now([ramp])
    clock.advance(2.5)
    driver.sample_now([ramp])
    clock.advance(5)
    driver.sample_now([ramp])
    assert [b["TST.GEN.RAMP"].value for b in batches] == pytest.approx([0.0, 2.5, 7.5])
    assert batches[1]["TST.GEN.RAMP"].source_time == clock.now() - 5


def test_sample_now_publishes_only_the_tags_asked_for(
    driver: SimulatedDriver, project: Project, batches: list[Batch]
) -> None:
    driver.sample_now([project.tags["TST.GEN.CONST"], project.tags["TST.LABEL"]])
    assert set(batches[0]) == {"TST.GEN.CONST", "TST.LABEL"}


def test_memory_tag_follows_a_write_and_publishes_it_at_once(
    driver: SimulatedDriver, project: Project, batches: list[Batch]
) -> None:
    setpoint = project.tags["TST.FIC1.SP"]
    asyncio.run(driver.write(setpoint, 62.5))
    assert len(batches) == 1
    assert batches[0]["TST.FIC1.SP"].value == 62.5
    assert batches[0]["TST.FIC1.SP"].quality is Quality.GOOD
    driver.sample_now([setpoint])
    assert batches[-1]["TST.FIC1.SP"].value == 62.5


def test_text_memory_tag_follows_a_write(
    driver: SimulatedDriver, project: Project, batches: list[Batch]
) -> None:
    asyncio.run(driver.write(project.tags["TST.LABEL"], "BATCH-7"))
    assert batches[-1]["TST.LABEL"].value == "BATCH-7"


def test_tags_sharing_a_memory_point_all_publish_the_write(
    clock: ManualClock, batches: list[Batch]
) -> None:
    a = sim_tag("TST.A.SP", "sim://memory/SHARED?initial=1")
    b = sim_tag("TST.B.SP", "sim://memory/SHARED")
    other = sim_tag("TST.C.SP", "sim://memory/OTHER")
    driver = SimulatedDriver({}, [a, b, other], batches.append, clock)
    asyncio.run(driver.write(a, 9.0))
    assert {name: s.value for name, s in batches[-1].items()} == {"TST.A.SP": 9.0, "TST.B.SP": 9.0}


def test_memory_tag_without_initial_starts_at_zero(
    clock: ManualClock, batches: list[Batch]
) -> None:
    tag = sim_tag("TST.A.SP", "sim://memory/A")
    SimulatedDriver({}, [tag], batches.append, clock).sample_now([tag])
    assert batches[0]["TST.A.SP"] == TagSample(0.0, Quality.GOOD, clock.now(), clock.now())


@pytest.mark.parametrize(
    ("data_type", "initial", "expected"),
    [
        (DataType.STRING, "42", "42"),
        (DataType.BOOL, "true", True),
        (DataType.BOOL, "1", True),
        (DataType.INT, "7", 7),
    ],
)
def test_memory_initial_value_takes_the_type_of_the_tag(
    clock: ManualClock, batches: list[Batch], data_type: DataType, initial: str, expected: object
) -> None:
    tag = sim_tag("TST.A.X", f"sim://memory/A?initial={initial}", data_type)
    SimulatedDriver({}, [tag], batches.append, clock).sample_now([tag])
    value = batches[0]["TST.A.X"].value
    assert value == expected
    assert type(value) is type(expected)


def test_memory_initial_value_that_does_not_fit_the_tag_is_a_configuration_error(
    clock: ManualClock, batches: list[Batch]
) -> None:
    tag = sim_tag("TST.A.PV", "sim://memory/A?initial=abc", DataType.FLOAT)
    SimulatedDriver({}, [tag], batches.append, clock).sample_now([tag])
    sample = batches[0]["TST.A.PV"]
    assert sample.quality is Quality.BAD_CONFIGURATION_ERROR
    assert "abc" in sample.reason


def test_writing_a_signal_tag_is_refused(
    driver: SimulatedDriver, project: Project, batches: list[Batch]
) -> None:
    with pytest.raises(WriteError) as error:
        asyncio.run(driver.write(project.tags["TST.GEN.SINE"], 12.0))
    assert error.value.reason == "TST.GEN.SINE is a signal generator and cannot be written"
    assert error.value.quality is Quality.BAD_CONFIGURATION_ERROR
    assert batches == []


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        (
            "sim://signal/triangle?period=5",
            "unknown signal shape 'triangle' (known: constant, ramp, sine, square, random_walk)",
        ),
        ("sim://signal/sine?period=0", "sine: period must be above 0"),
        ("sim://signal/ramp?speed=2", "ramp has no parameter 'speed' (known: low, high, period)"),
    ],
)
def test_bad_signal_uri_gives_a_configuration_error_sample_with_the_reason(
    clock: ManualClock, batches: list[Batch], source: str, reason: str
) -> None:
    broken = sim_tag("TST.BAD.PV", source)
    fine = sim_tag("TST.OK.PV", "sim://signal/constant?value=3")
    SimulatedDriver({}, [broken, fine], batches.append, clock).sample_now([broken, fine])
    assert batches[0]["TST.BAD.PV"] == TagSample(
        None, Quality.BAD_CONFIGURATION_ERROR, clock.now(), clock.now(), reason
    )
    assert batches[0]["TST.OK.PV"].value == 3.0


def test_tags_of_other_schemes_are_ignored(clock: ManualClock, batches: list[Batch]) -> None:
    sim = sim_tag("TST.A.PV", "sim://signal/constant?value=1")
    opcua = sim_tag("TST.B.PV", "opcua://dcs/ns=2;s=B")
    driver = SimulatedDriver({}, [sim, opcua], batches.append, clock)
    assert driver.status()[0].tag_count == 1
    assert not driver.uses_plant()


def test_start_publishes_at_once_scans_and_stop_leaves_no_tasks(
    project: Project, batches: list[Batch]
) -> None:
    async def scenario() -> None:
        before = asyncio.all_tasks()
        driver = SimulatedDriver(
            project.connections, list(project.tags.values()), batches.append, SystemClock()
        )
        await driver.start()
        assert len(batches) == 1
        assert set(batches[0]) == set(project.tags)
        assert driver.status()[0].state is ConnectionState.CONNECTED
        await until(lambda: any("TST.GEN.SINE" in b for b in batches[1:]))  # a fast scan
        await driver.stop()
        assert asyncio.all_tasks() == before
        assert driver.status()[0].state is ConnectionState.STOPPED
        published = len(batches)
        await asyncio.sleep(0.3)  # watching: a fast scan (0.25 s) left running would publish
        assert len(batches) == published

    asyncio.run(scenario())


def test_status_names_the_models_in_use(driver: SimulatedDriver) -> None:
    (status,) = driver.status()
    assert (status.name, status.kind, status.endpoint) == ("simulator", "sim", "in-process")
    assert status.detail == "in-process: memory, signal"
    assert status.tag_count == 8
    assert status.state is ConnectionState.STOPPED


def test_tags_with_the_same_signal_share_a_generator_but_random_walks_keep_their_own(
    clock: ManualClock, batches: list[Batch]
) -> None:
    sine = "sim://signal/sine?low=0&high=10&period=20"
    same = "sim://signal/sine?period=20&high=10&low=0"  # the same parameters, another order
    walk = "sim://signal/random_walk?low=0&high=10&step=1&seed=3"
    tags = [sim_tag("TST.A.PV", sine), sim_tag("TST.B.PV", same), sim_tag("TST.C.PV", sine),
            sim_tag("TST.W1.PV", walk), sim_tag("TST.W2.PV", walk)]  # fmt: skip
    driver = SimulatedDriver({}, tags, batches.append, clock)
    signals = driver._signals
    assert signals["TST.A.PV"] is signals["TST.B.PV"] is signals["TST.C.PV"]
    assert signals["TST.W1.PV"] is not signals["TST.W2.PV"]
    for _ in range(3):
        clock.advance(1.0)
        driver.sample_now(tags)
    last = batches[-1]
    assert last["TST.A.PV"].value == last["TST.B.PV"].value == last["TST.C.PV"].value
    assert last["TST.W1.PV"].value == last["TST.W2.PV"].value  # each walked its own steps
