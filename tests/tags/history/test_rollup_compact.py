"""The compact open buckets (TagRollups) give exactly the rollups of the list arithmetic."""

from __future__ import annotations

import random

from tags.history.rollup import (
    BAD_CODE,
    TIERS_MS,
    UNCERTAIN_CODE,
    N,
    Rollup,
    TagRollups,
    add,
    empty,
    floor_to,
    merge,
)


class ListRollups:
    """The open buckets kept as plain Rollup lists: the reference."""

    def __init__(self) -> None:
        self.starts = [0 for _ in TIERS_MS]
        self.accs = [empty() for _ in TIERS_MS]

    def add(self, t: int, x: float | None, q: int, closed: list[tuple[int, int, Rollup]]) -> None:
        if t >= self.starts[0] + TIERS_MS[0]:
            final = self.accs[0]
            if final[N]:
                closed.append((0, self.starts[0], final))
            self.starts[0] = floor_to(t, TIERS_MS[0])
            self.accs[0] = empty()
            for k in range(1, len(TIERS_MS)):
                start = floor_to(t, TIERS_MS[k])
                if start == self.starts[k]:
                    self.accs[k] = merge(self.accs[k], final)
                    break
                final = merge(self.accs[k], final)
                if final[N]:
                    closed.append((k, self.starts[k], final))
                self.starts[k] = start
                self.accs[k] = empty()
        add(self.accs[0], t, x, q)


def samples(seed: int) -> list[tuple[int, float | None, int]]:
    rng = random.Random(seed)
    t = 1_733_500_000_000 + rng.randrange(3_600_000)
    out: list[tuple[int, float | None, int]] = []
    for _ in range(3000):
        t += rng.choice((1, 250, 1000, 1000, 1000, 7_000, 65_000, 700_000, 4_000_000))
        q = rng.choice((0, 0, 0, 0, UNCERTAIN_CODE, BAD_CODE))
        x = rng.choice((rng.uniform(-1e6, 1e6), float(rng.randrange(10)), None, 0.0, -0.0))
        out.append((t, x, q))
    return out


def test_compact_buckets_equal_the_list_arithmetic() -> None:
    for seed in range(5):
        compact, reference = TagRollups.fresh(0), ListRollups()
        got: list[tuple[int, int, Rollup]] = []
        want: list[tuple[int, int, Rollup]] = []
        for t, x, q in samples(seed):
            compact.add(t, x, q, got)
            reference.add(t, x, q, want)
            assert compact.last == t
        assert got == want
        assert [type(v) for _, _, r in got for v in r] == [type(v) for _, _, r in want for v in r]
        assert compact.starts == reference.starts
        for tier in range(len(TIERS_MS)):
            assert compact.acc(tier) == reference.accs[tier]


def test_an_open_bucket_survives_a_round_trip() -> None:
    state = TagRollups.fresh(1_733_500_000_000)
    closed: list[tuple[int, int, Rollup]] = []
    for t, x, q in samples(9)[:40]:
        state.add(t, x, q, closed)
    copy = TagRollups.fresh(state.last)
    for tier in range(len(TIERS_MS)):
        copy.set_acc(tier, state.acc(tier))
    assert [copy.acc(k) for k in range(len(TIERS_MS))] == [
        state.acc(k) for k in range(len(TIERS_MS))
    ]
