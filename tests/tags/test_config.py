"""Project files: a good project loads; every bad input is reported, all at once, and nothing loads.

Each problem names its file, the line where it is known, and the dotted path of the field.
Projects are written into tmp_path: a project TOML, a TOML tag list and a CSV tag list.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tags.address import ModbusAddress, ModbusTable, ModbusType, OpcUaAddress, SimAddress
from tags.config import check_project, load_project
from tags.connections import ModbusConnection, OpcUaConnection
from tags.model import AlarmKind, DataType, Priority
from tags.problems import ConfigError, ConfigProblem

PROJECT = """\
[project]
name = "Bench"
description = "A test bench"
tag_files = ["tags.toml", "tags.csv"]

[areas.TST]
description = "Test bench"

[scan_classes]
turbo = 0.1

[connections.plc]
kind = "modbus"
host = "127.0.0.1"
port = 5020
timeout = 1

[connections.dcs]
kind = "opcua"
url = "opc.tcp://127.0.0.1:4840"
security = "Basic256Sha256_Sign"

[security]
min_password_length = 10

[historian]
retention_days = 30

[writes]
readback_timeout = 2
"""

TAGS = """\
[tags."TST.FIC1.PV"]
description = "Feed flow"
unit = "m³/h"
source = "modbus://plc/1/hr/100?type=float32&order=CDAB"
range = [0, 100]
normal = [20, 80]
format = ".1f"
scan = "turbo"
deadband = 0.5

[tags."TST.FIC1.PV".alarms]
lo = 10
hi = { limit = 90, priority = "high", on_delay = 5, message = "Feed flow high" }
hihi = { limit = 95, priority = "critical" }
dev_hi = { limit = 5, setpoint = "TST.FIC1.SP" }

[tags."TST.FIC1.SP"]
unit = "m³/h"
source = "opcua://dcs/ns=2;s=FIC1.SP"
range = [0, 100]
writable = true
write_limits = [10, 90]

