"""Commissioning tool: browse an OPC UA server and write a tag list the project loader reads.

Variables found under the root (default: the Objects folder) become tags named after their
browse path, Area.Unit.Point upper-cased and joined with dots (``Objects/AREA/COMP/IN_T`` ->
``AREA.COMP.IN_T``). Namespace 0 (the Server object and other standard nodes) is skipped, and
properties of variables (EngineeringUnits, EURange ...) are read, not listed. Characters a tag
name cannot hold become ``_``; a variable directly under the root gets the connection name as
its area. Variables of types the console cannot show (structures, arrays) are written as
comments so the engineer sees what was left out.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from asyncua import ua
from asyncua.client.client import Client
from asyncua.common.node import Node
from asyncua.common.ua_utils import data_type_to_variant_type
from asyncua.ua.attribute_ids import AttributeIds
from asyncua.ua.object_ids import ObjectIds
from asyncua.ua.uaerrors import UaError

from tags.config.connections import OpcUaConnection
from tags.drivers.opcua.client import classify, close_client, open_client
from tags.drivers.opcua.values import variant_data_type
from tags.model import DataType

_WRITE_BIT = ua.AccessLevel.CurrentWrite.mask
BrowsePath = tuple[str, ...]
Found = tuple[ua.NodeId, BrowsePath]
PER_REQUEST = 500
MAX_DEPTH = 12
_ABSTRACT_TYPES = {26: DataType.FLOAT, 27: DataType.INT, 28: DataType.INT, 29: DataType.INT}
"""Number, Integer, UInteger, Enumeration: abstract data types with an obvious engine type."""
_ABSTRACT_NAMES = {26: "Number", 27: "Integer", 28: "UInteger", 29: "Enumeration"}


@dataclass(frozen=True)
class BrowsedVariable:
    """One variable found by browsing, with what a tag list needs to know about it."""

    name: str
    node_id: str
    path: tuple[str, ...]
    description: str
    unit: str
    data_type: DataType | None
    """None when the console cannot show the node's type (structure, array, ...)."""
    type_name: str
    writable: bool


async def browse_to_tag_list(
    url: str,
    *,
    root: str = "Objects",
    security: str = "None",
    credentials: str = "",
    trust: str = "first_use",
    trusted_certificates: Sequence[str] = (),
    connection_name: str = "browse",
    data_dir: Path | None = None,
    config_dir: Path | None = None,
    timeout: float = 10.0,
    environ: Mapping[str, str] | None = None,
) -> list[BrowsedVariable]:
    """Connect (same security, trust and credentials as the driver) and list the variables.

    ``root`` is ``Objects`` or a node id; credentials come from ``[opcua.<credentials>]`` in
    the secrets file or ``HMI_OPCUA_<CONNECTION_NAME>_USERNAME``/``_PASSWORD``.
    """
    connection = OpcUaConnection(
        connection_name,
        url,
        security=security,
        credentials=credentials,
        trust=trust,
        timeout=timeout,
        trusted_certificates=tuple(trusted_certificates),
    )
    opened = await open_client(
        connection, data_dir=data_dir, config_dir=config_dir, environ=environ
    )
    try:
        return await _Browser(opened.client, connection_name).run(root)
    finally:
        await close_client(opened.client)


