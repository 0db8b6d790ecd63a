"""Project files for the loader tests: a valid project (TOML + CSV) and helpers to break it."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tags.config.problems import ConfigError, ConfigProblem
from tags.config.project import check_project, load_project

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
