"""The server's forced values as a console holds them: the ``forces`` state
(``force_messages``), read as a ForceTable is read (the forces, one tag's, the field's value
held aside, listeners), and force/release asked of the server on the console's session.

The server's force table checks and audits (with this console's user and workstation); its
refusal comes back as ``ForceRefused`` in its words. While the server is unreachable the last
list stays (the values beside it say Bad); a state the server no longer holds clears it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from tags.control_room.console.remote_session import NOT_LOGGED_IN, RemoteSession
from tags.control_room.console.remote_states import RemoteStates
from tags.control_room.force_messages import (
    FORCES,
    ForcedValue,
    force_from_json,
    forces_from_json,
)
from tags.control_room.messages import Action, MessageError, Refusal
from tags.forcing.force import Force
from tags.forcing.table import ForceRefused
from tags.model import Quality, TagSample, Value
from tags.security.permissions import User
from tags.subscription import Listeners, Subscription

log = logging.getLogger(__name__)


class RemoteForces:
    """The ForceSource of a console of a control room."""

    def __init__(self, states: RemoteStates, session: RemoteSession) -> None:
        self._states = states
        self._session = session
        self._forced: dict[str, ForcedValue] = {}
        self._listeners: Listeners[list[Force]] = Listeners(log, "forced values")
        self._feed = states.subscribe(self._changed)
        self._changed(FORCES)

    # reading ---------------------------------------------------------------------------------

    def forces(self) -> list[Force]:
        return [self._forced[name].force for name in sorted(self._forced)]

    def get(self, name: str) -> Force | None:
        found = self._forced.get(name)
        return None if found is None else found.force

    def held(self, name: str) -> TagSample | None:
        """The field's value the server holds aside (its quality as the server last saw
        it is not published: shown as a value)."""
        found = self._forced.get(name)
        if found is None or found.held is None:
            return None
        since = found.force.since
        return TagSample(found.held, Quality.GOOD, since, since)

    def subscribe(self, listener: Callable[[list[Force]], None]) -> Subscription:
        return self._listeners.subscribe(listener)

    def close(self) -> None:
        self._feed.close()

    # asking the server -----------------------------------------------------------------------

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
        """Ask the server to force ``name`` as this console's session's user."""
        return await self._ask(Action.FORCE, tag=name, value=value, reason=reason,
                               minutes=minutes)  # fmt: skip

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
        """Ask the server to put ``name`` on a simulated source as this session's user."""
        return await self._ask(Action.SIMULATE, tag=name, source=source, reason=reason,
                               minutes=minutes)  # fmt: skip

    async def release(
        self, name: str, *, user: User | None, reason: str, workstation: str = ""
    ) -> Force:
        return await self._ask(Action.RELEASE, tag=name, reason=reason)

    async def _ask(self, action: Action, **args: Any) -> Force:
        session = self._session
        if not session.token:
            raise ForceRefused(NOT_LOGGED_IN)
        answer = await session.requests.request(action, session=session.token, **args)
        if not answer.ok:
            if answer.kind is Refusal.SESSION:
                session.ended_by_server(answer.error)
            raise ForceRefused(answer.error)
        body = answer.result.get("force")
        try:
            if not isinstance(body, dict):
                raise MessageError("missing field 'force'")
            return force_from_json(body)
        except MessageError as exc:
            raise ForceRefused(f"the server's answer is not readable: {exc}") from None

    # fed by the link ---------------------------------------------------------------------------

    def _changed(self, name: str) -> None:
        if name != FORCES:
            return
        raw = self._states.get(FORCES)
        try:
            found = [] if raw is None else forces_from_json(json.dumps(raw))
        except MessageError as exc:
            log.warning("the server's forced values are not readable: %s", exc)
            return
        forced = {f.force.tag: f for f in found}
        if forced != self._forced:
            self._forced = forced
            self._listeners.notify(self.forces())
