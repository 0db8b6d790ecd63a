"""The horn through a real audio path: a private PulseAudio server with a null sink (an audio
device without a sound card), a console process whose horn sounds one priority, and the sink's
monitor recorded; the recording must hold that priority's pitch and rhythm.

Needs Debian's ``pulseaudio`` and ``pulseaudio-utils`` (CI installs them)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from hmi.alarms.tones import PATTERNS, RATE
from tags.model import Priority
from tests.paths import ROOT
from tests.waiting import GENEROUS, POLL

pytestmark = pytest.mark.slow

CONSOLE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtMultimedia import QSoundEffect
from PySide6.QtWidgets import QApplication
app = QApplication([])
from hmi.alarms.horn import Horn
from tags.model import Priority
horn = Horn()
priority = Priority[sys.argv[1]]
print(type(horn.sounder).__name__, flush=True)
def sound_when_loaded():
    if horn.sounder.effects[priority].status() != QSoundEffect.Status.Ready:
        return
    timer.stop()
    horn.update({"alarm": priority})
timer = QTimer()
timer.timeout.connect(sound_when_loaded)
timer.start(20)
app.exec()
"""


def wait_for(condition: object, what: str) -> None:
    deadline = time.monotonic() + GENEROUS
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(POLL)


@pytest.fixture
def sound_server() -> Iterator[dict[str, str]]:
    """The environment of a process that plays into the private server's null sink."""
    if shutil.which("pulseaudio") is None or shutil.which("parec") is None:
        pytest.skip("needs Debian's pulseaudio and pulseaudio-utils")
    folder = Path(tempfile.mkdtemp(prefix="pa-"))  # a socket path must stay short
    run = folder / "run"
    run.mkdir(mode=0o700)
    env = dict(os.environ, HOME=str(folder), XDG_RUNTIME_DIR=str(run),
               PULSE_SERVER=f"unix:{run / 'native'}", XDG_CACHE_HOME=str(folder / "cache"),
               QT_QPA_PLATFORM="offscreen")  # fmt: skip
    server = subprocess.Popen(
        ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--system=false",
         "-L", "module-null-sink sink_name=horn",
         "-L", f"module-native-protocol-unix auth-anonymous=1 socket={run / 'native'}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for(lambda: subprocess.run(["pactl", "info"], env=env, capture_output=True)
                 .returncode == 0, "the sound server to answer")  # fmt: skip
        yield env
    finally:
        server.terminate()
        server.wait(timeout=GENEROUS)
        shutil.rmtree(folder, ignore_errors=True)


def pulses(recording: Path) -> tuple[list[tuple[float, float]], np.ndarray]:
    """(start, length) in seconds of each pulse recorded, and the first pulse's samples."""
    samples = np.frombuffer(recording.read_bytes(), dtype="<i2").astype(float)
    loud = np.abs(samples) > 300
    edges = np.flatnonzero(np.diff(np.concatenate(([0], loud.astype(int), [0]))))
    runs: list[tuple[int, int]] = []
    for start, end in zip(edges[::2], edges[1::2], strict=True):
        if runs and start - runs[-1][1] < RATE // 200:  # zero crossings inside one pulse
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    runs = [(s, e) for s, e in runs if e - s > 0.03 * RATE]
    first = samples[runs[0][0] : runs[0][1]] if runs else samples[:0]
    return [(s / RATE, (e - s) / RATE) for s, e in runs], first


def recorded_s(recording: Path) -> float:
    return recording.stat().st_size / 2 / RATE


@pytest.mark.parametrize("priority", [Priority.CRITICAL, Priority.LOW], ids=lambda p: p.name)
def test_the_horn_plays_the_priority_tone_into_an_audio_device(
    sound_server: dict[str, str], tmp_path: Path, priority: Priority
) -> None:
    pattern = PATTERNS[priority]
    recording = tmp_path / "monitor.raw"
    with open(recording, "wb") as sink:
        recorder = subprocess.Popen(
            ["parec", "-d", "horn.monitor", "--format=s16le", f"--rate={RATE}",
             "--channels=1", "--raw"],
            env=sound_server, stdout=sink,
        )  # fmt: skip
    console = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(CONSOLE), priority.name],
        cwd=ROOT, env=sound_server, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert console.stdout is not None
        assert console.stdout.readline().strip() == "ToneSounder"
        whole = len(pattern.onsets_s)  # one round, and a little silence after it

        def one_round() -> bool:
            found = pulses(recording)[0]
            return len(found) >= whole and recorded_s(recording) > sum(found[whole - 1]) + 0.05

        wait_for(one_round, "one whole round of the tone in the recording")
    finally:
        console.terminate()
        recorder.terminate()
        _, errors = console.communicate(timeout=GENEROUS)
        recorder.wait(timeout=GENEROUS)
    found, first = pulses(recording)
    spectrum = np.abs(np.fft.rfft(first))
    pitch = np.fft.rfftfreq(len(first), 1 / RATE)[int(np.argmax(spectrum))]
    assert pitch == pytest.approx(pattern.frequency_hz, abs=15)
    # The rhythm as the device received it. The exact rhythm of the file is tested in
    # test_horn_tones.py; here a busy machine may miss the start of the first sound (the idle
    # sink wakes up), and a late audio buffer moves a pulse or stretches it (its silence or a
    # rewound stretch lands inside the pulse). So the onsets carry the rhythm: most intervals
    # between them are the pattern's, and the pulses are about the pattern's length.
    assert len(found) >= whole
    assert pattern.pulse_s * 0.4 < found[0][1] < pattern.pulse_s * 1.5
    lengths = [length for _, length in found[1:whole]]
    if lengths:
        assert pattern.pulse_s * 0.7 < float(np.median(lengths)) < pattern.pulse_s * 1.5
    if whole > 1:
        heard = np.diff([start for start, _ in found[:whole]])
        meant = np.diff(pattern.onsets_s)
        on_the_beat = np.abs(heard - meant) < 0.03
        assert on_the_beat.sum() >= len(meant) / 2, list(zip(heard, meant, strict=True))
    assert "Traceback" not in errors
