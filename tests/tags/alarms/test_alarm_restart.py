"""Alarm states that outlive a restart (ISA-18.2): acknowledged, latched, shelved with its
expiry, out of service. A restart is a new engine on the same store, SQLite and PostgreSQL; a
standby taking over takes up a state its primary published after the one it saved."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

import pytest

from tags.alarms.engine import AlarmEngine, AlarmState, JournalEvent
from tags.alarms.journal import AlarmJournal, JournalEntry, JournalStore, SavedAlarm
from tags.alarms.saved_states import newer_seen
from tags.alarms.settings import AlarmSettings
from tags.clock import ManualClock
from tags.config.project import load_project
from tags.control_room.messages import alarm_to_json, dumps
from tags.control_room.server.alarm_tail import AlarmTail
from tags.control_room.topics import Topics
from tags.model import AlarmKind, Quality, TagDef, TagSample, Value
from tags.runtime import Runtime
from tests.paths import DEMO_PROJECT, DEMO_RECORDING
from tests.tags.alarms.bench import OPERATOR, SUPERVISOR, alarm, tag
from tests.tags.alarms.conftest import OpenJournal

PV = "TST.FIC1.PV"
HI = f"{PV}.HI"
LEVEL = "TST.LT1.PV"
LATCH = f"{LEVEL}.HIHI"
TAGS = [
    tag(PV, alarm(PV, AlarmKind.HI, 90)),
    tag(LEVEL, alarm(LEVEL, AlarmKind.HIHI, 95, latch=True)),
]
DOWNTIME = 600.0


class Console:
    """One run of the alarm engine on a store; ``restart`` is the next run."""

    def __init__(self, journal: JournalStore, clock: ManualClock, tags: list[TagDef]) -> None:
        self.clock, self.journal, self.tags = clock, journal, tags
        self.engine = AlarmEngine(
            {t.name: t for t in tags}, clock, settings=AlarmSettings(), journal=journal
        )
        self.engine.restore_states()

    @classmethod
    def first(cls, open_journal: OpenJournal, tags: list[TagDef] = TAGS) -> Console:
        return cls(open_journal(), ManualClock(), tags)

    def restart(
        self,
        open_journal: OpenJournal,
        downtime: float = DOWNTIME,
        tags: list[TagDef] | None = None,
    ) -> Console:
        self.journal.close()
        self.clock.advance(downtime)
        return Console(open_journal(), self.clock, self.tags if tags is None else tags)

    def set(self, **values: Value) -> None:
        now = self.clock.now()
        names = {"pv": PV, "level": LEVEL}
        batch = {names[k]: TagSample(v, Quality.GOOD, now, now) for k, v in values.items()}
        self.engine.evaluate(batch)

    def state(self, name: str) -> AlarmState:
        return self.engine.alarm(name).state

    def entries(self, name: str) -> list[tuple[JournalEvent, str]]:
        return [(e.event, e.user) for e in self.journal.query(alarm=name, newest_first=False)]


def test_an_acknowledged_alarm_whose_condition_still_holds_is_not_annunciated_again(
    open_journal: OpenJournal,
) -> None:
    first = Console.first(open_journal)
    first.set(pv=95.0)
    first.engine.acknowledge(HI, user=OPERATOR)
    activated = first.engine.alarm(HI).activated_at
    second = first.restart(open_journal)
    assert second.state(HI) is AlarmState.ACTIVE_ACK
    second.set(pv=96.0)
    view = second.engine.alarm(HI)
    assert (view.state, view.activated_at) == (AlarmState.ACTIVE_ACK, activated)
    assert second.engine.kpis().window.annunciated == 0
    assert second.entries(HI) == [(JournalEvent.ACTIVE, ""), (JournalEvent.ACK, "olga")]
    second.set(pv=50.0)  # the condition went: it clears as it would have without the restart
    assert second.state(HI) is AlarmState.NORMAL
    assert second.entries(HI)[-1] == (JournalEvent.CLEARED, "")


def test_an_unacknowledged_alarm_stays_unacknowledged_and_is_journaled_once(
    open_journal: OpenJournal,
) -> None:
    first = Console.first(open_journal)
    first.set(pv=95.0)
    restarted = first.restart(open_journal)
    restarted.set(pv=95.0)
    assert restarted.state(HI) is AlarmState.ACTIVE_UNACK
    assert restarted.entries(HI) == [(JournalEvent.ACTIVE, "")]
    restarted.set(pv=50.0)
    assert restarted.state(HI) is AlarmState.RTN_UNACK
    second = restarted.restart(open_journal)
    second.set(pv=50.0)
    assert second.state(HI) is AlarmState.RTN_UNACK
    assert [v.name for v in second.engine.active()] == [HI]
    second.engine.acknowledge(HI, user=OPERATOR)
    assert second.state(HI) is AlarmState.NORMAL
    third = second.restart(open_journal)
    assert third.state(HI) is AlarmState.NORMAL
    assert third.engine.active() == []


def test_a_latched_alarm_stays_latched_across_restarts_until_it_is_reset(
    open_journal: OpenJournal,
) -> None:
    first = Console.first(open_journal)
    first.set(level=97.0)
    first.engine.acknowledge(LATCH, user=OPERATOR)
    first.set(level=50.0)
    assert first.state(LATCH) is AlarmState.LATCHED
    second = first.restart(open_journal)
    second.set(level=50.0)
    assert second.state(LATCH) is AlarmState.LATCHED
    third = second.restart(open_journal)
    assert third.state(LATCH) is AlarmState.LATCHED
    third.engine.reset(LATCH, user=SUPERVISOR, comment="level checked")
    assert third.restart(open_journal).state(LATCH) is AlarmState.NORMAL


def test_a_shelved_alarm_keeps_its_expiry_across_a_restart(open_journal: OpenJournal) -> None:
    first = Console.first(open_journal)
    first.set(pv=95.0)
    first.engine.shelve(HI, user=SUPERVISOR, reason="transmitter fouled", duration=3600)
    until = first.engine.alarm(HI).shelved_until
    second = first.restart(open_journal)
    view = second.engine.alarm(HI)
    assert (view.state, view.shelved_until) == (AlarmState.SHELVED, until)
    assert (view.reason, view.by) == ("transmitter fouled", "sam")
    second.set(pv=95.0)
    assert second.state(HI) is AlarmState.SHELVED
    second.clock.advance(3600)
    second.engine.tick()
    assert second.state(HI) is AlarmState.ACTIVE_UNACK, "the shelve ends, the alarm stands"
    assert second.entries(HI)[-2:] == [(JournalEvent.AUTO_UNSHELVE, ""), (JournalEvent.ACTIVE, "")]


def test_a_shelve_that_expired_while_stopped_ends_at_start_with_a_journal_entry(
    open_journal: OpenJournal,
) -> None:
    first = Console.first(open_journal)
    first.set(pv=95.0)
    first.engine.acknowledge(HI, user=OPERATOR)
    first.set(pv=50.0)
    first.engine.shelve(HI, user=SUPERVISOR, reason="calibration", duration=60)
    second = first.restart(open_journal, downtime=120)
    assert second.state(HI) is AlarmState.NORMAL
    assert second.engine.shelved() == []
    last = second.journal.query(alarm=HI, limit=1)[0]
    assert (last.event, last.time, last.comment) == (
        JournalEvent.AUTO_UNSHELVE,
        second.clock.now(),
        "shelve time ended while stopped",
    )
    assert second.restart(open_journal).state(HI) is AlarmState.NORMAL


def test_out_of_service_stays_across_a_restart(open_journal: OpenJournal) -> None:
    first = Console.first(open_journal)
    first.engine.set_out_of_service(HI, user=SUPERVISOR, reason="transmitter replaced")
    second = first.restart(open_journal)
    second.set(pv=99.0)
    view = second.engine.alarm(HI)
    assert (view.state, view.reason, view.by) == (
        AlarmState.OUT_OF_SERVICE,
        "transmitter replaced",
        "sam",
    )
    assert second.engine.active() == []
    second.engine.return_to_service(HI, user=SUPERVISOR)
    assert second.state(HI) is AlarmState.ACTIVE_UNACK
    third = second.restart(open_journal)
    assert third.state(HI) is AlarmState.ACTIVE_UNACK


def test_saved_states_of_alarms_no_longer_in_the_project_are_ignored(
    open_journal: OpenJournal,
) -> None:
    first = Console.first(open_journal)
    first.set(pv=95.0, level=97.0)
    second = first.restart(open_journal, tags=TAGS[:1])
    assert second.engine.names == [HI, f"{PV}.BAD_QUALITY"]
    assert [v.name for v in second.engine.active()] == [HI]


class CountingJournal:
    """A journal that counts its writes (of entries and of states)."""

    def __init__(self, journal: JournalStore) -> None:
        self.inner = journal
        self.writes: list[tuple[int, list[SavedAlarm]]] = []

    def write(self, entries: list[JournalEntry], states: list[SavedAlarm] = []) -> None:  # noqa: B006
        self.writes.append((len(entries), list(states)))
        self.inner.write(entries, states)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def test_states_are_saved_with_the_entries_of_an_evaluation_and_only_when_they_change(
    open_journal: OpenJournal,
) -> None:
    journal = CountingJournal(open_journal())
    engine = AlarmEngine(
        {t.name: t for t in TAGS},
        ManualClock(),
        journal=journal,  # type: ignore[arg-type]
    )
    engine.restore_states()
    now = engine.clock.now()
    engine.evaluate(
        {
            PV: TagSample(95.0, Quality.GOOD, now, now),
            LEVEL: TagSample(50.0, Quality.GOOD, now, now),
        }
    )
    assert [(n, [s.alarm for s in states]) for n, states in journal.writes] == [(1, [HI])]
    engine.evaluate(
        {
            PV: TagSample(96.0, Quality.GOOD, now, now),
            LEVEL: TagSample(51.0, Quality.GOOD, now, now),
        }
    )
    engine.tick()
    assert len(journal.writes) == 1, "nothing changed: nothing written"
    engine.evaluate({PV: TagSample(50.0, Quality.GOOD, now, now)})
    assert [(n, [s.alarm for s in states]) for n, states in journal.writes[1:]] == [(1, [HI])]
    assert journal.inner.load_states()[HI].active is False


def test_an_engine_that_does_not_keep_states_neither_loads_nor_saves_them(
    open_journal: OpenJournal,
) -> None:
    first = Console.first(open_journal)
    first.set(pv=95.0)
    first.journal.close()
    journal = open_journal()
    engine = AlarmEngine({t.name: t for t in TAGS}, ManualClock(), journal=journal)
    assert engine.alarm(HI).state is AlarmState.NORMAL
    now = engine.clock.now()
    engine.evaluate({PV: TagSample(50.0, Quality.GOOD, now, now)})
    engine.evaluate({PV: TagSample(95.0, Quality.GOOD, now, now)})
    engine.acknowledge(HI, user=OPERATOR)
    assert journal.load_states()[HI].acknowledged is False, "the first run's state, untouched"


def test_restoring_states_needs_a_journal() -> None:
    engine = AlarmEngine({t.name: t for t in TAGS}, ManualClock())
    with pytest.raises(ValueError, match="journal"):
        engine.restore_states()


# the runtime ----------------------------------------------------------------------------------


def test_a_console_takes_up_its_alarm_states_and_a_replay_does_not(tmp_path: Path) -> None:
    project = load_project(DEMO_PROJECT)
    data = tmp_path / "data"
    name = "CWP.MAGSEP.TAILS_MAG.HI"
    first = Runtime(project, data, history=False)
    first.alarms.set_out_of_service(name, user=SUPERVISOR, reason="magnetometer replaced")
    asyncio.run(first.stop())
    second = Runtime(project, data, history=False)
    try:
        assert second.alarms.alarm(name).state is AlarmState.OUT_OF_SERVICE
    finally:
        asyncio.run(second.stop())
    recording = tmp_path / "shift.db"
    shutil.copy(DEMO_RECORDING, recording)
    replay = Runtime(project, data, replay=recording)
    try:
        assert replay.alarms.alarm(name).state is AlarmState.NORMAL
        replay.alarms.set_out_of_service(name, user=SUPERVISOR, reason="only in the replay")
        assert replay.alarm_journal.load_states() == {}
    finally:
        asyncio.run(replay.stop())
    with AlarmJournal(data / "alarms.db") as kept:
        assert kept.load_states()[name].reason == "magnetometer replaced"


class FlakyJournal(CountingJournal):
    """A journal whose first write fails (the store was away for a moment)."""

    def write(self, entries: list[JournalEntry], states: list[SavedAlarm] = []) -> None:  # noqa: B006
        if not self.writes:
            self.writes.append((len(entries), list(states)))
            raise OSError("the store is away")
        super().write(entries, states)


def test_states_that_could_not_be_saved_are_saved_at_the_next_evaluation(
    open_journal: OpenJournal, caplog: pytest.LogCaptureFixture
) -> None:
    journal = FlakyJournal(open_journal())
    engine = AlarmEngine(
        {t.name: t for t in TAGS},
        ManualClock(),
        journal=journal,  # type: ignore[arg-type]
    )
    engine.restore_states()
    now = engine.clock.now()
    engine.evaluate({PV: TagSample(95.0, Quality.GOOD, now, now)})
    assert "could not be written" in caplog.text
    assert journal.inner.load_states() == {}
    engine.tick()
    assert journal.inner.load_states()[HI].active
    engine.tick()
    assert len(journal.writes) == 2, "saved once, then nothing to save"


def test_a_state_its_primary_published_after_the_saved_one_is_taken_up_and_saved(
    open_journal: OpenJournal,
) -> None:
    topics = Topics("Bench")
    tail = AlarmTail(topics, [HI, LATCH])  # a standby following its primary
    first = Console.first(open_journal)
    first.set(pv=95.0)
    unacknowledged = dumps(alarm_to_json(first.engine.alarm(HI)))
    first.clock.advance(1)
    first.engine.acknowledge(HI, user=OPERATOR)  # published and saved
    tail.take(topics.alarm(HI), unacknowledged, first.clock.now())  # an older state, late
    assert newer_seen(first.journal.load_states(), tail.states)[HI].acknowledged
    first.clock.advance(1)
    tail.take(topics.alarm(HI), b"", first.clock.now())  # back to normal: killed before saved
    first.journal.close()

    first.clock.advance(2)
    journal = open_journal()
    engine = AlarmEngine(
        {t.name: t for t in TAGS}, first.clock, settings=AlarmSettings(), journal=journal
    )
    engine.restore_states(tail.states)
    assert engine.alarm(HI).state is AlarmState.NORMAL
    assert not journal.load_states()[HI].active  # what was seen is saved now
    now = first.clock.now()
    engine.evaluate({PV: TagSample(95.0, Quality.GOOD, now, now)})
    assert engine.alarm(HI).state is AlarmState.ACTIVE_UNACK  # it had cleared: a new alarm
    journal.close()
