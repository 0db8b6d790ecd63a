"""A console client on a real broker, served by a stand-in server: values with their quality
arrive from the births and data; any loss (the server's death, an area's death, the server
offline, the broker gone) turns every value Bad "server unreachable" at once, and nothing is
Good again until a new birth brings it; sequence gaps are repaired by a rebirth."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from tags.config.project import Project
from tags.control_room.broker import parse_broker_url
from tags.control_room.console.console_client import ConsoleClient
from tags.control_room.console.sparkplug_host import UNREACHABLE
from tags.control_room.messages import Action
from tags.drivers.base import ConnectionState, WriteError
from tags.model import Batch, Quality, TagSample
from tests.mqtt_broker import MqttBroker
from tests.tags.control_room.stand_in_server import StandInServer, bench_project
from tests.waiting import until

pytestmark = [pytest.mark.slow, pytest.mark.asyncio]

LOSS_BOUND = 10.0
"""Seconds a loss may take to show here: generous for a loaded machine (the 2 s budget is
measured by the benchmark, not asserted by a test)."""


class Steps:
    """Every batch the console's database published, with the test step it came in."""

    def __init__(self, client: ConsoleClient) -> None:
        self.step = "start"
        self.seen: list[tuple[str, str, TagSample]] = []
        self._subscription = client.db.subscribe(self._take)

    def _take(self, batch: Batch) -> None:
        self.seen.extend((self.step, name, sample) for name, sample in batch.items())

    def of(self, name: str, since: str) -> list[tuple[str, TagSample]]:
        """(step, sample) of ``name`` from the first batch of step ``since`` on."""
        steps = [s for s, _, _ in self.seen]
        first = steps.index(since) if since in steps else len(steps)
        return [(s, sample) for s, n, sample in self.seen[first:] if n == name]

    def close(self) -> None:
        self._subscription.close()


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return bench_project(tmp_path)


@pytest_asyncio.fixture
async def stand_in(mqtt_broker: MqttBroker, project: Project) -> AsyncIterator[StandInServer]:
    server = StandInServer(mqtt_broker, project)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest_asyncio.fixture
async def console(mqtt_broker: MqttBroker, project: Project) -> AsyncIterator[ConsoleClient]:
    client = ConsoleClient(project, parse_broker_url(mqtt_broker.url, where="test"), "ws-1")
    await client.start()
    try:
        yield client
    finally:
        await client.stop()


@pytest.fixture
def steps(console: ConsoleClient) -> Iterator[Steps]:
    recorder = Steps(console)
    yield recorder
    recorder.close()


def all_good(console: ConsoleClient, names: tuple[str, ...] = ("TST.FLOW", "TST.PUMP")) -> bool:
    return all(console.db.get(n).quality is Quality.GOOD for n in names)


def all_unreachable(console: ConsoleClient, quality: Quality) -> bool:
    return all(
        s.quality is quality and s.reason == UNREACHABLE for s in console.db.snapshot().values()
    )


async def test_values_arrive_with_quality_reason_and_timestamps(
    stand_in: StandInServer, console: ConsoleClient
) -> None:
    await until(lambda: all_good(console))
    db = console.db
    for name, sent in stand_in.values.items():
        got = db.get(name)
        assert (got.value, got.quality, got.reason) == (sent.value, sent.quality, sent.reason)
        assert got.source_time == pytest.approx(sent.source_time, abs=0.001)
        assert got.server_time >= sent.server_time - 1.0  # the console's time of receipt
    assert console.server_reachable
    link = console.connection_status()[0]
    assert link.state is ConnectionState.CONNECTED and link.name == "server"
    assert link.detail == "server server on stand-in online"
    assert link.stats.requests > 0  # messages received

    changed = TagSample(55.0, Quality.GOOD, time.time(), time.time())
    await stand_in.data({"TST.FLOW": changed, "AUX.COUNT": changed._replace(value=3)})
    await until(lambda: db.get("TST.FLOW").value == 55.0 and db.get("AUX.COUNT").value == 3)
    assert db.get("AUX.COUNT").quality is Quality.GOOD  # the stale value came back Good

    with pytest.raises(WriteError, match="writes go to the server"):
        await console.link.write(db.tags["TST.FLOW"], 1.0)


