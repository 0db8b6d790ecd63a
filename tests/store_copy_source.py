"""A console's data folder with something in every store, made with the real SQLite stores,
and the comparisons of such a folder with a PostgreSQL store it was copied into (the tests
of ``store copy``)."""

from __future__ import annotations

from contextlib import closing, suppress
from dataclasses import replace
from pathlib import Path

from tags.alarms.journal import AlarmJournal, JournalEntry, SavedAlarm
from tags.alarms.pg_journal import PgAlarmJournal
from tags.alarms.state import AlarmState, JournalEvent
from tags.clock import ManualClock
from tags.forcing.force import Force
from tags.forcing.pg_store import PgForceStore
from tags.forcing.store import SqliteForceStore
from tags.history.historian import HISTORY_FILE
from tags.history.pg_store import PgHistoryStore
from tags.history.sqlite_store import SqliteHistoryStore
from tags.loopcheck.pg_store import PgLoopCheckStore
from tags.loopcheck.record import LoopRecord
from tags.loopcheck.store import SqliteLoopCheckStore
from tags.model import AlarmKind, Priority, Quality, TagSample
from tags.replay.bookmarks import BOOKMARKS_FILE, SqliteBookmarkStore
from tags.replay.pg_bookmarks import PgBookmarkStore
from tags.replay.timeline import EventKind
from tags.reports.archive import ReportArchive, ReportInfo
from tags.reports.pg_archive import PgReportIndex
from tags.security.audit import AuditTrail
from tags.security.audit_file import AuditFile
from tags.security.permissions import Role, SecurityPolicy
from tags.security.pg_audit import PgAuditTrail
from tags.security.pg_users import PgUserStore
from tags.security.users import AuthError, UserStore
from tags.simulation.simulator import PlantSnapshot
from tags.store.postgres import PgDatabase
from tags.training.pg_store import PgTrainingStore
from tags.training.plan import PlannedUpset
from tags.training.store import SessionRecord, SqliteTrainingStore

T0 = 1_750_000_000.0
TAGS = ("EMM.CELL1.T", "EMM.CELL1.I", "CWP.PUMP.RUN", "SCO2.MODE")
PASSWORDS = {"olga": "olga password", "admin": "admin password"}


def sample_of(tag: str, i: int) -> TagSample:
    """Sample ``i`` of a tag: every kind of value, a Bad one with a reason now and then,
    the device's time a little before the console's."""
    t = T0 + i * 0.25
    if i % 97 == 13:
        return TagSample(None, Quality.BAD_TIMEOUT, t - 0.004, t, "timeout")
    value: object
    if tag.endswith(".T"):
        value = 20.0 + (i % 50) / 8.0
    elif tag.endswith(".I"):
        value = 1000 + i
    elif tag.endswith(".RUN"):
        value = i % 3 == 0
    else:
        value = ("auto", "manual", "trip")[i % 3]
    return TagSample(value, Quality.GOOD, t - 0.004, t)  # type: ignore[arg-type]


def journal_entry(i: int) -> JournalEntry:
    event = (JournalEvent.ACTIVE, JournalEvent.ACK, JournalEvent.CLEARED)[i % 3]
    state = (AlarmState.ACTIVE_UNACK, AlarmState.ACTIVE_ACK, AlarmState.NORMAL)[i % 3]
    return JournalEntry(T0 + i, event, "EMM.CELL1.T.HI", "EMM.CELL1.T", AlarmKind.HI, "EMM",
                        Priority.HIGH, "", state, f"{30 + i % 5}", 29.5,
                        "olga" if i % 3 == 1 else "", "", f"cell 1 hot ({i})")  # fmt: skip


