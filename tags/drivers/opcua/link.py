"""One OPC UA connection: a supervisor task that connects, subscribes and reconnects.

asyncua's own auto-reconnect is left off: this supervisor owns the state the console shows
(connecting, connected, reconnecting, failed), marks every tag Bad with the reason the moment
the link drops, backs off up to ``backoff_max``, and retries credential and certificate
failures only slowly so a wrong password never turns into a storm of login attempts.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import random
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from asyncua import ua
from asyncua.client.client import Client
from asyncua.client.ua_client import UaClientState
from asyncua.common.node import Node
from asyncua.ua.attribute_ids import AttributeIds
from asyncua.ua.status_codes import StatusCodes
from asyncua.ua.uaerrors import UaError, UaStatusCodeError

from tags.clock import Clock
from tags.config.connections import OpcUaConnection
from tags.drivers.base import ConnectionState, ConnectionStatus, Heartbeat, WriteError
from tags.drivers.opcua.client import Failure, classify, close_client, open_client
from tags.drivers.opcua.subscription import (
    OpcUaStats,
    SampleSink,
    ScanSubscription,
    node_text,
)
from tags.drivers.opcua.types import mismatch, read_node_types
from tags.drivers.opcua.values import status_text, write_variant
from tags.i18n.catalogue import text
from tags.model import Publish, Quality, TagDef, TagSample, Value
from tags.shutdown import cancel_and_wait

log = logging.getLogger(__name__)

FIRST_RETRY = 0.5
LASTING_RETRY = 30.0
"""Retry interval (at least) after a refused password, certificate or configuration."""
CHECK_INTERVAL = 0.5


class OpcUaLink(SampleSink):
    """The state, subscriptions and write path of one OPC UA connection."""

    def __init__(
        self,
        connection: OpcUaConnection,
        tags: Sequence[TagDef],
        publish: Publish,
        clock: Clock,
        *,
        heartbeat: Heartbeat | None = None,
        data_dir: Path | None = None,
        config_dir: Path | None = None,
        certificate_lock: asyncio.Lock | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.connection = connection
        self.tags = list(tags)
        self.last: dict[str, TagSample] = {}
        self.state = ConnectionState.STOPPED
        self.detail = text("link.not_started")
        self.stats = OpcUaStats()
        self._publish = publish
        self._clock = clock
        self._dirs = (data_dir, config_dir)
        self._lock = certificate_lock
        self._environ = environ
        self._client: Client | None = None
        self._fault: str | None = None
        self._task: asyncio.Task[None] | None = None
        self._types: dict[str, ua.VariantType] = {}
        periods: dict[float, list[TagDef]] = {}
        for tag in self.tags:
            periods.setdefault(round(tag.scan_period, 3), []).append(tag)
        self._subscriptions = [
            ScanSubscription(
                period,
                group,
                sink=self,
                stats=self.stats,
                clock=clock,
                heartbeat=heartbeat,
                describe=self.describe,
            )
            for period, group in sorted(periods.items())
        ]

    @property
    def name(self) -> str:
        return self.connection.name

    def describe(self, reason: str) -> str:
        """A tag's reason text, naming the connection."""
        return text("opcua.reason", name=self.name, reason=reason)

    # life cycle ---------------------------------------------------------------------------

    def start(self) -> None:
        if self._task is None or self._task.done():
            self._set_state(
                ConnectionState.CONNECTING, text("link.connecting", endpoint=self.connection.url)
            )
            self._task = asyncio.create_task(self._supervise(), name=f"opcua:{self.name}")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            await cancel_and_wait(task)
        self._set_state(ConnectionState.STOPPED, text("link.stopped"))

    def status(self) -> ConnectionStatus:
        return ConnectionStatus(
            name=self.name,
            kind="opcua",
            endpoint=self.connection.url,
            state=self.state,
            detail=self.detail,
            stats=dataclasses.replace(self.stats),
            tag_count=len(self.tags),
        )

    def _set_state(self, state: ConnectionState, detail: str) -> None:
        self.state = state
        self.detail = detail

    # supervisor ---------------------------------------------------------------------------

    async def _supervise(self) -> None:
        delay = FIRST_RETRY
        failures = 0
        while True:
            self.stats.attempts += 1
            if self.stats.attempts > 1:
                self.stats.reconnects += 1
            client: Client | None = None
            try:
                opened = await open_client(
                    self.connection,
                    data_dir=self._dirs[0],
                    config_dir=self._dirs[1],
                    certificate_lock=self._lock,
                    environ=self._environ,
                )
                client = opened.client
                self._fault = None
                self._client = client  # writes may go out while the subscriptions are made
                self._set_state(
                    ConnectionState.CONNECTED, text("opcua.connected", detail=opened.detail)
                )
                self._types = await self._read_types(client)
                for subscription in self._subscriptions:
                    await subscription.create(client, self._types)
                items = sum(len(s.tags) for s in self._subscriptions)
                mismatched = sum(s.mismatched for s in self._subscriptions)
                bad = sum(s.bad_items for s in self._subscriptions) - mismatched
                wrong = text("opcua.wrong_type", count=mismatched) if mismatched else ""
                self._set_state(
                    ConnectionState.CONNECTED,
                    text(
                        "opcua.subscribed", detail=opened.detail, items=items, refused=bad,
                        subscriptions=len(self._subscriptions), wrong=wrong,
                    ),
                )  # fmt: skip
                if failures:
                    log.info("OPC UA connection '%s' is back: %s", self.name, self.detail)
                failures = 0
                delay = FIRST_RETRY
                raise await self._watch(client)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                failure = classify(exc)
                self._client = None
                self._mark_all(failure)
                wait, delay = self._next_wait(failure, delay)
                failures += 1
                self._report(failure, wait, failures, exc)
            finally:
                self._client = None
                if client is not None:
                    await close_client(client)
            await asyncio.sleep(wait)

    async def _read_types(self, client: Client) -> dict[str, ua.VariantType]:
        """The type of every tag's node, read once per session (types.py)."""
        texts: list[str] = []
        nodes: list[ua.NodeId] = []
        for tag in self.tags:
            text = node_text(tag)
            try:
                node = ua.NodeId.from_string(text)
            except (UaError, ValueError):
                continue  # the subscription marks it Bad with the reason
            texts.append(text)
            nodes.append(node)
        found = await read_node_types(client, nodes)
        self.stats.requests += 1
        return {t: f.vtype for t, f in zip(texts, found, strict=True) if f.vtype is not None}

    def _next_wait(self, failure: Failure, delay: float) -> tuple[float, float]:
        backoff_max = self.connection.backoff_max
        if failure.lasting:
            return max(backoff_max, LASTING_RETRY), FIRST_RETRY
        wait = min(delay, backoff_max) * random.uniform(0.8, 1.0)
        return wait, min(delay * 2.0, backoff_max)

    def _report(self, failure: Failure, wait: float, failures: int, exc: Exception) -> None:
        self.stats.record_error(failure.reason, self._clock.now())
        state = ConnectionState.FAILED if failure.lasting else ConnectionState.RECONNECTING
        self._set_state(
            state, text("opcua.next_attempt", reason=failure.reason, wait=f"{wait:.1f}")
        )
        level = logging.ERROR if failures == 1 else logging.DEBUG
        log.log(level, "OPC UA connection '%s' (%s): %s", self.name, self.connection.url, exc)

    async def _watch(self, client: Client) -> Exception:
        """Wait until the link is lost; return the error that says why."""
        async with client.subscribe_state() as states:
            while True:
                if client.state is not UaClientState.CONNECTED:
                    return ConnectionError(text("opcua.lost"))
                if self._fault is not None:
                    return ConnectionError(self._fault)
                now = time.monotonic()
                for subscription in self._subscriptions:
                    silent = now - subscription.last_response
                    limit = max(subscription.silence_limit, self.connection.timeout)
                    if silent > limit:
                        return TimeoutError(text("opcua.silent", seconds=f"{silent:.1f}"))
                with contextlib.suppress(asyncio.TimeoutError):
                    await states.next_change(timeout=CHECK_INTERVAL)

    def _mark_all(self, failure: Failure) -> None:
        now = self._clock.now()
        reason = self.describe(failure.reason)
        batch: dict[str, TagSample] = {}
        for tag in self.tags:
            previous = self.last.get(tag.name)
            if previous is None:
                batch[tag.name] = TagSample(None, failure.quality, now, now, reason)
            elif previous.quality is not failure.quality or previous.reason != reason:
                batch[tag.name] = previous.with_quality(failure.quality, reason, now)
        if batch:
            self.emit(batch)

    # SampleSink ---------------------------------------------------------------------------

    def emit(self, batch: dict[str, TagSample]) -> None:
        self.last.update(batch)
        try:
            self._publish(batch)
        except Exception:
            log.exception("OPC UA connection '%s': publishing a batch failed", self.name)

    def fault(self, reason: str) -> None:
        client = self._client
        if client is None or client.state is not UaClientState.CONNECTED:
            return  # asyncua telling its subscriptions that the link is gone: known already
        self._fault = reason
        client.uaclient.notify_transport_lost()  # wakes _watch

    # writes -------------------------------------------------------------------------------

    async def write(self, tag: TagDef, value: Value) -> None:
        """Write with the node's own VariantType; WriteError on refusal or no link."""
        client = self._client
        if client is None or self.state is not ConnectionState.CONNECTED:
            raise WriteError(
                self.describe(
                    text("opcua.not_connected", state=self.state.value, detail=self.detail)
                ),
                Quality.BAD_NOT_CONNECTED,
            )
        node = node_text(tag)
        try:
            node_id = ua.NodeId.from_string(node)
        except (UaError, ValueError):
            raise WriteError(
                self.describe(text("opcua.bad_node_id", node=node)),
                Quality.BAD_CONFIGURATION_ERROR,
            ) from None
        what = f"{tag.name} ({node})"
        started = time.monotonic()
        sending = False  # until the write request itself goes out, a failure sent nothing
        try:
            vtype = self._types.get(node)
            if vtype is None:
                vtype = await self._variant_type(client, node_id)
                self._types[node] = vtype
            why = mismatch(tag, node, vtype)
            if why is not None:
                raise WriteError(self.describe(why), Quality.BAD_CONFIGURATION_ERROR)
            variant = write_variant(value, vtype, what)
            sending = True
            results = await client.uaclient.write_attributes(
                [node_id], [ua.DataValue(Value=variant, StatusCode=None)], AttributeIds.Value
            )
        except WriteError:
            raise
        except UaStatusCodeError as exc:
            raise self._write_failed(what, int(exc.code)) from None
        except TimeoutError:
            self.stats.record_error(f"write {what}: timeout", self._clock.now())
            raise WriteError(
                self.describe(text("opcua.write_no_answer", what=what)),
                Quality.BAD_TIMEOUT,
                sent=sending,
            ) from None
        except (OSError, ConnectionError) as exc:
            self.stats.record_error(f"write {what}: {exc}", self._clock.now())
            raise WriteError(
                self.describe(text("opcua.write_link_lost", what=what, error=exc)),
                Quality.BAD_NOT_CONNECTED,
                sent=sending,
            ) from None
        self.stats.record_rtt((time.monotonic() - started) * 1000.0)
        code = int(results[0].value)
        if code & 0xC0000000:
            if code == StatusCodes.BadTypeMismatch:
                self._types.pop(node, None)
            raise self._write_failed(what, code)

    def _write_failed(self, what: str, code: int) -> WriteError:
        reason = self.describe(text("opcua.write_refused", what=what, status=status_text(code)))
        self.stats.record_error(reason, self._clock.now())
        return WriteError(reason, Quality.from_code(code))

    async def _variant_type(self, client: Client, node_id: ua.NodeId) -> ua.VariantType:
        """The node's DataType as a VariantType, read once per node and cached."""
        node = Node(client.uaclient.session, node_id)
        vtype = await node.read_data_type_as_variant_type()
        self.stats.requests += 1
        if vtype is ua.VariantType.Variant:  # abstract (BaseDataType, Number): use the value's
            current = await node.read_data_value()
            self.stats.requests += 1
            if current.Value is not None and current.Value.VariantType is not None:
                vtype = current.Value.VariantType
        return vtype
