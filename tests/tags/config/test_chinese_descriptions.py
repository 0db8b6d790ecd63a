"""Tags and areas may carry ``description_zh``: loaded from TOML and CSV, checked, and shown
when the language is Chinese (English where none is given)."""

from __future__ import annotations

from pathlib import Path

from tags.config.project import load_project
from tags.i18n.descriptions import description_of
from tags.i18n.language import Language, set_language
from tests.tags.config.config_projects import PROJECT, TAGS, make_project, only

ZH_TAG = TAGS.replace(
    'description = "Feed flow"', 'description = "Feed flow"\ndescription_zh = "进料流量"'
)
ZH_AREA = PROJECT.replace(
    'description = "Test bench"', 'description = "Test bench"\ndescription_zh = "试验台"'
)
CSV = """\
name,description,description_zh,unit,type,source,range_low,range_high
TST.TANK1.LEVEL,Tank level,储槽液位,%,float,sim://signal/sine?low=0&high=100,0,100
TST.TANK2.LEVEL,Tank 2 level,,%,float,sim://signal/sine?low=0&high=100,0,100
"""


def test_a_tag_and_an_area_keep_their_chinese_description(tmp_path: Path) -> None:
    project = load_project(make_project(tmp_path, project=ZH_AREA, tags=ZH_TAG, csv=CSV))
    flow = project.tags["TST.FIC1.PV"]
    assert (flow.description, flow.description_zh) == ("Feed flow", "进料流量")
    assert project.areas["TST"].description_zh == "试验台"
    assert project.tags["TST.TANK1.LEVEL"].description_zh == "储槽液位"
    assert project.tags["TST.TANK2.LEVEL"].description_zh == ""


def test_the_description_shown_follows_the_language_falling_back_to_english(
    tmp_path: Path, chinese: None
) -> None:
    project = load_project(make_project(tmp_path, project=ZH_AREA, tags=ZH_TAG, csv=CSV))
    assert description_of(project.tags["TST.FIC1.PV"]) == "进料流量"
    assert description_of(project.tags["TST.TANK2.LEVEL"]) == "Tank 2 level"
    assert description_of(project.areas["TST"]) == "试验台"
    set_language(Language.EN)
    assert description_of(project.tags["TST.FIC1.PV"]) == "Feed flow"


def test_a_chinese_description_that_is_not_text_is_refused(tmp_path: Path) -> None:
    tags = TAGS.replace(
        'description = "Feed flow"', 'description = "Feed flow"\ndescription_zh = 3'
    )
    problem = only(make_project(tmp_path, tags=tags))
    assert (problem.path, problem.message) == ("tags.TST.FIC1.PV.description_zh", "must be text")


def test_a_unit_that_is_not_text_is_refused(tmp_path: Path) -> None:
    tags = TAGS.replace('unit = "m³/h"', "unit = 5", 1)
    problem = only(make_project(tmp_path, tags=tags))
    assert (problem.path, problem.message) == ("tags.TST.FIC1.PV.unit", "must be text")


def test_an_area_description_that_is_not_text_is_refused(tmp_path: Path) -> None:
    project = PROJECT.replace(
        'description = "Test bench"', 'description = "Test bench"\ndescription_zh = ["x"]'
    )
    problem = only(make_project(tmp_path, project=project))
    assert (problem.path, problem.message) == ("areas.TST.description_zh", "must be text")
