"""A console's requests to the server and their answers (MQTT 5 request/response).

Each request goes out on the console's request topic with a unique correlation id; the answer
comes back on its response topic with the same id. A request that cannot be sent, gets no
answer within the timeout, or is still waiting when the link drops is answered here with
``Refusal.UNAVAILABLE`` ("server unreachable: ..."), so a caller always gets an Answer and
never waits forever. ``Exchange.sent`` tells whether the request left: then the server may
have carried it out even though no answer came (what a write must tell its operator).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from tags.control_room.messages import Action, Answer, MessageError, Refusal, Request

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 10.0
"""Seconds to wait for an answer (a write's read-back on the server may take a few)."""

Send = Callable[[bytes, bytes], Awaitable[None]]
"""Publishes a request (payload, correlation id); raises LinkDown when it cannot."""


class LinkDown(Exception):
    """The request could not be sent: the link to the broker is down (the message says why)."""


@dataclass(frozen=True)
class Exchange:
    """A request's answer, and whether the request left at all."""

    answer: Answer
    sent: bool


@dataclass
class _Pending:
    action: Action
    future: asyncio.Future[Answer]


class ServerRequests:
    """Requests in flight, by correlation id; answers are handed in by the link."""

    def __init__(self, send: Send, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self._send = send
        self.timeout = timeout
        self._pending: dict[bytes, _Pending] = {}
        self.last_round_trip_ms = 0.0
        self.unanswered = 0
        """Requests that timed out or were cut off by a lost link."""

    @property
    def in_flight(self) -> int:
        return len(self._pending)

    async def request(
        self, action: Action, *, session: str = "", timeout: float | None = None, **args: Any
    ) -> Answer:
        """Send ``action`` with ``args`` and return the server's answer (or UNAVAILABLE)."""
        return (await self.exchange(action, session=session, timeout=timeout, **args)).answer

    async def exchange(
        self, action: Action, *, session: str = "", timeout: float | None = None, **args: Any
    ) -> Exchange:
        """``request``, telling also whether the request left (see ``Exchange``)."""
        wait = self.timeout if timeout is None else timeout
        try:
            payload = Request(action, session, args).to_json()
        except (TypeError, ValueError) as exc:
            why = f"cannot send {action.value}: {exc}"
            return Exchange(Answer.refused(Refusal.INVALID, why), sent=False)
        correlation = uuid.uuid4().hex.encode()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Answer] = loop.create_future()
        self._pending[correlation] = _Pending(action, future)
        started = loop.time()
        try:
            try:
                await self._send(payload, correlation)
            except LinkDown as exc:
                why = f"server unreachable: {action.value} not sent ({exc})"
                return Exchange(Answer.refused(Refusal.UNAVAILABLE, why), sent=False)
            try:
                answer = await asyncio.wait_for(future, wait)
            except TimeoutError:
                self.unanswered += 1
                why = (
                    f"server unreachable: no answer to {action.value} in {wait:g} s "
                    "(the server may still carry it out)"
                )
                return Exchange(Answer.refused(Refusal.UNAVAILABLE, why), sent=True)
            self.last_round_trip_ms = (loop.time() - started) * 1000
            return Exchange(answer, sent=True)
        finally:
            self._pending.pop(correlation, None)

    def take_answer(self, correlation: bytes | None, payload: bytes) -> None:
        """An answer arrived on the response topic (the link calls this)."""
        pending = self._pending.get(correlation or b"")
        if pending is None or pending.future.done():
            log.debug("an answer nobody waits for (late, or another console's): %r", correlation)
            return
        try:
            answer = Answer.from_json(payload)
        except MessageError as exc:
            answer = Answer.refused(Refusal.INVALID, f"the server's answer is not readable: {exc}")
        pending.future.set_result(answer)

    def cut_off(self, why: str) -> None:
        """The link dropped: every request still waiting is answered UNAVAILABLE now (it
        left, so the server may have carried it out)."""
        for pending in self._pending.values():
            if not pending.future.done():
                self.unanswered += 1
                pending.future.set_result(
                    Answer.refused(
                        Refusal.UNAVAILABLE,
                        f"server unreachable: {why} while waiting for the answer to "
                        f"{pending.action.value} (the server may have carried it out)",
                    )
                )
