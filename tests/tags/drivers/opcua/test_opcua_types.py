"""A tag whose type does not fit its OPC UA node's is a configuration fault, not a value.

The table is checked as logic; the rest against a real asyncua server on loopback with
Int32, Boolean, Double and String nodes: the driver, a write, and the ``check`` and ``read``
commands.
"""

from __future__ import annotations

import asyncio
import io
import json
import textwrap
from pathlib import Path

import pytest
from asyncua import ua

from commands import project as project_commands
from tags.clock import SystemClock
from tags.config.connections import OpcUaConnection
from tags.drivers.base import WriteError
from tags.drivers.opcua.driver import OpcUaDriver
from tags.drivers.opcua.types import ACCEPTS, mismatch
from tags.drivers.opcua.values import variant_data_type
from tags.model import DataType, Quality, TagDef
from tests.tags.drivers import opcua_server as srv

MODE, RUN, IN_T, STATE = "SCO2.COMP.MODE", "SCO2.COMP.RUN", "SCO2.COMP.IN_T", "SCO2.COMP.STATE"
V = ua.VariantType


@pytest.mark.parametrize(
    ("data_type", "fits", "does_not_fit"),
    [
        (DataType.BOOL, [V.Boolean], [V.Int32, V.Byte, V.Double, V.String]),
        (
            DataType.INT,
            [V.SByte, V.Byte, V.Int16, V.UInt16, V.Int32, V.UInt32, V.Int64],
            [V.UInt64, V.Boolean, V.Double, V.Float, V.String],
        ),
        (
            DataType.FLOAT,
            [V.Double, V.Float, V.Int32, V.UInt64, V.DateTime],
            [V.Boolean, V.String, V.ExtensionObject],
        ),
        (DataType.STRING, [V.String, V.LocalizedText], [V.Int32, V.Boolean, V.Double]),
    ],
)
def test_the_compatibility_table(
    data_type: DataType, fits: list[ua.VariantType], does_not_fit: list[ua.VariantType]
) -> None:
    tag = srv.make_tag(MODE, data_type)
    assert all(mismatch(tag, "ns=2;s=X", vtype) is None for vtype in fits)
    assert all(mismatch(tag, "ns=2;s=X", vtype) for vtype in does_not_fit)
    assert set(fits) <= ACCEPTS[data_type]


def test_the_browse_tool_never_imports_a_tag_its_node_does_not_fit() -> None:
    for vtype in ua.VariantType:
        chosen = variant_data_type(vtype)
        assert chosen is None or vtype in ACCEPTS[chosen], vtype


def test_the_reason_names_the_tag_the_node_and_both_types() -> None:
    reason = mismatch(srv.make_tag(MODE, DataType.BOOL), "ns=2;s=SCO2.COMP.MODE", V.Int32)
    assert reason == (
        "type mismatch: tag SCO2.COMP.MODE is bool, node ns=2;s=SCO2.COMP.MODE is Int32 "
        "(a bool tag needs a Boolean node)"
    )


# against a real server --------------------------------------------------------------------

WRONG = {  # tag name -> (node, tag type): each a type its node cannot give
    "T.BOOL_ON_INT32": (MODE, DataType.BOOL),
    "T.INT_ON_DOUBLE": (IN_T, DataType.INT),
    "T.STRING_ON_INT32": (MODE, DataType.STRING),
    "T.FLOAT_ON_STRING": (STATE, DataType.FLOAT),
    "T.INT_ON_BOOLEAN": (RUN, DataType.INT),
}
RIGHT = {
    "T.BOOL_ON_BOOLEAN": (RUN, DataType.BOOL),
    "T.INT_ON_INT32": (MODE, DataType.INT),
    "T.FLOAT_ON_INT32": (MODE, DataType.FLOAT),
    "T.FLOAT_ON_DOUBLE": (IN_T, DataType.FLOAT),
    "T.STRING_ON_STRING": (STATE, DataType.STRING),
}


def _tags(table: dict[str, tuple[str, DataType]]) -> list[TagDef]:
    return [
        srv.make_tag(name, data_type, node=srv.node_id(node))
        for name, (node, data_type) in table.items()
    ]


@pytest.fixture
def plain() -> srv.RemoteServer:
    server = srv.server("plain")
    server.reset()
    return server


