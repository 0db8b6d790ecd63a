"""Qt test helpers: an asyncio loop inside Qt (qasync), and a folder for screenshots."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
import qasync
from PySide6.QtWidgets import QApplication

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@pytest.fixture(autouse=True)
def collect_on_the_gui_thread() -> Iterator[None]:
    """No automatic garbage collection during a Qt test: a historian or trend worker thread
    could otherwise destroy Qt objects found in cycles (the console does the same at run time,
    see hmi/gui_gc.py)."""
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        if was_enabled:
            gc.enable()


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    """A qasync loop: drive coroutines with ``qloop.run_until_complete``.

    Each ``run_until_complete`` ends with a pass of Qt events while no asyncio loop is
    running, and callbacks due then run outside the loop (``get_running_loop`` fails in
    them). With live drivers (the demo's Modbus and OPC UA) run the whole test body as one
    coroutine; start tasks that need the loop from outside it (``ensure_future``) or inside
    one ``run_until_complete``, never from a callback scheduled at its end.
    """
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    loop.run_until_complete(loop.shutdown_asyncgens())
    asyncio.set_event_loop(None)
    loop.close()


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
