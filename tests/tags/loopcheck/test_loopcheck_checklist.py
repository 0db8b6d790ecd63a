"""The checklist derived from the demo project: one loop per field instrument (Modbus or OPC
UA, not a calculated figure), analog ones at 0/50/100 % of their range, discrete ones at each
state, with description, area, unit, range and alarm limits."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from tags.address import parse_address
from tags.config.project import Project, load_project
from tags.loopcheck.checklist import checklist, is_field_point
from tests.paths import DEMO_PROJECT


@pytest.fixture(scope="module")
def demo() -> Project:
    return load_project(DEMO_PROJECT)


def test_every_field_instrument_of_the_demo_is_a_loop_and_no_kpi_is(demo: Project) -> None:
    loops = checklist(demo)
    assert len(loops) == 340
    assert Counter(loop.area for loop in loops) == {"EMM": 272, "SCO2": 36, "CWP": 32}
    assert Counter(loop.kind for loop in loops) == {"AI": 305, "AO": 12, "DI": 12, "DO": 11}
    kpis = {name for name in demo.tags if ".KPI." in name}
    assert kpis and not kpis & {loop.tag for loop in loops}
    assert [loop.area for loop in loops] == sorted(loop.area for loop in loops)


def test_a_known_analog_loop_has_its_range_limits_points_and_expected_values(
    demo: Project,
) -> None:
    loops = {loop.tag: loop for loop in checklist(demo, {"CWP.FEED.TPH": ("Coal washing",)})}
    feed = loops["CWP.FEED.TPH"]
    assert (feed.description, feed.area, feed.unit) == ("Raw coal feed rate", "CWP", "t/h")
    assert (feed.low, feed.high, feed.kind, feed.points) == (0.0, 700.0, "AI", ("0", "50", "100"))
    assert [(a.kind, a.limit) for a in feed.alarms] == [("lo", 300.0), ("hi", 550.0)]
    assert feed.alarms_text() == "LO 300 t/h, HI 550 t/h"
    assert feed.screens == ("Coal washing",)
    assert [feed.expected(p) for p in feed.points] == [0.0, 350.0, 700.0]
    assert feed.tolerance() == pytest.approx(7.0)
    assert loops["CWP.FEED.TPH_SP"].kind == "AO"


def test_a_discrete_loop_is_checked_at_each_state(demo: Project) -> None:
    loops = {loop.tag: loop for loop in checklist(demo)}
    trip = loops["EMM.RECT1.TRIP"]
    assert (trip.kind, trip.points, trip.range_text()) == ("DI", ("0", "1"), "0 NORMAL/1 TRIPPED")
    assert trip.expected("1") == 1.0 and trip.tolerance() == 0.0
    assert loops["EMM.RECT1.RESET"].kind == "DO"
    status = loops["CWP.ASH_ANALYSER.STATUS"]
    assert status.points == ("0", "1", "2")
    with pytest.raises(KeyError):
        status.expected("50")


def test_a_simulated_source_or_a_text_is_no_field_point(demo: Project) -> None:
    tag = demo.tags["CWP.FEED.TPH"]
    assert is_field_point(tag)
    assert not is_field_point(replace(tag, source="sim://cwp/FEED.TPH",
                                      address=parse_address("sim://cwp/FEED.TPH")))  # fmt: skip
    assert not is_field_point(replace(tag, name="CWP.CALC.TPH"))
    assert not is_field_point(replace(tag, eng_low=None))
