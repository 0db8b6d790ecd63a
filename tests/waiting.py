"""Waiting for a condition instead of for a fixed time.

A test that sleeps a fixed time either wastes it or fails on a busy machine; these helpers
return as soon as the condition holds and fail only after a generous timeout (the machine may
be running other test suites beside this one).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from tags.history.historian import Historian

GENEROUS = 30.0
"""Seconds before a wait fails: far longer than anything takes on an idle machine."""

GENEROUS_MS = int(GENEROUS * 1000)
"""The same for ``qtbot.waitUntil`` (milliseconds)."""

POLL = 0.02


async def until(condition: Callable[[], object], timeout: float = GENEROUS) -> None:
    """Return once ``condition()`` is true; fail with TimeoutError after ``timeout`` s."""
    try:
        async with asyncio.timeout(timeout):
            while not condition():
                await asyncio.sleep(POLL)
    except TimeoutError:
        raise TimeoutError(f"not met within {timeout} s: {_name(condition)}") from None


def wait_until(
    loop: asyncio.AbstractEventLoop, condition: Callable[[], object], timeout: float = GENEROUS
) -> None:
    """``until`` for a test that drives its loop with ``run_until_complete`` (Qt tests)."""
    loop.run_until_complete(until(condition, timeout))


def _name(condition: Callable[[], object]) -> str:
    code = getattr(condition, "__code__", None)
    where = f" ({code.co_filename}:{code.co_firstlineno})" if code is not None else ""
    return f"{getattr(condition, '__qualname__', repr(condition))}{where}"


async def recorded(historian: Historian, name: str, count: int, span: float = 0.0) -> None:
    """Wait until the history holds ``count`` samples of ``name`` over ``span`` seconds or
    more, writing what is pending at once (not waiting for the once-a-second flush task)."""

    async def enough() -> bool:
        await historian.flush()
        samples = await historian.raw(name, 0.0, 1e10)
        return len(samples) >= count and samples[-1].server_time - samples[0].server_time >= span

    async with asyncio.timeout(GENEROUS):
        while not await enough():
            await asyncio.sleep(POLL)
