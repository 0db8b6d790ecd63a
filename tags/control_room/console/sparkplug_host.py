"""The console's side of the server's Sparkplug B session: births, data by alias, deaths and
sequence numbers turned into samples of the project's tags (no I/O here).

The host trusts data only inside a birth it has seen: a device's data needs its DBIRTH (the
alias map), every message after the NBIRTH must carry the next sequence number, and a data
message that breaks either rule is ignored and answered with a rebirth request (the link
sends it). After a gap nothing is taken until the NBIRTH of the rebirth arrives, so a value
is never Good unless a birth or data message of the current session carried it.

Deaths (NDEATH of the current birth, DDEATH of an area) and a lost link re-qualify the last
values as Bad with the reason ``server unreachable``: the value stays visible, its quality
says it cannot be trusted. An NDEATH whose bdSeq is not the current birth's is the late will
of an earlier session (the server keeps counting bdSeq across its restarts) and is ignored.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from tags.control_room import sparkplug as spb
from tags.control_room.sparkplug import MessageType, Payload, Topic, follows, valid_id
from tags.model import Quality, TagDef, TagSample, initial_sample

log = logging.getLogger(__name__)

UNREACHABLE = "server unreachable"
"""The reason every value gives while the server's values do not reach this console."""
NOT_PUBLISHED = "the server does not publish this tag (not in its birth of the area)"

_DATA_TYPES = (MessageType.DDATA, MessageType.DBIRTH, MessageType.DDEATH, MessageType.NDATA)


@dataclass
class HostOutcome:
    """What one Sparkplug message means for the console."""

    batch: dict[str, TagSample] = field(default_factory=dict)
    """Samples to publish (values, or the last values re-qualified Bad)."""
    rebirth: str = ""
    """Why the births must be asked for again ("" when not)."""
    lost: str = ""
    """Why the server's values were lost ("" when not): a death certificate."""


