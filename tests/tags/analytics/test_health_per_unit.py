"""Instrument health of equipment that is off, of a deadband-compressed history, and per unit."""

from __future__ import annotations

from tags.address import parse_address
from tags.analytics.config import HealthSettings, parse_analytics
from tags.analytics.instrument_health import Check, InstrumentHealth, InstrumentIssue, Severity
from tags.analytics.issue_groups import group_issues, group_name
from tags.clock import ManualClock
from tags.config.problems import ProblemLog
from tags.model import AlarmDef, AlarmKind, DataType, Priority, Quality, TagDef, TagSample

START = 1_750_000_000.0


def tag(name: str, span: tuple[float, float], *, off_when: str = "") -> TagDef:
    source = f"sim://memory/{name}"
    alarms = ()
    if off_when:
        alarms = (AlarmDef(f"{name}.LO", name, AlarmKind.LO, 3.6, Priority.LOW,
                           suppress_when=(off_when,)),)  # fmt: skip
    return TagDef(
        name, source, parse_address(source), unit="V", area=name.split(".")[0],
        eng_low=span[0], eng_high=span[1], alarms=alarms, scan_period=1.0,
    )  # fmt: skip


def sample(value: float, t: float) -> TagSample:
    return TagSample(value, Quality.GOOD, t, t)


CELL = "EMM.CELL.S01.C01.U"
CURRENT = "EMM.RECT1.IDC"


def cell_house() -> tuple[InstrumentHealth, ManualClock]:
    tags = {
        CELL: tag(CELL, (0.0, 6.0), off_when=f"{CURRENT} < 1"),
        CURRENT: TagDef(CURRENT, "sim://memory/i", parse_address("sim://memory/i"),
                        data_type=DataType.FLOAT, writable=True),
    }  # fmt: skip
    clock = ManualClock(START)
    return InstrumentHealth(tags, HealthSettings(), clock, confirmed_runs=True), clock


def test_a_dead_cell_of_a_tripped_series_is_not_a_failed_instrument() -> None:
    health, _ = cell_house()
    assert health.state_names == [CURRENT]
    health.feed(CURRENT, sample(0.0, START))
    for i in range(1, 300):
        health.feed(CELL, sample(-0.005, START + i))  # below its range: the series is off
    assert health.evaluate(START + 300) == []
    health.feed(CURRENT, sample(10.0, START + 301))
    health.feed(CELL, sample(-0.005, START + 302))  # current on, cell dead: a real fault
    issues = health.evaluate(START + 303)
    assert [(i.tag, i.check, i.severity) for i in issues] == [
        (CELL, Check.OUT_OF_RANGE, Severity.FAULT)
    ]


def test_a_gap_in_a_compressed_history_is_not_a_frozen_value() -> None:
    name = "SCO2.TURB.IN_P"
    health = InstrumentHealth(
        {name: tag(name, (0.0, 30.0))}, HealthSettings(), ManualClock(START), confirmed_runs=True
    )
    t = START
    for i in range(40):  # moving every 5 s
        t += 5.0
        health.feed(name, sample(19.85 + 0.03 * (i % 2), t))
    t += 200.0  # nothing recorded for 200 s: it stayed inside the historian's deadband
    health.feed(name, sample(19.80, t))
    assert health.evaluate(t) == []
    for _ in range(4):  # then the heartbeat records the very same value for 4 minutes
        t += 60.0
        health.feed(name, sample(19.80, t))
    assert [i.check for i in health.evaluate(t)] == [Check.FROZEN]