STATES = [
    SavedAlarm("EMM.CELL1.T.HI", True, True, False, T0 + 3, T0 + 4, None, False),
    SavedAlarm("CWP.PUMP.RUN.BAD", False, True, False, None, T0 + 5, T0 + 7200, False,
               "maintenance", "olga"),
    SavedAlarm("SCO2.MODE.TRIP", True, False, True, T0 + 6, T0 + 6, None, True, "fault", "bob"),
]  # fmt: skip


def make_console(folder: Path, *, samples: int = 1200, entries: int = 40) -> None:
    """Fill every store of a data folder (``samples`` history samples per tag)."""
    clock = ManualClock(T0)
    with SqliteHistoryStore(folder / HISTORY_FILE) as history:
        for start in range(0, samples, 500):
            history.append([(tag, sample_of(tag, i)) for i in range(start, min(samples,
                            start + 500)) for tag in TAGS])  # fmt: skip
        history.set_metadata({"project": "demo"})
    with AlarmJournal(folder / "alarms.db") as journal:
        journal.write([journal_entry(i) for i in range(entries)], STATES)
    with UserStore(folder / "users.db", clock, SecurityPolicy()) as users:
        users.add("olga", Role.OPERATOR, PASSWORDS["olga"], areas=["EMM", "CWP"])
        users.add("admin", Role.ADMIN, PASSWORDS["admin"])
        for _ in range(2):
            with suppress(AuthError):
                users.authenticate("olga", "wrong password")
    with AuditTrail.in_data_dir(folder, clock, workstation="ws-1") as audit:
        for i in range(25):
            clock.advance(1.5)
            intent = audit.append("write_intent", user="olga", tag="EMM.CELL1.SP", old=i,
                                  new=i + 1, unit="degC", reason="tuning")  # fmt: skip
            audit.append("write", user="olga", tag="EMM.CELL1.SP", old=i, new=i + 1, unit="degC",
                         result="confirmed", latency_ms=12.5, ref=intent.seq)  # fmt: skip
    with SqliteTrainingStore.in_data_dir(folder) as training:
        plan = [PlannedUpset("cell short", 60.0, 120.0)]
        first = training.create_session(name="Morning", trainer="tom", trainee="olga",
                                        project="demo", start=T0, time_factor=2.0,
                                        start_state="steady state", plan=plan)  # fmt: skip
        training.add_records(first.id, [
            SessionRecord(T0 + k, EventKind.ALARM, f"alarm {k}", "EMM.CELL1.T", "", 2, "EMM",
                          "EMM.CELL1.T.HI", "active") for k in range(30)
        ])  # fmt: skip
        training.finish_session(first.id, T0 + 900)
        second = training.create_session(name="", trainer="tom", trainee="ivan", project="demo",
                                         start=T0 + 1000, time_factor=1.0,
                                         start_state="snapshot frozen", plan=[])  # fmt: skip
        training.add_records(second.id, [SessionRecord(T0 + 1001, EventKind.WRITE, "SP 5",
                                                       "EMM.CELL1.SP", "ivan", old="4",
                                                       new="5", action="confirmed")])  # fmt: skip
        shot = PlantSnapshot(time=123.0, step=0.5, active=("cell short",), models={"a": [1, 2]})
        training.save_snapshot("frozen", shot, user="tom", time=T0 + 950)
    with SqliteBookmarkStore(folder / BOOKMARKS_FILE, clock) as bookmarks:
        bookmarks.add(folder / HISTORY_FILE, T0 + 5, "pump trip", "olga")
        bookmarks.add(folder / HISTORY_FILE, T0 + 50, "back to normal", "olga")
    with ReportArchive.in_data_dir(folder) as archive:
        path = archive.path_for(T0, "Day")
        path.write_bytes(b"%PDF-1.4 a shift report\n%%EOF\n")
        archive.register(ReportInfo(path, "Shift report Day", "Day", T0, T0 + 3600,
                                    T0 + 3700, "quiet shift"))  # fmt: skip
        archive.add_note("cell 1 runs hot", "olga", T0 + 10)
        archive.add_note("pump 2 noisy", "ivan", T0 + 20)
    with SqliteForceStore.in_data_dir(folder) as forces:
        forces.put(Force("EMM.CELL1.T", 41.5, "erin", "sensor not wired", T0 + 30, T0 + 3600))
        forces.put(Force("SCO2.MODE", 2, "erin", "mode switch on test", T0 + 40, None,
                         "sim://signal/square?period=60"))  # fmt: skip
    with SqliteLoopCheckStore.in_data_dir(folder) as checks:
        for k, (point, seen) in enumerate((("0", 0.1), ("50", 49.8), ("100", 100.2))):
            checks.add(LoopRecord("EMM.CELL1.T", point, float(point), seen, 1.0, True, "",
                                  "erin", T0 + 60 + k, "ws-2"))  # fmt: skip
        checks.add(LoopRecord("CWP.PUMP.RUN", "fail", None, None, None, False,
                              "no feedback at the MCC", "erin", T0 + 70, "ws-2"))  # fmt: skip


