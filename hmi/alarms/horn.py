"""The audible alarm: sounds while new alarms wait for acknowledgement, repeating until the
operator silences it or acknowledges them.

Silence stops it for the alarms standing now; a new alarm (or a re-alarm) sounds it again.
The sound is injected: the default is ``QApplication.beep()`` (PySide6-Essentials has no
QtMultimedia), which is harmless where there is no sound device, offscreen included.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

REPEAT_MS = 2000


def system_beep() -> None:
    QApplication.beep()


class Horn(QObject):
    sounding_changed = Signal(bool)

    def __init__(
        self,
        sound: Callable[[], None] = system_beep,
        *,
        interval_ms: int = REPEAT_MS,
        enabled: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._sound = sound
        self._enabled = enabled
        self._waiting: frozenset[Hashable] = frozenset()
        self._heard: frozenset[Hashable] = frozenset()
        """Alarms standing when the horn was last silenced."""
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._sound_once)

    @property
    def enabled(self) -> bool:
        return self._enabled

    def set_enabled(self, enabled: bool) -> None:
        """The setting: a disabled horn never sounds (the banner still shows everything)."""
        self._enabled = enabled
        self._apply()

    @property
    def sounding(self) -> bool:
        return self._timer.isActive()

    @property
    def silenced(self) -> bool:
        return bool(self._waiting) and self._waiting <= self._heard

    def update(self, waiting: Iterable[Hashable]) -> None:
        """The unacknowledged alarms now (each key names one annunciation)."""
        self._waiting = frozenset(waiting)
        self._heard &= self._waiting
        self._apply()

    def silence(self) -> None:
        self._heard = self._waiting
        self._apply()

    def stop(self) -> None:
        """Stop for good (the console closes)."""
        self._waiting = frozenset()
        self._apply()

    def _apply(self) -> None:
        should = self._enabled and not self._waiting <= self._heard
        if should == self._timer.isActive():
            return
        if should:
            self._sound_once()
            self._timer.start()
        else:
            self._timer.stop()
        self.sounding_changed.emit(should)

    def _sound_once(self) -> None:
        self._sound()
