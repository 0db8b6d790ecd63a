"""Poll planner: the fewest requests, within the limits, never splitting a tag."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence

import pytest

from tags.address import ModbusAddress, ModbusTable, ModbusType
from tags.drivers.modbus.plan import (
    Block,
    Holes,
    Limits,
    PollItem,
    hole_span,
    plan_blocks,
    plan_group,
)

SIZES = {1: ModbusType.UINT16, 2: ModbusType.FLOAT32, 4: ModbusType.INT64}


def item(
    name: str,
    offset: int,
    registers: int = 1,
    *,
    unit: int = 1,
    table: ModbusTable = ModbusTable.HOLDING_REGISTER,
    period: float = 1.0,
    connection: str = "plc",
) -> PollItem:
    if table.is_bit:
        address = ModbusAddress(connection, unit, table, offset, ModbusType.BOOL)
    elif registers in SIZES:
        address = ModbusAddress(connection, unit, table, offset, SIZES[registers])
    else:
        address = ModbusAddress(
            connection, unit, table, offset, ModbusType.STRING, length=2 * registers
        )
    return PollItem(name, address, period)


def check_blocks(blocks: Sequence[Block], items: Sequence[PollItem], limits: Limits) -> None:
    """Every tag in exactly one block, wholly inside it; every block within the limits."""
    seen = [i.name for b in blocks for i in b.items]
    assert sorted(seen) == sorted(i.name for i in items)
    for b in blocks:
        size, gap = limits.size_and_gap(b.table)
        assert 1 <= b.count <= size
        for i in b.items:
            assert b.start <= i.address.offset
            assert i.address.offset + i.address.count <= b.end
            assert (i.address.connection, i.address.unit, i.address.table, i.period) == (
                b.connection,
                b.unit,
                b.table,
                b.period,
            )
        covered: set[int] = set()
        for i in b.items:
            covered.update(range(i.address.offset, i.address.offset + i.address.count))
        assert b.start in covered and b.end - 1 in covered
        run = 0
        for register in range(b.start, b.end):
            run = 0 if register in covered else run + 1
            assert run <= gap


def test_adjacent_tags_share_one_request() -> None:
    items = [item("a", 100), item("b", 101, 2), item("c", 103, 4)]
    [block] = plan_blocks(items, Limits())
    assert (block.start, block.count) == (100, 7)
    assert block.label == "unit 1 hr 100-106"


def test_a_gap_up_to_max_gap_is_bridged() -> None:
    items = [item("a", 0), item("b", 17)]
    assert len(plan_blocks(items, Limits(max_gap=16))) == 1
    assert len(plan_blocks(items, Limits(max_gap=15))) == 2


def test_a_gap_is_not_bridged_when_it_saves_no_request() -> None:
    # a b | c: bridging a..b would not save a request, so the gap stays unread
    items = [item("a", 0), item("b", 10), item("c", 14, 4)]
    blocks = plan_blocks(items, Limits(max_registers=8, max_gap=16))
    assert len(blocks) == 2
    assert sum(b.count for b in blocks) == 1 + 8


def test_blocks_respect_max_registers_and_never_split_a_tag() -> None:
    items = [item(f"t{i}", 2 * i, 2) for i in range(100)]  # 200 registers, float32 each
    limits = Limits(max_registers=125)
    blocks = plan_blocks(items, limits)
    assert [b.count for b in blocks] == [124, 76]
    check_blocks(blocks, items, limits)


def test_groups_by_unit_table_and_period() -> None:
    items = [
        item("a", 0, unit=1),
        item("b", 1, unit=2),
        item("c", 2, table=ModbusTable.INPUT_REGISTER),
        item("d", 3, period=0.25),
        item("e", 4, connection="other"),
    ]
    blocks = plan_blocks(items, Limits())
    assert len(blocks) == 5
    assert [b.connection for b in blocks] == ["other", "plc", "plc", "plc", "plc"]
    check_blocks(blocks, items, Limits())


def test_bits_merge_up_to_2000_and_bridge_16_bits_per_register_of_gap() -> None:
    coils = [item(f"c{i}", i * 10, table=ModbusTable.COIL) for i in range(400)]
    blocks = plan_blocks(coils, Limits(max_gap=1))
    assert [b.count for b in blocks] == [1991, 1991]
    assert len(plan_blocks(coils, Limits(max_gap=0))) == 400


def test_overlapping_tags_are_read_together() -> None:
    # a uint16 and two bits of the same register, a float32 read also as two uint16
    items = [item("w", 10), item("x", 10), item("y", 10), item("f", 20, 2), item("h", 21)]
    blocks = plan_blocks(items, Limits(max_gap=0))
    assert [(b.start, b.count) for b in blocks] == [(10, 1), (20, 2)]


def test_a_tag_larger_than_a_request_is_refused() -> None:
    with pytest.raises(ValueError, match="exceed"):
        plan_blocks([item("s", 0, 100)], Limits(max_registers=50))


def test_limits_are_checked() -> None:
    with pytest.raises(ValueError):
        Limits(max_registers=126)
    with pytest.raises(ValueError):
        Limits(max_bits=2001)


# --- the minimal-request property -----------------------------------------------------


def set_partitions(items: list[int]) -> Iterator[list[list[int]]]:
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for partition in set_partitions(rest):
        for k in range(len(partition)):
            yield [*partition[:k], [first, *partition[k]], *partition[k + 1 :]]
        yield [[first], *partition]


def brute_force(
    spans: list[tuple[int, int]], max_size: int, max_gap: int
) -> tuple[int, int] | None:
    """Fewest requests (then fewest registers) over every way of grouping the tags."""
    used = {r for start, end in spans for r in range(start, end)}
    best: tuple[int, int] | None = None
    for partition in set_partitions(list(range(len(spans)))):
        registers = 0
        for group in partition:
            start = min(spans[i][0] for i in group)
            end = max(spans[i][1] for i in group)
            run = longest = 0
            for register in range(start, end):
                run = 0 if register in used else run + 1
                longest = max(longest, run)
            if end - start > max_size or longest > max_gap:
                break
            registers += end - start
        else:
            cost = (len(partition), registers)
            best = cost if best is None or cost < best else best
    return best


def test_plan_is_minimal_on_random_small_layouts_vs_brute_force() -> None:
    rng = random.Random(7)
    for case in range(300):
        n = rng.randint(1, 7)
        max_size = rng.choice([4, 6, 8, 16])
        max_gap = rng.choice([0, 1, 2, 5])
        items = [
            item(f"t{i}", rng.randint(0, 40), rng.choice([1, 1, 2, 2, 4, 3])) for i in range(n)
        ]
        items = [i for i in items if i.address.count <= max_size]
        spans = [(i.address.offset, i.address.offset + i.address.count) for i in items]
        blocks = plan_group(items, max_size, max_gap)
        expected = brute_force(spans, max_size, max_gap)
        assert expected is not None
        got = (len(blocks), sum(count for _, count, _ in blocks))
        assert got == expected, (case, spans, max_size, max_gap, blocks)


def greedy_count(spans: list[tuple[int, int]], max_size: int, max_gap: int) -> int:
    """Reference for non-overlapping tags: extend each request as far as it may go."""
    count = 0
    block_start = covered = None
    for start, end in sorted(spans):
        if (
            block_start is None
            or covered is None
            or (end - block_start > max_size or start - covered > max_gap)
        ):
            count += 1
            block_start = start
        covered = end
    return count


def test_plan_is_minimal_on_random_large_layouts_vs_greedy() -> None:
    rng = random.Random(11)
    for _ in range(20):
        offset = 0
        items = []
        for i in range(rng.randint(50, 600)):
            registers = rng.choice([1, 2, 4, 8])
            items.append(item(f"t{i}", offset, registers))
            offset += registers + rng.choice([0, 0, 0, 1, 3, 10, 40])
        limits = Limits(max_registers=rng.choice([16, 64, 125]), max_gap=rng.choice([0, 4, 16]))
        blocks = plan_blocks(items, limits)
        check_blocks(blocks, items, limits)
        spans = [(i.address.offset, i.address.offset + i.address.count) for i in items]
        assert len(blocks) == greedy_count(spans, limits.max_registers, limits.max_gap)


# --- gaps bridged by default, holes planned around -------------------------------------


def test_by_default_any_gap_a_request_can_span_is_bridged() -> None:
    assert len(plan_blocks([item("a", 0), item("b", 124)], Limits())) == 1
    assert len(plan_blocks([item("a", 0), item("b", 125)], Limits())) == 2
    coils = [item("c0", 0, table=ModbusTable.COIL), item("c1", 1999, table=ModbusTable.COIL)]
    assert len(plan_blocks(coils, Limits())) == 1


def test_a_sparse_map_needs_no_more_requests_than_greedy_blocks_of_125() -> None:
    rng = random.Random(3)
    offsets = sorted(rng.sample(range(0, 10_000, 2), 500))
    items = [item(f"t{i}", offset, rng.choice([1, 2])) for i, offset in enumerate(offsets)]
    blocks = plan_blocks(items, Limits())
    check_blocks(blocks, items, Limits())
    spans = [(i.address.offset, i.address.offset + i.address.count) for i in items]
    assert len(blocks) == greedy_count(spans, 125, 10_000)


def holes_of(*spans: tuple[int, int]) -> Holes:
    holes = Holes()
    for span in spans:
        holes.add(1, ModbusTable.HOLDING_REGISTER, span)
    return holes


def test_no_block_contains_a_hole_and_a_tag_on_one_is_read_alone() -> None:
    items = [item("a", 190), item("b", 200), item("c", 205), item("d", 230), item("e", 240)]
    holes = holes_of((200, 201), (220, 222))  # b's register, and a gap between c and d
    blocks = plan_blocks(items, Limits(), holes)
    assert [(b.start, b.count, [i.name for i in b.items]) for b in blocks] == [
        (190, 1, ["a"]),
        (200, 1, ["b"]),
        (205, 1, ["c"]),
        (230, 11, ["d", "e"]),
    ]


def test_tags_of_the_same_unreadable_register_share_their_request() -> None:
    bits = [
        PollItem(
            n, ModbusAddress("plc", 1, ModbusTable.HOLDING_REGISTER, 7, ModbusType.BOOL, bit=b), 1.0
        )
        for n, b in (("x", 1), ("y", 2))
    ]
    [block] = plan_blocks(bits, Limits(), holes_of((7, 8)))
    assert (block.start, block.count, len(block.items)) == (7, 1, 2)


def test_a_cut_keeps_adjacent_tags_apart() -> None:
    assert hole_span(5, 5) == (4, 6)
    assert hole_span(5, 9) == (5, 9)
    items = [item("a", 3, 2), item("b", 5, 2)]
    assert len(plan_blocks(items, Limits(), holes_of(hole_span(5, 5)))) == 2
    assert len(plan_blocks(items, Limits())) == 1


def test_holes_are_kept_per_unit_and_table_and_can_be_forgotten() -> None:
    holes = Holes()
    assert not holes
    assert holes.add(1, ModbusTable.HOLDING_REGISTER, (10, 12))
    assert not holes.add(1, ModbusTable.HOLDING_REGISTER, (10, 12))
    holes.add(1, ModbusTable.HOLDING_REGISTER, (3, 4))
    assert holes.of(1, ModbusTable.HOLDING_REGISTER) == [(3, 4), (10, 12)]
    assert holes.of(2, ModbusTable.HOLDING_REGISTER) == []
    assert holes.of(1, ModbusTable.INPUT_REGISTER) == []
    items = [item("a", 0), item("b", 20), item("c", 0, unit=2), item("d", 20, unit=2)]
    assert len(plan_blocks(items, Limits(), holes)) == 3
    holes.clear()
    assert not holes
    assert len(plan_blocks(items, Limits(), holes)) == 2


def test_plan_around_holes_is_minimal_on_random_small_layouts_vs_brute_force() -> None:
    rng = random.Random(13)
    for case in range(300):
        max_size = rng.choice([6, 8, 16])
        max_gap = rng.choice([2, 5, 124])
        items, offset = [], 0
        for i in range(rng.randint(1, 6)):  # tags apart (overlaps: the tests above)
            offset += rng.choice([0, 0, 1, 2, 3, 5, 8])
            items.append(item(f"t{i}", offset, rng.choice([1, 1, 2, 4])))
            offset += items[-1].address.count
        used = {
            r for i in items for r in range(i.address.offset, i.address.offset + i.address.count)
        }
        unused = [r for r in range(45) if r not in used]
        spans = [(r, r + 1) for r in rng.sample(unused, rng.randint(0, 3))]
        spans += [hole_span(r, r) for r in rng.sample(range(1, 45), rng.randint(0, 1))]
        blocks = plan_group(items, max_size, max_gap, spans)
        for start, count, members in blocks:
            if len({(m.address.offset, m.address.count) for m in members}) > 1:
                assert not any(start <= a and b <= start + count for a, b in spans), case
        expected = brute_force_around(items, max_size, max_gap, spans)
        assert (len(blocks), sum(count for _, count, _ in blocks)) == expected, case


def brute_force_around(
    items: list[PollItem], max_size: int, max_gap: int, holes: list[tuple[int, int]]
) -> tuple[int, int]:
    """Fewest requests (then registers): tags holding a hole alone (one request per span),
    every other group within the limits and holding no hole."""

    def holds_hole(start: int, end: int) -> bool:
        return any(start <= a and b <= end for a, b in holes)

    spans = [(i.address.offset, i.address.offset + i.address.count) for i in items]
    alone = {span for span in spans if holds_hole(*span)}
    rest = [span for span in spans if span not in alone]
    base = (len(alone), sum(e - s for s, e in alone))
    if not rest:
        return base
    used = {r for start, end in rest for r in range(start, end)}
    best: tuple[int, int] | None = None
    for partition in set_partitions(list(range(len(rest)))):
        registers = 0
        for group in partition:
            start = min(rest[i][0] for i in group)
            end = max(rest[i][1] for i in group)
            run = longest = 0
            for register in range(start, end):
                run = 0 if register in used else run + 1
                longest = max(longest, run)
            too_far = end - start > max_size or longest > max_gap
            if too_far or (len(group) > 1 and holds_hole(start, end)):
                break
            registers += end - start
        else:
            cost = (len(partition), registers)
            best = cost if best is None or cost < best else best
    assert best is not None
    return (best[0] + base[0], best[1] + base[1])
