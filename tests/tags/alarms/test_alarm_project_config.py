"""Alarm settings in project files: the [process_alarms] section, defaults per signal type,
designed suppression, and bad input refused with clear messages (at load and by the engine)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tags.alarms.engine import AlarmConfigError, AlarmEngine
from tags.clock import ManualClock
from tags.config.problems import ConfigError
from tags.config.project import load_project
from tags.model import AlarmDef, AlarmKind, Priority, SignalType, SuppressMode, TagDef
from tests.tags.alarms.bench import alarm, tag

PROJECT = """\
[project]
name = "Alarm bench"
tag_files = ["tags.toml"]

[areas.TST]
description = "Test bench"

[process_alarms]
max_shelve_hours = 4
realarm_minutes = 20
bad_quality_priority = "medium"

[process_alarms.defaults.flow]
deadband_percent = 4
on_delay = 10
off_delay = 5

[process_alarms.kpi]
flood_begin = 20
flood_end = 8
"""

TAGS = """\
[tags."TST.FIC1.PV"]
unit = "m³/h"
source = "sim://memory/FIC1"
range = [0, 200]

[tags."TST.FIC1.PV".alarms]
hi = 150
hihi = { limit = 180, deadband = 1, on_delay = 2 }
dev_hi = { limit = 20, setpoint = "TST.FIC1.SP" }

[tags."TST.FIC1.SP"]
source = "sim://memory/FIC1SP"
range = [0, 200]

[tags."TST.RECT1.IDC"]
unit = "kA"
source = "sim://memory/IDC"
range = [0, 12]

[tags."TST.CELL1.V"]
unit = "V"
source = "sim://memory/CELL1"
range = [0, 5]

[tags."TST.CELL1.V".alarms]
suppress_when = "TST.RECT1.IDC < 1"
lo = { limit = 3.6, deadband = 0.05 }

[tags."TST.CELL1.V".alarms.lolo]
limit = 3.0
suppress_when = ["TST.RECT1.IDC < 1", "TST.RECT1.IDC > 11.5"]
suppress_mode = "all"

[tags."TST.TANK1.LEVEL"]
unit = "%"
source = "sim://memory/TANK1"
range = [0, 100]

