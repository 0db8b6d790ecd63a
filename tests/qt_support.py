"""What every Qt test shares: garbage collection on the GUI thread only, and a qasync loop
whose last pass of Qt events runs as the loop's (see TestLoop)."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from typing import Any

import pytest
import qasync
from PySide6.QtWidgets import QApplication


@pytest.fixture(autouse=True)
def collect_on_the_gui_thread() -> Iterator[None]:
    """No automatic garbage collection during a Qt test: a historian or trend worker thread
    could otherwise destroy Qt objects found in cycles (the console does the same at run time,
    see hmi/shell/gui_gc.py)."""
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        if was_enabled:
            gc.enable()


class TestLoop(qasync.QEventLoop):  # type: ignore[misc]
    """qasync's loop, with its last pass of Qt events inside the loop.

    qasync's ``run_until_complete`` ends with one more pass of Qt events after the loop has
    stopped, and callbacks due then (a task's next step) would find no running loop
    (``get_running_loop`` fails in them). The console runs one ``run_until_complete`` for its
    whole life, so only tests, which call it again and again, meet this; here that pass runs
    as this loop's.
    """

    _completing = False

    def run_forever(self) -> None:
        try:
            super().run_forever()
        finally:
            if self._completing:
                asyncio.events._set_running_loop(self)  # for qasync's last pass of events

    def run_until_complete(self, future: Any) -> Any:
        self._completing = True
        try:
            return super().run_until_complete(future)
        finally:
            self._completing = False
            asyncio.events._set_running_loop(None)


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    """A qasync loop: drive coroutines with ``qloop.run_until_complete``."""
    loop = TestLoop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    loop.run_until_complete(loop.shutdown_asyncgens())
    asyncio.set_event_loop(None)
    loop.close()
