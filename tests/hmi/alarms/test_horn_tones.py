"""The horn's tones: one per priority (urgent is higher, faster, sooner), asked of a real
QSoundEffect by the alarms on the banner, silenced by Silence and acknowledgement, and a
console with no audio device that falls back to the beep in one log line and no Qt noise."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
import textwrap
import wave
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest
from PySide6.QtCore import QUrl
from PySide6.QtMultimedia import QSoundEffect
from pytestqt.qtbot import QtBot

from hmi.alarms.banner import AlarmBanner
from hmi.alarms.horn import Horn
from hmi.alarms.sounders import ToneSounder, cadence_ms
from hmi.alarms.tones import PATTERNS, RATE, tone_files, wav_bytes
from tags.alarms.journal import AlarmJournal
from tags.model import Priority
from tests.hmi.alarms.alarm_plant import DENS, OPERATOR, SPEED, SUMP, make_plant, upset
from tests.paths import ROOT
from tests.waiting import GENEROUS, GENEROUS_MS

URGENT_FIRST = sorted(Priority)  # CRITICAL (1) ... LOW (4)


class RecordingEffect(QSoundEffect):
    """A real QSoundEffect that also notes what it was asked to do."""

    asked: ClassVar[list[tuple[str, str]]] = []

    def play(self) -> None:
        RecordingEffect.asked.append(("play", Path(self.source().toLocalFile()).name))
        super().play()

    def stop(self) -> None:
        RecordingEffect.asked.append(("stop", Path(self.source().toLocalFile()).name))
        super().stop()


@pytest.fixture
def asked() -> list[tuple[str, str]]:
    RecordingEffect.asked = []
    return RecordingEffect.asked


def pulses(samples: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) sample indices of the sounding stretches."""
    loud = np.abs(samples.astype(float)) > 200
    edges = np.flatnonzero(np.diff(np.concatenate(([0], loud.astype(int), [0]))))
    runs = list(zip(edges[::2], edges[1::2], strict=True))
    merged: list[tuple[int, int]] = []
    for start, end in runs:  # zero crossings inside a pulse are not gaps
        if merged and start - merged[-1][1] < RATE // 200:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def pitch(samples: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(samples.astype(float)))
    return float(np.fft.rfftfreq(len(samples), 1 / RATE)[int(np.argmax(spectrum))])


def test_each_priority_has_its_own_tone_the_urgent_higher_faster_and_sooner(
    tmp_path: Path,
) -> None:
    files = tone_files(tmp_path)
    heard = {}
    for priority in URGENT_FIRST:
        with wave.open(str(files[priority]), "rb") as file:
            assert (file.getnchannels(), file.getsampwidth(), file.getframerate()) == (1, 2, RATE)
            samples = np.frombuffer(file.readframes(file.getnframes()), dtype="<i2")
        found = pulses(samples)
        first = samples[found[0][0] : found[0][1]]
        rate = len(found) / (len(samples) / RATE)
        heard[priority] = (pitch(first), len(found), rate, int(np.abs(samples).max()))
        assert files[priority].stat().st_size < 100_000
    pitches, counts, rates, levels = zip(*(heard[p] for p in URGENT_FIRST), strict=True)
    assert pitches == pytest.approx([880.0, 740.0, 587.0, 440.0], abs=RATE / 2000)
    assert counts == (10, 5, 3, 1)  # critical: the high-priority burst twice; low: one tone
    assert rates[0] > rates[1] > rates[2]  # pulses come faster the more urgent
    assert levels[-1] == min(levels)  # low is the softest
    repeats = [cadence_ms(p) for p in URGENT_FIRST]
    assert repeats == sorted(repeats) and len(set(repeats)) == 4
    before = {p: f.stat().st_mtime_ns for p, f in files.items()}
    assert tone_files(tmp_path) == files  # written once, then reused
    assert {p: f.stat().st_mtime_ns for p, f in files.items()} == before


def test_the_tone_sounder_plays_the_asked_priority_on_a_real_sound_effect(
    qtbot: QtBot, tmp_path: Path, asked: list[tuple[str, str]]
) -> None:
    files = tone_files(tmp_path)
    sounder = ToneSounder(files, RecordingEffect)
    for priority, effect in sounder.effects.items():
        assert isinstance(effect, QSoundEffect)
        assert effect.source() == QUrl.fromLocalFile(str(files[priority]))
        assert effect.loopCount() == 1  # the cadence is the sounder's, per priority
    sounder.start(Priority.MEDIUM)
    assert asked == [("play", files[Priority.MEDIUM].name)]
    sounder.start(Priority.CRITICAL)  # a more urgent alarm: its tone replaces the other
    assert asked[1:] == [("stop", files[Priority.MEDIUM].name),
                         ("play", files[Priority.CRITICAL].name)]  # fmt: skip
    sounder.stop()
    assert asked[3:] == [("stop", files[Priority.CRITICAL].name)]
    assert sounder.priority is None


