"""The compact rollups (TagRollups, ``add`` on cells) give exactly the rollups of plain list
arithmetic, written here the obvious way as the reference."""

from __future__ import annotations

import random

from tags.history.rollup import (
    BAD_CODE,
    GOOD_MS,
    INTEG,
    NBAD,
    NUSE,
    QLAST,
    T0,
    T1,
    TBAD,
    TFIRST,
    TIERS_MS,
    TLAST,
    TMAX,
    TMIN,
    UNCERTAIN_CODE,
    USE_MS,
    V0,
    V1,
    VMAX,
    VMIN,
    VSUM,
    N,
    Rollup,
    TagRollups,
    add,
    empty,
    floor_to,
    merge,
    new_cells,
    rollup_of,
)


def add_to_list(r: Rollup, t: int, x: float | None, q: int) -> None:
    """One sample added to a Rollup list, field by field: the reference arithmetic."""
    if r[N]:
        dt = t - r[TLAST]
        if r[T1] == r[TLAST] and r[QLAST] < BAD_CODE:
            r[INTEG] += r[V1] * dt
            r[USE_MS] += dt
        if r[QLAST] < UNCERTAIN_CODE:
            r[GOOD_MS] += dt
    else:
        r[TFIRST] = t
    r[N] += 1
    r[TLAST] = t
    r[QLAST] = q
    if q >= BAD_CODE:
        r[NBAD] += 1
        if r[TBAD] is None:
            r[TBAD] = t
    elif x is not None:
        if r[T0] is None:
            r[T0], r[V0] = t, x
        r[T1], r[V1] = t, x
        if r[VMIN] is None or x < r[VMIN]:
            r[TMIN], r[VMIN] = t, x
        if r[VMAX] is None or x > r[VMAX]:
            r[TMAX], r[VMAX] = t, x
        r[NUSE] += 1
        r[VSUM] += x


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
        add_to_list(self.accs[0], t, x, q)


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


def test_a_reader_rollup_of_raw_samples_equals_the_list_arithmetic() -> None:
    for seed in range(3):
        cells, reference = new_cells(), empty()
        for t, x, q in samples(seed):
            add(cells, t, x, q)
            add_to_list(reference, t, x, q)
        got = rollup_of(cells)
        assert got == reference
        assert [type(v) for v in got] == [type(v) for v in reference]