[tags."TST.TANK1.LEVEL".alarms]
hi = 90
lo = { limit = 10, signal = "other" }
"""


def write(tmp_path: Path, project: str = PROJECT, tags: str = TAGS) -> Path:
    (tmp_path / "tags.toml").write_text(tags, encoding="utf-8")
    path = tmp_path / "project.toml"
    path.write_text(project, encoding="utf-8")
    return path


def problems(tmp_path: Path, project: str = PROJECT, tags: str = TAGS) -> list[str]:
    with pytest.raises(ConfigError) as error:
        load_project(write(tmp_path, project, tags))
    return [f"{p.path}: {p.message}" for p in error.value.problems]


def alarms_of(tmp_path: Path, name: str) -> dict[AlarmKind, AlarmDef]:
    return {a.kind: a for a in load_project(write(tmp_path)).tags[name].alarms}


# the section and the defaults ------------------------------------------------------------------


def test_the_process_alarms_section_is_loaded_into_the_project(tmp_path: Path) -> None:
    settings = load_project(write(tmp_path)).alarm_settings
    assert (settings.max_shelve_hours, settings.realarm_minutes) == (4.0, 20.0)
    assert settings.bad_quality_priority is Priority.MEDIUM
    assert (settings.kpi.flood_begin, settings.kpi.flood_end, settings.kpi.chatter_count) == (
        20,
        8,
        3,
    )
    flow = settings.defaults[SignalType.FLOW]
    assert (flow.deadband_percent, flow.on_delay, flow.off_delay) == (4.0, 10.0, 5.0)
    temperature = settings.defaults[SignalType.TEMPERATURE]  # PLANTS.md starting point
    assert (temperature.deadband_percent, temperature.on_delay) == (1.0, 60.0)


def test_an_alarm_without_deadband_or_delays_takes_the_defaults_of_its_signal_type(
    tmp_path: Path,
) -> None:
    hi = alarms_of(tmp_path, "TST.FIC1.PV")[AlarmKind.HI]
    assert (hi.signal, hi.deadband, hi.on_delay, hi.off_delay) == (
        SignalType.FLOW,
        8.0,  # 4 % of the 0..200 range
        10.0,
        5.0,
    )


def test_settings_written_on_the_alarm_win_over_the_defaults(tmp_path: Path) -> None:
    hihi = alarms_of(tmp_path, "TST.FIC1.PV")[AlarmKind.HIHI]
    assert (hihi.deadband, hihi.on_delay, hihi.off_delay) == (1.0, 2.0, 5.0)


def test_a_level_is_recognised_by_its_name_and_other_signals_take_no_defaults(
    tmp_path: Path,
) -> None:
    alarms = alarms_of(tmp_path, "TST.TANK1.LEVEL")
    hi, lo = alarms[AlarmKind.HI], alarms[AlarmKind.LO]
    assert (hi.signal, hi.deadband, hi.on_delay) == (SignalType.LEVEL, 5.0, 60.0)
    assert (lo.signal, lo.deadband, lo.on_delay) == (SignalType.OTHER, 0.0, 0.0)


def test_suppress_when_beside_the_alarm_kinds_applies_to_every_alarm_of_the_tag(
    tmp_path: Path,
) -> None:
    alarms = alarms_of(tmp_path, "TST.CELL1.V")
    lo, lolo = alarms[AlarmKind.LO], alarms[AlarmKind.LOLO]
    assert lo.suppress_when == ("TST.RECT1.IDC < 1",)
    assert lolo.suppress_when == ("TST.RECT1.IDC < 1", "TST.RECT1.IDC > 11.5")
    assert lolo.suppress_mode is SuppressMode.ALL


def test_an_engine_runs_on_the_loaded_project(tmp_path: Path) -> None:
    project = load_project(write(tmp_path))
    engine = AlarmEngine.from_project(project, ManualClock())
    assert engine.settings.max_shelve_hours == 4.0
    assert engine.alarm("TST.FIC1.PV.BAD_QUALITY").priority is Priority.MEDIUM


# bad input -------------------------------------------------------------------------------------


def test_limits_out_of_order_are_refused(tmp_path: Path) -> None:
    assert problems(tmp_path, tags=TAGS.replace("hi = 150", "hi = 190")) == [
        "tags.TST.FIC1.PV.alarms.hi: must be below hihi"
    ]


def test_a_deviation_alarm_pointing_at_a_missing_tag_is_refused(tmp_path: Path) -> None:
    tags = TAGS.replace('setpoint = "TST.FIC1.SP"', 'setpoint = "TST.FIC9.SP"')
    assert problems(tmp_path, tags=tags) == [
        "tags.TST.FIC1.PV.alarms.dev_hi.setpoint: unknown tag 'TST.FIC9.SP'"
    ]


def test_a_suppression_condition_naming_an_unknown_tag_is_refused(tmp_path: Path) -> None:
    tags = TAGS.replace(
        'suppress_when = "TST.RECT1.IDC < 1"', 'suppress_when = "TST.RECT9.IDC < 1"'
    )
    assert problems(tmp_path, tags=tags) == [
        "tags.TST.CELL1.V.alarms.lo.suppress_when: 'TST.RECT9.IDC < 1': unknown tag 'TST.RECT9.IDC'"
    ]


def test_a_suppression_condition_on_the_alarms_own_tag_is_refused_as_a_loop(
    tmp_path: Path,
) -> None:
    tags = TAGS.replace('suppress_when = "TST.RECT1.IDC < 1"', 'suppress_when = "TST.CELL1.V < 1"')
    assert problems(tmp_path, tags=tags) == [
        "tags.TST.CELL1.V.alarms.lo.suppress_when: suppression loop: the condition reads "
        "TST.CELL1.V itself, so the alarm would hide its own upset"
    ]


def test_tags_whose_alarms_suppress_each_other_are_refused_as_a_loop(tmp_path: Path) -> None:
    tags = (
        TAGS
        + """
