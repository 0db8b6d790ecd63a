"""The console opens on a project, shows live values in the tag browser and shuts down cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hmi.diagnostics.tag_browser import TagBrowser
from hmi.shell.app import Console, _run
from screens import all_screens
from tags.config.project import load_project
from tags.model import Quality
from tests.paths import MAIN_PY, ROOT, SIGNALS_PROJECT
from tests.waiting import GENEROUS, GENEROUS_MS, until, wait_until

SINE = "TST.GEN.SINE"


@pytest.mark.slow
def test_console_shows_live_values_and_filters_tags(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path, screenshot_dir: Path
) -> None:
    console = Console(load_project(SIGNALS_PROJECT), tmp_path, all_screens())
    window = qloop.run_until_complete(console.start())
    window.resize(1600, 900)
    window.show()
    window.open_screen("tags")
    browser = window.findChild(TagBrowser)
    assert browser is not None
    model = browser.model

    def all_good() -> bool:
        return all(
            console.runtime.db.get(n).quality is Quality.GOOD for n in console.runtime.project.tags
        )

    wait_until(qloop, all_good)
    qtbot.waitUntil(lambda: model.index(0, 5).data() == "Good", timeout=GENEROUS_MS)
    assert model.rowCount() == 8
    browser.search.setText("gen*sine")
    assert browser.model.rowCount() == 1
    assert browser.model.index(0, 0).data() == "TST.GEN.SINE"
    browser.search.setText("setpoint")  # descriptions are searched too
    assert browser.model.index(0, 0).data() == "TST.FIC1.SP"
    browser.search.clear()
    browser.area.setCurrentIndex(browser.area.findData("TST"))
    assert browser.model.rowCount() == 8
    assert "8 of 8 tags" in browser.count.text()
    assert window.header.mode.text() == "SIMULATION"
    window.grab().save(str(screenshot_dir / "console_diagnostics.png"))
    qloop.run_until_complete(console.stop())


def test_a_bad_value_is_never_shown_as_a_plain_number(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    console = Console(load_project(SIGNALS_PROJECT), tmp_path, all_screens())
    window = qloop.run_until_complete(console.start())
    db = console.runtime.db
    now = db.clock.now()
    from tags.model import TagSample

    db.publish(
        {
            "TST.GEN.RAMP": TagSample(
                4.2, Quality.BAD_NOT_CONNECTED, now, now, "plc-x: connection refused"
            )
        }
    )
    window.open_screen("tags")
    browser = window.findChild(TagBrowser)
    assert browser is not None
    console.bridge.flush()  # type: ignore[union-attr]
    row = browser.model.row_of("TST.GEN.RAMP")
    assert row is not None
    assert browser.model.index(row, 3).data() == "COMM"
    assert "connection refused" in browser.model.index(row, 3).data(3)  # tooltip role
    qloop.run_until_complete(console.stop())


@pytest.mark.slow
def test_closing_the_window_stops_drivers_and_returns_zero(
    qapp: QApplication, qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    console = Console(load_project(SIGNALS_PROJECT), tmp_path, all_screens())

    async def close_once_open() -> None:
        await until(
            lambda: console.runtime.drivers and console.runtime.db.get(SINE).quality.is_good
        )
        assert console.window is not None
        console.window.close()

    code, _ = qloop.run_until_complete(asyncio.gather(_run(qapp, console), close_once_open()))
    assert code == 0
    assert console.runtime.drivers == []
    assert console.window is None
    pending = [t for t in asyncio.all_tasks(qloop) if not t.done()]
    assert pending == []


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/PID/status")
def test_main_py_opens_the_console_and_exits_cleanly_on_sigterm(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HMI_DATA_DIR=str(tmp_path))
    process = subprocess.Popen(
        [sys.executable, str(MAIN_PY), "--project", str(SIGNALS_PROJECT)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for_process(lambda: handles_sigterm(process), timeout=GENEROUS)
    except TimeoutError:
        process.kill()
        raise AssertionError(process.communicate()[0]) from None
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=20)
    assert process.returncode == 0, output
    assert "Traceback" not in output


def handles_sigterm(process: subprocess.Popen[str]) -> bool:
    """The console catches SIGTERM once it is open (its window shown, its drivers started):
    the kernel lists the caught signals of a process in /proc/PID/status."""
    assert process.poll() is None, "the console ended before it opened"
    status = Path(f"/proc/{process.pid}/status").read_text()
    caught = int(next(line for line in status.splitlines() if line.startswith("SigCgt:"))[7:], 16)
    return bool(caught & (1 << (signal.SIGTERM - 1)))


def wait_for_process(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError
        time.sleep(0.05)  # polling another process: returns as soon as it holds


@pytest.mark.slow
def test_console_on_a_broken_project_lists_every_problem_and_exits_1(tmp_path: Path) -> None:
    project = tmp_path / "broken.toml"
    project.write_text('[project]\nname = "x"\ntag_files = ["tags.csv"]\n[areas.TST]\n')
    (tmp_path / "tags.csv").write_text(
        "name,source\nTST.A.B,modbus://nowhere/1/hr/0\nTST.A.B,sim://signal/sine\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HMI_DATA_DIR=str(tmp_path / "data"))
    completed = subprocess.run(
        [sys.executable, str(MAIN_PY), "--project", str(project)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 1
    assert "tags.csv:2: tags.TST.A.B.source: unknown connection 'nowhere'" in completed.stderr
    assert "tags.csv:3: tags.TST.A.B: duplicate tag name" in completed.stderr
    assert "Traceback" not in completed.stderr
