"""Project files load: the good project, malformed files, duplicates, references, unknown keys.

Each problem names its file, the line where it is known, and the dotted path of the field.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tags.address import ModbusAddress, ModbusTable, ModbusType, OpcUaAddress, SimAddress
from tags.config.connections import ModbusConnection, OpcUaConnection
from tags.config.project import check_project, load_project
from tags.model import AlarmKind, DataType, Priority
from tests.paths import SIGNALS_PROJECT
from tests.tags.config.config_projects import (
    ALL_TAGS,
    PROJECT,
    TAGS,
    line_number,
    make_project,
    only,
    refused,
    summaries,
    with_rows,
    with_tags,
)

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
    project = load_project(SIGNALS_PROJECT)
    assert len(project.tags) == 8
    assert check_project(SIGNALS_PROJECT) == []


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
        "project.toml: project.author: unknown key (known: demo, description, name, name_zh, "
        "tag_files)"
    ]


def test_unknown_key_in_an_area_is_refused(tmp_path: Path) -> None:
    text = PROJECT.replace('description = "Test bench"', 'description = "Test bench"\ncolour = 1')
    assert summaries(refused(make_project(tmp_path, project=text))) == [
        "project.toml: areas.TST.colour: unknown key (known: description, description_zh, report)"
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
        "description_zh, format, history, normal, range, scan, source, states, states_zh, type, "
        "unit, writable, write_limits)"
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