def assert_copied(folder: Path, db: PgDatabase) -> None:
    """Everything of the data folder is in the store, equal."""
    clock = ManualClock(T0 + 10_000)
    with (
        SqliteHistoryStore(folder / HISTORY_FILE, readonly=True) as src,
        PgHistoryStore(db, readonly=True) as dst,
    ):
        assert dst.tag_names() == src.tag_names()
        span = src.span()
        assert span is not None and dst.span() == span
        for tag in src.tag_names():
            assert dst.raw(tag, span[0], span[1] + 1) == src.raw(tag, span[0], span[1] + 1)
        assert dst.metadata()["project"] == "demo"
    with AlarmJournal(folder / "alarms.db", readonly=True) as journal, PgAlarmJournal(db) as pj:
        assert pj.query(newest_first=False) == journal.query(newest_first=False)
        assert pj.load_states() == journal.load_states()
    source = AuditFile.open_read_only(folder / "audit.db")
    assert source is not None
    with closing(source):
        trail = PgAuditTrail.in_data_dir(db, folder, clock, readonly=True)
        assert list(trail.records()) == list(source.records())
        assert trail.verify().ok, trail.verify().message
    with (
        UserStore(folder / "users.db", clock, SecurityPolicy()) as users,
        PgUserStore(db, clock, SecurityPolicy()) as pg_users,
    ):
        assert pg_users.accounts() == users.accounts()
        assert [u.failed_logins for u in pg_users.list()] == [0, 2]
    with SqliteTrainingStore.in_data_dir(folder) as training, PgTrainingStore(db) as pg_training:
        assert pg_training.sessions() == training.sessions()
        for info in training.sessions():
            assert pg_training.records(info.id) == training.records(info.id)
        assert pg_training.snapshots() == [replace(s, id=p.id) for s, p in
                                           zip(training.snapshots(), pg_training.snapshots(),
                                               strict=True)]  # fmt: skip
        assert pg_training.load_snapshot("frozen") == training.load_snapshot("frozen")
    with SqliteBookmarkStore(folder / BOOKMARKS_FILE) as bookmarks, PgBookmarkStore(db) as pgb:
        assert pgb.all() == bookmarks.all()
    archive = ReportArchive.in_data_dir(folder)
    index = PgReportIndex(db)
    assert [r.path.name for r in index.reports()] == [r.path.name for r in archive.reports()]
    for info in archive.reports():
        assert index.pdf(info.path.name) == info.path.read_bytes()
    assert index.notes(0, T0 * 2) == archive.notes(0, T0 * 2)
    with SqliteForceStore.in_data_dir(folder) as forces, PgForceStore(db) as pg_forces:
        assert pg_forces.all() == forces.all()
    with SqliteLoopCheckStore.in_data_dir(folder) as checks, PgLoopCheckStore(db) as pg_checks:
        assert pg_checks.records() == checks.records()
