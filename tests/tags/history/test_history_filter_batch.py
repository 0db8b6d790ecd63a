"""The historian filters a whole batch in one call: the samples the recording rules keep
(first, quality change, beyond the deadband from the last recorded value, heartbeat), in
the batch's order."""

from __future__ import annotations

import random

from tags.history.filter import RecordFilter, RecordPolicy
from tags.model import Quality, TagSample
from tests.tags.history.support import T0

POLICIES = {
    "A.B.FLOW": RecordPolicy(deadband=0.5, max_interval=5.0),
    "A.B.TEXT": RecordPolicy(deadband=0.0, max_interval=60.0),
    "A.B.RUN": RecordPolicy(deadband=0.0, max_interval=60.0),
}


def batches(count: int) -> list[dict[str, TagSample]]:
    rng = random.Random(4)
    qualities = (Quality.GOOD, Quality.GOOD, Quality.GOOD, Quality.BAD_TIMEOUT)
    out = []
    for i in range(count):
        t = T0 + i
        q = rng.choice(qualities)
        out.append(
            {
                "A.B.FLOW": TagSample(round(rng.uniform(0, 3), 1), q, t, t),
                "A.B.TEXT": TagSample(rng.choice(("a", "b")), Quality.GOOD, t, t),
                "A.B.RUN": TagSample(rng.random() < 0.3, Quality.GOOD, t, t),
                "A.B.UNRECORDED": TagSample(1.0, Quality.GOOD, t, t),
            }
        )
    return out


def rules_keep(last: TagSample | None, sample: TagSample, policy: RecordPolicy) -> bool:
    """The recording rules, as the module documents them."""
    if last is None or last.quality is not sample.quality:
        return True
    if sample.server_time - last.server_time >= policy.max_interval:
        return True
    old, new = last.value, sample.value
    if isinstance(old, float) and isinstance(new, float) and policy.deadband > 0:
        return abs(new - old) > policy.deadband
    return old != new


def test_a_batch_keeps_what_the_rules_keep_in_its_order() -> None:
    rule = RecordFilter(POLICIES)
    last: dict[str, TagSample] = {}
    for batch in batches(300):
        expected = []
        for name, sample in batch.items():
            policy = POLICIES.get(name)
            if policy is not None and rules_keep(last.get(name), sample, policy):
                last[name] = sample
                expected.append((name, sample))
        assert rule.take(batch) == expected
    assert rule.last == last
    assert rule.offered == 900
    assert 0 < rule.kept < 900


def test_one_sample_offered_alone_follows_the_same_rules() -> None:
    rule = RecordFilter(POLICIES)
    t = T0
    assert rule.offer("A.B.FLOW", TagSample(1.0, Quality.GOOD, t, t))
    assert not rule.offer("A.B.FLOW", TagSample(1.4, Quality.GOOD, t + 1, t + 1))
    assert rule.offer("A.B.FLOW", TagSample(1.6, Quality.GOOD, t + 2, t + 2))
    assert not rule.offer("A.B.UNRECORDED", TagSample(1.0, Quality.GOOD, t, t))
