"""The plant's values in the Sparkplug B namespace: topics, births, data and deaths.

The server is one Sparkplug edge node; each area of the project is one of its devices, each
tag a metric named as the tag, with an alias (its index in the birth) that data messages use
instead of the name. Values keep their engineering data type; quality and its reason travel as
metric properties (``Quality``: the OPC UA status code, ``Reason``: why it is not Good), only
when the value is not Good, so a Sparkplug host that ignores them still reads the values.
Payloads are the specification's protobuf (``sparkplug_b.proto``), never hand-built bytes.
"""

from __future__ import annotations

import enum
import struct
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tags.control_room import sparkplug_b_pb2 as pb
from tags.model import DataType, Quality, TagDef, TagSample, Value

NAMESPACE = "spBv1.0"
REBIRTH = "Node Control/Rebirth"
"""The node metric a host sets (in an NCMD) to ask for the births again."""
BD_SEQ = "bdSeq"
QUALITY = "Quality"
REASON = "Reason"

Payload = pb.Payload
Metric = pb.Payload.Metric

_SPARKPLUG_TYPE = {
    DataType.BOOL: pb.Boolean,
    DataType.INT: pb.Int64,
    DataType.FLOAT: pb.Double,
    DataType.STRING: pb.String,
}


class MessageType(enum.Enum):
    NBIRTH = "NBIRTH"
    NDEATH = "NDEATH"
    DBIRTH = "DBIRTH"
    DDEATH = "DDEATH"
    NDATA = "NDATA"
    DDATA = "DDATA"
    NCMD = "NCMD"
    DCMD = "DCMD"


class SparkplugError(ValueError):
    """A topic or payload that is not Sparkplug B as this console reads it."""


@dataclass(frozen=True)
class Topic:
    """``spBv1.0/<group>/<type>/<node>[/<device>]``."""

    group: str
    kind: MessageType
    node: str
    device: str | None = None

    def __str__(self) -> str:
        tail = f"/{self.device}" if self.device is not None else ""
        return f"{NAMESPACE}/{self.group}/{self.kind.value}/{self.node}{tail}"

    @classmethod
    def parse(cls, text: str) -> Topic:
        parts = text.split("/")
        if len(parts) not in (4, 5) or parts[0] != NAMESPACE:
            raise SparkplugError(f"not a Sparkplug B topic: {text!r}")
        try:
            kind = MessageType(parts[2])
        except ValueError:
            raise SparkplugError(f"unknown Sparkplug message type in {text!r}") from None
        return cls(parts[1], kind, parts[3], parts[4] if len(parts) == 5 else None)


def valid_id(text: str) -> str:
    """A group, node or device id as the specification allows it (no ``/ + #``)."""
    cleaned = "".join("_" if c in "/+#" else c for c in text.strip())
    if not cleaned:
        raise SparkplugError("a Sparkplug id cannot be empty")
    return cleaned


def millis(t: float) -> int:
    return max(0, round(t * 1000))


class SequenceNumber:
    """The edge node's message sequence number: 0 to 255 and round again, one counter for
    every message of the node and its devices except the death certificate."""

    def __init__(self) -> None:
        self._next = 0

    def reset(self) -> None:
        """A new birth starts at 0."""
        self._next = 0

    def take(self) -> int:
        seq = self._next
        self._next = (self._next + 1) % 256
        return seq


def follows(previous: int | None, seq: int) -> bool:
    """Whether ``seq`` comes right after ``previous`` (None: nothing seen since the birth)."""
    return previous is None or seq == (previous + 1) % 256


def _set_value(metric: Metric, data_type: DataType, value: Value) -> None:
    if value is None:
        metric.is_null = True
    elif data_type is DataType.BOOL:
        metric.boolean_value = bool(value)
    elif data_type is DataType.INT:
        # Sparkplug carries signed integers in the unsigned field, as two's complement
        metric.long_value = int(value) & 0xFFFF_FFFF_FFFF_FFFF
    elif data_type is DataType.FLOAT:
        metric.double_value = float(value)
    else:
        metric.string_value = str(value)


def _set_quality(metric: Metric, sample: TagSample) -> None:
    if sample.quality is Quality.GOOD:
        return
    props = metric.properties
    props.keys.append(QUALITY)
    props.values.add(type=pb.Int32, int_value=int(sample.quality) & 0xFFFF_FFFF)
    if sample.reason:
        props.keys.append(REASON)
        props.values.add(type=pb.String, string_value=sample.reason)


