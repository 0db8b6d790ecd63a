"""The OPC UA driver against a real asyncua server on loopback: subscriptions, writes, links."""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections.abc import Iterable

import pytest
from asyncua import ua
from asyncua.ua.status_codes import StatusCodes

from tags.clock import ManualClock, SystemClock
from tags.config.connections import OpcUaConnection
from tags.drivers.base import ConnectionState, WriteError
from tags.drivers.opcua.driver import OpcUaDriver, OpcUaStats
from tags.model import DataType, Quality, TagDef, Value
from tests.tags.drivers import opcua_server as srv
from tests.waiting import until

pytestmark = pytest.mark.slow  # a real OPC UA server, started in seconds

IN_T, RUN, MODE, STATE = "SCO2.COMP.IN_T", "SCO2.COMP.RUN", "SCO2.COMP.MODE", "SCO2.COMP.STATE"
FLOW, SPEED_SP, LOCKED = "SCO2.COMP.FLOW", "SCO2.COMP.SPEED_SP", "SCO2.COMP.LOCKED"
LEVEL = "CWP.DMC.LEVEL"


@pytest.fixture
def plain() -> srv.RemoteServer:
    server = srv.server("plain")
    server.reset()
    return server


def typed_tags(period: float = 0.1) -> list[TagDef]:
    return [
        srv.make_tag(IN_T, period=period),
        srv.make_tag(RUN, DataType.BOOL, period=period),
        srv.make_tag(MODE, DataType.INT, period=period),
        srv.make_tag(STATE, DataType.STRING, period=period),
        srv.make_tag(FLOW, period=period),
        srv.make_tag(SPEED_SP, DataType.INT, period=period),
        srv.make_tag(LOCKED, period=period),
        srv.make_tag(LEVEL, period=period),
    ]


def connection(url: str, **settings: object) -> dict[str, OpcUaConnection]:
    return {"dcs": OpcUaConnection("dcs", url, **settings)}  # type: ignore[arg-type]


def test_subscription_delivers_plain_values_of_each_type_with_status_and_times(
    plain: srv.RemoteServer,
) -> None:
    clock = ManualClock()
    recorder = srv.Recorder()

    async def scenario() -> None:
        driver = OpcUaDriver(connection(plain.url), typed_tags(), recorder, clock)
        await driver.start()
        try:
            await recorder.wait_for(recorder.good(IN_T, RUN, MODE, STATE, FLOW))
            latest = recorder.latest
            assert (latest[IN_T].value, type(latest[IN_T].value)) == (31.5, float)
            assert (latest[RUN].value, type(latest[RUN].value)) == (True, bool)
            assert (latest[MODE].value, type(latest[MODE].value)) == (2, int)
            assert (latest[STATE].value, type(latest[STATE].value)) == ("RUNNING", str)
            assert (latest[FLOW].value, type(latest[FLOW].value)) == (12.25, float)
            assert latest[IN_T].server_time == clock.now()
            stamped = dt.datetime(2025, 3, 1, 12, 0, 0, 250000, tzinfo=dt.UTC)
            await plain.set_value(IN_T, 35.75, source_time=stamped)
            await recorder.wait_for(lambda latest: latest[IN_T].value == 35.75)
            sample = recorder.latest[IN_T]
            assert sample.quality is Quality.GOOD and sample.reason == ""
            assert sample.source_time == pytest.approx(stamped.timestamp(), abs=1e-6)
        finally:
            await driver.stop()

    srv.run(scenario())


def test_one_batch_per_notification_message(plain: srv.RemoteServer) -> None:
    recorder = srv.Recorder()

    async def scenario() -> None:
        driver = OpcUaDriver(connection(plain.url), typed_tags(0.5), recorder, SystemClock())
        await driver.start()
        try:
            await recorder.wait_for(recorder.good(IN_T, MODE, STATE))
            await recorder.subscribed(driver)
            recorder.batches.clear()
            await plain.host.call(_set_three(plain))
            await recorder.wait_for(lambda latest: latest[STATE].value == "TRIPPED")
            changed = [b for b in recorder.batches if {IN_T, MODE, STATE} & set(b)]
            assert len(changed) == 1 and {IN_T, MODE, STATE} <= set(changed[0])
        finally:
            await driver.stop()

    srv.run(scenario())


async def _set_three(plain: srv.RemoteServer) -> None:
    await plain.server.set_value(IN_T, 50.0)
    await plain.server.set_value(MODE, 3)
    await plain.server.set_value(STATE, "TRIPPED")


