"""What the horn sounds through: a priority's tone on the audio device, or the system beep.

``open_sounder()`` picks once per process: the tones (hmi/alarms/tones.py) through
QtMultimedia's QSoundEffect when QtMultimedia loads (PySide6-Addons, which needs the
PulseAudio client library ``libpulse0``) and an audio output exists; otherwise the system beep
at the priority's cadence, said in one log line. A control-room PC without a sound card, and
the tests offscreen, take that second path without noise: Qt's own messages while looking for
a device go to the debug log. A tone the device then refuses to play also falls back to the
beep, with one log line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import platformdirs
from PySide6.QtCore import QObject, QTimer, QUrl, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from hmi.alarms.tones import PATTERNS, tone_files
from tags.model import Priority

log = logging.getLogger(__name__)

TONES_FOLDER = "alarm-tones"


class Sounder(Protocol):
    """Sounds one priority's alarm tone, repeating at that priority's cadence, until stopped."""

    def start(self, priority: Priority) -> None:
        """Sound ``priority`` now and repeat it (replaces any tone sounding)."""

    def stop(self) -> None: ...


def system_beep() -> None:
    QApplication.beep()


def cadence_ms(priority: Priority) -> int:
    return round(PATTERNS[priority].repeat_s * 1000)


class BeepSounder(QObject):
    """The system beep, repeated at the priority's cadence (more urgent: more often)."""

    def __init__(
        self,
        sound: Callable[[], None] = system_beep,
        *,
        interval_ms: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._sound = sound
        self._interval_ms = interval_ms
        """One interval for every priority (tests), instead of each priority's cadence."""
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._sound_once)
        self.priority: Priority | None = None

    def start(self, priority: Priority) -> None:
        self.priority = priority
        self._sound()
        self._timer.start(self._interval_ms or cadence_ms(priority))

    def stop(self) -> None:
        self.priority = None
        self._timer.stop()

    def _sound_once(self) -> None:
        self._sound()


class ToneSounder(QObject):
    """Each priority's tone file through its own QSoundEffect, loaded up front so an alarm
    sounds at once; replayed at the priority's cadence."""

    def __init__(
        self,
        files: Mapping[Priority, Path],
        effect: Callable[[], Any] | None = None,
        *,
        fallback: Callable[[], None] = system_beep,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QSoundEffect  # only where QtMultimedia loaded

        make = effect or QSoundEffect
        self.effects: dict[Priority, Any] = {}
        for priority, path in files.items():
            sound = make()
            sound.setParent(self)
            sound.setSource(QUrl.fromLocalFile(str(path)))
            sound.setLoopCount(1)
            sound.statusChanged.connect(lambda p=priority: self._status_changed(p))
            self.effects[priority] = sound
        self._error = QSoundEffect.Status.Error
        self._fallback = fallback
        self._failed = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._play)
        self.priority: Priority | None = None

    @property
    def failed(self) -> bool:
        """Whether a tone could not be played and the beep stands in."""
        return self._failed

    def start(self, priority: Priority) -> None:
        self.stop()
        self.priority = priority
        self._play()
        self._timer.start(cadence_ms(priority))

    def stop(self) -> None:
        self._timer.stop()
        if self.priority is not None:
            self.effects[self.priority].stop()
        self.priority = None

    def _play(self) -> None:
        if self.priority is None:
            return
        if self._failed:
            self._fallback()
        else:
            self.effects[self.priority].play()

    def _status_changed(self, priority: Priority) -> None:
        sound = self.effects[priority]
        if sound.status() != self._error or self._failed:
            return
        self._failed = True
        log.warning(
            "alarm tone %s cannot be played on this audio device: the horn uses the system beep",
            sound.source().toLocalFile(),
        )
        if self.priority is not None:
            self._fallback()  # this round's sound, as the tone would have been


@contextmanager
def qt_messages_to_debug_log() -> Iterator[None]:
    """Qt's messages meanwhile go to the debug log instead of stderr (Qt Multimedia reports
    every library and sound server it looks for)."""

    def handler(_mode: object, context: Any, message: str) -> None:
        log.debug("Qt %s: %s", context.category, message)

    previous = qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)


def audio_outputs() -> tuple[list[str] | None, str]:
    """The audio output devices' names (None: QtMultimedia cannot be loaded) and why not."""
    with qt_messages_to_debug_log():
        try:
            from PySide6.QtMultimedia import QMediaDevices
        except ImportError as exc:
            return None, str(exc)
        return [device.description() for device in QMediaDevices.audioOutputs()], ""


_CHOICE: list[dict[Priority, Path] | None] = []
"""This machine's answer (the tone files, or None for the beep), found once per process."""


def tones_folder() -> Path:
    return Path(platformdirs.user_cache_dir("operator-console")) / TONES_FOLDER


def open_sounder(folder: Path | None = None) -> Sounder:
    """The best sounder this machine has (looked for once per process, said once in the log)."""
    if not _CHOICE:
        _CHOICE.append(choose_tones(folder or tones_folder()))
    files = _CHOICE[0]
    return BeepSounder() if files is None else ToneSounder(files)


def choose_tones(folder: Path) -> dict[Priority, Path] | None:
    """The tone files to play (written to ``folder``), or None where the beep must do; one
    log line says which."""
    outputs, reason = audio_outputs()
    if outputs is None:
        log.info("alarm tones unavailable (QtMultimedia: %s): the horn uses the system beep",
                 reason)  # fmt: skip
        return None
    if not outputs:
        log.info("no audio output device: the horn uses the system beep")
        return None
    try:
        files = tone_files(folder)
    except OSError as exc:
        log.warning("alarm tones cannot be written to %s (%s): the horn uses the system beep",
                    folder, exc)  # fmt: skip
        return None
    log.info("alarm tones on %s", outputs[0])
    return files
