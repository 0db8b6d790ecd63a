"""TagDatabase: current values, batch fan-out, stale detection."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from tags.address import parse_address
from tags.clock import ManualClock
from tags.database import TagDatabase
from tags.model import Batch, Quality, TagDef, TagSample
from tags.subscription import Subscription


def make_tag(name: str, area: str = "TST", scan: float = 1.0) -> TagDef:
    return TagDef(
        name=name,
        source=f"sim://memory/{name}",
        address=parse_address(f"sim://memory/{name}"),
        area=area,
        scan_period=scan,
    )


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def db(clock: ManualClock) -> TagDatabase:
    tags = [make_tag("TST.A.X"), make_tag("TST.A.Y"), make_tag("OTH.B.Z", area="OTH")]
    return TagDatabase({t.name: t for t in tags}, clock)


def good(value: float, clock: ManualClock) -> TagSample:
    return TagSample(value, Quality.GOOD, clock.now(), clock.now())


def test_every_tag_starts_waiting_for_initial_data(db: TagDatabase) -> None:
    sample = db.get("TST.A.X")
    assert sample.quality is Quality.BAD_WAITING_FOR_INITIAL_DATA
    assert sample.value is None


def test_unknown_tag_is_named_in_the_error(db: TagDatabase) -> None:
    with pytest.raises(KeyError, match=r"unknown tag 'NOPE\.X'"):
        db.get("NOPE.X")


def test_publish_updates_current_values_and_reaches_every_subscriber(
    db: TagDatabase, clock: ManualClock
) -> None:
    everything: list[Mapping[str, TagSample]] = []
    only_x: list[Mapping[str, TagSample]] = []
    by_area: list[Mapping[str, TagSample]] = []
    db.subscribe(everything.append)
    db.subscribe(only_x.append, tags=["TST.A.X"])
    db.subscribe(by_area.append, areas=["OTH"])
    db.publish({"TST.A.X": good(1.0, clock), "TST.A.Y": good(2.0, clock)})
    assert db.get("TST.A.Y").value == 2.0
    assert [set(b) for b in everything] == [{"TST.A.X", "TST.A.Y"}]
    assert [set(b) for b in only_x] == [{"TST.A.X"}]
    assert by_area == []  # nothing of area OTH changed: no empty batch is delivered


def test_subscribing_to_an_unknown_tag_fails_loudly(db: TagDatabase) -> None:
    with pytest.raises(KeyError, match="NOPE"):
        db.subscribe(lambda batch: None, tags=["NOPE"])


def test_initial_subscription_delivers_the_current_snapshot(
    db: TagDatabase, clock: ManualClock
) -> None:
    db.publish({"TST.A.X": good(5.0, clock)})
    got: list[Mapping[str, TagSample]] = []
    db.subscribe(got.append, tags=["TST.A.X"], initial=True)
    assert got[0]["TST.A.X"].value == 5.0


def test_a_closed_subscription_receives_nothing_more(db: TagDatabase, clock: ManualClock) -> None:
    got: list[Mapping[str, TagSample]] = []
    subscription = db.subscribe(got.append)
    assert db.subscriber_count() == 1
    subscription.close()
    subscription.close()  # twice is harmless
    db.publish({"TST.A.X": good(1.0, clock)})
    assert got == []
    assert db.subscriber_count() == 0


def test_a_subscriber_closed_by_another_in_the_same_batch_gets_nothing(
    db: TagDatabase, clock: ManualClock
) -> None:
    got: list[Mapping[str, TagSample]] = []
    later: list[Subscription] = []
    db.subscribe(lambda _batch: later[0].close())
    later.append(db.subscribe(got.append))
    db.publish({"TST.A.X": good(1.0, clock)})
    assert got == []


def test_a_failing_subscriber_does_not_starve_the_others(
    db: TagDatabase, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(batch: Mapping[str, TagSample]) -> None:
        raise RuntimeError("boom")

    got: list[Mapping[str, TagSample]] = []
    db.subscribe(broken)
    db.subscribe(got.append)
    db.publish({"TST.A.X": good(1.0, clock)})
    assert len(got) == 1
    assert "failed on a batch" in caplog.text


def test_a_tag_without_updates_for_three_scans_turns_uncertain_with_its_reason(
    db: TagDatabase, clock: ManualClock
) -> None:
    db.publish({"TST.A.X": good(1.0, clock), "TST.A.Y": good(2.0, clock)})
    clock.advance(2.9)
    db.publish({"TST.A.Y": good(2.5, clock)})
    assert db.check_stale() == []
    clock.advance(0.2)
    got: list[Mapping[str, TagSample]] = []
    db.subscribe(got.append)
    assert db.check_stale() == ["TST.A.X"]
    sample = db.get("TST.A.X")
    assert sample.quality is Quality.UNCERTAIN_LAST_USABLE_VALUE and sample.is_stale
    assert sample.value == 1.0  # the last value stays visible
    assert sample.reason.startswith("stale: no update for 3.1 s")
    assert got and got[0]["TST.A.X"] == sample
    assert db.is_stale("TST.A.X")


def test_a_last_usable_value_from_its_source_is_stale_whatever_its_reason(
    db: TagDatabase, clock: ManualClock
) -> None:
    now = clock.now()
    db.publish({"TST.A.X": TagSample(1.0, Quality.UNCERTAIN_LAST_USABLE_VALUE, now, now, "")})
    assert db.is_stale("TST.A.X")  # just published, yet its source says it stopped updating
    db.publish({"TST.A.X": TagSample(1.0, Quality.UNCERTAIN_SUBSTITUTE_VALUE, now, now, "stale")})
    assert not db.is_stale("TST.A.X")  # a reason text is for people, not a flag


def test_stale_detection_leaves_bad_tags_alone(db: TagDatabase, clock: ManualClock) -> None:
    clock.advance(100)
    assert db.check_stale() == []  # still waiting for first data: already Bad, says why


def test_heartbeat_keeps_an_unchanging_subscribed_value_fresh(
    db: TagDatabase, clock: ManualClock
) -> None:
    db.publish({"TST.A.X": good(1.0, clock)})
    for _ in range(10):
        clock.advance(1.0)
        db.heartbeat(["TST.A.X"], clock.now())
        assert db.check_stale() == []
    assert db.get("TST.A.X").quality is Quality.GOOD


def test_heartbeat_brings_a_value_marked_stale_back_to_good_without_a_new_value(
    db: TagDatabase, clock: ManualClock
) -> None:
    db.publish({"TST.A.X": good(1.0, clock)})
    seen: list[Batch] = []
    db.subscribe(seen.append)
    clock.advance(10.0)  # a starved moment: no keep-alive came in time
    assert db.check_stale() == ["TST.A.X"]
    db.heartbeat(["TST.A.X"], clock.now())  # the subscription is alive; the value unchanged
    sample = db.get("TST.A.X")
    assert (sample.value, sample.quality, sample.reason) == (1.0, Quality.GOOD, "")
    assert [list(b) for b in seen] == [["TST.A.X"], ["TST.A.X"]]  # stale, then Good again
    db.heartbeat(["TST.A.X"], clock.now())
    assert len(seen) == 2  # a heartbeat of a Good tag publishes nothing


def test_heartbeat_leaves_a_value_its_source_sent_as_stale_as_sent(
    db: TagDatabase, clock: ManualClock
) -> None:
    now = clock.now()
    sent = TagSample(1.0, Quality.UNCERTAIN_LAST_USABLE_VALUE, now, now, "server: no update")
    db.publish({"TST.A.X": sent})  # a recorded or server-side stale value
    db.heartbeat(["TST.A.X"], now)
    assert db.get("TST.A.X") == sent


def test_a_new_sample_after_the_stale_mark_is_not_undone_by_a_heartbeat(
    db: TagDatabase, clock: ManualClock
) -> None:
    db.publish({"TST.A.X": good(1.0, clock)})
    clock.advance(10.0)
    assert db.check_stale() == ["TST.A.X"]
    now = clock.now()
    bad = TagSample(1.0, Quality.BAD_SENSOR_FAILURE, now, now, "sensor failed")
    db.publish({"TST.A.X": bad})
    db.heartbeat(["TST.A.X"], now)
    assert db.get("TST.A.X") == bad


def test_heartbeat_leaves_bad_tags_bad(db: TagDatabase, clock: ManualClock) -> None:
    now = clock.now()
    db.publish({"TST.A.X": TagSample(1.0, Quality.BAD_NOT_CONNECTED, now, now, "link lost")})
    db.heartbeat(["TST.A.X"], now)
    assert db.get("TST.A.X").quality is Quality.BAD_NOT_CONNECTED