def test_sixty_cells_are_one_line_and_different_units_stay_apart() -> None:
    assert group_name("EMM.CELL.S01.C07.T") == "EMM.CELL.S01.C*.T"
    assert group_name("EMM.RECT1.IDC") == "EMM.RECT1.IDC"

    def issue(name: str, since: float) -> InstrumentIssue:
        return InstrumentIssue(name, "EMM", Check.OUT_OF_RANGE, Severity.FAULT, since, "dead")

    cells = [(issue(f"EMM.CELL.S01.C{c:02d}.U", START + c), START + 900.0) for c in range(1, 61)]
    cells[5] = (cells[5][0], None)  # one still standing
    other = [(issue("EMM.CELL.S02.C01.U", START), START + 10.0), (issue(CURRENT, START), None)]
    groups = group_issues([*cells, *other])
    assert [(g.name, g.count) for g in groups] == [
        ("EMM.CELL.S02.C*.U", 1), ("EMM.RECT1.IDC", 1), ("EMM.CELL.S01.C*.U", 60),
    ]  # fmt: skip
    series = groups[2]
    assert series.since == START + 1 and series.cleared is None
    assert series.text == "EMM.CELL.S01.C*.U: out of range (60 instruments), dead"


def test_a_heartbeat_that_happens_to_repeat_a_noisy_value_is_not_a_frozen_one() -> None:
    name = "SCO2.COMP.OUT_P"
    health = InstrumentHealth(
        {name: tag(name, (0.0, 30.0))}, HealthSettings(), ManualClock(START), confirmed_runs=True
    )
    t = START
    for i in range(40):  # noise beyond the historian's deadband: recorded every few seconds
        t += 2.0
        health.feed(name, sample(20.40 + 0.04 * (i % 2), t))
    # quiet spells: the heartbeat lands within 0.003 MPa of the value before it, twice
    for value in (20.398, 20.400, 20.399):
        t += 60.0
        health.feed(name, sample(value, t))
    assert health.evaluate(t) == []
    t += 60.0  # a third repeat: now it is no longer chance
    health.feed(name, sample(20.398, t))
    (issue,) = health.evaluate(t)
    assert issue.check is Check.FROZEN and "(4 recorded samples)" in issue.detail


def loop_unit(
    *, stopped_when: object = ("SCO2.TURB.TRIP == 1",)
) -> tuple[HealthSettings, list[str]]:
    """``[plant_analytics.health.units.loop]`` parsed: the settings and the problems."""
    given = list(stopped_when) if isinstance(stopped_when, tuple) else stopped_when
    unit = {"tags": ["SCO2.TURB.*"], "stopped_when": given}
    log = ProblemLog("demo.toml")
    table = {"health": {"units": {"loop": unit}}}
    settings = parse_analytics(table, log)
    return settings.health, [f"{p.path}: {p.message}" for p in log.problems]


def test_a_stopped_unit_of_the_project_leaves_its_instruments_unjudged() -> None:
    settings, problems = loop_unit()
    assert problems == [] and isinstance(settings, HealthSettings)
    speed, trip = "SCO2.TURB.SPEED", "SCO2.TURB.TRIP"
    tags = {
        speed: tag(speed, (0.0, 120.0)),
        trip: TagDef(trip, "sim://memory/t", parse_address("sim://memory/t"),
                     data_type=DataType.BOOL),
    }  # fmt: skip
    health = InstrumentHealth(tags, settings, ManualClock(START), confirmed_runs=True)
    assert health.state_names == [trip]
    health.feed(trip, TagSample(True, Quality.GOOD, START, START))
    for i in range(1, 300):
        health.feed(speed, sample(0.0, START + i))  # the shaft stands: not stuck at a limit
    assert health.evaluate(START + 300) == []
    health.feed(trip, TagSample(False, Quality.GOOD, START + 301, START + 301))
    for i in range(302, 600):  # reset, yet the speed reads 0: now it is the instrument
        health.feed(speed, sample(0.0, START + i))
    assert [i.check for i in health.evaluate(START + 600)] == [Check.STUCK_AT_LIMIT]


def test_a_unit_written_wrong_is_refused_with_its_field() -> None:
    _, problems = loop_unit(stopped_when="SCO2.TURB.TRIP is on")
    assert len(problems) == 1
    assert problems[0].startswith("plant_analytics.health.units.loop.stopped_when: ")
    assert "is not a condition" in problems[0]
    _, problems = loop_unit(stopped_when=3)
    assert problems == [
        "plant_analytics.health.units.loop.stopped_when: must be a condition or a list, "
        'e.g. "A.B.RUN == 0"'
    ]
