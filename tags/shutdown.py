"""Stopping a long-running command cleanly: Ctrl+C (SIGINT) and SIGTERM set an event the
command waits on, instead of ending the process where it stands (files half written)."""

from __future__ import annotations

import asyncio
import contextlib
import signal


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
