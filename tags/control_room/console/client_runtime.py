"""The engine a Qt console shows when it is a console of a control room (``--server URL``):
a ConsoleRuntime whose values, alarm states, connection states and training state come from
the server through the broker (``ConsoleClient``), whose operator actions go back as
requests (``server.session``: log-in, alarm actions, writes, shift notes and reports;
``training``: the trainer panel's, carried out by the server's training engine on its
simulator), and which runs nothing of the plant itself: no driver, no alarm evaluation, no
historian, no analytics, no audit records. Its ``analytics`` are the server's
(``RemoteAnalytics``: the energy, instrument health and warnings it publishes, its shift
reports and notes).

Trend history comes from the shared store the project's ``[store]`` (or ``--store``) names,
read with the console's role (``shared_history``: read-only, never recorded into); without
one the trends show live values only. The alarm journal and audit trail shown are the shared
store's too (read-only), or empty without one.

The shared store is opened to read only whatever its role may do (``Stores(readonly=True)``):
no schema is migrated (a schema behind the program is an error that says so), no history,
journal or audit record is written, no spool file or audit key is made in the data folder.
The role is meant to be a member of ``hmi_reader``; one that may not read the store is
refused at once, naming the table and the grant.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path

from tags.address import Scheme
from tags.alarms.journal import AlarmJournal, JournalStore
from tags.clock import Clock, SystemClock
from tags.config.project import Project
from tags.console_runtime import ServerSession
from tags.control_room.console.console_client import ConsoleClient
from tags.control_room.console.remote_analytics import RemoteAnalytics
from tags.control_room.console.remote_forces import RemoteForces
from tags.control_room.console.remote_pair import pair_members
from tags.control_room.console.remote_predictions import RemotePredictions
from tags.control_room.console.remote_reports import RemoteReports
from tags.control_room.console.remote_states import RemoteStates
from tags.control_room.console.remote_training import RemoteTraining
from tags.control_room.console.remote_writes import RemoteWritePath
from tags.control_room.console.server_choice import ServerChoice
from tags.control_room.console.sparkplug_host import UNREACHABLE
from tags.control_room.messages import MessageError
from tags.control_room.pair_messages import PairMember
from tags.control_room.state_messages import TRAINING, training_from_json
from tags.drivers.base import ConnectionStatus, Driver
from tags.history.historian import Historian
from tags.mode import Mode
from tags.paths import private_dir
from tags.replay.recording import Recording
from tags.security.audit_store import AuditStore
from tags.store.url import StoreUrl
from tags.stores import Stores

log = logging.getLogger(__name__)


class ServerLinkState:
    """The console's view of its server: reachable or not, since when, and why not."""

    def __init__(self, client: ConsoleClient) -> None:
        self.client = client
        self.predictions = RemotePredictions(client.states)
        """The server's predictive warnings (the faceplate's warning line)."""
        self.forces = RemoteForces(client.states, client.session)
        """The server's forced values (the list, the header's count, the faceplate)."""
        self._down_since: float | None = client.clock.now()
        self._batches = client.db.subscribe(lambda _batch: self.check())
        """Every batch of the link (the values turning Bad too) updates the state at once."""

    def close(self) -> None:
        self._batches.close()
        self.predictions.close()
        self.forces.close()

    @property
    def session(self) -> ServerSession:
        return self.client.session

    @property
    def reachable(self) -> bool:
        self.check()
        return self._down_since is None

    @property
    def unreachable_since(self) -> float | None:
        self.check()
        return self._down_since

    @property
    def why_unreachable(self) -> str:
        detail = self.client.link.detail
        return detail.removeprefix(f"{UNREACHABLE}: ")

    @property
    def where(self) -> str:
        client = self.client
        return (
            f"server {client.topics.node} of group {client.topics.group} through "
            f"{client.broker}, as workstation {client.workstation}"
        )

    def servers(self) -> list[PairMember]:
        """The servers of a redundant pair as they publish themselves, the primary first."""
        return pair_members(self.client.states)

    def check(self) -> None:
        """Note when the server became unreachable (called on every batch and every look)."""
        up = self.client.server_reachable
        if up:
            self._down_since = None
        elif self._down_since is None:
            self._down_since = self.client.clock.now()


