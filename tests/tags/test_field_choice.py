"""Which field ``read`` and ``write`` use: a field server that serves the project answers and
is chosen; nothing answering gives a private simulator; half a simulator is named."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from tags.config.project import Project, load_project
from tags.field_choice import (
    Field,
    FieldUnavailable,
    ServedEndpoint,
    answers_as_simulator,
    choose_field,
    served_endpoints,
)
from tags.simulation.field_server import FieldServer, listen_addresses, served_connections
from tags.simulation.simulator import PlantSimulator
from tests.demo_ports import demo_on_free_ports, free_port
from tests.paths import SIGNALS_PROJECT


@pytest_asyncio.fixture
async def serving(tmp_path: Path) -> AsyncIterator[tuple[FieldServer, Project]]:
    """A field server on free ports and a demo project whose connections name them."""
    simulator = PlantSimulator(seed=1)
    simulator.warm_up()
    server = FieldServer(simulator, listen_addresses({}, free_ports=True))
    await server.start()
    project = load_project(demo_on_free_ports(tmp_path).project)
    connections = served_connections(project.connections, server.bound())
    try:
        yield server, dataclasses.replace(project, connections=connections)
    finally:
        await server.stop()


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_serving_simulator_is_used_and_named(
    serving: tuple[FieldServer, Project],
) -> None:
    server, project = serving
    for field in (Field.AUTO, Field.EXTERNAL):
        choice = await choose_field(project, field)
        assert not choice.project.simulator.embedded  # the runtime starts no simulator
        assert choice.project.connections == project.connections
        where = ", ".join(f"{h}:{p}" for h, p in list(server.bound().values())[:2])
        assert choice.line.startswith(f"field: running simulator at {where}, opc.tcp://")
    embedded = await choose_field(project, Field.EMBEDDED)
    assert embedded.project is project and embedded.line == "field: private embedded simulator"


@pytest.mark.slow
@pytest.mark.asyncio
async def test_half_a_simulator_is_named_instead_of_guessed(
    serving: tuple[FieldServer, Project],
) -> None:
    server, project = serving
    assert server.dcs is not None
    await server.dcs.stop()
    with pytest.raises(FieldUnavailable) as error:
        await choose_field(project, Field.AUTO)
    message = str(error.value)
    assert message.startswith("field: the simulator answers at 127.0.0.1:")
    assert f"but not at opc.tcp://127.0.0.1:{server.dcs.port}/" in message
    assert "\n" not in message


@pytest.mark.asyncio
async def test_nothing_answering_gives_a_private_simulator_or_one_line_for_external(
    tmp_path: Path,
) -> None:
    project = load_project(demo_on_free_ports(tmp_path).project)
    choice = await choose_field(project, Field.AUTO)
    assert choice.project is project and choice.line == "field: private embedded simulator"
    with pytest.raises(FieldUnavailable) as error:
        await choose_field(project, Field.EXTERNAL)
    where = ", ".join(e.where for e in served_endpoints(project))
    assert str(error.value) == (
        f"--field external: no simulator answers at {where} "
        "(start it with `python main.py sim`, or use --field embedded)"
    )


@pytest.mark.slow
@pytest.mark.asyncio
async def test_a_port_that_accepts_but_is_not_the_simulator_does_not_count() -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(100)
        writer.close()

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        for opcua in (False, True):
            endpoint = ServedEndpoint("plc-cwp" if not opcua else "dcs", "127.0.0.1", port, opcua)
            assert not await answers_as_simulator(endpoint, timeout=1.0)  # hangs up or silent
        assert not await answers_as_simulator(ServedEndpoint("dcs", "127.0.0.1", free_port(), True))
    finally:
        server.close()
        await server.wait_closed()


@pytest.mark.asyncio
async def test_a_project_without_an_embedded_simulator_reads_its_own_sources() -> None:
    project = load_project(SIGNALS_PROJECT)
    choice = await choose_field(project, Field.AUTO)
    assert choice.project is project and choice.line == "field: the project's sim:// sources"
    with pytest.raises(FieldUnavailable, match="has no embedded simulator"):
        await choose_field(project, Field.EMBEDDED)
