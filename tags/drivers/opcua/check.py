"""The ``check`` command's look at the OPC UA servers: does each tag's node exist and fit it?

A project file can be valid and still bind a bool tag to an Int32 node. When a server can be
reached, ``check`` reads the DataType of every tag's node once (types.py) and reports
each tag whose node is missing or of a type the tag cannot show. A server that cannot be
reached is noted, not counted as a problem: the file may be checked away from the plant.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from asyncua import ua
from asyncua.client.client import Client
from asyncua.ua.uaerrors import UaError

from tags.address import OpcUaAddress
from tags.config.connections import Connection, OpcUaConnection
from tags.drivers.opcua.client import classify, close_client, open_client
from tags.drivers.opcua.subscription import node_text
from tags.drivers.opcua.types import NodeType, mismatch, read_node_types
from tags.drivers.opcua.values import status_name
from tags.i18n.catalogue import text as tr
from tags.model import TagDef


@dataclass(frozen=True)
class ServerCheck:
    """What checking the tags of one OPC UA connection against its server found."""

    connection: str
    problems: tuple[str, ...] = ()
    note: str = ""
    """Why the server was not checked (unreachable, refused ...), else empty."""


def opcua_tags(
    connections: Mapping[str, Connection], tags: Sequence[TagDef]
) -> dict[str, list[TagDef]]:
    """The opcua:// tags of each OPC UA connection that has any."""
    found: dict[str, list[TagDef]] = {}
    for tag in tags:
        address = tag.address
        if isinstance(address, OpcUaAddress) and isinstance(
            connections.get(address.connection), OpcUaConnection
        ):
            found.setdefault(address.connection, []).append(tag)
    return found


async def check_servers(
    connections: Mapping[str, Connection],
    tags: Sequence[TagDef],
    *,
    data_dir: Path | None = None,
    config_dir: Path | None = None,
) -> list[ServerCheck]:
    """Check every OPC UA connection that has tags, all at once; one result each."""
    by_connection = opcua_tags(connections, tags)
    checks = []
    for name, group in by_connection.items():
        connection = connections[name]
        assert isinstance(connection, OpcUaConnection)
        checks.append(_check(connection, group, data_dir, config_dir))
    return list(await asyncio.gather(*checks))


async def _check(
    connection: OpcUaConnection,
    tags: Sequence[TagDef],
    data_dir: Path | None,
    config_dir: Path | None,
) -> ServerCheck:
    where = f"opcua '{connection.name}' ({connection.url})"
    try:
        async with asyncio.timeout(3 * connection.timeout):
            opened = await open_client(connection, data_dir=data_dir, config_dir=config_dir)
            try:
                return _judge(where, connection.name, tags, await _types(opened.client, tags))
            finally:
                await close_client(opened.client)
    except Exception as exc:  # unreachable, refused, timeout: noted, not a problem
        timeout = isinstance(exc, TimeoutError)
        reason = tr("config.opcua.timeout") if timeout else classify(exc).reason
        return ServerCheck(connection.name, note=tr("config.opcua.not_checked", where=where,
                                                    reason=reason))  # fmt: skip


async def _types(client: Client, tags: Sequence[TagDef]) -> dict[str, NodeType]:
    """Node id text -> what its DataType read found, for every parsable node id."""
    texts: list[str] = []
    nodes: list[ua.NodeId] = []
    for tag in tags:
        text = node_text(tag)
        try:
            nodes.append(ua.NodeId.from_string(text))
        except (UaError, ValueError):
            continue
        texts.append(text)
    found = await read_node_types(client, nodes)
    return dict(zip(texts, found, strict=True))


def _judge(
    where: str, connection: str, tags: Sequence[TagDef], types: Mapping[str, NodeType]
) -> ServerCheck:
    problems = []
    for tag in tags:
        text = node_text(tag)
        found = types.get(text)
        if found is None:
            problems.append(tr("config.opcua.node_id", where=where, tag=tag.name, text=text))
        elif found.status:
            status = status_name(found.status)
            problems.append(tr("config.opcua.node", where=where, tag=tag.name, text=text,
                               status=status))  # fmt: skip
        elif found.vtype is not None and (why := mismatch(tag, text, found.vtype)):
            problems.append(f"{where}: {why}")
    return ServerCheck(connection, tuple(problems))
