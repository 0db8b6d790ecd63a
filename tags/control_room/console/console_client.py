"""A console of a control room, headless: the engine a console client runs in place of a
Runtime (no drivers of its own, no local alarm evaluation, no writes to the field).

``ConsoleClient`` holds what the console reads, shaped like the Runtime it replaces:
``project``, ``clock``, ``db`` (a TagDatabase of the project's tags fed by the ServerLink,
its only driver), ``alarms`` (RemoteAlarms: the server's alarm states), ``states`` (the
server's retained states), ``connection_status()``, ``mode``; and what only a client has:
``session`` (RemoteSession: log-in and operator actions as requests to the server) and
``link``. The tests, the benchmark of many headless consoles and the Qt console use it.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Sequence

from tags.clock import Clock, SystemClock
from tags.config.project import Project
from tags.control_room.broker import BrokerUrl
from tags.control_room.console.client_requests import DEFAULT_TIMEOUT, ServerRequests
from tags.control_room.console.link import ServerLink
from tags.control_room.console.remote_alarms import RemoteAlarms
from tags.control_room.console.remote_kpis import ServerKpis
from tags.control_room.console.remote_session import RemoteSession
from tags.control_room.console.remote_states import RemoteStates
from tags.control_room.topics import Topics
from tags.database import TagDatabase
from tags.drivers.base import ConnectionStatus, Driver
from tags.mode import Mode

log = logging.getLogger(__name__)


class ConsoleClient:
    """One console workstation of a control room, served by the server through the broker."""

    def __init__(
        self,
        project: Project,
        broker: BrokerUrl,
        workstation: str | None = None,
        *,
        clock: Clock | None = None,
        group: str | None = None,
        node: str = "server",
        request_timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        """``workstation``: this console's name on the server (its request and response
        topics, the audit trail; default the host name); ``group``: the control room's
        Sparkplug group (default the project's name); ``node``: the server's node id."""
        self.project = project
        self.broker = broker
        self.workstation = workstation or socket.gethostname()
        self.clock = clock or SystemClock()
        self.topics = Topics(group or project.name, node)
        self.db = TagDatabase(project.tags, self.clock, stale_periods=project.writes.stale_periods)
        self.alarms = RemoteAlarms(project.tags, self.clock, settings=project.alarm_settings)
        """The server's alarm states, read as the engine's (lists, counts, listeners)."""
        self.link = ServerLink(
            project.tags.values(),
            self.db.publish,
            self.clock,
            broker=broker,
            topics=self.topics,
            workstation=self.workstation,
            heartbeat=self.db.heartbeat,
            alarms=self.alarms,
            request_timeout=request_timeout,
        )
        self.drivers: list[Driver] = [self.link]
        self.kpis = ServerKpis(self.link.states)
        """The server's alarm KPIs: what ``alarms.kpis()`` answers once they arrive."""
        self.alarms.server_kpis = self.kpis.for_areas
        self.session = RemoteSession(self.link.requests, self.workstation)
        """Who is logged in at this console; operator actions go through it."""
        self.started = False

    @property
    def states(self) -> RemoteStates:
        """The server's retained states (connections, kpis, analytics, training, ...)."""
        return self.link.states

    @property
    def requests(self) -> ServerRequests:
        return self.link.requests

    @property
    def mode(self) -> Mode:
        """LIVE: a client shows the server's plant (the server's own mode is its state)."""
        return Mode.LIVE

    @property
    def server_reachable(self) -> bool:
        """The server's values arrive (connected, its birth current)."""
        return self.link.host.born and self.link.connected

    async def start(self) -> None:
        """Connect in the background; returns at once (the state arrives with the births)."""
        if self.started:
            return
        await self.link.start()
        self.started = True
        log.info("console %s: server link to %s started", self.workstation, self.broker)

    async def stop(self) -> None:
        """Disconnect; safe to call twice."""
        if not self.started:
            return
        self.started = False
        await self.link.stop()

    def connection_status(self) -> list[ConnectionStatus]:
        """The link to the server, then the server's own field connections."""
        status: list[ConnectionStatus] = []
        for driver in self.drivers:
            status.extend(driver.status())
        return status

    def connection_names(self) -> Sequence[str]:
        return [s.name for s in self.connection_status()]
