"""ForceSource: the forced values a console shows and acts on, wherever they are kept.

A standalone console keeps them itself (``LocalForces`` over its ``ForceTable``); a console
of a control room shows its server's, as the server publishes them, and asks the server to
force or release (``tags.control_room.console.remote_forces.RemoteForces``). Both refuse with
``ForceRefused`` in the engine's words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from tags.forcing.force import Force
from tags.forcing.table import ForceTable
from tags.model import TagSample, Value
from tags.security.permissions import User
from tags.subscription import Subscription


class ForceSource(Protocol):
    """The forces in effect, and the way to change them."""

    def forces(self) -> list[Force]:
        """The forces in effect, by tag name."""
        ...

    def get(self, name: str) -> Force | None: ...

    def held(self, name: str) -> TagSample | None:
        """The field's last sample of a forced tag, held aside (None: not known)."""
        ...

    def subscribe(self, listener: Callable[[list[Force]], None]) -> Subscription:
        """``listener(forces)`` after each change."""
        ...

    async def force(
        self,
        name: str,
        value: Value,
        *,
        user: User | None,
        reason: str,
        minutes: float | None = None,
        workstation: str = "",
    ) -> Force:
        """Force ``name`` (``user``: who asks here; a server acts as the console's session's
        user); ForceRefused says why not."""
        ...

    async def simulate(
        self,
        name: str,
        source: str,
        *,
        user: User | None,
        reason: str,
        minutes: float | None = None,
        workstation: str = "",
    ) -> Force:
        """Put ``name`` on a simulated ``source`` (a sim:// address or ``model``)."""
        ...

    async def release(
        self, name: str, *, user: User | None, reason: str, workstation: str = ""
    ) -> Force: ...


class LocalForces:
    """The ForceSource of a console that runs the engine itself."""

    def __init__(self, table: ForceTable) -> None:
        self.table = table

    def forces(self) -> list[Force]:
        return self.table.forces()

    def get(self, name: str) -> Force | None:
        return self.table.get(name)

    def held(self, name: str) -> TagSample | None:
        return self.table.db.held(name)

    def subscribe(self, listener: Callable[[list[Force]], None]) -> Subscription:
        return self.table.subscribe(listener)

    async def force(
        self,
        name: str,
        value: Value,
        *,
        user: User | None,
        reason: str,
        minutes: float | None = None,
        workstation: str = "",
    ) -> Force:
        return self.table.force(name, value, user=user, reason=reason, minutes=minutes,
                                workstation=workstation)  # fmt: skip

    async def simulate(
        self,
        name: str,
        source: str,
        *,
        user: User | None,
        reason: str,
        minutes: float | None = None,
        workstation: str = "",
    ) -> Force:
        return self.table.simulate(name, source, user=user, reason=reason, minutes=minutes,
                                   workstation=workstation)  # fmt: skip

    async def release(
        self, name: str, *, user: User | None, reason: str, workstation: str = ""
    ) -> Force:
        return self.table.release(name, user=user, reason=reason, workstation=workstation)