def test_bad_and_uncertain_server_status_reach_the_tag(plain: srv.RemoteServer) -> None:
    recorder = srv.Recorder()

    async def scenario() -> None:
        driver = OpcUaDriver(connection(plain.url), typed_tags(), recorder, SystemClock())
        await driver.start()
        try:
            await recorder.wait_for(recorder.good(IN_T, LEVEL))
            await plain.set_value(IN_T, None, status=StatusCodes.BadSensorFailure)
            await plain.set_value(LEVEL, 57.5, status=StatusCodes.UncertainLastUsableValue)
            await recorder.wait_for(recorder.quality(Quality.BAD_SENSOR_FAILURE, IN_T))
            await recorder.wait_for(recorder.quality(Quality.UNCERTAIN_LAST_USABLE_VALUE, LEVEL))
            bad = recorder.latest[IN_T]
            assert bad.value == 31.5, "a Bad sample keeps the last value visible"
            assert "BadSensorFailure" in bad.reason and "'dcs'" in bad.reason
            assert recorder.latest[LEVEL].value == 57.5
            assert recorder.latest[RUN].quality is Quality.GOOD
        finally:
            await driver.stop()

    srv.run(scenario())


def test_unknown_node_is_bad_node_id_unknown_for_that_tag_only(plain: srv.RemoteServer) -> None:
    recorder = srv.Recorder()
    tags = [*typed_tags(), srv.make_tag("SCO2.COMP.GHOST", node="ns=2;s=SCO2.COMP.GHOST")]

    async def scenario() -> None:
        driver = OpcUaDriver(connection(plain.url), tags, recorder, SystemClock())
        await driver.start()
        try:
            await recorder.wait_for(
                recorder.quality(Quality.BAD_NODE_ID_UNKNOWN, "SCO2.COMP.GHOST")
            )
            await recorder.wait_for(recorder.good(IN_T, RUN, MODE, STATE, FLOW, LEVEL))
            assert "ns=2;s=SCO2.COMP.GHOST" in recorder.latest["SCO2.COMP.GHOST"].reason
            (status,) = driver.status()
            assert status.state is ConnectionState.CONNECTED
            assert "1 refused" in status.detail
        finally:
            await driver.stop()

    srv.run(scenario())


def test_heartbeat_names_the_good_tags_every_publish_cycle(plain: srv.RemoteServer) -> None:
    recorder = srv.Recorder()
    beats: list[tuple[frozenset[str], float]] = []
    tags = [srv.make_tag(IN_T, period=0.1), srv.make_tag("X.Y.GHOST", node="ns=2;s=GHOST")]

    def heartbeat(names: Iterable[str], when: float) -> None:
        beats.append((frozenset(names), when))

    async def scenario() -> None:
        driver = OpcUaDriver(
            connection(plain.url), tags, recorder, SystemClock(), heartbeat=heartbeat
        )
        await driver.start()
        try:
            await recorder.wait_for(recorder.good(IN_T))
            beats.clear()
            await until(lambda: len(beats) >= 6)
        finally:
            await driver.stop()

    srv.run(scenario())
    assert all(names == {IN_T} for names, _ in beats)
    assert all(later > earlier for (_, earlier), (_, later) in itertools.pairwise(beats))


def test_writes_use_the_node_type_and_come_back_through_the_subscription(
    plain: srv.RemoteServer,
) -> None:
    recorder = srv.Recorder()
    tags = {tag.name: tag for tag in typed_tags()}
    writes: dict[str, Value] = {
        IN_T: 33.25,
        RUN: False,
        MODE: 5,
        STATE: "STOPPED",
        FLOW: 7.5,
        SPEED_SP: 1500,
    }

    async def scenario() -> None:
        driver = OpcUaDriver(connection(plain.url), list(tags.values()), recorder, SystemClock())
        await driver.start()
        try:
            await recorder.wait_for(recorder.good(*writes))
            for name, value in writes.items():
                await driver.write(tags[name], value)
            await recorder.wait_for(
                lambda latest: all(latest[n].value == v for n, v in writes.items())
            )
            assert await plain.value(SPEED_SP) == 1500
            data_value = await plain.host.call(plain.server.nodes[SPEED_SP].read_data_value())
            assert data_value.Value is not None
            assert data_value.Value.VariantType is ua.VariantType.Int16
            (status,) = driver.status()
            assert isinstance(status.stats, OpcUaStats)
            assert status.stats.last_rtt_ms > 0
        finally:
            await driver.stop()

    srv.run(scenario())