def test_a_tone_that_cannot_be_played_falls_back_to_the_beep_in_one_log_line(
    qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = {p: tmp_path / f"{p.name}.wav" for p in Priority}
    for path in broken.values():
        path.write_bytes(b"RIFF this is no sound")
    beeps: list[int] = []
    sounder = ToneSounder(broken, fallback=lambda: beeps.append(1))
    with caplog.at_level(logging.WARNING, logger="hmi.alarms.sounders"):
        sounder.start(Priority.HIGH)
        qtbot.waitUntil(lambda: sounder.failed, timeout=GENEROUS_MS)
        qtbot.waitUntil(lambda: all(e.status() == QSoundEffect.Status.Error
                                    for e in sounder.effects.values()),
                        timeout=GENEROUS_MS)  # fmt: skip
    assert len(caplog.records) == 1 and "system beep" in caplog.records[0].getMessage()
    assert beeps == [1]  # this round's sound
    sounder.start(Priority.LOW)
    assert beeps == [1, 1]
    sounder.stop()


def test_the_banner_sounds_the_most_urgent_new_alarm_until_silenced_or_acknowledged(
    qtbot: QtBot, tmp_path: Path, asked: list[tuple[str, str]]
) -> None:
    files = tone_files(tmp_path / "tones")
    name = {p: files[p].name for p in Priority}
    with AlarmJournal(tmp_path / "alarms.db") as journal:
        plant = make_plant(journal)
        horn = Horn(ToneSounder(files, RecordingEffect))
        banner = AlarmBanner(plant.engine, lambda: OPERATOR, horn=horn)
        qtbot.addWidget(banner)
        upset(plant, [DENS])  # medium
        banner.refresh()
        assert horn.priority is Priority.MEDIUM and asked == [("play", name[Priority.MEDIUM])]
        upset(plant, [SPEED])  # critical
        banner.refresh()
        assert horn.priority is Priority.CRITICAL
        assert asked[-1] == ("play", name[Priority.CRITICAL])
        banner.silence_button.click()
        assert not horn.sounding and asked[-1] == ("stop", name[Priority.CRITICAL])
        upset(plant, [SUMP])  # a new low alarm: only it is unheard, so its soft tone
        banner.refresh()
        assert horn.priority is Priority.LOW and asked[-1] == ("play", name[Priority.LOW])
        banner.acknowledge_shown()
        assert not horn.sounding and asked[-1] == ("stop", name[Priority.LOW])
        banner.close_banner()


NO_DEVICE = """
import logging, sys
logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
if "--no-multimedia" in sys.argv:
    sys.modules["PySide6.QtMultimedia"] = None  # as where PySide6-Addons or libpulse is missing
from PySide6.QtWidgets import QApplication
app = QApplication([])
from hmi.alarms.horn import Horn
from tags.model import Priority
horns = [Horn(), Horn()]  # the second asks nothing again
horns[0].update({"SCO2.TURB.SPEED.HIHI": Priority.CRITICAL})
app.processEvents()
print(type(horns[0].sounder).__name__, horns[0].priority.name)
horns[0].stop()
"""


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["no-device", "no-multimedia"])
def test_a_console_without_audio_falls_back_to_the_beep_in_one_line_and_no_qt_noise(
    variant: str, tmp_path: Path
) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CACHE_HOME=str(tmp_path))
    env.pop("QT_LOGGING_RULES", None)
    env["PULSE_SERVER"] = f"unix:{tmp_path / 'no-sound-server'}"  # no device, even on a desk
    env["PIPEWIRE_REMOTE"] = str(tmp_path / "no-pipewire")
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(NO_DEVICE), f"--{variant}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=GENEROUS,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "BeepSounder CRITICAL"
    lines = io.StringIO(done.stderr).read().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("INFO hmi.alarms.sounders:") and "system beep" in lines[0]
    assert ("QtMultimedia" in lines[0]) == (variant == "no-multimedia")
    assert not (tmp_path / "operator-console").exists()  # no tones written for no device


def test_wav_bytes_are_a_whole_wav_file() -> None:
    data = wav_bytes(PATTERNS[Priority.LOW])
    with wave.open(io.BytesIO(data), "rb") as file:
        assert file.getnframes() == round(PATTERNS[Priority.LOW].length_s * RATE)
