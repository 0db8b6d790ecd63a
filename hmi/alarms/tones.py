"""The horn's tones: one sound per alarm priority, synthesized as small WAV files.

In the spirit of IEC 60601-1-8 and EEMUA 191: the more urgent, the higher, faster and longer
the pattern, and the sooner it repeats. Critical is the standard's high-priority burst
(3 + 2 pulses, twice); high is one such burst; medium three slower pulses; low a single soft
tone. Each pulse has a fundamental and four harmonics (a tone one can locate in a room) and
short ramps (no clicks). The files are written once into a cache folder; their names carry a
digest of the pattern, so a changed pattern makes new files and nothing stale is played.
Plain Python: no Qt here.
"""

from __future__ import annotations

import hashlib
import io
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tags.model import Priority

RATE = 22_050
"""Samples per second: plenty for a fundamental under 1 kHz and its harmonics."""
RAMP_S = 0.012
HARMONICS = (1.0, 0.5, 0.3, 0.2, 0.12)
"""Relative amplitudes of the fundamental and harmonics 2 to 5."""


@dataclass(frozen=True)
class TonePattern:
    """One priority's sound: pulses of one pitch at given onsets, repeated every ``repeat_s``
    while the horn sounds."""

    frequency_hz: float
    onsets_s: tuple[float, ...]
    pulse_s: float
    level: float
    """Peak level, 0 to 1 of full scale (the low priority is softer)."""
    repeat_s: float

    @property
    def length_s(self) -> float:
        return self.onsets_s[-1] + self.pulse_s


def _burst(start: float, spacing: float) -> tuple[float, ...]:
    """The high-priority rhythm x x x - - x x: five pulses ``spacing`` apart, a gap after three."""
    return tuple(start + spacing * n for n in (0, 1, 2, 4, 5))


PATTERNS: dict[Priority, TonePattern] = {
    Priority.CRITICAL: TonePattern(880.0, _burst(0.0, 0.15) + _burst(1.15, 0.15), 0.1, 0.9, 3.0),
    Priority.HIGH: TonePattern(740.0, _burst(0.0, 0.18), 0.12, 0.8, 5.0),
    Priority.MEDIUM: TonePattern(587.0, (0.0, 0.3, 0.6), 0.2, 0.6, 10.0),
    Priority.LOW: TonePattern(440.0, (0.0,), 0.35, 0.35, 20.0),
}


def samples(pattern: TonePattern) -> np.ndarray:
    """The pattern as signed 16-bit samples (one burst, no trailing silence)."""
    out = np.zeros(round(pattern.length_s * RATE))
    width = round(pattern.pulse_s * RATE)
    n = np.arange(width)
    ramp = max(1, round(RAMP_S * RATE))
    envelope = np.minimum(1.0, np.minimum(n / ramp, (width - 1 - n) / ramp))
    phase = 2 * np.pi * pattern.frequency_hz * n / RATE
    tone = sum(a * np.sin(k * phase) for k, a in enumerate(HARMONICS, start=1))
    pulse = pattern.level * 32_000 / sum(HARMONICS) * envelope * tone
    for onset in pattern.onsets_s:
        first = round(onset * RATE)
        stop = min(first + width, len(out))
        out[first:stop] += pulse[: stop - first]
    return np.clip(np.round(out), -32_768, 32_767).astype("<i2")


def wav_bytes(pattern: TonePattern) -> bytes:
    """A mono 16-bit PCM WAV file of the pattern."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(RATE)
        file.writeframes(samples(pattern).tobytes())
    return buffer.getvalue()


def file_name(priority: Priority, pattern: TonePattern) -> str:
    digest = hashlib.sha256(repr((RATE, HARMONICS, pattern)).encode()).hexdigest()[:10]
    return f"alarm-{priority.name.lower()}-{digest}.wav"


def tone_files(folder: Path) -> dict[Priority, Path]:
    """Each priority's WAV file in ``folder``, written there if missing (OSError if the folder
    cannot be written)."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[Priority, Path] = {}
    for priority, pattern in PATTERNS.items():
        path = folder / file_name(priority, pattern)
        if not path.is_file():
            partial = path.with_suffix(".part")
            partial.write_bytes(wav_bytes(pattern))
            partial.replace(path)  # a reader never sees half a file
        files[priority] = path
    return files
