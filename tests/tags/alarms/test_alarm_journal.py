"""The alarm journal: every transition and operator action in a real SQLite file and in a real
PostgreSQL database (every test runs on both), queries by time, area, priority, tag and text,
CSV export, and the reads of the replay and the shift reports."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tags.alarms.engine import AlarmState, JournalEvent
from tags.alarms.journal import CSV_HEADER, JournalEntry, JournalStore, SavedAlarm
from tags.alarms.settings import KpiSettings
from tags.model import AlarmKind, Priority
from tags.replay.events import journal_events
from tags.reports.sources import read_journal
from tests.tags.alarms.bench import OPERATOR, SUPERVISOR, Bench, alarm, tag
from tests.tags.alarms.conftest import MakeBench, OpenJournal
from tests.waiting import GENEROUS

FEED = "TST.FEED.TPH"
DENS = "CWP.DMC.DENS"


@pytest.fixture
def journal(open_journal: OpenJournal) -> JournalStore:
    return open_journal()


def plant(make_bench: MakeBench) -> Bench:
    feed = alarm(FEED, AlarmKind.LO, 10, message="Feed rate low", latch=True)
    dens = alarm(DENS, AlarmKind.HI, 1.6, priority=Priority.HIGH, message="Medium too dense")
    return make_bench(tag(FEED, feed, unit="t/h"), tag(DENS, dens, unit="g/cm³"))


def test_every_transition_and_operator_action_reaches_the_journal_store(
    make_bench: MakeBench, open_journal: OpenJournal
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
    entries = open_journal().query(newest_first=False)
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


# the reads of the replay and the shift reports ------------------------------------------------

T0 = 1_750_000_000.0


def entry(
    t: float, event: JournalEvent, name: str, state: AlarmState, user: str = ""
) -> JournalEntry:
    tag_name = name.rsplit(".", 1)[0]
    return JournalEntry(
        T0 + t, event, name, tag_name, AlarmKind.HI, tag_name.split(".")[0], Priority.HIGH,
        "", state, "1.8", 1.6, user, "", f"{name} message",
    )  # fmt: skip


A, B = f"{DENS}.HI", f"{FEED}.HI"
ACTIVE, CLEARED, ACK = JournalEvent.ACTIVE, JournalEvent.CLEARED, JournalEvent.ACK
HISTORY = [
    entry(0, ACTIVE, A, AlarmState.ACTIVE_UNACK),
    entry(10, ACTIVE, B, AlarmState.ACTIVE_UNACK),
    entry(20, ACK, A, AlarmState.ACTIVE_ACK, "olga"),
    entry(30, CLEARED, B, AlarmState.RTN_UNACK),
    entry(40, CLEARED, A, AlarmState.NORMAL),
    entry(50, ACTIVE, A, AlarmState.ACTIVE_UNACK),
]


def test_the_alarms_standing_at_a_moment_with_their_acknowledgement(
    journal: JournalStore,
) -> None:
    journal.write(HISTORY)
    assert journal.standing_at(T0 - 1) == {}
    assert journal.standing_at(T0 + 10) == {A: (T0, False), B: (T0 + 10, False)}
    assert journal.standing_at(T0 + 25) == {A: (T0, True), B: (T0 + 10, False)}
    assert journal.standing_at(T0 + 45) == {}
    assert journal.standing_at(T0 + 50) == {A: (T0 + 50, False)}


def test_alarm_times_and_activations_of_a_period(journal: JournalStore) -> None:
    journal.write(HISTORY)
    assert journal.alarm_times(T0, T0 + 50) == [T0, T0 + 10, T0 + 50], "both ends included"
    assert journal.alarm_times(T0 + 1, T0 + 49) == [T0 + 10]
    assert [(a.time, a.alarm) for a in journal.activations(T0, T0 + 50)] == [
        (T0, A),
        (T0 + 10, B),
    ], "the end excluded"
    assert [a.alarm for a in journal.activations(T0, T0 + 60, areas=["TST"])] == [B]


def test_each_alarms_last_entry_and_activation_before_a_moment(journal: JournalStore) -> None:
    journal.write(HISTORY)
    last = journal.last_entries(T0 + 45)
    assert [(e.alarm, e.event, e.time) for e in last] == [
        (B, CLEARED, T0 + 30),
        (A, CLEARED, T0 + 40),
    ]
    assert journal.last_activations(T0 + 45) == {A: T0, B: T0 + 10}
    assert journal.last_activations(T0 + 51) == {A: T0 + 50, B: T0 + 10}
    assert journal.last_entries(T0) == [] and journal.last_activations(T0) == {}


def test_a_shift_report_and_a_replay_timeline_read_the_store(journal: JournalStore) -> None:
    journal.write(HISTORY)
    extract = read_journal(journal, T0 + 5, T0 + 45)
    assert [e.time - T0 for e in extract.entries] == [10, 20, 30, 40]
    assert [(line.alarm, line.state) for line in extract.standing] == [(B, AlarmState.RTN_UNACK)]
    events, activations = journal_events(journal, T0 + 5, T0 + 50, KpiSettings().window_minutes)
    assert [(e.time - T0, e.text) for e in events] == [
        (10, f"{B}: {B} message (1.8)"),
        (20, f"acknowledged {A}"),
        (50, f"{A}: {A} message (1.8)"),
    ]
    assert [a.time - T0 for a in activations] == [0, 10, 50]


def test_saved_alarm_states_replace_the_earlier_one_of_the_same_alarm(
    journal: JournalStore, open_journal: OpenJournal
) -> None:
    shelved = SavedAlarm(A, True, True, False, T0, T0 + 5, T0 + 3600, False, "fouled", "sam")
    latched = SavedAlarm(B, False, False, True, T0 + 1, T0 + 6, None, False)
    journal.write([HISTORY[0]], [shelved, latched])
    cleared = SavedAlarm(B, False, True, False, None, T0 + 9, None, False)
    journal.write([], [cleared])
    assert journal.flush(timeout=GENEROUS)  # the writer's thread stores them; then a reader
    assert open_journal().load_states() == {A: shelved, B: cleared}
    assert len(journal.query()) == 1


def test_the_journal_is_read_in_chunks_by_seq(journal: JournalStore) -> None:
    journal.write(HISTORY)
    assert journal.count() == len(HISTORY)
    first = journal.entries_after(0, 4)
    assert [e.seq for e in first] == [1, 2, 3, 4]
    rest = journal.entries_after(first[-1].seq, 4)
    assert [e.seq for e in rest] == [5, 6]
    assert [e.alarm for e in first + rest] == [e.alarm for e in HISTORY]
    assert journal.entries_after(6, 4) == []
