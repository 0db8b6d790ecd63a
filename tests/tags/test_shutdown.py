"""Stopping tasks: a task whose cancel was swallowed (Python 3.11's ``asyncio.wait_for``
returns the result when the cancel and the result arrive together) is cancelled again, so a
stop never waits for ever; a task's own error still reaches the caller."""

from __future__ import annotations

import asyncio

import pytest

from tags.shutdown import cancel_all, cancel_and_wait
from tests.waiting import GENEROUS

pytestmark = pytest.mark.asyncio


async def spared_by_wait_for(answer: asyncio.Future[int], waiting: asyncio.Event) -> None:
    """Waits for ``answer`` under wait_for, then reads for ever (a message loop)."""
    waiting.set()
    await asyncio.wait_for(answer, 5.0)
    await asyncio.Event().wait()


async def test_a_task_that_swallowed_its_cancel_is_cancelled_again() -> None:
    answer: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    waiting = asyncio.Event()
    task = asyncio.create_task(spared_by_wait_for(answer, waiting))
    await waiting.wait()
    answer.set_result(1)  # the answer and the cancel arrive together
    async with asyncio.timeout(GENEROUS):
        await cancel_and_wait(task)
    assert task.done()


async def test_cancel_all_stops_every_task_and_raises_their_error_unless_told_not_to() -> None:
    async def fails() -> None:
        try:
            await asyncio.Event().wait()
        finally:
            raise RuntimeError("closing failed")

    tasks = [asyncio.create_task(asyncio.Event().wait()), asyncio.create_task(fails())]
    await asyncio.sleep(0)  # both running
    with pytest.raises(RuntimeError, match="closing failed"):
        await cancel_all(tasks)
    assert all(t.done() for t in tasks)
    more = [asyncio.create_task(fails())]
    await asyncio.sleep(0)
    await cancel_all(more, errors=False)
    assert more[0].done()
