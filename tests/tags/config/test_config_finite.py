"""nan and inf (TOML literals, CSV cells) and a negative Modbus scale are configuration errors,
reported with the file, line and key like every other problem."""

from __future__ import annotations

from pathlib import Path

import pytest

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

NOT_FINITE = "is not a finite number (nan and inf are refused)"

# tags (TOML) -----------------------------------------------------------------------------


def test_nan_alarm_limit_is_refused_at_its_line(tmp_path: Path) -> None:
    tags = TAGS.replace("lo = 10", "lo = nan")
    problem = only(make_project(tmp_path, tags=tags))
    line = line_number(tags, "lo = nan")
    assert str(problem) == f"tags.toml:{line}: tags.TST.FIC1.PV.alarms.lo.limit: nan {NOT_FINITE}"


def test_nan_limit_in_an_alarm_table_is_refused_at_its_line(tmp_path: Path) -> None:
    tags = TAGS.replace("hihi = { limit = 95", "hihi = { limit = nan")
    problem = only(make_project(tmp_path, tags=tags))
    line = line_number(tags, "hihi = { limit = nan")
    assert str(problem) == (
        f"tags.toml:{line}: tags.TST.FIC1.PV.alarms.hihi.limit: nan {NOT_FINITE}"
    )


def test_infinite_range_is_refused_at_its_line(tmp_path: Path) -> None:
    tags = TAGS.replace("range = [0, 100]\nnormal", "range = [-inf, inf]\nnormal")
    problem = only(make_project(tmp_path, tags=tags))
    line = line_number(tags, "range = [-inf, inf]")
    assert str(problem) == f"tags.toml:{line}: tags.TST.FIC1.PV.range: -inf {NOT_FINITE}"


@pytest.mark.parametrize(
    ("before", "after", "key", "shown"),
    [
        ("normal = [20, 80]", "normal = [nan, 80]", "TST.FIC1.PV.normal", "nan"),
        ("write_limits = [10, 90]", "write_limits = [10, inf]", "TST.FIC1.SP.write_limits", "inf"),
        ("deadband = 0.5", "deadband = nan", "TST.FIC1.PV.deadband", "nan"),
        ("deadband = 0.5", "deadband = inf", "TST.FIC1.PV.deadband", "inf"),
        ("on_delay = 5", "on_delay = nan", "TST.FIC1.PV.alarms.hi.on_delay", "nan"),
        (
            "hihi = { limit = 95",
            "hihi = { limit = 95, deadband = inf",
            "TST.FIC1.PV.alarms.hihi.deadband",
            "inf",
        ),
        (
            "dev_hi = { limit = 5",
            "dev_hi = { limit = inf",
            "TST.FIC1.PV.alarms.dev_hi.limit",
            "inf",
        ),
    ],
)
def test_non_finite_tag_numbers_are_refused(
    tmp_path: Path, before: str, after: str, key: str, shown: str
) -> None:
    tags = TAGS.replace(before, after)
    assert summaries(refused(make_project(tmp_path, tags=tags))) == [
        f"tags.toml: tags.{key}: {shown} {NOT_FINITE}"
    ]


def test_non_finite_history_and_realarm_settings_are_refused(tmp_path: Path) -> None:
    tags = with_tags("""
        [tags."TST.X.PV"]
        source = "sim://memory/X"
        history = { deadband = nan, max_interval = inf }
        alarms = { realarm_minutes = nan, hi = 5 }
        """)
    assert summaries(refused(make_project(tmp_path, tags=tags))) == [
        f"tags.toml: tags.TST.X.PV.alarms.realarm_minutes: nan {NOT_FINITE}",
        f"tags.toml: tags.TST.X.PV.history.deadband: nan {NOT_FINITE}",
        f"tags.toml: tags.TST.X.PV.history.max_interval: inf {NOT_FINITE}",
    ]


@pytest.mark.parametrize(
    ("scale", "reason"),
    [("-0.1", "scale -0.1 must be above 0 (a negative scale"), ("0", "scale must not be 0")],
)
def test_negative_or_zero_modbus_scale_is_refused_at_the_source(
    tmp_path: Path, scale: str, reason: str
) -> None:
    tags = with_tags(f"""
        [tags."TST.X.PV"]
        source = "modbus://plc/1/hr/5?type=int16&scale={scale}"
        """)
    problem = only(make_project(tmp_path, tags=tags))
    assert (problem.file, problem.path) == ("tags.toml", "tags.TST.X.PV.source")
    assert problem.line == line_number(tags, f"scale={scale}")
    uri = f"modbus://plc/1/hr/5?type=int16&scale={scale}"
    assert problem.message.startswith(f"'{uri}': {reason}")


# tags (CSV) ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "column", "text"),
    [
        ("0,100,10,nan", "hi", "nan"),
        ("-inf,100,10,90", "range_low", "-inf"),
        ("0,INF,10,90", "range_high", "INF"),
    ],
)
def test_non_finite_csv_cell_is_refused_at_its_row(
    tmp_path: Path, cells: str, column: str, text: str
) -> None:
    row = f"TST.TANK2.LEVEL,,%,float,sim://memory/L2,{cells},,,,,"
    csv = with_rows(row)
    problem = only(make_project(tmp_path, csv=csv))
    shown = str(float(text))
    assert str(problem) == (
        f"tags.csv:{line_number(csv, 'TANK2')}: tags.TST.TANK2.LEVEL.{column}: "
        f"'{text}': {shown} {NOT_FINITE}"
    )


# project sections ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "key", "shown"),
    [
        ("timeout = 1", "timeout = nan", "connections.plc.timeout", "nan"),
        ("retention_days = 30", "retention_days = inf", "historian.retention_days", "inf"),
        ("readback_timeout = 2", "readback_timeout = nan", "writes.readback_timeout", "nan"),
        ("turbo = 0.1", "turbo = nan", "scan_classes.turbo", "nan"),
        ("turbo = 0.1", "turbo = inf", "scan_classes.turbo", "inf"),
    ],
)
def test_non_finite_section_numbers_are_refused_at_their_line(
    tmp_path: Path, before: str, after: str, key: str, shown: str
) -> None:
    text = PROJECT.replace(before, after)
    problems = refused(make_project(tmp_path, project=text))
    expected = f"project.toml:{line_number(text, after)}: {key}: {shown} {NOT_FINITE}"
    assert str(problems[0]) == expected
    others = [p for p in problems[1:] if p.file == "project.toml"]
    assert not others, others  # (a refused scan class also leaves its tags without one)
