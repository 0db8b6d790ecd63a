"""What the trainer panel's widgets share: their asyncio tasks, cancelled when they go.

Everything the panel reads and writes goes through the runtime's TrainingControl
(tags/training/control.py), off the GUI thread: the training store on a worker thread, or
the server by requests on a console of a control room.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


class Tasks:
    """The asyncio tasks of a widget, cancelled when it goes (holds no Qt object)."""

    def __init__(self) -> None:
        self.running: set[asyncio.Future[Any]] = set()

    def start(self, work: Coroutine[Any, Any, T]) -> asyncio.Future[T]:
        """Run a coroutine as a task on the console's loop; failures are the caller's to say."""
        task = asyncio.ensure_future(work)
        self.running.add(task)
        task.add_done_callback(self.running.discard)
        return task

    def cancel(self, *_: object) -> None:
        for task in list(self.running):
            task.cancel()
