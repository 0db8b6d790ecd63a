"""The plant analytics of a console of a server: the server's energy figures, instrument health
and predictive warnings as it publishes them (states ``energy``, ``instrument_health``,
``predictions``), and its shift notes and reports (``RemoteReports``), behind the same
``PlantAnalytics`` the energy and plant-health displays read on a standalone console.

While the server is unreachable the last figures stay (the values beside them say Bad); a
state the server no longer holds clears them. A state that cannot be read is logged and the
last good one kept.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Generic, TypeVar

from tags.analytics.energy import LiveEnergySnapshot
from tags.analytics.instrument_health import InstrumentIssue, checked
from tags.analytics.shift_calendar import ShiftCalendar
from tags.clock import Clock
from tags.config.project import Project
from tags.control_room.console.remote_predictions import RemotePredictions
from tags.control_room.console.remote_reports import RemoteReports
from tags.control_room.console.remote_states import RemoteStates
from tags.control_room.messages import MessageError
from tags.control_room.state_messages import (
    ENERGY,
    INSTRUMENT_HEALTH,
    energy_from_json,
    health_from_json,
)
from tags.reports.archive import Note, ReportInfo
from tags.subscription import Listeners, Subscription

log = logging.getLogger(__name__)

T = TypeVar("T")


class StateMirror(Generic[T]):
    """One state of the server, decoded; listeners hear each new value."""

    def __init__(
        self,
        states: RemoteStates,
        name: str,
        decode: Callable[[str], T],
        empty: T,
    ) -> None:
        """``decode(json_text)`` raises MessageError; ``empty``: the value before the state
        arrives or after it is gone."""
        self.name = name
        self._states = states
        self._decode = decode
        self._empty = empty
        self.value: T = empty
        self.unreadable = 0
        self._listeners: Listeners[T] = Listeners(log, name)
        self._feed = states.subscribe(self._changed)
        self._changed(name)

    def subscribe(self, listener: Callable[[T], None]) -> Subscription:
        return self._listeners.subscribe(listener)

    def close(self) -> None:
        self._feed.close()

    def _changed(self, name: str) -> None:
        if name != self.name:
            return
        raw = self._states.get(name)
        try:
            value = self._empty if raw is None else self._decode(json.dumps(raw))
        except MessageError as exc:
            self.unreadable += 1
            log.warning("the server's %s state is not readable: %s", name, exc)
            return
        if value == self.value:
            return
        self.value = value
        self._listeners.notify(value)


class RemoteEnergy:
    """The server's live energy figures (``EnergySource``)."""

    def __init__(self, states: RemoteStates) -> None:
        self.mirror: StateMirror[LiveEnergySnapshot | None] = StateMirror(
            states, ENERGY, energy_from_json, None
        )
        self._listeners: Listeners[LiveEnergySnapshot] = Listeners(log, "energy")
        self._relay = self.mirror.subscribe(self._changed)

    def subscribe(self, listener: Callable[[LiveEnergySnapshot], None]) -> Subscription:
        """``listener(snapshot)`` for each snapshot the server publishes (at most 1 Hz)."""
        return self._listeners.subscribe(listener)

    def _changed(self, snapshot: LiveEnergySnapshot | None) -> None:
        if snapshot is not None:
            self._listeners.notify(snapshot)

    def snapshot(self) -> LiveEnergySnapshot | None:
        return self.mirror.value

    def close(self) -> None:
        self._relay.close()
        self.mirror.close()


class RemoteHealth:
    """The server's instrument health (``HealthSource``)."""

    def __init__(self, states: RemoteStates, project: Project) -> None:
        settings = project.analytics.health
        self._names = [n for n, t in project.tags.items() if checked(t, settings)]
        self.mirror: StateMirror[list[InstrumentIssue]] = StateMirror(
            states, INSTRUMENT_HEALTH, health_from_json, []
        )

    @property
    def names(self) -> list[str]:
        """The measurements the server checks (the project's, by its health settings)."""
        return list(self._names)

    def subscribe(self, listener: Callable[[list[InstrumentIssue]], None]) -> Subscription:
        return self.mirror.subscribe(listener)

    def issues(self) -> list[InstrumentIssue]:
        return list(self.mirror.value)

    def close(self) -> None:
        self.mirror.close()


class RemoteAnalytics:
    """The server's plant analytics as this console shows them (``PlantAnalytics``)."""

    def __init__(
        self,
        project: Project,
        clock: Clock,
        states: RemoteStates,
        predictions: RemotePredictions,
        reports: RemoteReports,
    ) -> None:
        self.clock = clock
        self.calendar = ShiftCalendar.from_settings(project.analytics)
        self.energy = RemoteEnergy(states)
        self.predictor = predictions
        self.health = RemoteHealth(states, project)
        self.reports = reports

    def close(self) -> None:
        """Stop following the states (the predictions belong to the server link's state)."""
        self.energy.close()
        self.health.close()
        self.reports.close()

    @property
    def reports_where(self) -> str:
        return self.reports.where

    async def shift_reports(self) -> list[ReportInfo]:
        return await self.reports.shift_reports()

    async def report_pdf(self, info: ReportInfo) -> Path:
        return await self.reports.report_pdf(info)

    async def report_now(self, notes: Sequence[str] = (), user: str = "") -> ReportInfo:
        return await self.reports.report_now(notes, user)

    async def note(self, text: str, user: str = "") -> Note:
        return await self.reports.note(text, user)
