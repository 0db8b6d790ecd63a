"""Shared test set-up: Qt runs offscreen unless a display is chosen explicitly; screenshots go to
the test's own folder unless HMI_SCREENSHOTS names one; no Qt test may leave a window behind."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tags.i18n.language import Language, set_language
from tests.qt_leaks import leaked_windows, mark_existing_windows

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

SCREENSHOTS_VARIABLE = "HMI_SCREENSHOTS"
pytest_plugins = [
    "tests.pg_server",
    "tests.mqtt_broker",
    "tests.tags.security.audit_stores",
    "tests.tags.security.user_stores",
]


@pytest.fixture
def chinese() -> Iterator[None]:
    """Engine texts (the message catalogue's) in Simplified Chinese for the test; English
    again after it."""
    set_language(Language.ZH_CN)
    try:
        yield
    finally:
        set_language(Language.EN)


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    """The folder a test saves its screenshots in: the one HMI_SCREENSHOTS names (to keep them
    for review, e.g. artifacts/screenshots), else one under the test's temporary folder."""
    chosen = os.environ.get(SCREENSHOTS_VARIABLE)
    folder = Path(chosen) if chosen else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(autouse=True)
def no_window_left_open() -> Iterator[None]:
    """Fail a test that leaves a top-level window open or alive (see tests/qt_leaks.py).

    Set up before and torn down after every other fixture of the test, so the windows that
    qtbot and the test's own fixtures close count as closed."""
    mark_existing_windows()
    yield
    leaked = leaked_windows()
    if leaked:
        pytest.fail(f"the test left {len(leaked)} window(s) open: {', '.join(leaked)}")


@pytest.fixture(autouse=True)
def demo_screens_again() -> Iterator[None]:
    """A test that opened a project's screens in-process (the command line's console) leaves
    the demo's as the open ones for the next test."""
    yield
    screens = sys.modules.get("screens")
    if screens is not None:
        screens.close_project()
