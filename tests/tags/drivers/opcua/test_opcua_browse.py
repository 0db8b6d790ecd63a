"""Browsing a server into a tag list: names from browse paths, types, units, access."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tags.config.connections import OpcUaConnection
from tags.config.problems import ProblemLog
from tags.config.taglist import TagContext, parse_tag
from tags.drivers.opcua.browse import (
    BrowsedVariable,
    browse_command,
    browse_to_tag_list,
    write_tag_list,
)
from tags.model import DataType
from tests.tags.drivers import opcua_server as srv

pytestmark = pytest.mark.slow  # real OPC UA servers, secured ones start in seconds


@pytest.fixture
def plain() -> srv.RemoteServer:
    return srv.server("plain")


def test_browse_lists_every_variable_with_name_type_unit_and_access(
    plain: srv.RemoteServer, tmp_path: Path
) -> None:
    found: list[BrowsedVariable] = []

    async def scenario() -> None:
        found.extend(await browse_to_tag_list(plain.url, connection_name="dcs", data_dir=tmp_path))

    srv.run(scenario())
    by_name = {v.name: v for v in found}
    assert set(by_name) == set(srv.POINTS), "Area.Unit.Point under Objects, no Server object"
    in_t = by_name["SCO2.COMP.IN_T"]
    assert in_t.node_id == "ns=2;s=SCO2.COMP.IN_T"
    assert (in_t.data_type, in_t.unit, in_t.writable) == (DataType.FLOAT, "°C", True)
    assert in_t.description == "Compressor inlet T"
    assert by_name["SCO2.COMP.RUN"].data_type is DataType.BOOL
    assert by_name["SCO2.COMP.SPEED_SP"].data_type is DataType.INT
    assert by_name["SCO2.COMP.SPEED_SP"].type_name == "Int16"
    assert by_name["SCO2.COMP.STATE"].data_type is DataType.STRING
    assert by_name["SCO2.COMP.LOCKED"].writable is False
    assert by_name["CWP.DMC.DENS"].unit == "t/m³"
    assert by_name["SCO2.COMP.FLOW"].description == "FLOW", "display name when no description"


def test_written_tag_list_is_accepted_by_the_project_loader(
    plain: srv.RemoteServer, tmp_path: Path
) -> None:
    out = tmp_path / "dcs_tags.toml"

    async def scenario() -> None:
        code = await browse_command(plain.url, out, "dcs", data_dir=tmp_path)
        assert code == 0

    srv.run(scenario())
    tables = tomllib.loads(out.read_text(encoding="utf-8"))["tags"]
    assert tables["SCO2.COMP.IN_T"] == {
        "description": "Compressor inlet T",
        "unit": "°C",
        "type": "float",
        "source": "opcua://dcs/ns=2;s=SCO2.COMP.IN_T",
        "writable": True,
    }
    context = TagContext(
        areas=frozenset({"SCO2", "CWP"}),
        connections={"dcs": OpcUaConnection("dcs", plain.url)},
        scan_classes={"normal": 1.0},
    )
    log = ProblemLog(str(out))
    parsed = [parse_tag(name, table, context, log) for name, table in tables.items()]
    assert not log.problems
    assert {tag.name for tag in parsed if tag is not None} == set(srv.POINTS)


def test_browse_command_reports_an_unreachable_server(tmp_path: Path) -> None:
    url = f"opc.tcp://127.0.0.1:{srv.free_port()}/"
    out = tmp_path / "tags.toml"

    async def scenario() -> None:
        assert await browse_command(url, out, "dcs", data_dir=tmp_path) == 1

    srv.run(scenario())
    assert not out.exists()


def test_tag_list_quotes_names_and_text_and_lists_what_was_left_out(tmp_path: Path) -> None:
    variables = [
        BrowsedVariable(
            "AREA.UNIT.TEXT",
            'ns=3;s=A "quoted"\\name',
            ("Area", "Unit", "Text"),
            'say "hi"\n',
            "",
            DataType.STRING,
            "String",
            False,
        ),
        BrowsedVariable(
            "AREA.UNIT.STRUCT", "ns=3;i=7", ("Area", "Unit", "Struct"), "", "", None, "X", False
        ),
    ]
    out = tmp_path / "t.toml"
    write_tag_list(variables, out, "plc")
    text = out.read_text(encoding="utf-8")
    tables = tomllib.loads(text)["tags"]
    assert tables["AREA.UNIT.TEXT"]["description"] == 'say "hi"\n'
    assert tables["AREA.UNIT.TEXT"]["source"] == 'opcua://plc/ns=3;s=A "quoted"\\name'
    assert "AREA.UNIT.STRUCT" not in tables
    assert "#   ns=3;i=7 (X): AREA.UNIT.STRUCT" in text


def test_main_py_browse_writes_a_tag_list_a_project_can_load(
    plain: srv.RemoteServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import main

    out = tmp_path / "dcs.toml"
    code = main.main(["--data-dir", str(tmp_path), "browse", plain.url, "--out", str(out),
                      "--connection", "dcs"])  # fmt: skip
    assert code == 0, capsys.readouterr()
    tags = tomllib.loads(out.read_text())["tags"]
    assert tags["SCO2.COMP.IN_T"]["source"] == "opcua://dcs/ns=2;s=SCO2.COMP.IN_T"