class ClientRuntime:
    """A ConsoleRuntime served by a control room's server (see the module's docstring)."""

    def __init__(
        self,
        project: Project,
        data_dir: Path,
        choice: ServerChoice,
        *,
        clock: Clock | None = None,
        store: StoreUrl | None = None,
        request_timeout: float | None = None,
    ) -> None:
        self.project = project
        self.data_dir = private_dir(data_dir)
        self.clock = clock or SystemClock()
        self.stores = Stores(store or project.store, self.data_dir, self.clock, readonly=True)
        """The shared store, read only with this console's role (SQLite: the data folder)."""
        try:
            self.audit: AuditStore = self.stores.audit()
            """The shared store's trail (the server's records), or this console's own file."""
            journal = self.stores.journal_for_reading() if self.stores.is_postgresql else None
        except BaseException:
            self.stores.close()
            raise
        self.alarm_journal: JournalStore = journal or AlarmJournal(":memory:")
        extra = {} if request_timeout is None else {"request_timeout": request_timeout}
        self.client = ConsoleClient(
            project, choice.broker, choice.station(), clock=self.clock,
            group=choice.group, node=choice.node, **extra,
        )  # fmt: skip
        self.db = self.client.db
        self.alarms = self.client.alarms
        self.alarms.kpi_journal = journal
        self.server = ServerLinkState(self.client)
        self.writes = RemoteWritePath(self.db, self.client.session)
        """Writes as requests to the server (checked there again, sent, read back, audited)."""
        self.shared_history: Historian | None = None
        if self.stores.is_postgresql:
            self.shared_history = Historian(
                self.db, self.stores.history_factory(), project.historian
            )
        self.training = RemoteTraining(self.client, self.stores, self.clock)
        """The trainer panel's requests to the server's training engine, and its session."""
        self.historian: Historian | None = None
        self.recording: Recording | None = None
        shared_reports = self.stores.report_archive if self.stores.is_postgresql else None
        self.analytics = RemoteAnalytics(
            project, self.clock, self.client.states, self.server.predictions,
            RemoteReports(self.client.session, self.data_dir, shared_reports),
        )  # fmt: skip
        """The server's analytics: its figures as published, notes and reports as requests."""
        self.field_server = None
        self.started = False

    @property
    def workstation(self) -> str:
        return self.client.workstation

    @property
    def states(self) -> RemoteStates:
        return self.client.states

    @property
    def drivers(self) -> Sequence[Driver]:
        return self.client.drivers

    @property
    def mode(self) -> Mode:
        """The server's mode as it publishes it (TRAINING while a session runs there); before
        it arrives, SIMULATION for a project of simulated sources, else LIVE."""
        raw = self.client.states.get(TRAINING)
        if raw is not None:
            try:
                return training_from_json(json.dumps(raw)).mode
            except (MessageError, ValueError):
                pass
        simulated = any(t.address.scheme is Scheme.SIM for t in self.project.tags.values())
        return Mode.SIMULATION if simulated else Mode.LIVE

    async def start(self) -> None:
        """Connect to the broker in the background (values come with the server's birth)."""
        await self.client.start()
        self.started = True

    async def stop(self) -> None:
        """Disconnect and close the stores. Safe to call twice."""
        await self.training.close()
        await self.client.stop()
        self.analytics.close()
        self.server.close()
        if self.shared_history is not None:
            await self.shared_history.stop()
            self.shared_history = None
        self.alarm_journal.close()
        self.audit.close()
        self.stores.close()
        self.started = False

    def connection_status(self) -> list[ConnectionStatus]:
        """The link to the server, then the server's field connections."""
        return self.client.connection_status()
