"""A project's problems in Chinese: every parser (tag lists in TOML and CSV, the project file,
alarms, screens, plant analytics and energy areas, area reports, source addresses, the OPC UA
type check) says what is wrong in Chinese with the keys and values as written, and the check
command prints its problems and its OK line in Chinese."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from asyncua import ua

import main
from tags.address import AddressError, parse_address
from tags.config.problems import ConfigError, ConfigProblem
from tags.config.project import check_project, load_project
from tags.drivers.opcua import check as opcua_check
from tags.drivers.opcua.check import ServerCheck
from tags.drivers.opcua.types import mismatch
from tags.i18n.language import Language, set_language
from tags.model import DataType, TagDef
from tests.english_words import english_words
from tests.paths import DEMO_FOLDER, DEMO_PROJECT
from tests.tags.config.config_projects import PROJECT, make_project, with_rows, with_tags

WRITTEN = re.compile(
    r"“[^”]*”|'[^']*'|\"[^\"]*\"|（可用：[^）]*）|\[[^\]]*\]|\w+_\w+|\w+ = |ns=\S+"
)
"""What a message quotes as the engineer wrote it or as the project knows it: values in
quotes, lists of the keys known, TOML tables and keys, OPC UA node ids."""

KEYWORDS = frozenset(
    """true false critical high medium low any all setpoint builtin file running stopped_when
    Python TAG NUMBER Asia Shanghai modbus opcua sim float int bool string TST Boolean Double
    UInt32 Int32 String Float LocalizedText DateTime offset scale type len""".split()  # noqa: SIM905
)
"""TOML values, type names and the placeholder words of a condition's syntax."""

BAD_TAGS = with_tags("""
    [tags."TST.BAD.ONE"]
    source = "modbus://plc/1/hr/70000"
    range = [10, 0]
    scan = "warp"
    format = "zz"
    writable = "yes"
    states = { x = "A" }
    alarms = { hi = { limit = "x", priority = "urgent" }, dev_hi = 3, weird = 1 }

    [tags."TST.BAD.TWO"]
    source = "nope://x"
    type = "complex"

    [tags."TST.BAD.THREE"]
    source = "opcua://ghost/ns=2;s=X"
    history = 5

    [tags."tst.lower"]
    source = "sim://signal/x"
    """)

BAD_ROWS = with_rows("TST.CSV.X,,,,sim://signal/sine,abc,100,,,,maybe,,,", ",,,,,,,,,,,,,")

BAD_PROJECT = PROJECT.replace('name = "Bench"', 'name = "Bench"\ndemo = 3\ncolour = 1').replace(
    "[security]",
    """[plant_analytics]
timezone = "Mars/Base"

[plant_analytics.shifts]
starts = ["25:00"]

[plant_analytics.tariff]
peak = ["08:00"]

[plant_analytics.energy.areas.NOPE]
kind = "washing"
plan_per_shift = -1

[plant_analytics.health.units."Loop"]
tags = ["TST.NONE.*"]
stopped_when = "TST.GONE.X < 1"

[process_alarms]
bad_quality_priority = "urgent"
rate_window = 0

[process_alarms.kpi]
flood_begin = 5
flood_end = 9

[[screens]]
key = "Bad Key"
title = ""
level = 7
area = "XX"
function_key = "F13"

[areas.TST.report]

[[areas.TST.report.trend]]
title = "T"
tags = ["TST.NO.SUCH"]

[[areas.TST.report.downtime]]
unit = "TST.KILN"
product = "t"
running = "TST.FIC1.PV"
stopped_when = "x"
rate_factor = 0

[security]
wrong = 1
""",
)


def left_in_english(message: str) -> list[str]:
    """English words of ``message`` once what it quotes as written is taken out."""
    return [w for w in english_words(WRITTEN.sub(" ", message)) if w not in KEYWORDS]


def assert_chinese(problems: list[ConfigProblem]) -> None:
    assert problems
    for problem in problems:
        assert re.search(r"[\u4e00-\u9fff]", problem.message), str(problem)
        assert left_in_english(problem.message) == [], str(problem)


def by_path(problems: list[ConfigProblem]) -> dict[str, str]:
    return {problem.path: problem.message for problem in problems}