[tags."TST.RECT1.IDC".alarms]
lo = { limit = 8, suppress_when = "TST.CELL1.V < 0.5" }
"""
    )
    assert problems(tmp_path, tags=tags) == [
        "tags.TST.CELL1.V.alarms.lo.suppress_when: suppression loop: "
        "TST.CELL1.V -> TST.RECT1.IDC -> TST.CELL1.V (these tags' alarms suppress one another)"
    ]


def test_an_unreadable_suppression_condition_is_refused_with_the_syntax(tmp_path: Path) -> None:
    tags = TAGS.replace('"TST.RECT1.IDC < 1"\n', '"TST.RECT1.IDC is off"\n')
    assert problems(tmp_path, tags=tags) == [
        "tags.TST.CELL1.V.alarms.suppress_when: 'TST.RECT1.IDC is off' is not a condition: "
        'write TAG OP NUMBER, e.g. "AREA.RECT1.IDC < 1" (OP: <, <=, >, >=, ==, !=)'
    ]


def test_bad_settings_in_process_alarms_are_refused(tmp_path: Path) -> None:
    project = (
        PROJECT.replace("max_shelve_hours = 4", "max_shelve_hours = 0\nsiren = true")
        .replace("flood_end = 8", "flood_end = 30")
        .replace("[process_alarms.defaults.flow]", "[process_alarms.defaults.viscosity]")
    )
    assert problems(tmp_path, project=project) == [
        "process_alarms.max_shelve_hours: 0 outside 0.01..720",
        "process_alarms.siren: unknown key (known: bad_quality_delay, bad_quality_priority, "
        "max_shelve_hours, rate_window, realarm_minutes, defaults, kpi)",
        "process_alarms.defaults.viscosity: unknown signal type "
        "(known: flow, level, pressure, temperature)",
        "process_alarms.kpi.flood_end: must not be above flood_begin",
    ]


def test_an_unknown_signal_type_on_an_alarm_is_refused(tmp_path: Path) -> None:
    tags = TAGS.replace('signal = "other"', 'signal = "vibration"')
    assert problems(tmp_path, tags=tags) == [
        "tags.TST.TANK1.LEVEL.alarms.lo.signal: unknown signal type 'vibration' "
        "(known: flow, level, pressure, temperature, other)"
    ]


def engine_problems(*tags: TagDef) -> list[str]:
    with pytest.raises(AlarmConfigError) as error:
        AlarmEngine({t.name: t for t in tags}, ManualClock())
    return error.value.problems


def test_the_engine_refuses_limits_out_of_order_built_in_code() -> None:
    pv = "TST.FIC1.PV"
    bad = tag(pv, alarm(pv, AlarmKind.HI, 95), alarm(pv, AlarmKind.HIHI, 90))
    assert engine_problems(bad) == ["tags.TST.FIC1.PV.alarms.hi: must be below hihi"]


def test_the_engine_refuses_references_to_missing_tags_and_loops_built_in_code() -> None:
    a, b = "TST.A.PV", "TST.B.PV"
    assert engine_problems(
        tag(a, alarm(a, AlarmKind.DEVIATION_HI, 5, setpoint_tag="TST.A.SP")),
        tag(b, alarm(b, AlarmKind.HI, 90, suppress_when=(f"{b} > 50",))),
    ) == [
        "tags.TST.A.PV.alarms.dev_hi.setpoint: unknown tag 'TST.A.SP'",
        "tags.TST.B.PV.alarms.hi.suppress_when: suppression loop: the condition reads "
        "TST.B.PV itself, so the alarm would hide its own upset",
    ]
