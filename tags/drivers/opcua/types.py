"""Which OPC UA node data types a tag may be bound to, and the nodes' types read once.

A tag whose data type does not fit its node's is a configuration fault, not a value: a bool
tag on an Int32 node would show every non-zero number as ``true``. The driver reads the
DataType attribute of every node once per session, before it subscribes; a tag that does not
fit is shown Bad (BadConfigurationError) with the reason, is not subscribed, and writes to it
are refused. ``check`` and ``read`` report the same reason.

The table (tag type: node data types it may be bound to):

========  ==================================================================================
bool      Boolean
int       SByte, Byte, Int16, UInt16, Int32, UInt32, Int64, StatusCode and enumerations
          (UInt64 does not fit the engine's 64-bit integers: bind a float tag)
float     Float, Double, every integer type (UInt64 included), DateTime (POSIX seconds)
string    String, LocalizedText, QualifiedName, NodeId, Guid, ByteString (hex)
========  ==================================================================================

A node of an abstract data type (BaseDataType, Number, Integer, UInteger) is judged by the
type of the value it holds when the subscription is made; one holding no value is not judged
then, and each value that cannot be shown as the tag's type reads BadTypeMismatch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from asyncua import ua
from asyncua.client.client import Client
from asyncua.common.node import Node
from asyncua.common.ua_utils import data_type_to_variant_type
from asyncua.ua.attribute_ids import AttributeIds
from asyncua.ua.status_codes import StatusCodes
from asyncua.ua.uaerrors import UaError

from tags.i18n.catalogue import text
from tags.model import DataType, TagDef

V = ua.VariantType
_INTEGERS = frozenset({V.SByte, V.Byte, V.Int16, V.UInt16, V.Int32, V.UInt32, V.Int64})

ACCEPTS: dict[DataType, frozenset[ua.VariantType]] = {
    DataType.BOOL: frozenset({V.Boolean}),
    DataType.INT: _INTEGERS | {V.StatusCode},
    DataType.FLOAT: _INTEGERS | {V.UInt64, V.Float, V.Double, V.DateTime},
    DataType.STRING: frozenset(
        {V.String, V.LocalizedText, V.QualifiedName, V.NodeId, V.Guid, V.ByteString}
    ),
}
"""The node types (as VariantType) a tag of each engine data type may be bound to."""

ITEMS_PER_REQUEST = 1000


@dataclass(frozen=True)
class NodeType:
    """What reading a node's DataType found."""

    vtype: ua.VariantType | None
    """None: not known (abstract data type holding no value, or the read failed)."""
    status: int = 0
    """The Bad status code of the read (e.g. BadNodeIdUnknown), else 0."""


def mismatch(tag: TagDef, node_id: str, vtype: ua.VariantType) -> str | None:
    """Why ``tag`` may not be bound to a node of ``vtype``, or None when it may."""
    if vtype in ACCEPTS[tag.data_type]:
        return None
    kind = tag.data_type.value
    needs = text(f"config.opcua.needs.{kind}")
    return text(
        "config.opcua.mismatch",
        tag=tag.name,
        kind=kind,
        node=node_id,
        vtype=vtype.name,
        needs=needs,
    )


async def read_node_types(client: Client, nodes: Sequence[ua.NodeId]) -> list[NodeType]:
    """The type of each node, in order: one batched Read of the DataType attributes, the
    supertypes of non-built-in data types looked up once each, and for abstract data types
    one batched Read of the values."""
    session = client.uaclient
    data_types: list[ua.DataValue] = []
    for start in range(0, len(nodes), ITEMS_PER_REQUEST):
        chunk = nodes[start : start + ITEMS_PER_REQUEST]
        data_types += await session.read(
            ua.ReadParameters(
                NodesToRead=[
                    ua.ReadValueId(NodeId=n, AttributeId=AttributeIds.DataType) for n in chunk
                ]
            )
        )
    cache: dict[ua.NodeId, ua.VariantType | None] = {}
    found: list[NodeType] = []
    abstract: list[int] = []
    for index, value in enumerate(data_types):
        code = value.StatusCode.value if value.StatusCode is not None else 0
        data_type = value.Value.Value if value.Value is not None else None
        if code & 0xC0000000 or not isinstance(data_type, ua.NodeId):
            found.append(NodeType(None, code or StatusCodes.BadDataTypeIdUnknown))
            continue
        if data_type not in cache:
            cache[data_type] = await _variant_type(client, data_type)
        vtype = cache[data_type]
        if vtype is V.Variant:
            abstract.append(index)
            vtype = None
        found.append(NodeType(vtype))
    for first in range(0, len(abstract), ITEMS_PER_REQUEST):
        batch = abstract[first : first + ITEMS_PER_REQUEST]
        values = await session.read(
            ua.ReadParameters(
                NodesToRead=[
                    ua.ReadValueId(NodeId=nodes[i], AttributeId=AttributeIds.Value) for i in batch
                ]
            )
        )
        for index, value in zip(batch, values, strict=True):
            held = value.Value
            if held is not None and held.Value is not None and held.VariantType is not None:
                found[index] = NodeType(held.VariantType)
    return found


async def _variant_type(client: Client, data_type: ua.NodeId) -> ua.VariantType | None:
    """A built-in data type directly; any other by its supertypes (asyncua's walk)."""
    identifier = data_type.Identifier
    if data_type.NamespaceIndex == 0 and isinstance(identifier, int) and 1 <= identifier <= 25:
        return ua.VariantType(identifier)
    try:
        return await data_type_to_variant_type(Node(client.uaclient.session, data_type))
    except (UaError, ValueError):
        return None
