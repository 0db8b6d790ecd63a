"""The replay timeline's sources: alarms, floods and operator actions of a recorded range.

Alarms (with priority) come from the alarm journal kept with the recording, or for the
console's own history from the data folder's ``alarms.db``; without a journal they are the
limit crossings of the recorded values (tags/replay/alarm_times.py). Floods are computed from the
activations as the EEMUA 191 figures do (tags/alarms/kpi.py). Operator actions are the acks,
resets, shelves and service changes of the journal and the writes (accepted or refused) of
the data folder's audit trail. Every file is opened read-only; ``load_timeline`` is meant for
a reader thread, never the GUI thread.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tags.alarms.journal import AlarmJournal, JournalStore
from tags.alarms.kpi import Activation, compute_kpis
from tags.alarms.settings import KpiSettings
from tags.alarms.state import JournalEvent
from tags.history.historian import HISTORY_FILE
from tags.history.sqlite_store import SqliteHistoryStore
from tags.history.store import HistoryStore
from tags.model import Priority, TagDef
from tags.replay.alarm_times import HIGH, LOW, LimitCrossings
from tags.replay.timeline import EventKind, Period, TimelineEvent
from tags.security.audit_file import AuditFile
from tags.security.audit_record import OUTCOME_UNKNOWN, WRITE_INTENT
from tags.security.audit_store import AuditReader

AUDIT_FILE = "audit.db"
JOURNAL_FILE = "alarms.db"
OPERATOR_EVENTS: dict[str, tuple[EventKind, str]] = {
    JournalEvent.ACK.value: (EventKind.ACK, "acknowledged"),
    JournalEvent.RESET.value: (EventKind.ACK, "reset"),
    JournalEvent.SHELVE.value: (EventKind.SHELVE, "shelved"),
    JournalEvent.UNSHELVE.value: (EventKind.SHELVE, "unshelved"),
    JournalEvent.OUT_OF_SERVICE.value: (EventKind.SHELVE, "out of service"),
    JournalEvent.RETURN_TO_SERVICE.value: (EventKind.SHELVE, "back in service"),
}


@dataclass(frozen=True)
class Timeline:
    """Everything a replay bar shows besides values, for ``[start, end]``."""

    start: float
    end: float
    events: tuple[TimelineEvent, ...] = ()
    """In time order."""
    floods: tuple[Period, ...] = ()
    alarm_source: str = ""
    """Where the alarm markers come from: "alarm journal", "limit crossings" or ""."""

    def of_kind(self, *kinds: EventKind) -> list[TimelineEvent]:
        return [e for e in self.events if e.kind in kinds]

    def between(self, start: float, end: float) -> list[TimelineEvent]:
        return [e for e in self.events if start <= e.time <= end]

    def with_events(self, extra: Iterable[TimelineEvent]) -> Timeline:
        """This timeline with more events (a training session's screen visits, upsets)."""
        merged = sorted([*self.events, *extra], key=lambda e: e.time)
        return dataclasses.replace(self, events=tuple(merged))


def journal_events(
    journal: JournalStore, start: float, end: float, lookback: float = 600.0
) -> tuple[list[TimelineEvent], list[Activation]]:
    """Alarm activations and operator actions of an alarm journal in the range, and the
    activations from ``lookback`` (one flood window) earlier on, for the flood sweep."""
    events: list[TimelineEvent] = []
    activations: list[Activation] = []
    wanted = [JournalEvent.ACTIVE, *(JournalEvent(e) for e in OPERATOR_EVENTS)]
    entries = journal.query(
        since=start - lookback,
        until=math.nextafter(end, math.inf),
        events=wanted,
        limit=100_000_000,
        newest_first=False,
    )
    entries.sort(key=lambda e: (e.time, e.seq))
    for e in entries:
        t = e.time
        if e.event is JournalEvent.ACTIVE:
            activations.append(Activation(t, e.alarm, e.priority, e.area))
            if t >= start:
                text = f"{e.alarm}: {e.message or 'active'} ({e.value})"
                events.append(TimelineEvent(t, EventKind.ALARM, text, e.tag, "", int(e.priority)))
        elif t >= start:
            kind, verb = OPERATOR_EVENTS[e.event.value]
            text = f"{verb} {e.alarm}" + (f": {e.comment}" if e.comment else "")
            events.append(TimelineEvent(t, kind, text, e.tag, e.user))
    return events, activations


def limit_events(
    store: HistoryStore, tags: Iterable[TagDef], start: float, end: float
) -> list[TimelineEvent]:
    """Alarm markers where recorded values crossed a HI/HIHI/LO/LOLO limit (no journal)."""
    events: list[TimelineEvent] = []
    for tag in tags:
        for alarm in tag.alarms:
            if alarm.kind not in HIGH + LOW or alarm.limit is None:
                continue
            one = dataclasses.replace(tag, alarms=(alarm,))
            found = LimitCrossings.scan(store, [one], start, end)
            side = "above" if alarm.kind in HIGH else "below"
            unit = f" {tag.unit}" if tag.unit else ""
            text = f"{alarm.name}: {side} {tag.format_value(alarm.limit)}{unit} (limit crossing)"
            events += [
                TimelineEvent(t, EventKind.ALARM, text, tag.name, "", int(alarm.priority))
                for t in found.alarm_times(start, end)
            ]
    return sorted(events, key=lambda e: e.time)


def write_events(audit: AuditReader, start: float, end: float) -> list[TimelineEvent]:
    """The writes (and refused writes) of an audit trail (in either store) in the range, and
    the writes that left with no outcome ever recorded ("outcome unknown")."""
    events = []
    for w in sorted(audit.writes(start, end, inclusive=True), key=lambda r: (r.time, r.seq)):
        unit_text = f" {w.unit}" if w.unit else ""
        text = f"write {w.tag} {w.old} → {w.new}{unit_text}"
        if w.action == "write_refused":
            text = f"refused {text}: {w.result.partition(': ')[2] or w.result}"
        if w.action == WRITE_INTENT:
            text = f"{text}: {OUTCOME_UNKNOWN}"
        if w.reason:
            text += f" ({w.reason})"
        events.append(TimelineEvent(float(w.time), EventKind.WRITE, text, w.tag, w.user))
    return events


def flood_periods(
    activations: Sequence[Activation], start: float, end: float, settings: KpiSettings
) -> list[Period]:
    """The alarm floods overlapping the range (EEMUA 191: more than ``flood_begin`` alarms in
    the window begins one, fewer than ``flood_end`` ends it), clipped to the range."""
    report = compute_kpis(activations, start, end, settings)
    return [
        Period(max(f.begin, start), min(f.end if f.end is not None else end, end),
               f"alarm flood: up to {f.peak} alarms in {settings.window_minutes:g} min")
        for f in report.floods
    ]  # fmt: skip


def load_timeline(
    recording: Path,
    data_dir: Path,
    tags: Iterable[TagDef],
    start: float,
    end: float,
    settings: KpiSettings,
    store: HistoryStore | None = None,
    journal: JournalStore | None = None,
    audit: AuditReader | None = None,
) -> Timeline:
    """Alarms, floods and operator actions of ``recording`` in ``[start, end]``. Without a
    journal, the limit crossings of the recorded values (``store``, or the file opened here).
    ``journal``: the journal to read (the shared store's) instead of the one kept with the
    recording or in the data folder. The writes come from ``audit``, or the data folder's
    audit file opened here."""
    events: list[TimelineEvent] = []
    activations: list[Activation] = []
    source = ""
    lookback = settings.window_minutes * 60.0
    if journal is not None:
        events, activations = journal_events(journal, start, end, lookback)
        source = "alarm journal"
    own = recording.resolve() == (data_dir / HISTORY_FILE).resolve()
    candidates = [recording] + ([data_dir / JOURNAL_FILE] if own else [])
    for path in candidates if not source else []:
        kept = AlarmJournal.open_readonly(path)
        if kept is None:
            continue
        try:
            events, activations = journal_events(kept, start, end, lookback)
            source = "alarm journal"
            break
        finally:
            kept.close()
    if not source:
        if store is None:
            with SqliteHistoryStore(recording, readonly=True) as opened:
                events = limit_events(opened, tags, start, end)
        else:
            events = limit_events(store, tags, start, end)
        activations = [
            Activation(e.time, e.text.partition(":")[0], Priority(e.priority), "") for e in events
        ]
        source = "limit crossings"
    if audit is not None:
        events += write_events(audit, start, end)
    elif (opened_audit := AuditFile.open_read_only(data_dir / AUDIT_FILE)) is not None:
        try:
            events += write_events(opened_audit, start, end)
        finally:
            opened_audit.close()
    floods = flood_periods(activations, start, end, settings)
    events.sort(key=lambda e: e.time)
    return Timeline(start, end, tuple(events), tuple(floods), source)
