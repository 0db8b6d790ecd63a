"""Project data in Chinese: the demo, fluoride and four-plant projects give every tag and area
a ``description_zh``, every alarm text its ``_zh`` and every screen a ``title_zh``; the
``_zh`` keys are checked like the others; Chinese falls back to English where none is given."""

from __future__ import annotations

from pathlib import Path

import pytest

from tags.alarms.engine import AlarmEngine
from tags.clock import ManualClock
from tags.config.project import Project, load_project
from tags.control_room import messages
from tags.i18n.descriptions import (
    action_of,
    consequence_of,
    description_of,
    message_of,
    project_name,
)
from tags.i18n.language import Language, current_language, set_language
from tags.model import AlarmDef
from tests.paths import DEMO_PROJECT, FLUORIDE_PROJECT, FOUR_PLANTS_PROJECT
from tests.tags.config.config_projects import (
    PROJECT,
    make_project,
    only,
    refused,
    summaries,
    with_tags,
)

PROJECTS = {"demo": DEMO_PROJECT, "fluoride": FLUORIDE_PROJECT, "four_plants": FOUR_PLANTS_PROJECT}


def alarms_of(project: Project) -> list[AlarmDef]:
    return [alarm for tag in project.tags.values() for alarm in tag.alarms]


@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_every_tag_area_alarm_and_screen_of_the_example_projects_has_its_chinese(
    name: str,
) -> None:
    project = load_project(PROJECTS[name])
    assert [t for t, tag in project.tags.items() if not tag.description_zh] == []
    assert [a for a, area in project.areas.items() if not area.description_zh] == []
    untranslated = [
        f"{alarm.name}.{text}"
        for alarm in alarms_of(project)
        for text in ("message", "consequence", "action")
        if getattr(alarm, text) and not getattr(alarm, f"{text}_zh")
    ]
    assert untranslated == []
    assert [e.key for e in project.screens if not e.title_zh] == []


def test_the_demo_has_its_346_tags_in_chinese_with_the_plants_terms(chinese: None) -> None:
    project = load_project(DEMO_PROJECT)
    assert len(project.tags) == 346
    tags = project.tags
    assert description_of(tags["EMM.RECT1.IDC"]) == "1号整流器直流电流"
    assert description_of(tags["EMM.KPI.CE"]) == "电流效率"
    assert description_of(tags["EMM.KPI.SEC_DC"]) == "吨锰直流电耗"
    assert description_of(tags["EMM.CELL.S02.C17.U"]) == "电解槽 S02.C17 槽电压"
    assert description_of(tags["CWP.CLEAN.ASH"]) == "精煤灰分（在线测灰仪）"
    assert description_of(tags["SCO2.PRECOOL.CW_FLOW"]) == "预冷器冷却水流量"
    assert description_of(project.areas["SCO2"]) == "超临界二氧化碳余热发电回路"
    oil = next(a for a in tags["EMM.RECT2.XFMR_OIL_T"].alarms if a.kind.value == "hihi")
    assert message_of(oil) == "2号整流变压器油温达跳闸值"
    assert consequence_of(oil) == "整流器跳闸：整个系列停止电积"
    assert action_of(oil) == "降低电流，检查变压器冷却"
    trip = next(a for a in tags["SCO2.TURB.IN_T"].alarms if a.kind.value == "lolo")
    assert consequence_of(trip) == "带负荷低于 300 °C 持续 10 s 后透平跳闸"  # values in place


def test_english_shows_the_english_texts_and_chinese_falls_back_to_them() -> None:
    project = load_project(DEMO_PROJECT)
    alarm = next(a for a in project.tags["EMM.RECT1.IDC"].alarms if a.kind.value == "hihi")
    assert message_of(alarm) == "Rectifier 1 overcurrent"
    assert description_of(project.tags["EMM.RECT1.IDC"]) == "Rectifier 1 DC current"
    before = current_language()
    set_language(Language.ZH_CN)
    try:
        bare = AlarmDef("X.Y", alarm.kind, 1.0, alarm.priority, message="Plain", action="Act")
        assert (message_of(bare), action_of(bare), consequence_of(bare)) == ("Plain", "Act", "")
    finally:
        set_language(before)