async def test_a_sequence_gap_asks_for_the_births_and_recovers(
    stand_in: StandInServer, console: ConsoleClient, steps: Steps
) -> None:
    await until(lambda: all_good(console))
    asked = stand_in.asked(Action.REBIRTH)
    births = stand_in.births_published

    steps.step = "gap"
    stand_in.skip_seq()
    now = time.time()
    await stand_in.data({"TST.FLOW": TagSample(70.0, Quality.GOOD, now, now)})
    await until(lambda: stand_in.asked(Action.REBIRTH) > asked)
    await until(lambda: stand_in.births_published > births)
    await until(lambda: console.db.get("TST.FLOW").value == 70.0)  # from the new birth

    steps.step = "after"
    now = time.time()
    await stand_in.data({"TST.FLOW": TagSample(71.0, Quality.GOOD, now, now)})
    await until(lambda: console.db.get("TST.FLOW").value == 71.0)
    assert "sequence gap" in console.link.stats.last_error or console.link.stats.errors >= 1


async def test_the_servers_death_turns_every_value_bad_at_once(
    stand_in: StandInServer, console: ConsoleClient, steps: Steps
) -> None:
    await until(lambda: all_good(console))
    steps.step = "killed"
    killed = time.monotonic()
    await stand_in.kill()  # no DISCONNECT: the broker publishes the will, the NDEATH
    await until(lambda: all_unreachable(console, Quality.BAD_NO_COMMUNICATION))
    assert time.monotonic() - killed < LOSS_BOUND
    assert console.db.get("TST.FLOW").value == 42.5  # the last value stays visible
    assert not console.server_reachable
    link = console.connection_status()[0]
    assert link.state is ConnectionState.CONNECTING  # the broker is there, the server is not
    assert link.detail == "server unreachable: the server's node died (NDEATH)"

    steps.step = "restarted"
    stand_in.values["TST.FLOW"] = stand_in.values["TST.FLOW"]._replace(value=43.0)
    await stand_in.start()  # a new bdSeq, its births
    await until(lambda: all_good(console))
    flow = steps.of("TST.FLOW", "killed")
    assert flow[0][0] == "killed" and flow[0][1].reason == UNREACHABLE  # seen at that step
    good = [sample for _, sample in flow if sample.quality is Quality.GOOD]
    assert good and all(sample.value == 43.0 for sample in good)  # only from the new birth


async def test_an_areas_death_and_the_server_offline(
    stand_in: StandInServer, console: ConsoleClient
) -> None:
    await until(lambda: all_good(console))
    await stand_in.device_death("AUX")
    await until(lambda: console.db.get("AUX.TEXT").reason == UNREACHABLE)
    assert console.db.get("AUX.TEXT").value == "RUN"
    assert console.db.get("TST.FLOW").quality is Quality.GOOD  # the other area lives

    await stand_in.set_status(False)
    await until(lambda: all_unreachable(console, Quality.BAD_NO_COMMUNICATION))
    assert console.connection_status()[0].detail == "server unreachable: server offline"
    births = stand_in.births_published
    await stand_in.set_status(True)  # back: the console asks for the births again
    await until(lambda: stand_in.births_published > births and all_good(console))
    assert console.db.get("AUX.TEXT").quality is Quality.GOOD


async def test_the_broker_gone_and_back_never_shows_a_value_good_from_before(
    mqtt_broker: MqttBroker, stand_in: StandInServer, console: ConsoleClient, steps: Steps
) -> None:
    await until(lambda: all_good(console))
    steps.step = "broker stopped"
    stopped = time.monotonic()
    mqtt_broker.stop()
    await until(lambda: all_unreachable(console, Quality.BAD_NOT_CONNECTED))
    assert time.monotonic() - stopped < LOSS_BOUND
    await until(lambda: console.link.state is ConnectionState.RECONNECTING)
    assert console.connection_status()[0].detail.startswith("server unreachable: broker")

    steps.step = "broker started"
    for name in ("TST.FLOW", "TST.PUMP"):  # the plant moved on while the console was away
        old = stand_in.values[name]
        stand_in.values[name] = old._replace(value=not old.value if name == "TST.PUMP" else 44.0)
    mqtt_broker.start()
    await stand_in.reconnect()
    await until(lambda: all_good(console))
    assert console.link.stats.reconnects >= 1
    for name in ("TST.FLOW", "TST.PUMP"):
        seen = steps.of(name, "broker stopped")
        # Bad at once (the broker may deliver the server's will as it shuts down)
        assert seen[0][1].quality.is_bad and seen[0][1].reason == UNREACHABLE
        good = [sample for _, sample in seen if sample.quality is Quality.GOOD]
        assert good and all(s.value == stand_in.values[name].value for s in good), seen