def test_a_tag_list_s_problems_are_in_chinese(tmp_path: Path, chinese: None) -> None:
    problems = check_project(make_project(tmp_path, tags=BAD_TAGS, csv=BAD_ROWS))
    assert_chinese(problems)
    said = by_path(problems)
    assert said["tags.TST.BAD.ONE.range"] == "下限 10 必须低于上限 0"
    assert said["tags.TST.BAD.ONE.scan"].startswith("未知扫描等级“warp”（可用：")
    assert said["tags.TST.BAD.ONE.writable"] == "必须是 true 或 false"
    assert said["tags.TST.BAD.ONE.states.x"] == "状态键必须是整数"
    assert said["tags.TST.BAD.ONE.alarms.hi.priority"] == "必须是 critical、high、medium 或 low"
    assert said["tags.TST.BAD.ONE.alarms.weird"].startswith("未知报警类型（可用：hihi, hi, ")
    assert said["tags.TST.BAD.ONE.alarms.dev_hi.setpoint"] == '偏差报警需要 setpoint = "<位号名>"'
    assert said["tags.TST.BAD.TWO.type"] == "未知类型“complex”（float、int、bool 或 string）"
    assert said["tags.TST.BAD.THREE.source"] == "未知连接“ghost”（不在 [connections] 中）"
    assert said["tags.TST.BAD.THREE.history"].startswith("必须是表，如 { deadband = 0.5")
    assert said["tags.tst.lower"] == "区域“tst”未在 [areas] 中声明"
    assert said["tags.TST.CSV.X.range_low"] == "“abc”不是数字"
    assert said["tags.TST.CSV.X.writable"] == "“maybe”不是 true/false"
    assert said["name"] == "位号名称为空"


def test_a_bad_source_address_is_explained_in_chinese(tmp_path: Path, chinese: None) -> None:
    said = by_path(check_project(make_project(tmp_path, tags=BAD_TAGS)))
    assert (
        said["tags.TST.BAD.ONE.source"] == "“modbus://plc/1/hr/70000”：offset 70000 超出 0..65535"
    )
    assert (
        said["tags.TST.BAD.TWO.source"]
        == "“nope://x”：未知协议“nope”（应为 modbus, opcua, sim 之一）"
    )
    for uri in ("plc/1/hr/1", "modbus://plc/1/hr/1?scale=-2", "modbus://plc/1/xx/1",
                "modbus://plc/1/hr/1?type=string", "sim://signal", "opcua://dcs/FIC1"):  # fmt: skip
        with pytest.raises(AddressError) as refused:
            parse_address(uri)
        assert left_in_english(str(refused.value)) == [], str(refused.value)
        assert re.search(r"[\u4e00-\u9fff]", str(refused.value)), str(refused.value)


def test_the_project_file_s_problems_are_in_chinese(tmp_path: Path, chinese: None) -> None:
    problems = check_project(make_project(tmp_path, project=BAD_PROJECT))
    assert_chinese(problems)
    said = by_path(problems)
    assert said["project.colour"].startswith("未知键（可用：demo, description, name")
    assert said["project.demo"] == "必须是 true 或 false"
    assert said["security.wrong"].startswith("未知键（可用：")
    assert said["process_alarms.bad_quality_priority"] == "必须是 critical、high、medium 或 low"
    assert said["process_alarms.rate_window"] == "0 超出 0.5..3600"
    assert said["process_alarms.kpi.flood_end"] == "不得高于 flood_begin"


def test_screens_analytics_and_area_reports_say_their_problems_in_chinese(
    tmp_path: Path, chinese: None
) -> None:
    said = by_path(check_project(make_project(tmp_path, project=BAD_PROJECT)))
    assert said["screens[1].level"] == "必须是 1（总貌）、2（区域）、3（细目）或 4（诊断）"
    assert said["screens[1].area"] == "'XX' 不是项目中的区域（区域：TST）"
    assert said["screens[1].function_key"] == "'F13'：必须是 F1 ... F12 之一"
    assert said["plant_analytics.timezone"] == "必须是时区名称，如 Asia/Shanghai（或留空）"
    assert said["plant_analytics.shifts.starts"] == "“25:00”不是时刻（如 06:00）"
    assert said["plant_analytics.tariff.peak"] == "“08:00”不是时段（如 23:00-07:00）"
    assert said["plant_analytics.energy.areas.NOPE"] == "不是项目中的区域（区域：TST）"
    assert said["plant_analytics.energy.areas.NOPE.power_tag"] == "请给出功率位号或吨单耗"
    assert said["plant_analytics.health.units.Loop.tags"] == "没有位号匹配 TST.NONE.*"
    assert said["plant_analytics.health.units.Loop.stopped_when"] == "未知位号 TST.GONE.X"
    assert said["areas.TST.report.trend[1].tags"] == "未知位号 TST.NO.SUCH"
    assert said["areas.TST.report.downtime[1].rate_factor"] == "必须是大于 0 的数字"
    assert said["areas.TST.report.downtime[1].stopped_when"].startswith("“x”不是条件：写作 TAG")


