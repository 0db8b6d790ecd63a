"""What training uses of the runtime it runs on (``tags.runtime.Runtime``), as protocols, so
the engine and the runtime that offers training (``Runtime.training``) do not import each
other."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from tags.alarms.engine import AlarmEngine
    from tags.alarms.journal import JournalStore
    from tags.clock import Clock
    from tags.config.project import Project
    from tags.history.historian import Historian
    from tags.security.audit_store import AuditStore
    from tags.security.users import DemoAccounts, UserAccounts
    from tags.simulation.embedded import EmbeddedFieldServer
    from tags.stores import Stores
    from tags.training.store import TrainingStore

T = TypeVar("T")


class TrainingHost(Protocol):
    """A runtime a training session runs on: its plant (the embedded field simulator), the
    alarms, journal and audit trail it records from, its history and its training store."""

    training_running: bool
    """A session runs (the session sets it): the runtime's mode is TRAINING."""

    @property
    def project(self) -> Project: ...

    @property
    def clock(self) -> Clock: ...

    @property
    def field_server(self) -> EmbeddedFieldServer | None: ...

    @property
    def training_store(self) -> TrainingStore: ...

    @property
    def historian(self) -> Historian | None: ...

    @property
    def alarms(self) -> AlarmEngine: ...

    @property
    def alarm_journal(self) -> JournalStore: ...

    @property
    def audit(self) -> AuditStore: ...


class TrainingConsole(TrainingHost, Protocol):
    """A runtime a console trains on itself: besides, who can be a trainee, its stores and
    its own history, and the training store read off the event loop."""

    @property
    def demo_accounts(self) -> DemoAccounts | None: ...

    @property
    def users(self) -> UserAccounts: ...

    @property
    def stores(self) -> Stores: ...

    @property
    def history_file(self) -> Path: ...

    async def read_training(self, read: Callable[[TrainingStore], T]) -> T: ...
