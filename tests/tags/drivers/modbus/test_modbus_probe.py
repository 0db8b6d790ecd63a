"""Splitting a refused block: the logic, against a device model that refuses unmapped
registers (the driver against a real server: test_modbus_holes.py)."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Collection

import pytest

from tags.address import ModbusTable
from tags.drivers.modbus.link import RequestError, exception_error
from tags.drivers.modbus.plan import Block, Holes, Limits, PollItem, plan_blocks
from tags.drivers.modbus.probe import Findings, can_split, describe, probe
from tests.tags.drivers.modbus.test_modbus_plan import item

HR = ModbusTable.HOLDING_REGISTER


class Device:
    """Registers read as their own address; a read touching an unmapped one, or longer
    than ``longest``, is refused (02 or 03), as a PLC does."""

    def __init__(self, unmapped: Collection[int] = (), longest: int = 125) -> None:
        self.unmapped = set(unmapped)
        self.longest = longest
        self.requests = 0

    async def read(self, start: int, count: int) -> list[int]:
        self.requests += 1
        refused = self.refusal_of(start, count)
        if refused is not None:
            raise refused
        return list(range(start, start + count))

    def refusal_of(self, start: int, count: int) -> RequestError | None:
        if count > self.longest:
            return exception_error(0x03)
        if any(r in self.unmapped for r in range(start, start + count)):
            return exception_error(0x02)
        return None

    def refusal(self, block: Block) -> RequestError | None:
        return self.refusal_of(block.start, block.count)


def block_of(items: list[PollItem]) -> Block:
    [block] = plan_blocks(items, Limits())
    return block


def run_probe(device: Device, block: Block) -> Findings:
    refused = device.refusal(block)
    assert refused is not None
    device.requests = 0
    return asyncio.run(probe(device.read, block, refused))


def test_a_tag_on_an_unmapped_register_is_found_and_its_neighbour_is_read() -> None:
    block = block_of([item("a", 190), item("b", 200)])
    found = run_probe(Device(unmapped={200}), block)
    [piece] = found.pieces
    assert ([i.name for i in piece.items], piece.values) == (["a"], [190])
    [bad] = found.unreadable
    assert ([i.name for i in bad.items], bad.start, bad.end) == (["b"], 200, 201)
    assert bad.error.text == "exception 02 illegal data address"
    assert found.holes == [(200, 201)]
    assert found.requests == 2  # each half once


def test_an_unmapped_register_in_a_gap_is_narrowed_to_that_gap() -> None:
    items = [item(f"t{k}", 10 * k, 2) for k in range(8)]
    found = run_probe(Device(unmapped={45}), block_of(items))
    assert found.unreadable == []
    assert found.holes == [(42, 50)]
    assert sorted(i.name for p in found.pieces for i in p.items) == [i.name for i in items]
    assert all(p.values == list(range(p.start, p.start + p.count)) for p in found.pieces)


def test_a_long_read_refused_with_03_is_cut_where_the_halves_meet() -> None:
    items = [item(f"t{k}", k) for k in range(100)]
    device = Device(longest=60)
    found = run_probe(device, block_of(items))
    assert found.holes == [(49, 51)]  # no read may cross between 49 and 50
    holes = Holes()
    for span in found.holes:
        holes.add(1, HR, span)
    assert all(device.refusal(b) is None for b in plan_blocks(items, Limits(), holes))


def test_an_error_other_than_a_refusal_ends_the_probe() -> None:
    calls = 0

    async def read(start: int, count: int) -> list[int]:
        nonlocal calls
        calls += 1
        raise exception_error(0x04)

    block = block_of([item("a", 0), item("b", 10)])
    with pytest.raises(RequestError, match="04 server device failure"):
        asyncio.run(probe(read, block, exception_error(0x02)))
    assert calls == 1


def test_only_a_block_of_several_spans_can_be_split() -> None:
    assert can_split(block_of([item("a", 0), item("b", 4)]))
    assert not can_split(block_of([item("a", 0), item("b", 0)]))


def test_the_log_line_names_what_was_found() -> None:
    block = block_of([item("a", 100), item("b", 110), item("c", 120)])
    found = run_probe(Device(unmapped={105, 120}), block)
    assert describe(block, found) == (
        f"readable parts: 2; unreadable hr 120; not bridged hr 101-109 ({found.requests} requests)"
    )


def test_a_plan_around_what_a_probe_found_is_never_refused() -> None:
    """Random blocks and unmapped registers: after one probe, no block of a plan made with
    the holes found is refused, and the tags found unreadable are exactly those that hold
    an unmapped register (each then read alone)."""
    asyncio.run(plans_around_probes(random.Random(5), cases=120))


async def plans_around_probes(rng: random.Random, cases: int) -> None:
    for case in range(cases):
        items, offset = [], 0
        while True:
            offset += rng.choice([0, 0, 1, 2, 5, 9])
            size = rng.choice([1, 2, 4])
            if offset + size > 125:
                break
            items.append(item(f"t{len(items)}", offset, size))
            offset += size
        block = block_of(items)
        unmapped = set(rng.sample(range(block.start, block.end), rng.randint(1, 8)))
        device = Device(unmapped)
        refused = device.refusal(block)
        assert refused is not None
        found = await probe(device.read, block, refused)
        holes = Holes()
        for span in found.holes:
            holes.add(1, HR, span)
        for planned in plan_blocks(items, Limits(), holes):
            assert not can_split(planned) or device.refusal(planned) is None, case
        for piece in found.pieces:
            assert piece.values == list(range(piece.start, piece.start + piece.count))
        bad = {i.name for u in found.unreadable for i in u.items}
        truly_bad = {
            i.name
            for i in items
            if unmapped & set(range(i.address.offset, i.address.offset + i.address.count))
        }
        assert bad == truly_bad, case
        assert {i.name for p in found.pieces for i in p.items} == {i.name for i in items} - bad