def test_an_unreadable_tag_list_and_config_error_in_chinese(tmp_path: Path, chinese: None) -> None:
    path = make_project(tmp_path)
    (tmp_path / "tags.csv").unlink()
    path.write_text(PROJECT.replace('"tags.csv"', '"tags.csv", "notes.txt"'), encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_project(path)
    said = sorted(p.message for p in error.value.problems)
    assert said[0] == "notes.txt：位号表必须是 .toml 或 .csv 文件"
    assert said[1].startswith("无法读取 tags.csv：")  # what the system says after the colon
    assert str(error.value).startswith("项目中有 2 个问题：\n")


def test_no_problem_text_is_kept_from_a_check_in_the_other_language(tmp_path: Path) -> None:
    path = make_project(tmp_path, tags=BAD_TAGS)
    english = check_project(path)
    set_language(Language.ZH_CN)
    try:
        chinese = check_project(path)
    finally:
        set_language(Language.EN)
    assert [p.path for p in chinese] == [p.path for p in english]
    assert all(c.message != e.message for c, e in zip(chinese, english, strict=True))
    assert check_project(path) == english
    said = by_path(english)
    assert said["tags.TST.BAD.ONE.range"] == "low 10 must be below high 0"
    assert said["tags.TST.BAD.TWO.type"] == "unknown type 'complex' (float, int, bool or string)"


def test_an_opc_ua_node_of_the_wrong_type_is_explained_in_chinese(chinese: None) -> None:
    source = "opcua://dcs/ns=2;s=X"
    tag = TagDef("TST.X.PV", source, parse_address(source), data_type=DataType.BOOL)
    why = mismatch(tag, "ns=2;s=X", ua.VariantType.Double)
    assert why == (
        "类型不符：位号 TST.X.PV 为 bool，节点 ns=2;s=X 为 Double（bool 位号需要 Boolean 节点）"
    )


# the check command --------------------------------------------------------------------------


def check_in_chinese(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    try:
        code = main.main(["--lang", "zh_CN", "check", str(path)])
    finally:
        set_language(Language.EN)
    return code, capsys.readouterr().out.splitlines()


def test_check_prints_the_demo_s_ok_line_in_chinese(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def no_servers(*args: object, **kwargs: object) -> list[ServerCheck]:
        return []  # the OPC UA servers are not asked: none runs here

    monkeypatch.setattr(opcua_check, "check_servers", no_servers)
    code, lines = check_in_chinese(DEMO_PROJECT, capsys)
    assert code == 0
    assert lines == [
        f"{DEMO_PROJECT}：OK：项目“演示装置”，位号 346 个，连接 3 个，区域 3 个，画面 12 个"
    ]


def test_check_prints_every_problem_of_a_broken_demo_copy_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "demo"
    shutil.copytree(DEMO_FOLDER, folder)
    tags = folder / "cwp.toml"
    text = tags.read_text(encoding="utf-8")
    tags.write_text(text.replace('type=float32&order=CDAB"', 'type=float32&order=XYZW"', 1))
    code, lines = check_in_chinese(folder / "demo.toml", capsys)
    assert code == 1
    assert lines[0].startswith("cwp.toml:10: tags.CWP.FEED.TPH.source: “modbus://plc-cwp/1/ir/0")
    assert lines[0].endswith("：未知字序“XYZW”（ABCD、CDAB、BADC 或 DCBA）")
    assert lines[1] == "demo.toml:93: areas.CWP.report.downtime[1].running: 未知位号 CWP.FEED.TPH"
    assert lines[-1] == "4 个问题；未加载任何内容"


def test_the_store_and_the_server_sections_say_their_problems_in_chinese(
    tmp_path: Path, chinese: None
) -> None:
    project = PROJECT + '\n[store]\nurl = "mysql://db/x"\n\n[server]\nbroker = "http://x"\n'
    said = by_path(check_project(make_project(tmp_path, project=project)))
    assert said["store.url"] == (
        "'mysql://db/x' 不是存储 URL：请用 sqlite 或 postgresql://user@host:port/db"
    )
    assert said["server.broker"] == "broker URL 'http://x' 必须以 mqtt:// 或 mqtts:// 开头"


def test_check_prints_a_screen_problem_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "demo"
    shutil.copytree(DEMO_FOLDER, folder)
    project = folder / "demo.toml"
    text = project.read_text(encoding="utf-8")
    project.write_text(text.replace('builtin = "', 'builtin = "no-', 1), encoding="utf-8")
    code, lines = check_in_chinese(project, capsys)
    assert code == 1
    assert lines[0].startswith("demo.toml: screens[2].builtin: “no-emm”")
    assert "”不是操作台的画面（内置：" in lines[0]
    assert lines[-1] == "画面中有 1 个问题"
