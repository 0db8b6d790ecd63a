"""The Sparkplug B codec: values of every data type, quality and its reason, aliases and
sequence numbers survive the protobuf bytes; topics parse back."""

from __future__ import annotations

import pytest

from tags.address import parse_address
from tags.control_room import sparkplug as spb
from tags.control_room.sparkplug import MessageType, SequenceNumber, SparkplugError, Topic
from tags.model import DataType, Quality, TagDef, TagSample


def tag(name: str, data_type: DataType) -> TagDef:
    source = "sim://memory/X"
    return TagDef(name, source, parse_address(source), data_type)


CASES = [
    (tag("A.FLOAT", DataType.FLOAT), TagSample(12.5, Quality.GOOD, 100.25, 100.3)),
    (tag("A.INT", DataType.INT), TagSample(-42, Quality.GOOD, 101.0, 101.0)),
    (tag("A.BOOL", DataType.BOOL), TagSample(True, Quality.GOOD, 102.0, 102.0)),
    (tag("A.TEXT", DataType.STRING), TagSample("RUN", Quality.GOOD, 103.0, 103.0)),
    (
        tag("A.BAD", DataType.FLOAT),
        TagSample(7.0, Quality.BAD_NOT_CONNECTED, 104.0, 104.0, "PLC-1 refused the connection"),
    ),
    (tag("A.NONE", DataType.FLOAT), TagSample(None, Quality.BAD_WAITING_FOR_INITIAL_DATA, 1, 1)),
]


def test_a_birth_then_data_carry_values_quality_and_reason_through_the_bytes() -> None:
    birth = spb.device_message(0, 200.0, [(i, t, s) for i, (t, s) in enumerate(CASES)], birth=True)
    decoded = spb.decode(birth.SerializeToString())
    assert decoded.seq == 0 and decoded.timestamp == 200_000
    by_alias = {}
    for metric, (definition, sample) in zip(decoded.metrics, CASES, strict=True):
        assert metric.name == definition.name
        by_alias[metric.alias] = definition
        got = spb.metric_sample(metric, definition, received=300.0)
        assert got == sample._replace(server_time=300.0)

    changed = TagSample(-7, Quality.UNCERTAIN_LAST_USABLE_VALUE, 250.0, 250.0, "stale for 9 s")
    data = spb.device_message(1, 250.0, [(1, CASES[1][0], changed)], birth=False)
    metric = spb.decode(data.SerializeToString()).metrics[0]
    assert not metric.name and metric.alias == 1  # data goes by alias alone
    assert spb.metric_sample(metric, by_alias[metric.alias], 251.0) == changed._replace(
        server_time=251.0
    )


def test_sequence_numbers_run_0_to_255_and_round_again() -> None:
    seq = SequenceNumber()
    taken = [seq.take() for _ in range(258)]
    assert taken[:3] == [0, 1, 2] and taken[255:] == [255, 0, 1]
    assert spb.follows(255, 0) and spb.follows(None, 17) and not spb.follows(3, 5)


def test_topics_and_the_node_messages() -> None:
    topic = Topic("plant", MessageType.DDATA, "server", "EMM")
    assert str(topic) == "spBv1.0/plant/DDATA/server/EMM"
    assert Topic.parse(str(topic)) == topic
    assert Topic.parse("spBv1.0/plant/NDEATH/server").device is None
    with pytest.raises(SparkplugError, match="not a Sparkplug B topic"):
        Topic.parse("hmi/plant/alarms/x")
    death = spb.decode(spb.node_death(5).SerializeToString())
    assert [(m.name, m.long_value) for m in death.metrics] == [("bdSeq", 5)]
    birth = spb.decode(spb.node_birth(5, 0, 10.0, {"Server/Name": "A"}).SerializeToString())
    assert {m.name for m in birth.metrics} == {"bdSeq", spb.REBIRTH, "Server/Name"}
    ask = spb.decode(spb.rebirth_request(11.0).SerializeToString())
    assert ask.metrics[0].name == spb.REBIRTH and ask.metrics[0].boolean_value
    with pytest.raises(SparkplugError, match="not a Sparkplug B payload"):
        spb.decode(b"\xff\xff\xff")
