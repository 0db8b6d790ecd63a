"""The link's rules for an unhealthy device, with plain values: reconnect backoff, silent units."""

from __future__ import annotations

import random

from tags.address import ModbusTable
from tags.drivers.modbus.health import JITTER, Backoff, BlockKey, UnitSilence

HR = ModbusTable.HOLDING_REGISTER
A: BlockKey = (1, HR, 0, 10)
B: BlockKey = (1, HR, 100, 10)
C: BlockKey = (1, HR, 200, 10)
OTHER_UNIT: BlockKey = (2, HR, 0, 10)


def test_backoff_doubles_up_to_its_cap_with_jitter_and_starts_over_after_a_reply() -> None:
    backoff = Backoff(cap=2.0, first=0.1, rng=random.Random(7))
    nominal = [0.1, 0.2, 0.4, 0.8, 1.6, 2.0, 2.0, 2.0]
    delays = [backoff.next() for _ in nominal]
    for delay, expected in zip(delays, nominal, strict=True):
        assert (1.0 - JITTER) * expected <= delay <= expected
    assert len(set(delays)) == len(delays)  # jittered: never two attempts in step
    backoff.reset()
    assert backoff.next() <= 0.1


def test_a_first_delay_above_the_cap_is_capped() -> None:
    assert Backoff(cap=0.05, first=0.1).next() <= 0.05


def passes(silence: UnitSilence, blocks: list[BlockKey], count: int) -> list[list[BlockKey]]:
    """The blocks sent in each of ``count`` scans when every read sent times out."""
    sent = []
    for _ in range(count):
        this_scan = []
        for key in blocks:
            if silence.may_send(key):
                silence.timed_out(key, "timeout")
                this_scan.append(key)
        sent.append(this_scan)
    return sent


def test_a_frozen_unit_gets_one_read_per_scan_taking_its_blocks_in_turn() -> None:
    silence = UnitSilence()
    assert silence.may_send(A)
    assert silence.timed_out(A, "timeout, unit 1 not answering")
    assert silence.silent(1) == "timeout, unit 1 not answering"
    assert not silence.may_send(B)  # the rest of this scan is not sent
    assert not silence.may_send(C)
    assert passes(silence, [A, B, C], 4) == [[B], [C], [A], [B]]
    assert silence.silent(2) is None
    assert silence.may_send(OTHER_UNIT)  # another unit behind the gateway is read as usual


def test_a_single_block_unit_is_probed_every_scan() -> None:
    silence = UnitSilence()
    silence.timed_out(A, "timeout")
    assert passes(silence, [A], 3) == [[A], [A], [A]]


def test_the_first_reply_ends_the_silence() -> None:
    silence = UnitSilence()
    silence.timed_out(A, "timeout")
    assert not silence.may_send(B)
    assert not silence.may_send(A)  # the next pass probes the block after A
    assert silence.may_send(B)
    assert silence.answered(B)
    assert silence.silent(1) is None
    assert silence.may_send(C)
    assert not silence.answered(C)  # not silent: nothing ended


def test_a_pass_that_never_reaches_the_probe_starts_again_at_the_top() -> None:
    silence = UnitSilence()
    silence.timed_out(A, "timeout")
    assert not silence.may_send(B)
    assert not silence.may_send(C)
    # C, the next probe after B, is never asked for again (the plan changed)
    assert passes(silence, [A, B], 3) == [[B], [], [A]]


def test_a_range_that_never_answers_makes_only_its_block_bad_once_known() -> None:
    silence = UnitSilence()
    silence.timed_out(A, "timeout")  # first time: the unit may be frozen
    assert not silence.may_send(B)
    assert not silence.may_send(C)
    assert not silence.may_send(A)
    assert silence.may_send(B)  # the probe of the next pass answers
    silence.answered(B)
    assert silence.may_send(C)
    silence.answered(C)
    assert silence.may_send(A)
    assert not silence.timed_out(A, "timeout")  # A is known not to answer: the unit is fine
    assert silence.silent(1) is None
    assert silence.may_send(B)
    silence.answered(A)  # once A answers it is a block like the others again
    assert silence.timed_out(A, "timeout")