def test_refused_writes_raise_write_error_with_reason_and_quality(
    plain: srv.RemoteServer,
) -> None:
    recorder = srv.Recorder()
    tags = {tag.name: tag for tag in typed_tags()}

    async def scenario() -> None:
        driver = OpcUaDriver(connection(plain.url), list(tags.values()), recorder, SystemClock())
        await driver.start()
        try:
            await recorder.wait_for(recorder.good(LOCKED, SPEED_SP))
            with pytest.raises(WriteError) as denied:
                await driver.write(tags[LOCKED], 6.0)
            assert denied.value.quality is Quality.BAD_USER_ACCESS_DENIED
            assert "BadUserAccessDenied" in denied.value.reason
            assert LOCKED in denied.value.reason
            with pytest.raises(WriteError) as too_big:
                await driver.write(tags[SPEED_SP], 70000)
            assert too_big.value.quality is Quality.BAD_OUT_OF_RANGE
            assert "Int16" in too_big.value.reason
            with pytest.raises(WriteError) as wrong_type:
                await driver.write(tags[IN_T], "hot")
            assert wrong_type.value.quality is Quality.BAD_TYPE_MISMATCH
            assert await plain.value(LOCKED) == 5.0
            (status,) = driver.status()
            assert status.stats.errors >= 1 and "BadUserAccessDenied" in status.stats.last_error
        finally:
            await driver.stop()

    srv.run(scenario())


def test_unreachable_server_marks_tags_not_connected_and_backs_off() -> None:
    recorder = srv.Recorder()
    url = f"opc.tcp://127.0.0.1:{srv.free_port()}/"
    tags = typed_tags()

    async def scenario() -> None:
        driver = OpcUaDriver(connection(url, backoff_max=1.0), tags, recorder, SystemClock())
        started = time.monotonic()
        await driver.start()
        try:
            await recorder.wait_for(recorder.quality(Quality.BAD_NOT_CONNECTED, IN_T), 1.0)
            assert "'dcs'" in recorder.latest[IN_T].reason
            with pytest.raises(WriteError) as refused:
                await driver.write(tags[0], 1.0)
            assert refused.value.quality is Quality.BAD_NOT_CONNECTED
            await until(lambda: driver.status()[0].stats.errors >= 4)  # the write's, 3 attempts
            assert time.monotonic() - started >= 1.2, "0.5, 1, 1 ... s (less 20 % jitter) apart"
            (status,) = driver.status()
            assert status.state is ConnectionState.RECONNECTING
            assert "refused" in status.detail
        finally:
            await driver.stop()
        assert driver.status()[0].state is ConnectionState.STOPPED

    srv.run(scenario())


def test_link_loss_and_server_restart_recover_without_blocking_the_loop() -> None:
    restart = srv.server("restart")
    recorder = srv.Recorder()
    period = 0.25
    tags = typed_tags(period)

    async def scenario() -> None:
        driver = OpcUaDriver(
            connection(restart.url, backoff_max=1.0), tags, recorder, SystemClock()
        )
        async with srv.LagMeter() as lag:
            await driver.start()
            try:
                await recorder.wait_for(recorder.good(IN_T, RUN, MODE, STATE))
                await recorder.subscribed(driver)
                await restart.stop_listening()
                took = await recorder.wait_for(
                    recorder.quality(Quality.BAD_NOT_CONNECTED, *(t.name for t in tags))
                )
                assert took < 2 * period
                lost = recorder.latest[IN_T]
                assert lost.value == 31.5 and "'dcs'" in lost.reason and "lost" in lost.reason
                assert driver.status()[0].state is ConnectionState.RECONNECTING
                refused = driver.status()[0].stats.errors  # down for a while: refused attempts
                await until(lambda: driver.status()[0].stats.errors > refused)
                await restart.start_listening()
                took = await recorder.wait_for(recorder.good(IN_T, RUN, MODE, STATE))
                assert took < 5.0
                await restart.set_value(IN_T, 77.0)
                await recorder.wait_for(lambda latest: latest[IN_T].value == 77.0)
                (status,) = driver.status()
                assert status.state is ConnectionState.CONNECTED
                assert status.stats.reconnects >= 1
            finally:
                await driver.stop()
        assert lag.worst < 0.1, f"event loop blocked for {lag.worst * 1000:.0f} ms"

    srv.run(scenario())


def test_a_hung_server_is_detected_by_the_missing_keep_alives(plain: srv.RemoteServer) -> None:
    recorder = srv.Recorder()
    tags = typed_tags(0.1)

    async def scenario() -> None:
        driver = OpcUaDriver(
            connection(plain.url, timeout=1.0, backoff_max=1.0), tags, recorder, SystemClock()
        )
        await driver.start()
        try:
            await recorder.wait_for(recorder.good(IN_T))
            await recorder.subscribed(driver)
            # the server hangs (its loop blocked, socket open, no answers): the device, not a wait
            plain.host.loop.call_soon_threadsafe(time.sleep, 2.5)
            took = await recorder.wait_for(recorder.quality(Quality.BAD_NOT_CONNECTED, IN_T))
            assert took < 2.0
            assert "no publish response" in recorder.latest[IN_T].reason
            await recorder.wait_for(recorder.good(IN_T), timeout=8.0)
        finally:
            await driver.stop()

    srv.run(scenario())
