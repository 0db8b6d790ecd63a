"""One OPC UA subscription per scan class: monitored items in, sample batches out.

The subscription is registered straight on the asyncua session with a plain callback that
receives each whole PublishResult: no task per value, no bounded queue that could drop, and
one batch per notification message. The server sends a keep-alive every publishing interval
when nothing changed (MaxKeepAliveCount 1), and every response, data or keep-alive, tells the
tag database through ``heartbeat`` that the subscription's Good tags are still current.
"""

from __future__ import annotations

import contextlib
import logging
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from asyncua import ua
from asyncua.client.client import Client
from asyncua.ua.attribute_ids import AttributeIds
from asyncua.ua.uaerrors import UaError

from tags.address import OpcUaAddress
from tags.clock import Clock
from tags.drivers.base import ConnectionStats, Heartbeat
from tags.drivers.opcua.types import mismatch
from tags.drivers.opcua.values import CONVERTERS, ConversionError, Converter, status_quality
from tags.drivers.opcua.values import status_text as _status_text
from tags.i18n.catalogue import text
from tags.model import Quality, TagDef, TagSample

log = logging.getLogger(__name__)

ITEMS_PER_REQUEST = 1000
LIFETIME_S = 60.0
"""The server drops the subscription after this long without publish requests."""


@dataclass
class OpcUaStats(ConnectionStats):
    """ConnectionStats plus the OPC UA counters (``requests`` includes publish responses)."""

    notifications: int = 0
    publish_responses: int = 0
    keepalives: int = 0
    attempts: int = 0


class SampleSink:
    """Where samples go: the link keeps the last sample per tag and publishes batches."""

    last: dict[str, TagSample]

    def emit(self, batch: dict[str, TagSample]) -> None:
        raise NotImplementedError

    def fault(self, reason: str) -> None:
        """The subscription is broken (e.g. the server dropped it): reconnect."""
        raise NotImplementedError


MAX_PUBLISHING_S = 1.0


