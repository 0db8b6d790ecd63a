"""Every store of one console, server or command, on the store its project names.

``Stores(url, data_dir, clock)`` hands out the history (a factory and the historian), the
alarm journal with the alarm states kept across restarts, the audit trail, the users, the
training store, the replay bookmarks and the shift reports' archive: for ``sqlite`` (the
embedded default) the files of the data folder exactly as they have always been; for
``postgresql://...`` the shared store's tables, all on one ``PgDatabase`` (one pool) that
this object owns and closes. The data folder keeps what is the workstation's own in either
case: the audit key and anchor copy, the history spool and the alarm journal's spool, the
report PDFs, the console's settings.

A role that may only read the shared store (a member of ``hmi_reader`` only) gets the stores
in their read-only mode where they have one, and records no history (``writable``); so does
``readonly=True`` whatever the role (a console of a server: it never writes, never migrates,
keeps no spool file of a writer). A role that may not even read what the reader role reads
is refused at once, in words that name the role, the table and the grant.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from tags.alarms.journal import AlarmJournal, JournalStore
from tags.clock import Clock
from tags.forcing.store import ForceStore, SqliteForceStore
from tags.history.historian import HISTORY_FILE, Historian
from tags.history.spool import SPOOL_FILE, HistorySpool
from tags.history.store import HistoryStore
from tags.history.store_factory import StoreFactory, sqlite_factory
from tags.loopcheck.store import LoopCheckStore, SqliteLoopCheckStore
from tags.replay.bookmarks import BOOKMARKS_FILE, BookmarkStore, SqliteBookmarkStore
from tags.reports.archive import ReportArchive
from tags.security.audit import AuditTrail
from tags.security.audit_anchor import AUDIT_FILE
from tags.security.audit_store import AuditStore
from tags.security.permissions import SecurityPolicy
from tags.security.users import UserAccounts, UserStore
from tags.store.migrations import READER, WRITER
from tags.store.roles import RoleAccess, StoreAccessError, role_access
from tags.store.url import SQLITE, StoreUrl
from tags.training.store import SqliteTrainingStore, TrainingStore

if TYPE_CHECKING:
    from tags.config.project import HistorianSettings
    from tags.database import TagDatabase
    from tags.store.postgres import PgDatabase

log = logging.getLogger(__name__)


JOURNAL_FILE = "alarms.db"
USERS_FILE = "users.db"


class Stores:
    """The stores of one process on one store URL; ``close`` closes what it opened itself
    (the shared database; each store handed out is closed by whoever took it)."""

    def __init__(
        self, url: StoreUrl | None, data_dir: Path, clock: Clock, *, readonly: bool = False
    ) -> None:
        """``url``: the project's ``store`` (or the ``--store`` given); None: SQLite.
        ``readonly``: open the shared store to read only, whatever the role may do
        (StoreAccessError when the role may not even read it)."""
        self.url = url or SQLITE
        self.data_dir = data_dir
        self.clock = clock
        self.db: PgDatabase | None = None
        """The shared database (None on SQLite)."""
        self.access: RoleAccess | None = None
        """What the shared store's role may do (None on SQLite)."""
        self.writable = True
        """The stores are opened to write (False: the role may only read the shared store,
        or ``readonly`` was asked)."""
        if self.url.is_postgresql:
            from tags.store.postgres import PgDatabase

            self.db = PgDatabase(self.url)
            try:
                self.access = access = self.db.run(role_access)
                self.writable = not (readonly or access.reader_only)
                if access.unreadable:
                    either = f"{READER} (to read) or {WRITER} (to record)"
                    raise access.cannot_read(either if self.writable else READER)
            except BaseException:
                self.db.close()
                raise

    @property
    def is_postgresql(self) -> bool:
        return self.db is not None

    @property
    def where(self) -> str:
        """Where the stores are, for messages: the data folder or the server's URL."""
        return str(self.url) if self.db is not None else str(self.data_dir)

    def require_writable(self, what: str, hint: str = "") -> None:
        """StoreAccessError when the stores are read-only: ``what`` (e.g. "a console that
        runs the plant") needs to record into them; ``hint``: what the role is good for."""
        if self.writable:
            return
        if self.access is not None and self.access.reader_only:
            raise self.access.may_only_read(what, hint)
        raise StoreAccessError(f"{self.where} is open to read only, and {what} records into it")

    def close(self) -> None:
        """Close the shared database (after every store on it was closed). Safe twice."""
        if self.db is not None:
            self.db.close()

    def __enter__(self) -> Stores:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # the stores ----------------------------------------------------------------------------

    def audit(self, *, workstation: str | None = None) -> AuditStore:
        """The audit trail (its key and an anchor copy stay in the data folder)."""
        if self.db is None:
            return AuditTrail.in_data_dir(self.data_dir, self.clock, workstation=workstation)
        from tags.security.pg_audit import PgAuditTrail

        return PgAuditTrail.in_data_dir(self.db, self.data_dir, self.clock,
                                        workstation=workstation,
                                        readonly=not self.writable)  # fmt: skip

    def users(self, policy: SecurityPolicy | None = None) -> UserAccounts:
        """The user accounts and their lock-outs."""
        policy = policy or SecurityPolicy()
        if self.db is None:
            return UserStore(self.data_dir / USERS_FILE, self.clock, policy)
        from tags.security.pg_users import PgUserStore

        return PgUserStore(self.db, self.clock, policy, readonly=not self.writable)

    def journal(self) -> JournalStore:
        """The alarm journal and the alarm states that outlive a restart."""
        if self.db is None:
            return AlarmJournal(self.data_dir / JOURNAL_FILE)
        from tags.alarms.journal_spool import SPOOL_FILE as JOURNAL_SPOOL
        from tags.alarms.pg_journal import PgAlarmJournal

        return PgAlarmJournal(self.db, apply=self.writable, spool=self.data_dir / JOURNAL_SPOOL)

    def journal_for_reading(self) -> JournalStore | None:
        """The alarm journal opened to read only (None: SQLite, and no journal file yet)."""
        if self.db is None:
            return AlarmJournal.open_readonly(self.data_dir / JOURNAL_FILE)
        from tags.alarms.pg_journal import PgAlarmJournal

        return PgAlarmJournal(self.db, apply=False)

    def journal_source(self) -> Path | JournalStore:
        """What reports read the journal from: the file (opened on the report's thread) or
        the shared store's journal (any thread)."""
        if self.db is None:
            return self.data_dir / JOURNAL_FILE
        from tags.alarms.pg_journal import PgAlarmJournal

        return PgAlarmJournal(self.db, apply=self.writable)  # reads only: no spool of its own

    def audit_source(self) -> Path | AuditStore:
        """What reports and the replay timeline read the audit trail from: the file (opened
        read-only where it is read) or the shared store's trail."""
        if self.db is None:
            return self.data_dir / AUDIT_FILE
        return self.audit()

    @property
    def history_file(self) -> Path:
        """The data folder's history file (on PostgreSQL: what names the own history when it
        is replayed; no such file is made)."""
        return self.data_dir / HISTORY_FILE

    def history_factory(self) -> StoreFactory:
        """Opens the history, ``factory(readonly)``, on the thread that will use it."""
        if self.db is None:
            return sqlite_factory(self.history_file)
        from tags.history.store_factory import postgresql_factory

        factory = postgresql_factory(self.db)
        if self.writable:
            return factory
        return lambda _readonly: factory(True)  # a reader's history is never written

    def history(self, *, readonly: bool = True) -> HistoryStore:
        """One history store for this thread (read-only unless asked otherwise)."""
        return self.history_factory()(readonly or not self.writable)

    def historian(self, db: TagDatabase, settings: HistorianSettings | None = None) -> Historian:
        """The historian recording ``db`` (batches the store cannot take wait in a spool file
        in the data folder)."""
        if self.db is None:
            return Historian.sqlite(db, self.history_file, settings)
        spool = HistorySpool(self.data_dir / SPOOL_FILE) if self.writable else None
        return Historian(db, self.history_factory(), settings, spool=spool)

    def training(self) -> TrainingStore:
        """The training sessions and snapshots: on SQLite a connection for this thread; on
        PostgreSQL a store any thread may use."""
        if self.db is None:
            return SqliteTrainingStore.in_data_dir(self.data_dir)
        from tags.training.pg_store import PgTrainingStore

        return PgTrainingStore(self.db)

    @property
    def training_per_thread(self) -> bool:
        """A worker thread must open a training store of its own (SQLite's connections
        belong to their thread)."""
        return self.db is None

    def bookmarks(self) -> BookmarkStore:
        """The bookmarks of every recording."""
        if self.db is None:
            return SqliteBookmarkStore(self.data_dir / BOOKMARKS_FILE, self.clock)
        from tags.replay.pg_bookmarks import PgBookmarkStore

        return PgBookmarkStore(self.db, self.clock)

    def forces(self) -> ForceStore:
        """The forced values in effect (they outlive a restart)."""
        if self.db is None:
            return SqliteForceStore.in_data_dir(self.data_dir)
        from tags.forcing.pg_store import PgForceStore

        return PgForceStore(self.db)

    def loopchecks(self) -> LoopCheckStore:
        """The loop-check sheets' entries (only ever added)."""
        if self.db is None:
            return SqliteLoopCheckStore.in_data_dir(self.data_dir)
        from tags.loopcheck.pg_store import PgLoopCheckStore

        return PgLoopCheckStore(self.db)

    def report_archive(self) -> ReportArchive:
        """The shift reports: PDFs in the data folder's reports folder, indexed there or in
        the shared store (which keeps the PDFs too)."""
        if self.db is None:
            return ReportArchive.in_data_dir(self.data_dir)
        from tags.reports.pg_archive import PgReportIndex

        return ReportArchive.in_data_dir(self.data_dir, PgReportIndex(self.db))