def add_metric(
    payload: Payload,
    tag: TagDef,
    sample: TagSample,
    *,
    alias: int,
    named: bool,
) -> None:
    """``sample`` of ``tag`` as a metric of ``payload`` (``named``: with its name and data
    type, as in a birth; else by alias alone)."""
    metric = payload.metrics.add()
    if named:
        metric.name = tag.name
        metric.datatype = _SPARKPLUG_TYPE[tag.data_type]
    metric.alias = alias
    metric.timestamp = millis(sample.source_time)
    _set_value(metric, tag.data_type, sample.value)
    _set_quality(metric, sample)


def node_birth(bd_seq: int, seq: int, now: float, metrics: Mapping[str, Value]) -> Payload:
    """The node's birth: its bdSeq, the rebirth control, and node metrics (strings)."""
    payload = Payload(timestamp=millis(now), seq=seq)
    payload.metrics.add(name=BD_SEQ, datatype=pb.Int64, long_value=bd_seq, timestamp=millis(now))
    payload.metrics.add(
        name=REBIRTH, datatype=pb.Boolean, boolean_value=False, timestamp=millis(now)
    )
    for name, value in metrics.items():
        payload.metrics.add(
            name=name, datatype=pb.String, string_value=str(value), timestamp=millis(now)
        )
    return payload


def node_death(bd_seq: int) -> Payload:
    """The death certificate (the broker's will for the node): bdSeq names the birth it ends."""
    payload = Payload()
    payload.metrics.add(name=BD_SEQ, datatype=pb.Int64, long_value=bd_seq)
    return payload


def device_message(
    seq: int,
    now: float,
    items: Iterable[tuple[int, TagDef, TagSample]],
    *,
    birth: bool,
) -> Payload:
    """A device birth (every metric named, with its type) or data (changed metrics by alias)."""
    payload = Payload(timestamp=millis(now), seq=seq)
    for alias, tag, sample in items:
        add_metric(payload, tag, sample, alias=alias, named=birth)
    return payload


def device_death(seq: int, now: float) -> Payload:
    return Payload(timestamp=millis(now), seq=seq)


def rebirth_request(now: float) -> Payload:
    """The NCMD a host sends to make the node publish its births again."""
    payload = Payload(timestamp=millis(now))
    payload.metrics.add(name=REBIRTH, datatype=pb.Boolean, boolean_value=True)
    return payload


def decode(data: bytes) -> Payload:
    payload = Payload()
    try:
        payload.ParseFromString(data)
    except Exception as exc:  # protobuf's DecodeError, and nothing else is expected
        raise SparkplugError(f"not a Sparkplug B payload: {exc}") from None
    return payload


def metric_value(metric: Metric, data_type: DataType) -> Value:
    """The metric's value in the engine's type (a signed integer back from two's complement)."""
    if metric.is_null:
        return None
    field = metric.WhichOneof("value")
    if field is None:
        return None
    raw = getattr(metric, field)
    if data_type is DataType.INT:
        number = int(raw)
        return struct.unpack("<q", struct.pack("<Q", number))[0] if number >= 1 << 63 else number
    if data_type is DataType.FLOAT:
        return float(raw)
    if data_type is DataType.BOOL:
        return bool(raw)
    return str(raw)


def metric_quality(metric: Metric) -> tuple[Quality, str]:
    """The quality and reason a metric carries (Good when it carries none)."""
    if not metric.HasField("properties"):
        return Quality.GOOD, ""
    found = dict(zip(metric.properties.keys, metric.properties.values, strict=False))
    quality = Quality.GOOD
    if QUALITY in found:
        quality = Quality.from_code(found[QUALITY].int_value)
    reason = found[REASON].string_value if REASON in found else ""
    return quality, reason


def metric_sample(metric: Metric, tag: TagDef, received: float) -> TagSample:
    """The sample a metric carries; ``received``: when the console got it (its server time)."""
    quality, reason = metric_quality(metric)
    source = metric.timestamp / 1000 if metric.HasField("timestamp") else received
    return TagSample(metric_value(metric, tag.data_type), quality, source, received, reason)
