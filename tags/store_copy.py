"""Moving a console's data folder into a shared PostgreSQL store (``python main.py store copy``).

Every store of the folder goes over as it is kept: the history's raw samples (the rollups are
made again by the target as it takes them in), the alarm journal with its seq numbers and
the saved alarm states, the audit trail record by record with its seq and MACs, the users
with their password hashes, roles, areas and lock-outs, the training sessions with their
records and snapshots, the replay bookmarks, the shift reports (with their PDFs) and notes,
the forced values in effect and the loop-check entries. The target's schema is brought up
to date first (as ``store init`` does).

Run again, it adds only what the target lacks, so an interrupted copy (Ctrl-C, killed, the
server restarted) is finished by running it again, and nothing is doubled: history samples
are keyed by tag and time (a tag goes on after the newest sample the target holds), journal
entries, audit records, training records, bookmarks and loop-check entries by their seq or
id, users by name, reports by file name, forces by tag. What the target holds already is
never changed, but for a training session's end it lacked and the history: a tag whose
earlier samples the target lacks gets them again as late samples (a sample at the same tag
and time is then the source's).

The audit trail must arrive as the same chain: before anything is written, the source trail
is verified and the target's records are compared with it; a target holding another trail
(not a beginning of this one) is refused. The MACs are the source's key's (``audit.key`` of
the data folder), so the server must sign with that key: ``key_to`` (the server's data
folder) gets a copy of it and of the anchor; without it, the summary names the key file to
copy there. After the copy the target's trail is verified with that key against the
source's anchors.

The copy writes as the role of the URL, which must own the tables (the store's owner, as
for ``store init``): the writer role may not give a record its seq, nor move a counter.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol, TypeVar

from tags.alarms.journal import AlarmJournal
from tags.alarms.pg_journal import PgAlarmJournal
from tags.clock import SystemClock
from tags.forcing.force import Force
from tags.forcing.pg_store import PgForceStore
from tags.forcing.store import FORCES_FILE, SqliteForceStore
from tags.history.historian import HISTORY_FILE
from tags.history.pg_store import PgHistoryStore
from tags.history.query import ms
from tags.history.sqlite_store import SqliteHistoryStore
from tags.history.store import Record
from tags.loopcheck.pg_store import PgLoopCheckStore
from tags.loopcheck.store import LOOPCHECK_FILE, SqliteLoopCheckStore
from tags.paths import private_dir, private_file
from tags.replay.bookmarks import BOOKMARKS_FILE, SqliteBookmarkStore
from tags.replay.pg_bookmarks import PgBookmarkStore
from tags.reports.archive import REPORTS_DIR, ReportArchive
from tags.reports.pg_archive import PgReportIndex
from tags.security.audit_anchor import AUDIT_FILE, AnchorFile
from tags.security.audit_file import AuditFile
from tags.security.audit_key import key_path, load_key
from tags.security.audit_record import AuditRecord, VerifyResult
from tags.security.audit_verify import verify_data_dir
from tags.security.permissions import SecurityPolicy
from tags.security.pg_audit import PgAuditTrail, has_trail
from tags.security.pg_users import PgUserStore
from tags.security.users import UserStore
from tags.store.migrations import migrate_all
from tags.store.postgres import PgDatabase
from tags.store_components import components
from tags.training.pg_store import PgTrainingStore
from tags.training.store import TRAINING_FILE, SqliteTrainingStore, session_from_row

T = TypeVar("T")

STORES = (
    "history", "alarms", "audit", "users", "training", "bookmarks", "reports", "forces",
    "loopchecks",
)  # fmt: skip
"""The stores of a data folder, in the order they are copied."""
CHUNK = 50_000
"""History samples read and written at a time."""
ROWS = 5_000
"""Journal entries, audit and training records read and written at a time."""
USERS_FILE = "users.db"
JOURNAL_FILE = "alarms.db"

Say = Callable[[str], None]


class CopyRefused(Exception):
    """The copy (or one store of it) would mix two different data sets; nothing of it was
    written. The message says what differs."""


@dataclass
class Tally:
    """One store's rows: in the source, added to the target, and in the target after."""

    store: str
    source: int = 0
    copied: int = 0
    target: int = 0
    note: str = ""

    @property
    def already(self) -> int:
        """Rows of the source the target held before (a run that was interrupted)."""
        return max(0, self.source - self.copied)

    def line(self) -> str:
        text = (
            f"{self.store}: source {self.source}, target {self.target} "
            f"({self.copied} copied, {self.already} already there)"
        )
        return f"{text}; {self.note}" if self.note else text