class _Browser:
    def __init__(self, client: Client, connection_name: str) -> None:
        self.client = client
        self.session = client.uaclient.session
        self.area = _segment(connection_name)
        self._types: dict[str, tuple[DataType | None, str]] = {}

    async def run(self, root: str) -> list[BrowsedVariable]:
        prefix: BrowsePath = ()
        if root == "Objects":
            start = _ns0(ObjectIds.ObjectsFolder)
        else:
            start = ua.NodeId.from_string(root)
            name = await Node(self.session, start).read_browse_name()
            prefix = (str(name.Name or ""),)
        found = await self._walk(start, prefix)
        return await self._describe(found)

    async def _walk(self, start: ua.NodeId, prefix: BrowsePath) -> list[Found]:
        """Breadth-first over hierarchical references; one browse request per level."""
        variables: list[Found] = []
        seen = {start.to_string()}
        level = [(start, prefix)]
        for _ in range(MAX_DEPTH):
            if not level:
                break
            children = await self._browse(
                [node for node, _ in level], ObjectIds.HierarchicalReferences, 3
            )
            next_level: list[Found] = []
            for (_, path), references in zip(level, children, strict=True):
                for ref in references:
                    node = ua.NodeId(ref.NodeId.Identifier, ref.NodeId.NamespaceIndex)
                    key = node.to_string()
                    if node.NamespaceIndex == 0 or key in seen:
                        continue
                    seen.add(key)
                    child_path = (*path, ref.BrowseName.Name or "")
                    if ref.NodeClass == ua.NodeClass.Variable:
                        variables.append((node, child_path))
                    else:
                        next_level.append((node, child_path))
            level = next_level
        return variables

    async def _browse(
        self, nodes: Sequence[ua.NodeId], reference_type: int, class_mask: int
    ) -> list[list[ua.ReferenceDescription]]:
        """The forward references of each node (continuation points followed)."""
        out: list[list[ua.ReferenceDescription]] = []
        for start in range(0, len(nodes), PER_REQUEST):
            descriptions = [
                ua.BrowseDescription(
                    NodeId=node,
                    BrowseDirection=ua.BrowseDirection.Forward,
                    ReferenceTypeId=_ns0(reference_type),
                    IncludeSubtypes=True,
                    NodeClassMask=ua.UInt32(class_mask),
                    ResultMask=ua.UInt32(ua.BrowseResultMask.All),
                )
                for node in nodes[start : start + PER_REQUEST]
            ]
            params = ua.BrowseParameters(NodesToBrowse=descriptions)
            for result in await self.session.browse(params):
                references = list(result.References)
                point = result.ContinuationPoint
                while point:
                    (more,) = await self.session.browse_next(
                        ua.BrowseNextParameters(ContinuationPoints=[point])
                    )
                    references.extend(more.References)
                    point = more.ContinuationPoint
                out.append(references)
        return out

    async def _read(self, nodes: Sequence[ua.NodeId], attribute: int) -> list[ua.DataValue]:
        values: list[ua.DataValue] = []
        for start in range(0, len(nodes), PER_REQUEST):
            chunk = [
                ua.ReadValueId(NodeId=node, AttributeId=ua.UInt32(attribute))
                for node in nodes[start : start + PER_REQUEST]
            ]
            values.extend(await self.session.read(ua.ReadParameters(NodesToRead=chunk)))
        return values

    async def _describe(self, found: list[Found]) -> list[BrowsedVariable]:
        nodes = [node for node, _ in found]
        descriptions = await self._read(nodes, AttributeIds.Description)
        display_names = await self._read(nodes, AttributeIds.DisplayName)
        data_types = await self._read(nodes, AttributeIds.DataType)
        access = await self._read(nodes, AttributeIds.AccessLevel)
        ranks = await self._read(nodes, AttributeIds.ValueRank)
        units = await self._units(nodes)
        names: set[str] = set()
        out: list[BrowsedVariable] = []
        for i, (node, path) in enumerate(found):
            data_type, type_name = await self._engine_type(_value(data_types[i]))
            rank = _value(ranks[i])
            if isinstance(rank, int) and rank >= 1:
                data_type = None  # arrays
            level = _value(access[i])
            text = _text(_value(descriptions[i])) or _text(_value(display_names[i]))
            out.append(
                BrowsedVariable(
                    name=self._unique(self._name(path), names),
                    node_id=node.to_string(),
                    path=path,
                    description=text,
                    unit=units.get(node.to_string(), ""),
                    data_type=data_type,
                    type_name=type_name,
                    writable=isinstance(level, int) and bool(level & _WRITE_BIT),
                )
            )
        return sorted(out, key=lambda v: v.name)

    async def _units(self, nodes: Sequence[ua.NodeId]) -> dict[str, str]:
        """EngineeringUnits property of each variable that has one: its display name."""
        properties = await self._browse(nodes, ObjectIds.HasProperty, 2)
        owners: list[str] = []
        unit_nodes: list[ua.NodeId] = []
        for node, references in zip(nodes, properties, strict=True):
            for ref in references:
                if ref.BrowseName.Name == "EngineeringUnits":
                    owners.append(node.to_string())
                    unit_nodes.append(ua.NodeId(ref.NodeId.Identifier, ref.NodeId.NamespaceIndex))
        units: dict[str, str] = {}
        for owner, value in zip(
            owners, await self._read(unit_nodes, AttributeIds.Value), strict=True
        ):
            info = _value(value)
            if isinstance(info, ua.EUInformation):
                units[owner] = _text(info.DisplayName)
        return units

    async def _engine_type(self, data_type: object) -> tuple[DataType | None, str]:
        """The engine data type and the OPC UA type name of a DataType node id (cached)."""
        if not isinstance(data_type, ua.NodeId):
            return None, "unknown"
        key = data_type.to_string()
        if key not in self._types:
            identifier = data_type.Identifier
            if (
                data_type.NamespaceIndex == 0
                and isinstance(identifier, int)
                and (identifier in _ABSTRACT_TYPES)
            ):
                self._types[key] = (_ABSTRACT_TYPES[identifier], _ABSTRACT_NAMES[identifier])
            else:
                try:
                    vtype = await data_type_to_variant_type(Node(self.session, data_type))
                except (UaError, ValueError):
                    self._types[key] = (None, key)
                else:
                    self._types[key] = (variant_data_type(vtype), vtype.name)
        return self._types[key]

    def _name(self, path: BrowsePath) -> str:
        segments = [_segment(part) for part in path if part]
        if len(segments) < 2:
            segments.insert(0, self.area)
        if not segments[0][:1].isalpha():
            segments[0] = "X" + segments[0]
        return ".".join(segments)

    @staticmethod
    def _unique(name: str, taken: set[str]) -> str:
        candidate, n = name, 1
        while candidate in taken:
            n += 1
            candidate = f"{name}_{n}"
        taken.add(candidate)
        return candidate


