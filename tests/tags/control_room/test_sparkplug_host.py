"""The console's Sparkplug host, message by message (no broker): data counts only inside a
birth, a gap or data before a birth asks for a rebirth and is ignored, a death of the current
birth turns the values Bad with their last value, the will of an older birth is ignored; a
standby following its primary keeps the primary's samples of the last seconds, not what a
death means to a console."""

from __future__ import annotations

from pathlib import Path

import pytest

from tags.config.project import Project
from tags.control_room import sparkplug as spb
from tags.control_room.console.sparkplug_host import NOT_PUBLISHED, UNREACHABLE, SparkplugHost
from tags.control_room.server.history_tail import TailBuffer
from tags.control_room.sparkplug import MessageType, Topic
from tags.control_room.topics import Topics
from tags.model import Quality, TagSample
from tests.tags.control_room.stand_in_server import bench_project, first_values

NOW = 1_750_000_000.0


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return bench_project(tmp_path)


class Node:
    """The messages of one edge node, built with the real codec."""

    def __init__(self, project: Project, bd_seq: int = 0) -> None:
        self.tags = project.tags
        self.alias = {name: i for i, name in enumerate(self.tags)}
        self.bd_seq = bd_seq
        self.seq = spb.SequenceNumber()

    def topic(self, kind: MessageType, device: str | None = None) -> Topic:
        return Topic("Bench", kind, "server", device)

    def birth(self) -> spb.Payload:
        self.seq.reset()
        return spb.node_birth(self.bd_seq, self.seq.take(), NOW, {})

    def device(self, samples: dict[str, TagSample], *, birth: bool) -> spb.Payload:
        items = [(self.alias[n], self.tags[n], s) for n, s in samples.items()]
        return spb.device_message(self.seq.take(), NOW, items, birth=birth)


def born(project: Project) -> tuple[SparkplugHost, Node]:
    host, node = SparkplugHost(project.tags.values(), "Bench", "server"), Node(project)
    host.take(node.topic(MessageType.NBIRTH), node.birth(), NOW)
    values = first_values(NOW)
    for area in ("TST", "AUX"):
        mine = {n: s for n, s in values.items() if n.startswith(area)}
        outcome = host.take(
            node.topic(MessageType.DBIRTH, area), node.device(mine, birth=True), NOW + 1
        )
        assert not outcome.rebirth
    return host, node


def test_births_then_data_by_alias(project: Project) -> None:
    host, node = born(project)
    assert host.born and host.devices == ["AUX", "TST"]
    assert host.last["TST.LEVEL"].reason == "LT-1 open"
    assert host.last["TST.FLOW"].server_time == NOW + 1  # the time it was received
    sample = TagSample(12.0, Quality.GOOD, NOW + 2, NOW + 2)
    payload = node.device({"TST.FLOW": sample}, birth=False)
    assert not payload.metrics[0].name  # by alias alone
    outcome = host.take(node.topic(MessageType.DDATA, "TST"), payload, NOW + 3)
    assert outcome.batch == {"TST.FLOW": sample._replace(server_time=NOW + 3)}
    assert "TST.FLOW" in host.live_names() and "TST.LEVEL" not in host.live_names()


def test_a_gap_asks_for_births_and_ignores_data_until_they_come(project: Project) -> None:
    host, node = born(project)
    node.seq.take()  # one message lost
    sample = TagSample(12.0, Quality.GOOD, NOW, NOW)
    outcome = host.take(
        node.topic(MessageType.DDATA, "TST"), node.device({"TST.FLOW": sample}, birth=False), NOW
    )
    assert outcome.rebirth.startswith("sequence gap") and not outcome.batch
    after = host.take(
        node.topic(MessageType.DDATA, "TST"), node.device({"TST.FLOW": sample}, birth=False), NOW
    )
    assert after.rebirth and not after.batch  # still nothing taken before the births


def test_data_before_any_birth_asks_for_births(project: Project) -> None:
    host, node = SparkplugHost(project.tags.values(), "Bench", "server"), Node(project)
    sample = TagSample(1.0, Quality.GOOD, NOW, NOW)
    outcome = host.take(
        node.topic(MessageType.DDATA, "TST"), node.device({"TST.FLOW": sample}, birth=False), NOW
    )
    assert outcome.rebirth == "DDATA before the node's birth" and not outcome.batch


def test_the_death_of_the_current_birth_turns_every_value_bad(project: Project) -> None:
    host, node = born(project)
    stale_will = host.take(node.topic(MessageType.NDEATH), spb.node_death(7), NOW)
    assert not stale_will.batch and host.born  # the will of another birth
    outcome = host.take(node.topic(MessageType.NDEATH), spb.node_death(0), NOW + 5)
    assert outcome.lost and not host.born
    assert set(outcome.batch) == set(project.tags)
    flow = outcome.batch["TST.FLOW"]
    assert (flow.value, flow.quality, flow.reason) == (
        42.5,
        Quality.BAD_NO_COMMUNICATION,
        UNREACHABLE,
    )
    assert host.lose(Quality.BAD_NO_COMMUNICATION, NOW + 6) == {}  # already so: nothing new
    assert set(host.lose(Quality.BAD_NOT_CONNECTED, NOW + 6)) == set(project.tags)


def test_a_tag_missing_from_its_areas_birth_says_so(project: Project) -> None:
    host, node = SparkplugHost(project.tags.values(), "Bench", "server"), Node(project)
    host.take(node.topic(MessageType.NBIRTH), node.birth(), NOW)
    only_flow = {"TST.FLOW": TagSample(1.0, Quality.GOOD, NOW, NOW)}
    outcome = host.take(
        node.topic(MessageType.DBIRTH, "TST"), node.device(only_flow, birth=True), NOW
    )
    pump = outcome.batch["TST.PUMP"]
    assert (pump.quality, pump.reason) == (Quality.BAD_CONFIGURATION_ERROR, NOT_PUBLISHED)


# the standby's copy of its primary's last seconds (history_tail.TailBuffer) ----------------


def test_a_standby_keeps_what_the_primary_published_not_what_its_death_means(
    project: Project,
) -> None:
    tail = TailBuffer(list(project.tags.values()), Topics("Bench"), keep=10.0)
    node = Node(project)
    early = TagSample(11.0, Quality.GOOD, NOW, NOW)
    data = node.device({"TST.FLOW": early}, birth=False)
    assert tail.take(node.topic(MessageType.DDATA, "TST"), data, NOW) != ""  # births wanted
    assert tail.records() == [] and tail.heard_until is None

    tail.take(node.topic(MessageType.NBIRTH), node.birth(), NOW + 1)
    values = first_values(NOW)
    for area in ("TST", "AUX"):
        mine = {n: s for n, s in values.items() if n.startswith(area)}
        tail.take(node.topic(MessageType.DBIRTH, area), node.device(mine, birth=True), NOW + 1)
    late = TagSample(12.0, Quality.GOOD, NOW + 20, NOW + 20)
    data = node.device({"TST.FLOW": late}, birth=False)
    assert tail.take(node.topic(MessageType.DDATA, "TST"), data, NOW + 20) == ""
    death = spb.node_death(node.bd_seq)
    assert tail.take(node.topic(MessageType.NDEATH), death, NOW + 21) == ""

    assert tail.heard_until == NOW + 20  # the death is not a value of the primary
    assert tail.records() == [("TST.FLOW", late._replace(server_time=NOW + 20))]  # 10 s kept