class SparkplugHost:
    """The server's Sparkplug session as this console follows it."""

    def __init__(self, tags: Iterable[TagDef], group: str, node: str) -> None:
        self.tags = {t.name: t for t in tags}
        self.group = valid_id(group)
        self.node = valid_id(node)
        self._area_tags: dict[str, list[TagDef]] = {}
        for tag in self.tags.values():
            self._area_tags.setdefault(valid_id(tag.area or "_"), []).append(tag)
        self.last: dict[str, TagSample] = {}
        """The sample of every tag this host published last."""
        self.bd_seq: int | None = None
        """The bdSeq of the current node birth (None: none seen)."""
        self.born = False
        """A node birth is current (no death, gap or loss since)."""
        self.stale_deaths = 0
        """Deaths ignored as those of an earlier session (their bdSeq is not the birth's)."""
        self._seq: int | None = None
        self._devices: dict[str, dict[int, TagDef]] = {}
        """Device (area) -> alias -> tag, from the DBIRTHs of the current session."""
        self.unknown_metrics: set[str] = set()
        """Names in births that are not tags of this project (a project mismatch)."""

    @property
    def devices(self) -> list[str]:
        """The devices (areas) born in the current session."""
        return sorted(self._devices)

    def take(self, topic: Topic, payload: Payload, received: float) -> HostOutcome:
        """One message of the group (``received``: when it arrived, its server time)."""
        if topic.group != self.group or topic.node != self.node:
            return HostOutcome()  # another edge node of the group
        kind = topic.kind
        if kind is MessageType.NBIRTH:
            return self._node_birth(payload)
        if kind is MessageType.NDEATH:
            return self._node_death(payload, received)
        if kind not in _DATA_TYPES:
            return HostOutcome()  # commands are for the node, not for hosts
        if not self.born:
            if kind is MessageType.DDEATH:
                return HostOutcome()
            return HostOutcome(rebirth=f"{kind.value} before the node's birth")
        if not follows(self._seq, payload.seq):
            expected = (self._seq or 0) + 1
            why = f"sequence gap: {kind.value} with seq {payload.seq}, expected {expected % 256}"
            return self._gap(why, topic, received)
        self._seq = payload.seq
        device = topic.device or ""
        if kind is MessageType.DBIRTH:
            return HostOutcome(self._device_birth(device, payload, received))
        if kind is MessageType.DDEATH:
            names = self._device_names(device)
            batch = self._unreachable(names, Quality.BAD_NO_COMMUNICATION, received)
            self._devices.pop(device, None)
            return HostOutcome(batch, lost=f"the server ended area {device} (DDEATH)")
        if kind is MessageType.DDATA:
            return self._device_data(device, payload, received)
        return HostOutcome()  # NDATA: node metrics, nothing of the project's tags

    def lose(self, quality: Quality, now: float) -> dict[str, TagSample]:
        """The server's values no longer arrive (link, broker or server down): every tag
        becomes Bad ``server unreachable`` with its last value; births are needed again."""
        self._end_session()
        return self._unreachable(self.tags, quality, now)

    def live_names(self) -> list[str]:
        """Tags of born devices whose last sample is Good: the session confirms them."""
        if not self.born:
            return []
        last = self.last
        return [
            tag.name
            for by_alias in self._devices.values()
            for tag in by_alias.values()
            if (sample := last.get(tag.name)) is not None and sample.quality.is_good
        ]

    # births and deaths ---------------------------------------------------------------------

    def _node_birth(self, payload: Payload) -> HostOutcome:
        bd_seq = _bd_seq(payload)
        if bd_seq is None:
            return HostOutcome(rebirth="a node birth without bdSeq")
        self.bd_seq = bd_seq
        self.born = True
        self._seq = payload.seq
        self._devices = {}
        return HostOutcome()

    def _node_death(self, payload: Payload, received: float) -> HostOutcome:
        bd_seq = _bd_seq(payload)
        if self.bd_seq is not None and bd_seq is not None and bd_seq != self.bd_seq:
            self.stale_deaths += 1
            log.info("NDEATH of birth %s ignored: the current birth is %s", bd_seq, self.bd_seq)
            return HostOutcome()  # the will of a session that has already been replaced
        batch = self.lose(Quality.BAD_NO_COMMUNICATION, received)
        return HostOutcome(batch, lost="the server's node died (NDEATH)")

    def _gap(self, why: str, topic: Topic, received: float) -> HostOutcome:
        """Messages were lost: take nothing until the births come again."""
        self._end_session()
        outcome = HostOutcome(rebirth=why)
        if topic.kind is MessageType.DDEATH and topic.device is not None:
            outcome.batch = self._unreachable(
                self._device_names(topic.device), Quality.BAD_NO_COMMUNICATION, received
            )
        return outcome

    def _end_session(self) -> None:
        self.born = False
        self._seq = None
        self._devices = {}

    def _device_birth(self, device: str, payload: Payload, received: float) -> dict[str, TagSample]:
        by_alias: dict[int, TagDef] = {}
        batch: dict[str, TagSample] = {}
        for metric in payload.metrics:
            tag = self.tags.get(metric.name)
            if tag is None:
                if metric.name not in self.unknown_metrics:
                    self.unknown_metrics.add(metric.name)
                    log.warning(
                        "area %s: the server publishes %s, not a tag of this project",
                        device,
                        metric.name,
                    )
                continue
            if metric.HasField("alias"):
                by_alias[metric.alias] = tag
            batch[tag.name] = _sample(metric, tag, received)
        self._devices[device] = by_alias
        for tag in self._area_tags.get(device, ()):
            if tag.name not in batch:
                batch[tag.name] = TagSample(
                    None, Quality.BAD_CONFIGURATION_ERROR, received, received, NOT_PUBLISHED
                )
        self.last.update(batch)
        return batch

    def _device_data(self, device: str, payload: Payload, received: float) -> HostOutcome:
        by_alias = self._devices.get(device)
        if by_alias is None:
            self._end_session()
            return HostOutcome(rebirth=f"data of area {device} before its birth")
        batch: dict[str, TagSample] = {}
        for metric in payload.metrics:
            tag = by_alias.get(metric.alias) if metric.HasField("alias") else None
            if tag is None and metric.name:
                tag = self.tags.get(metric.name)
            if tag is None:
                self._end_session()
                return HostOutcome(rebirth=f"area {device}: unknown alias {metric.alias}")
            batch[tag.name] = _sample(metric, tag, received)
        self.last.update(batch)
        return HostOutcome(batch)

    # helpers -------------------------------------------------------------------------------

    def _device_names(self, device: str) -> list[str]:
        born = self._devices.get(device)
        if born is not None:
            return [t.name for t in born.values()]
        return [t.name for t in self._area_tags.get(device, ())]

    def _unreachable(
        self, names: Iterable[str], quality: Quality, now: float
    ) -> dict[str, TagSample]:
        """The last values of ``names`` re-qualified Bad (those already so are left)."""
        batch: dict[str, TagSample] = {}
        for name in names:
            sample = self.last.get(name) or initial_sample(now)
            if sample.quality is quality and sample.reason == UNREACHABLE:
                continue
            batch[name] = sample.with_quality(quality, UNREACHABLE, now)
        self.last.update(batch)
        return batch


def _bd_seq(payload: Payload) -> int | None:
    for metric in payload.metrics:
        if metric.name == spb.BD_SEQ:
            return int(metric.long_value)
    return None


def _sample(metric: spb.Metric, tag: TagDef, received: float) -> TagSample:
    """The metric's sample, or a Bad one saying why its value does not fit the tag."""
    try:
        return spb.metric_sample(metric, tag, received)
    except (TypeError, ValueError) as exc:
        return TagSample(
            None,
            Quality.BAD_TYPE_MISMATCH,
            received,
            received,
            f"the server's value does not fit a {tag.data_type.value} tag: {exc}",
        )