@dataclass
class CopyResult:
    """What a copy did: a tally per store, the stores refused, the audit verdict."""

    tallies: list[Tally] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    audit: VerifyResult | None = None
    key_file: Path | None = None
    """The audit key the server must sign with (None: no signed trail was copied)."""

    @property
    def ok(self) -> bool:
        incomplete = any(t.target < t.source for t in self.tallies)
        audit_ok = self.audit is None or self.audit.ok
        return not self.refused and not incomplete and audit_ok


def copy_data_dir(
    source: Path,
    db: PgDatabase,
    say: Say,
    *,
    stores: Iterable[str] = STORES,
    key_to: Path | None = None,
    chunk: int = CHUNK,
) -> CopyResult:
    """Copy the stores of the data folder ``source`` into ``db``; ``say`` prints progress.

    CopyRefused before anything is written when the folder is none, its audit trail does
    not verify, or the target holds another audit trail (or ``key_to`` another key)."""
    chosen = [s for s in STORES if s in set(stores)]
    if not source.is_dir():
        raise CopyRefused(f"{source}: not a folder (the console's data folder is expected)")
    audit = _check_audit(source, db, key_to) if "audit" in chosen else None
    for line in db.run(lambda conn: migrate_all(conn, components())):
        say(line)
    result = CopyResult()
    copiers: dict[str, Callable[[], list[Tally]]] = {
        "history": lambda: [_copy_history(source / HISTORY_FILE, db, say, chunk)],
        "alarms": lambda: _copy_journal(source / JOURNAL_FILE, db, say),
        "audit": lambda: [_copy_audit(source, db, say, audit)] if audit else [],
        "users": lambda: [_copy_users(source / USERS_FILE, db)],
        "training": lambda: _copy_training(source / TRAINING_FILE, db),
        "bookmarks": lambda: [_copy_bookmarks(source / BOOKMARKS_FILE, db)],
        "reports": lambda: _copy_reports(source, db),
        "forces": lambda: [_copy_forces(source / FORCES_FILE, db)],
        "loopchecks": lambda: [_copy_loopchecks(source / LOOPCHECK_FILE, db)],
    }
    for store in chosen:
        try:
            tallies = copiers[store]()
        except CopyRefused as exc:
            result.refused.append(store)
            say(f"{store}: refused: {exc}")
            continue
        for tally in tallies:
            say(tally.line())
        result.tallies += tallies
    if audit is not None:
        result.audit = PgAuditTrail.in_data_dir(db, source, SystemClock(), readonly=True).verify()
        result.key_file = audit.key_file if audit.key is not None else None
        if key_to is not None and audit.key is not None:
            _hand_key_to(audit, db, key_to, say)
    return result


class _Closable(Protocol):
    def close(self) -> None: ...


@contextmanager
def _closing(*stores: _Closable) -> Iterator[None]:
    try:
        yield
    finally:
        for store in stores:
            store.close()


# history ---------------------------------------------------------------------------------


def _copy_history(path: Path, db: PgDatabase, say: Say, chunk: int) -> Tally:
    tally = Tally("history")
    if not path.is_file():
        tally.note = f"no {path.name}"
        return tally
    src = SqliteHistoryStore(path, readonly=True)
    dst: PgHistoryStore | None = None
    try:
        dst = PgHistoryStore(db)
        whole = src.span()
        names = src.tag_names()
        if whole is not None:
            start, end = whole[0], whole[1] + 1.0
            tally.source = src.count(names, start, end)
            read = 0
            for name in names:
                for part, new in _tag_parts(src, dst, name, end, chunk):
                    before = 0 if new else dst.count([name], start, end)
                    dst.append(part)
                    tally.copied += len(part) if new else dst.count([name], start, end) - before
                    read += len(part)
                    say(f"history: {read} of {tally.source} samples read, {tally.copied} copied,"
                        f" {read - tally.copied} already there")  # fmt: skip
        kept = dst.metadata()
        missing = {k: v for k, v in src.metadata().items() if k not in kept}
        if missing:
            dst.set_metadata(missing)
        span = dst.span()
        tally.target = 0 if span is None else dst.count(dst.tag_names(), span[0], span[1] + 1.0)
    finally:
        src.close()
        if dst is not None:
            dst.close()
    return tally


def _tag_parts(
    src: SqliteHistoryStore, dst: PgHistoryStore, name: str, end: float, chunk: int
) -> Iterator[tuple[list[Record], bool]]:
    """The samples of one tag the target may lack, in chunks, each with whether it is all
    new: after the newest the target holds (in order), or earlier ones it lacks (then it
    stores them again as late samples, keyed by time: nothing doubles)."""
    mine = src.span([name])
    if mine is None:
        return
    theirs = dst.span([name])
    start = mine[0]
    if theirs is not None:
        last = ms(theirs[1])
        upto = (last + 1) / 1000.0
        if dst.count([name], start, upto) < src.count([name], start, upto):
            for part in src.iter_raw([name], start, last / 1000.0, chunk):
                yield part, False  # the sample at ``last`` is the target's: never again
        start = upto
    for part in src.iter_raw([name], start, end, chunk):
        yield part, True


