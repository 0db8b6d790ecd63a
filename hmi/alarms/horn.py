"""The audible alarm: sounds while new alarms wait for acknowledgement, repeating until the
operator silences it or acknowledges them, in the tone of the most urgent priority among them.

Silence stops it for the alarms standing now; a new alarm (or a re-alarm) sounds it again,
in the tone of the most urgent of the alarms not yet heard. The sound comes from a Sounder
(hmi/alarms/sounders.py): each priority's own tone on the audio device, or the system beep
where there is none.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from PySide6.QtCore import QObject, Signal

from hmi.alarms.sounders import Sounder, open_sounder
from tags.model import Priority


class Horn(QObject):
    sounding_changed = Signal(bool)

    def __init__(
        self,
        sounder: Sounder | None = None,
        *,
        enabled: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.sounder = sounder if sounder is not None else open_sounder()
        if isinstance(self.sounder, QObject):
            self.sounder.setParent(self)
        self._enabled = enabled
        self._waiting: dict[Hashable, Priority] = {}
        self._heard: frozenset[Hashable] = frozenset()
        """Alarms standing when the horn was last silenced."""
        self._priority: Priority | None = None

    @property
    def enabled(self) -> bool:
        return self._enabled

    def set_enabled(self, enabled: bool) -> None:
        """The setting: a disabled horn never sounds (the banner still shows everything)."""
        self._enabled = enabled
        self._apply()

    @property
    def sounding(self) -> bool:
        return self._priority is not None

    @property
    def priority(self) -> Priority | None:
        """The priority whose tone sounds (None: silent)."""
        return self._priority

    @property
    def silenced(self) -> bool:
        return bool(self._waiting) and self._waiting.keys() <= self._heard

    def update(self, waiting: Mapping[Hashable, Priority]) -> None:
        """The unacknowledged alarms now, each key one annunciation, with its priority."""
        self._waiting = dict(waiting)
        self._heard &= self._waiting.keys()
        self._apply()

    def silence(self) -> None:
        self._heard = frozenset(self._waiting)
        self._apply()

    def stop(self) -> None:
        """Stop for good (the console closes)."""
        self._waiting = {}
        self._apply()

    def _apply(self) -> None:
        unheard = [p for key, p in self._waiting.items() if key not in self._heard]
        wanted = min(unheard) if self._enabled and unheard else None  # 1 is the most urgent
        if wanted == self._priority:
            return
        was = self._priority is not None
        self._priority = wanted
        if wanted is None:
            self.sounder.stop()
        else:
            self.sounder.start(wanted)
        if was != (wanted is not None):
            self.sounding_changed.emit(wanted is not None)