def test_a_bad_quality_alarm_speaks_chinese_with_the_tags_chinese_description() -> None:
    engine = AlarmEngine.from_project(load_project(DEMO_PROJECT), ManualClock())
    view = engine.alarm("EMM.KPI.CE.BAD_QUALITY")
    assert view.message == "Current efficiency: value not usable (bad quality)"
    assert view.message_zh == "电流效率：值不可用（坏质量）"


def test_alarm_texts_in_chinese_are_read_and_travel_with_the_alarm_state(
    tmp_path: Path,
) -> None:
    tags = with_tags("""
        [tags."TST.LEVEL"]
        description = "Level"
        description_zh = "液位"
        unit = "%"
        source = "modbus://plc/1/hr/200?type=float32"
        [tags."TST.LEVEL".alarms]
        [tags."TST.LEVEL".alarms.hi]
        limit = 90
        message = "Level high"
        message_zh = "液位高"
        consequence = "Overflow"
        consequence_zh = "溢流"
        action = "Stop the feed"
        action_zh = "停止进料"
    """)
    project = load_project(make_project(tmp_path, tags=tags))
    (alarm,) = project.tags["TST.LEVEL"].alarms
    in_chinese = ("液位高", "溢流", "停止进料")
    assert (alarm.message_zh, alarm.consequence_zh, alarm.action_zh) == in_chinese
    engine = AlarmEngine.from_project(project, ManualClock())
    view = engine.alarm("TST.LEVEL.HI")
    assert (view.message_zh, view.consequence_zh, view.action_zh) == in_chinese
    sent = messages.alarm_from_json(messages.loads(messages.dumps(messages.alarm_to_json(view))))
    assert sent == view
    older = {k: v for k, v in messages.alarm_to_json(view).items() if not k.endswith("_zh")}
    assert messages.alarm_from_json(older).message_zh == ""  # a server without them


def test_a_chinese_alarm_text_must_be_text_and_translate_a_text(tmp_path: Path) -> None:
    tags = with_tags("""
        [tags."TST.LEVEL"]
        description = "Level"
        source = "modbus://plc/1/hr/200?type=float32"
        [tags."TST.LEVEL".alarms]
        hi = { limit = 90, message_zh = 3 }
    """)
    problem = only(make_project(tmp_path, tags=tags))
    assert (problem.path, problem.message) == (
        "tags.TST.LEVEL.alarms.hi.message_zh",
        "must be text",
    )
    tags = tags.replace("message_zh = 3", 'action_zh = "停止进料"')
    problem = only(make_project(tmp_path, tags=tags))
    assert problem.path == "tags.TST.LEVEL.alarms.hi.action_zh"
    assert problem.message == "a translation of no text: give action"


def test_a_screens_chinese_title_must_be_text(tmp_path: Path) -> None:
    screen = '\n[[screens]]\nkey = "trends"\ntitle = "Trends"\nlevel = 3\nbuiltin = "trends"\n'
    good = load_project(make_project(tmp_path, project=PROJECT + screen + 'title_zh = "趋势"\n'))
    assert good.screens[0].title_zh == "趋势"
    bad = make_project(tmp_path, project=PROJECT + screen + "title_zh = 1\n")
    assert summaries([only(bad)]) == [
        "project.toml: screens[1].title_zh: must be a text: the title in Chinese"
    ]


def test_a_project_name_reads_in_chinese_where_given(tmp_path: Path) -> None:
    demo = load_project(DEMO_PROJECT)
    assert (demo.name, demo.name_zh) == ("Demo plants", "演示装置")
    assert project_name(demo) == "Demo plants"
    set_language(Language.ZH_CN)
    try:
        assert project_name(demo) == "演示装置"
    finally:
        set_language(Language.EN)
    text = PROJECT.replace('name = "Bench"', 'name = "Bench"\nname_zh = 3')
    assert summaries(refused(make_project(tmp_path, project=text))) == [
        "project.toml: project.name_zh: must be text"
    ]
