"""The [plant_analytics] section of a project file: values, defaults and every problem."""

from __future__ import annotations

from pathlib import Path

from tags.analytics.config import AnalyticsSettings
from tags.config.project import load_project
from tests.tags.config.config_projects import PROJECT, make_project, refused, summaries

SECTION = """
[plant_analytics]
timezone = "Asia/Shanghai"

[plant_analytics.tariff]
peak_price = 1.2
peak = ["09:00-12:00"]

[plant_analytics.energy]
bucket_seconds = 30

[plant_analytics.shifts]
starts = ["08:00", "20:00"]
names = ["Day", "Night"]

[plant_analytics.prediction]
window_minutes = 30
"""


def test_the_section_is_optional_and_defaults_apply(tmp_path: Path) -> None:
    project = load_project(make_project(tmp_path))
    assert project.analytics == AnalyticsSettings()


def test_given_values_replace_the_defaults(tmp_path: Path) -> None:
    a = load_project(make_project(tmp_path, project=PROJECT + SECTION)).analytics
    assert a.timezone == "Asia/Shanghai"
    assert (a.tariff.peak_price, a.tariff.peak, a.tariff.valley_price) == (
        1.2, ("09:00-12:00",), 0.32
    )  # fmt: skip
    assert a.energy.bucket_seconds == 30.0 and a.energy.areas == ()
    assert a.shifts.starts == ("08:00", "20:00") and a.shifts.names == ("Day", "Night")
    assert a.prediction.window_minutes == 30.0 and a.prediction.min_points == 12


def test_every_problem_of_the_section_is_reported(tmp_path: Path) -> None:
    broken = PROJECT + BROKEN
    found = summaries(refused(make_project(tmp_path, project=broken)))
    assert [line.split(": ", 1)[1] for line in found] == [
        "plant_analytics.timezone: must be a time zone name such as Asia/Shanghai (or empty)",
        "plant_analytics.colour: unknown key (known: timezone, tariff, energy, shifts, "
        "prediction, health)",
        "plant_analytics.tariff.flat_price: must be a number, not str",
        "plant_analytics.prediction.min_confidence: 2.0 outside 0.05..1",
        "plant_analytics.tariff.peak: '25:00' is not a time of day such as 06:00",
        "plant_analytics.shifts.starts: give one or more distinct times in order",
        "plant_analytics.shifts.names: give one name per shift start",
    ]


BROKEN = """
[plant_analytics]
timezone = "Mars/Olympus"
colour = "grey"

[plant_analytics.tariff]
peak = ["25:00-26:00"]
flat_price = "cheap"

[plant_analytics.shifts]
starts = ["14:00", "06:00"]

[plant_analytics.prediction]
min_confidence = 2
"""


UNITS = """
[plant_analytics.health.units."Tank 1"]
tags = ["TST.TANK1.*"]
stopped_when = ["TST.PUMP1.RUN == 0"]

[plant_analytics.health.units.Mixer]
tags = ["TST.MIXER9.*"]
stopped_when = "TST.MIX9.RUN == 0"
stopped_mode = "either"
"""


def test_units_name_tags_the_project_has_and_say_so_where_not(tmp_path: Path) -> None:
    good = PROJECT + UNITS.split("[plant_analytics.health.units.Mixer]")[0]
    (tank,) = load_project(make_project(tmp_path, project=good)).analytics.health.units
    assert tank.name == "Tank 1" and tank.holds_tag("TST.TANK1.LEVEL")
    assert [str(c) for c in tank.stopped.conditions] == ["TST.PUMP1.RUN == 0"]
    found = summaries(refused(make_project(tmp_path, project=PROJECT + UNITS)))
    assert [line.split(": ", 1)[1] for line in found] == [
        "plant_analytics.health.units.Mixer.stopped_mode: 'either' is not one of any, all",
        "plant_analytics.health.units.Mixer.tags: no tag matches TST.MIXER9.*",
        "plant_analytics.health.units.Mixer.stopped_when: unknown tag TST.MIX9.RUN",
    ]
