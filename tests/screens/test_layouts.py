"""Every declared screen, checked as data: kinds, bindings, links, go-to-screen, no overlaps."""

from __future__ import annotations

import itertools

import pytest

from hmi.canvas.builder import check, is_static, layout_of
from hmi.canvas.elements import Element, Layout
from screens import all_screens, screen_for_tag
from tags.config.project import Project

LAYOUTS = {s.key: layout_of(s) for s in all_screens() if layout_of(s) is not None}


def test_the_console_opens_on_the_overview_and_keeps_the_demo_order_and_keys() -> None:
    specs = all_screens()
    assert specs[0].key == "overview" and specs[0].level == 1
    keys = [s.key for s in specs]
    assert len(set(keys)) == len(keys)
    assert [(s.key, s.shortcut) for s in specs] == [
        ("overview", "F1"), ("emm", "F2"), ("cwp", "F3"), ("sco2", "F4"), ("rectifier", "F5"),
        ("dmc", "F6"), ("compressor", "F7"), ("energy", "F10"), ("plant_health", "F11"),
        ("alarms", "F9"), ("trends", "F8"), ("tags", "F12"), ("loopcheck", ""),
    ]  # fmt: skip
    assert {s.level for s in specs} == {1, 2, 3, 4}


@pytest.mark.parametrize("key", sorted(LAYOUTS))
def test_every_element_is_a_known_kind_inside_the_canvas(key: str) -> None:
    assert check(LAYOUTS[key]) == []  # type: ignore[arg-type]


@pytest.mark.parametrize("key", sorted(LAYOUTS))
def test_every_binding_resolves_to_a_demo_tag(key: str, demo_project: Project) -> None:
    layout = LAYOUTS[key]
    assert layout is not None
    unknown = sorted(layout.tags() - demo_project.tags.keys())
    assert unknown == []
    areas = {e.options["area"] for e in layout.elements if e.kind == "alarm_counts"}
    assert areas <= set(demo_project.areas)


@pytest.mark.parametrize("key", sorted(LAYOUTS))
def test_links_lead_to_screens_that_exist(key: str) -> None:
    layout = LAYOUTS[key]
    assert layout is not None
    assert layout.screens() <= {s.key for s in all_screens()}


def _overlapping(layout: Layout) -> list[tuple[Element, Element]]:
    """Widgets (and static text or symbols) whose rectangles overlap: hidden text."""
    solid = [e for e in layout.elements if e.kind not in ("panel", "pipe")]
    found = []
    for a, b in itertools.combinations(solid, 2):
        if is_static(a) and is_static(b):
            continue
        if a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h:
            found.append((a, b))
    return found


@pytest.mark.parametrize("key", sorted(LAYOUTS))
def test_no_two_widgets_overlap(key: str) -> None:
    layout = LAYOUTS[key]
    assert layout is not None
    clashes = [
        f"{a.kind} {dict(a.tags) or a.options} at ({a.x:g},{a.y:g}) / "
        f"{b.kind} {dict(b.tags) or b.options} at ({b.x:g},{b.y:g})"
        for a, b in _overlapping(layout)
    ]
    assert clashes == []


def test_every_alarm_goes_to_a_screen_that_shows_its_tag(demo_project: Project) -> None:
    alarmed = sorted(name for name, tag in demo_project.tags.items() if tag.alarms)
    assert len(alarmed) > 250  # 240 cell tags and the process alarms
    for tag in alarmed:
        key = screen_for_tag(tag)
        layout = LAYOUTS.get(key or "")
        assert layout is not None, f"{tag}: no display ({key!r})"
        assert tag in layout.tags(), f"{tag}: {key} does not show it"


def test_an_alarm_prefers_the_unit_display_and_an_unknown_tag_its_area() -> None:
    assert screen_for_tag("EMM.CELL.S02.C17.U") == "emm"
    assert screen_for_tag("CWP.DMC.DENS.PV") == "cwp"
    assert screen_for_tag("SCO2.COMP.IN_T.PV") == "sco2"
    assert screen_for_tag("SCO2.NOT.SHOWN") == "sco2"
    assert screen_for_tag("XYZ.NOTHING") is None
