"""The control-room benchmark's measurements (benchmarks/control_room.py): latency histograms,
the broker's load seen from a plain subscriber, and the JSON lines of the figures."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import Iterable
from typing import Any

from _common import emit  # also puts the repository root on sys.path
from _control_room_setup import SCAN

from tags.control_room.sparkplug import decode
from tests.mqtt_broker import MqttBroker


def percentile(bins: Counter[int], fraction: float) -> float:
    """The value (ms) below which ``fraction`` of the samples lie (bins of 0.1 ms)."""
    total = sum(bins.values())
    if not total:
        return float("nan")
    wanted, seen = fraction * total, 0
    for key in sorted(bins):
        seen += bins[key]
        if seen >= wanted:
            return key / 10
    return max(bins) / 10


def merged(reports: Iterable[dict[str, Any]], field: str) -> Counter[int]:
    total: Counter[int] = Counter()
    for report in reports:
        total.update({int(k): v for k, v in report[field].items()})
    return total


class BrokerLoad:
    """Mosquitto's $SYS message counters (sys_interval 1), and a plain subscriber to the
    server's data messages that splits the latency: the sample's source time to the message's
    timestamp (inside the server) and to its arrival here (through the broker)."""

    def __init__(self, broker: MqttBroker) -> None:
        self.broker = broker
        self.counts: dict[str, int] = {}
        self.in_server: Counter[int] = Counter()
        self.to_subscriber: Counter[int] = Counter()
        self.recording = False
        self.last: dict[str, dict[int, int]] = {}
        """The last value of each metric, by data topic and alias."""
        self.lost = 0
        """Changes the server never published (gaps in a metric's values)."""
        self.task: asyncio.Task[None] | None = None

    async def run(self) -> None:
        import aiomqtt

        async with aiomqtt.Client("127.0.0.1", self.broker.port, identifier="bench-sys") as c:
            await c.subscribe("$SYS/broker/messages/+")
            await c.subscribe("spBv1.0/+/DDATA/#")
            async for message in c.messages:
                payload = message.payload
                if not isinstance(payload, bytes | bytearray):
                    continue
                if message.topic.value.startswith("$SYS"):
                    with contextlib.suppress(ValueError):
                        self.counts[message.topic.value.rsplit("/", 1)[1]] = int(payload)
                elif self.recording:
                    self._split(message.topic.value, time.time() * 1000, bytes(payload))

    def _split(self, topic: str, arrival_ms: float, data: bytes) -> None:
        payload = decode(data)
        last = self.last.setdefault(topic, {})
        for metric in payload.metrics:
            self.in_server[round((payload.timestamp - metric.timestamp) * 10)] += 1
            self.to_subscriber[round((arrival_ms - metric.timestamp) * 10)] += 1
            kind = metric.WhichOneof("value")
            if kind is None or metric.is_null:
                continue
            value = int(getattr(metric, kind))
            before = last.get(metric.alias)
            last[metric.alias] = value
            if before is not None and value > before + 1:
                self.lost += value - before - 1

    def total(self) -> int:
        return self.counts.get("received", 0) + self.counts.get("sent", 0)


def emit_values(
    reports: list[dict[str, Any]], reference: dict[str, Any], ticks: list[dict[str, Any]]
) -> None:
    latency, change = merged(reports, "latency"), merged(reports, "change")
    emit("value_latency_ms_p50", percentile(latency, 0.5), "ms", samples=sum(latency.values()))
    emit("value_latency_ms_p99", percentile(latency, 0.99), "ms", target="< 250")
    ref_latency, ref_change = merged([reference], "latency"), merged([reference], "change")
    emit(
        "reference_value_latency_ms_p50",
        percentile(ref_latency, 0.5),
        "ms",
        samples=sum(ref_latency.values()),
        note="standalone console reading the device",
    )
    emit("reference_value_latency_ms_p99", percentile(ref_latency, 0.99), "ms")
    emit(
        "change_latency_ms_p99",
        percentile(change, 0.99),
        "ms",
        p50=percentile(change, 0.5),
        scan_s=SCAN,
    )
    emit(
        "reference_change_latency_ms_p99",
        percentile(ref_change, 0.99),
        "ms",
        p50=percentile(ref_change, 0.5),
    )
    emit(
        "values_lost",
        sum(r["lost"] for r in reports),
        "values",
        received=sum(r["received"] for r in reports),
        consoles=len(reports),
        rebirths_asked=sum(r["rebirths"] for r in reports),
    )
    emit("reference_values_lost", reference["lost"], "values", received=reference["received"])
    emit(
        "field_connections_per_endpoint",
        max(t["room_clients"] for t in ticks),
        "connections",
        reference_port=max(t["reference_clients"] for t in ticks),
        device_late_ms_max=max(t["late_ms"] for t in ticks),
    )


def emit_acks(reports: list[dict[str, Any]], acks: dict[str, float]) -> None:
    delays: list[float] = []
    for name, sent in acks.items():
        seen = [r["acknowledged"].get(name) for r in reports]
        delays.append(float("inf") if None in seen else (max(seen) - sent) * 1000)
    delays.sort()
    p99 = delays[min(len(delays) - 1, int(0.99 * len(delays)))] if delays else float("nan")
    emit(
        "ack_propagation_ms_p99",
        p99,
        "ms",
        acks=len(delays),
        consoles=len(reports),
        median=round(delays[len(delays) // 2], 1) if delays else None,
        target="< 1000",
    )
