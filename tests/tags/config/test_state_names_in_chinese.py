"""Tags may name their states in Chinese (``states_zh`` beside ``states``): loaded from TOML
and CSV, checked against ``states``, kept through the tag cache's pickles, and shown when the
language is Chinese (the English name where none is given)."""

from __future__ import annotations

import pickle
from pathlib import Path

from tags.config.project import load_project
from tags.i18n.descriptions import state_name
from tags.i18n.language import Language, set_language
from tests.paths import DEMO_PROJECT
from tests.tags.config.config_projects import TAGS, make_project, only, refused, summaries

RUN = 'states = { 0 = "STOPPED", 1 = "RUNNING" }'
ZH_TAGS = TAGS.replace(RUN, RUN + '\nstates_zh = { 0 = "停止", 1 = "运行" }')
CSV = """\
name,description,unit,type,source,states,states_zh
TST.MIX1.STATE,Mixer state,,int,modbus://plc/1/ir/7?type=uint16,0=OFF;1=ON;2=FAULT,0=关;2=故障
"""


def test_chinese_state_names_load_from_toml_and_csv(tmp_path: Path) -> None:
    project = load_project(make_project(tmp_path, tags=ZH_TAGS, csv=CSV))
    assert project.tags["TST.PUMP1.RUN"].states_zh == {0: "停止", 1: "运行"}
    assert project.tags["TST.MIX1.STATE"].states_zh == {0: "关", 2: "故障"}
    assert project.tags["TST.FIC1.PV"].states_zh is None  # nothing kept for a tag without


def test_the_state_shown_follows_the_language_falling_back_to_english(
    tmp_path: Path, chinese: None
) -> None:
    project = load_project(make_project(tmp_path, tags=ZH_TAGS, csv=CSV))
    pump, mixer = project.tags["TST.PUMP1.RUN"], project.tags["TST.MIX1.STATE"]
    assert (pump.format_value(True), pump.format_value(False)) == ("运行", "停止")
    assert [mixer.format_value(v) for v in (0, 1, 2, 7)] == ["关", "ON", "故障", "7"]
    assert state_name(mixer, 1) == "ON"
    assert state_name(mixer, 7) is None
    set_language(Language.EN)
    assert pump.format_value(True) == "RUNNING"
    assert state_name(mixer, 2) == "FAULT"


def test_a_chinese_state_the_tag_does_not_have_is_refused(tmp_path: Path) -> None:
    tags = TAGS.replace(RUN, RUN + '\nstates_zh = { 0 = "停止", 3 = "故障" }')
    problem = only(make_project(tmp_path, tags=tags))
    assert problem.path == "tags.TST.PUMP1.RUN.states_zh.3"
    assert problem.message == "state 3 is not in states (states: 0, 1)"
    assert problem.file.endswith(".toml")


def test_a_chinese_state_name_that_is_not_text_is_refused(tmp_path: Path) -> None:
    tags = TAGS.replace(RUN, RUN + "\nstates_zh = { 0 = 5 }")
    problem = only(make_project(tmp_path, tags=tags))
    assert (problem.path, problem.message) == (
        "tags.TST.PUMP1.RUN.states_zh.0", "must be text (the state's name in Chinese)",
    )  # fmt: skip


def test_chinese_states_that_are_not_a_table_or_not_numbered_are_refused(tmp_path: Path) -> None:
    tags = TAGS.replace(RUN, RUN + '\nstates_zh = "运行"')
    assert only(make_project(tmp_path, tags=tags)).path == "tags.TST.PUMP1.RUN.states_zh"
    csv = CSV.replace("0=关;2=故障", "x=关")
    (tmp_path / "csv").mkdir()
    problems = refused(make_project(tmp_path / "csv", tags=TAGS, csv=csv))
    assert [p.path for p in problems] == ["tags.TST.MIX1.STATE.states_zh.x"], summaries(problems)
    assert problems[0].file.endswith(".csv")


def test_chinese_state_names_survive_the_tag_cache_pickle(tmp_path: Path) -> None:
    project = load_project(make_project(tmp_path, tags=ZH_TAGS, csv=CSV))
    for name in ("TST.PUMP1.RUN", "TST.FIC1.PV"):
        tag = project.tags[name]
        again = pickle.loads(pickle.dumps(tag))
        assert (again.states, again.states_zh) == (tag.states, tag.states_zh)


def test_every_state_of_the_demo_has_its_chinese_name() -> None:
    project = load_project(DEMO_PROJECT, tag_cache=False)
    named = [t for t in project.tags.values() if t.states]
    assert named
    assert [t.name for t in named if not t.states_zh or t.states_zh.keys() != t.states.keys()] == []