# alarm journal and states ----------------------------------------------------------------


def _copy_journal(path: Path, db: PgDatabase, say: Say) -> list[Tally]:
    entries, states = Tally("alarm journal"), Tally("alarm states")
    src = AlarmJournal.open_readonly(path)
    if src is None:
        entries.note = f"no {path.name}"
        return [entries]
    dst = PgAlarmJournal(db)
    with _closing(src, dst):
        entries.source = src.count()
        after = 0
        while part := src.entries_after(after, ROWS):
            there = {e.seq: e for e in dst.entries_after(after, part[-1].seq - after)}
            for entry in part:
                if entry.seq in there and there[entry.seq] != entry:
                    raise CopyRefused(
                        f"the target's alarm journal holds another entry {entry.seq} "
                        f"({there[entry.seq].alarm} at {there[entry.seq].time}, here "
                        f"{entry.alarm} at {entry.time}): it is another console's journal"
                    )
            entries.copied += dst.import_entries([e for e in part if e.seq not in there])
            after = part[-1].seq
            say(f"alarm journal: {after} of {entries.source} entries, {entries.copied} copied")
        entries.target = dst.count()
        saved = src.load_states()
        states.source = len(saved)
        states.copied = dst.import_states(saved.values())
        states.target = len(dst.load_states())
    return [entries, states]


# audit trail -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _AuditPlan:
    key_file: Path
    key: bytes | None
    count: int


def _check_audit(source: Path, db: PgDatabase, key_to: Path | None) -> _AuditPlan | None:
    """Everything that refuses the audit copy, checked before anything is written."""
    path = source / AUDIT_FILE
    if not path.is_file():
        return None
    verdict, _ = verify_data_dir(source)
    if not verdict.ok:
        raise CopyRefused(f"the audit trail {path} does not verify: {verdict.message}")
    key = load_key(key_path(path))
    if key_to is not None and key is not None:
        theirs = load_key(key_path(key_to / AUDIT_FILE))
        if theirs is not None and theirs != key:
            raise CopyRefused(
                f"{key_path(key_to / AUDIT_FILE)} is another audit key than "
                f"{key_path(path)}: the server would sign another chain (nothing was written)"
            )
    src = AuditFile.open_read_only(path)
    assert src is not None
    try:
        mine = src.records()
        count = 0
        if has_trail(db):
            target = PgAuditTrail(db, SystemClock(), key_file=key_path(path), readonly=True)
            for theirs_record in target.records():
                record = next(mine, None)
                if record is None:
                    break  # the target goes on after this trail: nothing to add
                count += 1
                if record != theirs_record:
                    raise CopyRefused(
                        f"the target holds another audit trail: its record {theirs_record.seq} "
                        f"differs from record {record.seq} of {path}; not a beginning of this "
                        "trail, so nothing was written"
                    )
        count += sum(1 for _ in mine)
    finally:
        src.close()
    return _AuditPlan(key_path(path), key, count)


def _copy_audit(source: Path, db: PgDatabase, say: Say, plan: _AuditPlan) -> Tally:
    tally = Tally("audit trail", source=plan.count)
    src = AuditFile.open_read_only(source / AUDIT_FILE)
    assert src is not None
    dst = PgAuditTrail(db, SystemClock(), key_file=plan.key_file, readonly=True)
    with _closing(src):
        part: list[AuditRecord] = []
        for record in src.records():
            part.append(record)
            if len(part) >= ROWS:
                tally.copied += dst.import_records(part, plan.key)
                say(f"audit trail: {part[-1].seq} of {plan.count} records, {tally.copied} copied")
                part = []
        tally.copied += dst.import_records(part, plan.key)
    tally.target = sum(1 for _ in dst.records())
    return tally


def _hand_key_to(plan: _AuditPlan, db: PgDatabase, key_to: Path, say: Say) -> None:
    """Give the server's data folder the trail's key and the store's anchor."""
    private_dir(key_to)
    target_key = key_path(key_to / AUDIT_FILE)
    if load_key(target_key) is None:
        private_file(target_key).write_text(
            plan.key_file.read_text(encoding="ascii"), encoding="ascii"
        )
        say(f"audit key copied to {target_key}")
    head = PgAuditTrail(db, SystemClock(), key_file=target_key, readonly=True).head_anchor()
    anchor = AnchorFile((key_to / AUDIT_FILE).with_suffix(".anchor"))
    kept = anchor.read()
    if head is not None and (kept is None or kept.seq < head.seq):
        anchor.write(head)


# users, training, bookmarks, reports -----------------------------------------------------


