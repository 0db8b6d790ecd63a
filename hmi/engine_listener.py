"""Widgets that follow an analytics engine: the listener is removed when the widget goes,
and a burst of engine calls becomes one refresh of the widget."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import QObject, QTimer

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Listenable(Protocol[T_co]):
    def add_listener(self, listener: Callable[[T_co], None]) -> None: ...

    def remove_listener(self, listener: Callable[[T_co], None]) -> None: ...


class Coalesced(Generic[T]):
    """Calls ``refresh()`` once, ``delay_ms`` after the first of any number of engine calls,
    for as long as ``owner`` lives."""

    def __init__(
        self, owner: QObject, source: Listenable[T], refresh: Callable[[], None], delay_ms: int
    ) -> None:
        self.owner = owner
        self.refresh = refresh
        self.delay_ms = delay_ms
        self.pending = False
        source.add_listener(self.on_change)
        owner.destroyed.connect(lambda *_: source.remove_listener(self.on_change))

    def on_change(self, _news: T) -> None:
        if not self.pending:
            self.pending = True
            QTimer.singleShot(self.delay_ms, self.owner, self._run)

    def _run(self) -> None:
        self.pending = False
        self.refresh()
