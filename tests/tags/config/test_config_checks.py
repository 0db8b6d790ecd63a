"""Project files are checked: alarms, sources, ranges, settings, lines, all problems at once."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tags.address import Scheme
from tags.config import taglist
from tags.config.problems import ConfigError
from tags.config.project import load_project
from tags.drivers.registry import DRIVERS
from tests.tags.config.config_projects import (
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


def test_a_source_whose_scheme_has_no_driver_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    without_sim = {k: v for k, v in DRIVERS.items() if k is not Scheme.SIM}
    monkeypatch.setattr(taglist, "DRIVERS", without_sim)
    tags = with_tags("""
        [tags."TST.X.PV"]
        source = "sim://memory/X"
        """)
    found = summaries(refused(make_project(tmp_path, tags=tags)))
    assert "tags.toml: tags.TST.X.PV.source: no driver reads sim:// sources" in found


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