class ScanSubscription:
    """Monitored items of one scan period (sampling interval = period, queue size 1)."""

    def __init__(
        self,
        period: float,
        tags: Sequence[TagDef],
        *,
        sink: SampleSink,
        stats: OpcUaStats,
        clock: Clock,
        heartbeat: Heartbeat | None,
        describe: Callable[[str], str],
    ) -> None:
        self.period = period
        self.tags = list(tags)
        self._sink = sink
        self._stats = stats
        self._clock = clock
        self._heartbeat = heartbeat
        self._describe = describe
        # client handle -> (tag name, converter); handles start at 1
        self._entries: dict[int, tuple[str, Converter]] = {
            i: (tag.name, CONVERTERS[tag.data_type]) for i, tag in enumerate(self.tags, 1)
        }
        self._good: set[str] = set()
        self._good_view: frozenset[str] = frozenset()
        self._good_dirty = False
        self.subscription_id = 0
        self.interval = period
        self.keepalive_count = 1
        self.last_response = time.monotonic()
        self.bad_items = 0
        self.mismatched = 0
        """Tags not subscribed because their type does not fit the node's."""

    @property
    def silence_limit(self) -> float:
        """Seconds without any publish response after which the link is presumed dead."""
        return 3.0 * self.interval * max(self.keepalive_count, 1)

    async def create(
        self, client: Client, types: Mapping[str, ua.VariantType] | None = None
    ) -> None:
        """Create the subscription and its monitored items on a fresh session.

        ``types``: node id text -> the node's type (types.py); a tag that does not fit
        its node is marked BadConfigurationError with the reason and not subscribed."""
        session = client.uaclient.session
        # sampling follows the scan class; publishing at least once a second, so slow tags
        # show their first value (and keep-alives prove the link) without waiting a period
        params = ua.CreateSubscriptionParameters(
            RequestedPublishingInterval=min(self.period, MAX_PUBLISHING_S) * 1000.0,
            RequestedLifetimeCount=max(3, math.ceil(LIFETIME_S / self.period)),
            RequestedMaxKeepAliveCount=1,
            MaxNotificationsPerPublish=0,
            PublishingEnabled=True,
            Priority=0,
        )
        self._good.clear()
        self._good_dirty = True
        self.mismatched = 0
        self.last_response = time.monotonic()
        result = await session.create_subscription(params, self._on_publish)
        self._stats.requests += 1
        self.subscription_id = result.SubscriptionId
        self.interval = result.RevisedPublishingInterval / 1000.0 or min(
            self.period, MAX_PUBLISHING_S
        )
        self.keepalive_count = result.RevisedMaxKeepAliveCount
        now = self._clock.now()
        bad: dict[str, TagSample] = {}
        requests: list[ua.MonitoredItemCreateRequest] = []
        for handle, tag in enumerate(self.tags, 1):
            try:
                node = ua.NodeId.from_string(node_text(tag))
            except (UaError, ValueError):
                bad[tag.name] = self._bad(
                    tag.name,
                    Quality.BAD_CONFIGURATION_ERROR,
                    text("opcua.source_bad_node_id", source=tag.source),
                    now,
                )
                continue
            vtype = (types or {}).get(node_text(tag))
            why = mismatch(tag, node_text(tag), vtype) if vtype is not None else None
            if why is not None:
                bad[tag.name] = self._bad(tag.name, Quality.BAD_CONFIGURATION_ERROR, why, now)
                self.mismatched += 1
                continue
            requests.append(_item_request(node, handle, self.period))
        for start in range(0, len(requests), ITEMS_PER_REQUEST):
            chunk = requests[start : start + ITEMS_PER_REQUEST]
            results = await session.create_monitored_items(
                ua.CreateMonitoredItemsParameters(
                    SubscriptionId=self.subscription_id,
                    TimestampsToReturn=ua.TimestampsToReturn.Both,
                    ItemsToCreate=chunk,
                )
            )
            self._stats.requests += 1
            for request, outcome in zip(chunk, results, strict=True):
                code = int(outcome.StatusCode.value)
                if code & 0xC0000000:
                    name, _ = self._entries[request.RequestedParameters.ClientHandle]
                    node_id = request.ItemToMonitor.NodeId.to_string()
                    reason = text("opcua.node_status", node=node_id, status=_status_text(code))
                    bad[name] = self._bad(name, Quality.from_code(code), reason, now)
        self.bad_items = len(bad)
        if bad:
            log.warning("%s", self._describe(f"{len(bad)} tag(s) not subscribed"))
            self._sink.emit(bad)
        subscribed = [
            r for r in requests if self._entries[r.RequestedParameters.ClientHandle][0] not in bad
        ]
        await self._read_initial(client, subscribed)

    async def _read_initial(
        self, client: Client, requests: Sequence[ua.MonitoredItemCreateRequest]
    ) -> None:
        """Read the subscribed values once: a slow scan class shows its values now, not
        after its first publishing interval. A value a notification already brought is
        newer and is kept."""
        asked = self._clock.now()
        for start in range(0, len(requests), ITEMS_PER_REQUEST):
            chunk = requests[start : start + ITEMS_PER_REQUEST]
            values = await client.uaclient.read(
                ua.ReadParameters(
                    NodesToRead=[r.ItemToMonitor for r in chunk],
                    TimestampsToReturn=ua.TimestampsToReturn.Both,
                )
            )
            self._stats.requests += 1
            last = self._sink.last
            items = []
            for request, value in zip(chunk, values, strict=True):
                handle = request.RequestedParameters.ClientHandle
                previous = last.get(self._entries[handle][0])
                if previous is None or previous.server_time < asked:
                    items.append(ua.MonitoredItemNotification(ClientHandle=handle, Value=value))
            batch: dict[str, TagSample] = {}
            self._decode(items, batch, self._clock.now(), notifications=False)
            if batch:
                self._sink.emit(batch)

    def _bad(self, name: str, quality: Quality, reason: str, now: float) -> TagSample:
        previous = self._sink.last.get(name)
        text = self._describe(reason)
        if previous is None:
            return TagSample(None, quality, now, now, text)
        return previous.with_quality(quality, text, now)

    def _on_publish(self, result: ua.PublishResult) -> None:
        """asyncua's publish loop hands us every response, keep-alives included."""
        self.last_response = time.monotonic()
        stats = self._stats
        stats.publish_responses += 1
        stats.requests += 1
        now = self._clock.now()
        data = result.NotificationMessage.NotificationData
        if data:
            batch: dict[str, TagSample] = {}
            for notification in data:
                if isinstance(notification, ua.DataChangeNotification):
                    self._decode(notification.MonitoredItems, batch, now)
                elif isinstance(notification, ua.StatusChangeNotification):
                    self._status_change(notification.Status)
            if batch:
                self._sink.emit(batch)
        else:
            stats.keepalives += 1
        if self._heartbeat is not None and self._good:
            if self._good_dirty:
                self._good_view = frozenset(self._good)
                self._good_dirty = False
            try:
                self._heartbeat(self._good_view, now)
            except Exception:
                log.exception("heartbeat callback failed")

    def _decode(
        self,
        items: list[ua.MonitoredItemNotification],
        batch: dict[str, TagSample],
        now: float,
        *,
        notifications: bool = True,
    ) -> None:
        entries = self._entries
        good = self._good
        if notifications:
            self._stats.notifications += len(items)
        for item in items:
            entry = entries.get(item.ClientHandle)
            if entry is None:
                continue
            name, convert = entry
            value = item.Value
            status = value.StatusCode
            code = status.value if status is not None else 0
            variant = value.Value
            raw = variant.Value if variant is not None else None
            stamp = value.SourceTimestamp or value.ServerTimestamp
            source = stamp.timestamp() if stamp is not None else now
            if code == 0 and raw is not None:
                try:
                    batch[name] = TagSample(convert(raw), Quality.GOOD, source, now)
                except ConversionError as exc:
                    batch[name] = self._mismatch(name, str(exc), source, now)
                    good.discard(name)
                    self._good_dirty = True
                    continue
                if name not in good:
                    good.add(name)
                    self._good_dirty = True
                continue
            sample = batch[name] = self._qualified(name, code, raw, convert, source, now)
            if sample.quality.is_good:
                if name not in good:
                    good.add(name)
                    self._good_dirty = True
            elif name in good:
                good.discard(name)
                self._good_dirty = True

    def _qualified(
        self, name: str, code: int, raw: object, convert: Converter, source: float, now: float
    ) -> TagSample:
        """A notification with a non-Good status (or no value): keep the last value if none."""
        if raw is None and code == 0:
            quality, reason = Quality.BAD_WAITING_FOR_INITIAL_DATA, text("opcua.no_value")
        else:
            quality, reason = status_quality(code)
        previous = self._sink.last.get(name)
        value = previous.value if previous is not None else None
        if raw is not None:
            with contextlib.suppress(ConversionError):
                value = convert(raw)
        return TagSample(value, quality, source, now, self._describe(reason) if reason else "")

    def _mismatch(self, name: str, reason: str, source: float, now: float) -> TagSample:
        previous = self._sink.last.get(name)
        value = previous.value if previous is not None else None
        return TagSample(value, Quality.BAD_TYPE_MISMATCH, source, now, self._describe(reason))

    def _status_change(self, status: ua.StatusCode) -> None:
        code = int(status.value)
        if code & 0xC0000000:
            said = _status_text(code)
            self._sink.fault(
                text("opcua.subscription_status", id=self.subscription_id, status=said)
            )


def node_text(tag: TagDef) -> str:
    """The node id text of an opcua:// tag ("" for any other address)."""
    address = tag.address
    return address.node_id if isinstance(address, OpcUaAddress) else ""


def _item_request(node: ua.NodeId, handle: int, period: float) -> ua.MonitoredItemCreateRequest:
    return ua.MonitoredItemCreateRequest(
        ItemToMonitor=ua.ReadValueId(NodeId=node, AttributeId=AttributeIds.Value),
        MonitoringMode=ua.MonitoringMode.Reporting,
        RequestedParameters=ua.MonitoringParameters(
            ClientHandle=handle,
            SamplingInterval=period * 1000.0,
            QueueSize=1,
            DiscardOldest=True,
        ),
    )
