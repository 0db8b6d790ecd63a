"""The one listener kind of the engine: ``subscribe(listener)`` hands back a ``Subscription``.

The tag database, the alarm engine, the audit trail and the analytics engines all follow it:
whoever subscribes keeps the Subscription and calls ``close()`` when done (or uses it as a
context manager). Closing is idempotent, and a closed listener is never called again, even
by a notification already under way. ``Listeners`` is the fan-out an engine keeps.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from types import TracebackType
from typing import Generic, TypeVar

T = TypeVar("T")


def _nothing() -> None:
    """What a closed subscription does on a further close."""


class Subscription:
    """One listener's hold on an engine source, until ``close()``."""

    __slots__ = ("_active", "_end")

    def __init__(self, end: Callable[[], None]) -> None:
        """``end`` forgets the listener at its source; it runs at most once."""
        self._end = end
        self._active = True

    @property
    def active(self) -> bool:
        """True until the subscription is closed."""
        return self._active

    def close(self) -> None:
        """Stop the listener; closing twice is harmless."""
        if not self._active:
            return
        self._active = False
        end, self._end = self._end, _nothing
        end()

    def __enter__(self) -> Subscription:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


class Listeners(Generic[T]):
    """The listeners of one engine source: ``subscribe`` adds one, ``notify`` calls each.

    A failing listener is logged on the owner's logger and never stops the others or the
    engine. The list is copied on change, not on notify (notifications are the hot path).
    """

    def __init__(self, log: logging.Logger, what: str) -> None:
        """``what`` names the source in log messages ('alarm', 'audit', ...)."""
        self._log = log
        self._what = what
        self._entries: tuple[tuple[Subscription, Callable[[T], None]], ...] = ()

    def subscribe(self, listener: Callable[[T], None]) -> Subscription:
        """Call ``listener(news)`` on every notification until the Subscription is closed."""
        subscription = Subscription(lambda: self._forget(subscription))
        self._entries = (*self._entries, (subscription, listener))
        return subscription

    def _forget(self, subscription: Subscription) -> None:
        self._entries = tuple(e for e in self._entries if e[0] is not subscription)

    def notify(self, news: T) -> None:
        """Hand ``news`` to every listener still subscribed."""
        for subscription, listener in self._entries:
            if not subscription.active:  # closed by a listener called before it
                continue
            try:
                listener(news)
            except Exception:
                self._log.exception("%s listener %r failed", self._what, listener)

    def __len__(self) -> int:
        return len(self._entries)
