"""The alarm journal's spool (a file of the data folder, or memory): batches kept in order
across a restart, taken merged up to a size, removed once written; the latest state of each
alarm among them; a second process on the same file keeps its spool in memory."""

from __future__ import annotations

from pathlib import Path

from tags.alarms.journal_spool import SPOOL_FILE, JournalBatch, JournalSpool


def batch(first: int, count: int, state: str = "") -> JournalBatch:
    entries = [(f"uid-{n}", float(n), "active") for n in range(first, first + count)]
    states = {state: (state, True, float(first))} if state else {}
    return JournalBatch(entries, states)


def test_batches_wait_in_order_across_a_restart_and_are_taken_merged(tmp_path: Path) -> None:
    path = tmp_path / SPOOL_FILE
    spool = JournalSpool(path)
    for first in (0, 3, 6):
        spool.add(batch(first, 3, state="A.HI"))
    spool.close()
    spool = JournalSpool(path)
    try:
        assert (len(spool), spool.entries) == (3, 9)
        assert spool.states() == {"A.HI": ("A.HI", True, 6.0)}
        taken = spool.take(max_entries=6)
        assert taken is not None
        ids, merged = taken
        assert [row[0] for row in merged.entries] == [f"uid-{n}" for n in range(6)]
        assert merged.upto == 2 and len(ids) == 2
        spool.remove(ids, merged)
        assert (len(spool), spool.entries) == (1, 3)
        rest = spool.take(max_entries=1)  # one batch at least, however large
        assert rest is not None and len(rest[1].entries) == 3
        spool.remove(*rest)
        assert spool.take(max_entries=10) is None and spool.states() == {}
    finally:
        spool.close()


def test_a_second_spool_on_the_same_file_is_memory_only(tmp_path: Path) -> None:
    path = tmp_path / SPOOL_FILE
    first = JournalSpool(path)
    first.add(batch(0, 1))
    second = JournalSpool(path)
    try:
        assert second.path is None and len(second) == 0
        second.add(batch(5, 2, state="B.LO"))
        assert second.states() == {"B.LO": ("B.LO", True, 5.0)}
        taken = second.take(100)
        assert taken is not None and [row[0] for row in taken[1].entries] == ["uid-5", "uid-6"]
        second.remove(*taken)
        assert len(second) == 0 and len(first) == 1
    finally:
        second.close()
        first.close()