[tags."TST.PUMP1.RUN"]
type = "bool"
source = "modbus://plc/1/co/5"
writable = true
states = { 0 = "STOPPED", 1 = "RUNNING" }
alarms = { discrete = { state = false, priority = "medium" } }
"""

CSV = """\
name,description,unit,type,source,range_low,range_high,lo,hi,scan,writable,write_low,write_high,states
TST.TANK1.LEVEL,Tank level,%,float,sim://signal/sine?low=0&high=100,0,100,10,90,slow,,,,
TST.TANK1.SP,Level setpoint,%,float,sim://memory/LSP?initial=50,0,100,,,,true,5,95,
TST.MIX1.STATE,Mixer state,,int,modbus://plc/1/ir/7?type=uint16,,,,,,,,,0=OFF;1=ON;2=FAULT
"""

ALL_TAGS = {
    "TST.FIC1.PV",
    "TST.FIC1.SP",
    "TST.PUMP1.RUN",
    "TST.TANK1.LEVEL",
    "TST.TANK1.SP",
    "TST.MIX1.STATE",
}


def make_project(
    tmp_path: Path, *, project: str = PROJECT, tags: str = TAGS, csv: str = CSV
) -> Path:
    (tmp_path / "tags.toml").write_text(tags, encoding="utf-8")
    (tmp_path / "tags.csv").write_text(csv, encoding="utf-8")
    path = tmp_path / "project.toml"
    path.write_text(project, encoding="utf-8")
    return path


def with_tags(extra: str) -> str:
    """The good TOML tag list plus more tables."""
    return TAGS + "\n" + textwrap.dedent(extra)


def with_rows(*rows: str) -> str:
    """The good CSV tag list plus more rows (same columns)."""
    return CSV + "".join(row + "\n" for row in rows)


def line_number(text: str, needle: str) -> int:
    """The 1-based line of the only line of ``text`` that contains ``needle``."""
    found = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(found) == 1, f"{needle!r} is on lines {found}"
    return found[0]


def refused(path: Path) -> list[ConfigProblem]:
    """Load a bad project: it must raise ConfigError; check_project must report the same."""
    with pytest.raises(ConfigError) as error:
        load_project(path)
    assert check_project(path) == error.value.problems
    assert error.value.problems, "a ConfigError must carry at least one problem"
    return error.value.problems


def summaries(problems: list[ConfigProblem]) -> list[str]:
    """'file: path: message' of each problem (lines are checked by their own tests)."""
    return [str(ConfigProblem(p.file, None, p.path, p.message)) for p in problems]


def only(path: Path) -> ConfigProblem:
    problems = refused(path)
    assert len(problems) == 1, summaries(problems)
    return problems[0]


# the good project -------------------------------------------------------------------------


def test_valid_project_loads_every_tag_from_toml_and_csv(tmp_path: Path) -> None:
    project = load_project(make_project(tmp_path))
    assert project.name == "Bench"
    assert project.description == "A test bench"
    assert not project.demo
    assert set(project.tags) == ALL_TAGS
    assert set(project.areas) == {"TST"}
    assert project.scan_classes == {"fast": 0.25, "normal": 1.0, "slow": 5.0, "turbo": 0.1}


def test_valid_project_has_no_problems(tmp_path: Path) -> None:
    assert check_project(make_project(tmp_path)) == []


def test_toml_tag_is_loaded_with_every_setting(tmp_path: Path) -> None:
    tag = load_project(make_project(tmp_path)).tags["TST.FIC1.PV"]
    assert tag.area == "TST"
    assert tag.data_type is DataType.FLOAT
    assert (tag.description, tag.unit, tag.display_format) == ("Feed flow", "m³/h", ".1f")
    assert (tag.eng_low, tag.eng_high, tag.normal_low, tag.normal_high) == (0, 100, 20, 80)
    assert (tag.scan_class, tag.scan_period, tag.deadband) == ("turbo", 0.1, 0.5)
    assert isinstance(tag.address, ModbusAddress)
    assert (tag.address.offset, tag.address.type) == (100, ModbusType.FLOAT32)
    assert not tag.writable


def test_toml_alarms_are_loaded_with_limits_and_priorities(tmp_path: Path) -> None:
    tag = load_project(make_project(tmp_path)).tags["TST.FIC1.PV"]
    alarms = {a.kind: a for a in tag.alarms}
    assert set(alarms) == {AlarmKind.LO, AlarmKind.HI, AlarmKind.HIHI, AlarmKind.DEVIATION_HI}
    assert (alarms[AlarmKind.LO].limit, alarms[AlarmKind.LO].priority) == (10, Priority.LOW)
    hi = alarms[AlarmKind.HI]
    assert (hi.limit, hi.priority, hi.on_delay, hi.message) == (
        90,
        Priority.HIGH,
        5,
        "Feed flow high",
    )
    assert alarms[AlarmKind.HIHI].priority is Priority.CRITICAL
    assert alarms[AlarmKind.DEVIATION_HI].setpoint_tag == "TST.FIC1.SP"


def test_writable_tag_keeps_its_write_limits(tmp_path: Path) -> None:
    tag = load_project(make_project(tmp_path)).tags["TST.FIC1.SP"]
    assert isinstance(tag.address, OpcUaAddress)
    assert tag.writable
    assert (tag.write_low, tag.write_high) == (10, 90)


def test_bool_tag_keeps_its_state_names_and_discrete_alarm(tmp_path: Path) -> None:
    tag = load_project(make_project(tmp_path)).tags["TST.PUMP1.RUN"]
    assert tag.data_type is DataType.BOOL
    assert tag.states == {0: "STOPPED", 1: "RUNNING"}
    (alarm,) = tag.alarms
    assert (alarm.kind, alarm.limit, alarm.priority) == (AlarmKind.DISCRETE, 0, Priority.MEDIUM)


def test_csv_rows_become_the_same_tag_definitions(tmp_path: Path) -> None:
    tags = load_project(make_project(tmp_path)).tags
    level = tags["TST.TANK1.LEVEL"]
    assert isinstance(level.address, SimAddress)
    assert (level.description, level.unit, level.eng_low, level.eng_high) == (
        "Tank level",
        "%",
        0,
        100,
    )
    assert {a.kind: a.limit for a in level.alarms} == {AlarmKind.LO: 10, AlarmKind.HI: 90}
    assert level.scan_period == 5.0
    setpoint = tags["TST.TANK1.SP"]
    assert (setpoint.writable, setpoint.write_low, setpoint.write_high) == (True, 5, 95)
    state = tags["TST.MIX1.STATE"]
    assert state.data_type is DataType.INT
    assert state.states == {0: "OFF", 1: "ON", 2: "FAULT"}
    assert isinstance(state.address, ModbusAddress)
    assert state.address.table is ModbusTable.INPUT_REGISTER


def test_connections_and_project_settings_are_loaded(tmp_path: Path) -> None:
    project = load_project(make_project(tmp_path))
    assert project.connections["plc"] == ModbusConnection("plc", "127.0.0.1", 5020, timeout=1.0)
    dcs = project.connections["dcs"]
    assert isinstance(dcs, OpcUaConnection)
    assert dcs.security == "Basic256Sha256_Sign"
    assert project.security.min_password_length == 10
    assert project.historian.retention_days == 30
    assert project.writes.readback_timeout == 2


def test_opcua_trusted_certificates_list_is_loaded_as_a_tuple(tmp_path: Path) -> None:
    text = PROJECT.replace(
        'security = "Basic256Sha256_Sign"',
        'security = "Basic256Sha256_Sign"\ntrust = "list"\ntrusted_certificates = ["dcs.der"]',
    )
    dcs = load_project(make_project(tmp_path, project=text)).connections["dcs"]
    assert isinstance(dcs, OpcUaConnection)
    assert (dcs.trust, dcs.trusted_certificates) == ("list", ("dcs.der",))


def test_opcua_trusted_certificates_must_be_a_list_of_text(tmp_path: Path) -> None:
    text = PROJECT.replace(
        'security = "Basic256Sha256_Sign"',
        'security = "Basic256Sha256_Sign"\ntrusted_certificates = [1]',
    )
    assert summaries(refused(make_project(tmp_path, project=text))) == [
        "project.toml: connections.dcs.trusted_certificates: must be a list of text, not list"
    ]


def test_the_sample_signal_project_loads() -> None:
    sample = Path(__file__).resolve().parent.parent / "data" / "signals" / "project.toml"
    project = load_project(sample)
    assert len(project.tags) == 8
    assert check_project(sample) == []


# malformed files -------------------------------------------------------------------------


def test_toml_syntax_error_in_the_project_reports_file_and_line(tmp_path: Path) -> None:
    text = PROJECT.replace('host = "127.0.0.1"', "host = 127.0.0.1")
    problem = only(make_project(tmp_path, project=text))
    assert problem.file == "project.toml"
    assert problem.message.startswith("not valid TOML")
    assert problem.line == line_number(text, "host = 127.0.0.1")
    assert str(problem).startswith(f"project.toml:{problem.line}: not valid TOML")


def test_toml_syntax_error_in_a_tag_list_reports_file_and_line(tmp_path: Path) -> None:
    text = TAGS.replace('format = ".1f"', 'format = ".1f')
    problem = only(make_project(tmp_path, tags=text))
    assert problem.file == "tags.toml"
    assert problem.message.startswith("not valid TOML")
    assert problem.line == line_number(text, 'format = ".1f')


def test_unreadable_tag_list_is_reported_in_the_project(tmp_path: Path) -> None:
    path = make_project(tmp_path, project=PROJECT.replace('"tags.csv"', '"missing.csv"'))
    problem = only(path)
    assert (problem.file, problem.path) == ("project.toml", "project.tag_files")
    assert problem.message.startswith("cannot read missing.csv")


@pytest.mark.parametrize(
    "header", ["description,source,unit", "name,description,unit"], ids=["no name", "no source"]
)
def test_csv_without_name_or_source_column_is_refused(tmp_path: Path, header: str) -> None:
    problem = only(make_project(tmp_path, csv=f"{header}\nA,B,C\n"))
    assert str(problem) == ("tags.csv:1: a CSV tag list needs at least the columns name and source")


def test_csv_unknown_column_is_refused_at_line_1(tmp_path: Path) -> None:
    csv = "name,source,colour\nTST.A.PV,sim://memory/A,red\n"
    problem = only(make_project(tmp_path, csv=csv))
    assert str(problem).startswith("tags.csv:1: colour: unknown column (known: deadband, ")


def test_csv_limit_that_is_not_a_number_is_reported_with_its_line(tmp_path: Path) -> None:
    csv = with_rows("TST.TANK2.LEVEL,,%,float,sim://memory/L2,0,100,ten,90,,,,,")
    problem = only(make_project(tmp_path, csv=csv))
    assert str(problem) == "tags.csv:5: tags.TST.TANK2.LEVEL.lo: 'ten' is not a number"


def test_csv_range_that_is_not_a_number_is_reported_with_its_line(tmp_path: Path) -> None:
    csv = with_rows("TST.TANK2.LEVEL,,%,float,sim://memory/L2,0,1e,,,,,,,")
    problem = refused(make_project(tmp_path, csv=csv))[0]
    assert str(problem) == "tags.csv:5: tags.TST.TANK2.LEVEL.range_high: '1e' is not a number"


def test_csv_writable_that_is_not_yes_or_no_is_refused(tmp_path: Path) -> None:
    # "ture" must not silently make a read-only tag; TOML refuses writable = "ture" as well
    csv = with_rows("TST.TANK2.SP,,%,float,sim://memory/L2SP,,,,,,ture,,,")
    problem = only(make_project(tmp_path, csv=csv))
    assert (problem.file, problem.line, problem.path) == (
        "tags.csv",
        5,
        "tags.TST.TANK2.SP.writable",
    )


def test_csv_row_problems_report_the_row_line(tmp_path: Path) -> None:
    csv = with_rows("TST.TANK2.LEVEL,,%,float,sim://memory/L2,,,,,warp,,,,")
    problem = only(make_project(tmp_path, csv=csv))
    assert str(problem) == (
        "tags.csv:5: tags.TST.TANK2.LEVEL.scan: unknown scan class 'warp' "
        "(known: ['fast', 'normal', 'slow', 'turbo'])"
    )


# duplicate names -------------------------------------------------------------------------


def test_duplicate_row_in_one_csv_names_where_it_was_first_defined(tmp_path: Path) -> None:
    csv = with_rows("TST.TANK1.LEVEL,again,%,float,sim://memory/X,,,,,,,,,")
    problem = only(make_project(tmp_path, csv=csv))
    assert str(problem) == (
        "tags.csv:5: tags.TST.TANK1.LEVEL: duplicate tag name (first defined in tags.csv:2)"
    )


def test_duplicate_table_in_one_toml_file_is_refused(tmp_path: Path) -> None:
    tags = with_tags("""
        [tags."TST.FIC1.SP"]
        source = "sim://memory/X"
        """)
    problem = only(make_project(tmp_path, tags=tags))
    assert problem.file == "tags.toml"
    assert problem.message.startswith("not valid TOML")
    assert "TST.FIC1.SP" in problem.message


def test_duplicate_across_toml_and_csv_names_the_first_file_and_line(tmp_path: Path) -> None:
    csv = with_rows("TST.FIC1.PV,again,%,float,sim://memory/X,,,,,,,,,")
    problem = only(make_project(tmp_path, csv=csv))
    assert str(problem) == (
        "tags.csv:5: tags.TST.FIC1.PV: duplicate tag name (first defined in tags.toml:1)"
    )


# references ------------------------------------------------------------------------------


def test_unknown_connection_is_refused(tmp_path: Path) -> None:
    tags = with_tags("""
        [tags."TST.X.PV"]
        source = "modbus://plc9/1/hr/0"
        """)
    assert summaries(refused(make_project(tmp_path, tags=tags))) == [
        "tags.toml: tags.TST.X.PV.source: unknown connection 'plc9' (not in [connections])"
    ]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("modbus://dcs/1/hr/0", "connection 'dcs' is opcua, not modbus"),
        ("opcua://plc/ns=2;s=X", "connection 'plc' is modbus, not opcua"),
    ],
)
def test_connection_of_the_wrong_kind_is_refused(tmp_path: Path, source: str, message: str) -> None:
    tags = with_tags(f"""
        [tags."TST.X.PV"]
        source = "{source}"
        """)
    assert summaries(refused(make_project(tmp_path, tags=tags))) == [
        f"tags.toml: tags.TST.X.PV.source: {message}"
    ]


def test_unknown_area_is_refused(tmp_path: Path) -> None:
    tags = with_tags("""
        [tags."CWP.X.PV"]
        source = "sim://memory/X"
        """)
    assert summaries(refused(make_project(tmp_path, tags=tags))) == [
        "tags.toml: tags.CWP.X.PV: area 'CWP' is not declared in [areas]"
    ]


def test_unknown_scan_class_is_refused_listing_the_known_ones(tmp_path: Path) -> None:
    tags = with_tags("""
        [tags."TST.X.PV"]
        source = "sim://memory/X"
        scan = "warp"
        """)
    assert summaries(refused(make_project(tmp_path, tags=tags))) == [
        "tags.toml: tags.TST.X.PV.scan: unknown scan class 'warp' "
        "(known: ['fast', 'normal', 'slow', 'turbo'])"
    ]


def test_tag_name_must_be_area_unit_point(tmp_path: Path) -> None:
    tags = with_tags("""
        [tags."TST.flow"]
        source = "sim://memory/X"
        """)
    assert summaries(refused(make_project(tmp_path, tags=tags))) == [
        "tags.toml: tags.TST.flow: tag names are AREA.UNIT.POINT: "
        "upper case letters, digits, _ and dots"
    ]


# unknown keys at every level -------------------------------------------------------------


def test_unknown_section_in_the_project_is_refused(tmp_path: Path) -> None:
    problem = only(make_project(tmp_path, project=PROJECT + "\n[alarms]\nflood = 10\n"))
    assert problem.file == "project.toml"
    assert problem.path == "alarms"
    assert problem.message.startswith("unknown section (known: areas, connections, historian, ")


def test_unknown_key_in_project_table_is_refused(tmp_path: Path) -> None:
    text = PROJECT.replace('name = "Bench"', 'name = "Bench"\nauthor = "me"')
    assert summaries(refused(make_project(tmp_path, project=text))) == [
        "project.toml: project.author: unknown key (known: demo, description, name, tag_files)"
    ]


def test_unknown_key_in_an_area_is_refused(tmp_path: Path) -> None:
    text = PROJECT.replace('description = "Test bench"', 'description = "Test bench"\ncolour = 1')
    assert summaries(refused(make_project(tmp_path, project=text))) == [
        "project.toml: areas.TST.colour: unknown key (known: description)"
    ]


def test_unknown_key_in_a_connection_is_refused(tmp_path: Path) -> None:
    text = PROJECT.replace("port = 5020", "port = 5020\nslave = 3")
    problem = only(make_project(tmp_path, project=text))
    assert (problem.file, problem.path) == ("project.toml", "connections.plc.slave")
    assert problem.message.startswith("unknown key (known: host, port, timeout, retries, ")


def test_unknown_key_in_a_settings_section_is_refused(tmp_path: Path) -> None:
    text = PROJECT.replace("retention_days = 30", "retention_days = 30\nkeep = true")
    problem = only(make_project(tmp_path, project=text))
    assert (problem.file, problem.path) == ("project.toml", "historian.keep")
    assert problem.message.startswith("unknown key (known: retention_days, ")


def test_unknown_key_in_a_tag_is_refused(tmp_path: Path) -> None:
    tags = TAGS.replace('format = ".1f"', 'format = ".1f"\ncolor = "red"')
    assert summaries(refused(make_project(tmp_path, tags=tags))) == [
        "tags.toml: tags.TST.FIC1.PV.color: unknown key (known: alarms, deadband, description, "
        "format, normal, range, scan, source, states, type, unit, writable, write_limits)"
    ]


def test_unknown_key_in_an_alarm_is_refused(tmp_path: Path) -> None:
    tags = TAGS.replace('priority = "critical"', 'priority = "critical", sound = "horn"')
    problem = only(make_project(tmp_path, tags=tags))
    assert (problem.file, problem.path) == ("tags.toml", "tags.TST.FIC1.PV.alarms.hihi.sound")
    assert problem.message.startswith("unknown key (known: action, consequence, deadband, ")


def test_unknown_alarm_kind_is_refused(tmp_path: Path) -> None:
    tags = TAGS.replace("lo = 10", "lo = 10\nvery_hi = 99")
    problem = only(make_project(tmp_path, tags=tags))
    assert (problem.file, problem.path) == ("tags.toml", "tags.TST.FIC1.PV.alarms.very_hi")
    assert problem.message.startswith("unknown alarm kind (known: hihi, hi, lo, lolo, ")


def test_unknown_section_in_a_tag_list_is_refused(tmp_path: Path) -> None:
    tags = "[meta]\nauthor = 'me'\n\n" + TAGS
    assert summaries(refused(make_project(tmp_path, tags=tags))) == [
        'tags.toml: meta: unknown section (a tag list holds only [tags."NAME"] tables)'
    ]


# alarms ----------------------------------------------------------------------------------


def test_alarm_limits_out_of_order_name_the_limit_and_its_line(tmp_path: Path) -> None:
    tags = TAGS.replace("lo = 10", "lo = 10\nhi = 99").replace(
        'hi = { limit = 90, priority = "high", on_delay = 5, message = "Feed flow high" }\n', ""
    )
    problem = only(make_project(tmp_path, tags=tags))
    line = line_number(tags, "hi = 99")
    assert str(problem) == f"tags.toml:{line}: tags.TST.FIC1.PV.alarms.hi: must be below hihi"


def test_lo_above_hi_is_refused(tmp_path: Path) -> None:
    tags = TAGS.replace("lo = 10", "lo = 92")
    assert summaries(refused(make_project(tmp_path, tags=tags))) == [
        "tags.toml: tags.TST.FIC1.PV.alarms.lo: must be below hi"
    ]


def test_deviation_alarm_without_setpoint_is_refused(tmp_path: Path) -> None:
    tags = TAGS.replace('dev_hi = { limit = 5, setpoint = "TST.FIC1.SP" }', "dev_hi = 5")
    assert summaries(refused(make_project(tmp_path, tags=tags))) == [
        "tags.toml: tags.TST.FIC1.PV.alarms.dev_hi.setpoint: "
        'a deviation alarm needs setpoint = "<tag name>"'
    ]


def test_deviation_alarm_pointing_at_a_missing_tag_is_refused(tmp_path: Path) -> None:
    tags = TAGS.replace('setpoint = "TST.FIC1.SP"', 'setpoint = "TST.FIC9.SP"')
    problem = only(make_project(tmp_path, tags=tags))
    assert str(problem) == (
        "tags.toml:1: tags.TST.FIC1.PV.alarms.dev_hi.setpoint: unknown tag 'TST.FIC9.SP'"
    )


def test_deviation_alarm_pointing_at_a_bool_tag_is_refused(tmp_path: Path) -> None:
    tags = TAGS.replace('setpoint = "TST.FIC1.SP"', 'setpoint = "TST.PUMP1.RUN"')
    assert summaries(refused(make_project(tmp_path, tags=tags))) == [
        "tags.toml: tags.TST.FIC1.PV.alarms.dev_hi.setpoint: 'TST.PUMP1.RUN' is not a numeric tag"
    ]


def test_setpoint_tag_with_its_own_problem_is_not_called_unknown(tmp_path: Path) -> None:
    # TST.FIC1.SP is defined (with a bad write limit): the deviation alarm that points at it
    # must not add a misleading "unknown tag" problem on top of the real one
    tags = TAGS.replace("write_limits = [10, 90]", "write_limits = [10, 150]")
    assert summaries(refused(make_project(tmp_path, tags=tags))) == [
        "tags.toml: tags.TST.FIC1.SP.write_limits: must lie within range [0.0, 100.0]"
    ]


def test_analog_alarm_on_a_bool_tag_is_refused(tmp_path: Path) -> None:
    tags = TAGS.replace("alarms = { discrete", "alarms = { hi = 1, discrete")
    assert summaries(refused(make_project(tmp_path, tags=tags))) == [
        "tags.toml: tags.TST.PUMP1.RUN.alarms.hi: a hi alarm needs a numeric tag, not bool"
    ]


# sources ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "s7://plc/DB1",
            "'s7://plc/DB1': unknown scheme 's7' (expected one of modbus, opcua, sim)",
        ),
        ("modbus://plc/1/hr/70000", "'modbus://plc/1/hr/70000': offset 70000 outside 0..65535"),
        (
            "modbus://plc/1/hr/0?type=bool",
            "'modbus://plc/1/hr/0?type=bool': a bool in a register needs bit=0..15",
        ),
        ("sim://memory", "'sim://memory': missing point name after the model"),
    ],
)
def test_invalid_source_uri_is_refused_with_the_parser_reason(
    tmp_path: Path, source: str, message: str
) -> None:
    tags = with_tags(f"""
        [tags."TST.X.PV"]
        source = "{source}"
        """)
    assert summaries(refused(make_project(tmp_path, tags=tags))) == [
        f"tags.toml: tags.TST.X.PV.source: {message}"
    ]


def test_tag_without_source_is_refused(tmp_path: Path) -> None:
    tags = with_tags("""
        [tags."TST.X.PV"]
        unit = "bar"
        """)
    assert summaries(refused(make_project(tmp_path, tags=tags))) == [
        "tags.toml: tags.TST.X.PV.source: missing: every tag needs a source URI"
    ]


def test_tag_type_must_match_the_modbus_encoding(tmp_path: Path) -> None:
    tags = with_tags("""
        [tags."TST.X.RUN"]
        type = "bool"
        source = "modbus://plc/1/hr/0?type=float32"
        """)
    assert summaries(refused(make_project(tmp_path, tags=tags))) == [
        "tags.toml: tags.TST.X.RUN.source: a bool tag cannot be read as Modbus type float32"
    ]


# ranges and write limits -----------------------------------------------------------------


def test_write_limits_outside_the_range_are_refused(tmp_path: Path) -> None:
    tags = with_tags("""
        [tags."TST.X.SP"]
        source = "sim://memory/X"
        range = [0, 100]
        writable = true
        write_limits = [10, 150]
        """)
    assert summaries(refused(make_project(tmp_path, tags=tags))) == [
        "tags.toml: tags.TST.X.SP.write_limits: must lie within range [0.0, 100.0]"
    ]


def test_write_limits_on_a_read_only_tag_are_refused(tmp_path: Path) -> None:
    tags = with_tags("""
        [tags."TST.X.PV"]
        source = "sim://memory/X"
        write_limits = [0, 10]
        """)
    assert summaries(refused(make_project(tmp_path, tags=tags))) == [
        "tags.toml: tags.TST.X.PV.write_limits: given for a tag that is not writable"
    ]


@pytest.mark.parametrize(
    ("source", "table"),
    [("modbus://plc/1/ir/3", "input_register"), ("modbus://plc/1/di/3", "discrete_input")],
)
def test_writable_tag_on_a_read_only_modbus_table_is_refused(
    tmp_path: Path, source: str, table: str
) -> None:
    data_type = "bool" if "/di/" in source else "float"
    tags = with_tags(f"""
        [tags."TST.X.SP"]
        type = "{data_type}"
        source = "{source}"
        writable = true
        """)
    assert summaries(refused(make_project(tmp_path, tags=tags))) == [
        f"tags.toml: tags.TST.X.SP.writable: {table} table is read-only in Modbus"
    ]


def test_write_limits_on_a_read_only_modbus_table_are_refused(tmp_path: Path) -> None:
    tags = with_tags("""
        [tags."TST.X.SP"]
        source = "modbus://plc/1/ir/3"
        writable = true
        write_limits = [0, 10]
        """)
    assert summaries(refused(make_project(tmp_path, tags=tags))) == [
        "tags.toml: tags.TST.X.SP.writable: input_register table is read-only in Modbus"
    ]


def test_range_low_must_be_below_high(tmp_path: Path) -> None:
    tags = TAGS.replace("range = [0, 100]\nnormal", "range = [100, 0]\nnormal")
    assert summaries(refused(make_project(tmp_path, tags=tags))) == [
        "tags.toml: tags.TST.FIC1.PV.range: low 100 must be below high 0"
    ]


def test_normal_band_outside_the_range_is_refused(tmp_path: Path) -> None:
    tags = TAGS.replace("normal = [20, 80]", "normal = [20, 180]")
    assert summaries(refused(make_project(tmp_path, tags=tags))) == [
        "tags.toml: tags.TST.FIC1.PV.normal: normal band [20.0, 180.0] "
        "must lie within range [0.0, 100.0]"
    ]


def test_format_that_is_not_a_format_spec_is_refused(tmp_path: Path) -> None:
    tags = TAGS.replace('format = ".1f"', 'format = "%.1f"')
    assert summaries(refused(make_project(tmp_path, tags=tags))) == [
        "tags.toml: tags.TST.FIC1.PV.format: '%.1f' is not a Python format spec such as '.2f'"
    ]


# connections and settings ----------------------------------------------------------------


def test_connection_port_out_of_range_is_refused(tmp_path: Path) -> None:
    text = PROJECT.replace("port = 5020", "port = 70000")
    assert summaries(refused(make_project(tmp_path, project=text))) == [
        "project.toml: connections.plc.port: 70000 outside 1..65535"
    ]


def test_connection_field_of_the_wrong_type_is_refused(tmp_path: Path) -> None:
    text = PROJECT.replace("timeout = 1", 'timeout = "fast"').replace("port = 5020", 'port = "502"')
    assert summaries(refused(make_project(tmp_path, project=text))) == [
        "project.toml: connections.plc.port: must be a whole number, not str",
        "project.toml: connections.plc.timeout: must be a number, not str",
    ]


def test_connection_without_its_required_field_is_refused(tmp_path: Path) -> None:
    text = PROJECT.replace('url = "opc.tcp://127.0.0.1:4840"\n', "")
    assert summaries(refused(make_project(tmp_path, project=text))) == [
        "project.toml: connections.dcs.url: missing"
    ]


def test_connection_of_an_unknown_kind_is_refused(tmp_path: Path) -> None:
    text = PROJECT + '\n[connections.s7]\nkind = "s7"\nhost = "10.0.0.1"\n'
    assert summaries(refused(make_project(tmp_path, project=text))) == [
        "project.toml: connections.s7.kind: must be one of modbus, opcua"
    ]


def test_connection_choice_outside_its_choices_is_refused(tmp_path: Path) -> None:
    text = PROJECT.replace('"Basic256Sha256_Sign"', '"Basic128Rsa15"')
    assert summaries(refused(make_project(tmp_path, project=text))) == [
        "project.toml: connections.dcs.security: 'Basic128Rsa15' is not one of None, "
        "Basic256Sha256_Sign, Basic256Sha256_SignAndEncrypt"
    ]


def test_scan_class_faster_than_50_ms_is_refused(tmp_path: Path) -> None:
    text = PROJECT.replace("turbo = 0.1", "turbo = 0.01")
    problems = summaries(refused(make_project(tmp_path, project=text)))
    assert "project.toml: scan_classes.turbo: must be a period in seconds of at least 0.05" in (
        problems
    )


def test_project_without_a_name_is_refused(tmp_path: Path) -> None:
    text = PROJECT.replace('name = "Bench"\n', "")
    assert summaries(refused(make_project(tmp_path, project=text))) == [
        "project.toml: project.name: missing: give the project a name"
    ]


def test_security_setting_out_of_bounds_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    text = PROJECT.replace("min_password_length = 10", "max_failed_logins = 0")
    problem = only(make_project(tmp_path, project=text))
    assert (problem.file, problem.path) == ("project.toml", "security.max_failed_logins")


# lines -----------------------------------------------------------------------------------


def test_tag_problem_points_at_the_line_of_its_table_header(tmp_path: Path) -> None:
    tags = with_tags("""

        [tags."CWP.X.PV"]
        source = "sim://memory/X"
        """)
    problem = only(make_project(tmp_path, tags=tags))
    assert problem.line == line_number(tags, '[tags."CWP.X.PV"]')


def test_field_problem_points_at_the_line_of_the_field(tmp_path: Path) -> None:
    text = PROJECT.replace("port = 5020", "port = 70000")
    problem = only(make_project(tmp_path, project=text))
    assert str(problem) == (
        f"project.toml:{line_number(text, 'port = 70000')}: "
        "connections.plc.port: 70000 outside 1..65535"
    )


def test_field_after_a_list_value_points_at_the_line_of_the_field(tmp_path: Path) -> None:
    tags = textwrap.dedent("""\
        [tags."TST.X.SP"]
        source = "sim://memory/X"
        range = [0, 100]
        writable = true
        write_limits = [10, 150]
        """)
    problem = only(make_project(tmp_path, tags=TAGS + tags))  # no blank line before it
    assert problem.line == line_number(TAGS + tags, "write_limits = [10, 150]")


# everything at once ----------------------------------------------------------------------


def test_problems_in_several_files_are_all_reported_at_once(tmp_path: Path) -> None:
    project = PROJECT.replace("port = 5020", "port = 70000") + "\n[alarms]\nflood = 1\n"
    tags = TAGS.replace("normal = [20, 80]", "normal = [20, 180]").replace(
        'scan = "turbo"', 'scan = "warp"'
    )
    csv = with_rows("TST.TANK2.LEVEL,,%,float,sim://memory/L2,0,100,ten,90,,,,,")
    path = make_project(tmp_path, project=project, tags=tags, csv=csv)
    problems = refused(path)
    assert sorted((p.file, p.path) for p in problems) == [
        ("project.toml", "alarms"),
        ("project.toml", "connections.plc.port"),
        ("tags.csv", "tags.TST.TANK2.LEVEL.lo"),
        ("tags.toml", "tags.TST.FIC1.PV.normal"),
        ("tags.toml", "tags.TST.FIC1.PV.scan"),
    ]


def test_config_error_lists_every_problem_and_nothing_is_loaded(tmp_path: Path) -> None:
    tags = TAGS.replace('scan = "turbo"', 'scan = "warp"').replace("lo = 10", "lo = 92")
    with pytest.raises(ConfigError) as error:
        load_project(make_project(tmp_path, tags=tags))
    text = str(error.value)
    assert text.startswith("2 problem(s) in the project:\n")
    assert "tags.TST.FIC1.PV.scan: unknown scan class 'warp'" in text
    assert "tags.TST.FIC1.PV.alarms.lo: must be below hi" in text


def test_one_bad_tag_stops_the_whole_project_from_loading(tmp_path: Path) -> None:
    csv = with_rows("TST.TANK2.LEVEL,,%,float,s7://x,,,,,,,,,")
    problems = refused(make_project(tmp_path, csv=csv))
    assert [p.path for p in problems] == ["tags.TST.TANK2.LEVEL.source"]
