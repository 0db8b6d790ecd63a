"""What a shift report reads besides the history: alarm journal, audit trail, and the
instrument health and predictive warnings worked out from recorded values.

Files are opened read-only (a shipped recording is never modified, a running console's
alarms.db and audit.db are read beside it), so a report can be made on any thread.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from tags.alarms.journal import AlarmJournal, JournalEntry, JournalStore
from tags.alarms.state import AlarmState, JournalEvent
from tags.analytics.config import HealthSettings, PredictionSettings
from tags.analytics.energy import usable
from tags.analytics.instrument_health import InstrumentHealth, InstrumentIssue, off_rules
from tags.analytics.prediction import PredictiveWarning, TrendPredictor
from tags.analytics.stopped_units import StoppedUnit
from tags.clock import ManualClock
from tags.history.store import HistoryStore
from tags.i18n.catalogue import text
from tags.i18n.descriptions import message_of
from tags.model import Priority, TagDef
from tags.security.audit import AuditRecord
from tags.security.audit_anchor import Anchor, AnchorError, AnchorFile
from tags.security.audit_file import AuditFile
from tags.security.audit_store import AuditReader


@dataclass(frozen=True, slots=True)
class AlarmLine:
    """An alarm standing (or shelved) at the end of the period."""

    alarm: str
    area: str
    priority: Priority
    state: AlarmState
    since: float
    message: str
    user: str = ""
    comment: str = ""


@dataclass(frozen=True)
class JournalExtract:
    entries: tuple[JournalEntry, ...]
    """Entries of the period, oldest first."""
    standing: tuple[AlarmLine, ...]
    shelved: tuple[AlarmLine, ...]


def read_journal(source: Path | JournalStore | None, start: float, end: float) -> JournalExtract:
    """The period's journal and the alarms standing or shelved at ``end``, from a journal
    file (opened read-only here) or a JournalStore (the shared store's)."""
    if source is None:
        return JournalExtract((), (), ())
    if not isinstance(source, Path):
        return _extract(source, start, end)
    journal = AlarmJournal.open_readonly(source)
    if journal is None:
        return JournalExtract((), (), ())
    with journal:
        return _extract(journal, start, end)


def in_current_language(extract: JournalExtract, tags: Mapping[str, TagDef]) -> JournalExtract:
    """``extract`` with each alarm's message as the project gives it in the current language
    (the journal keeps the English one; alarms the project no longer has keep theirs)."""
    messages = {a.name: message_of(a) for tag in tags.values() for a in tag.alarms}
    entries = tuple(replace(e, message=messages.get(e.alarm, e.message)) for e in extract.entries)
    standing, shelved = (
        tuple(replace(a, message=messages.get(a.alarm, a.message)) for a in lines)
        for lines in (extract.standing, extract.shelved)
    )
    return JournalExtract(entries, standing, shelved)


def _extract(journal: JournalStore, start: float, end: float) -> JournalExtract:
    entries = tuple(journal.query(since=start, until=end, limit=100_000_000, newest_first=False))
    final = journal.last_entries(end)
    activated = journal.last_activations(end)
    standing = [_line(e, float(activated.get(e.alarm, e.time))) for e in final
                if e.state.annunciated]  # fmt: skip
    shelved = [_line(e, e.time) for e in final if e.state is AlarmState.SHELVED]
    standing.sort(key=lambda a: (int(a.priority), a.since))
    return JournalExtract(entries, tuple(standing), tuple(shelved))


def _line(e: JournalEntry, since: float) -> AlarmLine:
    return AlarmLine(e.alarm, e.area, e.priority, e.state, since, e.message, e.user, e.comment)


def read_anchor(audit: Path | AuditReader | None) -> Anchor | None:
    """The audit trail's anchor as it stands now (a report keeps a copy, so ``audit verify``
    finds a trail cut back behind it), or None without one. ``audit``: the trail's file, or
    the trail itself (either store)."""
    if audit is None:
        return None
    if isinstance(audit, Path):
        try:
            return AnchorFile(audit.with_suffix(".anchor")).read()
        except AnchorError:
            return None
    return audit.anchor()


def read_writes(
    audit: Path | AuditReader | None, start: float, end: float
) -> tuple[AuditRecord, ...]:
    """Operator writes (and refused writes) of the period from an audit trail (its file, or
    the trail in either store), oldest first; a write that left but whose outcome was never
    recorded reads "outcome unknown"."""
    if not isinstance(audit, Path):
        return () if audit is None else tuple(audit.writes(start, end))
    opened = AuditFile.open_read_only(audit)
    if opened is None:
        return ()
    try:
        return tuple(opened.writes(start, end))
    finally:
        opened.close()


def health_from_history(
    store: HistoryStore,
    tags: Mapping[str, TagDef],
    start: float,
    end: float,
    settings: HealthSettings,
) -> list[tuple[InstrumentIssue, float | None]]:
    """Instrument issues raised during ``[start, end)`` (with the time each cleared), judged
    from the recorded samples at every minute."""
    clock = ManualClock(start)
    health = InstrumentHealth(
        tags, settings, clock, evaluate_every=float("inf"), confirmed_runs=True
    )
    recorded = set(store.tag_names())
    names = [n for n in {*health.names, *health.state_names} if n in recorded]
    records = [(s.server_time, name, s) for name in names for s in store.raw(name, start, end)]
    records.sort(key=lambda r: (r[0], r[1]))
    step = 60.0
    due = start + step
    for t, name, sample in records:
        while t >= due:
            health.evaluate(due)
            due += step
        health.feed(name, sample)
    while due <= end:
        health.evaluate(due)
        due += step
    health.evaluate(end)
    return list(health.log)


def running_at(
    store: HistoryStore,
    tags: Mapping[str, TagDef],
    t: float,
    units: Sequence[StoppedUnit] = (),
) -> set[str]:
    """The tags whose equipment runs at ``t``: none of their alarms is suppressed by design
    and no unit they belong to is stopped (a tag without such a condition always runs)."""
    rules = {n: off_rules(tag, units) for n, tag in tags.items()}
    states = store.values_at(sorted({c for rs in rules.values() for r in rs for c in r.tags}), t)
    return {n for n, rs in rules.items() if not any(r.holds(states) for r in rs)}


def predictions_at(
    store: HistoryStore,
    tags: Mapping[str, TagDef],
    end: float,
    settings: PredictionSettings,
    units: Sequence[StoppedUnit] = (),
) -> list[PredictiveWarning]:
    """The predictive warnings standing at ``end``, from the window of history before it;
    none for a tag whose equipment is off then (its alarms are suppressed by design, or its
    unit is stopped)."""
    running = {n: tags[n] for n in running_at(store, tags, end, units)}
    predictor = TrendPredictor(running, settings, ManualClock(end))
    window = settings.window_minutes * 60.0
    start = end - window
    recorded = set(store.tag_names())
    for name in predictor.names:
        if name not in recorded:
            continue
        held = usable(store.values_at([name], start).get(name))
        samples = iter(store.raw(name, start, end))
        pending = next(samples, None)
        t = start
        while t <= end:
            while pending is not None and pending.server_time <= t:
                held = usable(pending)
                pending = next(samples, None)
            if held is not None:
                predictor.add(name, t, held)
            t += settings.sample_seconds
    return predictor.evaluate(end)


def alarm_counts(entries: Iterable[JournalEntry]) -> dict[str, int]:
    """Operator actions on alarms in a period, by event (ack, shelve ...)."""
    counts: dict[str, int] = {}
    for e in entries:
        if e.user:
            counts[e.event.value] = counts.get(e.event.value, 0) + 1
    return counts


@dataclass(frozen=True, slots=True)
class SuppressedLine:
    """Alarms suppressed by design in a period under one condition."""

    condition: str
    alarms: int
    first: float


def suppressed_by_design(entries: Iterable[JournalEntry], start: float) -> list[SuppressedLine]:
    """How many alarms were suppressed by design from ``start`` on, per condition (the
    journal's comment of a suppress entry is the condition that held), most first."""
    found: dict[str, tuple[set[str], float]] = {}
    for e in entries:
        if e.event is JournalEvent.SUPPRESS and e.time >= start:
            alarms, first = found.get(e.comment, (set(), e.time))
            alarms.add(e.alarm)
            found[e.comment] = (alarms, min(first, e.time))
    lines = [SuppressedLine(c or text("report.condition_not_recorded"), len(a), t)
             for c, (a, t) in found.items()]  # fmt: skip
    return sorted(lines, key=lambda x: (-x.alarms, x.first))