@pytest.mark.slow  # a real OPC UA server, started in seconds
def test_a_tag_of_the_wrong_type_is_bad_configuration_and_never_shows_a_value(
    plain: srv.RemoteServer,
) -> None:
    recorder = srv.Recorder()
    connections = {"dcs": OpcUaConnection("dcs", plain.url)}

    async def scenario() -> None:
        tags = _tags(WRONG) + _tags(RIGHT)
        driver = OpcUaDriver(connections, tags, recorder, SystemClock())
        await driver.start()
        try:
            await recorder.wait_for(recorder.good(*RIGHT))
            await recorder.wait_for(recorder.quality(Quality.BAD_CONFIGURATION_ERROR, *WRONG))
            await recorder.subscribed(driver)
            assert "5 of the wrong type" in driver.status()[0].detail
        finally:
            await driver.stop()

    srv.run(scenario())
    samples = recorder.latest
    for name, (node, data_type) in WRONG.items():
        assert all(b[name].value is None for b in recorder.batches if name in b), name
        reason = samples[name].reason
        assert name in reason and srv.node_id(node) in reason, reason
        assert f"is {data_type.value}," in reason
    assert "is Int32" in samples["T.BOOL_ON_INT32"].reason
    assert "is Double" in samples["T.INT_ON_DOUBLE"].reason
    assert "is String" in samples["T.FLOAT_ON_STRING"].reason
    assert "is Boolean" in samples["T.INT_ON_BOOLEAN"].reason
    assert samples["T.FLOAT_ON_INT32"].value == 2.0
    assert samples["T.BOOL_ON_BOOLEAN"].value is True


@pytest.mark.slow  # a real OPC UA server, started in seconds
def test_a_write_to_a_node_of_the_wrong_type_is_refused_and_never_sent(
    plain: srv.RemoteServer,
) -> None:
    recorder = srv.Recorder()
    connections = {"dcs": OpcUaConnection("dcs", plain.url)}
    (wrong,) = _tags({"T.BOOL_ON_INT32": (MODE, DataType.BOOL)})

    async def scenario() -> None:
        driver = OpcUaDriver(connections, [wrong], recorder, SystemClock())
        await driver.start()
        try:
            await recorder.subscribed(driver)
            with pytest.raises(WriteError) as refused:
                await driver.write(wrong, False)
            assert refused.value.quality is Quality.BAD_CONFIGURATION_ERROR
            assert "is Int32" in refused.value.reason and "T.BOOL_ON_INT32" in refused.value.reason
            assert await plain.value(MODE) == 2
        finally:
            await driver.stop()

    srv.run(scenario())


def _project(tmp_path: Path, url: str, tags: dict[str, tuple[str, DataType]]) -> Path:
    tables = "".join(
        f'[tags."{name}"]\ntype = "{data_type.value}"\n'
        f'source = "opcua://dcs/{srv.node_id(node)}"\n\n'
        for name, (node, data_type) in tags.items()
    )
    (tmp_path / "tags.toml").write_text(tables, encoding="utf-8")
    path = tmp_path / "project.toml"
    project = f"""\
        [project]
        name = "Types"
        tag_files = ["tags.toml"]

        [areas.T]
        description = "Type checks"

        [connections.dcs]
        kind = "opcua"
        url = "{url}"
        timeout = 2
        """
    path.write_text(textwrap.dedent(project), encoding="utf-8")
    return path


@pytest.mark.slow  # a real OPC UA server, started in seconds
def test_check_reports_every_tag_of_the_wrong_type_when_the_server_answers(
    plain: srv.RemoteServer, tmp_path: Path
) -> None:
    project = _project(tmp_path, plain.url, WRONG | RIGHT)
    out = io.StringIO()
    assert project_commands.check(project, out, tmp_path / "data") == 1
    lines = out.getvalue().splitlines()
    for name in WRONG:
        (line,) = [line for line in lines if f"tag {name} " in line]
        assert line.startswith(f"opcua 'dcs' ({plain.url}): type mismatch: tag {name} is ")
    assert not [line for line in lines if any(f"tag {name} " in line for name in RIGHT)]
    assert lines[-1] == f"{project}: 5 problem(s) on the OPC UA servers"


def test_check_of_an_unreachable_server_notes_it_and_passes(tmp_path: Path) -> None:
    url = f"opc.tcp://127.0.0.1:{srv.free_port()}/"
    project = _project(tmp_path, url, WRONG)
    out = io.StringIO()
    assert project_commands.check(project, out, tmp_path / "data") == 0
    first, second = out.getvalue().splitlines()
    assert first == f"opcua 'dcs' ({url}): not checked: connection refused"
    assert second.startswith(f"{project}: OK")


@pytest.mark.slow  # a real OPC UA server, started in seconds
def test_read_shows_the_mismatch_as_bad_configuration_with_the_reason(
    plain: srv.RemoteServer, tmp_path: Path
) -> None:
    project = _project(tmp_path, plain.url, WRONG | RIGHT)
    out = io.StringIO()
    names = ["T.BOOL_ON_INT32", "T.INT_ON_INT32"]
    code = asyncio.run(project_commands.read(project, tmp_path / "data", names, out))
    assert code == 1
    wrong, right = (json.loads(line) for line in out.getvalue().splitlines())
    assert (wrong["quality"], wrong["value"]) == ("BadConfigurationError", None)
    assert "tag T.BOOL_ON_INT32 is bool, node ns=2;s=SCO2.COMP.MODE is Int32" in wrong["reason"]
    assert (right["quality"], right["value"]) == ("Good", 2)
