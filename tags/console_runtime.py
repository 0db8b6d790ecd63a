"""What a console's display reads of the engine it shows, whoever runs that engine.

A standalone console runs the whole engine itself (``tags.runtime.Runtime``: drivers,
alarms, historian, write path, audit). A console of a control room shows the server's
engine: values, alarm states and the other states arrive through the broker, and operator
actions go back as requests (``tags.control_room.console.client_runtime.ClientRuntime``).
The Qt layer reads both through ``ConsoleRuntime``; ``server`` says which one it has (None:
the console is its own server) and carries what only a console of a server does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from tags.alarms.engine import AckResult, AlarmEngine
    from tags.alarms.journal import JournalStore
    from tags.alarms.state import AlarmView
    from tags.analytics.energy import LiveEnergySnapshot
    from tags.analytics.instrument_health import InstrumentIssue
    from tags.analytics.prediction import PredictiveWarning
    from tags.analytics.shift_calendar import ShiftCalendar
    from tags.clock import Clock
    from tags.config.project import Project
    from tags.control_room.pair_messages import PairMember
    from tags.database import TagDatabase
    from tags.drivers.base import ConnectionStatus, Driver
    from tags.forcing.source import ForceSource
    from tags.history.historian import Historian
    from tags.mode import Mode
    from tags.model import Value
    from tags.replay.recording import Recording
    from tags.reports.archive import Note, ReportInfo
    from tags.security.audit_store import AuditStore
    from tags.security.permissions import User
    from tags.simulation.embedded import EmbeddedFieldServer
    from tags.stores import Stores
    from tags.subscription import Subscription
    from tags.training.control import TrainingControl
    from tags.write_path import WritePath, WriteResult


class ServerRefusal(Exception):
    """The server did not carry out a request (could not check it now, or refused it); the
    message is its words."""


class AlarmRequests(Protocol):
    """Alarm actions carried out by a server on the console's session (its user): each
    returns the server's answer or raises its refusal (PermissionDenied, AlarmRefused)."""

    async def acknowledge(self, name: str, *, comment: str = "") -> AlarmView: ...

    async def acknowledge_all(
        self,
        *,
        comment: str = "",
        names: Iterable[str] | None = None,
        areas: Iterable[str] | None = None,
    ) -> AckResult: ...

    async def shelve(self, name: str, *, reason: str, duration: float) -> AlarmView: ...

    async def unshelve(self, name: str, *, comment: str = "") -> AlarmView: ...

    async def reset(self, name: str, *, comment: str = "") -> AlarmView: ...

    async def set_out_of_service(self, name: str, *, reason: str) -> AlarmView: ...

    async def return_to_service(self, name: str, *, comment: str = "") -> AlarmView: ...


class ServerSession(AlarmRequests, Protocol):
    """Who is logged in at a console, as its server knows them."""

    @property
    def user(self) -> User | None: ...

    async def login(self, name: str, password: str) -> User:
        """The server checks the password: AuthError with its words when it refuses."""
        ...

    async def logout(self) -> None: ...

    async def write(self, tag: str, value: Value, *, reason: str = "") -> WriteResult: ...

    def subscribe(self, listener: Callable[[str], None]) -> Subscription:
        """``listener(reason)`` when the server ends the session (its idle lock)."""
        ...


class PredictionSource(Protocol):
    """Predictive warnings (advice, never alarms): the analytics' own predictor, or the
    server's as it publishes them."""

    def subscribe(self, listener: Callable[[list[PredictiveWarning]], None]) -> Subscription:
        """``listener(warnings)`` whenever the list or a warning changes."""
        ...

    def warnings(self) -> list[PredictiveWarning]:
        """Standing warnings, the soonest first."""
        ...

    def warning_for(self, tag: str) -> PredictiveWarning | None: ...


class EnergySource(Protocol):
    """Live energy figures: the analytics' own integration, or the server's as it publishes
    them."""

    def subscribe(self, listener: Callable[[LiveEnergySnapshot], None]) -> Subscription:
        """``listener(snapshot)`` at most once a second while the figures change."""
        ...

    def snapshot(self) -> LiveEnergySnapshot | None:
        """The figures now (None: not known yet, or the server runs no analytics)."""
        ...


