"""A running project: tag database, one driver per scheme in use, users and the audit trail.

The console and the command-line tools (read, write) both run a project through this, so
there is one way values come in and one way writes go out. Its stores (history, alarm journal,
audit trail, users, training, bookmarks, reports) come from ``Stores``: the data folder's
SQLite files, or the shared PostgreSQL store the project's ``[store]`` (or ``store=``) names.
It owns them and the recording it replays, and closes them when it stops; ``mode`` says what
it shows.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tags.address import Scheme
from tags.alarms.engine import AlarmEngine
from tags.alarms.journal import AlarmJournal, JournalStore
from tags.alarms.pg_journal import PgAlarmJournal
from tags.clock import Clock, SystemClock
from tags.collection import collection_paused, settle, unsettle
from tags.config.project import Project
from tags.database import TagDatabase
from tags.drivers.base import ConnectionStatus, Driver
from tags.drivers.registry import DRIVERS, DriverContext
from tags.forcing.sources import SimulatedSources
from tags.forcing.table import ForceTable
from tags.forcing.upkeep import keep_forces
from tags.history.historian import Historian
from tags.history.sqlite_store import SqliteHistoryStore
from tags.history.store import HistoryStore
from tags.i18n.catalogue import text
from tags.mode import Mode
from tags.model import TagDef, TagSample
from tags.paths import private_dir
from tags.replay.alarm_times import RecordedJournal
from tags.replay.driver import REPLAY_REFUSAL, ReplayClock, ReplayDriver
from tags.replay.recording import Recording
from tags.security.audit_store import AUDIT_ERRORS, AuditStore, audit_refusal
from tags.security.permissions import User
from tags.security.users import AuthError, AuthFailure, DemoAccounts, UserAccounts
from tags.shutdown import cancel_all
from tags.store.errors import STORE_ERRORS
from tags.store.postgres import StoreError
from tags.store.url import StoreUrl
from tags.stores import Stores
from tags.training.store import TrainingStore
from tags.write_path import WritePath

if TYPE_CHECKING:
    from tags.analytics.live import Analytics, ReportHistory
    from tags.simulation.embedded import EmbeddedFieldServer
    from tags.store.postgres import PgDatabase
    from tags.training.control import LocalTraining

log = logging.getLogger(__name__)
T = TypeVar("T")

NO_ADMIN = (
    "no administrator exists yet: writes stay refused until one is added "
    "(python main.py users add NAME --role admin)"
)

RUNS_THE_PLANT = "a console or server that runs the plant (its history, alarm journal, audit)"
READER_HINT = "this role serves a console of a server, --server URL, and replay"


class Runtime:
    """Everything a running console or tool needs, built from one validated Project."""

    server: None = None
    """A runtime is its own server (a console of a control room's has one: ConsoleRuntime)."""
    shared_history: None = None
    """A runtime reads the history it records (``historian``) or replays (``recording``)."""

    def __init__(
        self,
        project: Project,
        data_dir: Path,
        *,
        clock: Clock | None = None,
        plant: Any = None,
        speed: float = 1.0,
        replay: Path | None = None,
        replay_range: tuple[float | None, float | None] = (None, None),
        replay_label: str = "",
        history: bool = True,
        analytics: bool = False,
        private_field: bool = False,
        store: StoreUrl | None = None,
        alarm_states: bool = True,
    ) -> None:
        """``replay``: play this recording (a history file) instead of reading the field,
        ``replay_range`` of it (None: from its first / to its last sample), ``replay_label``:
        what it is when more than a file (e.g. a training session); ``history``:
        record into the data folder's history (not in replay); ``analytics``: run energy,
        predictive warnings, instrument health and shift reports (the console);
        ``private_field``: the embedded field simulator must be this runtime's own: if it
        cannot start, ``start`` raises instead of reading the project's addresses (where a
        ``python main.py sim`` may serve another plant); ``store``: where the stores are
        (default: the project's ``[store]``); ``alarm_states``: take up the saved alarm
        states now (a standby server takes them up at its takeover:
        ``alarms.restore_states()``)."""
        self.project = project
        self.data_dir = private_dir(data_dir)
        self.clock = clock or SystemClock()
        self.stores = Stores(store or project.store, self.data_dir, self.clock)
        """The stores of this runtime (the data folder's files or the shared store)."""
        if replay is None:  # the plant's history, alarm journal and audit trail are recorded
            try:
                self.stores.require_writable(RUNS_THE_PLANT, READER_HINT)
            except StoreError:
                self.stores.close()
                raise
        self.audit: AuditStore = self.stores.audit()
        self.users: UserAccounts = self.stores.users(project.security)
        self.demo_accounts = DemoAccounts(self.clock, project.security) if project.demo else None
        self.replay_range = replay_range
        self.replay_clock = ReplayClock(self.clock.now()) if replay is not None else None
        self.db = TagDatabase(
            project.tags,
            self.replay_clock or self.clock,
            stale_periods=project.writes.stale_periods,
        )
        self.recording: Recording | None = None
        """The recording played (None when not replaying)."""
        blocked = None if project.demo or self.users.has_admin() else NO_ADMIN
        if replay is not None:
            blocked = REPLAY_REFUSAL
            kpi = project.alarm_settings.kpi
            self.recording = Recording(
                replay, data_dir, self.db, kpi, label=replay_label, stores=self.stores
            )
        self.writes = WritePath(
            self.db,
            audit=self.audit,
            readback_timeout=project.writes.readback_timeout,
            blocked=blocked,
        )
        """The one way a value goes out to the field: checked, read back and audited."""
        self.forces: ForceTable | None = None
        """The forced values (None in replay: a recording shows what was recorded)."""
        if replay is None:
            sim = project.simulator
            sources = SimulatedSources(self.clock, seed=sim.seed, step=sim.step)
            self.forces = ForceTable(self.db, self.stores.forces(), self.audit, sources=sources)
        self.alarm_journal: JournalStore = (
            AlarmJournal(":memory:") if replay is not None else self.stores.journal()
        )
        with collection_paused():  # a state per alarm: many objects, none freed
            self.alarms = AlarmEngine.from_project(
                project,
                self.db.clock,
                journal=self.alarm_journal,
                keep_states=replay is None and alarm_states,
            )
        """Alarms evaluate live values (their states kept across restarts in the journal's
        store), or replayed ones (journal in memory, states neither loaded nor saved)."""
        self.historian: Historian | None = None
        if history and replay is None:
            self.historian = self.stores.historian(self.db, project.historian)
        self.replay: ReplayDriver | None = None
        self._replay_store: HistoryStore | None = None
        self._replay_journal: RecordedJournal | None = None
        self.drivers: list[Driver] = []
        self.field_server: EmbeddedFieldServer | None = None
        """The in-process field simulator of a project with ``[simulator] embedded = true``."""
        self._plant = plant
        self._speed = speed
        self._private_field = private_field
        self._tasks: list[asyncio.Task[None]] = []
        self.started = False
        self._settled = False
        """This runtime keeps its start-up objects out of the collector's view (settle)."""
        self.training_running = False
        """A training session runs on this runtime (the session sets it): mode TRAINING."""
        self._training_store: TrainingStore | None = None
        self._training: LocalTraining | None = None
        self.analytics: Analytics | None = None
        if analytics:  # imported here: the command-line tools never load it
            from tags.analytics.live import Analytics

            self.analytics = Analytics(
                self.db, project, data_dir, self._report_history(),
                archive=self.stores.report_archive(), audit=self._audit_source(),
            )  # fmt: skip

    @property
    def mode(self) -> Mode:
        """REPLAY (a recording plays), TRAINING (a session runs), SIMULATION (any simulated
        source) or LIVE."""
        if self.recording is not None:
            return Mode.REPLAY
        if self.training_running:
            return Mode.TRAINING
        simulated = any(t.address.scheme is Scheme.SIM for t in self.project.tags.values())
        simulated = simulated or self._plant is not None or self.field_server is not None
        return Mode.SIMULATION if simulated else Mode.LIVE

    @property
    def history_file(self) -> Path:
        """The history this console records (in its data folder; on the shared store no file
        is made, the name still stands for "this console's history" in a replay request)."""
        return self.stores.history_file

    def _journal_source(self) -> Path | JournalStore:
        """Where reports read this console's alarm journal: its file (opened read-only on the
        report's thread), or the shared store's journal (any thread may use it)."""
        if self.stores.is_postgresql and not isinstance(self.alarm_journal, AlarmJournal):
            return self.alarm_journal
        return self.stores.journal_source()

    def _audit_source(self) -> Path | AuditStore:
        """Where reports read the audit trail: the file, or the shared store's trail."""
        return self.audit if self.stores.is_postgresql else self.stores.audit_source()

    def _report_history(self) -> ReportHistory | None:
        """Reports read the history recorded here, or in replay the recording."""
        from tags.analytics.live import ReportHistory

        if self.historian is not None:
            return ReportHistory(self.historian, self._journal_source())
        if self.recording is not None:
            path = self.recording.path
            if self.recording.own_history and self.stores.is_postgresql:
                journal = self._own_journal()
                source = self.recording.name
                return ReportHistory(self.recording.history, journal, source, recorded_here=False)
            return ReportHistory(self.recording.history, path, str(path), recorded_here=False)
        return None

    def _own_journal(self) -> JournalStore:
        """The shared store's alarm journal, read only (the own history's, in a replay)."""
        return PgAlarmJournal(self._shared_db(), apply=False)

    def _shared_db(self) -> PgDatabase:
        db = self.stores.db
        assert db is not None
        return db

    @property
    def training_store(self) -> TrainingStore:
        """The training sessions and snapshots (opened on first use, on the event loop's
        thread; closed at ``stop``)."""
        if self._training_store is None:
            self._training_store = self.stores.training()
        return self._training_store

    @property
    def training(self) -> LocalTraining:
        """Training on this runtime's embedded field simulator (what the trainer panel uses)."""
        from tags.training.control import LocalTraining

        if self._training is None:
            self._training = LocalTraining(self)
        return self._training

    async def read_training(self, read: Callable[[TrainingStore], T]) -> T:
        """``read(store)`` off the event loop, on a worker thread: with a store of its own
        on SQLite (a connection belongs to the thread that opened it), with the shared
        store's on PostgreSQL (one pool serves every thread)."""

        def run() -> T:
            if not self.stores.training_per_thread:
                return read(self.training_store)
            with self.stores.training() as store:
                return read(store)

        if not self.stores.training_per_thread:
            self.training_store  # noqa: B018 - opened here, on the event loop's thread
        return await asyncio.to_thread(run)

    def _build_replay(self, path: Path) -> ReplayDriver:
        """Play a recording (or this console's own history); alarm jumps use the alarm journal
        kept with it (else the limit crossings of the recorded values)."""
        assert self.replay_clock is not None
        own_history = self.recording is not None and self.recording.own_history
        if own_history and self.stores.is_postgresql:  # the shared store's history
            self._replay_store = self.stores.history(readonly=True)
            self._replay_journal = RecordedJournal(self._own_journal())
        else:
            self._replay_store = SqliteHistoryStore(path, readonly=True)
            self._replay_journal = RecordedJournal.open(path)
            own = self.data_dir / "alarms.db"
            if self._replay_journal is None and own_history:
                self._replay_journal = RecordedJournal.open(own) if own.exists() else None
        self.replay = ReplayDriver(
            self._replay_store,
            list(self.project.tags.values()),
            self.db.publish,
            self.replay_clock,
            pace=self.clock,
            heartbeat=self.db.heartbeat,
            alarms=self._replay_journal,
            restore=self._restore_replayed,
            start=self.replay_range[0],
            end=self.replay_range[1],
            source=str(self.stores.url) if own_history and self.stores.is_postgresql else str(path),
        )
        return self.replay

    def _restore_replayed(self, batch: dict[str, TagSample], t: float) -> None:
        """A replay seek: the values at ``t``, and the alarms as they stood then (their
        times and acknowledgements from the recorded journal), not annunciated anew."""
        journal = self._replay_journal
        standing = journal.standing_at(t) if journal is not None else {}
        self.alarms.restore(batch, standing, t)
        self.db.publish(batch)  # the same values again: the alarms stay as restored

    def _build_drivers(self) -> list[Driver]:
        """The replay driver, or one driver per scheme in use (from the driver table), each
        attached to the write path for the writes to its tags."""
        if self.recording is not None:
            return [self._build_replay(self.recording.path)]
        by_scheme: dict[Scheme, list[TagDef]] = {}
        for tag in self.project.tags.values():
            by_scheme.setdefault(tag.address.scheme, []).append(tag)
        context = DriverContext(
            self.project.connections,
            self.db.publish,
            self.db.heartbeat,
            self.clock,
            self.data_dir,
            plant=self._plant,
            speed=self._speed,
        )
        drivers: list[Driver] = []
        for scheme, tags in sorted(by_scheme.items(), key=lambda item: item[0].value):
            driver = DRIVERS[scheme](context, tags)
            self.writes.attach_driver(scheme, driver)
            drivers.append(driver)
        return drivers

    async def start(self) -> None:
        """Start every driver and the stale watch; returns without waiting for data."""
        if self.historian is not None and self.stores.writable:
            await self.historian.start()  # subscribed before the first batch arrives
        embedded = self.project.simulator.embedded and self.field_server is None
        if embedded and self.mode is not Mode.REPLAY:
            await self._start_field_server()
        self.alarms.attach(self.db)
        self._tasks.append(asyncio.create_task(self._tick_alarms(), name="alarm-tick"))
        if self.forces is not None:
            self.forces.sync()  # before the first field sample: a forced value never flickers
            self._tasks.append(asyncio.create_task(keep_forces(self.forces), name="force-tick"))
        with collection_paused():
            self.drivers = self._build_drivers()
        for driver in self.drivers:
            await driver.start()
        self._tasks.append(asyncio.create_task(self.db.watch_stale(), name="stale-watch"))
        if self.analytics is not None:
            self.analytics.start()
        self.started = True
        if not self._settled:
            self._settled = True
            settle()

    async def _tick_alarms(self, interval: float = 0.5) -> None:
        """Delays, shelve expiry and re-alarm need time to pass even when values don't change."""
        while True:
            await asyncio.sleep(interval)
            self.alarms.tick()

    async def stop(self) -> None:
        """Stop drivers and tasks, close files. Safe to call twice."""
        if self._settled:
            self._settled = False
            unsettle()
        if self.analytics is not None:
            await self.analytics.stop()
        await cancel_all(self._tasks)
        self._tasks.clear()
        for driver in self.drivers:
            try:
                await driver.stop()
            except Exception:
                log.exception("driver %s failed to stop cleanly", type(driver).__name__)
        self.drivers = []
        if self.field_server is not None:
            await self.field_server.stop()
            self.field_server = None
        if self.historian is not None:
            await self.historian.stop()
        if self._replay_store is not None:
            self._replay_store.close()
            self._replay_store = None
        if self._replay_journal is not None:
            self._replay_journal.close()
            self._replay_journal = None
        if self.recording is not None:
            await self.recording.close()
        if self._training_store is not None:
            self._training_store.close()
            self._training_store = None
        if self.started:
            self.started = False
        self.alarms.detach()
        self.alarm_journal.close()
        if self.forces is not None:
            self.forces.store.close()
        self.audit.close()
        self.users.close()
        if self.analytics is not None:
            self.analytics.archive.close()
        self.stores.close()

    async def _start_field_server(self) -> None:
        """Serve the plant on free loopback ports and point the served connections there.

        If it cannot start, the console still opens: the connections keep the project's
        addresses (a ``python main.py sim`` may serve them) and say why they are down.
        """
        from tags.simulation.embedded import EmbeddedFieldServer

        server = EmbeddedFieldServer(self.project.simulator)
        try:
            await server.start()
        except Exception:
            if self._private_field:
                raise
            log.exception("the embedded field simulator did not start")
            return
        self.field_server = server
        self.project = server.served_connections(self.project)
        for endpoint in server.endpoints:
            log.info("field simulator: %s at %s", endpoint.connection, endpoint.url)

    def connection_status(self) -> list[ConnectionStatus]:
        status: list[ConnectionStatus] = []
        for driver in self.drivers:
            status.extend(driver.status())
        return status

    def authenticate(self, name: str, password: str, workstation: str = "") -> User:
        """Log a user in (demo accounts first on the demo project); audited either way. A
        log-in the audit trail cannot record is refused (AuthError, kind UNAVAILABLE, "the
        audit trail cannot be written: ..."), as is one the user accounts cannot check."""
        try:
            if self.demo_accounts is not None and name in {
                u.name for u in self.demo_accounts.users
            }:
                user = self.demo_accounts.authenticate(name, password)
            else:
                user = self.users.authenticate(name, password)
        except AuthError as exc:
            try:
                self.audit.append(
                    "login_failed",
                    user=name,
                    workstation=workstation,
                    result=str(exc),
                    detail=exc.kind.value,
                )
            except AUDIT_ERRORS:
                log.exception("the failed log-in of %s could not be recorded", name)
            raise
        except STORE_ERRORS as exc:
            raise AuthError(
                text("login.accounts_unreadable", why=exc), kind=AuthFailure.UNAVAILABLE, name=name
            ) from exc
        try:
            self.audit.append(
                "login",
                user=user,
                workstation=workstation,
                result="ok",
                detail=f"role {user.role.value}",
            )
        except AUDIT_ERRORS as exc:
            raise AuthError(audit_refusal(exc), kind=AuthFailure.UNAVAILABLE, name=name) from exc
        return user

    def logout(self, user: User, workstation: str = "") -> None:
        """Audited; the user is logged out even when the trail cannot record it (that is
        logged: a session never outlives its user's wish for want of a record)."""
        try:
            self.audit.append("logout", user=user, workstation=workstation, result="ok")
        except AUDIT_ERRORS:
            log.exception("the log-out of %s could not be recorded", user.name)

    def connection_names(self) -> Sequence[str]:
        return [s.name for s in self.connection_status()]
