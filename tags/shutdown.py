"""Stopping a long-running command cleanly: Ctrl+C (SIGINT) and SIGTERM set an event the
command waits on, instead of ending the process where it stands (files half written)."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Iterable
from typing import Any

RECANCEL_S = 0.5
"""Seconds a cancelled task may take to end before it is cancelled again."""


class StopRequest(asyncio.Event):
    """An event set by SIGINT or SIGTERM; ``by`` names the signal ("" when set otherwise)."""

    def __init__(self) -> None:
        super().__init__()
        self.by = ""

    def request(self, by: str = "") -> None:
        """Ask to stop; the first reason given is kept."""
        if not self.is_set():
            self.by = by
            self.set()


def stop_on_signals() -> StopRequest:
    """A StopRequest set by SIGINT or SIGTERM (where the running loop supports signal
    handlers); the handlers go with the loop."""
    stop = StopRequest()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.request, sig.name)
    return stop


async def cancel_and_wait(task: asyncio.Task[Any]) -> None:
    """Cancel ``task`` and wait until it has ended (its error, other than the cancel, raised).

    It is cancelled again while it runs on: on Python 3.11 ``asyncio.wait_for`` swallows a
    cancel that arrives as the operation it waits for completes, and a task so spared would
    go on (reading messages, polling) for ever."""
    while not task.done():
        task.cancel()
        await asyncio.wait({task}, timeout=RECANCEL_S)
    if not task.cancelled():
        task.result()


async def cancel_all(tasks: Iterable[asyncio.Task[Any]], *, errors: bool = True) -> None:
    """``cancel_and_wait`` for each of ``tasks``, all at once; ``errors=False``: their errors
    are not raised either."""
    await asyncio.gather(*(cancel_and_wait(t) for t in tasks), return_exceptions=not errors)
