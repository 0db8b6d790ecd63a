"""TagDatabase.publish with 3 subscribers, batches of 1,000 samples.

Prints publish_rate (samples/s) and publish_vs_dict: publish time over a plain dict-update
loop over the same batches, measured in the same run (the machine is shared and noisy).
"""

from __future__ import annotations

import time

from _common import emit, memory_tags

from tags.clock import ManualClock
from tags.database import TagDatabase
from tags.model import Quality, TagSample

TAGS = 10_000
BATCH = 1_000
BATCHES = 2_000
ROUNDS = 5


def make_batches(names: list[str]) -> list[dict[str, TagSample]]:
    batches = []
    for b in range(BATCHES):
        start = (b * BATCH) % len(names)
        chunk = names[start : start + BATCH]
        batches.append({n: TagSample(float(b), Quality.GOOD, b, b) for n in chunk})
    return batches


def main() -> None:
    tags = memory_tags(TAGS)
    names = sorted(tags)
    batches = make_batches(names)
    db = TagDatabase(tags, ManualClock())
    received = [0, 0, 0]

    def counter(i: int):  # type: ignore[no-untyped-def]
        def count(batch) -> None:  # type: ignore[no-untyped-def]
            received[i] += len(batch)

        return count

    db.subscribe(counter(0))  # everything (historian-like)
    db.subscribe(counter(1), tags=names[::2])  # half the tags (alarm engine-like)
    db.subscribe(counter(2), areas=["CWP"])  # one area (a screen)
    best_publish = best_dict = float("inf")
    for _ in range(ROUNDS):
        plain: dict[str, TagSample] = {}
        started = time.perf_counter()
        for batch in batches:
            plain.update(batch)
        best_dict = min(best_dict, time.perf_counter() - started)
        started = time.perf_counter()
        for batch in batches:
            db.publish(batch)
        best_publish = min(best_publish, time.perf_counter() - started)
    samples = BATCH * BATCHES
    emit("publish_rate", samples / best_publish, "samples/s", subscribers=3, batch=BATCH)
    emit("dict_update_rate", samples / best_dict, "samples/s")
    emit("publish_vs_dict", best_publish / best_dict, "ratio")


if __name__ == "__main__":
    main()
