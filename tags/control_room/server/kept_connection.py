"""One MQTT connection the server keeps up: connect, serve, and when the broker goes away,
connect again with a capped backoff (each attempt a new client, so a new will).

The first failure is logged as a warning, repeats at debug level until the broker answers
again; each connect and each loss is one line. ``stop`` says goodbye on the live connection
(a death certificate, an offline status) before it disconnects cleanly.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import aiomqtt

from tags.shutdown import cancel_and_wait

log = logging.getLogger(__name__)

RETRY_FIRST_S = 0.25
RETRY_MAX_S = 1.0
"""The longest pause between two attempts: a broker back after a restart is found within a
second (consoles are Good again within a few), at the price of one attempt a second while it
is away."""
FAREWELL_TIMEOUT_S = 5.0

Connect = Callable[[], aiomqtt.Client]
Serve = Callable[[aiomqtt.Client], Awaitable[None]]
Farewell = Callable[[aiomqtt.Client], Awaitable[None]]


class KeptConnection:
    """``serve(client)`` on every connection ``connect()`` makes, until ``stop``."""

    def __init__(self, what: str, connect: Connect, serve: Serve) -> None:
        """``what`` names the connection in the log ("Sparkplug node", ...)."""
        self.what = what
        self._connect = connect
        self._serve = serve
        self.client: aiomqtt.Client | None = None
        """The live client (None while disconnected)."""
        self.connects = 0
        """How many times a connection was made."""
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    @property
    def connected(self) -> bool:
        return self.client is not None

    def start(self) -> None:
        if self._task is None:
            self._stopping = False
            self._task = asyncio.create_task(self._run(), name=f"mqtt {self.what}")

    async def stop(self, farewell: Farewell | None = None) -> None:
        """``farewell(client)`` on the live connection (if any), then disconnect cleanly."""
        client = self.client
        if client is not None and farewell is not None:
            try:
                await asyncio.wait_for(farewell(client), FAREWELL_TIMEOUT_S)
            except (aiomqtt.MqttError, TimeoutError) as exc:
                log.warning("%s: the farewell did not reach the broker: %s", self.what, exc)
        self._stopping = True  # the loop ends even if aiomqtt turns the cancel into an error
        task, self._task = self._task, None
        if task is not None:
            await cancel_and_wait(task)

    async def _run(self) -> None:
        delay = RETRY_FIRST_S
        failing = False
        while not self._stopping:
            connected = False
            try:
                async with self._connect() as client:
                    connected, failing, delay = True, False, RETRY_FIRST_S
                    self.connects += 1
                    self.client = client
                    log.info("%s: connected to the broker", self.what)
                    try:
                        await self._serve(client)
                    finally:
                        self.client = None
            except aiomqtt.MqttError as exc:
                if connected:
                    log.warning("%s: lost the broker (%s); connecting again", self.what, exc)
                elif not failing:
                    log.warning("%s: cannot reach the broker (%s); retrying", self.what, exc)
                else:
                    log.debug("%s: still no broker: %s", self.what, exc)
                failing = not connected
            except Exception:
                log.exception("%s: failed; connecting again", self.what)
            if self._stopping:
                return
            await asyncio.sleep(delay)
            delay = min(delay * 2, RETRY_MAX_S)


async def first_to_end(*work: Coroutine[Any, Any, None]) -> None:
    """Run ``work`` together until one of them ends (its error raised), the rest cancelled."""
    tasks = [asyncio.create_task(w) for w in work]
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
    for task in done:
        task.result()


def payload_bytes(message: aiomqtt.Message) -> bytes:
    """A received message's payload as bytes (paho hands bytes; text is encoded)."""
    payload = message.payload
    if isinstance(payload, bytes | bytearray):
        return bytes(payload)
    if isinstance(payload, str):
        return payload.encode()
    return b"" if payload is None else str(payload).encode()