def _copy_users(path: Path, db: PgDatabase) -> Tally:
    tally = Tally("users")
    if not path.is_file():
        tally.note = f"no {path.name}"
        return tally
    src = UserStore(path, SystemClock(), SecurityPolicy())
    dst = PgUserStore(db, SystemClock(), SecurityPolicy())
    with _closing(src, dst):
        accounts = src.accounts()
        tally.source = len(accounts)
        tally.copied = dst.import_accounts(accounts)
        tally.target = len(dst.accounts())
    return tally


def _copy_training(path: Path, db: PgDatabase) -> list[Tally]:
    sessions, records, snapshots = (Tally(f"training {w}") for w in ("sessions", "records",
                                                                      "snapshots"))  # fmt: skip
    if not path.is_file():
        sessions.note = f"no {path.name}"
        return [sessions]
    src = SqliteTrainingStore(path)
    dst = PgTrainingStore(db)
    with _closing(src, dst):
        rows = src.export_sessions()
        theirs = {s.id: s for s in dst.sessions()}
        for row in rows:
            mine = session_from_row(row)
            other = theirs.get(mine.id)
            if other is not None and replace(other, end=mine.end) != mine:
                raise CopyRefused(
                    f"the target's training session {mine.id} is another one "
                    f"({other.title} of {other.start}, here {mine.title} of {mine.start})"
                )
        before = len(theirs)
        dst.import_sessions(rows)
        after = 0
        while part := src.export_records(after, ROWS):
            records.copied += dst.import_records(part)
            after = int(part[-1][0])
        snapshots.copied = dst.import_snapshots(src.export_snapshots())
        sessions.source, records.source, snapshots.source = src.counts()
        sessions.target, records.target, snapshots.target = dst.counts()
        sessions.copied = sessions.target - before
    return [sessions, records, snapshots]


def _copy_bookmarks(path: Path, db: PgDatabase) -> Tally:
    if not path.is_file():
        return Tally("bookmarks", note=f"no {path.name}")
    src, dst = SqliteBookmarkStore(path), PgBookmarkStore(db)
    with _closing(src, dst):
        return _copy_keyed("bookmarks", src.all(), dst.all, lambda b: b.id, dst.import_bookmarks)


def _copy_keyed(
    name: str,
    mine: Sequence[T],
    theirs: Callable[[], Sequence[T]],
    key: Callable[[T], object],
    add: Callable[[Sequence[T]], int],
) -> Tally:
    """Copy rows kept by a key (id, tag): those the target lacks are added (``add`` says how
    many); one the target holds otherwise is refused before anything is added."""
    held = {key(row): row for row in theirs()}
    for row in mine:
        other = held.get(key(row))
        if other is not None and other != row:
            raise CopyRefused(f"the target's {name} {key(row)} is another one")
    return Tally(name, source=len(mine), copied=add(mine), target=len(theirs()))


def _copy_reports(source: Path, db: PgDatabase) -> list[Tally]:
    reports, notes = Tally("shift reports"), Tally("shift notes")
    if not (source / REPORTS_DIR).is_dir():
        reports.note = f"no {REPORTS_DIR} folder"
        return [reports]
    archive = ReportArchive.in_data_dir(source)
    dst = PgReportIndex(db)
    with _closing(archive, dst):
        kept = archive.reports()
        reports.source = len(kept)
        for info in kept:
            reports.copied += dst.import_report(info, info.path.read_bytes())
        reports.target = len(dst.reports())
        found = list(dict.fromkeys(archive.notes(-math.inf, math.inf)))
        notes.source = len(found)
        notes.copied = dst.import_notes(found)
        notes.target = dst.note_count()
    return [reports, notes]


# forces and loop checks ------------------------------------------------------------------


def _copy_forces(path: Path, db: PgDatabase) -> Tally:
    """The forces in effect; a tag the target forces otherwise is refused (never changed)."""
    if not path.is_file():
        return Tally("forced values", note=f"no {path.name}")
    src, dst = SqliteForceStore(path), PgForceStore(db)

    def add(forces: Sequence[Force]) -> int:
        held = {f.tag for f in dst.all()}
        for force in forces:
            if force.tag not in held:
                dst.put(force)
        return len({f.tag for f in forces} - held)

    with _closing(src, dst):
        return _copy_keyed("forced values", src.all(), dst.all, lambda f: f.tag, add)


def _copy_loopchecks(path: Path, db: PgDatabase) -> Tally:
    if not path.is_file():
        return Tally("loop-check entries", note=f"no {path.name}")
    src, dst = SqliteLoopCheckStore(path), PgLoopCheckStore(db)
    with _closing(src, dst):
        return _copy_keyed("loop-check entries", src.records(), dst.records, lambda r: r.id,
                           dst.import_records)  # fmt: skip
