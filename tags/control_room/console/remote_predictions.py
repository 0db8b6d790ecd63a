"""The server's predictive warnings as a console holds them: the ``predictions`` state
(``state_messages.predictions_to_json``), read as the analytics' predictor is read (listeners,
the standing warnings, the warning of one tag), for the faceplate's warning line.

While the server is unreachable the last warnings stay (they are advice about a trend, and
the values beside them say Bad); a state the server no longer holds clears them.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from tags.analytics.prediction import PredictiveWarning
from tags.control_room.console.remote_states import RemoteStates
from tags.control_room.messages import MessageError
from tags.control_room.state_messages import PREDICTIONS, predictions_from_json
from tags.subscription import Listeners, Subscription

log = logging.getLogger(__name__)


class RemotePredictions:
    """The server's predictive warnings, kept current from its retained state."""

    def __init__(self, states: RemoteStates) -> None:
        self._states = states
        self._warnings: dict[str, PredictiveWarning] = {}
        self._listeners: Listeners[list[PredictiveWarning]] = Listeners(log, "predictions")
        self._feed = states.subscribe(self._changed)
        self._changed(PREDICTIONS)

    def subscribe(self, listener: Callable[[list[PredictiveWarning]], None]) -> Subscription:
        return self._listeners.subscribe(listener)

    def warnings(self) -> list[PredictiveWarning]:
        return sorted(self._warnings.values(), key=lambda w: (w.seconds, w.tag))

    def warning_for(self, tag: str) -> PredictiveWarning | None:
        return self._warnings.get(tag)

    def close(self) -> None:
        self._feed.close()

    def _changed(self, name: str) -> None:
        if name != PREDICTIONS:
            return
        raw = self._states.get(PREDICTIONS)
        try:
            found = [] if raw is None else predictions_from_json(json.dumps(raw))
        except MessageError as exc:
            log.warning("the server's predictions are not readable: %s", exc)
            return
        warnings = {w.tag: w for w in found}
        if warnings != self._warnings:
            self._warnings = warnings
            self._listeners.notify(self.warnings())
