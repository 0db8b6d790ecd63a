"""The replay timeline's sources: alarms by priority and floods from the recorded journal (or
limit crossings without one), operator actions from the journal and the audit trail, and the
bookmarks kept per recording."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tags.alarms.journal import AlarmJournal
from tags.alarms.settings import KpiSettings
from tags.clock import ManualClock
from tags.config.project import load_project
from tags.history.historian import HISTORY_FILE
from tags.history.sqlite_store import SqliteHistoryStore
from tags.replay.events import load_timeline, write_events
from tags.replay.timeline import EventKind, TimelineEvent
from tags.security.audit import AuditRecord
from tests.paths import SIGNALS_PROJECT
from tests.tags.replay.replay_support import (
    ACK_AT,
    FLOOD,
    HI_AT,
    HIHI_AT,
    LENGTH,
    SHELVE_AT,
    T0,
    WRITE_AT,
    OpenBookmarks,
    make_recording,
)
from tests.tags.security.audit_stores import AuditStores

TAGS = list(load_project(SIGNALS_PROJECT).tags.values())


def test_alarms_actions_and_the_flood_of_a_recording_with_a_journal(tmp_path: Path) -> None:
    data = tmp_path / "data"
    rec = make_recording(tmp_path / "rec.db", data)
    timeline = load_timeline(rec, data, TAGS, T0, T0 + LENGTH, KpiSettings())
    assert timeline.alarm_source == "alarm journal"
    alarms = timeline.of_kind(EventKind.ALARM)
    assert [(a.time, a.priority) for a in alarms[:2]] == [(HI_AT, 4), (HIHI_AT, 2)]
    assert alarms[1].text == "TST.GEN.SINE.HIHI: Sine very high (97 %)"
    assert [a.time for a in alarms[2:]] == FLOOD and {a.priority for a in alarms[2:]} == {3}
    actions = [(e.time, e.kind, e.user) for e in timeline.events if e.kind is not EventKind.ALARM]
    assert actions == [
        (ACK_AT, EventKind.ACK, "ada"),
        (WRITE_AT, EventKind.WRITE, "ada"),
        (SHELVE_AT, EventKind.SHELVE, "ada"),
    ]
    texts = [e.text for e in timeline.events if e.user]
    assert texts == [
        "acknowledged TST.GEN.SINE.HIHI",
        "write TST.FIC1.SP 50.0 → 55.0 m³/h (step test)",
        "shelved TST.GEN.SINE.HI: instrument check",
    ]
    (flood,) = timeline.floods
    assert flood.start == FLOOD[8]  # the 11th alarm in ten minutes begins it
    assert flood.end == T0 + LENGTH  # still on when the recording ends
    assert flood.text == "alarm flood: up to 14 alarms in 10 min"


def test_a_range_keeps_only_its_events_and_clips_floods(tmp_path: Path) -> None:
    data = tmp_path / "data"
    rec = make_recording(tmp_path / "rec.db", data)
    timeline = load_timeline(rec, data, TAGS, T0 + 150, T0 + 500, KpiSettings())
    assert [e.time for e in timeline.events][:3] == [HIHI_AT, ACK_AT, WRITE_AT]
    assert all(T0 + 150 <= e.time <= T0 + 500 for e in timeline.events)
    assert [(p.start, p.end) for p in timeline.floods] == [(FLOOD[8], T0 + 500)]


def test_without_a_journal_alarms_are_the_limit_crossings_with_their_priority(
    tmp_path: Path,
) -> None:
    rec = make_recording(tmp_path / "rec.db")
    conn = sqlite3.connect(rec)
    conn.execute("DROP TABLE alarm_journal")
    conn.commit()
    conn.close()
    with SqliteHistoryStore(rec, readonly=True) as store:
        timeline = load_timeline(rec, tmp_path, TAGS, T0, T0 + LENGTH, KpiSettings(), store)
    assert load_timeline(rec, tmp_path, TAGS, T0, T0 + LENGTH, KpiSettings()) == timeline
    assert timeline.alarm_source == "limit crossings"
    assert [(e.time, e.priority, e.tag) for e in timeline.events] == [
        (HI_AT, 4, "TST.GEN.SINE"),
        (HIHI_AT, 2, "TST.GEN.SINE"),
    ]
    assert timeline.events[1].text == "TST.GEN.SINE.HIHI: above 99.00 % (limit crossing)"
    assert timeline.floods == ()


def test_the_own_history_takes_alarms_and_acks_from_the_data_folder_journal(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    make_recording(tmp_path / "rec.db", data)
    conn = sqlite3.connect(tmp_path / "rec.db")  # the journal moves to alarms.db
    rows = conn.execute("SELECT * FROM alarm_journal").fetchall()
    conn.execute("DROP TABLE alarm_journal")
    conn.commit()
    conn.close()
    (tmp_path / "rec.db").rename(data / HISTORY_FILE)
    with AlarmJournal(data / "alarms.db") as journal:
        journal.write([])
    conn = sqlite3.connect(data / "alarms.db")
    conn.executemany(f"INSERT INTO alarm_journal VALUES ({','.join('?' * 15)})", rows)
    conn.commit()
    conn.close()
    timeline = load_timeline(data / HISTORY_FILE, data, TAGS, T0, T0 + LENGTH, KpiSettings())
    assert timeline.alarm_source == "alarm journal"
    assert [e.kind for e in timeline.events[:4]] == [
        EventKind.ALARM, EventKind.ALARM, EventKind.ACK, EventKind.WRITE,
    ]  # fmt: skip
    assert len(timeline.floods) == 1


def test_extra_events_merge_in_time_order(tmp_path: Path) -> None:
    data = tmp_path / "data"
    timeline = load_timeline(make_recording(tmp_path / "rec.db", data), data, TAGS, T0,
                             T0 + LENGTH, KpiSettings())  # fmt: skip
    upset = TimelineEvent(T0 + 205, EventKind.UPSET, "cw pump trip started")
    merged = timeline.with_events([upset])
    times = [e.time for e in merged.events]
    assert times == sorted(times) and upset in merged.events
    assert merged.between(T0 + 200, T0 + 206) == [merged.events[1], upset]


def test_bookmarks_are_kept_per_recording_in_time_order(
    tmp_path: Path, open_bookmarks: OpenBookmarks
) -> None:
    clock = ManualClock(1000.0)
    with open_bookmarks(clock) as store:
        second = store.add(tmp_path / "a.db", T0 + 20, "  pump   restarted ", "ada")
        first = store.add(tmp_path / "a.db", T0 + 10, "first sign", "ada")
        store.add(tmp_path / "b.db", T0 + 5, "another recording")
        assert [b.note for b in store.of(tmp_path / "a.db")] == ["first sign", "pump restarted"]
        assert store.of(tmp_path / "x" / ".." / "a.db")[0] == first  # one key per file
        assert second.event() == TimelineEvent(T0 + 20, EventKind.BOOKMARK, "pump restarted",
                                               user="ada")  # fmt: skip
        with pytest.raises(ValueError, match="needs a note"):
            store.add(tmp_path / "a.db", T0, "   ")
        with pytest.raises(ValueError, match="at most 500 characters"):
            store.add(tmp_path / "a.db", T0, "x" * 501)
        store.delete(first.id)
        store.delete(first.id)  # gone already: nothing happens
        assert store.of(tmp_path / "a.db") == [second]
    with open_bookmarks(None) as again:
        assert again.of(tmp_path / "a.db") == [second]


def test_a_write_whose_outcome_is_unknown_is_on_the_timeline(audit_stores: AuditStores) -> None:
    with audit_stores.open(ManualClock(T0)) as audit:

        def step(action: str, result: str = "", ref: int | None = None) -> AuditRecord:
            return audit.append(action, user="ada", tag="TST.FIC1.SP", old=50, new=55,
                                unit="m³/h", result=result, ref=ref)  # fmt: skip

        done = step("write_intent")
        step("write", "confirmed: read-back matches", done.seq)
        step("write_intent")  # the writer died before recording the outcome
        texts = [e.text for e in write_events(audit, T0, T0 + 1)]
    assert texts == [
        "write TST.FIC1.SP 50 → 55 m³/h",
        "write TST.FIC1.SP 50 → 55 m³/h: outcome unknown",
    ]
