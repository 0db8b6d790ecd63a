"""The alarm journal: every transition and operator action in a real SQLite file, queries by
time, area, priority, tag and text, and CSV export."""

from __future__ import annotations

import csv
from pathlib import Path

from tags.alarms.engine import AlarmState, JournalEvent
from tags.alarms.journal import CSV_HEADER, AlarmJournal
from tags.model import AlarmKind, Priority
from tests.tags.alarms.bench import OPERATOR, SUPERVISOR, Bench, alarm, tag
from tests.tags.alarms.conftest import MakeBench

FEED = "TST.FEED.TPH"
DENS = "CWP.DMC.DENS"


def plant(make_bench: MakeBench) -> Bench:
    feed = alarm(FEED, AlarmKind.LO, 10, message="Feed rate low", latch=True)
    dens = alarm(DENS, AlarmKind.HI, 1.6, priority=Priority.HIGH, message="Medium too dense")
    return make_bench(tag(FEED, feed, unit="t/h"), tag(DENS, dens, unit="g/cm³"))


def test_every_transition_and_operator_action_reaches_the_journal_file(
    make_bench: MakeBench, tmp_path: Path
) -> None:
    bench = plant(make_bench)
    engine, step = bench.engine, bench.clock.advance
    bench.set({FEED: 5.0})
    step(1)
    engine.acknowledge(f"{FEED}.LO", user=OPERATOR, comment="belt stopped")
    step(1)
    bench.set({FEED: 50.0})
    step(1)
    engine.reset(f"{FEED}.LO", user=SUPERVISOR, comment="belt restarted")
    engine.shelve(f"{DENS}.HI", user=SUPERVISOR, reason="densimeter fouled", duration=60)
    bench.advance(60)
    engine.set_out_of_service(f"{DENS}.HI", user=SUPERVISOR, reason="densimeter replaced")
    engine.return_to_service(f"{DENS}.HI", user=SUPERVISOR)
    bench.journal.close()
    with AlarmJournal(tmp_path / "alarms.sqlite") as reopened:
        entries = reopened.query(newest_first=False)
    assert [(e.event, e.alarm, e.state, e.user) for e in entries] == [
        (JournalEvent.ACTIVE, f"{FEED}.LO", AlarmState.ACTIVE_UNACK, ""),
        (JournalEvent.ACK, f"{FEED}.LO", AlarmState.ACTIVE_ACK, "olga"),
        (JournalEvent.CLEARED, f"{FEED}.LO", AlarmState.LATCHED, ""),
        (JournalEvent.RESET, f"{FEED}.LO", AlarmState.NORMAL, "sam"),
        (JournalEvent.SHELVE, f"{DENS}.HI", AlarmState.SHELVED, "sam"),
        (JournalEvent.AUTO_UNSHELVE, f"{DENS}.HI", AlarmState.NORMAL, ""),
        (JournalEvent.OUT_OF_SERVICE, f"{DENS}.HI", AlarmState.OUT_OF_SERVICE, "sam"),
        (JournalEvent.RETURN_TO_SERVICE, f"{DENS}.HI", AlarmState.NORMAL, "sam"),
    ]


def test_a_journal_entry_holds_time_value_limit_user_and_comment(make_bench: MakeBench) -> None:
    bench = plant(make_bench)
    bench.set({DENS: 1.75})
    bench.clock.advance(30)
    bench.engine.acknowledge(f"{DENS}.HI", user=SUPERVISOR, comment="cyclone overflow checked")
    active, ack = bench.journal.query(newest_first=False)
    assert (active.time, active.value, active.limit, active.priority) == (
        bench.clock.now() - 30,
        "1.75 g/cm³",
        1.6,
        Priority.HIGH,
    )
    assert (active.message, active.area, active.tag) == ("Medium too dense", "CWP", DENS)
    assert (ack.time, ack.user, ack.comment) == (
        bench.clock.now(),
        "sam",
        "cyclone overflow checked",
    )


def test_journal_queries_by_time_area_priority_tag_and_text(make_bench: MakeBench) -> None:
    bench = plant(make_bench)
    start = bench.clock.now()
    bench.set({FEED: 5.0})
    bench.clock.advance(100)
    bench.set({DENS: 1.8})
    query = bench.journal.query
    assert [e.alarm for e in query(since=start + 50)] == [f"{DENS}.HI"]
    assert [e.alarm for e in query(until=start + 50)] == [f"{FEED}.LO"]
    assert [e.alarm for e in query(areas=["TST"])] == [f"{FEED}.LO"]
    assert [e.alarm for e in query(priorities=[Priority.HIGH])] == [f"{DENS}.HI"]
    assert [e.alarm for e in query(tag=FEED)] == [f"{FEED}.LO"]
    assert [e.alarm for e in query(text="too DENSE")] == [f"{DENS}.HI"]
    assert query(text="100%") == []  # wildcards in the text are taken literally


def test_the_journal_exports_csv(make_bench: MakeBench, tmp_path: Path) -> None:
    bench = plant(make_bench)
    bench.set({FEED: 5.0, DENS: 1.8})
    bench.engine.acknowledge(f"{FEED}.LO", user=OPERATOR, comment="a, b")
    target = tmp_path / "journal.csv"
    assert bench.journal.export_csv(target, areas=["TST"]) == 2
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(CSV_HEADER)
    assert [(r["event"], r["alarm"], r["user"], r["comment"]) for r in rows] == [
        ("active", f"{FEED}.LO", "", ""),
        ("ack", f"{FEED}.LO", "olga", "a, b"),
    ]
    assert rows[0]["time_utc"].endswith("+00:00")
    assert (rows[0]["priority"], rows[0]["limit"], rows[0]["value"]) == ("low", "10", "5.00 t/h")
