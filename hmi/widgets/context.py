"""DisplayContext: the one thing the canvas and every widget on it are given.

Values come through the bridge (whose database holds the engine's clock), alarm state
through an AlarmStatus, navigation through the shell's openers, and a sparkline's past
through a history source. On a screen ``hmi.shell.screen.ScreenContext`` provides it;
widgets outside a screen (a faceplate's readouts, a grid of readouts) take a
``StandaloneContext`` with only what their host has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from hmi.alarms.status import AlarmStatus
from hmi.bridge import TagBridge
from hmi.trends.history import TrendSource

Opener = Callable[[str], object]
"""Opens what a name points at: a tag's faceplate, a display by its key."""


class DisplayContext(Protocol):
    """What a display and its widgets use; a None part is one their host does not offer."""

    @property
    def bridge(self) -> TagBridge: ...

    @property
    def alarms(self) -> AlarmStatus | None:
        """None: no alarm state shown (no marker, no frame)."""
        ...

    @property
    def open_faceplate(self) -> Opener | None:
        """None: a click opens no faceplate (widgets inside a faceplate)."""
        ...

    @property
    def open_screen(self) -> Opener | None: ...

    @property
    def history(self) -> TrendSource | None:
        """Where sparklines find what happened before the display opened."""
        ...


@dataclass(frozen=True)
class StandaloneContext:
    """A DisplayContext for widgets outside a screen: values, and alarms if the host has them."""

    bridge: TagBridge
    alarms: AlarmStatus | None = None
    open_faceplate: Opener | None = None
    open_screen: Opener | None = None
    history: TrendSource | None = None
