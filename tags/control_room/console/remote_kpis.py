"""The alarm KPIs of a console of a server: the server's, as it publishes them (states
``kpis`` and ``area_kpis``, once a second while they change), so every console shows the
figures of the whole alarm system, not of the activations it happened to see.

``ServerKpis.for_areas`` answers what ``AlarmEngine.kpis`` is asked: all areas, or one area;
None (not published yet, or several areas at once) lets the console count for itself.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable

from tags.alarms.kpi import LiveKpis
from tags.control_room.console.remote_states import RemoteStates
from tags.control_room.messages import MessageError
from tags.control_room.state_messages import AREA_KPIS, KPIS, area_kpis_from_json, kpis_from_json
from tags.subscription import Subscription

log = logging.getLogger(__name__)


class ServerKpis:
    """The server's live alarm KPIs, of all areas and of each."""

    def __init__(self, states: RemoteStates) -> None:
        self._states = states
        self.all: LiveKpis | None = None
        self.by_area: dict[str, LiveKpis] = {}
        self.unreadable = 0
        self._feed: Subscription = states.subscribe(self._changed)
        self._changed(KPIS)
        self._changed(AREA_KPIS)

    def close(self) -> None:
        self._feed.close()

    def for_areas(self, areas: Iterable[str] | None = None) -> LiveKpis | None:
        """The server's figures of every area (``areas`` None) or of one; None when it has
        not published them."""
        if areas is None:
            return self.all
        chosen = set(areas)
        if len(chosen) != 1:
            return None
        return self.by_area.get(chosen.pop())

    def _changed(self, name: str) -> None:
        if name not in (KPIS, AREA_KPIS):
            return
        raw = self._states.get(name)
        try:
            if name == KPIS:
                self.all = None if raw is None else kpis_from_json(json.dumps(raw))
            else:
                self.by_area = {} if raw is None else area_kpis_from_json(json.dumps(raw))
        except MessageError as exc:
            self.unreadable += 1
            log.warning("the server's %s state is not readable: %s", name, exc)