def _ns0(identifier: int) -> ua.NodeId:
    return ua.NodeId.from_string(f"i={identifier}")


def _segment(text: str) -> str:
    return re.sub(r"[^A-Z0-9_]", "_", text.upper()) or "_"


def _value(data_value: ua.DataValue) -> object:
    if data_value.StatusCode is not None and not data_value.StatusCode.is_good():
        return None
    return data_value.Value.Value if data_value.Value is not None else None


def _text(value: object) -> str:
    if isinstance(value, ua.LocalizedText):
        return value.Text or ""
    return value if isinstance(value, str) else ""


# the tag list -------------------------------------------------------------------------------


def write_tag_list(variables: Iterable[BrowsedVariable], path: Path, connection_name: str) -> None:
    """Write ``[tags."NAME"]`` tables (description, unit, type, source, writable) as TOML."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"# OPC UA tag list for connection '{connection_name}', browsed {stamp}.",
        "# Check names, areas, ranges and alarms before loading it into a project.",
        "",
    ]
    skipped: list[str] = []
    for variable in variables:
        if variable.data_type is None:
            skipped.append(f"#   {variable.node_id} ({variable.type_name}): {variable.name}")
            continue
        lines.append(f"[tags.{_string(variable.name)}]")
        lines.append(f"description = {_string(variable.description)}")
        if variable.unit:
            lines.append(f"unit = {_string(variable.unit)}")
        lines.append(f"type = {_string(variable.data_type.value)}")
        lines.append(f"source = {_string(f'opcua://{connection_name}/{variable.node_id}')}")
        lines.append(f"writable = {'true' if variable.writable else 'false'}")
        lines.append("")
    if skipped:
        lines.append("# Not imported (type the console cannot show):")
        lines.extend(skipped)
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _string(text: str) -> str:
    """A TOML basic string."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


async def browse_command(
    url: str,
    out: Path,
    connection: str,
    *,
    root: str = "Objects",
    security: str = "None",
    credentials: str = "",
    trust: str = "first_use",
    data_dir: Path | None = None,
    config_dir: Path | None = None,
) -> int:
    """``main.py browse``: browse, write the tag list, say what happened; 0 on success."""
    try:
        variables = await browse_to_tag_list(
            url,
            root=root,
            security=security,
            credentials=credentials,
            trust=trust,
            connection_name=connection,
            data_dir=data_dir,
            config_dir=config_dir,
        )
    except Exception as exc:
        print(f"browse {url} failed: {classify(exc).reason}", file=sys.stderr)
        return 1
    write_tag_list(variables, out, connection)
    skipped = sum(1 for v in variables if v.data_type is None)
    print(f"wrote {len(variables) - skipped} tag(s) to {out} ({skipped} not importable)")
    return 0
