"""What to replay: ``main.py replay FILE [--from T --to T]`` and the own history by range,
checked before the console opens (a clear line naming the file when it cannot be replayed),
and the Runtime playing just that range at the chosen speed."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

import main
from tags.clock import ManualClock
from tags.config.project import load_project
from tags.history.historian import HISTORY_FILE
from tags.mode import Mode
from tags.replay.request import ReplayProblem, ReplayRequest, resolve
from tags.runtime import Runtime
from tests.paths import DEMO_PROJECT, SIGNALS_PROJECT
from tests.tags.replay.replay_support import T0, make_recording, sine


def iso(t: float) -> str:
    """A local ISO time as an operator types it."""
    return datetime.fromtimestamp(t).isoformat(timespec="seconds")


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The console is not opened: the arguments it would have been opened with."""
    import hmi.shell.app

    calls: list[dict[str, Any]] = []

    def fake(project: Path, data_dir: Path, *_: object, **kw: Any) -> int:
        calls.append({"project": project, "data_dir": data_dir, **kw})
        return 0

    monkeypatch.setattr(hmi.shell.app, "run_console", fake)
    return calls


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str]:
    capsys.readouterr()
    code = main.main([str(a) for a in args])
    return code, capsys.readouterr().out


def test_replay_file_opens_the_console_on_it_with_the_range(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], opened: list[dict[str, Any]]
) -> None:
    rec = make_recording(tmp_path / "rec.db")
    args = ("replay", rec, "--project", SIGNALS_PROJECT, "--data-dir", tmp_path / "data")
    code, _ = run(capsys, *args, "--from", iso(T0 + 60), "--to", iso(T0 + 120))
    assert code == 0
    assert opened[0]["replay"] == rec and opened[0]["replay_range"] == (T0 + 60, T0 + 120)
    code, _ = run(capsys, *args)
    assert code == 0 and opened[1]["replay_range"] == (None, None)


def test_replay_without_a_file_plays_the_own_history_by_time_range(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], opened: list[dict[str, Any]]
) -> None:
    data = tmp_path / "data"
    code, out = run(capsys, "replay", "--from", iso(T0), "--data-dir", data)
    assert code == 1 and out == f"replay: {data / HISTORY_FILE}: this console has recorded no " \
        "history yet\n"  # fmt: skip
    make_recording(data / HISTORY_FILE)
    code, _ = run(capsys, "replay", "--project", SIGNALS_PROJECT, "--data-dir", data, "--from",
                  iso(T0 - 3600), "--to", iso(T0 + 30))  # fmt: skip
    assert code == 0
    assert opened[0]["replay"] == data / HISTORY_FILE
    assert opened[0]["replay_range"] == (T0, T0 + 30)  # clamped to what was recorded


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: None, "{p}: no such file"),
        (lambda p: p.write_text("time,value\n1,2\n"),
         "{p}: not a recording (not an SQLite history file)"),
        (lambda p: sqlite3.connect(p).execute("CREATE TABLE x(a)").connection.close(),
         "{p}: not a recording (no recorded samples in it)"),
        (lambda p: p.mkdir(), "{p}: not a file"),
    ],
)  # fmt: skip
def test_replay_of_a_missing_or_non_recording_file_fails_with_one_clear_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    opened: list[dict[str, Any]],
    make: Any,
    message: str,
) -> None:
    path = tmp_path / "shift.db"
    make(path)
    code, out = run(capsys, "replay", path, "--data-dir", tmp_path / "data")
    assert (code, out) == (1, "replay: " + message.format(p=path) + "\n")
    assert opened == []


def test_replay_refuses_a_range_outside_the_recording_and_bad_times(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], opened: list[dict[str, Any]]
) -> None:
    rec = make_recording(tmp_path / "rec.db")
    base = ("replay", rec, "--project", SIGNALS_PROJECT, "--data-dir", tmp_path / "data")
    code, out = run(capsys, *base, "--from", iso(T0 + 3600))
    assert code == 1
    assert out.startswith(f"replay: {rec}: nothing recorded in that range (it covers ")
    code, out = run(capsys, *base, "--from", "noon")
    assert (code, out) == (1, "replay: 'noon' is not a time such as 2025-06-15T08:00\n")
    code, out = run(capsys, *base, "--from", iso(T0 + 60), "--to", iso(T0 + 30))
    assert code == 1 and "ends" in out and "before it starts" in out
    code, out = run(
        capsys, "replay", rec, "--project", DEMO_PROJECT, "--data-dir", tmp_path / "data"
    )
    assert (code, out) == (1, f"replay: {rec}: records none of the tags of project 'Demo plants' "
                              "(it was recorded for 'Signal test bench')\n")  # fmt: skip
    assert opened == []


def test_a_request_names_what_it_plays(tmp_path: Path) -> None:
    rec = make_recording(tmp_path / "shift.db")
    assert resolve(tmp_path, rec).title() == "shift.db"
    own = ReplayRequest(tmp_path / HISTORY_FILE, T0, None, own_history=True)
    assert (
        own.title()
        == f"this console's history, {datetime.fromtimestamp(T0):%Y-%m-%d %H:%M:%S} to …"
    )
    with pytest.raises(ReplayProblem, match="no such file"):
        resolve(tmp_path, tmp_path / "nothing.db")


@pytest.mark.parametrize("speed", [4.0, 16.0])
def test_the_runtime_plays_the_chosen_range_and_keeps_pace(tmp_path: Path, speed: float) -> None:
    rec = make_recording(tmp_path / "rec.db")
    pace = ManualClock(T0 + 10_000)

    async def scenario() -> tuple[float, float, float, object]:
        runtime = Runtime(load_project(SIGNALS_PROJECT), tmp_path, clock=pace, replay=rec,
                          replay_range=(T0 + 90, T0 + 300))  # fmt: skip
        await runtime.start()
        try:
            driver = runtime.replay
            assert driver is not None and runtime.mode is Mode.REPLAY
            first = runtime.db.get("TST.GEN.SINE").value
            driver.set_speed(speed)
            driver.play()
            for _ in range(20):  # two seconds of wall time in ticks of 0.1 s
                pace.advance(0.1)
                await driver.advance()
            played = driver.position - (T0 + 90)
            return played / 2.0, first, driver.end_time or 0.0, runtime.db.get("TST.GEN.SINE")
        finally:
            await runtime.stop()

    ratio, first, end, now = asyncio.run(scenario())
    assert first == sine(90) and end == T0 + 300
    assert ratio == pytest.approx(speed)
    assert now.value == sine(90 + 2 * speed)  # type: ignore[attr-defined]