class HealthSource(Protocol):
    """Instrument health: the analytics' own checks, or the server's."""

    @property
    def names(self) -> list[str]:
        """The measurements checked."""
        ...

    def subscribe(self, listener: Callable[[list[InstrumentIssue]], None]) -> Subscription:
        """``listener(issues)`` whenever the standing issues change."""
        ...

    def issues(self) -> list[InstrumentIssue]:
        """The standing issues, the worst first."""
        ...


class PlantAnalytics(Protocol):
    """What the energy and plant-health displays, the faceplate and the shift reports read
    of the plant analytics: ``tags.analytics.live.Analytics`` running here, or the server's
    (``tags.control_room.console.remote_analytics.RemoteAnalytics``). The actions raise
    ValueError for bad input and ServerRefusal in the server's words."""

    @property
    def clock(self) -> Clock: ...

    @property
    def calendar(self) -> ShiftCalendar: ...

    @property
    def energy(self) -> EnergySource: ...

    @property
    def predictor(self) -> PredictionSource: ...

    @property
    def health(self) -> HealthSource: ...

    @property
    def reports_where(self) -> str:
        """Where the shift reports are kept, for the display."""
        ...

    async def shift_reports(self) -> list[ReportInfo]:
        """The kept shift reports, newest first (read off the event loop)."""
        ...

    async def report_pdf(self, info: ReportInfo) -> Path:
        """A listed report's PDF as a file here (FileNotFoundError: gone, or not here and
        the message says where it is)."""
        ...

    async def report_now(self, notes: Sequence[str] = (), user: str = "") -> ReportInfo:
        """The report of this shift so far, with the notes (by ``user`` on a standalone
        console; by the session's user on a server)."""
        ...

    async def note(self, text: str, user: str = "") -> Note:
        """An operator's note for the report of this shift."""
        ...


class ServerConnection(Protocol):
    """A console's connection to the server it shows."""

    @property
    def predictions(self) -> PredictionSource:
        """The server's predictive warnings."""
        ...

    @property
    def session(self) -> ServerSession: ...

    @property
    def forces(self) -> ForceSource:
        """The server's forced values, and force/release asked of the server."""
        ...

    @property
    def reachable(self) -> bool:
        """The server's values arrive (broker connected, the server's birth current)."""
        ...

    @property
    def unreachable_since(self) -> float | None:
        """When the server became unreachable (None while reachable)."""
        ...

    @property
    def why_unreachable(self) -> str:
        """What the link says (broker lost, server offline, waiting for the birth)."""
        ...

    @property
    def where(self) -> str:
        """The broker and this workstation, for tooltips."""
        ...

    def servers(self) -> list[PairMember]:
        """The servers of a redundant pair, the primary first (empty: one server)."""
        ...


class ConsoleRuntime(Protocol):
    """The engine a console window shows (a Runtime, or a client of a server)."""

    @property
    def project(self) -> Project: ...

    @property
    def clock(self) -> Clock: ...

    @property
    def data_dir(self) -> Path: ...

    @property
    def db(self) -> TagDatabase: ...

    @property
    def alarms(self) -> AlarmEngine: ...

    @property
    def alarm_journal(self) -> JournalStore: ...

    @property
    def mode(self) -> Mode: ...

    @property
    def writes(self) -> WritePath: ...

    @property
    def audit(self) -> AuditStore: ...

    @property
    def analytics(self) -> PlantAnalytics | None: ...

    @property
    def historian(self) -> Historian | None: ...

    @property
    def recording(self) -> Recording | None: ...

    @property
    def stores(self) -> Stores: ...

    @property
    def field_server(self) -> EmbeddedFieldServer | None: ...

    @property
    def training(self) -> TrainingControl:
        """Training sessions: on this runtime's own simulator, or the server's."""
        ...

    @property
    def drivers(self) -> Sequence[Driver]: ...

    @property
    def started(self) -> bool: ...

    @property
    def server(self) -> ServerConnection | None:
        """The server this console shows; None: the console runs the engine itself."""
        ...

    @property
    def shared_history(self) -> Historian | None:
        """History read from a shared store this console does not record into (a console
        of a server with the store's read-only role); None otherwise."""
        ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    def connection_status(self) -> list[ConnectionStatus]: ...
